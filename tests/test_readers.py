"""Readers: every supported source becomes ``SourceItem``s for analyze_many, with where it came
from; an unreadable source becomes a ``ReadFailure`` instead of ending the batch."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest.item import SourceItem
from newsgraph.ingest.readers import read_sources

EXAMPLE = Path(__file__).parents[1] / "newsgraph" / "examples" / "nato-chief-meets-biden.txt"
ARTICLE = EXAMPLE.read_text(encoding="utf-8")
HTML = f"<html><head><title>NATO chief meets Biden</title></head><body><article><p>{ARTICLE}</p></article></body></html>"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>World</title>
<item><title>NATO chief meets Biden</title><link>https://example.org/nato</link><guid>nato-1</guid>
<pubDate>Tue, 13 Jun 2023 18:30:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>Full story: Stoltenberg met Biden at the White House.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://example.org/teaser</link>
<description>Only a summary of the story.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:feed</id>
<entry><title>Atom entry</title><id>urn:entry:1</id><link href="https://example.org/atom-1"/>
<updated>2023-06-14T08:00:00Z</updated><summary>Allies meet in Vilnius.</summary></entry></feed>"""


def _write_warc(path: Path) -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for uri, content_type, body in [
            ("https://example.org/nato.html", "text/html; charset=utf-8", HTML.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/nato.html",
                "request",
                payload=io.BytesIO(b"GET /nato.html HTTP/1.1\r\n\r\n"),
            )
        )


def _corpus(root: Path) -> Path:
    (root / "news" / "sub").mkdir(parents=True)
    (root / "news" / "a.txt").write_text(ARTICLE)
    (root / "news" / "sub" / "b.html").write_text(HTML)
    (root / "news" / ".hidden.txt").write_text("a hidden editor file")
    (root / "news" / "logo.png").write_bytes(b"\x89PNG\r\n")
    lines = [
        json.dumps(
            {"text": ARTICLE, "url": "https://example.org/1", "title": "One", "published": "2023-06-13"}
        ),
        "",
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"html": HTML, "date": "2023-06-14"}),
    ]
    (root / "news" / "items.jsonl").write_text("\n".join(lines) + "\n")
    (root / "news" / "feed.xml").write_text(RSS)
    (root / "news" / "atom.atom").write_text(ATOM)
    _write_warc(root / "news" / "crawl.warc.gz")
    return root / "news"


def test_a_folder_is_read_recursively_in_a_stable_order(tmp_path):
    folder = _corpus(tmp_path)
    items = list(read_sources([folder]))
    sources = [item.source.replace(str(folder) + "/", "") for item in items]
    assert sources[0] == "a.txt" and sources[-1] == "sub/b.html"
    assert not any("hidden" in s or "logo" in s for s in sources)
    assert [item.source for item in read_sources([folder])] == [item.source for item in items]


def test_plain_text_and_html_files(tmp_path):
    folder = _corpus(tmp_path)
    by_source = {item.source: item for item in read_sources([folder])}
    text, html = by_source[str(folder / "a.txt")], by_source[str(folder / "sub" / "b.html")]
    assert (text.body, text.is_html) == (ARTICLE.encode(), False)
    assert (html.body, html.is_html) == (HTML.encode(), True)


def test_jsonl_lines_carry_metadata_and_bad_lines_become_errors(tmp_path):
    folder = _corpus(tmp_path)
    items = [i for i in read_sources([folder / "items.jsonl"])]
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["L1", "L3", "L4", "L5"]
    first, bad_json, no_body, html = items
    assert (first.body, first.is_html, first.url, first.title, first.published) == (
        ARTICLE,
        False,
        "https://example.org/1",
        "One",
        "2023-06-13",
    )
    assert bad_json.reason == no_body.reason == "bad_json" and "line 3" in bad_json.error
    assert (html.body, html.is_html) == (HTML, True) and html.published == "2023-06-14"


def test_warc_yields_only_html_responses(tmp_path):
    folder = _corpus(tmp_path)
    items = list(read_sources([folder / "crawl.warc.gz"]))
    assert len(items) == 1
    assert (items[0].body, items[0].is_html) == (HTML.encode(), True)
    assert items[0].url == "https://example.org/nato.html"
    assert items[0].source.startswith(f"{folder / 'crawl.warc.gz'}#urn:uuid:")


