"""The Human Rights Council's sources and UN press releases, read from the shared captures
(`hrc/`, `undocs/GA_SHC_*.txt`) without a database: the Council's calendar, the OHCHR voting
records, the Council's resolution records and the Third Committee's press releases."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from conftest import capture
from ungawatch.errors import SourceError
from ungawatch.ingest.formats import detect_format
from ungawatch.models import SkippedPart, UndlRecord
from ungawatch.sessions import hrc_calendar, hrc_session, hrc_session_of_date, hrc_year_of_session
from ungawatch.sources.doctext import TextRecord
from ungawatch.sources.hrc import read_hrc_record
from ungawatch.sources.ohchr_votes import read_ohchr_votes, read_symbol
from ungawatch.sources.press_releases import read_press_release
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import (
    AdoptionMethod,
    Body,
    DocumentKind,
    SourceKind,
    SponsorCount,
    SponsorRole,
    VoteOption,
)


@pytest.fixture(scope="module")
def ohchr() -> object:
    with gzip.open(capture("hrc/unhrc_nominate_votes.sqlite3.gz")) as stream:
        return read_ohchr_votes(stream, "votes.sqlite3.gz")


def _records(name: str) -> tuple[list[UndlRecord], list[SkippedPart], list[TextRecord]]:
    path = capture(f"hrc/{name}")
    found = read_hrc_record(path.read_bytes(), str(path))
    texts = [item for item in found if isinstance(item, TextRecord)]
    return [t.record for t in texts], [i for i in found if isinstance(i, SkippedPart)], texts


# --- the calendar ---------------------------------------------------------------------------


def test_every_ohchr_vote_falls_in_its_session(ohchr: object) -> None:
    """The calendar against the 974 dated votes of the OHCHR file (special sessions too)."""
    rows = ohchr.roll_calls.to_pylist()  # type: ignore[attr-defined]
    assert len(rows) == 974
    for row in rows:
        session = parse_symbol(row["symbol"]).session
        held = hrc_session(session)
        assert held is not None and held.meets_on(date.fromisoformat(row["date"])), row


def test_sessions_and_years() -> None:
    assert [hrc_year_of_session(s) for s in (1, 3, 4, 7, 43, 58)] == [2006] * 2 + [
        2007,
        2008,
        2020,
        2025,
    ]
    assert hrc_session_of_date(date(2025, 4, 3)).number == "58"  # type: ignore[union-attr]
    assert hrc_session_of_date(date(2022, 11, 24)).number == "S-35"  # type: ignore[union-attr]
    # Session 43 was suspended on 13 March 2020 and resumed in June.
    assert hrc_session("43").meets_on(date(2020, 6, 22))  # type: ignore[union-attr]
    assert hrc_session_of_date(date(2020, 5, 1)) is None
    assert len([s for s in hrc_calendar().values() if not s.special]) == 60


# --- OHCHR voting records -------------------------------------------------------------------


def test_ohchr_file_read_whole(ohchr: object) -> None:
    data = ohchr
    assert data.votes.num_rows == 45387  # type: ignore[attr-defined]
    votes = data.votes.to_pylist()  # type: ignore[attr-defined]
    tally = [v["vote"] for v in votes if v["record_id"] == "A/HRC/RES/16/8"]
    assert (tally.count("YES"), tally.count("NO"), tally.count("ABSTAIN")) == (30, 3, 11)
    assert tally.count("NO_VOTE") == 3
    rows = {r["record_id"]: r for r in data.roll_calls.to_pylist()}  # type: ignore[attr-defined]
    dprk = rows["A/HRC/RES/7/15"]
    assert dprk["title"] == "Situation of human rights in the Democratic People’s Republic of Korea"
    assert dprk["committee_report"] == "A/HRC/7/78 (Annex I)" and dprk["session"] == 7
    assert rows["A/HRC/28/L.36"]["amendment"] and rows["A/HRC/RES/S-1/1"]["session"] is None
    notes = {record: note.message for record, note in data.notes}  # type: ignore[attr-defined]
    assert "read as A/HRC/DEC/22/117" in notes["A/HRC/DEC22/117"]
    assert "unlike the 16 other roll calls of HRC session 33" in notes["A/HRC/33/L.34"]
    assert "no vote rows" in notes["A/HRC/RES/56/18"]


@pytest.mark.parametrize(
    ("printed", "symbol", "revised"),
    [
        ("A/HRC/DEC22/117", "A/HRC/DEC/22/117", False),
        ("A/HRC/RES/56/L.31", "A/HRC/56/L.31", False),
        ("A/HRC/50/L.37 as orally revised", "A/HRC/50/L.37", True),
        ("A/HRC/RES/S-35/1", "A/HRC/RES/S-35/1", False),
    ],
)
def test_ohchr_names(printed: str, symbol: str, revised: bool) -> None:
    read, orally, _ = read_symbol(printed)
    assert (read, orally) == (symbol, revised)
    assert parse_symbol(read).body is Body.HRC


# --- the Council's resolution records -------------------------------------------------------


def test_7_15_draft_page_and_right_docs_lists() -> None:
    records, _, _ = _records("A_HRC_RES_7_15.txt")
    resolution = next(r for r in records if r.symbol == "A/HRC/RES/7/15")
    draft = next(r for r in records if r.symbol == "A/HRC/7/L.28")
    originals = {s.name: s for s in draft.sponsors}
    assert len(originals) == 40 and draft.kind is DocumentKind.DRAFT_RESOLUTION
    assert originals["Slovenia"].acting_for == "European Union"
    assert {"Japan", "United States of America", "Czech Republic"} <= set(originals)
    assert "Republic of Korea" not in originals
    assert [r.symbol for r in draft.related] == ["A/HRC/RES/7/15"]
    co = [s for s in resolution.sponsors if s.role is SponsorRole.CO_SPONSOR]
    assert len(co) == 42 and "Moldova, Republic of" in {s.name for s in co}
    counts = {(c.counted_as, c.stated, c.named) for c in resolution.sponsor_counts}
    assert counts == {(SponsorCount.MAIN, 29, 0), (SponsorCount.CO_SPONSORS, 42, 42)}
    assert resolution.adoption is AdoptionMethod.RECORDED_VOTE
    assert resolution.tally and (resolution.tally.yes, resolution.tally.no) == (22, 7)
    assert resolution.tally.abstain == 18 and len(resolution.votes) == 47
    assert resolution.date == "2008-03-27"


def test_25_25_missing_from_ohchr_has_the_lists_its_sources_give() -> None:
    records, skipped, _ = _records("A_HRC_RES_25_25.txt")
    (resolution,) = records
    tally = resolution.tally
    assert tally and (tally.yes, tally.no, tally.abstain) == (30, 6, 11)
    by_vote = {v: {s.name for s in resolution.votes if s.vote is v} for v in VoteOption}
    assert len(by_vote[VoteOption.YES]) == 30 and "Korea, Republic of" in by_vote[VoteOption.YES]
    assert by_vote[VoteOption.NO] == {
        "China",
        "Cuba",
        "Pakistan",
        "Russia",
        "Venezuela",
        "Viet Nam",
    }
    assert by_vote[VoteOption.ABSTAIN] == {"India", "Indonesia", "South Africa"}
    conflicts = [n.message for n in resolution.notes if n.field == "conflict"]
    assert conflicts == ["source-5 (michaelkirby.com.au, as stored) gives 30-6-9; kept 30-6-11"]
    assert [d.name for d in resolution.delegations] == ["Ireland"]
    assert resolution.delegations[0].acting_for == "the European Union and Japan"
    assert "A/HRC/25/L.17" in {r.symbol for r in resolution.related}
    assert not skipped


def test_25_24_lists_and_citation() -> None:
    records, _, texts = _records("A_HRC_RES_25_24.txt")
    resolution = next(r for r in records if r.symbol == "A/HRC/RES/25/24")
    options = [v.vote for v in resolution.votes]
    assert (options.count(VoteOption.YES), options.count(VoteOption.NO)) == (21, 9)
    assert options.count(VoteOption.ABSTAIN) == 16 and resolution.date == "2014-03-28"
    citing = next(t for t in texts if t.record.symbol == "A/HRC/RES/28/21")
    assert "A/HRC/RES/25/24" in citing.cites


def test_2025_text_without_symbol_and_self_contradicting() -> None:
    records, _, texts = _records("A_HRC_RES_58_unknown_DPRK.txt")
    (resolution,) = records
    assert resolution.symbol is None and texts[0].session == 58
    assert resolution.adoption is None  # "unanimously" and "following a vote": undecided
    assert any("unanimously and following a vote" in n.message for n in resolution.notes)
    assert resolution.title == "Situation of human rights in the DPRK"


@pytest.mark.parametrize(
    ("name", "method", "note"),
    [
        ("A_HRC_RES_19_13.txt", AdoptionMethod.WITHOUT_VOTE, None),
        ("A_HRC_RES_31_18.txt", AdoptionMethod.WITHOUT_VOTE, "calls it a text of session 13"),
        ("A_HRC_RES_34_24.txt", AdoptionMethod.WITHOUT_VOTE, "the page shows no vote"),
        ("A_HRC_RES_40_20.txt", AdoptionMethod.WITHOUT_VOTE, "no section states the symbol"),
        ("A_HRC_RES_52_28.txt", AdoptionMethod.WITHOUT_VOTE, "no section states the symbol"),
        ("A_HRC_RES_13_14.txt", AdoptionMethod.RECORDED_VOTE, None),
    ],
)
def test_adoption_read_from_the_sections(
    name: str, method: AdoptionMethod, note: str | None
) -> None:
    records, _, _ = _records(name)
    resolution = next(r for r in records if r.kind is DocumentKind.RESOLUTION)
    assert resolution.adoption is method
    if note:
        assert any(note in n.message for n in resolution.notes), resolution.notes


def test_sections_without_a_fact_are_reported() -> None:
    _, skipped, _ = _records("A_HRC_RES_10_16.txt")
    assert [s.message for s in skipped] == [
        "A_HRC_RES_10_16.txt source-2 (press release excerpt, as stored): no statement about "
        "A/HRC/RES/10/16 (adoption, votes, sponsors, date, title) found; not read"
    ]


def test_sponsorship_sentences_are_notes_never_lists() -> None:
    records, _, _ = _records("A_HRC_RES_52_28.txt")
    (resolution,) = records
    assert not resolution.sponsors
    prose = [n.message for n in resolution.notes if n.field == "sponsors (prose)"]
    assert any("co-sponsoring it for the first time in five years" in m for m in prose)


# --- press releases -------------------------------------------------------------------------


def _press(name: str) -> list[TextRecord | SkippedPart]:
    path = capture(f"undocs/{name}")
    return read_press_release(path.read_bytes(), str(path))


@pytest.mark.parametrize(
    ("name", "session", "counts"),
    [
        ("GA_SHC_3840.txt", 60, (84, 22, 62)),
        ("GA_SHC_3874.txt", 61, (91, 21, 60)),
        ("GA_SHC_4032.txt", 66, (112, 16, 55)),
        ("GA_SHC_4122.txt", 69, (111, 19, 55)),
    ],
)
def test_press_release_dprk_recorded_votes(
    name: str, session: int, counts: tuple[int, int, int]
) -> None:
    found = [i for i in _press(name) if isinstance(i, TextRecord)]
    dprk = next(t for t in found if "Korea" in (t.record.title or ""))
    record = dprk.record
    assert (dprk.session, dprk.body) == (session, Body.C3)
    assert record.adoption is AdoptionMethod.RECORDED_VOTE and record.symbol is None
    assert record.tally and (record.tally.yes, record.tally.no, record.tally.abstain) == counts
    assert record.reported_in == name.removesuffix(".txt").replace("_", "/")
    assert record.record_id.startswith("press:GA/SHC/")


def test_press_release_without_a_vote_and_dissociations() -> None:
    (dprk,) = [i for i in _press("GA_SHC_4188.txt") if isinstance(i, TextRecord)]
    assert dprk.record.adoption is AdoptionMethod.WITHOUT_VOTE and dprk.record.dissociated == 11
    (l34,) = [i for i in _press("GA_SHC_4432.txt") if isinstance(i, TextRecord)]
    assert (l34.session, l34.record.symbol) == (79, "A/C.3/79/L.34")
    assert [(d.name, d.acting_for) for d in l34.record.delegations] == [
        ("Hungary", "the European Union")
    ]


def test_press_release_two_drafts_and_an_introduction() -> None:
    titles = {
        t.record.title: t.record for t in _press("GA_SHC_4220.txt") if isinstance(t, TextRecord)
    }
    iran = titles["Situation of human rights in Iran"].tally
    assert iran and (iran.yes, iran.no, iran.abstain) == (83, 30, 68)
    (syria,) = [t for t in _press("GA_SHC_4152.txt") if isinstance(t, TextRecord)]
    assert syria.record.symbol == "A/C.3/70/L.47" and syria.record.adoption is None
    assert [d.name for d in syria.record.delegations] == ["Qatar"]


def test_press_release_that_names_no_session_is_reported() -> None:
    (skipped,) = _press("GA_SHC_4157.txt")
    assert isinstance(skipped, SkippedPart) and "names no session" in skipped.message


# --- formats --------------------------------------------------------------------------------


def test_every_hrc_and_press_file_is_told_by_positive_evidence() -> None:
    folder = capture("hrc")
    for path in sorted(folder.glob("*.txt")):
        assert detect_format(path).kind is SourceKind.HRC_RECORD, path
    assert detect_format(folder / "unhrc_nominate_votes.sqlite3.gz").kind is SourceKind.OHCHR_VOTES
    for path in sorted(capture("undocs").glob("GA_SHC_*.txt")):
        assert detect_format(path).kind is SourceKind.PRESS_RELEASE, path
    # The undocs' catalogue excerpts (undl-note files) are XML: refused, never read as text.
    for path in sorted(capture("undocs").glob("A_*.txt")):
        if "datafield" in path.read_text("utf-8"):
            with pytest.raises(SourceError, match="catalogue record"):
                detect_format(path)
        else:
            assert detect_format(path).kind is SourceKind.UN_DOCUMENT_TEXT, path


def test_no_council_record_is_a_general_assembly_text() -> None:
    for path in sorted(capture("hrc").glob("*.txt")):
        for item in read_hrc_record(path.read_bytes(), str(path)):
            if isinstance(item, TextRecord):
                assert item.body is Body.HRC
                if item.record.symbol:
                    assert parse_symbol(item.record.symbol).body is Body.HRC, item.record
