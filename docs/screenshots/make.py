"""Make the README's dashboard screenshots: Debian's Chromium, headless, on a database holding
the shared captures the README loads.

    python docs/screenshots/make.py --db ungawatch.duckdb

Each picture is the top of the page at 1400 × 1000 px (the compare page waits until the
background worker has computed its ideal points, reloading itself meanwhile).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from ungawatch.web.server import running

HERE = Path(__file__).resolve().parent
SHOTS = {
    "series": ("/series/c3-situation-of-human-rights-in-prk", "#grid", 0),
    "resolution": ("/resolutions/A/RES/78/220", "#map svg.world", 0),
    "vote": ("/votes/unvotes/4604", "#map svg.world", 0),
    "compare": ("/compare?states=KOR,USA,CHN,RUS", "#ideal-points svg.chart", 0),
    "series-grid": ("/series/c3-situation-of-human-rights-in-prk", "#grid-section", 1),
}


def drawn(page: Page, url: str, selector: str) -> None:
    """Open `url` and wait for `selector`: a page still computing reloads itself meanwhile."""
    page.goto(url)
    page.wait_for_selector(selector, timeout=600_000)
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    options = parser.parse_args()
    with running(options.db) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, (path, selector, scroll) in SHOTS.items():
            drawn(page, base + path, selector)
            if scroll:
                page.locator(selector).scroll_into_view_if_needed()
                page.evaluate(f"document.querySelector('{selector}').scrollIntoView()")
            page.screenshot(path=str(HERE / f"{name}.png"))
            print(f"{name}.png: {path}")
        browser.close()


if __name__ == "__main__":
    main()
