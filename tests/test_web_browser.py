"""The dashboard in a real browser: Debian's Chromium driven by Playwright, headless.

The walk a reader takes: search "North Korea human rights" -> the series grid -> click the
Republic of Korea's session-78 cell -> the resolution page (map, sponsors, documents) -> the
state page. Every request the browser makes is watched: none may leave this machine, and the
console must stay free of errors. Screenshots go to artifacts/screenshots/ for CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from conftest import REPO
from ungawatch.web.server import running

CHROMIUM = Path("/usr/bin/chromium")
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
DPRK_TITLE = "Situation of human rights in the Democratic People's Republic of Korea"


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
        if message.type == "error":
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


@pytest.fixture
def site(loaded_db: Path) -> Iterator[str]:
    with running(loaded_db) as base:
        yield base


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


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
    assert cell.get_attribute("data-role") == "original"
    assert page.locator("#row-KOR th.state").inner_text() == "Republic of Korea"
    cell.scroll_into_view_if_needed()
    shot(page, "1-series-grid")

    cell.locator("a").click()
    page.wait_for_selector("#map svg.world path[data-state='KOR']")
    assert page.url.endswith("/resolutions/A/RES/78/218#state-KOR")
    assert "Republic of Korea" in page.inner_text("#sponsors-original")
    assert "Japan" in page.inner_text("#sponsors-additional")
    library = page.locator("a.external").first.get_attribute("href") or ""
    assert library.startswith("https://digitallibrary.un.org/search?p=")
    shot(page, "2-resolution")

    page.locator("#state-KOR a").click()
    page.wait_for_selector("#timeline")
    assert page.inner_text("h1") == "Republic of Korea"
    page.fill("#compare", "USA, Iran")
    page.press("#compare", "Enter")
    page.wait_for_selector("#agreement svg.chart")
    shot(page, "3-state")

    page.goto(f"{site}/resolutions/A/RES/78/220")
    page.wait_for_selector("#map svg.world path.vote-N")
    shot(page, "4-recorded-vote")
    context.close()

    assert watch.errors == []
    assert watch.off_machine(site) == []
    assert any(url.endswith("countries-110m.json") for url in watch.requests)
