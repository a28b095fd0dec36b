"""The dashboard in a real browser: Debian's Chromium driven by Playwright, headless, on the
full shared data.

Every page type is opened at 1400 px and at 375 px (a phone): the page itself must not scroll
sideways (wide grids scroll inside their box), the console must stay free of errors, no
request may leave this machine, and axe-core (vendored, run inside the page) must find no
serious or critical accessibility violation. Screenshots go to artifacts/screenshots/ for CI.
A reader's walk (search -> grid -> cell -> resolution -> state) and a keyboard walk follow.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from conftest import REPO
from ungawatch.web.server import running

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DPRK = "c3-situation-of-human-rights-in-prk"
DPRK_TITLE = "Situation of human rights in the Democratic People's Republic of Korea"
WIDTHS = (1400, 375)

# Each page type: a name, its URL and a selector that shows it is drawn.
PAGES = [
    ("network", "/network?session=78", "svg.network"),
    ("blocs", "/blocs?group=ASEAN", "#cohesion svg.chart"),
    ("home", "/", "#series-list"),
    ("search", "/search?q=rights", "#hits"),
    ("series", f"/series/{DPRK}", "#grid"),
    ("resolution", "/resolutions/A/RES/78/218", "#map svg.world"),
    ("resolution-vote-only", "/resolutions/A/RES/60/173", "#map svg.world"),
    ("resolution-committee", "/resolutions/A/RES/78/220", "#map svg.world"),
    ("vote", "/votes/unvotes/4604", "#map svg.world"),
    ("votes", "/votes", "#sessions"),
    ("votes-session", "/votes?year=2015&issue=hr", "#votes"),
    ("states", "/states", "#region-WEOG"),
    ("state", "/states/KOR?with=USA,CHN,FRA,RUS", "#agreement svg.chart"),
    ("compare", "/compare?states=KOR,USA,CHN,RUS", "#differences table"),
    ("changes", "/changes", "#changes"),
    ("api-docs", "/api/docs", ".swagger-ui .opblock"),
    ("not-found", "/states/Narnia", ".error"),
]


class Watch:
    """Every request and console error of a browser page."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []

    def attach(self, page: Page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        # The one expected error: the 404 page's own status, which Chromium reports.
        if message.type == "error" and "status of 404" not in message.text:
            self.errors.append(f"console: {message.text}")

    def off_machine(self, base: str) -> list[str]:
        host = urlsplit(base).netloc
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "about:")) and urlsplit(url).netloc != host
        ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(full_db: Path) -> Iterator[str]:
    with running(full_db) as base:
        yield base


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def open_drawn(page: Page, url: str, selector: str) -> None:
    """Go to `url` and wait until `selector` is drawn. A page whose analysis the server is
    still computing answers 202: asked again until it is done; a complete page that waits
    only for a side figure (the compare page's ideal points) is told to stop reloading."""
    deadline = time.monotonic() + 300
    while True:
        response = page.goto(url)
        assert response is not None
        if page.locator(selector).count() or response.status != 202:
            break
        assert time.monotonic() < deadline, f"{url}: still computing after 300 s"
        page.wait_for_timeout(2000)
    page.wait_for_selector(selector)
    stop = page.locator("#stop-reload")
    if stop.count():
        stop.click()


def horizontal_overflow(page: Page) -> int:
    """How far the page itself scrolls sideways (0 when everything fits)."""
    value = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return int(value)


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.evaluate(AXE.read_text("utf-8") + "\n;0")  # runs in the page, past its CSP
    found = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path", "selector"), PAGES, ids=[p[0] for p in PAGES])
def test_page_types(
    browser: Browser, site: str, name: str, path: str, selector: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    open_drawn(page, f"{site}{path}", selector)
    shot(page, f"{name}-{width}")
    overflow = horizontal_overflow(page)
    violations = serious_violations(page)
    context.close()
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
    assert watch.errors == []
    assert watch.off_machine(site) == []
    assert violations == []


def test_search_grid_resolution_state(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)

    page.goto(f"{site}/")
    page.fill("#search-box", "North Korea human rights")
    page.press("#search-box", "Enter")
    page.wait_for_selector("#grid")
    assert page.inner_text("h1") == DPRK_TITLE
    cell = page.locator("#row-KOR td.cell[data-session='78']")
    assert cell.get_attribute("class") == "cell role-original"
    assert page.locator("#row-KOR th.state").inner_text() == "Republic of Korea"
    assert page.locator("#row-KOR td.cell[data-session='60']").get_attribute("class") == (
        "cell role-unknown"
    )
    assert page.locator("#row-KOR td.no-document[data-session='72']").count() == 1
    cell.scroll_into_view_if_needed()
    shot(page, "walk-1-series-grid")

    cell.locator("a").click()
    page.wait_for_selector("#map svg.world path[data-state='KOR']")
    assert page.url.endswith("/resolutions/A/RES/78/218#state-KOR")
    assert "Republic of Korea" in page.inner_text("#sponsors-original")
    assert "Japan" in page.inner_text("#sponsors-additional")
    library = page.locator("a.external").first.get_attribute("href") or ""
    assert library.startswith("https://digitallibrary.un.org/search?p=")
    shot(page, "walk-2-resolution")

    page.locator("#state-KOR a").click()
    page.wait_for_selector("#timeline")
    assert page.inner_text("h1") == "Republic of Korea"
    page.fill("#compare", "USA, Iran")
    page.press("#compare", "Enter")
    page.wait_for_selector("#agreement svg.chart")
    shot(page, "walk-3-state")
    context.close()

    assert watch.errors == []
    assert watch.off_machine(site) == []
    assert any(url.endswith("countries-110m.json") for url in watch.requests)


def test_keyboard_and_map_colouring(browser: Browser, site: str) -> None:
    """The skip link comes first; the map's colouring switches from the keyboard."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/resolutions/A/RES/78/220")
    page.wait_for_selector("#map svg.world")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    usa = page.locator("#map path[data-state='USA']")
    first = page.locator("input[name='colour-map']").first
    assert first.get_attribute("value") == "committee_vote" and first.is_checked()
    assert usa.get_attribute("class") == "country vote-Y"  # voted yes in the Third Committee
    first.focus()
    page.keyboard.press("ArrowRight")  # radio group: the next choice, sponsor role
    assert usa.get_attribute("class") == "country role-original"
    context.close()
