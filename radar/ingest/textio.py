"""Text inputs as UTF-8 byte streams: encoding detection, binary refusal, recoding.

Every delimited input is read through ``Utf8Reader``, which hands the parser UTF-8
whatever the file's encoding (UTF-8 with or without BOM, UTF-16/32 with a BOM or
recognisable without one, else cp1252), and counts the line breaks it passes on, so
the parser's rows can be mapped to physical lines cheaply when each row is one line.
A file that holds binary data (an image renamed ``.csv``) is refused by name.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import pyarrow as pa

from radar.kernel.errors import DataError

Opener = Callable[[], IO[bytes]]
SAMPLE_BYTES = 1 << 20
CHUNK_BYTES = 4 << 20
BINARY = "binary"
FALLBACK = "cp1252"


def detect_encoding(sample: bytes, complete: bool = True) -> str:
    r"""Name the encoding of ``sample`` (``binary`` for data that is not text).

    ``complete=False`` says the sample is a prefix that may end inside a character.

    >>> detect_encoding(b"\xef\xbb\xbfa;b"), detect_encoding("é".encode())
    ('utf-8-sig', 'utf-8')
    >>> detect_encoding("é".encode("cp1252")), detect_encoding(b"a\xc3", False)
    ('cp1252', 'utf-8')
    >>> detect_encoding("a;b".encode("utf-16"))
    'utf-16'
    >>> detect_encoding("ab;c".encode("utf-16-le"))
    'utf-16-le'
    >>> detect_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    'binary'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    if _is_binary(sample):
        return BINARY
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data"
        if complete or not truncated or exc.start < len(sample) - 3:
            return FALLBACK
    return "utf-8"


# how common binary formats start (an image or archive renamed .csv)
MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
    b"PK\x03\x04",
)


def _is_binary(sample: bytes) -> bool:
    r"""Tell binary data from text: a known binary signature, or NUL bytes in more
    than 1 % of the sample (a stray NUL in a cell of a text export is not enough).

    >>> _is_binary(b"a;b\n1;\x002\n" + b"3;yy\n" * 50), _is_binary(b"\x89PNG\r\n")
    (False, True)
    """
    if sample.startswith(MAGIC):
        return True
    nul = sample.count(0)
    return nul >= 4 and nul > len(sample) // 100


def opener(path: Path) -> Opener:
    """A function opening ``path`` for binary reading (each call a new handle)."""

    def open_file() -> IO[bytes]:
        return Path(path).open("rb")

    return open_file


def sniff_encoding(open_file: Opener, file: str) -> str:
    """Detect the encoding from the first MB; refuse binary files by name."""
    with open_file() as fh:
        sample = fh.read(SAMPLE_BYTES)
        complete = len(sample) < SAMPLE_BYTES
    encoding = detect_encoding(sample, complete)
    if encoding == BINARY:
        raise DataError(
            f"{file}: dit is geen tekstbestand (binaire inhoud); lees een CSV-, "
            "XLSX- of JSON-bestand in"
        )
    return encoding


def _valid_utf8(data: bytes, size: int) -> bool:
    r"""Tell whether the first ``size`` bytes of ``data`` are valid UTF-8.

    >>> _valid_utf8("é;a\n".encode(), 5), _valid_utf8(b"\xe9;a\n", 4)
    (True, False)
    """
    if data.isascii():
        return True
    text = pa.Array.from_buffers(
        pa.binary(),
        1,
        [None, pa.py_buffer(np.array([0, size], dtype=np.int32)), pa.py_buffer(data)],
    )
    try:
        text.cast(pa.string())
    except pa.ArrowInvalid:
        return False
    return True


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes that are not UTF-8 as cp1252 (a file saved partly by Excel)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bytes(bad).decode(FALLBACK, errors="replace"), exc.end


MIXED = "radar.utf8-cp1252"
codecs.register_error(MIXED, _cp1252_fallback)


