"""The Human Rights Council track and press releases end to end, on the shared captures.

One database holds the session-78 Third Committee export, the UN document texts and press
releases (`undocs/`), the `unvotes` tables, and every file of `hrc/` (the OHCHR voting
records and the Council's resolution records), ingested in the order a user would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from conftest import capture
from ungawatch.analysis.agreement import agreement
from ungawatch.analysis.cohesion import cohesion
from ungawatch.analysis.conflicts import conflicts
from ungawatch.cli import app
from ungawatch.ingest import IngestReport, ingest_paths
from ungawatch.positions.changes import changes
from ungawatch.positions.history import find_series, history, list_series, series_sessions
from ungawatch.positions.resolution import resolution
from ungawatch.store import Store, open_store
from ungawatch.vocabulary import AdoptionMethod, SponsorRole, Track, VoteOption
from ungawatch.web.server import running

GA_DPRK = "c3-situation-of-human-rights-in-prk"
HRC_DPRK = "hrc-situation-of-human-rights-in-prk"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestReport, IngestReport]:
    path = tmp_path_factory.mktemp("hrc") / "ungawatch.duckdb"
    with open_store(path) as store:
        ingest_paths(
            store,
            [
                capture("undl/session78_committee3_drafts.xml"),
                *sorted(capture("undocs").glob("*.txt")),
                capture("unvotes/un_votes.csv.gz"),
            ],
        )
        first = ingest_paths(store, sorted(capture("hrc").iterdir()))
        again = ingest_paths(store, sorted(capture("hrc").iterdir()))
    return path, first, again


@pytest.fixture
def store(database: tuple[Path, IngestReport, IngestReport]) -> Iterator[Store]:
    with open_store(database[0], read_only=True) as opened:
        yield opened


def test_every_hrc_file_in_one_ingest(database: tuple[Path, IngestReport, IngestReport]) -> None:
    _, first, again = database
    # Every record file and the OHCHR votes are stored; the folder's INDEX.md (our notes on
    # the captures, no UN record) is refused with its reason, which costs the others nothing.
    assert not first.rejected and len(first.files) == 24
    (index,) = first.files_rejected
    assert index.location.endswith("INDEX.md") and "not a Council resolution record" in (
        index.message
    )
    reported = {w.message.split(":")[0] for w in first.warnings if w.field == "text"}
    assert any(m.startswith("A_HRC_RES_10_16.txt source-2") for m in reported)
    assert (again.inserted, again.updated) == (0, 0) and not again.rejected


def test_the_dprk_series_in_both_bodies(store: Store) -> None:
    ga = find_series(store, GA_DPRK)
    hrc = find_series(store, HRC_DPRK)
    assert (ga.twin_id, hrc.twin_id) == (HRC_DPRK, GA_DPRK)
    assert (ga.track, hrc.track, hrc.body) == (Track.GA, Track.HRC, "HRC")
    assert list(hrc.years) == list(range(2008, 2026))  # one text a year, 2008-2025
    sessions = {s.year: s for s in series_sessions(store, HRC_DPRK)}
    for year in range(2008, 2025):
        assert sessions[year].plenary is not None, year
    # 2025: the one source says "unanimously" and "following a vote"; left undecided.
    assert sessions[2025].plenary is None and sessions[2025].resolution is None
    recorded = {2008: (22, 7, 18, 0), 2009: (26, 6, 15, 0), 2010: (28, 5, 13, 1)}
    recorded |= {2011: (30, 3, 11, 3), 2014: (30, 6, 11, None), 2015: (27, 6, 14, 0)}
    for year, counts in recorded.items():
        adoption = sessions[year].plenary
        assert adoption and adoption.method is AdoptionMethod.RECORDED_VOTE
        assert (adoption.yes, adoption.no, adoption.abstain, adoption.non_voting) == counts
    for year in (2012, 2013, *range(2016, 2025)):
        assert sessions[year].plenary.method is AdoptionMethod.WITHOUT_VOTE, year  # type: ignore[union-attr]
    assert sessions[2008].sponsor_list == "A/HRC/7/L.28"
    assert sessions[2017].partial_sponsor_list == "A/HRC/RES/34/24"
    assert sessions[2017].sponsor_list is None  # the 29 main sponsors are counted, not named


def test_ga_committee_actions_from_press_releases(store: Store) -> None:
    sessions = {s.session: s for s in series_sessions(store, GA_DPRK)}
    expected = {
        60: ("GA/SHC/3840", (84, 22, 62)),
        61: ("GA/SHC/3874", (91, 21, 60)),
        66: ("GA/SHC/4032", (112, 16, 55)),
        69: ("GA/SHC/4122", (111, 19, 55)),
        71: ("GA/SHC/4188", None),
        79: ("GA/SHC/4432", None),
    }
    for session, (release, counts) in expected.items():
        committee = sessions[session].committee
        assert committee is not None and committee.document == release, session
        if counts:
            assert committee.method is AdoptionMethod.RECORDED_VOTE
            assert (committee.yes, committee.no, committee.abstain) == counts
        else:
            assert committee.method is AdoptionMethod.WITHOUT_VOTE
    assert sessions[79].draft == "A/C.3/79/L.34" and sessions[79].body == "C.3"
    # A press release never stands in for the plenary: session 60's is A/RES/60/173's vote.
    assert sessions[60].plenary and sessions[60].plenary.document == "A/RES/60/173"


def test_no_council_text_in_a_general_assembly_session(store: Store) -> None:
    rows = store.rows(
        "SELECT s.track, d.symbol FROM series_documents d JOIN series s USING (series_id)"
    )
    for row in rows:
        council = row["symbol"].startswith(("A/HRC/", "hrc:"))
        assert council == (row["track"] == "hrc"), row
    assert not store.rows("SELECT * FROM documents WHERE body = 'HRC' AND symbol LIKE 'A/RES/%'")


def test_council_membership_from_recorded_votes(store: Store) -> None:
    counts = store.rows("SELECT session, count(*) AS n FROM council_members GROUP BY session")
    assert {row["n"] for row in counts} == {47} and len(counts) == 56
    rows = {(p.year, p.track): p for p in history(store, "DPRK", "Republic of Korea")}
    assert rows[(2008, Track.HRC)].plenary_vote is VoteOption.YES
    assert rows[(2012, Track.HRC)].plenary_vote is VoteOption.NOT_MEMBER  # not on the Council
    assert rows[(2013, Track.HRC)].plenary_vote is VoteOption.NO_VOTE_TAKEN
    assert rows[(2025, Track.HRC)].plenary_vote is VoteOption.UNKNOWN
    sixteen = {p.state_code: p for p in history(store, "A/HRC/RES/16/8") if p.session == 16}
    assert [c for c, p in sixteen.items() if p.plenary_vote is VoteOption.NON_VOTING] == [
        "BHR",
        "LBY",
        "SAU",
    ]
    assert sixteen["AUS"].plenary_vote is VoteOption.NOT_MEMBER


def test_sponsor_roles_only_where_a_list_is_loaded(store: Store) -> None:
    korea = {(p.year, p.track): p for p in history(store, "DPRK", "KOR", track=Track.HRC)}
    assert korea[(2008, Track.HRC)].sponsor_role is SponsorRole.NOT_SPONSOR
    assert korea[(2017, Track.HRC)].sponsor_role is SponsorRole.CO_SPONSOR
    assert korea[(2023, Track.HRC)].sponsor_role is SponsorRole.UNKNOWN  # news only: no list
    japan = {p.year: p for p in history(store, "DPRK", "Japan", track=Track.HRC)}
    assert japan[2008].sponsor_role is SponsorRole.ORIGINAL
    assert japan[2017].sponsor_role is SponsorRole.UNKNOWN  # a main sponsor, counted not named


def test_history_both_tracks_year_by_year(store: Store) -> None:
    rows = history(store, "Democratic People's Republic of Korea", "KOR")
    assert {row.track for row in rows} == {Track.GA, Track.HRC}
    assert [row.year for row in rows] == sorted(row.year for row in rows)
    assert all(row.body == "HRC" for row in rows if row.track == Track.HRC)
    only_ga = history(store, "Democratic People's Republic of Korea", "KOR", track=Track.GA)
    assert {row.track for row in only_ga} == {Track.GA}


def test_twins_do_not_make_a_query_ambiguous(store: Store) -> None:
    assert (
        find_series(store, "Islamic Republic of Iran").id == "c3-situation-of-human-rights-in-irn"
    )
    assert {s.id for s in list_series(store, "Iran", track=Track.HRC)} == {
        "hrc-situation-of-human-rights-in-irn"
    }


def test_changes_in_the_council(store: Store) -> None:
    found = changes(store, country="KOR", query="DPRK", track=Track.HRC)
    (joined,) = [c for c in found if c.change == "joined the sponsors"]
    assert (joined.session, joined.year, joined.track) == (34, 2017, Track.HRC)
    assert "as a co-sponsor (A/HRC/RES/34/24)" in joined.sentence
    assert "not a sponsor in HRC session 7 (2008) (A/HRC/7/L.28)" in joined.sentence
    by_year = changes(store, year=2017, country="KOR", query="DPRK")
    assert {(c.track, c.session) for c in by_year} >= {(Track.HRC, 34)}


def test_resolution_views(store: Store) -> None:
    view = resolution(store, "A/HRC/RES/25/24")
    assert view.body == "HRC" and view.year == 2014 and view.adoption is not None
    assert (view.adoption.yes, view.adoption.no, view.adoption.abstain) == (21, 9, 16)
    assert len(view.votes) == 46
    ga = resolution(store, "A/RES/60/173")
    assert ga.committee_action and ga.committee_action.reported_in == "GA/SHC/3840"
    ohchr_only = resolution(store, "A/HRC/RES/16/9")
    assert ohchr_only.body == "HRC" and ohchr_only.year == 2011
    not_members = [s for s in ohchr_only.states if s.vote is VoteOption.NOT_MEMBER]
    assert len(ohchr_only.votes) == 47 and len(not_members) > 100


def test_conflicts_between_sources_are_listed(store: Store) -> None:
    found = conflicts(store, ("adoptions", "votes"))
    messages = [row["message"] for row in found]
    assert any("30-6-9; kept 30-6-11" in m for m in messages)
    assert any("calls it a text of session 13" in m for m in messages)
    assert any("unanimously and following a vote" in m for m in messages)
    # The text records' vote rows and the OHCHR file agree where both hold a vote.
    assert not [row for row in found if row["kind"] in ("vote", "count")]


def test_council_analytics_respect_membership(store: Store) -> None:
    pair = agreement(store, "KOR", "JPN", track=Track.HRC)
    members = {
        int(row["session"]): {
            r["state_code"]
            for r in store.rows(
                "SELECT state_code FROM council_members WHERE session = ?", [row["session"]]
            )
        }
        for row in pair.to_dict("records")
    }
    assert all({"KOR", "JPN"} <= states for states in members.values())
    assert pair["agreement"].between(0, 1).all()
    eu = cohesion(store, "EU", track=Track.HRC)
    assert (eu["members"] <= 47).all() and eu["cohesion"].between(0, 1).all()
    ga = agreement(store, "KOR", "JPN", start=60, end=60)
    assert int(ga["votes"].iloc[0]) > 47  # Assembly votes only: no Council vote in session 60


def test_cli_two_tracks_side_by_side(database: tuple[Path, IngestReport, IngestReport]) -> None:
    result = CliRunner().invoke(
        app,
        ["history", "DPRK", "--country", "Republic of Korea", "--db", str(database[0])],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "2005" in line and "2025" in line)
    assert header.index("2005") < header.index("2025")
    assert any(line.startswith("│ HRC vote") for line in lines)
    assert "HRC session 16 (2011): Council: recorded vote 30-3-11 (A/HRC/RES/16/8)" in result.stdout
    assert "session 60 (2005–06): C.3: recorded vote 84-22-62 (GA/SHC/3840)" in result.stdout
    wrong = CliRunner().invoke(
        app, ["resolution", "A/HRC/RES/7/15", "--body", "ga", "--db", str(database[0])]
    )
    assert wrong.exit_code == 2
    assert "A/HRC/RES/7/15 is a Human Rights Council symbol" in wrong.stderr


def test_api_body_parameter(database: tuple[Path, IngestReport, IngestReport]) -> None:
    with running(database[0]) as base, httpx.Client(base_url=base, timeout=60) as http:
        listed = http.get("/api/v1/series", params={"body": "hrc", "q": "Korea"}).json()
        assert [s["id"] for s in listed["items"]] == [HRC_DPRK]
        rows = http.get(
            f"/api/v1/series/{GA_DPRK}/history", params={"state": "KOR", "limit": 100}
        ).json()["items"]
        assert {row["track"] for row in rows} == {"ga", "hrc"}
        only = http.get(
            f"/api/v1/series/{GA_DPRK}/history", params={"state": "KOR", "body": "ga"}
        ).json()["items"]
        assert {row["body"] for row in only} == {"C.3"}
        view = http.get("/api/v1/resolutions/A/HRC/RES/7/15", params={"body": "hrc"}).json()
        assert view["body"] == "HRC" and len(view["votes"]) == 47
        assert (
            http.get("/api/v1/resolutions/A/HRC/RES/7/15", params={"body": "ga"}).status_code == 404
        )
        council = http.get("/api/v1/changes", params={"session": 34, "body": "hrc", "state": "KOR"})
        assert any(c["track"] == "hrc" for c in council.json()["items"])
        assert json.loads(http.get("/api/v1/series", params={"body": "x"}).text)["error"]


@pytest.mark.parametrize(
    ("symbol", "year", "counts", "note"),
    [
        ("A/HRC/DEC/22/117", 2013, (28, 10, 9), "adopted (decision)"),  # printed DEC22/117
        ("A/HRC/28/L.36", 2015, (10, 22, 14), "not adopted (amendment)"),
        ("A/HRC/RES/S-35/1", 2022, (25, 6, 16), "adopted (resolution)"),
        ("A/HRC/7/L.28", 2008, (22, 7, 18), None),  # the draft: its resolution's vote
    ],
)
def test_council_symbols_end_to_end(
    store: Store, symbol: str, year: int, counts: tuple[int, int, int], note: str | None
) -> None:
    view = resolution(store, symbol)
    assert view.body == "HRC" and view.year == year and view.adoption is not None
    assert (view.adoption.yes, view.adoption.no, view.adoption.abstain) == counts
    if note:
        assert view.adoption.note == note
    else:
        assert (view.resolution, view.draft) == ("A/HRC/RES/7/15", "A/HRC/7/L.28")
