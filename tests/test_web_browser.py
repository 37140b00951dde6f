"""The explorer in a real browser: Playwright driving Debian's Chromium against a uvicorn server
over the test store (see test_web_api.py). Screenshots of the main pages go to
artifacts/screenshots/."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from newsgraph.web.app import create_app
from test_web_api import PAYLOADS, XSS_ID, build_store, fixture_articles, namesake_article

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (make browser)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _serve(store: Path) -> Iterator[str]:
    """The explorer over ``store`` in a uvicorn server thread; yields its address."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the explorer did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with _serve(build_store(tmp_path_factory.mktemp("browser") / "news.db", fixture_articles())) as url:
        yield url


@pytest.fixture(scope="module")
def namesakes_url(tmp_path_factory):
    """The fixture with a second Park: "Park" alone is ambiguous."""
    articles = [*fixture_articles(), namesake_article()]
    with _serve(build_store(tmp_path_factory.mktemp("namesakes") / "news.db", articles)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def _open_page(browser, width: int):
    """A fresh page that records dialogs (an executed alert() payload) and console errors
    (a CSP violation, e.g. inline script or style the policy blocked)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page


@pytest.fixture
def page(browser):
    context, page = _open_page(browser, 1280)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A page 400 px wide, as on a small phone."""
    context, page = _open_page(browser, 400)
    yield page
    context.close()


def _entity_path(page, base_url, name: str) -> str:
    return f"/entity/{page.request.get(f'{base_url}/api/entities/{name}').json()['id']}"


@pytest.mark.parametrize(
    "name, path, heading",
    [
        ("home", "/", "The collection"),
        ("search", "/search?q=budget", "Search"),
        ("article", "/article/city000000000002", "Council approves new transit budget"),
        ("quotes", "/quotes", "Who said what"),
        ("stories", "/stories", "Stories"),
        ("network", "/network", "Network"),
        ("articles", "/articles", "Articles"),
        ("entities", "/entities", "People, organisations and places"),
        ("compare", "/compare?entity=Lee+Park&entity=Ana+Ruiz", "Compare coverage: Lee Park, Ana Ruiz"),
        ("analyse", "/analyse", "Analyse an article"),
    ],
)
def test_main_pages_render_without_errors(page, base_url, name, path, heading):
    response = page.goto(base_url + path)
    assert response.status == 200
    assert page.locator("h1").first.inner_text().startswith(heading)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.errors == []


def test_search_then_click_through_to_a_speaker(page, base_url):
    page.goto(base_url + "/")
    page.fill("header form.quick input[name=q]", "riders")
    page.press("header form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=riders")
    assert "2 articles" in page.inner_text("#result-count")
    page.click("ul.facet-speaker >> text=Sam Ortiz")
    assert "1 article" in page.inner_text("#result-count")
    page.click(".hit .title a")
    assert page.inner_text("h1") == "Transit riders welcome budget as buses arrive"
    page.click("#speaker-legend >> text=Ana Ruiz")  # open on a wide screen
    assert page.inner_text("#entity-name").startswith("Ana Ruiz")
    assert "more routes would follow in May" in page.inner_text("#entity-quotes")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "entity.png"), full_page=True)


def test_quote_highlights_render_in_speaker_colours(page, base_url):
    page.goto(base_url + "/article/city000000000002")
    colour = "el => getComputedStyle(el).backgroundColor"
    first = page.locator('.q-content[data-quote="0"]').first.evaluate(colour)
    second = page.locator('.q-content[data-quote="1"]').first.evaluate(colour)
    assert first not in ("rgba(0, 0, 0, 0)", "transparent") and first != second
    page.hover('.q-content[data-quote="1"]')  # the script outlines every part of the quote
    assert page.locator('[data-quote="1"].focus').count() >= 2  # content and cue
    entity_link = page.locator("article.text a.ent-PERSON").first
    assert entity_link.evaluate("el => getComputedStyle(el).borderBottomStyle") == "solid"


def test_network_nodes_open_entity_pages(page, base_url):
    page.goto(base_url + "/network")
    page.click('svg.graph a.node:has(text:text-is("Lee Park"))')
    assert page.inner_text("#entity-name").startswith("Lee Park")


def test_analyse_a_pasted_article(page, base_url, example_text):
    page.goto(base_url + "/analyse")
    page.fill("textarea[name=text]", example_text)
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("article.text")
    assert "NATO Chief Meets Biden" in page.inner_text("h1")
    assert page.locator("article.text a.ent").count() > 5
    assert page.errors == []


def test_xss_payloads_never_execute(page, base_url):
    dana = _entity_path(page, base_url, 'Dana Vo"><img src=x onerror=alert(1)>'.replace("/", "%2F"))
    for path in [
        "/",
        f"/article/{XSS_ID}",
        "/search?q=mayor",
        "/search?q=critics",
        dana,
        "/quotes",
        "/network",
        "/stories",
    ]:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.locator("img[src=x]").count() == 0, path
        scripts = page.evaluate("[...document.scripts].map(s => s.src || s.textContent)")
        assert all(s.startswith(base_url + "/static/") for s in scripts), (path, scripts)
    page.goto(f"{base_url}/article/{XSS_ID}")
    assert PAYLOADS[0] in page.inner_text("h1")  # shown as text
    assert page.locator("a.source-link").count() == 0  # its javascript: URL is not a link
    page.goto(base_url + "/analyse")  # pasted payloads are escaped too
    page.fill("textarea[name=text]", f"Officials met {PAYLOADS[0]} in Paris on Monday. {PAYLOADS[1]} " * 3)
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("article.text")
    assert page.locator("img[src=x]").count() == 0
    assert page.dialogs == []


