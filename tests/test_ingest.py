"""Ingest into the store: provenance, idempotence, transactions, change records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from ungawatch.errors import SourceError
from ungawatch.ingest import IngestReport, ingest_paths
from ungawatch.store import Store
from ungawatch.store import writer as writer_module


def test_ingest_capture_counts_and_provenance(store: Store, drafts_xml: Path) -> None:
    report = ingest_paths(store, [drafts_xml])
    assert (report.records, report.inserted, report.rejected) == (94, 94, [])
    assert store.scalar("SELECT count(*) FROM documents") == 94
    rows = store.rows(
        "SELECT role, count(*) AS n FROM sponsorships WHERE draft_symbol = 'A/C.3/78/L.39' "
        "GROUP BY role ORDER BY role"
    )
    assert {row["role"]: row["n"] for row in rows} == {"additional": 22, "original": 40}
    provenance = store.rows(
        "SELECT DISTINCT s.record_id, s.listed_in, r.location FROM sponsorships s "
        "JOIN source_records r USING (source_kind, record_id) "
        "WHERE s.draft_symbol = 'A/C.3/78/L.39' ORDER BY s.listed_in"
    )
    assert [(p["record_id"], p["listed_in"]) for p in provenance] == [
        ("4026559", "A/78/481/Add.3"),
        ("4026559", "A/C.3/78/L.39"),
    ]
    assert all(p["location"] == str(drafts_xml) for p in provenance)


def test_ingesting_twice_changes_nothing(store: Store, drafts_xml: Path) -> None:
    ingest_paths(store, [drafts_xml, FIXTURES / "votes_78_220.xml"])
    before = store.table_counts()
    snapshot = store.rows("SELECT * FROM sponsorships ORDER BY ALL")
    again = ingest_paths(store, [drafts_xml, FIXTURES / "votes_78_220.xml"])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 96)
    assert store.table_counts() == before
    assert store.rows("SELECT * FROM sponsorships ORDER BY ALL") == snapshot


def test_same_records_from_another_file_are_unchanged(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    ingest_paths(store, [drafts_xml])
    copy = tmp_path / "copy.xml"
    shutil.copy(drafts_xml, copy)
    report = ingest_paths(store, [copy])
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 94)


def test_a_crash_mid_ingest_leaves_the_database_as_before(
    store: Store, drafts_xml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    before = store.table_counts()

    def explode(self: writer_module.RecordWriter) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer_module.RecordWriter, "flush", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_paths(store, [drafts_xml])
    assert store.table_counts() == before
    # The same store, once the fault is gone, stores everything: nothing the failed attempt
    # saw is remembered as already stored.
    monkeypatch.undo()
    assert ingest_paths(store, [drafts_xml]).inserted == 94


def test_changed_record_replaces_its_rows_and_leaves_change_records(
    store: Store, drafts_xml: Path, tmp_path: Path
) -> None:
    ingest_paths(store, [drafts_xml])
    edited = tmp_path / "edited.xml"
    text = drafts_xml.read_text("utf-8")
    # The Library corrects a record: Japan is no longer listed as an additional sponsor of L.39.
    old = "Israel, Japan, Maldives"
    assert text.count(old) == 1
    edited.write_text(text.replace(old, "Israel, Maldives"), "utf-8")
    report = ingest_paths(store, [edited])
    assert (report.updated, report.inserted, report.unchanged) == (1, 0, 93)
    assert (
        store.scalar(
            "SELECT count(*) FROM sponsorships "
            "WHERE draft_symbol = 'A/C.3/78/L.39' AND role = 'additional'"
        )
        == 21
    )
    change = store.rows("SELECT symbol, change, state_code, detail FROM changes")
    assert change == [
        {
            "symbol": "A/C.3/78/L.39",
            "change": "sponsor removed",
            "state_code": "JPN",
            "detail": "additional",
        }
    ]


def test_rejected_records_are_reported_quarantined_and_the_rest_kept(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.xml"
    path.write_text(
        '<collection xmlns="http://www.loc.gov/MARC21/slim">'
        '<record><controlfield tag="001">1</controlfield><datafield tag="191">'
        '<subfield code="a">A/C.3/78/L.90</subfield></datafield><datafield tag="245">'
        '<subfield code="a">T :</subfield><subfield code="b">draft resolution /</subfield>'
        '<subfield code="c">Egypt and Narnia</subfield></datafield></record>'
        '<record><controlfield tag="001">2</controlfield><datafield tag="191">'
        '<subfield code="a">A/C.3/78/L.91</subfield></datafield><datafield tag="245">'
        '<subfield code="a">T :</subfield><subfield code="b">draft resolution /</subfield>'
        '<subfield code="c">Egypt and Mexico</subfield></datafield></record></collection>',
        "utf-8",
    )
    report = ingest_paths(store, [path])
    assert report.inserted == 1
    (problem,) = report.rejected
    assert (problem.location, problem.record_id, problem.field) == (str(path), "1", "245$c")
    assert "Narnia" in problem.message
    assert store.scalar("SELECT count(*) FROM quarantine") == 1
    ingest_paths(store, [path])
    assert store.scalar("SELECT count(*) FROM quarantine") == 1
    with pytest.raises(SourceError, match="record 1, field 245"):
        ingest_paths(store, [path], strict=True)


def test_unknown_format_is_refused_saying_what_was_looked_for(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("rcid,country\n1,US\n")
    report = ingest_paths(store, [path])
    (refused,) = report.files_rejected
    assert refused.location == str(path)
    assert "CSV header with unknown columns (rcid,country)" in refused.message
    assert "Looked for" in refused.message and "MARC21/slim" in refused.message
    assert report.files == [] and not report.clean
    with pytest.raises(SourceError, match="cannot read this file with confidence"):
        ingest_paths(store, [path], strict=True)


def test_gzip_export_is_read(store: Store, drafts_xml: Path, tmp_path: Path) -> None:
    import gzip

    packed = tmp_path / "drafts.xml.gz"
    packed.write_bytes(gzip.compress(drafts_xml.read_bytes()))
    report: IngestReport = ingest_paths(store, [packed])
    assert report.inserted == 94
