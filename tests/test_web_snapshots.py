"""The server's per-version memo: identical concurrent requests are computed once; a new
version is served once the pages in use are computed on it."""

from __future__ import annotations

import os
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from conftest import capture
from ungawatch.errors import NotFound
from ungawatch.ingest import ingest_paths
from ungawatch.store import open_store, updating
from ungawatch.web.app import create_app
from ungawatch.web.server import serving
from ungawatch.web.snapshots import Asked, Snapshot, SnapshotPool

DPRK = "c3-situation-of-human-rights-in-prk"


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


def _replace(path: Path, version: int) -> None:
    """Swap in a new file whose marker says `version`, as a writer does."""
    scratch = path.with_suffix(".next")
    with open_store(scratch) as store:
        store.execute(f"CREATE TABLE marker AS SELECT {version} AS version")
    os.replace(scratch, path)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_new_version_is_served_once_prepared(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    _replace(db, 1)
    gate = threading.Event()
    prepared: list[list[Asked]] = []

    def prepare(snapshot: Snapshot, urls: list[Asked]) -> int:
        gate.wait(10)
        prepared.append(urls)
        return len(urls)

    pool = SnapshotPool(db, prepare)

    def served() -> int:
        with pool.lease() as held:
            return int(held.store.scalar("SELECT version FROM marker"))

    with pool.lease() as held:
        held.snapshot.answered(("/states/KOR", b""))
        held.snapshot.answered(("/series/x", b"sort=name"))
    _replace(db, 2)
    assert served() == 1, "version 2 is being prepared: version 1 is still served"
    _replace(db, 3)
    assert served() == 1, "version 2 was replaced while prepared: 3 is prepared instead"
    gate.set()
    _until(lambda: served() == 3)
    _until(lambda: pool.closed == 2)  # 1 once 3 was served, 2 once its preparation ended
    assert pool.opened == 3
    assert prepared[-1] == [("/series/x", b"sort=name"), ("/states/KOR", b"")]
    pool.close()


class _View:
    """A stand-in for a computed view: something a weak reference can watch."""


def test_a_closed_versions_views_are_freed(tmp_path: Path) -> None:
    """Closing a version hands its views to a thread that drops them one at a time: they
    are all freed, none while a request still reads that version."""
    db = tmp_path / "served.duckdb"
    _replace(db, 1)
    pool = SnapshotPool(db)
    with pool.lease() as held:
        old = held.snapshot
        views = [old.memo(("view", n), _View) for n in range(50)]
        watched = [weakref.ref(view) for view in views]
        del views
        _replace(db, 2)
        with pool.lease() as newer:
            assert newer.snapshot is not old
        assert pool.closed == 0 and all(ref() is not None for ref in watched)
    _until(lambda: pool.closed == 1 and all(ref() is None for ref in watched))
    assert not old.cache
    pool.close()


def test_the_pages_in_use_are_computed_before_the_new_version_is_served(
    tmp_path: Path, loaded_db: Path
) -> None:
    db = tmp_path / "served.duckdb"
    shutil.copy(loaded_db, db)
    app = create_app(db)
    urls = ["/api/v1/resolutions/A/RES/78/218", "/resolutions/A/RES/78/218", "/states/JPN"]
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        pool: SnapshotPool = app.state.pool
        prepare, gate = pool.preparer, threading.Event()
        assert prepare is not None

        def gated(snapshot: Snapshot, asked: list[Asked]) -> int:
            gate.wait(10)
            return prepare(snapshot, asked)

        pool.preparer = gated
        before = [client.get(url) for url in urls]
        with updating(db) as store:
            ingest_paths(store, [capture("undocs/A_C.3_62_L.37_Rev.1.txt")])
        during = client.get(urls[0])
        assert during.headers["etag"] == before[0].headers["etag"]
        gate.set()
        _until(lambda: pool.current().etag != before[0].headers["etag"])
        fresh = pool.current()
        computed = fresh.computed
        after = [client.get(url) for url in urls]
        assert fresh.computed == computed, "every page asked before was ready"
        assert {response.headers["etag"] for response in after} == {fresh.etag}
        assert all(response.status_code == 200 for response in before + after)


def test_a_kept_answer_is_sent_again_without_running_its_route(loaded_db: Path) -> None:
    app = create_app(loaded_db)
    url = f"/series/{DPRK}"
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        first = client.get(url)
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        pool: SnapshotPool = app.state.pool

        def no_lease(*_: object) -> None:
            raise AssertionError("a route ran")

        pool.lease = no_lease  # type: ignore[method-assign,assignment]
        again = client.get(url)
        again_plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert client.get("/states/JPN").status_code == 500, "a route would have failed"
    assert (again.status_code, again_plain.status_code) == (200, 200)
    assert again.content == first.content and again_plain.content == plain.content
    for before, after in ((first, again), (plain, again_plain)):
        for name in ("etag", "content-type", "content-encoding", "vary", "cache-control"):
            assert before.headers.get(name) == after.headers.get(name), name
        assert after.headers["content-security-policy"].startswith("default-src 'self'")
