"""Vote tables: the full `unvotes` set, the UNDL bulk CSV fixtures, and their agreement.

The bulk-CSV fixtures (`undl_voting_sample.csv` in the current header with `vote_note`,
`undl_voting_sample_old.csv` in the older one without) carry real resolution symbols, dates,
totals and per-state votes (A/RES/78/220 as in `votes_78_220.xml`; A/RES/74/7 as in the
`unvotes` file); their `undl_id` values are placeholders, not Library record ids.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, capture
from ungawatch.analysis.vote_conflicts import vote_conflicts
from ungawatch.errors import SourceError
from ungawatch.ingest import IngestReport, detect_format, ingest_paths
from ungawatch.sources.votes_csv import seat_codes, table_kind, unvotes_symbol
from ungawatch.store import Store, open_store

BULK = FIXTURES / "undl_voting_sample.csv"
BULK_OLD = FIXTURES / "undl_voting_sample_old.csv"


@pytest.fixture(scope="module")
def unvotes_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, IngestReport]]:
    """The whole `unvotes` set ingested once for this module (about a second and a half)."""
    folder = capture("unvotes/un_votes.csv.gz").parent
    path = tmp_path_factory.mktemp("unvotes") / "votes.duckdb"
    with open_store(path) as store:
        report = ingest_paths(
            store,
            [
                folder / "un_roll_calls.csv.gz",
                folder / "un_votes.csv.gz",
                folder / "un_roll_call_issues.csv.gz",
            ],
        )
    yield path, report


@pytest.fixture
def unvotes_store(unvotes_db: tuple[Path, IngestReport]) -> Iterator[Store]:
    with open_store(unvotes_db[0], read_only=True) as store:
        yield store


def test_full_unvotes_ingest_counts_every_vote_and_resolves_every_state(
    unvotes_db: tuple[Path, IngestReport], unvotes_store: Store
) -> None:
    _, report = unvotes_db
    assert (report.records, report.inserted, report.votes) == (6203, 6203, 870109)
    assert report.rejected == []
    assert unvotes_store.scalar("SELECT count(*) FROM roll_call_votes") == 870109
    assert unvotes_store.scalar("SELECT count(*) FROM roll_calls") == 6203
    assert unvotes_store.scalar("SELECT count(*) FROM roll_call_issues") == 5745


def test_namibia_keeps_its_votes(unvotes_store: Store) -> None:
    # "NA" is Namibia's ISO2 code, not a missing value: 2,455 rows in the file.
    assert (
        unvotes_store.scalar("SELECT count(*) FROM roll_call_votes WHERE state_code = 'NAM'")
        == 2455
    )


def _vote(store: Store, symbol: str, code: str) -> tuple[str, str, date]:
    row = store.rows(
        "SELECT v.vote, v.printed_name, r.date FROM roll_call_votes v JOIN roll_calls r "
        "USING (source_kind, record_id) WHERE r.symbol = ? AND v.state_code = ?",
        [symbol, code],
    )
    assert len(row) == 1, row
    return row[0]["vote"], row[0]["printed_name"], row[0]["date"]


def test_known_votes(unvotes_store: Store) -> None:
    # Values read from un_votes.csv.gz / un_roll_calls.csv.gz (rcid 9058, 1622, 1184).
    assert _vote(unvotes_store, "A/RES/74/7", "USA") == ("N", "United States", date(2019, 11, 7))
    assert _vote(unvotes_store, "A/RES/74/7", "NAM")[0] == "Y"
    assert _vote(unvotes_store, "A/RES/74/7", "CUB")[0] == "Y"
    assert _vote(unvotes_store, "A/RES/3379(XXX)", "USA")[0] == "N"
    # The Soviet Union's seat is filed as "Russia" in unvotes; it is the USSR's vote.
    assert _vote(unvotes_store, "A/RES/3379(XXX)", "SUN") == ("Y", "Russia", date(1975, 11, 1))
    # The Republic of China held China's seat until resolution 2758 (XXVI).
    assert _vote(unvotes_store, "A/RES/2758(XXVI) A", "CHN")[:2] == ("Y", "Taiwan")


def test_seats_filed_under_later_states_go_to_the_holder_of_the_day(unvotes_store: Store) -> None:
    rows = unvotes_store.rows(
        "SELECT v.state_code, min(r.date) AS first, max(r.date) AS last FROM roll_call_votes v "
        "JOIN roll_calls r USING (source_kind, record_id) WHERE v.printed_code IN ('YU', 'RU') "
        "GROUP BY 1 ORDER BY 2"
    )
    spans = {row["state_code"]: (row["first"], row["last"]) for row in rows}
    assert set(spans) == {"SUN", "YUG", "RUS", "SCG", "SRB"}
    assert spans["SUN"][1] < date(1991, 12, 24) <= spans["RUS"][0]
    assert spans["YUG"][1] < date(2000, 11, 1) <= spans["SCG"][0]
    assert spans["SCG"][1] < date(2006, 6, 3) <= spans["SRB"][0]


def test_reingesting_the_set_changes_nothing(
    unvotes_db: tuple[Path, IngestReport], tmp_path: Path
) -> None:
    path = tmp_path / "again.duckdb"
    shutil.copy(unvotes_db[0], path)
    folder = capture("unvotes/un_votes.csv.gz").parent
    with open_store(path) as store:
        before = store.table_counts()
        report = ingest_paths(store, [folder / "un_votes.csv.gz"])
        assert (report.inserted, report.updated, report.unchanged, report.votes) == (0, 0, 6203, 0)
        assert store.table_counts() == before


def test_unvotes_symbols() -> None:
    assert unvotes_symbol("R/44/41C", 44) == "A/RES/44/41 C"
    assert unvotes_symbol("R/21/2200A", 21) == "A/RES/2200(XXI) A"
    assert unvotes_symbol("A/RES/71/67", 71) == "A/RES/71/67"
    assert unvotes_symbol("R/33/116A/I", 33) is None
    assert unvotes_symbol("", 1) is None


def test_seat_codes_by_date() -> None:
    seats, unknown = seat_codes([("Russia", "RU"), ("Yugoslavia", "YU"), ("Taiwan", "TW")])
    assert unknown == []
    held = {(s.name, s.state_code): (s.valid_from, s.valid_until) for s in seats}
    assert held[("Russia", "SUN")][1] == held[("Russia", "RUS")][0] == date(1991, 12, 24)
    assert held[("Yugoslavia", "SCG")] == (date(2000, 11, 1), date(2006, 6, 3))
    assert held[("Taiwan", "CHN")][1] == date(1971, 10, 25)
    _, unknown = seat_codes([("Atlantis", "AX")])
    assert unknown and unknown[0][:2] == ("Atlantis", "AX")


def test_bulk_csv_headers_are_told_apart() -> None:
    assert table_kind(BULK.read_bytes()[:4096]) == "bulk"
    assert table_kind(BULK_OLD.read_bytes()[:4096]) == "bulk-old"
    assert detect_format(BULK).kind == detect_format(BULK_OLD).kind == "undl-voting-csv"
    assert table_kind(b"rcid,country,country_code,vote\n") == "votes"


def test_bulk_csv_is_read_faithfully(store: Store) -> None:
    report = ingest_paths(store, [BULK, BULK_OLD])
    assert (report.records, report.inserted, report.votes, report.rejected) == (2, 2, 20, [])
    rows = {row["symbol"]: row for row in store.rows("SELECT * FROM roll_calls")}
    iran = rows["A/RES/78/220"]
    assert (iran["session"], iran["date"], iran["draft"], iran["meeting"]) == (
        78,
        date(2023, 12, 19),
        "A/C.3/78/L.41",
        "A/78/PV.50",
    )
    assert (iran["yes"], iran["no"], iran["abstain"], iran["non_voting"], iran["total"]) == (
        78,
        30,
        68,
        17,
        193,
    )
    assert iran["committee_report"] == "A/78/481/Add.3" and iran["vote_note"] is None
    assert rows["A/RES/74/7"]["title"].startswith("Necessity of ending the economic")
    votes = {
        (row["record_id"], row["state_code"]): row["vote"]
        for row in store.rows("SELECT * FROM roll_call_votes")
    }
    # Empty ms_vote (Türkiye, in mojibake) and X (Moldova) are both non-voting.
    assert votes[("9000001", "TUR")] == votes[("9000002", "MDA")] == "X"
    assert votes[("9000001", "USA")] == "Y" and votes[("9000002", "USA")] == "N"
    assert votes[("9000002", "NAM")] == "Y"


def test_bulk_csv_twice_is_unchanged_and_a_correction_is_recorded(
    store: Store, tmp_path: Path
) -> None:
    ingest_paths(store, [BULK])
    again = ingest_paths(store, [BULK])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(BULK.read_text("utf-8").replace(",BENIN,A,", ",BENIN,N,"), "utf-8")
    report = ingest_paths(store, [corrected])
    assert (report.inserted, report.updated) == (0, 1)
    changes = store.rows("SELECT change, state_code, detail FROM changes ORDER BY change")
    assert changes == [
        {"change": "vote recorded", "state_code": "BEN", "detail": "N"},
        {"change": "vote withdrawn", "state_code": "BEN", "detail": "A"},
    ]
    assert store.scalar("SELECT count(*) FROM roll_call_votes") == 8


def test_bad_vote_code_and_unknown_state_are_reported_not_dropped(
    store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    text = (
        BULK.read_text("utf-8")
        .replace(",JAPAN,Y,", ",JAPAN,Q,")
        .replace(",BEN,BENIN,", ",XXX,ATLANTIS,")
    )
    bad.write_text(text, "utf-8")
    report = ingest_paths(store, [bad])
    messages = sorted(problem.message for problem in report.rejected)
    assert len(messages) == 2
    assert "ATLANTIS (XXX) resolves to no state of the registry" in messages[0]
    assert "unknown vote code 'Q'" in messages[1]
    assert store.scalar("SELECT count(*) FROM roll_call_votes") == 6
    with (
        open_store(tmp_path / "strict.duckdb") as strict_store,
        pytest.raises(SourceError, match=r"bad\.csv, record 9000001, field state"),
    ):
        ingest_paths(strict_store, [bad], strict=True)


def test_a_missing_header_column_is_an_error(store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "un_votes.csv"
    broken.write_text("rcid,country,vote\n3,Canada,no\n", "utf-8")
    with pytest.raises(SourceError, match="cannot read this file with confidence"):
        ingest_paths(store, [broken], strict=True)
    (refused,) = ingest_paths(store, [broken]).files_rejected
    assert "unknown columns (rcid,country,vote)" in refused.message


def test_sources_meet_on_symbol_and_date(store: Store, tmp_path: Path) -> None:
    ingest_paths(store, [FIXTURES / "votes_78_220.xml", BULK])
    keys = store.rows("SELECT source_kind FROM canonical_roll_calls WHERE symbol = 'A/RES/78/220'")
    assert keys == [{"source_kind": "undl-voting-csv"}]
    assert vote_conflicts(store) == []
    changed = tmp_path / "changed.csv"
    changed.write_text(
        BULK.read_text("utf-8").replace(",UNITED STATES,Y,", ",UNITED STATES,N,"), "utf-8"
    )
    with open_store(tmp_path / "other.duckdb") as other:
        ingest_paths(other, [FIXTURES / "votes_78_220.xml", changed])
        conflicts = vote_conflicts(other)
    assert [(c["kind"], c["state_code"], c["says_a"], c["says_b"]) for c in conflicts] == [
        ("vote", "USA", "Y", "N")
    ]
    assert conflicts[0]["source_a"] == "undl-marcxml"


def test_an_incomplete_unvotes_set_is_an_error_naming_the_missing_table(
    store: Store, tmp_path: Path
) -> None:
    lone = tmp_path / "un_votes.csv"
    lone.write_text("rcid,country,country_code,vote\n3,Namibia,NA,yes\n", "utf-8")
    with pytest.raises(
        SourceError, match=r"unvotes set is incomplete: .*un_roll_calls\.csv, .*not found beside it"
    ):
        ingest_paths(store, [lone], strict=True)
