"""Reading raw input: size and binary checks, character decoding, HTML-or-text sniffing."""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from typing import BinaryIO, NamedTuple

from charset_normalizer import from_bytes

from newsgraph.errors import InputError

# Inputs over 10 MiB are refused: no news article is that large, and the HTML of the heaviest
# pages in our samples (CNN, with inline scripts) is under 3 MiB.
MAX_INPUT_BYTES = 10 * 1024 * 1024
MIB = 1024 * 1024

# File signatures of formats people drop in by mistake (documents, images, archives, media).
# Each is long or odd enough that no English text starts with it ("MZ" or "BZh" alone could).
BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"BZh91AY",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!\x1a",
    b"\xd0\xcf\x11\xe0",
    b"OggS\x00",
    b"ID3\x03",
    b"ID3\x04",
    b"fLaC\x00",
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x20ftyp",
    b"II*\x00",
    b"MM\x00*",
    b"\x7fELF",
    b"SQLite format 3\x00",
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read these labels as windows-1252 (WHATWG encoding standard), and so do we.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}

# A multi-byte UTF-8 character: lead byte then its continuation bytes (RFC 3629 ranges).
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Bytes that are not UTF-8 in a file whose other non-ASCII bytes are: UTF-8 with a few damaged
# bytes (a bad copy, a cut-and-join), decoded as UTF-8 with U+FFFD for them, as long as the valid
# multi-byte characters outnumber the invalid bytes this many times. Legacy windows-1252 text has
# almost no byte pairs that happen to be valid UTF-8, so it stays below the ratio.
MIN_VALID_PER_INVALID_UTF8 = 2
REPLACEMENT = "\ufffd"

# Share of non-ASCII letters above which bytes are not taken for Western windows-1252 text.
MAX_FOREIGN_LETTER_SHARE = 0.1
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|\?xml[^>]*>\s*<(?:!doctype\s+)?html)",
    re.I | re.S,
)
HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|br|span|a|article|section|main|header|footer|"
    r"nav|meta|title|script|style|link|h[1-6]|ul|ol|li|table|tr|td|img|figure)\b[^<>]*>",
    re.I,
)
# Control characters other than tab, newline, form feed and carriage return.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_size(data: bytes | str) -> None:
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_INPUT_BYTES:
        raise _too_large(size)


def read_input(stream: BinaryIO) -> bytes:
    """The bytes of ``stream`` (a file or a pipe), reading at most one byte past the limit; an
    input over it is refused with its real size when the file system knows it."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(_file_size(stream))
    return data


def _file_size(stream: BinaryIO) -> int | None:
    """The size of a regular file behind ``stream``; None for a pipe, a socket or a buffer."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # io.BytesIO has no file number
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _too_large(size: int | None) -> InputError:
    """Sizes in MiB rounded up: an input one byte over the limit is not "10.0 MiB" when the limit is 10."""
    limit = f"the limit is {MAX_INPUT_BYTES // MIB} MiB"
    if size is None:
        return InputError(f"input is more than {MAX_INPUT_BYTES // MIB} MiB; {limit}", "too_large")
    return InputError(f"input is {math.ceil(size * 10 / MIB) / 10:.1f} MiB; {limit}", "too_large")


class Decoded(NamedTuple):
    text: str
    warnings: list[str]


def decode(data: bytes) -> Decoded:
    """Bytes to text: a BOM wins, then the HTML meta charset, then UTF-8 (also with a few
    damaged bytes, replaced and reported in ``warnings``), then detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return Decoded(_decode_strict(data[len(bom) :], encoding), [])
    _refuse_binary(data)
    if 0 in data[:8192]:  # _refuse_binary let it through: BOM-less UTF-16
        return Decoded(_decode_strict(data, _utf16_byte_order(data[:8192])), [])
    declared = _declared_charset(data)
    if declared:
        try:
            return Decoded(data.decode(declared), [])
        except UnicodeDecodeError:
            pass  # the page lies about its charset: fall through to UTF-8 and detection
    try:
        return Decoded(_decode_utf8_allowing_cut_end(data), [])
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged
    western = _windows_1252_if_western(data)
    if western is not None:
        return Decoded(western, [])
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError("cannot determine the character encoding of the input", "undecodable")
    return Decoded(_decode_strict(data, best.encoding), [])


def check_text(text: str) -> None:
    """Refuse decoded text that is empty or that is binary data in disguise."""
    if not text.strip():
        raise InputError("input is empty", "empty")
    sample = text[:20_000]
    if len(CONTROL_CHARS.findall(sample)) > max(8, len(sample) // 50):
        raise InputError("input looks like binary data, not text or HTML", "binary")


def is_html(text: str) -> bool:
    """HTML by content, not by file name: an HTML preamble or several HTML tags near the top."""
    head = text[:20_000]
    return bool(HTML_START.match(head)) or len(HTML_TAG.findall(head)) >= 3


def _refuse_binary(data: bytes) -> None:
    if data.startswith(BINARY_SIGNATURES):
        raise InputError("input is a binary file (PDF, image, archive…), not text or HTML", "binary")
    sample = data[:8192]
    nul_count = sample.count(0)
    if nul_count and not _looks_like_utf16(sample):
        raise InputError("input contains NUL bytes: binary data, not text or HTML", "binary")


def _looks_like_utf16(sample: bytes) -> bool:
    """BOM-less UTF-16 of Latin text has a NUL in every other byte; binary data does not."""
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1)) > 0.9


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid byte sequences, each replaced by U+FFFD; None when they are too
    many for that (the text is in some other encoding)."""
    text = data.decode("utf-8", "replace")
    # Each invalid sequence became one U+FFFD; the input's own U+FFFD characters do not count.
    invalid = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    valid = len(UTF8_MULTIBYTE.findall(data))
    if valid < MIN_VALID_PER_INVALID_UTF8 * invalid:
        return None
    return Decoded(
        text,
        [
            f"the input is UTF-8 with {invalid} invalid byte sequence"
            f"{'s' * (invalid != 1)}, each replaced by U+FFFD"
        ],
    )


def _windows_1252_if_western(data: bytes) -> str | None:
    """Legacy English/Western text is windows-1252 (a superset of latin-1) with few non-ASCII
    letters; charset detection misreads such short texts (cp775, cp1250). Text in another script
    read as windows-1252 is mostly non-ASCII, so it is left to detection."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(not ch.isascii() for ch in letters)
    return text if letters and foreign / len(letters) < MAX_FOREIGN_LETTER_SHARE else None


def _utf16_byte_order(sample: bytes) -> str:
    # ASCII letters in UTF-16-LE are b"A\x00": the NULs sit at odd positions.
    return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"


def _declared_charset(data: bytes) -> str | None:
    match = META_CHARSET.search(data[:8192])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    if label in WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_utf8_allowing_cut_end(data: bytes) -> str:
    """UTF-8, tolerating only a multi-byte character cut off by truncation at the very end."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")
        raise


def _decode_strict(data: bytes, encoding: str) -> str:
    if encoding.startswith("utf-16") and len(data) % 2:
        data = data[:-1]  # truncated mid-character
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"input is not valid {encoding}: {exc}", "undecodable") from exc