def test_rss_and_atom_items_prefer_full_content(tmp_path):
    folder = _corpus(tmp_path)
    rss = list(read_sources([folder / "feed.xml"]))
    assert [i.title for i in rss] == ["NATO chief meets Biden", "Teaser only"]
    assert "Full story" in rss[0].body and rss[0].published == "2023-06-13T18:30:00"
    assert rss[0].source.endswith("#nato-1") and rss[1].body == "Only a summary of the story."
    atom = list(read_sources([folder / "atom.atom"]))
    assert atom[0].url == "https://example.org/atom-1" and atom[0].published == "2023-06-14T08:00:00"


def test_unreadable_sources_become_error_items(tmp_path):
    (tmp_path / "broken.warc.gz").write_bytes(gzip.compress(b"this is not a WARC file"))
    (tmp_path / "empty.xml").write_text("<html><body>not a feed</body></html>")
    items = list(
        read_sources([tmp_path / "missing.txt", tmp_path / "broken.warc.gz", tmp_path / "empty.xml"])
    )
    assert [i.reason for i in items] == ["missing", "bad_warc", "bad_feed"]
    assert all(i.error for i in items)


def test_a_file_of_unknown_type_named_explicitly_is_read_for_its_content_to_tell(tmp_path):
    (tmp_path / "story.article").write_text(ARTICLE)
    item = list(read_sources([tmp_path / "story.article"]))[0]
    assert (item.body, item.is_html) == (ARTICLE.encode(), None)


@pytest.mark.parametrize(
    "mapping, body, is_html",
    [
        ({"html": "<p>x</p>", "text": "x"}, "<p>x</p>", True),  # HTML first: it carries the metadata
        ({"html": "", "text": "x"}, "x", False),  # an empty field is no body
        ({"data": b"x"}, b"x", None),  # the Python API's name: HTML or not unknown
        ({"url": "https://example.org/"}, "", None),  # no body at all: an empty one, refused later
    ],
)
def test_one_rule_picks_a_mappings_body(mapping, body, is_html):
    item = SourceItem.from_mapping(mapping)
    assert (item.body, item.is_html, item.url) == (body, is_html, mapping.get("url"))


def test_date_stands_in_for_published_and_other_inputs_become_items():
    assert SourceItem.from_mapping({"text": "x", "date": "2023-06-13"}).published == "2023-06-13"
    assert SourceItem.of(b"x") == SourceItem(b"x")
    with pytest.raises(TypeError, match="cannot analyse an item of type int"):
        SourceItem.of(42)


def test_input_hash_is_the_one_stores_already_hold():
    """Stores written before items were typed must still find their sources unchanged."""
    html = SourceItem(b"<p>x</p>", True, "s", url="u", title="t", published="2023-06-13")
    assert html.input_hash() == "853712814f6f824e471779caf5f70de9"
    assert SourceItem("Café", False, "s").input_hash() == "ae8d41e6d5165df58dc564023703bf28"


def test_a_warc_cut_anywhere_in_its_last_record_is_reported(tmp_path):
    """warcio ends quietly, or hands out the remains, when a file stops inside a record."""
    _write_warc(tmp_path / "whole.warc.gz")
    data = (tmp_path / "whole.warc.gz").read_bytes()
    last_start = data.rindex(b"\x1f\x8b\x08")  # the gzip member of the last record (the request)
    for cut in range(last_start + 1, len(data), max(1, (len(data) - last_start) // 12)):
        (tmp_path / "cut.warc.gz").write_bytes(data[:cut])
        items = list(read_sources([tmp_path / "cut.warc.gz"]))
        assert [getattr(i, "reason", None) for i in items] == [None, "bad_warc"], cut
    uncompressed = gzip.decompress(data)  # cut inside the last record's content (the last 8 bytes are blank)
    (tmp_path / "cut.warc").write_bytes(uncompressed[:-12])
    assert [getattr(i, "reason", None) for i in read_sources([tmp_path / "cut.warc"])] == [None, "bad_warc"]


def test_a_malformed_feed_is_a_failure_and_items_without_id_are_numbered_from_1(tmp_path):
    items = "".join(
        f"<item><title>Story {n}</title><description>Story {n} happened.</description></item>"
        for n in (1, 2, 3)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    (tmp_path / "whole.rss").write_text(feed)
    (tmp_path / "cut.rss").write_text(feed[: feed.index("Story 3 happened")])
    whole = list(read_sources([tmp_path / "whole.rss"]))
    assert [i.source for i in whole] == [f"{tmp_path / 'whole.rss'}#{n}" for n in (1, 2, 3)]
    cut = list(read_sources([tmp_path / "cut.rss"]))
    assert [type(i).__name__ for i in cut][-1] == "ReadFailure"
    assert cut[-1].reason == "bad_feed" and cut[-1].source == str(tmp_path / "cut.rss")
    assert "malformed" in cut[-1].error
