"""`ungawatch sync` and `reparse` end to end against a loopback UN Digital Library.

The server pages the real session-78 Third Committee capture (94 records) ten at a time;
every test checks the resulting database against `ungawatch ingest` of the same file.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from undl_library import (
    FakeLibrary,
    firewall,
    hold,
    reset,
    serving,
    short,
    slow,
    status,
    truncated,
)
from ungawatch import __version__
from ungawatch.cli import app
from ungawatch.ingest import ingest_paths
from ungawatch.ingest.archive import Archive
from ungawatch.ingest.sync import SyncReport, finish, sync
from ungawatch.sources.undl import Backoff, UndlClient, draft_query
from ungawatch.status import status as find_status
from ungawatch.store import open_store, updating

QUERY = draft_query("78", "C.3")
QUICK = Backoff(attempts=6, initial=0.01, maximum=0.02, jitter=0.01)
PAGES = [1, 11, 21, 31, 41, 51, 61, 71, 81, 91]
# Fact tables and the columns that say what the Library's records state; provenance columns
# (file, URL, ingest time) legitimately differ between a sync and an ingest.
FACTS = {
    "documents": "*",
    "links": "*",
    "sponsorships": "*",
    "adoptions": "*",
    "votes": "*",
    "record_notes": "*",
    "source_records": "source_kind, record_id, content_hash, modified",
    "quarantine": "record_id, field, message",
}
runner = CliRunner()


@pytest.fixture
def library(drafts_xml: Path) -> Iterator[FakeLibrary]:
    with serving(drafts_xml, QUERY.pattern, QUERY.collection) as served:
        yield served


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, ...]]]:
    """The facts `ungawatch ingest` stores from the capture: what every sync must equal."""
    from conftest import capture

    path = tmp_path_factory.mktemp("ingest") / "ingest.duckdb"
    with open_store(path) as store:
        ingest_paths(store, [capture("undl/session78_committee3_drafts.xml")])
    return facts(path)


def facts(db: Path) -> dict[str, list[tuple[str, ...]]]:
    """Every fact row, as a sorted multiset (duplicates would show)."""
    with open_store(db, read_only=True) as store:
        return {
            table: sorted(
                tuple(str(value) for value in row.values())
                for row in store.rows(f"SELECT {columns} FROM {table}")
            )
            for table, columns in FACTS.items()
        }


def run_sync(db: Path, data: Path, library: FakeLibrary, **options: Any) -> SyncReport:
    """A sync as the CLI runs it: one database swap, then the runs marked finished."""
    archive = Archive(data)
    settings: dict[str, Any] = {"page_size": 10, "pause": 0.0, "timeout": 0.5, "backoff": QUICK}
    with updating(db) as store, UndlClient(library.url, **(settings | options)) as client:
        report = sync(store, client, archive, [QUERY])
    finish(archive, report)
    return report


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_full_sync_stores_what_ingest_stores(
    tmp_path: Path, library: FakeLibrary, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    db = tmp_path / "sync.duckdb"
    report = run_sync(db, tmp_path / "data", library)
    assert library.fetched() == PAGES
    assert report.summary() | {"requests": 0} == {
        "pages": 10,
        "pages fetched": 10,
        "pages from archive": 0,
        "requests": 0,
        "records": 94,
        "new": 94,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 0,
    }
    assert facts(db) == ingested
    pages = Archive(tmp_path / "data").all_pages()
    assert [page.jrec for page in pages] == PAGES
    assert pages[0].url.startswith(library.url + "/search?p=191__a%3AA%2FC.3%2F78%2FL%2A")
    assert pages[0].content().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_faults_on_the_way_still_give_the_full_database(
    tmp_path: Path, library: FakeLibrary, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    library.faults[1] += [status(429, "0"), status(503)]
    library.faults[21] += [reset, status(502)]
    library.faults[41] += [truncated, short]
    library.faults[61] += [slow(1.5)]
    db = tmp_path / "sync.duckdb"
    report = run_sync(db, tmp_path / "data", library)
    assert not report.failed and report.summary()["new"] == 94
    assert facts(db) == ingested
    assert sorted(library.fetched()) == sorted([*PAGES, 1, 1, 21, 21, 41, 41, 61])


def test_repeated_sync_asks_only_for_what_changed(
    tmp_path: Path, library: FakeLibrary, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    db, data = tmp_path / "sync.duckdb", tmp_path / "data"
    run_sync(db, data, library)
    library.requests.clear()
    again = run_sync(db, data, library)
    assert library.fetched() == [1]
    # The newest record was modified 2025-11-21 18:39:00; a day of overlap is asked again.
    assert (library.requests[0]["dt"], library.requests[0]["d1"]) == ("m", "2025-11-20 18:39:00")
    summary = again.summary()
    assert (summary["pages fetched"], summary["new"], summary["updated"]) == (1, 0, 0)
    assert summary["unchanged"] == 2
    assert facts(db) == ingested


def test_a_record_changed_at_the_library_is_updated_by_the_next_sync(
    tmp_path: Path, library: FakeLibrary
) -> None:
    db, data = tmp_path / "sync.duckdb", tmp_path / "data"
    run_sync(db, data, library)
    index = next(i for i, r in enumerate(library.records) if b">A/C.3/78/L.39<" in r)
    edited = re.sub(rb'tag="005">[^<]+<', b'tag="005">20260101120000.0<', library.records[index])
    library.records[index] = edited.replace(b"Albania, Australia", b"Australia", 1)
    library.requests.clear()
    report = run_sync(db, data, library)
    assert library.fetched() == [1]
    assert (report.summary()["updated"], report.summary()["unchanged"]) == (1, 2)
    with open_store(db, read_only=True) as store:
        assert store.rows("SELECT change, state_code FROM changes") == [
            {"change": "sponsor removed", "state_code": "ALB"}
        ]


def test_sync_killed_mid_way_resumes_fetching_at_most_one_page_again(
    tmp_path: Path, library: FakeLibrary, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    db, data = tmp_path / "sync.duckdb", tmp_path / "data"
    release, reached = threading.Event(), threading.Event()
    library.faults[51] += [hold(release, reached)]
    command = [
        sys.executable,
        "-c",
        "from ungawatch.cli import app; app()",
        *sync_args(db, data, library),
    ]
    log = tmp_path / "killed.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            assert reached.wait(60), log.read_text()
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        finally:
            release.set()
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert library.fetched() == PAGES[:6]
    assert not db.exists()  # nothing was committed: the copy being written died with it

    code, out, err = cli(*sync_args(db, data, library), "--json")
    assert code == 0, err
    summary = json.loads(out)["summary"]
    assert (summary["pages from archive"], summary["pages fetched"]) == (5, 5)
    assert library.fetched() == PAGES[:6] + PAGES[5:]  # only page 51 was asked twice
    assert facts(db) == ingested
    with open_store(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM sync_pages") == 10


def sync_args(db: Path, data: Path, library: FakeLibrary) -> list[str]:
    return [
        "sync",
        "--session",
        "78",
        "--body",
        "C.3",
        "--kind",
        "drafts",
        "--db",
        str(db),
        "--data-dir",
        str(data),
        "--base-url",
        library.url,
        "--pause",
        "0",
        "--timeout",
        "5",
        "--page-size",
        "10",
        "--retries",
        "4",
        "--backoff",
        "0.01",
    ]


def test_firewall_challenge_stops_with_the_ways_on_and_keeps_what_came(
    tmp_path: Path, library: FakeLibrary
) -> None:
    db, data = tmp_path / "sync.duckdb", tmp_path / "data"
    library.faults[21] += [firewall]
    code, out, err = cli(*sync_args(db, data, library))
    assert code == 1
    assert " ".join(err.split()) == (
        f"error: {library.url}/search?p=191__a%3AA%2FC.3%2F78%2FL%2A&cc=Draft+Resolutions+and"
        "+Decisions&of=xm&rg=10&jrec=21: the UN Digital Library answered with an HTML page "
        "instead of MARCXML (its firewall's browser challenge). Two ways on: (1) in a browser, "
        "search https://digitallibrary.un.org, choose Export → MARCXML (or add &of=xm to the "
        "search URL), save the file and load it with `ungawatch ingest FILE`; (2) if the "
        "Library approved automated access for you, give the request headers it issued with "
        "--header 'Name: value' (or UNGAWATCH_UNDL_HEADERS). Pages fetched so far are kept; "
        "the next `ungawatch sync` resumes after them."
    )
    assert re.search(r"│ new\s+│ 20 ", out), out
    library.requests.clear()
    code, out, err = cli(*sync_args(db, data, library), "--json")
    assert code == 0, err
    assert library.fetched() == PAGES[2:]


def test_a_page_that_stays_broken_is_reported_and_the_rest_resumes_later(
    tmp_path: Path, library: FakeLibrary, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    db, data = tmp_path / "sync.duckdb", tmp_path / "data"
    library.faults[31] += [truncated] * 6
    code, out, err = cli(*sync_args(db, data, library), "--json")
    assert code == 1
    query = json.loads(out)["queries"][0]
    assert (query["complete"], query["pages"], query["records"]) == (False, 3, 30)
    assert "jrec=31: still failing after 4 attempts (not well-formed XML" in " ".join(err.split())
    assert "nothing of this page was stored" in err
    code, out, err = cli(*sync_args(db, data, library), "--json")
    assert code == 0, err
    assert facts(db) == ingested


def test_reparse_rebuilds_the_database_from_disk_alone(
    tmp_path: Path, drafts_xml: Path, ingested: dict[str, list[tuple[str, ...]]]
) -> None:
    data = tmp_path / "data"
    with serving(drafts_xml, QUERY.pattern, QUERY.collection) as library:
        run_sync(tmp_path / "sync.duckdb", data, library)
        run_sync(tmp_path / "sync.duckdb", data, library)  # an increment archives 2 again
    rebuilt = tmp_path / "rebuilt.duckdb"
    code, out, err = cli("reparse", "--db", str(rebuilt), "--data-dir", str(data), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["records"], report["inserted"], report["unchanged"]) == (94, 94, 0)
    assert len(report["files"]) == 11
    assert facts(rebuilt) == ingested
    with open_store(rebuilt, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM changes") == 0
        syncs = find_status(store)["syncs"]
    assert [(row["query"], row["last_modified"]) for row in syncs] == [
        ("drafts-78-C.3", "20251121183900.0")
    ]


def test_status_lists_the_last_sync_of_each_search(tmp_path: Path, library: FakeLibrary) -> None:
    db = tmp_path / "sync.duckdb"
    run_sync(db, tmp_path / "data", library)
    with open_store(db, read_only=True) as store:
        (row,) = find_status(store)["syncs"]
    assert {key: row[key] for key in ("query", "complete", "pages", "records", "new")} == {
        "query": "drafts-78-C.3",
        "complete": True,
        "pages": 10,
        "records": 94,
        "new": 94,
    }
    assert row["pattern"] == "191__a:A/C.3/78/L*" and row["last_modified"] == "20251121183900.0"


def test_sync_refuses_a_body_outside_the_general_assembly(tmp_path: Path) -> None:
    code, _, err = cli("sync", "--session", "78", "--body", "C.7", "--db", str(tmp_path / "x"))
    assert code == 1
    assert "unknown General Assembly body 'C.7'; use one of plenary, C.1, C.2" in err


def test_settings_come_from_the_environment(tmp_path: Path, library: FakeLibrary) -> None:
    env = {
        "UNGAWATCH_DB": str(tmp_path / "env.duckdb"),
        "UNGAWATCH_DATA_DIR": str(tmp_path / "env-data"),
        "UNGAWATCH_UNDL_URL": library.url,
        "UNGAWATCH_UNDL_PAUSE": "0",
        "UNGAWATCH_UNDL_PAGE_SIZE": "50",
        "UNGAWATCH_UNDL_HEADERS": "X-Approved-Access: token-123\nX-Contact: desk@example.org",
        "UNGAWATCH_USER_AGENT": "ungawatch/{version} (+mailto:desk@example.org)",
    }
    args = ["sync", "--session", "78", "--body", "C.3", "--kind", "drafts", "--json"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    assert library.fetched() == [1, 51]
    sent = library.headers[0]
    assert sent["User-Agent"] == f"ungawatch/{__version__} (+mailto:desk@example.org)"
    assert (sent["X-Approved-Access"], sent["X-Contact"]) == ("token-123", "desk@example.org")
    assert len(Archive(tmp_path / "env-data").all_pages()) == 2


def test_since_asks_for_records_modified_from_that_day(
    tmp_path: Path, library: FakeLibrary
) -> None:
    code, out, err = cli(
        *sync_args(tmp_path / "s.duckdb", tmp_path / "d", library),
        "--since",
        "2025-11-04",
        "--json",
    )
    assert code == 0, err
    assert (library.requests[0]["dt"], library.requests[0]["d1"]) == ("m", "2025-11-04 00:00:00")
    assert json.loads(out)["summary"]["new"] == 3
