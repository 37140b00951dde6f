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


# --- a declared format is not sniffed -----------------------------------------------------------

MARKUP = (" <script>alert(1)</script> <svg onload=alert(1)> <p>", "<div><span>")


def _with_markup_in_text(text: str) -> str:
    """Plain text quoting markup, as a JSONL ``text`` field scraped from a page may."""
    paragraphs = text.split("\n\n")
    paragraphs[2] += MARKUP[0]
    paragraphs[4] = MARKUP[1] + paragraphs[4]
    return "\n\n".join(paragraphs)


def test_declared_text_is_never_read_as_html():
    source = _with_markup_in_text(NATO.read_text(encoding="utf-8"))
    prepared = prepare(source, input_format="text")
    assert prepared.input_format == "text"
    assert "<svg onload=alert(1)>" in prepared.text and "<script>alert(1)</script>" in prepared.text
    plain = prepare(NATO.read_text(encoding="utf-8"))
    without_markup = prepared.text.replace(MARKUP[0], "").replace(MARKUP[1], "")
    assert without_markup.split() == plain.text.split()  # every word kept (739)


def test_declared_html_is_read_as_html():
    page = "<p>" + "</p><p>".join(NATO.read_text(encoding="utf-8").split("\n\n")[1:]) + "</p>"
    assert prepare(page, input_format="html").input_format == "html"


def test_undeclared_input_is_sniffed_as_before():
    assert prepare("<html><body>" + "<p>The minister said on Tuesday that talks would resume.</p>" * 3
                   + "</body></html>").input_format == "html"


def test_an_unknown_input_format_is_a_value_error():
    with pytest.raises(ValueError, match="input_format"):
        prepare(NATO.read_text(encoding="utf-8"), input_format="markdown")