# -- issue 13: browsing, exports, charts, network controls, small screens ----------------------

EVERY_PAGE = [
    "/",
    "/search?q=budget",
    "/article/city000000000002",
    f"/article/{XSS_ID}",
    "/quotes",
    "/stories",
    "/network",
    "/articles",
    "/entities",
    "/compare?entity=Lee+Park&entity=Ana+Ruiz",
    "/analyse",
    "/api/docs",
    "/entity/Lee%20Park",
]


def _horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_page_scrolls_sideways_at_400_px(phone, base_url):
    drawn = {
        "/api/docs": ".swagger-ui .opblock",
        "/": "figure.volume canvas",
        "/compare": "figure.volume canvas",
    }
    for path in EVERY_PAGE:
        phone.goto(base_url + path)
        if path.split("?")[0] in drawn:  # what scripts draw after the load can be wide too
            phone.wait_for_selector(drawn[path.split("?")[0]])
        assert _horizontal_overflow(phone) <= 0, path
    assert phone.errors == []


def test_article_text_comes_first_on_a_phone_and_the_legend_folds(phone, base_url):
    phone.goto(base_url + "/article/city000000000002")
    legend = phone.locator("#speaker-legend")
    assert legend.evaluate("el => el.open") is False
    assert not phone.locator("#speaker-legend >> text=Ana Ruiz").is_visible()
    text_top = phone.locator("article.text").bounding_box()["y"]
    assert text_top < 900  # the article starts on the first screen
    phone.click("#speaker-legend summary")
    assert phone.locator("#speaker-legend >> text=Ana Ruiz").is_visible()


def test_volume_chart_draws_on_a_time_axis_and_switches_period(page, base_url):
    page.goto(base_url + "/")
    figure = page.locator("figure.volume")
    figure.locator(".volume-plot canvas").wait_for()
    assert figure.get_attribute("data-drawn-unit") == "day"  # five weeks of articles: days
    assert "3 dated articles" in figure.locator(".volume-note").inner_text()
    figure.locator("button[data-unit=month]").click()
    page.locator("figure.volume[data-drawn-unit=month]").wait_for()  # a selector: no eval under the CSP
    assert "per month" in figure.locator(".volume-note").inner_text()
    assert page.url.endswith("?unit=month")  # a permalink
    page.reload()
    page.locator("figure.volume[data-drawn-unit=month]").wait_for()  # a selector: no eval under the CSP
    assert page.errors == []


def test_compare_shows_each_entity_as_a_series(page, base_url):
    page.goto(base_url + "/entity/Lee%20Park")
    page.fill("#compare-form input[type=text]", "Ana Ruiz")
    page.click("#compare-form button")
    page.wait_for_url("**/compare?**")
    assert page.inner_text("h1") == "Compare coverage: Lee Park, Ana Ruiz"
    page.locator(".volume-plot canvas").wait_for()
    legend = page.inner_text("figure.volume .u-legend")
    assert "Lee Park" in legend and "Ana Ruiz" in legend
    assert page.errors == []


def test_articles_facets_sort_and_page_size_change_what_is_shown(page, base_url):
    page.goto(base_url + "/articles")
    assert page.inner_text("#result-count").startswith("3 articles")
    page.click("ul.facet-publisher >> text=Harbor Times")
    assert page.inner_text("#result-count").startswith("1 article")
    assert page.locator("#articles-table tr").count() == 2  # header and one article
    page.goto(base_url + "/articles")
    page.select_option("form.controls select[name=sort]", "-quotes")
    page.select_option("form.controls select[name=limit]", "50")
    page.click("form.controls button")
    assert "sort=-quotes" in page.url and "limit=50" in page.url
    quotes = [int(cell) for cell in page.locator("#articles-table td:nth-child(5)").all_inner_texts()]
    assert quotes == sorted(quotes, reverse=True)
    assert page.errors == []


def test_entities_filter_by_type_and_name(page, base_url):
    page.goto(base_url + "/entities")
    page.fill("form.filters input[name=q]", "ana")
    page.click("form.filters button")
    names = page.locator("#entities-table td:first-child").all_inner_texts()
    assert names == ["Ana Ruiz"]
    assert page.errors == []


def test_quote_export_equals_the_rows_shown(page, base_url):
    page.goto(base_url + "/quotes?speaker=Lee+Park")
    shown = [cell.strip() for cell in page.locator("#quotes-table td:nth-child(3)").all_inner_texts()]
    rows = page.request.get(base_url + page.get_attribute("p.exports a.export-json", "href")).json()
    assert len(rows) == len(shown) == 3
    assert all(cell.startswith(row["text"]) for cell, row in zip(shown, rows, strict=True))


