"""What ``prepare`` (and so ``analyze``) accepts: damaged encodings, declared formats, Python
input types and dates."""

from __future__ import annotations

import pytest

from newsgraph.ingest import prepare
from newsgraph.ingest.detect import decode

from conftest import EXAMPLES

NATO = EXAMPLES / "nato-chief-meets-biden.txt"


# --- near-valid UTF-8 -------------------------------------------------------------------------

def _with_bad_bytes(data: bytes, count: int) -> bytes:
    """``data`` with ``count`` bytes that are never valid UTF-8 spread through it."""
    damaged = bytearray(data)
    for i in range(count, 0, -1):  # from the end, so earlier positions stay where they were
        position = i * len(data) // (count + 1)
        damaged[position:position] = b"\xff" if i % 2 else b"\x81"
    return bytes(damaged)


def test_utf8_article_with_a_few_bad_bytes_stays_utf8_with_a_warning():
    data = NATO.read_bytes()
    damaged = _with_bad_bytes(data, 6)
    prepared = prepare(damaged)
    original = prepare(data)
    assert "‚Äô" not in prepared.text and "’" in prepared.text
    assert decode(damaged).text.count("\ufffd") == 6  # one fell in a line the cleaner drops
    assert prepared.text.replace("\ufffd", "") == original.text
    assert prepared.warnings == ["the input is UTF-8 with 6 invalid byte sequences, each replaced by U+FFFD"]
    assert original.warnings == []


def test_legacy_windows_1252_text_is_not_taken_for_damaged_utf8():
    text = NATO.read_text(encoding="utf-8")
    prepared = prepare(text.encode("cp1252"))
    assert "\ufffd" not in prepared.text and "’" in prepared.text and prepared.warnings == []
