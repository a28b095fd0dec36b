"""History and change events over a series: the real capture and texts, plus made-up sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, capture
from test_doctext import TEXTS, undocs_body
from ungawatch.analysis.sponsor_conflicts import sponsor_conflicts
from ungawatch.cli import app
from ungawatch.ingest import ingest_paths
from ungawatch.positions.changes import GAP, JOINED, LEFT, STREAK, changes
from ungawatch.positions.history import history
from ungawatch.store import Store, open_store

DPRK = "human rights in the Democratic People's Republic of Korea"


@pytest.fixture(scope="module")
def texts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("changes")
    path = folder / "ungawatch.duckdb"
    with open_store(path) as store:
        ingest_paths(
            store,
            [
                capture("undl/session78_committee3_drafts.xml"),
                FIXTURES / "votes_78_220.xml",
                *(undocs_body(name, folder) for name in TEXTS),
            ],
        )
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_history_one_row_per_session_with_a_document(texts_db: Path) -> None:
    with open_store(texts_db, read_only=True) as store:
        rows = history(store, DPRK, "South Korea")
    assert [(r.session, r.year, r.sponsor_role) for r in rows] == [
        (62, 2007, "not_sponsor"),
        (78, 2023, "original"),
    ]
    assert rows[0].draft == "A/C.3/62/L.37/Rev.1" and rows[0].sources == ("A/C.3/62/L.37/Rev.1",)
    # No record of the 2007 adoption is loaded: the vote is unknown, not "did not vote".
    assert (rows[0].plenary_vote, rows[0].plenary_document) == ("unknown", None)
    assert rows[1].plenary_vote == "no_vote_taken" and rows[1].series_id == (
        "c3-situation-of-human-rights-in-prk"
    )


def test_history_cli_accepts_the_series_id(texts_db: Path) -> None:
    code, out = run(
        "history", "c3-situation-of-human-rights-in-prk", "--country", "JPN", "--json",
        "--db", str(texts_db),
    )  # fmt: skip
    assert code == 0
    assert [(r["session"], r["sponsor_role"]) for r in json.loads(out)] == [
        (62, "original"),
        (78, "additional"),
    ]


def test_committee_vote_is_kept_apart_from_the_plenary_vote(texts_db: Path) -> None:
    with open_store(texts_db, read_only=True) as store:
        rows = history(store, "Islamic Republic of Iran", "Republic of Korea")
    latest = rows[-1]
    assert (latest.session, latest.plenary_vote, latest.committee_vote) == (78, "Y", "Y")
    assert (latest.committee_document, latest.plenary_document) == (
        "A/78/481/Add.3",
        "A/RES/78/220",
    )
    assert latest.committee_record != latest.plenary_record
    # Session 75's committee vote is loaded by its counts only (79-32-64, no per-state list):
    # each state's committee vote is unknown, like its plenary vote (no record loaded).
    session_75 = rows[0]
    assert (session_75.committee_vote, session_75.plenary_vote) == ("unknown", "unknown")
    assert session_75.committee_document == "A/C.3/75/L.31/Rev.1"
    assert [r.session for r in rows] == [75, 78]


def test_changes_narrate_the_gap_and_the_return(texts_db: Path) -> None:
    with open_store(texts_db, read_only=True) as store:
        found = changes(store, query="Democratic People's Republic of Korea", country="KOR")
    assert [(c.event, c.session, c.previous_session) for c in found] == [
        ("gap", 78, 62),
        ("first_ever", 78, 62),
    ]
    gap, joined = found
    assert gap.change == GAP and "sessions 63–77, 2008–2022" in gap.sentence
    assert joined.change == JOINED and joined.sources == ("A/C.3/78/L.39", "A/C.3/62/L.37/Rev.1")
    assert "as an original sponsor (A/C.3/78/L.39)" in joined.sentence
    assert "not a sponsor in session 62 (2007–08) (A/C.3/62/L.37/Rev.1)" in joined.sentence
    assert "no sponsor list is loaded for sessions 63–77, 2008–2022" in joined.sentence


def test_changes_cli_prints_sentences(texts_db: Path) -> None:
    code, out = run(
        "changes", "--query", "Democratic People's Republic of Korea", "--country", "KOR",
        "--db", str(texts_db),
    )  # fmt: skip
    assert code == 0
    assert "No document of" in out and "Republic of Korea sponsored" in out
    code, out = run(
        "changes", "--query", "Democratic People's Republic of Korea", "--country", "KOR",
        "--json", "--db", str(texts_db),
    )  # fmt: skip
    assert [row["event"] for row in json.loads(out)] == ["gap", "first_ever"]


def test_a_session_not_in_the_database_is_said_to_be_missing(texts_db: Path) -> None:
    result = CliRunner().invoke(app, ["changes", "--session", "80", "--db", str(texts_db)])
    assert result.exit_code == 2
    assert "session 80 (2025–26) is not in the database" in result.stderr
    result = CliRunner().invoke(
        app, ["changes", "--year", "2023", "--country", "KOR", "--db", str(texts_db)]
    )
    assert (
        result.exit_code == 0
        and "year 2023: session 78 (2023–24); HRC sessions 52–54" in result.stderr
    )
    assert "78 (2023): Republic of Korea sponsored" in result.stdout
    result = CliRunner().invoke(
        app, ["changes", "--year", "2023", "--session", "78", "--db", str(texts_db)]
    )
    assert result.exit_code == 2


def test_returned_streak_and_stopped(texts_db: Path, tmp_path: Path) -> None:
    # Made-up sessions 76 and 77 of the DPRK text, to exercise each kind of event.
    earlier = tmp_path / "sessions76_77.xml"
    earlier.write_text(
        '<collection xmlns="http://www.loc.gov/MARC21/slim">'
        + _draft("76", "A/C.3/76/L.21", "Japan, Republic of Korea and Ghana")
        + _draft("77", "A/C.3/77/L.23", "Japan and Ghana")
        + "</collection>",
        "utf-8",
    )
    copy = tmp_path / "db.duckdb"
    copy.write_bytes(texts_db.read_bytes())
    with open_store(copy) as store:
        ingest_paths(store, [earlier])
        events = {
            (c.state_code, c.event): c
            for c in changes(store, 78, query="North Korea", streaks=True)
        }
        korea = events[("KOR", "returned")]
        assert "the first time since session 76 (2021–22) (A/C.3/76/L.21)" in korea.sentence
        japan = events[("JPN", "streak")]
        assert japan.change == STREAK and japan.detail == "3"
        assert "3rd consecutive session (sessions 76–78, 2021–2023)" in japan.sentence
        ghana = events[("GHA", "stopped")]
        assert ghana.change == LEFT and "after 2 consecutive sessions" in ghana.sentence
        plain = changes(store, 78, query="North Korea")
        assert {c.change for c in plain} <= {JOINED, LEFT}


def test_no_conflict_when_catalogue_and_report_agree(texts_db: Path) -> None:
    with open_store(texts_db, read_only=True) as store:
        assert sponsor_conflicts(store) == []


def test_conflict_when_the_report_lacks_a_sponsor(store: Store, tmp_path: Path) -> None:
    report = undocs_body("A_78_481_Add.3.txt", tmp_path)
    text = report.read_text("utf-8")
    report.write_text(text.replace("17. At the same meeting, Tuvalu joined", "17. At"), "utf-8")
    ingest_paths(store, [capture("undl/session78_committee3_drafts.xml"), report])
    found = sponsor_conflicts(store)
    assert [(c["draft"], c["state_code"], c["metadata"], c["text"]) for c in found] == [
        ("A/C.3/78/L.41", "TUV", "additional", None)
    ]
    assert found[0]["metadata_source"] == "A/78/481/Add.3"
    assert "both are kept" in found[0]["message"]


def _draft(record_id: str, symbol: str, sponsors: str) -> str:
    return (
        f'<record><controlfield tag="001">{record_id}</controlfield>'
        f'<datafield tag="191"><subfield code="a">{symbol}</subfield></datafield>'
        '<datafield tag="245"><subfield code="a">Situation of human rights in the Democratic '
        'People\'s Republic of Korea :</subfield><subfield code="b">draft resolution /'
        f'</subfield><subfield code="c">{sponsors}</subfield></datafield></record>'
    )
