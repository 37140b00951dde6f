"""The explorer in a real browser: Playwright driving Debian's Chromium against a uvicorn server
over the test store (see test_web_api.py). Screenshots of the main pages go to
artifacts/screenshots/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from newsgraph.web.app import create_app
from test_web_api import PAYLOADS, XSS_ID, build_store, fixture_articles

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (make browser)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("browser") / "news.db", fixture_articles())
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the explorer did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs (an executed alert() payload) and console errors
    (a CSP violation, e.g. inline script or style the policy blocked)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _wait_for_network(page, base_url) -> None:
    """The network is computed in the background; its page reloads itself until it is ready."""
    page.goto(base_url + "/network")
    page.wait_for_selector("svg.graph", timeout=30_000)


def _entity_path(page, base_url, name: str) -> str:
    return f"/entity/{page.request.get(f'{base_url}/api/entities/{name}').json()['id']}"


@pytest.mark.parametrize("name, path, heading", [
    ("home", "/", "The collection"),
    ("search", "/search?q=budget", "Search"),
    ("article", "/article/city000000000002", "Council approves new transit budget"),
    ("quotes", "/quotes", "Who said what"),
    ("stories", "/stories", "Stories"),
    ("network", "/network", "Network"),
    ("analyse", "/analyse", "Analyse an article"),
])
def test_main_pages_render_without_errors(page, base_url, name, path, heading):
    if path == "/network":
        _wait_for_network(page, base_url)
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
    page.click("p.legend >> text=Ana Ruiz")
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
    _wait_for_network(page, base_url)
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
    _wait_for_network(page, base_url)
    for path in ["/", f"/article/{XSS_ID}", "/search?q=mayor", "/search?q=critics", dana,
                 "/quotes", "/network", "/stories"]:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.locator("img[src=x]").count() == 0, path
        scripts = page.evaluate("[...document.scripts].map(s => s.src || s.textContent)")
        assert all(s.endswith("/static/app.js") for s in scripts), (path, scripts)
    page.goto(f"{base_url}/article/{XSS_ID}")
    assert PAYLOADS[0] in page.inner_text("h1")  # shown as text
    assert page.locator("a.source-link").count() == 0  # its javascript: URL is not a link
    page.goto(base_url + "/analyse")  # pasted payloads are escaped too
    page.fill("textarea[name=text]", f"Officials met {PAYLOADS[0]} in Paris on Monday. {PAYLOADS[1]} " * 3)
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("article.text")
    assert page.locator("img[src=x]").count() == 0
    assert page.dialogs == []
