"""Fuzzing as a tested property: whatever bytes or text come in (any encoding, truncated,
concatenated, random HTML), ``prepare`` and ``analyze`` give an article or raise an
``InputError`` with a documented reason, never anything else, and ``analyze_many`` yields one
result per input and never stops.

``make test`` runs a fixed number of examples per property (the ``ci`` hypothesis profile of
conftest.py, 40); ``make fuzz`` runs many more (the ``fuzz`` profile) and prints the statistics.
"""

from __future__ import annotations

import ast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from newsgraph.errors import FAILURE_REASONS, InputError
from newsgraph.ingest import prepare

FUZZ_EXAMPLES = settings.default.max_examples  # the profile conftest.py loaded
# analyze runs the whole NLP pipeline (~0.1-0.3 s a document): a quarter of the examples.
ANALYZE_EXAMPLES = max(FUZZ_EXAMPLES // 4, 5)
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "mac_roman",
    "cp437",
    "koi8-r",
    "iso-8859-7",
    "shift_jis",
    "gb18030",
    "big5",
    "euc-kr",
]
# Encodings that carry every character of the examples, and say which they are (BOM) or are UTF-8.
LOSSLESS = ["utf-8", "utf-8-sig", "utf-16", "utf-32"]
TAGS = [
    "div",
    "p",
    "span",
    "a",
    "article",
    "section",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "ul",
    "li",
    "table",
    "tr",
    "td",
    "blockquote",
    "figure",
    "figcaption",
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "form",
    "br",
    "b",
    "i",
]


