"""Shared fixtures: the real captures in ../shared/data (or $UNGAWATCH_TESTDATA) and stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ungawatch.ingest import ingest_paths
from ungawatch.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def testdata_dir() -> Path:
    return Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data")


def capture(relative: str) -> Path:
    """A real capture from the shared data folder, or skip the test saying where it looked."""
    path = testdata_dir() / relative
    if not path.exists():
        pytest.skip(
            f"real capture {relative} not found under {testdata_dir()} "
            "(set UNGAWATCH_TESTDATA to the shared data folder)"
        )
    return path


@pytest.fixture
def drafts_xml() -> Path:
    return capture("undl/session78_committee3_drafts.xml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the session-78 capture and the voting-record fixture."""
    path = tmp_path_factory.mktemp("loaded") / "ungawatch.duckdb"
    with open_store(path) as opened:
        ingest_paths(
            opened,
            [capture("undl/session78_committee3_drafts.xml"), FIXTURES / "votes_78_220.xml"],
        )
    return path


@pytest.fixture
def loaded(loaded_db: Path) -> Iterator[Store]:
    with open_store(loaded_db, read_only=True) as opened:
        yield opened


def full_captures() -> list[Path]:
    """Everything the README loads: the session-78 MARCXML export, the document texts and the
    870,109 recorded votes since 1946."""
    texts = sorted(capture("undocs/INDEX.md").parent.glob("*.txt"))
    return [
        capture("undl/session78_committee3_drafts.xml"),
        *texts,
        capture("unvotes/un_votes.csv.gz"),
    ]


@pytest.fixture(scope="session")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding all the shared captures the README's ingest command reads."""
    path = tmp_path_factory.mktemp("full") / "ungawatch.duckdb"
    with open_store(path) as opened:
        ingest_paths(opened, full_captures())
    return path


@pytest.fixture
def full(full_db: Path) -> Iterator[Store]:
    with open_store(full_db, read_only=True) as opened:
        yield opened
