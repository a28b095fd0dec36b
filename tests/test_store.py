"""The store itself: migrations, and atomic replacement of the database file by writers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from ungawatch.ingest import ingest_paths
from ungawatch.store import open_store, updating


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with open_store(path) as store:
        versions = store.rows("SELECT version FROM schema_version ORDER BY version")
    with open_store(path) as store:
        assert store.rows("SELECT version FROM schema_version ORDER BY version") == versions
    assert versions[0] == {"version": 1}


def test_updating_swaps_in_a_new_file_and_readers_keep_theirs(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with updating(path) as store:
        ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    reader = open_store(path, read_only=True)
    assert reader.scalar("SELECT count(*) FROM documents") == 2
    with updating(path) as store:
        store.write("DELETE FROM documents WHERE record_id = 'fixture-78-218'")
    # A reader that opened the old file still sees it whole; a new reader sees the new one.
    assert reader.scalar("SELECT count(*) FROM documents") == 2
    reader.close()
    with open_store(path, read_only=True) as fresh:
        assert fresh.scalar("SELECT count(*) FROM documents") == 1
    assert _beside(path) == ["db.duckdb"]


def test_an_update_that_writes_nothing_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with updating(path) as store:
        ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    before = path.stat()
    with updating(path) as store:
        report = ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
    after = path.stat()
    # Same inode and modification time: servers keep their snapshot and caches.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _beside(path) == ["db.duckdb"]


def test_failed_update_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with updating(path) as store:
        ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    before = path.read_bytes()
    with pytest.raises(RuntimeError), updating(path) as store:
        store.write("DELETE FROM documents")
        raise RuntimeError("crash")
    assert path.read_bytes() == before
    assert _beside(path) == ["db.duckdb"]


def test_a_copy_left_by_a_killed_writer_is_cleaned_up(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    folder = tmp_path / ".db.duckdb.writing"
    folder.mkdir()
    stale = [folder / "99999.duckdb", folder / "99999.duckdb.wal"]
    legacy = tmp_path / ".db.duckdb.99999.writing"  # where older versions kept their copy
    for leftover in (*stale, legacy):
        leftover.write_bytes(b"half a database")
    with updating(path) as store:
        ingest_paths(store, [FIXTURES / "votes_78_220.xml"])
    assert not any(leftover.exists() for leftover in (*stale, legacy))


def test_a_killed_writers_leftovers_are_ignored_by_git(tmp_path: Path) -> None:
    """A writer killed mid-write leaves its copy in a folder that tells git to ignore it."""
    path = tmp_path / "db.duckdb"
    script = (
        "import os, sys\n"
        "from ungawatch.store import updating\n"
        "with updating(sys.argv[1]) as store:\n"
        '    store.write("INSERT INTO quarantine (location, record_id, message, first_seen) "\n'
        "                \"VALUES ('f', 'r', 'm', now())\")\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=False)
    folder = tmp_path / ".db.duckdb.writing"
    assert any(p.suffix == ".duckdb" for p in folder.iterdir()), "the killed copy is left"
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    status = subprocess.run(
        [git, "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert ".writing" not in status
    with updating(path):
        pass
    assert [p.name for p in folder.iterdir() if p.suffix == ".duckdb"] == []


def _beside(path: Path) -> list[str]:
    """The visible files beside the database (the writers' folder is hidden)."""
    return sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("."))


def test_reading_an_older_database_upgrades_it_first(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with open_store(path) as store:
        latest = store.scalar("SELECT max(version) FROM schema_version")
        store.write("DELETE FROM schema_version WHERE version = ?", [latest])
    with open_store(path, read_only=True) as reader:
        assert reader.scalar("SELECT max(version) FROM schema_version") == latest


def test_a_database_of_another_program_is_refused_not_altered(tmp_path: Path) -> None:
    from ungawatch.errors import StoreError

    path = tmp_path / "other.duckdb"
    with open_store(":memory:") as scratch:
        scratch.execute("ATTACH ? AS other", [str(path)])
        scratch.execute("CREATE TABLE other.unrelated (x INTEGER)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is not an ungawatch database"):
        open_store(path, read_only=True)
    with pytest.raises(StoreError, match="is not an ungawatch database"):
        open_store(path)
    assert path.read_bytes() == before