class Utf8Reader(io.RawIOBase):
    """Read a file in ``encoding`` as UTF-8 bytes, skipping the first ``skip`` bytes
    of that output; count the line breaks passed on.

    UTF-8 and cp1252 are read as UTF-8 whose invalid bytes are cp1252: valid UTF-8
    passes through unchanged, a cp1252 file (or a UTF-8 file with a few cp1252
    characters pasted in) comes out right. Bytes a codec cannot map become U+FFFD
    instead of stopping the read.
    """

    def __init__(self, open_file: Opener, encoding: str, skip: int = 0) -> None:
        super().__init__()
        self.raw = open_file()
        self.utf8 = encoding in ("utf-8", "utf-8-sig", FALLBACK)
        self.decoder = codecs.getincrementaldecoder(
            encoding if not self.utf8 else FALLBACK
        )("replace")
        self.bom = encoding == "utf-8-sig"
        self.pending = b""
        self.buffer = b""
        self.skip = skip
        self.done = False
        self.consumed = 0
        self.newlines = 0
        self.last = b""

    def readable(self) -> bool:
        return True

    def _convert(self, data: bytes, final: bool) -> bytes:
        if not self.utf8:
            return self.decoder.decode(data, final).encode("utf-8")
        data, self.pending = self.pending + data, b""
        # fast path: valid UTF-8 up to the last line break passes unchanged (checked
        # by arrow, without decoding into a str); the rest waits for the next read
        cut = len(data) if final else data.rfind(b"\n") + 1
        if cut and _valid_utf8(data, cut):
            self.pending = data[cut:]
            return data[:cut] if cut < len(data) else data
        try:
            _, used = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError:
            text, used = codecs.utf_8_decode(data, MIXED, final)
            self.pending = data[used:]
            return text.encode("utf-8")
        self.pending = data[used:]
        return data[:used]

    def _fill(self, size: int) -> None:
        """Convert input until ``size`` output bytes are buffered (or the end);
        reads about ``size`` input bytes at a time, so the buffer rarely holds
        more than one read."""
        while len(self.buffer) < size and not self.done:
            chunk = self.raw.read(max(size - len(self.buffer), 1 << 16))
            if self.bom and self.consumed == 0:
                chunk = chunk.removeprefix(codecs.BOM_UTF8)
            self.consumed += len(chunk)
            self.done = not chunk
            out = self._convert(chunk, self.done)
            if self.skip:
                cut = min(self.skip, len(out))
                out, self.skip = out[cut:], self.skip - cut
            if out:
                # line breaks as the csv parsers see them: \n, \r\n and a lone \r
                # (a \r\n split over two reads counts twice: then the rows are
                # mapped to lines the slow, exact way)
                returns = out.count(b"\r")
                self.newlines += out.count(b"\n") + returns
                if returns:
                    self.newlines -= out.count(b"\r\n")
                self.last = out[-1:]
            self.buffer = out if not self.buffer else self.buffer + out

    def read(self, size: int | None = -1) -> bytes:
        if size == 0:
            return b""
        if size is None or size < 0:
            size = 1 << 62
            while not self.done:
                self._fill(len(self.buffer) + CHUNK_BYTES)
        else:
            self._fill(size)
        if len(self.buffer) <= size:
            out, self.buffer = self.buffer, b""
            return out
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def lines_passed(self) -> int:
        """Physical lines in the output read so far (a last line without a break
        counts too); a line ends at \n, \r\n or a lone \r, as in the csv module."""
        return self.newlines + (1 if self.last not in (b"", b"\n", b"\r") else 0)

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


class Breaks:
    """Count line breaks as the csv parsers see them (``\n``, ``\r\n``, a lone
    ``\r``) over consecutive pieces of one text, a ``\r\n`` split between two
    pieces included."""

    def __init__(self) -> None:
        self.count = 0
        self.last = 0

    def add(self, data: bytes) -> None:
        """Count the breaks in the next piece."""
        if not data:
            return
        a = np.frombuffer(data, dtype=np.uint8)
        self.count += int(np.count_nonzero(a == 10))
        if b"\r" in data:  # a byte search: most files have none
            self.count += int(np.count_nonzero(a == 13))
            self.count -= int(np.count_nonzero((a[:-1] == 13) & (a[1:] == 10)))
        if self.last == 13 and a[0] == 10:
            self.count -= 1
        self.last = int(a[-1])

    def lines(self) -> int:
        """Physical lines so far (a last line without a break counts too)."""
        return self.count + (1 if self.last not in (0, 10, 13) else 0)


class NotUtf8Error(ValueError):
    """A file read as UTF-8 holds bytes that are not."""


class Utf8Check:
    """Check consecutive pieces of a text for UTF-8 up to their last line break (a
    character cut in two is checked with the next piece; ``add(b"")`` ends it)."""

    def __init__(self) -> None:
        self.unchecked = b""

    def add(self, data: bytes) -> None:
        """Check the next piece; raise ``NotUtf8Error`` on bytes that are not UTF-8."""
        if data.isascii() and not self.unchecked:
            return
        text = self.unchecked + data
        cut = text.rfind(b"\n") + 1 if data else len(text)
        self.unchecked = text[cut:]
        if cut and not _valid_utf8(text, cut):
            raise NotUtf8Error("not UTF-8")


class RawReader(io.RawIOBase):
    """Read a UTF-8 file's bytes unchanged after the first ``skip`` bytes, counting
    the line breaks passed on and checking the UTF-8 (by arrow: no Python decoding
    in between); a file that turns out not to be UTF-8 raises ``NotUtf8Error`` and
    is read again through ``Utf8Reader``."""

    def __init__(self, open_file: Opener, skip: int) -> None:
        super().__init__()
        self.raw = open_file()
        self.skip = skip
        self.breaks = Breaks()
        self.utf8 = Utf8Check()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        while self.skip:
            dropped = self.raw.read(min(self.skip, CHUNK_BYTES))
            if not dropped:
                break
            self.skip -= len(dropped)
        data = self.raw.read(-1 if size is None else size)
        self.breaks.add(data)
        self.utf8.add(data)  # before the parser sees the bytes
        return data

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def lines_passed(self) -> int:
        """Physical lines in the bytes read so far."""
        return self.breaks.lines()

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


def read_text(open_file: Opener, encoding: str, limit: int = -1) -> str:
    """Decode the start (``limit`` UTF-8 bytes, all when negative) of a file."""
    with Utf8Reader(open_file, encoding) as reader:
        data = reader.read(limit)
    return data.decode("utf-8", errors="ignore")


def transcode(open_file: Opener, encoding: str, target: Path) -> Path:
    """Write a file in ``encoding`` to ``target`` as UTF-8 (no BOM), chunk by chunk."""
    with Utf8Reader(open_file, encoding) as reader, target.open("wb") as out:
        while chunk := reader.read(CHUNK_BYTES):
            out.write(chunk)
    return target
