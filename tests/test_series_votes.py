"""Recorded votes in series and history: sessions known only from a roll call in `unvotes`.

On the real captures: the session-78 Third Committee export, the UN document texts and the
`unvotes` tables. The DPRK text was put to a recorded vote in the plenary every year from
2005; only sessions 62 and 78 have a draft in the shared data, the others only their vote.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import capture
from ungawatch.ingest import ingest_paths
from ungawatch.positions.build import relink
from ungawatch.positions.changes import changes
from ungawatch.positions.history import find_series, history, series_sessions
from ungawatch.positions.series import build_series, repair_mojibake, roll_call_title
from ungawatch.store import Store, open_store
from ungawatch.vocabulary import SponsorRole

DPRK = "human rights in the Democratic People's Republic of Korea"
DPRK_ID = "c3-situation-of-human-rights-in-prk"
DPRK_TITLE = "Situation of human rights in the Democratic People's Republic of Korea"
DRAFT_62 = "A/C.3/62/L.37/Rev.1"
# Two roll calls exactly as `unvotes` prints them (rcid 4604, resolution 60/173).
DESCR_4604 = (
    "Situation of human rights in the Democratic People?Ã†s Republic of Korea : resolution / "
    "adopted by the General Assembly"
)
SHORT_4604 = "Situation of human rights in the Democratic People?Ãƒâ€\xa0s Republi"
_VOTE = {"yes": "Y", "no": "N", "abstain": "A"}


@pytest.fixture(scope="module")
def loaded(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Store, dict[str, list[int]]]]:
    """The capture and texts, then the `unvotes` set; with each series' sessions before it."""
    texts = sorted(capture("undocs").glob("*.txt"))
    unvotes = capture("unvotes/un_votes.csv.gz")
    path = tmp_path_factory.mktemp("series_votes") / "ungawatch.duckdb"
    with open_store(path) as store:
        ingest_paths(store, [capture("undl/session78_committee3_drafts.xml"), *texts])
        before = {series.id: series.sessions for series in build_series(store)}
        ingest_paths(store, [unvotes])
        yield store, before


