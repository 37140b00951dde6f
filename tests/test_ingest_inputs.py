"""What ``prepare`` (and so ``analyze``) accepts: damaged encodings, declared formats, Python
input types and dates."""

from __future__ import annotations

import datetime
import io

import pytest

from conftest import EXAMPLES
from newsgraph.errors import InputError
from newsgraph.ingest import prepare
from newsgraph.ingest.detect import MAX_INPUT_BYTES, decode, read_input

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
    prepared = prepare(source, is_html=False)
    assert prepared.input_format == "text"
    assert "<svg onload=alert(1)>" in prepared.text and "<script>alert(1)</script>" in prepared.text
    plain = prepare(NATO.read_text(encoding="utf-8"))
    without_markup = prepared.text.replace(MARKUP[0], "").replace(MARKUP[1], "")
    assert without_markup.split() == plain.text.split()  # every word kept (739)


def test_declared_html_is_read_as_html():
    page = "<p>" + "</p><p>".join(NATO.read_text(encoding="utf-8").split("\n\n")[1:]) + "</p>"
    assert prepare(page, is_html=True).input_format == "html"


def test_undeclared_input_is_sniffed_as_before():
    assert (
        prepare(
            "<html><body>"
            + "<p>The minister said on Tuesday that talks would resume.</p>" * 3
            + "</body></html>"
        ).input_format
        == "html"
    )


# --- Python input types and dates ---------------------------------------------------------------


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview], ids=["bytes", "bytearray", "memoryview"])
def test_bytes_like_inputs_give_the_same_article(wrap):
    data = NATO.read_bytes()
    assert prepare(wrap(data)).text == prepare(data).text


@pytest.mark.parametrize(
    "data, named",
    [(NATO, "path"), (42, "int"), (["text"], "list"), (NATO.read_text(encoding="utf-8").split(), "list")],
)
def test_other_input_types_are_a_type_error_naming_them(data, named):
    with pytest.raises(TypeError, match=named):
        prepare(data)


@pytest.mark.parametrize(
    "date",
    [
        datetime.date(2023, 6, 13),
        datetime.datetime(2023, 6, 13, 22, 30),
        datetime.datetime(2023, 6, 13, 23, 0, tzinfo=datetime.UTC),
        "2023-06-13",
        "2023-06-13T10:00:00+02:00",
        "2023-06-13T10:00:00Z",
        " 2023-06-13 ",
        "June 13, 2023",
        "Tue, 13 Jun 2023 10:00:00 GMT",
    ],
)
def test_dates_python_users_pass_are_read(date):
    prepared = prepare(NATO.read_text(encoding="utf-8"), date=date)
    assert (prepared.published, prepared.date_source) == ("2023-06-13", "user")


@pytest.mark.parametrize(
    "date", ["13/06/2023", "06/13/2023", "13.06.2023", "2023-02-30", "next week", "2023"]
)
def test_ambiguous_or_incomplete_date_strings_are_refused(date):
    with pytest.raises(InputError) as err:
        prepare(NATO.read_text(encoding="utf-8"), date=date)
    assert err.value.reason == "bad_date" and repr(date) in str(err.value)


@pytest.mark.parametrize("date", [20230613, 1686614400.0, ("2023", "06", "13")])
def test_a_date_of_another_type_is_a_type_error(date):
    with pytest.raises(TypeError, match="datetime.date"):
        prepare(NATO.read_text(encoding="utf-8"), date=date)


def test_analyze_takes_a_python_date_and_a_bytearray():
    import newsgraph

    article = newsgraph.analyze(bytearray(NATO.read_bytes()), date=datetime.date(2023, 6, 13))
    assert article.published == article.reference_date == "2023-06-13"
    assert article.date_source == "user"


# --- deeply nested HTML -----------------------------------------------------------------------


def _nested_page(depth: int) -> str:
    paragraphs = NATO.read_text(encoding="utf-8").split("\n\n")[2:7]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>NATO Chief Meets Biden</title></head><body>"
        + "<div>" * depth
        + body
        + "</div>" * depth
        + "<p>The end of the page.</p></body></html>"
    )


@pytest.mark.parametrize("depth", [10, 300, 2000])
def test_deeply_nested_html_keeps_its_text(depth):
    prepared = prepare(_nested_page(depth))
    assert prepared.input_format == "html"
    assert "Stoltenberg met with President Joe Biden" in prepared.text
    assert "The meeting with Biden was ahead of a NATO summit" in prepared.text


def test_html_nested_past_the_parser_limit_is_refused_not_shortened():
    with pytest.raises(InputError) as err:
        prepare(_nested_page(3000))
    assert err.value.reason == "too_large" and "2048 levels" in str(err.value)


# --- inputs over the size limit ---------------------------------------------------------------


def test_an_input_over_the_limit_reports_its_real_size(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # a sparse 51 MiB file
    with big.open("rb") as f, pytest.raises(InputError) as err:
        read_input(f)
    assert err.value.reason == "too_large"
    assert str(err.value) == "input is 51.0 MiB; the limit is 10 MiB"


def test_a_stream_over_the_limit_says_more_than_the_limit():
    with pytest.raises(InputError) as err:
        read_input(io.BytesIO(b"x" * (MAX_INPUT_BYTES + 5)))
    assert str(err.value) == "input is more than 10 MiB; the limit is 10 MiB"


def test_an_input_just_over_the_limit_is_not_said_to_be_at_it():
    with pytest.raises(InputError) as err:
        prepare(b"x" * (MAX_INPUT_BYTES + 1))
    assert str(err.value) == "input is 10.1 MiB; the limit is 10 MiB"


def test_an_input_within_the_limit_is_read_whole():
    data = NATO.read_bytes()
    assert read_input(io.BytesIO(data)) == data
