"""Briefings checked against the record: the session-78 capture, the session-62 DPRK draft
text and the recorded votes since 1946 (`unvotes`), through the library, the CLI and the web.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from typer.testing import CliRunner

from conftest import capture
from test_alerts_sync import as_issued
from undl_library import FakeLibrary
from ungawatch.alerts.briefing import briefing
from ungawatch.cli import app
from ungawatch.ingest import ingest_paths
from ungawatch.positions.build import relink
from ungawatch.store import open_store, updating
from ungawatch.web.server import running

SERIES = "c3-situation-of-human-rights-in-prk"


@pytest.fixture(scope="module")
def record_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("briefing") / "ungawatch.duckdb"
    with updating(path) as store:
        ingest_paths(
            store,
            [
                capture("undl/session78_committee3_drafts.xml"),
                capture("undocs/A_C.3_62_L.37_Rev.1.txt"),
                capture("unvotes/un_votes.csv.gz"),
            ],
        )
    return path


def test_the_dprk_briefing_matches_the_record(record_db: Path) -> None:
    with open_store(record_db, read_only=True) as store:
        found = briefing(store, "DPRK", 78, ["KOR", "United States"])
    assert (found.series_id, found.session, found.year) == (SERIES, 78, 2023)
    assert (found.draft, found.resolution, found.list_stage) == (
        "A/C.3/78/L.39",
        "A/RES/78/218",
        "final",
    )
    assert (found.sponsors, len(found.original_sponsors), len(found.additional_sponsors)) == (
        62,
        40,
        22,
    )
    assert "Republic of Korea" in found.original_sponsors
    assert "Japan" in found.additional_sponsors and "Japan" not in found.original_sponsors
    sections = {s.heading: [x.text for x in s.sentences] for s in found.sections}
    assert sections["Over the session"] == [
        "Sponsors over session 78 (2023–24): 40 on A/C.3/78/L.39 as issued, dated 2 November "
        "2023; 62 with the 22 additional sponsors listed in A/78/481/Add.3 "
        "(A/C.3/78/L.39; A/78/481/Add.3)."
    ]
    moves = sections["Against the last session on record"][0]
    assert moves.startswith(
        "Against session 62 (2007–08), the last earlier session with a sponsor list on record "
        "(no list is on record for sessions 63–77 (2008–2022)): 14 joined ("
    )
    assert "Republic of Korea" in moves
    assert moves.endswith("(A/C.3/78/L.39; A/78/481/Add.3; A/C.3/62/L.37/Rev.1).")
    assert sections["Adoption"][1].startswith("No record of the plenary's adoption of A/RES/78/218")
    korea, usa = found.states
    assert korea.state == "Republic of Korea" and korea.sponsor_role == "original"
    assert korea.sentences[0].text == (
        "Republic of Korea: an original sponsor (A/C.3/78/L.39); not a sponsor in session 62 "
        "(2007–08), the last earlier session with a sponsor list on record "
        "(A/C.3/62/L.37/Rev.1); no sponsor list is on record for sessions 63–77 (2008–2022); "
        "a sponsor for the first time in the 2 sessions with a list on record "
        "(A/C.3/62/L.37/Rev.1)."
    )
    assert korea.sentences[1].text.endswith(
        "its last earlier recorded vote in the plenary was yes, in session 70 (2015–16) "
        "(A/RES/70/172)."
    )
    assert usa.sentences[0].text.startswith(
        "United States of America: an original sponsor (A/C.3/78/L.39); an original sponsor in "
        "session 62 (2007–08)"
    )
    # Every sentence names its documents, and every document it names is a UN symbol.
    for sentence in [*(x for s in found.sections for x in s.sentences), *korea.sentences]:
        assert sentence.documents and sentence.text.endswith(")."), sentence.text
        assert all("/" in symbol for symbol in sentence.documents)


def test_a_list_as_issued_never_says_not_a_sponsor(tmp_path: Path, drafts_xml: Path) -> None:
    """Japan joined after issue: on the draft as issued it is "not on the list as issued"."""
    library = FakeLibrary.of(drafts_xml, "", "")
    record = next(r for r in library.records if b">4026559<" in r)
    export = tmp_path / "issued.xml"
    export.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        + as_issued(record)
        + b"</collection>"
    )
    with open_store(tmp_path / "issued.duckdb") as store:
        ingest_paths(store, [export])
        found = briefing(store, "A/C.3/78/L.39", 78, ["Japan"])
    assert found.list_stage == "as issued" and found.sponsors == 40
    text = found.states[0].sentences[0].text
    assert text.startswith(
        "Japan: not among the 40 original sponsors of A/C.3/78/L.39 as issued, and no "
        "additional sponsor is on record yet (A/C.3/78/L.39)"
    )
    assert "not a sponsor;" not in text


def test_reingest_and_relink_announce_nothing(record_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(record_db.read_bytes())
    with open_store(copy) as store:
        before = store.rows("SELECT event_id FROM events ORDER BY seq")
        ingest_paths(store, [capture("undl/session78_committee3_drafts.xml")])
        with store.transaction():
            relink(store)
        assert store.rows("SELECT event_id FROM events ORDER BY seq") == before
    assert before


def test_brief_cli_prints_markdown_json_and_html(record_db: Path) -> None:
    runner = CliRunner()
    args = ["brief", "DPRK", "--session", "78", "--state", "KOR", "--state", "USA"]
    result = runner.invoke(app, [*args, "--db", str(record_db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Situation of human rights in the Democratic People's Republic of Korea: session 78 "
        "(2023–24), the Third Committee"
    )
    assert "## States" in result.stdout
    assert "Republic of Korea: an original sponsor" in result.stdout
    as_json = runner.invoke(app, [*args, "--format", "json", "--db", str(record_db)])
    assert json.loads(as_json.stdout)["additional_sponsors"][7] == "Japan"
    both = runner.invoke(app, [*args, "--year", "2023", "--db", str(record_db)])
    assert both.exit_code == 2  # --session and --year together
    html = ["brief", "DPRK", "--year", "2023", "--format", "html", "--db", str(record_db)]
    as_html = runner.invoke(app, html)
    assert as_html.exit_code == 0 and '<article class="briefing"' in as_html.stdout
    missing = runner.invoke(app, ["brief", "DPRK", "--session", "77", "--db", str(record_db)])
    assert missing.exit_code == 2 and "session 77 (2022–23)" in missing.stderr


@pytest.fixture(scope="module")
def served(record_db: Path) -> Iterator[httpx.Client]:
    with running(record_db) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


def test_briefing_api_page_and_feeds(served: httpx.Client) -> None:
    answer = served.get(f"/api/v1/briefings/{SERIES}/78", params={"state": "KOR,USA"})
    assert answer.status_code == 200
    assert [s["state_code"] for s in answer.json()["states"]] == ["KOR", "USA"]
    page = served.get(f"/briefings/{SERIES}/78", params={"state": "KOR"})
    assert page.status_code == 200 and 'id="state-KOR"' in page.text
    assert "https://digitallibrary.un.org/search?p=A%2FC.3%2F78%2FL.39" in page.text
    form = served.get("/briefings", params={"q": "DPRK", "session": 78})
    assert (form.status_code, form.headers["location"]) == (303, f"/briefings/{SERIES}/78")
    for path in ("/feeds/all.atom", f"/feeds/series/{SERIES}.atom", "/feeds/states/KOR.atom"):
        response = served.get(path)
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo and feed.entries, path
        assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    korea = feedparser.parse(served.get("/feeds/states/KOR.atom").content)
    assert any("Republic of Korea" in entry.summary for entry in korea.entries)
    assert served.get("/feeds/states/Narnia.atom").status_code == 404
