"""UN document text → records, on the real texts in ../shared/data/undocs (headers stripped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import capture
from ungawatch.countries import is_known_name, resolve
from ungawatch.errors import SourceError
from ungawatch.ingest import ingest_paths
from ungawatch.sources.doctext import (
    CONFIDENCE_RESTATED,
    TextRecord,
    is_document_text,
    ordinal_number,
    parse_document,
    read_document,
    strip_provenance_header,
)
from ungawatch.sources.sponsor_lists import split_names, sponsor_statement, vote_lists
from ungawatch.store import Store
from ungawatch.vocabulary import AdoptionMethod, Body, SponsorRole, VoteOption

# The real document texts (drafts, a revised draft, the report section, a restatement).
TEXTS = (
    "A_C.3_62_L.37_Rev.1.txt",
    "A_C.3_61_L.unknown_Myanmar.txt",
    "A_78_481_Add.3.txt",
    "A_C.3_75_L.31_Rev.1.txt",
)


def undocs_body(name: str, folder: Path) -> Path:
    """The text of an undocs file without our provenance header, written under `folder`."""
    source = capture(f"undocs/{name}")
    body = folder / name
    body.write_text(strip_provenance_header(source.read_text("utf-8")), "utf-8")
    return body


def one_record(name: str, tmp_path: Path) -> TextRecord:
    items = read_document(undocs_body(name, tmp_path))
    assert len(items) == 1 and isinstance(items[0], TextRecord), items
    return items[0]


def resolved_names(record: TextRecord, role: SponsorRole) -> list[str]:
    return [resolve(e.name).name for e in record.record.sponsors if e.role is role]


def test_header_is_stripped_and_never_read(tmp_path: Path) -> None:
    body = undocs_body("A_C.3_62_L.37_Rev.1.txt", tmp_path).read_text("utf-8")
    assert body.startswith("United Nations A/C.3/62/L.37/Rev.1")
    assert strip_provenance_header("# symbol: A/1\n\nText") == "Text"


def test_revised_draft_first_page_collapsed_pdf_text(tmp_path: Path) -> None:
    text = one_record("A_C.3_62_L.37_Rev.1.txt", tmp_path)
    record = text.record
    assert record.symbol == "A/C.3/62/L.37/Rev.1" and text.session == 62 and text.body is Body.C3
    assert record.kind_label == "revised draft resolution" and record.date == "2007-11-15"
    assert record.title == "Situation of human rights in the Democratic People's Republic of Korea"
    assert record.agenda[0].startswith("70c: Promotion and protection of human rights:")
    names = resolved_names(text, SponsorRole.ORIGINAL)
    # 48 sponsors, no list item lost; "Moldova", "the former Yugoslav Republic of Macedonia",
    # "Turkey" and "Czech Republic" resolve; Japan and the US sponsor, the ROK does not.
    assert len(names) == 48
    assert {"Republic of Moldova", "North Macedonia", "Türkiye", "Czechia"} <= set(names)
    assert {"Japan", "United States of America"} <= set(names)
    assert "Republic of Korea" not in names
    assert names[:2] == ["Albania", "Andorra"]
    assert names[-2:] == ["United Kingdom of Great Britain and Northern Ireland", names[-1]]
    assert {"Bosnia and Herzegovina", "Micronesia (Federated States of)"} <= set(names)


def test_draft_without_symbol_takes_session_and_committee_from_its_heading(
    tmp_path: Path,
) -> None:
    text = one_record("A_C.3_61_L.unknown_Myanmar.txt", tmp_path)
    assert text.record.symbol is None and text.session == 61 and text.body is Body.C3
    assert text.record.title == "Situation of human rights in Myanmar"
    assert len(resolved_names(text, SponsorRole.ORIGINAL)) == 35
    assert [note.field for note in text.record.notes] == ["symbol"]


def test_committee_report_section(tmp_path: Path) -> None:
    text = one_record("A_78_481_Add.3.txt", tmp_path)
    record = text.record
    assert record.symbol == "A/C.3/78/L.41" and text.body is Body.C3
    assert record.title == "Situation of human rights in the Islamic Republic of Iran"
    assert record.date == "2023-11-15" and record.meeting == "53rd meeting"
    original = resolved_names(text, SponsorRole.ORIGINAL)
    additional = resolved_names(text, SponsorRole.ADDITIONAL)
    assert len(original) == 43 and original[-1] == "United States of America"
    assert "United Kingdom of Great Britain and Northern Ireland" in original
    # "Subsequently, …, the Republic of Moldova, … joined" and "At the same meeting, Tuvalu".
    assert additional == [
        "Andorra",
        "New Zealand",
        "Palau",
        "Republic of Moldova",
        "San Marino",
        "Vanuatu",
        "Tuvalu",
    ]
    assert {e.listed_in for e in record.sponsors} == {"A/78/481/Add.3"}


def test_committee_recorded_vote_with_lists(tmp_path: Path) -> None:
    record = one_record("A_78_481_Add.3.txt", tmp_path).record
    assert record.adoption is AdoptionMethod.RECORDED_VOTE
    assert record.tally is not None and (record.tally.yes, record.tally.no) == (80, 29)
    assert record.tally.abstain == 65
    counts = {option: 0 for option in VoteOption}
    for vote in record.votes:
        counts[vote.vote] += 1
    assert (counts[VoteOption.YES], counts[VoteOption.NO], counts[VoteOption.ABSTAIN]) == (
        80,
        29,
        65,
    )
    by_name = {resolve(v.name).code: v.vote for v in record.votes}
    # "Timor-\nLeste" and "Guinea-\nBissau" broken across lines; the running head
    # "A/78/481/Add.3" between two lists is not a state.
    assert by_name["TLS"] is VoteOption.YES and by_name["GNB"] is VoteOption.ABSTAIN
    assert by_name["KOR"] is VoteOption.YES and by_name["PRK"] is VoteOption.NO
    assert by_name["VCT"] is VoteOption.ABSTAIN and by_name["ATG"] is VoteOption.YES
    assert record.notes == ()


def test_third_party_restatement_is_read_with_lower_confidence(tmp_path: Path) -> None:
    text = one_record("A_C.3_75_L.31_Rev.1.txt", tmp_path)
    assert text.record.symbol == "A/C.3/75/L.31/Rev.1" and text.confidence == CONFIDENCE_RESTATED
    assert text.record.title == "Situation of human rights in the Islamic Republic of Iran"
    assert len(resolved_names(text, SponsorRole.ORIGINAL)) == 38
    assert "Netherlands (Kingdom of the)" in resolved_names(text, SponsorRole.ORIGINAL)
    assert len(resolved_names(text, SponsorRole.ADDITIONAL)) == 7
    assert text.record.tally is not None and text.record.tally.yes == 79
    assert text.record.votes == ()


@pytest.mark.parametrize(
    "name", ["GA_SHC_4032.txt", "GA_SHC_4188.txt", "A_C.3_78_L.39.txt", "A_C.3_78_L.40.txt"]
)
def test_press_releases_and_catalogue_excerpts_are_refused_with_a_reason(
    name: str, tmp_path: Path
) -> None:
    path = undocs_body(name, tmp_path)
    with pytest.raises(SourceError, match=r"not read|no draft first page") as refused:
        read_document(path)
    assert refused.value.location == str(path)


def test_group_bracket_from_a_real_sponsor_statement() -> None:
    # The L.40 sponsor statement as the catalogue copies it from the first page (245 $c).
    raw = capture("undocs/A_C.3_78_L.40.txt").read_text("utf-8")
    statement = raw.split('tag="245"')[1].split('code="c">')[1].split("<")[0]
    entries = sponsor_statement(statement, is_known_name, field="first page")
    assert len(entries) == 34
    mauritania = [e for e in entries if e.name == "Mauritania"]
    assert mauritania[0].acting_for == "Organization of Islamic Cooperation"
    assert entries[-1].name == "Ukraine"


def test_vote_lists_with_names_containing_and() -> None:
    raw = capture("undocs/A_78_481_Add.3.txt").read_text("utf-8")
    listed = vote_lists(raw.replace("A/78/481/Add.3\nAgainst", "Against"), is_known_name)
    assert listed is not None
    abstaining = [item.name for item in listed[VoteOption.ABSTAIN]]
    assert "Saint Vincent and the Grenadines" in abstaining
    assert "Trinidad and Tobago" in abstaining and "Saint Kitts and Nevis" in abstaining
    assert split_names("Against: None", is_known_name)[0].name == "Against: None"


@pytest.mark.parametrize(
    ("word", "number"),
    [("Sixty-first", 61), ("Sixty-second", 62), ("Seventy-eighth", 78), ("Eightieth", 80)],
)
def test_session_ordinals(word: str, number: int) -> None:
    assert ordinal_number(word) == number


def test_not_an_ordinal() -> None:
    assert ordinal_number("Special") is None


def test_sniffing() -> None:
    assert is_document_text(b"%PDF-1.7\n")
    assert is_document_text(b"# symbol: x\n\nGeneral Assembly Sixty-first session")
    assert not is_document_text(b"rcid,country,country_code,vote,session\n1,US,USA,1,1\n")
    assert not is_document_text(b"undl_id,ms_code,ms_name,ms_vote,date\nGeneral Assembly")


def test_pdf_first_page_is_read(tmp_path: Path) -> None:
    body = undocs_body("A_C.3_62_L.37_Rev.1.txt", tmp_path).read_text("utf-8")
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(_pdf_with_lines(_wrap(body, 90)))
    items = read_document(pdf)
    assert isinstance(items[0], TextRecord)
    assert items[0].record.symbol == "A/C.3/62/L.37/Rev.1"
    assert len(items[0].record.sponsors) == 48


def test_parse_document_keeps_the_page_of_a_report_section() -> None:
    raw = capture("undocs/A_78_481_Add.3.txt").read_text("utf-8")
    items = parse_document(["Cover page", strip_provenance_header(raw)], "report.txt")
    assert isinstance(items[0], TextRecord) and items[0].page == 2


def test_ingest_every_real_text_resolves_every_sponsor(store: Store, tmp_path: Path) -> None:
    paths = [undocs_body(name, tmp_path) for name in TEXTS]
    report = ingest_paths(store, paths)
    assert report.rejected == [] and report.inserted == 4
    assert report.sponsorships == 48 + 35 + 50 + 45 and report.votes == 174
    committee = store.rows("SELECT body, method, yes FROM adoptions WHERE symbol = 'A/C.3/78/L.41'")
    assert committee == [{"body": "C.3", "method": "recorded vote", "yes": 80}]
    page, confidence = store.rows(
        "SELECT min(page) AS p, min(confidence) AS c FROM sponsorships "
        "WHERE draft_symbol = 'A/C.3/62/L.37/Rev.1'"
    )[0].values()
    assert page == 1 and 0 < confidence <= 1
    again = ingest_paths(store, paths)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [*lines, line]


def _pdf_with_lines(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Latin-1 text, Helvetica)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "BT /F1 9 Tf 20 800 Td 11 TL " + " ".join(f"({t}) '" for t in escaped) + " ET"
    content = stream.encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
