"""Resolution, history and changes on the real session-78 capture."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from ungawatch.errors import AmbiguousQuery, NotFound
from ungawatch.ingest import ingest_paths
from ungawatch.positions.changes import JOINED, VOTE_CHANGED, changes
from ungawatch.positions.history import history, history_frame
from ungawatch.positions.resolution import SponsorRef, resolution
from ungawatch.store import Store

DPRK = "human rights in the Democratic People's Republic of Korea"


def codes(rows: Iterable[SponsorRef]) -> set[str]:
    return {row.state_code for row in rows}


@pytest.mark.parametrize("symbol", ["A/RES/78/218", "A/C.3/78/L.39", "a/c.3/78/l. 39"])
def test_dprk_resolution(loaded: Store, symbol: str) -> None:
    view = resolution(loaded, symbol)
    assert view.resolution == "A/RES/78/218"
    assert view.draft == "A/C.3/78/L.39"
    assert view.session == "78" and view.year == 2023 and view.body == "C.3"
    original, additional = view.sponsors["original"], view.sponsors["additional"]
    assert len(original) == 40 and {"KOR", "USA"} <= codes(original)
    assert len(additional) == 22 and {"JPN", "GBR", "TUR"} <= codes(additional)
    assert {row.listed_in for row in additional} == {"A/78/481/Add.3"}
    assert {row.listed_in for row in original} == {"A/C.3/78/L.39"}
    names = {row.state for row in additional}
    assert "Türkiye" in names
    # The printed name is shown repaired; the stored record keeps the bytes as printed.
    turkey = next(row for row in additional if row.state_code == "TUR")
    assert turkey.printed_name == "Türkiye"
    assert view.adoption is not None and view.adoption.method == "without a vote"
    assert any("missing from 710" in note.message for note in view.notes)
    lines = {line.state_code: line for line in view.states}
    assert (lines["KOR"].sponsor_role, lines["KOR"].vote) == ("original", "no_vote_taken")
    assert (lines["CHN"].sponsor_role, lines["JPN"].sponsor_role) == ("not_sponsor", "additional")
    assert len(lines) == 193


def test_revised_draft_family(loaded: Store) -> None:
    view = resolution(loaded, "A/C.3/78/L.40")
    assert view.resolution == "A/RES/78/219"
    assert view.draft == "A/C.3/78/L.40/Rev.1"
    assert {"A/C.3/78/L.40", "A/C.3/78/L.40/Rev.1"} <= {d.symbol for d in view.documents}


def test_recorded_vote_in_resolution_view(loaded: Store) -> None:
    view = resolution(loaded, "A/RES/78/220")
    assert view.draft == "A/C.3/78/L.41" and view.adoption is not None
    assert view.adoption.yes == 78 and view.adoption.meeting == "A/78/PV.50"
    votes = {row.state_code: row.vote for row in view.votes}
    assert votes["KOR"] == "Y" and votes["IRN"] == "N" and votes["TUR"] == "X"


def test_unknown_symbol_suggests_close_ones(loaded: Store) -> None:
    with pytest.raises(NotFound) as raised:
        resolution(loaded, "A/C.3/78/L.390")
    assert "A/C.3/78/L.39" in raised.value.suggestions


def test_history_for_one_state(loaded: Store) -> None:
    (row,) = history(loaded, DPRK, "South Korea")
    assert (row.session, row.year, row.state_code) == (78, 2023, "KOR")
    assert (row.draft, row.resolution, row.sponsor_role) == (
        "A/C.3/78/L.39",
        "A/RES/78/218",
        "original",
    )
    assert (row.plenary_vote, row.committee_vote) == ("no_vote_taken", "unknown")
    assert row.sources == ("A/C.3/78/L.39", "A/RES/78/218")
    assert row.sponsor_record == "undl-marcxml:4026559"
    (japan,) = history(loaded, "A/RES/78/218", "JPN")
    assert japan.sponsor_role == "additional" and japan.sources[0] == "A/78/481/Add.3"
    (china,) = history(loaded, "A/C.3/78/L.39", "China")
    assert china.sponsor_role == "not_sponsor" and china.sponsor_document == "A/C.3/78/L.39"
    (holy_see,) = history(loaded, "A/C.3/78/L.39", "Holy See")
    assert (holy_see.sponsor_role, holy_see.plenary_vote) == ("not_sponsor", "not_member")


def test_history_for_every_state_and_wide(loaded: Store) -> None:
    rows = history(loaded, DPRK)
    assert len({row.state_code for row in rows}) == 193
    wide = history_frame(rows, wide=True)
    assert wide.shape == (193, 1)
    assert wide.loc["Republic of Korea", 78] == "O/nv"
    assert wide.loc["China", 78] == "-/nv"


def test_history_vote_column(loaded: Store) -> None:
    rows = {row.state_code: row for row in history(loaded, "Islamic Republic of Iran")}
    assert rows["USA"].plenary_vote == "Y" and rows["IRN"].plenary_vote == "N"
    assert (
        rows["TUR"].plenary_vote == "X"
        and rows["USA"].plenary_record == "undl-marcxml:fixture-78-220"
    )
    assert rows["USA"].sponsor_role == "original"


def test_ambiguous_and_unknown_queries(loaded: Store) -> None:
    with pytest.raises(AmbiguousQuery):
        history(loaded, "human rights")
    with pytest.raises(NotFound):
        history(loaded, "situation on planet mars")


def test_changes_against_previous_session(
    loaded_db: Path, tmp_path: Path, drafts_xml: Path
) -> None:
    # A made-up session-77 predecessor of the DPRK and Iran texts, to exercise the comparison.
    earlier = tmp_path / "session77.xml"
    earlier.write_text(
        '<collection xmlns="http://www.loc.gov/MARC21/slim">'
        + _draft(
            "1",
            "A/C.3/77/L.23",
            "Situation of human rights in the Democratic People's Republic of Korea",
            "Japan, Republic of Korea and United States of America",
        )
        + _vote(
            "2",
            "A/RES/77/228",
            "Situation of human rights in the Islamic Republic of Iran",
            {"USA": "Y", "IRN": "N", "KOR": "A"},
        )
        + "</collection>",
        "utf-8",
    )
    from ungawatch.store import open_store

    with open_store(tmp_path / "db.duckdb") as store:
        ingest_paths(
            store, [drafts_xml, earlier, Path(__file__).parent / "fixtures" / "votes_78_220.xml"]
        )
        found = changes(store, 78)
        japan = [c for c in found if c.state_code == "JPN" and "Korea" in c.title]
        # Original sponsor in 77, additional in 78: a sponsor both times, so no change.
        assert japan == []
        joined = {c.state_code for c in found if c.change == JOINED and "Korea" in c.title}
        assert "ALB" in joined and "KOR" not in joined
        vote = [c for c in found if c.change == VOTE_CHANGED]
        assert [(c.state_code, c.detail) for c in vote] == [("KOR", "A -> Y")]
        only_korea = changes(store, 78, country="Republic of Korea")
        assert {c.change for c in only_korea} == {VOTE_CHANGED}


def _draft(record_id: str, symbol: str, title: str, sponsors: str) -> str:
    return (
        f'<record><controlfield tag="001">{record_id}</controlfield>'
        f'<datafield tag="191"><subfield code="a">{symbol}</subfield></datafield>'
        f'<datafield tag="245"><subfield code="a">{title} :</subfield>'
        f'<subfield code="b">draft resolution /</subfield><subfield code="c">{sponsors}</subfield>'
        "</datafield></record>"
    )


def _vote(record_id: str, symbol: str, title: str, votes: dict[str, str]) -> str:
    rows = "".join(
        f'<datafield tag="967"><subfield code="c">{code}</subfield>'
        f'<subfield code="d">{vote}</subfield></datafield>'
        for code, vote in votes.items()
    )
    return (
        f'<record><controlfield tag="001">{record_id}</controlfield>'
        f'<datafield tag="245"><subfield code="a">{title} :</subfield></datafield>'
        f'<datafield tag="791"><subfield code="a">{symbol}</subfield></datafield>{rows}</record>'
    )


def test_catalogue_and_report_text_merge_without_duplicates(
    tmp_path: Path, drafts_xml: Path
) -> None:
    from conftest import FIXTURES, capture
    from ungawatch.store import open_store

    report = capture("undocs/A_78_481_Add.3.txt")
    with open_store(tmp_path / "db.duckdb") as store:
        ingest_paths(store, [drafts_xml, FIXTURES / "votes_78_220.xml", report])
        view = resolution(store, "A/RES/78/220")
    original = view.sponsors["original"]
    assert len(original) == len(codes(original)) == 43
    albania = next(row for row in original if row.state_code == "ALB")
    assert albania.listed_in == "A/C.3/78/L.41"
    assert {source.listed_in for source in albania.sources} == {
        "A/C.3/78/L.41",
        "A/78/481/Add.3",
    }
    assert [d.symbol for d in view.documents] == ["A/C.3/78/L.41", "A/RES/78/220"]
    committee = view.committee_action
    assert committee is not None
    assert (committee.body, committee.yes, committee.no, committee.abstain) == ("C.3", 80, 29, 65)
    assert len(view.committee_votes) == 80 + 29 + 65
    assert view.adoption is not None and view.adoption.yes == 78