@pytest.fixture(scope="module")
def dprk_roll_calls() -> dict[int, tuple[str, str]]:
    """Session → (rcid, printed symbol) of the whole-text DPRK votes, read from the file."""
    found: dict[int, tuple[str, str]] = {}
    with gzip.open(capture("unvotes/un_roll_calls.csv.gz"), "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            title = roll_call_title(None, row["descr"], row["short"])
            if title == DPRK_TITLE and row["amend"] != "1" and row["para"] != "1":
                found[int(row["session"])] = (row["rcid"], row["unres"])
    return found


def _votes_of(country_code: str, rcids: set[str]) -> dict[str, str]:
    with gzip.open(capture("unvotes/un_votes.csv.gz"), "rt", encoding="utf-8") as handle:
        return {
            row["rcid"]: _VOTE[row["vote"]]
            for row in csv.DictReader(handle)
            if row["country_code"] == country_code and row["rcid"] in rcids
        }


def test_the_dprk_series_gains_the_sessions_known_from_their_vote(
    loaded: tuple[Store, dict[str, list[int]]],
) -> None:
    store, before = loaded
    series = find_series(store, DPRK)
    # Drafts in 62 and 78; the Third Committee's press releases report sessions 60, 61, 66,
    # 69, 71 and 79 (`undocs/GA_SHC_*.txt`).
    assert before[DPRK_ID] == [60, 61, 62, 66, 69, 71, 78, 79]
    assert series.id == DPRK_ID and series.body == "C.3" and series.name == DPRK_TITLE
    assert {*range(60, 67), 62, 78} <= set(series.sessions)
    voted = {s.session for s in series_sessions(store, series.id) if s.roll_call_only}
    # Session 62 has its draft's text too, session 78 its catalogue records, and 60, 61 and
    # 66 a press release: only 63-65 are known from their vote alone.
    assert voted >= {63, 64, 65} and not voted & {60, 61, 62, 66, 78}


def test_loading_votes_keeps_every_series_id_and_session(
    loaded: tuple[Store, dict[str, list[int]]],
) -> None:
    store, before = loaded
    after = {series.id: series.sessions for series in build_series(store)}
    assert set(after) == set(before)
    assert all(set(sessions) <= set(after[id_]) for id_, sessions in before.items())


def test_history_gives_the_plenary_vote_of_each_session_from_unvotes(
    loaded: tuple[Store, dict[str, list[int]]], dprk_roll_calls: dict[int, tuple[str, str]]
) -> None:
    store, _ = loaded
    wanted = {session: dprk_roll_calls[session] for session in range(60, 67)}
    votes = _votes_of("KR", {rcid for rcid, _ in wanted.values()})
    rows = {row.session: row for row in history(store, DPRK, "South Korea")}
    for session, (rcid, printed) in wanted.items():
        row = rows[session]
        symbol = f"A/RES/{printed.removeprefix('R/')}"
        assert (row.resolution, row.plenary_vote) == (symbol, votes[rcid]), session
        assert symbol in row.sources and row.plenary_record and row.committee_vote == "unknown"
        if session != 62:
            assert (row.draft, row.sponsor_role) == (None, SponsorRole.UNKNOWN)
            assert (row.sponsor_document, row.sources[:1]) == (None, (symbol,))
            # The committee's vote, where a press release reports it, cites the release.
            assert all(source.startswith("GA/SHC/") for source in row.sources[1:])


def test_session_62_keeps_its_sponsor_list(loaded: tuple[Store, dict[str, list[int]]]) -> None:
    store, _ = loaded
    korea = {row.session: row for row in history(store, DPRK, "KOR")}[62]
    japan = {row.session: row for row in history(store, DPRK, "JPN")}[62]
    assert (korea.draft, korea.sponsor_role) == (DRAFT_62, SponsorRole.NOT_SPONSOR)
    assert korea.sources == (DRAFT_62, korea.resolution)
    assert (japan.sponsor_role, japan.sources[0]) == ("original", DRAFT_62)


def test_changes_narrate_votes_but_never_read_an_unknown_list_as_not_sponsoring(
    loaded: tuple[Store, dict[str, list[int]]],
) -> None:
    store, _ = loaded
    korea = changes(store, query=DPRK, country="KOR")
    assert [(c.session, c.detail) for c in korea if c.event == "vote_changed"][:2] == [
        (61, "A -> Y"),
        (62, "Y -> A"),
    ]
    joined = next(c for c in korea if c.event == "first_ever")
    assert joined.session == 78 and joined.previous_session == 62
    assert "no sponsor list is loaded for sessions 63–77, 2008–2022" in joined.sentence
    assert joined.unknown_sessions == tuple(range(63, 78))
    # Japan sponsored in 62 and 78; the sessions between have no sponsor list, not "left".
    japan = changes(store, query=DPRK, country="JPN")
    assert not [c for c in japan if c.event in ("left", "stopped", "returned", "first_ever")]


def test_counts_of_unknown_sponsor_lists_are_unknown_not_zero(
    loaded: tuple[Store, dict[str, list[int]]],
) -> None:
    store, _ = loaded
    coverage = {s.session: s for s in series_sessions(store, DPRK_ID)}
    for session in (60, 61, 63, 64, 65, 66, 69, 70):
        known = coverage[session]
        assert known.sponsor_list is None and known.sponsors is None, session
        assert (known.original_sponsors, known.additional_sponsors) == (None, None)
        assert known.plenary is not None and known.plenary.method == "recorded vote"
    assert coverage[62].sponsor_list == DRAFT_62 and coverage[62].original_sponsors == 48
    assert coverage[78].sponsors == 62
    # A session of the series that is not in the database at all is said to be missing
    # (the press release GA/SHC/4188 gives session 71 its committee action; none gives 72-77).
    assert find_series(store, DPRK_ID).missing_sessions == (67, 68, 72, 73, 74, 75, 76, 77)
    assert coverage[71].sponsors is None and coverage[71].committee is not None


def test_the_unvotes_apostrophe_mojibake_is_repaired() -> None:
    assert repair_mojibake(DESCR_4604).startswith(f"{DPRK_TITLE} : resolution")
    assert repair_mojibake(SHORT_4604) == (
        "Situation of human rights in the Democratic People's Republi"
    )
    assert roll_call_title(None, DESCR_4604, SHORT_4604) == DPRK_TITLE
    assert repair_mojibake("Côte d'Ivoire") == "Côte d'Ivoire"


def test_the_mojibake_strings_are_the_ones_in_the_data() -> None:
    with gzip.open(capture("unvotes/un_roll_calls.csv.gz"), "rt", encoding="utf-8") as handle:
        row = next(row for row in csv.DictReader(handle) if row["rcid"] == "4604")
    assert (row["descr"], row["short"]) == (DESCR_4604, SHORT_4604)


def test_a_meeting_record_excerpt_is_no_title() -> None:
    """rcid 5775 (a paragraph vote on A/RES/60/228): `descr` is what the President said."""
    with gzip.open(capture("unvotes/un_roll_calls.csv.gz"), "rt", encoding="utf-8") as handle:
        row = next(row for row in csv.DictReader(handle) if row["rcid"] == "5775")
    assert row["descr"].startswith("The President: May I take it")
    assert roll_call_title(None, row["descr"], row["short"]) is None


def test_roll_call_title_takes_the_field_that_prints_the_title() -> None:
    agenda = "A/71/251 39 - Necessity of ending the economic … - CUBA--UNITED "
    short = "Jerusalem : resolution / adopted by the General Assembly"
    assert roll_call_title(None, agenda, short) == "Jerusalem"
    assert roll_call_title(None, "Harmony with nature ", "Harmony with nature ") == (
        "Harmony with nature"
    )
    assert roll_call_title(None, None, "HUMAN RIGHTS--REPORTS") is None


@pytest.mark.parametrize(("amendment", "paragraph"), [(True, False), (False, True)])
def test_a_vote_on_an_amendment_or_paragraph_never_becomes_a_text(
    tmp_path: Path, amendment: bool, paragraph: bool
) -> None:
    """Two invented roll calls with the DPRK title: a whole-text vote in session 67 joins the
    series, a vote on an amendment or a paragraph in session 68 does not."""
    with open_store(tmp_path / "flags.duckdb") as store:
        ingest_paths(store, [capture("undl/session78_committee3_drafts.xml")])
        for record, session, part in (("t1", 67, False), ("t2", 68, True)):
            store.write(
                "INSERT INTO roll_calls (source_kind, record_id, session, symbol, amendment, "
                "paragraph, descr) VALUES ('unvotes', ?, ?, ?, ?, ?, ?)",
                [
                    record,
                    session,
                    f"A/RES/{session}/1",
                    amendment and part,
                    paragraph and part,
                    DESCR_4604,
                ],
            )
        with store.transaction():
            relink(store)
        assert find_series(store, DPRK).sessions == (67, 78)


@pytest.fixture(scope="module")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed database file with the capture, the texts and `unvotes`, for the web server."""
    path = tmp_path_factory.mktemp("series_votes_web") / "ungawatch.duckdb"
    with open_store(path) as store:
        ingest_paths(
            store,
            [
                capture("undl/session78_committee3_drafts.xml"),
                *sorted(capture("undocs").glob("*.txt")),
                capture("unvotes/un_votes.csv.gz"),
            ],
        )
    return path


def test_the_dashboard_shows_sessions_known_only_from_their_vote(full_db: Path) -> None:
    """Sessions with a vote but no sponsor list render as "unknown", not as an error."""
    from ungawatch.web.server import running

    series = "c3-situation-of-human-rights-in-prk"
    with running(full_db) as base, httpx.Client(base_url=base, timeout=60) as http:
        page = http.get(f"/series/{series}")
        assert page.status_code == 200, page.text[:500]
        assert "sponsor list not in the database" in page.text
        rows = http.get(f"/api/v1/series/{series}/history", params={"state": "KOR"}).json()
    by_session = {row["session"]: row for row in rows["items"]}
    assert by_session[61]["sponsor_role"] == "unknown" and by_session[61]["plenary_vote"] == "Y"
    assert by_session[78]["sponsor_role"] == "original"