def test_network_controls_filter_links_pan_and_zoom(page, base_url):
    page.goto(base_url + "/network")
    assert page.locator("svg.graph line.edge:visible").count() == 6
    page.uncheck("input[name=kind][value=quoted_together]")
    assert page.locator("svg.graph line.edge:visible").count() == 2  # the two meetings
    assert page.inner_text("#links-shown") == "2"
    assert "kind=met" in page.url and "kind=quoted_together" not in page.url
    assert "kind=met" in page.get_attribute("p.exports a.export-csv", "href")
    page.check("input[name=kind][value=quoted_together]")
    page.fill("input[name=min_weight]", "2")  # a range input takes a value like this
    # Lee Park and Ana Ruiz, quoted together twice
    assert page.locator("svg.graph line.edge:visible").count() == 1
    assert "min_weight=2" in page.url
    before = page.evaluate("document.getElementById('graph').viewBox.baseVal.width")
    page.click("button[data-zoom=in]")
    assert page.evaluate("document.getElementById('graph').viewBox.baseVal.width") < before
    page.click("button[data-zoom=reset]")
    assert page.evaluate("document.getElementById('graph').viewBox.baseVal.width") == before
    box = page.locator("svg.graph").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 70, steps=5)
    page.mouse.up()
    assert page.evaluate("document.getElementById('graph').viewBox.baseVal.x") < 0  # panned right
    labels = page.locator("svg.graph text.label:visible").evaluate_all(
        "els => els.map(e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })"
    )
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
    )  # no label overlaps another
    assert page.errors == []


def test_api_docs_render_from_local_assets(page, base_url):
    outside = []
    page.on("request", lambda request: request.url.startswith(base_url) or outside.append(request.url))
    page.goto(base_url + "/")
    page.click("header nav >> text=API")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert outside == [] and page.errors == []


def _shown_quotes(page) -> list[str]:
    return [link.strip() for link in page.locator("#quotes-table a.quote-link").all_inner_texts()]


def test_quote_filter_controls_change_the_view_and_the_export_equals_it(page, base_url):
    page.goto(base_url + "/quotes")
    everything = _shown_quotes(page)
    page.select_option("#quote-filters select[name=kind]", "indirect")
    page.click("#quote-filters button")
    assert "kind=indirect" in page.url  # the view is a permalink
    indirect = _shown_quotes(page)
    assert 0 < len(indirect) < len(everything)
    assert page.locator("#quote-filters select[name=kind]").input_value() == "indirect"
    for fmt in ("json", "csv"):
        href = page.get_attribute(f"p.exports a.export-{fmt}", "href")
        assert "kind=indirect" in href
    rows = page.request.get(base_url + page.get_attribute("p.exports a.export-json", "href")).json()
    assert [row["text"] for row in rows] == indirect
    page.select_option("#quote-filters select[name=resolved]", "0")
    page.click("#quote-filters button")
    assert _shown_quotes(page) == []  # every fixture speaker is resolved
    assert page.errors == []


def test_a_quote_link_opens_the_article_at_the_quote_highlighted_on_a_phone(phone, base_url):
    phone.goto(base_url + "/quotes?sort=date")
    link = phone.locator("#quotes-table a.quote-link").last
    seq = link.get_attribute("href").rsplit("#q-", 1)[1]
    link.click()
    phone.wait_for_url(f"**/article/**#q-{seq}")
    anchor = phone.locator(f"#q-{seq}")
    phone.locator("article.text .linked").first.wait_for()
    box = anchor.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 900  # in view on a 400×900 screen
    assert anchor.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    parts = phone.locator(f'article.text [data-quote="{seq}"]')
    assert parts.count() == phone.locator(f'article.text [data-quote="{seq}"].linked').count() > 0
    assert phone.errors == []


def test_an_ambiguous_name_lists_its_candidates_with_links(page, namesakes_url):
    response = page.goto(namesakes_url + "/entity/Park")
    assert response.status == 300  # Multiple Choices: the candidates, not one picked silently
    assert page.inner_text("h1") == "“Park” could be"
    assert page.locator("#candidates li").all_inner_texts() == [
        "Lee Park PERSON, 3 quotes, 3 articles",
        "Mia Park PERSON, 1 quote, 1 article",
    ]
    page.click("#candidates >> text=Mia Park")
    assert page.inner_text("#entity-name").startswith("Mia Park")
    page.goto(namesakes_url + "/quotes")
    page.fill("#quote-filters input[name=speaker]", "Park")
    page.click("#quote-filters button")
    notice = page.locator("#ambiguous-speaker")
    assert notice.inner_text().startswith("“Park” could be: Lee Park (3 quotes, 3 articles), Mia Park")
    assert len(_shown_quotes(page)) == 4  # both of them, until one is picked
    notice.locator("text=Mia Park").click()
    assert _shown_quotes(page) == ["“The harbour will reopen in May,”"]
    assert page.locator("#ambiguous-speaker").count() == 0
    assert page.errors == []
