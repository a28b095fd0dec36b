"""A bad record or a bad file never costs a good one; nothing is misread; errors name the file.

Every case runs on a real capture, mutated where the case needs bad input.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from pathlib import Path

import pytest

from conftest import FIXTURES, capture
from ungawatch.errors import SourceError
from ungawatch.ingest import ingest_paths
from ungawatch.sources.doctext import read_document
from ungawatch.store import Store, open_store
from ungawatch.store import writer as writer_module

L39 = "4026559"  # record of A/C.3/78/L.39 in the session-78 export


def record_of(text: str, record_id: str) -> tuple[int, int]:
    """Where the MARC record with this 001 starts and ends in an export's text."""
    at = text.index(f'tag="001">{record_id}<')
    start = text.rfind("<ns0:record", 0, at)
    end = text.index("</ns0:record>", at) + len("</ns0:record>")
    return start, end


def with_record(text: str, record_id: str, edit: str, replacement: str) -> str:
    """The export with one edit made inside one record only."""
    start, end = record_of(text, record_id)
    record = text[start:end]
    assert edit in record, edit
    return text[:start] + record.replace(edit, replacement) + text[end:]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


# --- record isolation -------------------------------------------------------------------


def test_an_impossible_date_quarantines_its_record_with_the_raw_record(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    bad = write(
        tmp_path,
        "bad-date.xml",
        with_record(drafts_xml.read_text("utf-8"), L39, ">2023-11-02<", ">2023-11-31<"),
    )
    report = ingest_paths(store, [bad, FIXTURES / "votes_78_220.xml"])
    assert report.files == [str(bad), str(FIXTURES / "votes_78_220.xml")]
    assert (report.inserted, report.files_rejected) == (93 + 2, [])
    (problem,) = report.rejected
    assert (problem.location, problem.record_id, problem.field) == (str(bad), L39, "269")
    assert "'2023-11-31' is not a real calendar date" in problem.message
    row = store.rows("SELECT * FROM quarantine")[0]
    assert (row["record_id"], row["field"], row["source_kind"]) == (L39, "269", "undl-marcxml")
    assert row["raw"].startswith("<ns0:record") and "2023-11-31" in row["raw"]
    assert "A/C.3/78/L.39" in row["raw"]
    assert store.scalar("SELECT count(*) FROM documents WHERE record_id = ?", [L39]) == 0


def test_a_fixed_record_leaves_quarantine(store: Store, drafts_xml: Path, tmp_path: Path) -> None:
    text = drafts_xml.read_text("utf-8")
    write(tmp_path, "export.xml", with_record(text, L39, ">2023-11-02<", ">2023-11-31<"))
    ingest_paths(store, [tmp_path / "export.xml"])
    assert store.scalar("SELECT count(*) FROM quarantine") == 1
    write(tmp_path, "export.xml", text)
    report = ingest_paths(store, [tmp_path / "export.xml"])
    assert (report.inserted, report.unchanged, report.clean) == (1, 93, True)
    assert store.scalar("SELECT count(*) FROM quarantine") == 0


@pytest.mark.parametrize(
    ("name", "printed", "impossible"),
    [
        ("A_78_481_Add.3.txt", "15 November 2023", "31 November 2023"),
        ("A_C.3_62_L.37_Rev.1.txt", "15 November 2007", "0 November 2007"),
    ],
)
def test_an_impossible_date_in_a_document_text_is_a_record_error(
    store: Store, tmp_path: Path, name: str, printed: str, impossible: str
) -> None:
    text = capture(f"undocs/{name}").read_text("utf-8")
    assert printed in text
    path = write(tmp_path, name, text.replace(printed, impossible))
    report = ingest_paths(store, [path])
    (problem,) = report.rejected
    assert (problem.location, problem.field) == (str(path), "date")
    assert f"date '{impossible}' is not a real calendar date" in problem.message
    assert report.files == [str(path)] and report.files_rejected == []
    assert impossible in store.scalar("SELECT raw FROM quarantine")


def test_a_value_the_database_refuses_is_pinned_on_its_record(
    store: Store, drafts_xml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing validates every value, so a refusal is a bug; even then the file is read again
    record by record, the refused record quarantined and the others stored."""
    buffer = writer_module.RecordWriter._buffer
    date = writer_module.COLUMNS["documents"].index("date")

    def corrupt(self: writer_module.RecordWriter, resolved: object, text: object) -> None:
        buffer(self, resolved, text)  # type: ignore[arg-type]
        document = self._rows["documents"][-1]
        if document[1] == L39:
            self._rows["documents"][-1] = (*document[:date], "2023-02-30", *document[date + 1 :])

    monkeypatch.setattr(writer_module.RecordWriter, "_buffer", corrupt)
    report = ingest_paths(store, [drafts_xml])
    assert (report.inserted, report.files_rejected) == (93, [])
    (problem,) = report.rejected
    assert problem.record_id == L39 and "the database refused this record" in problem.message
    assert store.scalar("SELECT count(*) FROM documents") == 93
    assert "A/C.3/78/L.39" in store.scalar("SELECT raw FROM quarantine")


# --- duplicate ids in one input -----------------------------------------------------------


def duplicated(drafts_xml: Path, stamp: str, edit: tuple[str, str], *, before: bool) -> str:
    """The export with a second copy of L.39's record (005 `stamp`, one edit) added after
    the original, or before it when `before`."""
    text = drafts_xml.read_text("utf-8")
    start, end = record_of(text, L39)
    copy = text[start:end].replace("20250516162437.0", stamp)
    assert edit[0] in copy
    copy = copy.replace(edit[0], edit[1])
    at = start if before else end
    return text[:at] + copy + "\n" + text[at:]


def test_a_duplicate_record_keeps_the_copy_modified_last(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    later = duplicated(
        drafts_xml,
        "20250601000000.0",
        ("Israel, Japan, Maldives", "Israel, Maldives"),
        before=False,
    )
    path = write(tmp_path, "twice.xml", later)
    report = ingest_paths(store, [path])
    assert (report.records, report.inserted, report.rejected) == (95, 94, [])
    (duplicate,) = report.duplicates
    assert duplicate.record_id == L39 and "replaced by the later copy modified 20250601" in (
        duplicate.message
    )
    additional = store.scalar(
        "SELECT count(*) FROM sponsorships WHERE draft_symbol = 'A/C.3/78/L.39' "
        "AND role = 'additional'"
    )
    assert additional == 21
    assert store.scalar("SELECT modified FROM source_records WHERE record_id = ?", [L39]) == (
        "20250601000000.0"
    )


def test_an_older_duplicate_after_the_newer_one_is_not_stored(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    older = duplicated(
        drafts_xml,
        "20240101000000.0",
        ("Israel, Japan, Maldives", "Israel, Maldives"),
        before=False,
    )
    report = ingest_paths(store, [write(tmp_path, "twice.xml", older)])
    assert report.inserted == 94 and "older than the copy kept" in report.duplicates[0].message
    additional = store.scalar(
        "SELECT count(*) FROM sponsorships WHERE draft_symbol = 'A/C.3/78/L.39' "
        "AND role = 'additional'"
    )
    assert additional == 22


def test_a_later_duplicate_replaces_a_copy_already_written_and_its_change_rows(
    store: Store, drafts_xml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With rows flushed between the copies, the earlier copy's rows and change rows go."""
    ingest_paths(store, [drafts_xml])
    monkeypatch.setattr(writer_module, "FLUSH_EVERY", 1)
    text = drafts_xml.read_text("utf-8")
    first = with_record(text, L39, "Israel, Japan, Maldives", "Israel, Maldives")
    start, end = record_of(text, L39)
    second = text[start:end].replace("20250516162437.0", "20250601000000.0")
    second = second.replace("Israel, Japan, Maldives", "Israel, Japan, Maldives, Zambia")
    at = first.index("</collection>")
    path = write(tmp_path, "edited.xml", first[:at] + second + first[at:])
    report = ingest_paths(store, [path])
    assert (report.updated, report.unchanged, len(report.duplicates)) == (1, 93, 1)
    changes = store.rows("SELECT change, state_code, detail FROM changes ORDER BY ALL")
    assert changes == [{"change": "sponsor added", "state_code": "ZMB", "detail": "additional"}]


def test_two_different_copies_with_one_stamp_quarantine_the_second(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    same = duplicated(
        drafts_xml,
        "20250516162437.0",
        ("Israel, Japan, Maldives", "Israel, Maldives"),
        before=False,
    )
    report = ingest_paths(store, [write(tmp_path, "twice.xml", same)])
    (problem,) = report.rejected
    assert (problem.record_id, problem.field) == (L39, "005")
    assert "same modification stamp" in problem.message and not report.clean
    assert store.scalar("SELECT count(*) FROM documents") == 94


# --- file isolation -----------------------------------------------------------------------


def test_a_truncated_xml_never_costs_the_other_files(store: Store, tmp_path: Path) -> None:
    """The issue's example: a document text and a truncated export in one command."""
    text = capture("undocs/A_C.3_62_L.37_Rev.1.txt")
    drafts = capture("undl/session78_committee3_drafts.xml").read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(drafts[: len(drafts) // 2])
    report = ingest_paths(store, [text, truncated])
    assert report.files == [str(text)]
    (refused,) = report.files_rejected
    assert refused.location == str(truncated)
    truncated_xml = r"not well-formed XML at line \d+ \(.*\): the file is truncated or damaged"
    assert re.search(truncated_xml, refused.message)
    assert store.scalar("SELECT count(*) FROM documents") == 1
    assert (
        store.scalar("SELECT count(*) FROM sponsorships WHERE draft_symbol = 'A/C.3/62/L.37/Rev.1'")
        == 48
    )
    with pytest.raises(SourceError, match="truncated or damaged"):
        ingest_paths(store, [truncated], strict=True)


def gzip_cases(data: bytes) -> dict[str, tuple[bytes, str]]:
    packed = gzip.compress(data)
    header = bytearray(packed)
    header[2] = 7  # compression method 7: no gzip reader knows it
    deflate = bytearray(packed)
    deflate[200:260] = bytes(60)
    return {
        "truncated": (packed[: len(packed) // 2], "the gzip file is truncated"),
        "bad header": (bytes(header), "the gzip file is damaged"),
        "corrupt deflate": (bytes(deflate), "the gzip file is damaged"),
    }


@pytest.mark.parametrize("case", ["truncated", "bad header", "corrupt deflate"])
def test_a_damaged_gzip_is_a_one_line_error_naming_the_file(
    store: Store, drafts_xml: Path, tmp_path: Path, case: str
) -> None:
    content, expected = gzip_cases(drafts_xml.read_bytes())[case]
    bad = tmp_path / "export.xml.gz"
    bad.write_bytes(content)
    report = ingest_paths(store, [bad, FIXTURES / "votes_78_220.xml"])
    (refused,) = report.files_rejected
    assert refused.location == str(bad) and expected in refused.message
    assert "\n" not in refused.message
    assert report.files == [str(FIXTURES / "votes_78_220.xml")]
    assert store.scalar("SELECT count(*) FROM documents") == 2


def test_damaged_gzip_cases_hit_each_failure_python_raises(drafts_xml: Path) -> None:
    """The cases above are the three failures the reader translates, one each."""
    raised = {}
    for case, (content, _) in gzip_cases(drafts_xml.read_bytes()).items():
        with pytest.raises((EOFError, gzip.BadGzipFile, zlib.error)) as failure:
            gzip.decompress(content)
        raised[case] = type(failure.value).__name__
    assert raised == {
        "truncated": "EOFError",
        "bad header": "BadGzipFile",
        "corrupt deflate": "error",
    }


def test_unreadable_and_special_files_are_refused_with_a_reason(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    missing = tmp_path / "missing.xml"
    locked = tmp_path / "locked.xml"
    locked.write_bytes(capture("undl/session78_committee3_drafts.xml").read_bytes())
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    report = ingest_paths(store, [folder, fifo, missing, locked, FIXTURES / "votes_78_220.xml"])
    reasons = {Path(p.location).name: p.message for p in report.files_rejected}
    assert reasons["folder"].startswith("is a folder")
    assert reasons["pipe.xml"].startswith("is not a regular file")
    assert reasons["missing.xml"] == "no such file"
    assert reasons["locked.xml"].startswith("permission denied")
    assert report.files == [str(FIXTURES / "votes_78_220.xml")]


def test_a_read_error_is_a_one_line_error(store: Store) -> None:
    """/proc/self/mem is a regular file whose first page cannot be read (EIO)."""
    mem = Path("/proc/self/mem")
    if not mem.exists():
        pytest.skip("needs Linux /proc")
    (refused,) = ingest_paths(store, [mem]).files_rejected
    assert refused.message.startswith("cannot read the file (Input/output error)")


# --- never misread ------------------------------------------------------------------------


def test_a_human_rights_council_text_is_never_read_as_a_general_assembly_text(
    store: Store,
) -> None:
    """The document-text reader refuses it (its first symbol is A/HRC/7/L.28, though its
    heading says "Seventh session" and "General Assembly"); whatever reads it, nothing of it
    is filed under a General Assembly body."""
    hrc = capture("hrc/A_HRC_RES_7_15.txt")
    with pytest.raises(SourceError, match=r"A/HRC/7/L\.28, is a Human Rights Council document"):
        read_document(hrc)
    ingest_paths(store, [hrc])
    assert store.scalar("SELECT count(*) FROM documents WHERE body IS DISTINCT FROM 'HRC'") == 0


def test_no_hrc_file_or_press_release_is_read_as_a_general_assembly_text(
    store: Store,
) -> None:
    hrc = sorted(capture("hrc/A_HRC_RES_7_15.txt").parent.glob("A_HRC_*.txt"))
    press = sorted(capture("undocs/GA_SHC_3840.txt").parent.glob("GA_SHC_*.txt"))
    assert len(hrc) == 23 and len(press) == 10
    reasons = {}
    for path in (*hrc, *press):
        with pytest.raises(SourceError) as refused:
            read_document(path)
        reasons[path.name] = refused.value.message
    assert "GA/SHC/3840, is a UN press release" in reasons["GA_SHC_3840.txt"]
    # A release that prints no GA/SHC symbol passes for a GA text and is then found to hold
    # no draft page or report section: refused all the same, saying what was looked for.
    assert "no draft first page" in reasons["GA_SHC_4432.txt"]
    ingest_paths(store, hrc)
    assert store.scalar("SELECT count(*) FROM documents WHERE body IS DISTINCT FROM 'HRC'") == 0


def test_a_file_no_format_recognises_is_refused_saying_what_was_looked_for(
    store: Store, tmp_path: Path
) -> None:
    page = tmp_path / "challenge.html"
    page.write_text("<!DOCTYPE html><html><body>Checking your browser…</body></html>", "utf-8")
    report = ingest_paths(store, [page, FIXTURES / "votes_78_220.xml"])
    (refused,) = report.files_rejected
    assert refused.message.startswith("cannot read this file with confidence: it is an HTML page")
    assert "Looked for MARCXML" in refused.message
    assert report.files == [str(FIXTURES / "votes_78_220.xml")]


def test_a_catalogue_excerpt_is_refused_naming_what_it_looks_like(store: Store) -> None:
    (refused,) = ingest_paths(store, [capture("undocs/A_C.3_78_L.39.txt")]).files_rejected
    assert "XML without MARC records (an excerpt of a catalogue record?)" in refused.message


# --- cross-checks -------------------------------------------------------------------------


def unvotes_slice(folder: Path, rcid: str, rename: tuple[str, str] | None = None) -> Path:
    """The real `unvotes` tables cut to one roll call, optionally with one row's printed
    name replaced; returns the votes table's path (the set is found beside it)."""
    source = capture("unvotes/un_votes.csv.gz").parent
    for stem in ("un_votes", "un_roll_calls", "un_roll_call_issues"):
        lines = gzip.decompress((source / f"{stem}.csv.gz").read_bytes()).decode().splitlines()
        kept = [lines[0]] + [line for line in lines[1:] if line.split(",", 1)[0] == rcid]
        text = "\n".join(kept) + "\n"
        if rename and stem == "un_votes":
            assert rename[0] in text
            text = text.replace(rename[0], rename[1])
        (folder / f"{stem}.csv").write_text(text, "utf-8")
    return folder / "un_votes.csv"


def test_a_vote_row_whose_code_and_name_disagree_is_quarantined(
    store: Store, tmp_path: Path
) -> None:
    path = unvotes_slice(tmp_path, "460", rename=(",Austria,AT,", ",Atlantis,AT,"))
    report = ingest_paths(store, [path])
    (problem,) = report.rejected
    assert problem.field == "state" and "the row contradicts itself" in problem.message
    assert "the code 'AT' is Austria but the name 'Atlantis' is no known state" in (problem.message)
    assert store.scalar("SELECT count(*) FROM roll_call_votes WHERE state_code = 'AUT'") == 0
    assert store.scalar("SELECT count(*) FROM roll_call_votes") > 40
    row = store.rows("SELECT record_id, raw FROM quarantine")[0]
    assert row == {
        "record_id": "460/AT",
        "raw": "rcid=460, country=Atlantis, country_code=AT, vote=yes",
    }


def test_a_vote_row_naming_one_state_and_coding_another_is_quarantined(
    store: Store, tmp_path: Path
) -> None:
    path = unvotes_slice(tmp_path, "460", rename=(",Austria,AT,", ",Canada,AT,"))
    (problem,) = ingest_paths(store, [path]).rejected
    assert "the code 'AT' is Austria but the name 'Canada' is Canada" in problem.message
    assert store.scalar("SELECT count(*) FROM roll_call_votes WHERE state_code = 'AUT'") == 0


def test_an_invalid_roll_call_date_is_a_record_error(store: Store, tmp_path: Path) -> None:
    path = unvotes_slice(tmp_path, "3")
    calls = tmp_path / "un_roll_calls.csv"
    text = calls.read_text("utf-8")
    date = re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert date is not None
    calls.write_text(text.replace(date.group(0), "1946-02-30"), "utf-8")
    report = ingest_paths(store, [path])
    (problem,) = report.rejected
    assert (problem.record_id, problem.field) == ("3", "date")
    assert "'1946-02-30' is not valid" in problem.message
    assert report.files == [str(path)] and store.scalar("SELECT count(*) FROM roll_calls") == 0


# --- printed names ------------------------------------------------------------------------


def test_printed_names_are_repaired_for_display(loaded: Store) -> None:
    names = {
        row["printed_name"]
        for row in loaded.rows(
            "SELECT printed_name FROM sponsorships WHERE state_code IN ('TUR', 'CIV')"
        )
    }
    assert "Türkiye" in names
    assert not any("Ã" in name for name in names)


def test_a_second_database_gets_the_same_facts_from_the_same_files(
    tmp_path: Path, drafts_xml: Path
) -> None:
    """Isolation changes nothing for good input: two fresh databases hold the same rows."""
    counts = []
    for name in ("a.duckdb", "b.duckdb"):
        with open_store(tmp_path / name) as store:
            ingest_paths(store, [drafts_xml, FIXTURES / "votes_78_220.xml"])
            counts.append(store.table_counts())
    assert counts[0] == counts[1] and counts[0]["documents"] == 96


def test_across_files_of_one_run_the_later_copy_wins_whatever_the_order(
    tmp_path: Path, drafts_xml: Path
) -> None:
    text = drafts_xml.read_text("utf-8")
    newer = with_record(text, L39, "20250516162437.0", "20250601000000.0")
    newer = with_record(newer, L39, "Israel, Japan, Maldives", "Israel, Maldives")
    old, new = write(tmp_path, "old.xml", text), write(tmp_path, "new.xml", newer)
    for order in ([old, new], [new, old]):
        with open_store(tmp_path / f"{order[0].stem}-first.duckdb") as store:
            for _ in range(2):  # the second run changes nothing
                report = ingest_paths(store, order)
                additional = store.scalar(
                    "SELECT count(*) FROM sponsorships WHERE draft_symbol = 'A/C.3/78/L.39' "
                    "AND role = 'additional'"
                )
                assert additional == 21, order
            assert (report.inserted, report.updated) == (0, 0)


def test_an_older_export_never_replaces_a_newer_record(
    store: Store, tmp_path: Path, drafts_xml: Path
) -> None:
    text = drafts_xml.read_text("utf-8")
    newer = with_record(text, L39, "20250516162437.0", "20250601000000.0")
    newer = with_record(newer, L39, "Israel, Japan, Maldives", "Israel, Maldives")
    ingest_paths(store, [write(tmp_path, "new.xml", newer)])
    report = ingest_paths(store, [drafts_xml])
    assert (report.updated, report.unchanged, report.clean) == (0, 93, True)
    (older,) = report.duplicates
    assert older.record_id == L39 and "older than the copy stored" in older.message
    assert store.scalar("SELECT modified FROM source_records WHERE record_id = ?", [L39]) == (
        "20250601000000.0"
    )


def test_a_file_failing_after_background_inserts_leaves_nothing(
    store: Store, drafts_xml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches flushed while the file was read (on the writer's thread) roll back with it."""
    monkeypatch.setattr(writer_module, "FLUSH_EVERY", 5)
    ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    before = store.table_counts()
    data = drafts_xml.read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(data[: int(len(data) * 0.9)])
    (refused,) = ingest_paths(store, [truncated]).files_rejected
    assert "truncated or damaged" in refused.message
    assert store.table_counts() == before
    report = ingest_paths(store, [drafts_xml])
    assert (report.inserted, report.clean) == (94, True)
