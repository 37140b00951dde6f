"""Ingest: input detection, decoding, errors, HTML extraction, metadata and language."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError, NotEnglishError
from newsgraph.ingest import prepare
from newsgraph.ingest.detect import MAX_INPUT_BYTES, is_html
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.metadata import dateline_date, parse_date, split_names

ARTICLE = (
    "Storm Knocks Out Power Across the Gulf Coast\n\n"
    "Hundreds of thousands of homes lost power on Tuesday as a storm crossed the coast, "
    "officials said, and crews were working through the night to restore it.\n\n"
    "“We expect most customers to be back by the weekend,” a utility spokeswoman said.\n"
)


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", "", "   \n\t  ", b"\n\n \r\n"])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError) as err:
        prepare(data)
    assert err.value.reason == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00article.txt",
        bytes(range(256)) * 8,
        b"Some text\x00\x00\x00\x01\x02\x00\xff\xfe\x00\x00binary tail" * 20,
    ],
)
def test_binary_input_is_refused(data):
    with pytest.raises(InputError) as err:
        prepare(data)
    assert err.value.reason == "binary"


def test_text_starting_like_a_file_signature_is_text():
    text = b"MZ Wallace Opens Store\n\nThe handbag maker MZ Wallace opened a store in Boston on Monday."
    assert prepare(text).title == "MZ Wallace Opens Store"


def test_input_over_the_limit_is_refused():
    data = (ARTICLE * (MAX_INPUT_BYTES // len(ARTICLE) + 2)).encode()
    with pytest.raises(InputError) as err:
        prepare(data)
    assert err.value.reason == "too_large"
    assert "10 MiB" in str(err.value)


def test_html_without_article_text_is_refused():
    page = "<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav></body></html>"
    with pytest.raises(InputError) as err:
        prepare(page)
    assert err.value.reason == "no_text"


def test_text_that_is_only_boilerplate_is_refused():
    with pytest.raises(InputError) as err:
        prepare("Advertisement\nShare this article\nFollow us on Twitter")
    assert err.value.reason == "no_text"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + b"Storm hits the coast" + b"\xff\xfe\xc3\x28",  # UTF-8 BOM, then invalid UTF-8
        b"\xff\xfe" + "Storm".encode("utf-16-le") + b"\x00\xd8\x41\x00",  # UTF-16 BOM, lone surrogate
    ],
)
def test_text_that_breaks_its_declared_encoding_is_undecodable(data):
    with pytest.raises(InputError) as err:
        prepare(data)
    assert err.value.reason == "undecodable"


def test_undecodable_bytes_are_refused_or_decoded_never_crash():
    # invalid UTF-8 sequences everywhere: either a clear error or some decoded text
    data = b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 50
    try:
        prepared = prepare(data, language="en")
    except InputError as err:
        assert err.reason in {"undecodable", "binary", "no_text", "not_english"}
    else:
        assert prepared.text


def test_bad_user_date_is_refused():
    with pytest.raises(InputError) as err:
        prepare(ARTICLE, date="sometime soon")
    assert err.value.reason == "bad_date"


# --- decoding ---------------------------------------------------------------------------------

TEXT_WITH_ACCENTS = (
    "Café Owners Protest New Rules\n\n"
    "The café owners of Zürich said on Monday that the “new rules” would cost them "
    "€2,000 a year — too much, they said, for small businesses in the old town.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(encoding):
    prepared = prepare(TEXT_WITH_ACCENTS.encode(encoding))
    assert "The café owners of Zürich" in prepared.text
    assert "“new rules”" in prepared.text and "€2,000" in prepared.text
    assert not prepared.text.startswith("\ufeff")


def test_latin1_text_is_decoded():
    text = (
        "Señor García Wins Local Election\n\nJosé García, a former teacher, won the mayoral "
        "election in the town on Sunday, the electoral office said. Turnout was 61 percent.\n"
    )
    assert "José García" in prepare(text.encode("latin-1")).text


def test_utf16_without_bom_is_decoded():
    assert "Zürich" in prepare(TEXT_WITH_ACCENTS.encode("utf-16-le")).text


def test_html_meta_charset_is_honoured():
    html = (
        "<html><head><meta charset='windows-1252'><title>Café Owners Protest</title></head><body>"
        "<article><h1>Café Owners Protest</h1>"
        + "".join(
            f"<p>The café owners of Zürich protested on Monday for the {i}th time, saying "
            "the “new rules” would ruin their small businesses in the old town.</p>"
            for i in range(5, 9)
        )
        + "</article></body></html>"
    )
    prepared = prepare(html.encode("cp1252"))
    assert prepared.input_format == "html"
    assert "The café owners of Zürich" in prepared.text and "“new rules”" in prepared.text


def test_utf8_cut_inside_a_character_still_decodes():
    data = (ARTICLE + "Crews said the “worst").encode()[:-2]
    assert "Crews said the" in prepare(data).text


def test_str_and_bytes_give_the_same_article():
    assert prepare(ARTICLE).text == prepare(ARTICLE.encode()).text
    assert prepare(ARTICLE).id == prepare(ARTICLE.encode()).id


# --- format detection -------------------------------------------------------------------------


def test_html_is_detected_by_content():
    assert is_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert is_html("\n  <div class='a'><p>Hello</p><p>World</p></div>")
    assert not is_html(ARTICLE)
    assert not is_html("He said 2 < 3 and 5 > 4, and used the <b> tag once.")


def test_truncated_html_still_gives_the_article(shared_dir):
    html = (shared_dir / "data/newspaper4k/html/cnn_test_nlp.html").read_bytes()
    cut = html[: html.rfind(b"Gates said Tillerson") + 30]  # mid-paragraph, mid-sentence
    prepared = prepare(cut)
    assert prepared.input_format == "html"
    assert "Former Defense Secretary Robert Gates" in prepared.text


def test_html_cut_inside_a_tag_still_gives_the_article(shared_dir):
    html = (shared_dir / "data/newspaper4k/html/time_001.html").read_bytes()
    cut = html[: html.find(b"<p", html.find(b"Hansen said in the webinar")) + 5]  # ends "<p cl"
    prepared = prepare(cut)
    assert "James Hansen first warned Congress" in prepared.text
    assert prepared.text.rstrip().endswith("Hansen said in the webinar.")


def test_text_cut_mid_sentence_is_kept():
    prepared = prepare(ARTICLE + "Officials warned that the next storm could")
    assert prepared.text.endswith("Officials warned that the next storm could")


# --- HTML extraction and metadata ----------------------------------------------------------


def _newspaper4k_pages(shared_dir):
    for meta_file in sorted((shared_dir / "data/newspaper4k/metadata").glob("*.json")):
        yield meta_file.stem, json.loads(meta_file.read_text(encoding="utf-8"))


def test_english_pages_give_title_authors_date_close_to_newspaper4k(shared_dir):
    checked = 0
    for name, meta in _newspaper4k_pages(shared_dir):
        if meta.get("language") != "en" and meta.get("meta_lang") != "en":
            continue
        prepared = prepare((shared_dir / f"data/newspaper4k/html/{name}.html").read_bytes())
        assert prepared.input_format == "html" and prepared.language == "en", name
        assert prepared.text.count("\n\n") >= 2, name
        expected_words = set(meta["title"].lower().split())
        found_words = set((prepared.title or "").lower().split())
        # newspaper4k and trafilatura may read different title tags (og:title, h1): same story
        assert len(expected_words & found_words) >= 0.3 * len(expected_words), (name, prepared.title)
        if meta.get("publish_date"):
            assert prepared.published == meta["publish_date"][:10], name
            assert prepared.date_source == "html_metadata"
        real_authors = [a for a in meta["authors"] if len(a.split()) >= 2 and "." not in a.split()[0]]
        if len(real_authors) == 1:  # same first and last name (nicknames and initials vary)
            expected = real_authors[0].split()
            assert any(
                a.split()[0] == expected[0] and a.split()[-1] == expected[-1] for a in prepared.authors
            ), (name, prepared.authors)
        checked += 1
    assert checked >= 12


def test_non_english_pages_are_refused_naming_the_language(shared_dir):
    refused = 0
    for name, meta in _newspaper4k_pages(shared_dir):
        language = meta.get("language") or meta.get("meta_lang")
        if language in (None, "", "en"):
            continue
        with pytest.raises(NotEnglishError) as err:
            prepare((shared_dir / f"data/newspaper4k/html/{name}.html").read_bytes())
        assert err.value.language == language, name
        assert err.value.reason == "not_english"
        assert language in str(err.value)
        refused += 1
    assert refused >= 7


def test_user_language_en_overrides_detection(shared_dir):
    html = (shared_dir / "data/newspaper4k/html/spanish_article.html").read_bytes()
    prepared = prepare(html, language="en")
    assert prepared.language == "en" and "Anticorrupción" in prepared.text


def test_html_page_metadata_fields(shared_dir):
    prepared = prepare((shared_dir / "data/newspaper4k/html/cnn_001.html").read_bytes())
    assert prepared.publisher == "CNN"
    assert prepared.url.startswith("https://www.cnn.com/2023/11/06/politics/alito-prelogar")
    assert prepared.description.startswith("Justice Samuel Alito is the tip of the spear")
    assert prepared.authors == ["Joan Biskupic"]
    assert prepared.offset_map is None


def test_br_wrapped_html_paragraphs_are_joined(shared_dir):
    prepared = prepare((shared_dir / "data/newspaper4k/html/article_with_divs.html").read_bytes())
    assert (
        "Veteran Nollywood actress, Kate Henshaw, who in 2008, won the Africa Movie Academy Award "
        "for Best Actress in a Leading Role, has taken to her Instagram page"
    ) in prepared.text.split("\n\n")[2]


def test_html_text_goes_through_the_cleaner(shared_dir):
    prepared = prepare((shared_dir / "data/newspaper4k/html/time_001.html").read_bytes())
    reasons = {(r.reason, r.text[:20]) for r in prepared.removed}
    assert ("related_link", "Read more: A Controv") in reasons
    assert "Read more:" not in prepared.text
    assert all(r.start is None for r in prepared.removed)  # no offsets into the HTML


# --- dates --------------------------------------------------------------------------------


def test_user_date_wins():
    prepared = prepare("WASHINGTON, June 13, 2023 — " + ARTICLE, date="2023-07-01T10:00:00Z")
    assert (prepared.published, prepared.date_source) == ("2023-07-01", "user")


def test_dateline_gives_the_date_only_when_full():
    assert dateline_date("WASHINGTON, June 13, 2023 — NATO's chief met Biden.") == "2023-06-13"
    assert dateline_date("KYIV, Ukraine, Tuesday, June 13, 2023 (Reuters) - Ukraine said") == "2023-06-13"
    assert dateline_date("June 13 (Reuters) - Ukraine said on Tuesday") is None
    assert dateline_date("In June 13, 2023 — a line that is no dateline") is None
    body = "Ukraine Says It Retook Village\n\nKYIV, Ukraine, June 12, 2023 (Reuters) - Ukraine said on Monday its troops had recaptured a village.\n"
    prepared = prepare(body)
    assert (prepared.published, prepared.date_source) == ("2023-06-12", "dateline")


def test_no_date_is_unknown():
    prepared = prepare(ARTICLE)
    assert (prepared.published, prepared.date_source) == (None, "unknown")


def test_parse_date_forms():
    assert parse_date("2023-06-13T09:00:00+02:00") == "2023-06-13"
    assert parse_date("13 June 2023") == "2023-06-13"
    assert parse_date("Tue, 13 Jun 2023 10:00:00 GMT") == "2023-06-13"
    assert parse_date("June 2023") is None
    assert parse_date("2023-02-30") is None


def test_split_names():
    assert split_names("Reuters and Jack Phillips") == ["Reuters", "Jack Phillips"]
    assert split_names("CNN's Jason Carroll, Ben Brumfield and Greg Botelho") == [
        "Jason Carroll",
        "Ben Brumfield",
        "Greg Botelho",
    ]
    assert split_names("JANE DOE & JOHN ROE") == ["Jane Doe", "John Roe"]


# --- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Biden met Stoltenberg on Tuesday.",
        "Hello, just a short note.\nThe meeting is moved to Friday at noon.",
        "NATO chief meets Biden",
    ],
)
def test_short_english_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text, language",
    [
        ("De minister is op bezoek in Den Haag.", "nl"),
        ("Der Minister ist heute in Berlin und trifft den Kanzler.", "de"),
        ("Le président a rencontré le chancelier allemand mardi à Paris pour parler de l'Ukraine.", "fr"),
    ],
)
def test_short_foreign_text_is_not_english(text, language):
    assert detect_language(text) == language


def test_language_detection_is_deterministic(example_text):
    assert {detect_language(example_text[:500]) for _ in range(5)} == {"en"}


def test_example_article_is_english(example_text):
    assert prepare(example_text).language == "en"


@pytest.mark.parametrize("language", ["en", "EN", "en-US", "en_GB", "eng"])
def test_user_language_spellings_of_english(language):
    assert prepare(ARTICLE, language=language).language == "en"


def test_user_language_other_than_english_is_refused():
    with pytest.raises(NotEnglishError) as err:
        prepare(ARTICLE, language="de")
    assert err.value.language == "de"


# --- robustness ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=3000),
        st.builds(
            lambda a, b: a + b,
            st.sampled_from(["<html><body><p>", "<div>", ARTICLE, "By "]),
            st.text(max_size=500),
        ),
    )
)
def test_any_input_gives_an_article_or_an_input_error(data):
    try:
        prepared = prepare(data)
    except InputError as err:
        assert err.reason in {"empty", "binary", "too_large", "undecodable", "no_text", "not_english"}
        assert str(err)
    else:
        assert prepared.text.strip() and prepared.language == "en"


def test_user_url_wins_over_the_page_url(shared_dir):
    html = (shared_dir / "data/newspaper4k/html/cnn_001.html").read_bytes()
    assert prepare(html, url="https://example.org/saved-copy").url == "https://example.org/saved-copy"


def test_all_capitals_html_author_is_title_cased(shared_dir):
    prepared = prepare((shared_dir / "data/newspaper4k/html/ap_meta_refresh.html").read_bytes())
    assert prepared.authors == ["Lynne O'Donnell"]
