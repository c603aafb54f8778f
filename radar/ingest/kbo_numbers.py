"""KBO numbers: 10 digits, written dotted, ending in mod-97 check digits.

``digits`` reads them (with or without dots, spaces or a ``BE`` prefix) into int64,
``kbo_reasons`` says why one is invalid and ``dotted`` writes them back.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def digits(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Turn dotted KBO numbers into int64 (0 where not 10 digits) and a validity mask.

    >>> n, ok = digits(pa.array(["0200.065.765", "2.000.000.339", "x", "BE0200065765"]))
    >>> n.tolist(), ok.tolist()
    ([200065765, 2000000339, 0, 200065765], [True, True, False, True])
    """
    plain = pc.replace_substring(values, ".", "")
    try:  # fast path: every value is digits and dots (the KBO files)
        ints = pc.cast(plain, pa.int64())
        ok = pc.and_(pc.equal(pc.utf8_length(plain), 10), pc.utf8_is_decimal(plain))
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


def kbo_reasons(numbers: np.ndarray, ok: np.ndarray, first: str) -> np.ndarray:
    """Say why each KBO number is invalid (``None`` if valid): code and reason.

    >>> kbo_reasons(np.array([200065765, 200065766]), np.array([True, True]), "01")
    array([None, 'bad_check_digit'], dtype=object)
    """
    check_ok = 97 - (numbers // 100) % 97 == numbers % 100
    lead_ok = np.isin(numbers // 10**9, [int(c) for c in first])
    out = np.full(len(numbers), None, dtype=object)
    out[~check_ok] = "bad_check_digit"
    out[~lead_ok] = "bad_number"
    out[~ok] = "bad_number"
    return out


def dotted(numbers: np.ndarray, kind: str) -> np.ndarray:
    """Format int64 KBO numbers dotted (``0200.065.765`` / ``2.000.000.339``).

    >>> dotted(np.array([200065765]), "enterprise").tolist()
    ['0200.065.765']
    """
    if len(numbers) == 0:
        return np.zeros(0, dtype=object)
    text = pa.array(np.char.zfill(numbers.astype(str), 10))
    s = pc.utf8_slice_codeunits
    if kind == "enterprise":
        parts = [s(text, 0, 4), s(text, 4, 7), s(text, 7, 10)]
    else:
        parts = [s(text, 0, 1), s(text, 1, 4), s(text, 4, 7), s(text, 7, 10)]
    joined = pc.binary_join_element_wise(*parts, ".")
    return np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)
