"""The server's per-version memo: identical concurrent requests are computed once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ungawatch.errors import NotFound
from ungawatch.web.snapshots import Snapshot, SnapshotPool


@pytest.fixture
def snapshot(loaded_db: Path) -> Iterator[Snapshot]:
    pool = SnapshotPool(loaded_db)
    yield pool.current()
    pool.close()


def test_identical_concurrent_requests_are_computed_once(snapshot: Snapshot) -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []
    results: list[str] = []

    def build() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "the view"

    def ask() -> None:
        results.append(snapshot.memo(("page", "KOR"), build))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(10)
    others = [threading.Thread(target=ask) for _ in range(7)]
    for thread in others:
        thread.start()
    # The seven arrived while the first was computing: none may have an answer yet.
    assert results == []
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert calls == [1]
    assert results == ["the view"] * 8


def test_a_library_error_is_an_answer_kept_for_the_version(snapshot: Snapshot) -> None:
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        raise NotFound("document A/RES/78/999", ["A/RES/78/218"])

    for _ in range(3):
        with pytest.raises(NotFound, match="A/RES/78/999"):
            snapshot.memo(("resolution", "A/RES/78/999"), build)
    assert calls == [1]


def test_a_bug_is_not_kept(snapshot: Snapshot) -> None:
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first try fails")
        return "second try"

    with pytest.raises(RuntimeError):
        snapshot.memo(("flaky",), build)
    assert snapshot.memo(("flaky",), build) == "second try"
    assert calls == [1, 1]
