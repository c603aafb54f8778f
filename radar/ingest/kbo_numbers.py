"""KBO numbers: 10 digits, written dotted, ending in mod-97 check digits.

``digits`` reads them (with or without dots, spaces or a ``BE`` prefix) into int64,
``kbo_problems``/``kbo_reasons`` say why one is invalid and ``dotted`` writes them back.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# where the ten digits of a number sit in its usual spellings, by text length
LAYOUTS = {
    10: (tuple(range(10)), ()),
    12: ((0, 1, 2, 3, 5, 6, 7, 9, 10, 11), (4, 8)),  # 0200.065.765
    13: ((0, 2, 3, 4, 6, 7, 8, 10, 11, 12), (1, 5, 9)),  # 2.000.000.339
}


def _usual(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Read the numbers spelled the usual way (10 digits, or dotted as the KBO does)
    straight from the text bytes; the others are left for ``digits``."""
    n = len(values)
    numbers = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    if n == 0 or values.null_count or not pa.types.is_string(values.type):
        return numbers, done
    _, offset_buf, data_buf = values.buffers()
    offsets = np.frombuffer(offset_buf, dtype=np.int32)[values.offset :][: n + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8) if data_buf else np.zeros(0, np.uint8)
    )
    length = np.diff(offsets)
    for size, (places, dots) in LAYOUTS.items():
        rows = np.flatnonzero(length == size)
        if not len(rows):
            continue
        start = offsets[rows]
        value = np.zeros(len(rows), dtype=np.int64)
        good = np.ones(len(rows), dtype=bool)
        for at in places:
            digit = data[start + at] - np.uint8(48)
            good &= digit <= 9
            value = value * 10 + digit
        for at in dots:
            good &= data[start + at] == 46
        numbers[rows[good]] = value[good]
        done[rows[good]] = True
    return numbers, done


def digits(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Turn dotted KBO numbers into int64 (0 where not 10 digits) and a validity mask.

    >>> n, ok = digits(pa.array(["0200.065.765", "2.000.000.339", "x", "BE0200065765"]))
    >>> n.tolist(), ok.tolist()
    ([200065765, 2000000339, 0, 200065765], [True, True, False, True])
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    numbers, done = _usual(values)
    if done.all():
        return numbers, done
    rest = np.flatnonzero(~done)
    n, ok = _spelled(values if len(rest) == len(values) else values.take(rest))
    numbers[rest] = n
    done[rest] = ok
    return numbers, done


def _spelled(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """``digits`` of any spelling (dots, spaces, a ``BE`` prefix), with arrow."""
    plain = pc.replace_substring(values, ".", "")
    try:  # fast path: every value is digits and dots
        ints = pc.cast(plain, pa.int64())
        ten = pc.equal(pc.utf8_length(plain), pa.scalar(10, pa.int32()))
        ok = pc.and_(ten, pc.utf8_is_decimal(plain))
        return (
            np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64),
            np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    plain = pc.utf8_upper(pc.utf8_trim_whitespace(values))
    plain = pc.replace_substring_regex(plain, r"^BE", "")
    plain = pc.replace_substring(pc.replace_substring(plain, ".", ""), " ", "")
    ok = pc.match_substring_regex(plain, r"^[0-9]{10}$")
    ints = pc.cast(pc.if_else(ok, plain, "0"), pa.int64())
    return (
        np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64),
        np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool),
    )


def kbo_problems(
    numbers: np.ndarray, ok: np.ndarray, first: str
) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the KBO numbers with a wrong check digit and of those that are no
    number at all (not 10 digits, or a wrong first digit); a row is in one at most.

    >>> check, bad = kbo_problems(np.array([200065765, 200065766, 0]),
    ...                           np.array([True, True, False]), "01")
    >>> check.tolist(), bad.tolist()
    ([False, True, False], [False, False, True])
    """
    check_ok = 97 - (numbers // 100) % 97 == numbers % 100
    lead = numbers // 10**9
    lead_ok = np.zeros(len(numbers), dtype=bool)
    for c in first:
        lead_ok |= lead == int(c)
    bad_number = ~lead_ok | ~ok
    return ~check_ok & ~bad_number, bad_number


def kbo_reasons(numbers: np.ndarray, ok: np.ndarray, first: str) -> np.ndarray:
    """Say why each KBO number is invalid (``None`` if valid): code and reason.

    >>> kbo_reasons(np.array([200065765, 200065766]), np.array([True, True]), "01")
    array([None, 'bad_check_digit'], dtype=object)
    """
    bad_check, bad_number = kbo_problems(numbers, ok, first)
    out = np.full(len(numbers), None, dtype=object)
    out[bad_check] = "bad_check_digit"
    out[bad_number] = "bad_number"
    return out


_TRIPLES = np.array([[ord(c) for c in f"{i:03d}"] for i in range(1000)], dtype=np.uint8)


def dotted_array(numbers: np.ndarray, kind: str) -> pa.Array:
    """Format int64 KBO numbers dotted as an arrow string array (no Python objects).

    >>> dotted_array(np.array([200065765, 2000000339]), "establishment").to_pylist()
    ['0.200.065.765', '2.000.000.339']
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= 10**10):
        return pa.array(_dotted_text(numbers, kind), pa.string())
    # first digit, then three groups of three: d.ddd.ddd.ddd or dddd.ddd.ddd
    lead = 1 if kind == "enterprise" else 2
    width = lead + 11
    out = np.full((len(numbers), width), ord("."), dtype=np.uint8)
    out[:, 0] = numbers // 10**9 + ord("0")
    for k, scale in enumerate((10**6, 10**3, 1)):
        at = lead + 4 * k
        out[:, at : at + 3] = _TRIPLES[numbers // scale % 1000]
    offsets = np.arange(0, (len(numbers) + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(),
        len(numbers),
        [None, pa.py_buffer(offsets), pa.py_buffer(out.reshape(-1))],
    )


def _dotted_text(numbers: np.ndarray, kind: str) -> np.ndarray:
    """The slow, general way (numbers outside 0..9,999,999,999)."""
    text = pa.array(np.char.zfill(numbers.astype(str), 10))
    s = pc.utf8_slice_codeunits
    if kind == "enterprise":
        parts = [s(text, 0, 4), s(text, 4, 7), s(text, 7, 10)]
    else:
        parts = [s(text, 0, 1), s(text, 1, 4), s(text, 4, 7), s(text, 7, 10)]
    joined = pc.binary_join_element_wise(*parts, ".")
    return np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)


def dotted(numbers: np.ndarray, kind: str) -> np.ndarray:
    """Format int64 KBO numbers dotted (``0200.065.765`` / ``2.000.000.339``).

    >>> dotted(np.array([200065765]), "enterprise").tolist()
    ['0200.065.765']
    """
    if len(numbers) == 0:
        return np.zeros(0, dtype=object)
    text = dotted_array(numbers, kind)
    return np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
