"""Reports render every section and never let article content through unescaped."""

import json

import jsonschema
import pytest

from newsgraph.record import Article, json_schema
from newsgraph.report import render
from newsgraph.report.markdown import md
from newsgraph.report.segments import paragraphs

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def hostile_article() -> Article:
    text = f"{XSS} said hello.\n\nThe mayor of {XSS} left. | pipes # and *stars*"
    name_end = len(XSS)
    return Article.model_validate(
        {
            "id": "x1",
            "title": f"Title {XSS}",
            "publisher": XSS,
            "url": "javascript:alert(3)",
            "text": text,
            "authors": [XSS],
            "removed": [{"text": XSS, "reason": "caption"}],
            "entities": [
                {
                    "id": "E1",
                    "name": XSS,
                    "type": "PERSON",
                    "titles": [XSS],
                    "mentions": [{"start": 0, "end": name_end, "text": XSS}],
                }
            ],
            "quotes": [
                {
                    "kind": "indirect",
                    "content": [{"start": name_end + 6, "end": name_end + 11, "text": "hello"}],
                    "cue": [{"start": name_end + 1, "end": name_end + 5, "text": "said"}],
                    "source": [{"start": 0, "end": name_end, "text": XSS}],
                    "speaker": {"entity_id": "E1", "name": XSS},
                }
            ],
            "quantities": [{"start": 0, "end": 3, "text": XSS, "kind": "count", "value": 1}],
            "summary": {
                "sentences": [{"start": 0, "end": 5, "text": XSS}],
                "digest": {"who": [XSS], "what": XSS},
            },
        }
    )


def test_html_report_escapes_untrusted_content():
    page = render(hostile_article(), "html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=alert(2)>" not in page
    assert "Content-Security-Policy" in page


def test_html_report_highlights_entities_and_quotes():
    page = render(hostile_article(), "html")
    assert 'class="ent ent-PERSON" data-entity="E1"' in page
    assert 'class="q-content spk-0" data-quote="0"' in page
    assert 'class="q-cue" data-quote="0"' in page


def test_markdown_report_escapes_untrusted_content():
    report = render(hostile_article(), "markdown")
    assert "<script>" not in report and "<img" not in report
    assert f"| {md(XSS)} | PERSON |" in report  # a hostile name cannot break the table
    for section in (
        "## Who's who",
        "## Who said what",
        "## Key figures",
        "## Summary",
        "## Removed from the input",
    ):
        assert section in report


def test_md_escapes_markup_and_table_pipes():
    assert md("a|b *c* <i>") == "a\\|b \\*c\\* &lt;i&gt;"
    assert md("two\nlines") == "two lines"


def test_segments_cover_the_text_exactly():
    article = hostile_article()
    paras = paragraphs(article)
    assert len(paras) == 2
    rebuilt = "\n\n".join("".join(s.text for s in p) for p in paras)
    assert rebuilt == article.text
    first = paras[0][0]
    assert first.entity_id == "E1" and first.role == "source" and first.speaker_key == "E1"


def test_json_report_round_trips_and_validates_against_the_schema():
    article = hostile_article()
    data = json.loads(render(article, "json"))
    jsonschema.validate(data, json_schema())
    assert Article.model_validate(data) == article


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render(hostile_article(), "pdf")


def test_a_cue_ending_on_a_colon_is_labelled_once_in_both_reports():
    text = "Biden said: \u201cGod willing, we will keep this unity up.\u201d"
    article = Article.model_validate(
        {
            "id": "x2",
            "text": text,
            "quotes": [
                {
                    "kind": "direct",
                    "content": [{"start": 12, "end": len(text), "text": text[12:]}],
                    "cue": [{"start": 6, "end": 11, "text": "said:"}],
                    "source": [{"start": 0, "end": 5, "text": "Biden"}],
                    "speaker": {"entity_id": None, "name": "Biden"},
                }
            ],
        }
    )
    markdown, html = render(article, "markdown"), render(article, "html")
    assert "said: \u201cGod willing" in markdown and "said::" not in markdown
    assert "said:</span>" in html and "said::" not in html