def _reasons_in_code() -> set[str]:
    """Every reason string the package can put on an error: ``reason=`` keywords, defaults of
    ``reason`` parameters, and the reason argument of ``InputError(…)`` and the readers' ``_error(…)``."""
    positions = {"InputError": 1, "ReadFailure": 2}
    found = set()
    for path in (ROOT / "newsgraph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                values = [k.value for k in node.keywords if k.arg == "reason"]
                if name in positions and len(node.args) > positions[name]:
                    values.append(node.args[positions[name]])
                found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
            elif isinstance(node, ast.FunctionDef):
                params = node.args.args[len(node.args.args) - len(node.args.defaults) :]
                found |= {
                    d.value
                    for p, d in zip(params, node.args.defaults, strict=True)
                    if p.arg == "reason" and isinstance(d, ast.Constant)
                }
            elif isinstance(node, ast.ClassDef) and node.name == "ReadFailure":
                found |= {
                    field.value.value
                    for field in node.body  # its default reason
                    if isinstance(field, ast.AnnAssign)
                    and getattr(field.target, "id", None) == "reason"
                    and isinstance(field.value, ast.Constant)
                }
    return found


def test_every_failure_reason_in_the_code_is_documented():
    in_code = _reasons_in_code()
    assert {"empty", "binary", "no_text", "bad_json", "unreadable", "analysis_error"} <= in_code
    assert in_code <= set(FAILURE_REASONS), in_code - set(FAILURE_REASONS)


# -- strategies --------------------------------------------------------------------------------


@st.composite
def article_slices(draw) -> str:
    """A stretch of a real article: whole, or from any character to any later one."""
    text = draw(st.sampled_from(ARTICLES))
    start = draw(st.integers(0, len(text)))
    return text[start : draw(st.integers(start, len(text)))]


@st.composite
def encoded_articles(draw) -> bytes:
    """An article stretch in any encoding (characters it cannot carry replaced), maybe cut at
    any byte, maybe with a few bytes damaged."""
    data = draw(article_slices()).encode(draw(st.sampled_from(ENCODINGS)), "replace")
    data = data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data
    for _ in range(draw(st.integers(0, 3))):
        if data:
            position = draw(st.integers(0, len(data) - 1))
            data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
    return data


def html_trees(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Random (often malformed) markup: nested elements with attributes around ``text``."""
    attribute = st.sampled_from(
        [
            "",
            ' class="story"',
            ' id="main"',
            ' onload="alert(1)"',
            ' style="x"',
            ' href="javascript:alert(1)"',
            ' lang="en"',
            " data-x='<p>'",
        ]
    )
    leaf = st.one_of(
        text,
        st.sampled_from(
            [
                "&amp;",
                "&nbsp;",
                "&#x2019;",
                "&bogus;",
                "<!-- c -->",
                "<",
                "<![CDATA[x]]>",
                "</p>",
                "<br/>",
                "<?php ?>",
            ]
        ),
    )

    def markup(tag: str, attr: str, inner: list[str], closed: bool) -> str:
        return f"<{tag}{attr}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    def element(children):
        return st.builds(
            markup, st.sampled_from(TAGS), attribute, st.lists(children, max_size=4), st.booleans()
        )

    head = st.sampled_from(
        ["", "<html><body>", "<!DOCTYPE html><html>", "<html><head><title>T</title></head><body>"]
    )
    return st.builds(lambda start, body: start + body, head, st.recursive(leaf, element, max_leaves=25))


any_input = st.one_of(
    encoded_articles(),
    st.builds(lambda a, b: a + b, encoded_articles(), encoded_articles()),  # two files concatenated
    article_slices(),
    html_trees(article_slices()),
    html_trees(st.text(max_size=200)).map(lambda html: html.encode("utf-8", "surrogatepass")),
    st.binary(max_size=2000),
)


def _check_article_or_documented_error(call):
    try:
        result = call()
    except InputError as err:
        assert err.reason in FAILURE_REASONS and str(err)
        return None
    assert result.text.strip() and result.language == "en"
    return result


# -- properties --------------------------------------------------------------------------------


@FUZZ
@given(any_input)
def test_prepare_gives_an_article_or_a_documented_input_error(data):
    _check_article_or_documented_error(lambda: prepare(data))


@FUZZ
@given(article_slices(), st.sampled_from(LOSSLESS))
def test_text_in_an_encoding_that_carries_it_reads_back_exactly(text, encoding):
    try:
        as_text = prepare(text)
    except InputError as err:  # too short to be English, or all boilerplate: the same for the bytes
        assert _reason(lambda: prepare(text.encode(encoding))) == err.reason
    else:
        as_bytes = prepare(text.encode(encoding))
        assert (as_bytes.text, as_bytes.warnings) == (as_text.text, [])


@FUZZ
@given(
    article_slices(),
    st.sampled_from(["<script>alert(1)</script>", "<svg onload=alert(1)>", "<div><p>", "<html><body>"]),
)
def test_declared_text_is_never_parsed_as_html(text, markup):
    """Text declared as text keeps the markup it quotes (an HTML parser would drop or eat it)."""
    marked = text.replace("\n\n", f"\n\n{markup} ", 2)
    try:
        prepared = prepare(marked, is_html=False, language="en")
    except InputError as err:
        assert err.reason in {"empty", "no_text"}
        return
    assert prepared.input_format == "text"
    kept = " ".join(
        [
            prepared.text,
            *(r.text for r in prepared.removed),
            prepared.title or "",
            *prepared.authors,
            *prepared.contributors,
        ]
    )
    assert kept.count(markup) >= min(marked.count(markup), 1)


def _reason(call) -> str | None:
    try:
        call()
    except InputError as err:
        return err.reason
    return None


@settings(FUZZ, max_examples=ANALYZE_EXAMPLES)
@given(any_input)
def test_analyze_gives_an_article_or_a_documented_input_error(data):
    from newsgraph.pipeline import analyze

    article = _check_article_or_documented_error(lambda: analyze(data))
    if article is not None:
        spans = [*(m for e in article.entities for m in e.mentions), *article.times, *article.quantities]
        assert all(
            0 <= s.start <= s.end <= len(article.text) and article.text[s.start : s.end] == s.text
            for s in spans
        )


@settings(FUZZ, max_examples=max(ANALYZE_EXAMPLES // 4, 3))
@given(st.lists(any_input, min_size=1, max_size=6))
def test_analyze_many_yields_one_result_per_input_and_never_stops(batch):
    from newsgraph.pipeline import analyze_many
    from newsgraph.record import Failure

    results = list(analyze_many(batch))
    assert len(results) == len(batch)
    for index, result in enumerate(results):
        if isinstance(result, Failure):
            assert result.index == index and result.reason in FAILURE_REASONS
