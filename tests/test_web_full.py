"""The dashboard and API on the full shared data (session-78 MARCXML, document texts, 870,109
recorded votes), through a real uvicorn server on loopback.

What a journalist asked of it: every session of the DPRK text with its gaps marked, a page
for every resolution however it is known (six of its sessions are known only from their
recorded vote), every recorded vote with its map, committee votes shown as committee votes,
the API saying what the CLI says. A crawler walks the links from the home page.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.html
import pytest
from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from typer.testing import CliRunner

from ungawatch.cli import app
from ungawatch.web import api, briefings
from ungawatch.web.server import running

DPRK = "c3-situation-of-human-rights-in-prk"
runner = CliRunner()


@pytest.fixture(scope="module")
def site(full_db: Path) -> Iterator[httpx.Client]:
    with running(full_db) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


def test_background_analyses_answer_202_then_the_result(site: httpx.Client) -> None:
    """Asked first, before any page sets the worker on the (longer) ideal points."""
    first = site.get("/api/v1/network", params={"year": 2023})
    assert first.status_code in (200, 202)
    if first.status_code == 202:
        assert first.json()["status"] == "computing" and first.headers["retry-after"]
    deadline = time.monotonic() + 240
    while first.status_code == 202 and time.monotonic() < deadline:
        time.sleep(1)
        first = site.get("/api/v1/network", params={"session": 78})
    view = first.json()
    assert first.status_code == 200 and view["session"] == 78 and view["year"] == 2023
    assert {"KOR", "USA"} <= {n["state_code"] for n in view["nodes"]}
    assert all(0 <= node["x"] <= 1 and 0 <= node["y"] <= 1 for node in view["nodes"])
    page = site.get("/network", params={"session": 78})
    assert page.status_code == 200 and 'class="network"' in page.text


# One URL for each JSON route; a route added without one fails the test below.
ROUTE_EXAMPLES = {
    "/api/v1/search": "/api/v1/search?q=Korea",
    "/api/v1/series": "/api/v1/series",
    "/api/v1/series/{series_id}": f"/api/v1/series/{DPRK}",
    "/api/v1/series/{series_id}/history": f"/api/v1/series/{DPRK}/history",
    "/api/v1/series/{series_id}/sponsor-counts": f"/api/v1/series/{DPRK}/sponsor-counts",
    "/api/v1/series/{series_id}/tallies": f"/api/v1/series/{DPRK}/tallies",
    "/api/v1/resolutions/{symbol:path}": "/api/v1/resolutions/A/RES/78/220",
    "/api/v1/votes": "/api/v1/votes?session=78",
    "/api/v1/votes/sessions": "/api/v1/votes/sessions",
    "/api/v1/votes/{source_kind}/{record_id:path}": "",  # the first vote /api/v1/votes lists
    "/api/v1/states": "/api/v1/states",
    "/api/v1/states/{name}": "/api/v1/states/KOR?with=USA,CHN",
    "/api/v1/compare": "/api/v1/compare?states=KOR,USA",
    "/api/v1/compare/differences": "/api/v1/compare/differences?states=KOR,USA",
    "/api/v1/changes": "/api/v1/changes?session=78",
    "/api/v1/agreement": "/api/v1/agreement?a=KOR&b=USA",
    "/api/v1/idealpoints": "/api/v1/idealpoints?start=73&end=74",
    "/api/v1/cohesion": "/api/v1/cohesion?group=EU&start=73&end=74",
    "/api/v1/network": "/api/v1/network?session=78",
    "/api/v1/status": "/api/v1/status",
    "/api/v1/briefings/{series_id}/{session}": f"/api/v1/briefings/{DPRK}/78",
}


def test_every_json_answer_is_exactly_its_model(site: httpx.Client) -> None:
    """Answers are serialized as the views build them, unvalidated (`web.responses.as_json`):
    each must come back unchanged from its route's response model, so a field the model
    lacks, one missing or one of another type fails here."""
    models = {
        route.path: route.response_model
        for router in (api.router, briefings.api)
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods and route.response_model
    }
    assert set(ROUTE_EXAMPLES) == set(models)
    first_vote = site.get("/api/v1/votes", params={"session": 78}).json()["items"][0]
    examples = {
        **ROUTE_EXAMPLES,
        "/api/v1/votes/{source_kind}/{record_id:path}": (
            f"/api/v1/votes/{first_vote['source_kind']}/{first_vote['record_id']}"
        ),
    }
    for path, url in examples.items():
        response = site.get(url)
        deadline = time.monotonic() + 240
        while response.status_code == 202 and time.monotonic() < deadline:
            time.sleep(0.5)
            response = site.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        adapter = TypeAdapter(models[path])
        again = adapter.dump_python(adapter.validate_json(response.content), mode="json")
        assert again == response.json(), url


def test_series_page_shows_every_session_and_its_gaps(site: httpx.Client) -> None:
    view = site.get(f"/api/v1/series/{DPRK}").json()
    columns = {c["session"]: c for c in view["sessions"]}
    # Session 71 and 79 are held by press releases (GA/SHC/4188, GA/SHC/4432).
    assert sorted(columns) == list(range(60, 80))
    assert [s for s, c in columns.items() if not c["held"]] == [67, 68, *range(72, 78)]
    assert columns[72]["year"] == 2017
    counts = {c["session"]: c for c in view["sponsor_counts"]}
    # Known only from their recorded vote: counts unknown (null), never 0.
    assert counts[60]["total"] is None and counts[60]["original"] is None
    assert (counts[62]["total"], counts[78]["original"]) == (48, 40)
    plenary = {t["session"]: t for t in view["tallies"] if t["body"] == "plenary"}
    assert (plenary[60]["yes"], plenary[60]["no"], plenary[60]["abstain"]) == (88, 21, 60)
    assert plenary[78]["method"] is None  # no record of the 2023 adoption is loaded
    korea = next(row for row in view["rows"] if row["state_code"] == "KOR")
    cells = dict(zip(columns, korea["cells"], strict=True))
    assert cells[67] is None  # no document: no cell
    assert (cells[60]["sponsor_role"], cells[60]["vote"]) == ("unknown", "A")
    assert (cells[62]["sponsor_role"], cells[78]["sponsor_role"]) == ("not_sponsor", "original")
    csv_text = site.get(f"/api/v1/series/{DPRK}/sponsor-counts", params={"format": "csv"}).text
    assert "60,2005,,,,," in csv_text.splitlines()
    page = site.get(f"/series/{DPRK}").text
    assert page.count('class="session no-document"') == 8
    assert 'data-session="67"' in page and "no document of this text" in page


def test_a_resolution_known_only_from_its_vote_has_a_page(site: httpx.Client) -> None:
    page = site.get("/resolutions/A/RES/60/173")
    assert page.status_code == 200
    assert "its recorded vote only" in page.text and 'id="sponsors-unknown"' in page.text
    assert 'href="/votes/unvotes/4604"' in page.text
    view = site.get("/api/v1/resolutions/A/RES/60/173").json()
    assert (view["adoption"]["yes"], view["series_id"]) == (88, DPRK)
    assert [r["id"] for r in view["roll_calls"]] == ["unvotes:4604"]


def test_every_recorded_vote_has_a_page_with_its_map(site: httpx.Client) -> None:
    view = site.get("/api/v1/votes/unvotes/4604").json()
    assert (view["roll_call"]["symbol"], view["roll_call"]["year"]) == ("A/RES/60/173", 2005)
    votes = {line["state_code"]: line["vote"] for line in view["states"]}
    assert (votes["KOR"], votes["PRK"]) == ("A", "N")
    headings = [group["heading"] for group in view["groups"]]
    assert headings[:3] == ["In favour", "Against", "Abstaining"]
    against = next(group for group in view["groups"] if group["vote"] == "N")
    assert against["count"] == 21
    assert sum(len(g["states"]) for g in against["groups"]) == 21
    page = site.get("/votes/unvotes/4604").text
    assert 'id="map"' in page and "Group of Asia-Pacific States" in page
    rows = site.get("/api/v1/votes/unvotes/4604", params={"format": "csv"}).text.splitlines()
    assert rows[0].startswith("state_code,state,region,iso_numeric,vote")
    assert len(rows) == 1 + 191


def test_votes_browse_by_session_or_year_and_issue(site: httpx.Client) -> None:
    by_session = site.get("/api/v1/votes", params={"session": 70, "issue": "hr"}).json()
    by_year = site.get("/api/v1/votes", params={"year": 2015, "issue": "Human rights"}).json()
    assert by_session["items"] == by_year["items"] and by_session["total"] > 0
    assert (by_year["session"], by_year["year"], by_year["asked"]) == (
        70,
        2015,
        "year 2015 = session 70 (2015–16)",
    )
    assert all("Human rights" in item["issues"] for item in by_year["items"])
    page = site.get("/votes", params={"year": 2015}).text
    assert "year 2015 = session 70 (2015–16)" in page and 'href="/votes/unvotes/' in page


def test_committee_votes_shown_as_committee_votes(site: httpx.Client) -> None:
    view = site.get("/api/v1/resolutions/A/RES/78/220").json()
    assert view["adoption"] is None
    assert view["committee_vote_counts"]["Y"] == 80 and view["committee_vote_counts"]["N"] == 29
    page = site.get("/resolutions/A/RES/78/220").text
    usa = re.search(r'<tr id="state-USA">.*?</tr>', page)
    assert usa is not None
    assert "vote not in the database" in usa.group(0) and "voted yes" in usa.group(0)
    assert 'id="committee-groups"' in page and 'id="plenary-groups"' not in page


def test_state_page_with_four_comparisons_counts_plenary_votes(site: httpx.Client) -> None:
    view = site.get("/api/v1/states/KOR", params={"with": "USA,CHN,FRA,RUS"}).json()
    assert [a["b"]["code"] for a in view["agreement"]] == ["USA", "CHN", "FRA", "RUS"]
    for pair in view["agreement"]:
        sessions = [row["session"] for row in pair["sessions"]]
        assert 78 not in sessions and 75 not in sessions  # committee votes only then
    assert [s["session"] for s in view["sessions"]] == list(range(40, 80))
    page = site.get("/states/KOR", params={"with": "USA,CHN,FRA,RUS"}).text
    assert "agreement with KOR" in page and "session (year it opened)" in page
    assert 'data-series="c3-situation-of-human-rights-in-prk"' in page


def test_compare_page(site: httpx.Client) -> None:
    view = site.get("/api/v1/compare", params={"states": "KOR,USA"}).json()
    assert [s["code"] for s in view["states"]] == ["KOR", "USA"]
    listed = site.get("/api/v1/compare/differences", params={"states": "KOR,USA"}).json()
    assert listed["total"] == view["differences"] > 0
    assert listed["items"][0] == view["latest_differences"][0]
    page = site.get("/compare", params={"states": "KOR,USA,CHN,RUS"})
    assert page.status_code in (200, 202)  # 202 while ideal points are being computed
    assert 'id="differences"' in page.text and 'id="cosponsorship"' in page.text


def test_changes_page_needs_no_typing(site: httpx.Client) -> None:
    page = site.get("/changes").text
    # Session 79 is held by a press release only: nothing to compare, so 78 is the default.
    assert "What changed in session 78 (2023)" in page
    assert '<a href="/resolutions/A/C.3/78/L.39">A/C.3/78/L.39</a>' in page
    by_state = site.get("/changes", params={"state": "KOR", "q": "Korea"}).text
    assert "Republic of Korea voted yes" in by_state and "every session" in by_state


@pytest.mark.parametrize(
    ("params", "args"),
    [
        ({"session": 78}, ["--session", "78"]),
        ({"year": 2015, "state": "USA"}, ["--year", "2015", "--country", "USA"]),
        (
            {"q": "Democratic People's Republic of Korea", "state": "KOR"},
            ["--query", "Democratic People's Republic of Korea", "--country", "KOR"],
        ),
    ],
)
def test_changes_api_says_what_the_cli_says(
    site: httpx.Client, full_db: Path, params: dict[str, object], args: list[str]
) -> None:
    printed = runner.invoke(app, ["changes", *args, "--db", str(full_db), "--json"])
    assert printed.exit_code == 0, printed.output
    expected = json.loads(printed.stdout)
    page = site.get("/api/v1/changes", params={**params, "limit": 1000}).json()
    assert page["total"] == len(expected) > 0
    assert page["items"] == expected


def test_series_pages_link_only_to_texts_with_a_page(site: httpx.Client) -> None:
    """A document text printed without its symbol (the session-61 Myanmar text in undocs/)
    is stored under a keyed id ("text:61/C.3/..."): its column is shown, but not linked."""
    series = site.get("/api/v1/series", params={"limit": 1000}).json()["items"]
    keyed, targets = [], set()
    for entry in series:
        page = site.get(f"/series/{entry['id']}")
        assert page.status_code == 200
        keyed += [entry["id"] for column in re.findall(r'title="(text:[^" ]+)', page.text)]
        targets |= set(re.findall(r'href="/resolutions/([^"#?]+)', page.text))
    assert keyed, "no series column with a keyed text: the capture this test reads changed"
    assert not [t for t in targets if t.startswith("text:")]
    for target in sorted(targets)[:5] + sorted(targets)[-5:]:
        assert site.get(f"/resolutions/{target}").status_code == 200


# --- the crawler ---------------------------------------------------------------------------

PER_KIND = 3
BUDGET = 200


def _kind(url: str) -> str:
    """Links of one kind ("/votes/unvotes/<id>", "/series/<id>", "/votes?session=") are
    sampled, not all visited: the first few of each kind show that every kind of link works."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    depth = 4 if parts[:3] == ["api", "v1", "votes"] else 3 if parts[:1] == ["api"] else 2
    if parts[:1] not in (["votes"], ["api"]):
        depth = 1
    keys = sorted({pair.split("=")[0] for pair in urlsplit(url).query.split("&") if pair})
    return "/".join(parts[:depth]) + ("?" + "&".join(keys) if keys else "")


def _links(base: str, url: str, html: str) -> list[str]:
    document = lxml.html.fromstring(html)
    found = []
    for href in document.xpath("//a/@href"):
        target = urljoin(url, str(href)).split("#")[0]
        if urlsplit(target).netloc == urlsplit(base).netloc:
            found.append(target)
    return found


def test_crawler_finds_no_dead_link(site: httpx.Client) -> None:
    base = str(site.base_url).rstrip("/")
    queue, seen, kinds = [f"{base}/"], {f"{base}/"}, Counter[str]()
    failures, visited = [], 0
    while queue and visited < BUDGET:
        url = queue.pop(0)
        response = site.get(url)
        visited += 1
        if response.status_code >= 400:
            failures.append(f"{response.status_code} {url}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for link in _links(base, url, response.text):
            kind = _kind(link)
            if link not in seen and kinds[kind] < PER_KIND:
                seen.add(link)
                kinds[kind] += 1
                queue.append(link)
    assert failures == []
    # Every kind of page was reached, not just the first few links of the home page.
    for kind in (
        "series",
        "resolutions",
        "votes",
        "states",
        "compare",
        "changes",
        "api/v1/votes/unvotes",
    ):
        assert kinds[kind] > 0, kind
