"""The UN Digital Library MARCXML parser on the real session-78 capture and voting records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import FIXTURES
from ungawatch.errors import SourceError
from ungawatch.ingest.resolve import display_name, resolve_record
from ungawatch.models import RejectedRecord, ResolvedRecord, UndlRecord
from ungawatch.sources.undl import parse_marcxml
from ungawatch.vocabulary import AdoptionMethod, DocumentKind, Relation, SponsorRole, VoteOption


def parsed(path: Path) -> list[UndlRecord]:
    items = list(parse_marcxml(str(path)))
    assert all(isinstance(item, UndlRecord) for item in items), items
    return [item for item in items if isinstance(item, UndlRecord)]


def by_symbol(records: list[UndlRecord], symbol: str) -> UndlRecord:
    return next(record for record in records if record.symbol == symbol)


def test_capture_parses_every_record(drafts_xml: Path) -> None:
    records = parsed(drafts_xml)
    assert len(records) == 94
    assert len({record.record_id for record in records}) == 94


def test_dprk_draft_sponsors(drafts_xml: Path) -> None:
    record = by_symbol(parsed(drafts_xml), "A/C.3/78/L.39")
    assert record.record_id == "4026559"
    assert record.kind is DocumentKind.DRAFT_RESOLUTION
    assert record.title == "Situation of human rights in the Democratic People's Republic of Korea"
    assert record.date == "2023-11-02"
    original = [s for s in record.sponsors if s.role is SponsorRole.ORIGINAL]
    additional = [s for s in record.sponsors if s.role is SponsorRole.ADDITIONAL]
    assert len(original) == 40
    assert {s.field for s in original} == {"245$c"}
    assert len(additional) == 22
    assert {s.listed_in for s in additional} == {"A/78/481/Add.3"}
    assert len(record.catalogue_names) == 37
    assert ("A/RES/78/218", Relation.RESOLUTION) in pairs(record)
    assert ("A/78/481/Add.3", Relation.REPORT) in pairs(record)


def pairs(record: UndlRecord) -> set[tuple[str, Relation]]:
    return {(link.symbol, link.relation) for link in record.related}


def test_statement_is_reconciled_with_710_and_difference_reported(drafts_xml: Path) -> None:
    record = by_symbol(parsed(drafts_xml), "A/C.3/78/L.39")
    resolved = resolve_record(record, str(drafts_xml))
    assert isinstance(resolved, ResolvedRecord)
    originals = {s.state_code for s in resolved.sponsors if s.role is SponsorRole.ORIGINAL}
    assert {"KOR", "USA", "FSM", "MCO", "NLD"} <= originals
    assert len(originals) == 40
    messages = " ".join(note.message for note in resolved.notes)
    assert "missing from 710" in messages
    for name in ("Micronesia (Federated States of)", "Monaco", "Netherlands (Kingdom of The)"):
        assert name in messages


def test_every_name_in_the_capture_resolves_and_none_is_lost(drafts_xml: Path) -> None:
    for record in parsed(drafts_xml):
        resolved = resolve_record(record, str(drafts_xml))
        assert isinstance(resolved, ResolvedRecord), resolved
        # Kept names are the printed ones with mojibake repaired for display ("CÃ´te d'Ivoire").
        printed = {(display_name(s.name), s.role) for s in record.sponsors}
        kept = {(s.printed_name, s.role) for s in resolved.sponsors}
        assert printed == kept, record.symbol


def test_groups_acted_for(drafts_xml: Path) -> None:
    records = parsed(drafts_xml)
    acting = {(s.name, s.acting_for) for r in records for s in r.sponsors if s.acting_for}
    assert ("Cuba", "Group of 77 and China") in acting
    assert ("Zambia", "Group of African States") in acting
    assert ("Egypt", "Organization of Islamic Cooperation") in acting


def test_organ_statements_are_not_sponsors(drafts_xml: Path) -> None:
    submitted = [r for r in parsed(drafts_xml) if r.submitted_by]
    assert submitted
    assert all(not r.sponsors for r in submitted if not r.notes)


def test_amendment_links_to_the_draft_it_amends(drafts_xml: Path) -> None:
    record = by_symbol(parsed(drafts_xml), "A/C.3/78/L.67")
    assert record.kind is DocumentKind.AMENDMENT
    assert ("A/C.3/78/L.51", Relation.AMENDS) in pairs(record)


def test_catalogue_typo_in_a_link_is_repaired_and_reported(drafts_xml: Path) -> None:
    record = by_symbol(parsed(drafts_xml), "A/C.3/78/L.32")
    assert ("A/78/481/Add.2", Relation.REPORT) in pairs(record)
    assert any("AA/78/481/Add.2" in note.message for note in record.notes)


def test_voting_record() -> None:
    records = parsed(FIXTURES / "votes_78_220.xml")
    vote = by_symbol(records, "A/RES/78/220")
    assert vote.kind is DocumentKind.VOTING_RECORD
    assert vote.adoption is AdoptionMethod.RECORDED_VOTE
    assert vote.tally is not None and (vote.tally.yes, vote.tally.no, vote.tally.abstain) == (
        78,
        30,
        68,
    )
    assert vote.meeting == "A/78/PV.50"
    options = {v.code: v.vote for v in vote.votes}
    assert options["USA"] is VoteOption.YES
    assert options["IRN"] is VoteOption.NO
    assert options["BEN"] is VoteOption.ABSTAIN
    assert options["TUR"] is VoteOption.NON_VOTING
    assert not vote.sponsors
    mismatches = [note.message for note in vote.notes if note.field == "967"]
    assert "967 counts 4 yes, 996 summary says 78" in mismatches
    consensus = by_symbol(records, "A/RES/78/218")
    assert consensus.adoption is AdoptionMethod.WITHOUT_VOTE
    assert consensus.votes == ()


def record_xml(body: str) -> io.BytesIO:
    return io.BytesIO(
        f'<collection xmlns="http://www.loc.gov/MARC21/slim">{body}</collection>'.encode()
    )


def test_bad_record_is_rejected_and_its_neighbours_kept() -> None:
    good = (
        '<record><controlfield tag="001">1</controlfield><datafield tag="191">'
        '<subfield code="a">A/C.3/78/L.39</subfield></datafield></record>'
    )
    bad_vote = (
        '<record><controlfield tag="001">2</controlfield><datafield tag="791">'
        '<subfield code="a">A/RES/78/220</subfield></datafield><datafield tag="967">'
        '<subfield code="c">USA</subfield><subfield code="d">Q</subfield></datafield></record>'
    )
    no_id = (
        '<record><datafield tag="191"><subfield code="a">A/78/L.1</subfield></datafield></record>'
    )
    items = list(parse_marcxml(record_xml(good + bad_vote + no_id + good), "test.xml"))
    assert [type(item) for item in items] == [
        UndlRecord,
        RejectedRecord,
        RejectedRecord,
        UndlRecord,
    ]
    rejected = items[1]
    assert isinstance(rejected, RejectedRecord)
    assert (rejected.location, rejected.record_id, rejected.field) == ("test.xml", "2", "967$d")
    assert "unknown vote code 'Q'" in rejected.message


def test_unknown_sponsor_name_rejects_the_record_with_suggestions() -> None:
    body = (
        '<record><controlfield tag="001">7</controlfield>'
        '<datafield tag="191"><subfield code="a">A/C.3/78/L.99</subfield></datafield>'
        '<datafield tag="245"><subfield code="a">Test :</subfield>'
        '<subfield code="b">draft resolution /</subfield>'
        '<subfield code="c">Egypt and Cote d Ivoir</subfield></datafield></record>'
    )
    (record,) = parse_marcxml(record_xml(body), "t.xml")
    assert isinstance(record, UndlRecord)
    rejected = resolve_record(record, "t.xml")
    assert isinstance(rejected, RejectedRecord)
    assert rejected.field == "245$c"
    assert "Cote d Ivoir" in rejected.message and "Côte d'Ivoire" in rejected.message


def test_broken_xml_raises_source_error_naming_the_file() -> None:
    with pytest.raises(SourceError, match=r"broken\.xml"):
        list(parse_marcxml(io.BytesIO(b"<collection><record>"), "broken.xml"))
