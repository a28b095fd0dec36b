"""The HTTP API and pages through a real uvicorn server on loopback, with httpx as the client.

The database holds the real session-78 Third Committee capture plus the A/RES/78/220 voting
record fixture (`loaded_db`). One test serves a database while `ungawatch ingest` runs
against it in a subprocess, to prove that no request fails or waits for the writer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import FIXTURES
from ungawatch.store import open_store
from ungawatch.web.models import ErrorBody
from ungawatch.web.server import free_port, is_loopback, running
from ungawatch.web.snapshots import SnapshotPool

DPRK = "c3-situation-of-human-rights-in-prk"


@pytest.fixture(scope="module")
def client(loaded_db: Path) -> Iterator[httpx.Client]:
    with running(loaded_db) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


def error_of(response: httpx.Response, status: int) -> ErrorBody:
    """Every error has the one shape; returns it parsed for further checks."""
    assert response.status_code == status, response.text
    return ErrorBody.model_validate(response.json())


def test_status(client: httpx.Client) -> None:
    body = client.get("/api/v1/status").json()
    assert body["tables"]["documents"] >= 94
    assert {"session": "78", "body": "C.3", "documents": 94} in body["coverage"]


def test_search_reads_state_names_in_the_words(client: httpx.Client) -> None:
    page = client.get("/api/v1/search", params={"q": "North Korea human rights"}).json()
    assert [(hit["kind"], hit["id"]) for hit in page["items"]] == [("series", DPRK)]


def test_search_symbol_and_state(client: httpx.Client) -> None:
    hits = client.get("/api/v1/search", params={"q": "a/c.3/78/l. 39"}).json()["items"]
    assert hits[0]["kind"] == "resolution" and hits[0]["id"] == "A/C.3/78/L.39"
    hits = client.get("/api/v1/search", params={"q": "TÃ¼rkiye"}).json()["items"]
    assert hits[0] == {
        "kind": "state",
        "id": "TUR",
        "label": "Türkiye",
        "detail": "member",
        "url": "/states/TUR",
    }
    error = error_of(client.get("/api/v1/search"), 422)
    assert error.error.code == "bad_parameter" and "q" in error.error.message


def test_series_list_is_paginated(client: httpx.Client) -> None:
    first = client.get("/api/v1/series", params={"limit": 5}).json()
    second = client.get("/api/v1/series", params={"limit": 5, "offset": 5}).json()
    assert len(first["items"]) == 5 and first["total"] == second["total"] > 10
    assert not {s["id"] for s in first["items"]} & {s["id"] for s in second["items"]}
    assert error_of(client.get("/api/v1/series", params={"limit": 0}), 422)
    assert error_of(client.get("/api/v1/series", params={"offset": -1}), 422)


def test_series_grid_shows_korea_as_original_sponsor(client: httpx.Client) -> None:
    view = client.get(f"/api/v1/series/{DPRK}").json()
    assert [c["session"] for c in view["sessions"]] == [78]
    korea = next(row for row in view["rows"] if row["state_code"] == "KOR")
    assert korea["cells"][0]["sponsor_role"] == "original"
    assert korea["cells"][0]["resolution"] == "A/RES/78/218"
    assert view["sponsor_counts"] == [
        {
            "session": 78,
            "year": 2023,
            "original": 40,
            "additional": 22,
            "withdrawn": 0,
            "total": 62,
            "listed_in": "A/C.3/78/L.39",
        }
    ]


def test_series_grid_sort_and_group(client: httpx.Client) -> None:
    by_position = client.get(f"/api/v1/series/{DPRK}", params={"sort": "position"}).json()
    roles = [row["cells"][0]["sponsor_role"] for row in by_position["rows"]]
    order = ["original", "additional", "withdrawn", "not_sponsor"]
    assert roles == sorted(roles, key=order.index)
    weog = client.get(f"/api/v1/series/{DPRK}", params={"group": "WEOG"}).json()["rows"]
    assert {row["region"] for row in weog} == {"WEOG"} and len(weog) == 29
    assert error_of(client.get(f"/api/v1/series/{DPRK}", params={"sort": "size"}), 422)
    assert error_of(client.get(f"/api/v1/series/{DPRK}", params={"group": "G8"}), 422)


def test_unknown_series_is_404(client: httpx.Client) -> None:
    error = error_of(client.get("/api/v1/series/c3-situation-of-human-rights-in-narnia"), 404)
    assert error.error.code == "not_found"
    assert error.error.suggestions[0].startswith("c3-situation-of-human-rights-in-")


def test_series_history_one_state_and_csv(client: httpx.Client) -> None:
    page = client.get(f"/api/v1/series/{DPRK}/history", params={"state": "South Korea"}).json()
    assert page["total"] == 1
    assert page["items"][0]["sponsor_role"] == "original"
    assert page["items"][0]["plenary_vote"] == "no_vote_taken"
    assert page["items"][0]["sponsor_record"] == "undl-marcxml:4026559"
    response = client.get(f"/api/v1/series/{DPRK}/history", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 193
    assert next(r for r in rows if r["state_code"] == "KOR")["sponsor_role"] == "original"
    error = error_of(
        client.get(f"/api/v1/series/{DPRK}/history", params={"state": "Cote d Ivoir"}), 404
    )
    assert error.error.suggestions == ["Côte d'Ivoire"]


def test_sponsor_counts_csv(client: httpx.Client) -> None:
    text = client.get(f"/api/v1/series/{DPRK}/sponsor-counts", params={"format": "csv"}).text
    assert text.splitlines() == [
        "session,year,original,additional,withdrawn,total,listed_in",
        "78,2023,40,22,0,62,A/C.3/78/L.39",
    ]


@pytest.mark.parametrize("symbol", ["A/RES/78/218", "A/C.3/78/L.39"])
def test_resolution_by_either_symbol(client: httpx.Client, symbol: str) -> None:
    view = client.get(f"/api/v1/resolutions/{symbol}").json()
    assert (view["resolution"], view["draft"]) == ("A/RES/78/218", "A/C.3/78/L.39")
    assert len(view["sponsors"]["original"]) == 40
    assert len(view["sponsors"]["additional"]) == 22
    assert view["library"]["A/C.3/78/L.39"] == (
        "https://digitallibrary.un.org/search?p=A%2FC.3%2F78%2FL.39"
    )
    korea = next(row for row in view["states"] if row["state_code"] == "KOR")
    assert korea == {
        "state_code": "KOR",
        "state": "Republic of Korea",
        "region": "ASIA_PACIFIC_GROUP",
        "iso_numeric": "410",
        "sponsor_role": "original",
        "vote": "no_vote_taken",
        "committee_vote": "unknown",
    }


def test_resolution_with_recorded_vote_and_csv(client: httpx.Client) -> None:
    view = client.get("/api/v1/resolutions/A/RES/78/220").json()
    # The fixture carries 8 of the record's per-state votes and its 78-30-68 summary.
    assert (view["adoption"]["yes"], view["adoption"]["no"]) == (78, 30)
    assert view["vote_counts"] == {"Y": 4, "N": 2, "A": 1, "X": 1}
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/resolutions/A/RES/78/220?format=csv").text))
    )
    assert {row["state_code"] for row in rows if row["vote"] == "N"} == {"CHN", "IRN"}


def test_resolution_errors(client: httpx.Client) -> None:
    error = error_of(client.get("/api/v1/resolutions/A/RES/78/999"), 404)
    assert "A/RES/78/218" in error.error.suggestions
    error = error_of(client.get("/api/v1/resolutions/S/RES/2720"), 422)
    assert error.error.code == "bad_symbol"


def test_state_with_agreement(client: httpx.Client) -> None:
    view = client.get("/api/v1/states/South Korea", params={"with": "USA,Iran"}).json()
    assert view["state"]["code"] == "KOR" and view["state"]["region"] == "ASIA_PACIFIC_GROUP"
    first = view["timeline"][0]
    assert first["sponsored"] >= 1
    dprk = next(entry for entry in view["timeline"] if entry["series_id"] == DPRK)
    assert dprk["cells"][0]["sponsor_role"] == "original"
    usa, iran = view["agreement"]
    assert (usa["b"]["code"], usa["sessions"][0]["agreement"]) == ("USA", 1.0)
    assert (iran["b"]["code"], iran["sessions"][0]["agreement"]) == ("IRN", 0.0)
    error = error_of(client.get("/api/v1/states/Narnia"), 404)
    assert error.error.code == "unknown_state" and error.error.suggestions


def test_state_list_is_paginated(client: httpx.Client) -> None:
    page = client.get("/api/v1/states", params={"limit": 3, "offset": 1}).json()
    assert page["offset"] == 1 and len(page["items"]) == 3 and page["total"] > 193


def test_changes_needs_two_sessions(client: httpx.Client) -> None:
    page = client.get("/api/v1/changes", params={"session": 78}).json()
    assert page == {
        "total": 0,
        "limit": 200,
        "offset": 0,
        "items": [],
        "session": 78,
        "year": 2023,
        "asked": "session 78 (2023–24)",
    }
    by_year = client.get("/api/v1/changes", params={"year": 2023}).json()
    assert (by_year["session"], by_year["asked"]) == (78, "year 2023 = session 78 (2023–24)")
    assert error_of(client.get("/api/v1/changes", params={"session": 0}), 422)
    error = error_of(client.get("/api/v1/changes", params={"session": "lxxviii"}), 422)
    assert error.error.details[0]["where"] == "session"
    error = error_of(client.get("/api/v1/changes", params={"session": 78, "year": 2023}), 422)
    assert error.error.message == "invalid parameter: year: give session or year, not both"
    # Not a session the database holds: said so, with its years.
    error = error_of(client.get("/api/v1/changes", params={"year": 2025}), 404)
    assert "session 80 (2025–26)" in error.error.message
    assert client.get("/api/v1/changes").json()["session"] is None  # every session


def test_agreement(client: httpx.Client) -> None:
    view = client.get("/api/v1/agreement", params={"a": "KOR", "b": "Iran"}).json()
    assert view["sessions"][0]["session"] == 78 and view["sessions"][0]["votes"] == 1
    text = client.get("/api/v1/agreement", params={"a": "KOR", "b": "USA", "format": "csv"}).text
    assert text.splitlines()[0] == "a,b,session,year,votes,agree,half,opposite,agreement"
    by_year = client.get("/api/v1/agreement", params={"a": "KOR", "b": "USA", "from_year": 2023})
    assert [row["year"] for row in by_year.json()["sessions"]] == [2023]
    assert error_of(
        client.get(
            "/api/v1/agreement", params={"a": "KOR", "b": "USA", "start": 1, "from_year": 2000}
        ),
        422,
    )
    assert error_of(client.get("/api/v1/agreement", params={"a": "KOR"}), 422)
    assert error_of(client.get("/api/v1/agreement", params={"a": "KOR", "b": "Oz"}), 404)


def test_etag_and_not_modified(client: httpx.Client) -> None:
    first = client.get("/api/v1/resolutions/A/RES/78/218")
    assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = client.get(
        "/api/v1/resolutions/A/RES/78/218", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    etag = first.headers["etag"]
    assert etag.startswith('W/"'), "one version is served gzipped or not: a weak validator"
    for given in (f'"old", {etag}', etag.removeprefix("W/")):
        assert client.get("/api/v1/status", headers={"If-None-Match": given}).status_code == 304
    other = client.get("/api/v1/resolutions/A/RES/78/218", headers={"If-None-Match": '"old"'})
    assert other.status_code == 200


def test_openapi_lists_every_route(client: httpx.Client) -> None:
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/search",
        "/api/v1/series",
        "/api/v1/series/{series_id}",
        "/api/v1/series/{series_id}/history",
        "/api/v1/resolutions/{symbol}",
        "/api/v1/states/{name}",
        "/api/v1/changes",
        "/api/v1/agreement",
        "/api/v1/status",
    } <= paths


def test_pages_are_twins_of_the_api(client: httpx.Client) -> None:
    page = client.get("/states/KOR")
    assert page.status_code == 200 and "<h1>Republic of Korea</h1>" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    page = client.get("/resolutions/A/RES/78/218")
    assert 'href="https://digitallibrary.un.org/search?p=A%2FRES%2F78%2F218"' in page.text
    assert 'id="state-KOR"' in page.text
    page = client.get(f"/series/{DPRK}", params={"sort": "name", "group": ""})
    assert 'id="row-KOR"' in page.text and 'class="cell role-original"' in page.text
    search = client.get("/search", params={"q": "North Korea human rights"}, follow_redirects=True)
    assert search.history[0].status_code == 303 and search.url.path == f"/series/{DPRK}"


def test_page_errors_share_the_error_data(client: httpx.Client) -> None:
    page = client.get("/states/Narnia")
    assert page.status_code == 404 and "Armenia" in page.text and "unknown state" in page.text
    assert client.get("/changes", params={"session": "x"}).status_code == 422
    assert client.get("/no/such/page").status_code == 404


def test_loopback_check() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def test_pool_switches_files_and_closes_the_old_one_when_free(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    with open_store(db) as store:
        store.execute("CREATE TABLE marker AS SELECT 1 AS version")
    pool = SnapshotPool(db)
    with pool.lease() as old:
        replacement = tmp_path / "next.duckdb"
        with open_store(replacement) as store:
            store.execute("CREATE TABLE marker AS SELECT 2 AS version")
        os.replace(replacement, db)
        with pool.lease() as new:
            assert new.store.scalar("SELECT version FROM marker") == 2
            assert old.store.scalar("SELECT version FROM marker") == 1
        assert pool.closed == 0
    assert (pool.opened, pool.closed) == (2, 1)
    pool.close()
    assert pool.closed == 2


def _ingest(db: Path, source: Path) -> None:
    """`ungawatch ingest` in its own process, as a nightly job would run it."""
    command = [
        str(Path(sys.executable).parent / "ungawatch"),
        "ingest",
        str(source),
        "--db",
        str(db),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def test_ingest_while_serving(tmp_path: Path, drafts_xml: Path) -> None:
    """Clients keep querying while `ungawatch ingest` replaces the served file, repeatedly."""
    db = tmp_path / "live.duckdb"
    _ingest(db, drafts_xml)
    outcomes: list[tuple[int, str | None]] = []
    stop = threading.Event()

    def keep_asking(base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set():
                try:
                    response = http.get("/api/v1/resolutions/A/RES/78/220")
                    seen = response.json()["adoption"] and "voted"
                except (httpx.HTTPError, ValueError, KeyError) as error:
                    outcomes.append((-1, repr(error)))
                    return
                outcomes.append((response.status_code, seen))

    def wait_for(count: int) -> None:
        """Until `count` answers came; a client that stopped on an error ends the wait."""
        while len(outcomes) < count and all(status != -1 for status, _ in outcomes):
            stop.wait(0.01)

    with running(db) as base:
        clients = [threading.Thread(target=keep_asking, args=(base,)) for _ in range(4)]
        for thread in clients:
            thread.start()
        try:
            wait_for(8)
            for source in (
                FIXTURES / "votes_78_220.xml",
                drafts_xml,
                FIXTURES / "votes_78_220.xml",
            ):
                _ingest(db, source)
            wait_for(len(outcomes) + 8)
        finally:
            stop.set()
            for thread in clients:
                thread.join()
        after = httpx.get(f"{base}/api/v1/resolutions/A/RES/78/220").json()
    assert [o for o in outcomes if o[0] != 200] == []
    assert outcomes[0][1] is None and outcomes[-1][1] == "voted"
    assert after["adoption"]["method"] == "recorded vote"
    assert len(after["votes"]) == 8


def test_a_bug_still_answers_in_the_error_shape(tmp_path: Path) -> None:
    """A database missing a table the library needs makes it fail: 500, same shape."""
    db = tmp_path / "damaged.duckdb"
    with open_store(db) as scratch:
        scratch.execute("DROP TABLE links")
    with running(db) as base:
        response = httpx.get(f"{base}/api/v1/resolutions/A/RES/78/218")
    assert error_of(response, 500).error.code == "internal_error"


def test_start_up_message_prints_urls_that_work(loaded_db: Path) -> None:
    """`ungawatch serve --json` says where it serves; every URL it prints answers 200."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "ungawatch"),
        "serve",
        "--db",
        str(loaded_db),
        "--port",
        str(port),
        "--json",
    ]
    server = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert server.stdout is not None
        lines = []
        while not lines or lines[-1] != "}":
            lines.append(server.stdout.readline().rstrip("\n"))
        printed = json.loads("\n".join(lines))
        assert printed["url"] == f"http://127.0.0.1:{port}/"
        for _ in range(300):
            try:
                httpx.get(printed["url"], timeout=1)
                break
            except httpx.TransportError:
                threading.Event().wait(0.1)
        for name in ("url", "api", "docs", "openapi"):
            assert httpx.get(printed[name], timeout=30).status_code == 200, name
        index = httpx.get(printed["api"], timeout=30).json()
        assert {"path": "/api/v1/votes", "summary": "Votes"} in index["endpoints"]
        docs = httpx.get(printed["docs"], timeout=30).text
        assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.parametrize("url", [f"/api/v1/series/{DPRK}/history", f"/series/{DPRK}"])
def test_large_answers_are_gzipped_when_the_client_accepts_it(
    client: httpx.Client, url: str
) -> None:
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    again = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert "accept-encoding" in zipped.headers["vary"].lower()
    assert "accept-encoding" in plain.headers["vary"].lower()
    assert int(zipped.headers["content-length"]) < int(plain.headers["content-length"]) / 3
    assert zipped.content == plain.content == again.content
    assert zipped.headers["etag"] == plain.headers["etag"]
