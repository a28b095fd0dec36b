"""Serving a database file that writers replace while the server runs.

Writers never touch the served file: `ungawatch.store.updating` builds a copy and swaps it in
with an atomic `os.replace`. The server therefore checks the file's identity (device, inode,
modification time, size) as each request starts. When it changed, new requests get a
connection to the new file while requests already running finish on the old one, which is
closed when the last of them is done. No request waits for a writer and none sees half an
ingest.

Nor does a reader wait for the new version's pages to be computed: each snapshot remembers
the URLs it answered, and when the file changes the pool first replays the most recent of
them on the new version (`preparer`, supplied by the app), serving the old version
meanwhile; new requests move to the new version once it is prepared, or after
`PREPARE_SECONDS` at most. The old version's data is consistent and a few seconds old;
its ETag says which version it is.

DuckDB keeps one database instance per path in a process: connecting to the same path again
returns the old (replaced) file's instance. Each snapshot is therefore an in-memory database
that ATTACHes the file read-only, which opens the file anew.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, TypeVar

from ungawatch.errors import StoreError, UngawatchError
from ungawatch.store import Store, open_attached
from ungawatch.web.background import Pending, StaleVersion, Worker, outcome

T = TypeVar("T")
# Views, answers and pages of one database version; a series page is up to ~1 MB of HTML.
_CACHE_ENTRIES = 2048
# The URLs a version answered last, replayed on the next version before it is served.
_ASKED_URLS = 512
PREPARE_SECONDS = 60.0
Identity = tuple[int, int, int, int]
# A URL as the app received it: path and raw query string.
Asked = tuple[str, bytes]
# Computes URLs on a version before it is served; returns how many it did in time.
Preparer = Callable[["Snapshot", list[Asked]], int]
_log = logging.getLogger(__name__)


def file_identity(path: Path) -> Identity:
    """What changes when a writer swaps in a new file: device, inode, mtime, size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StoreError(f"database {path} does not exist; run `ungawatch ingest` first") from None
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


class _Flight:
    """One computation in progress: the threads that ask for the same key meanwhile wait for
    its outcome instead of computing it again (eight identical cold requests cost one)."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def result(self) -> Any:
        self.done.wait()
        if self.error is not None:
            raise self.error.with_traceback(None)
        return self.value


@dataclass
class Snapshot:
    """One opened version of the database file, shared by the requests that started on it.

    `cache` keeps computed views for this version only: the data cannot change under it,
    and a new file brings a new snapshot with an empty cache. A library error (unknown
    symbol, state or series) is an answer too and is kept like a value.
    """

    path: Path
    identity: Identity
    root: Store
    users: int = 0
    retired: bool = False
    cache: OrderedDict[tuple[Any, ...], _Flight] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    computed: int = 0
    worker: Worker | None = None
    jobs: dict[tuple[Any, ...], tuple[AsyncResult[Any], float]] = field(default_factory=dict)
    asked: OrderedDict[Asked, Any] = field(default_factory=OrderedDict)

    @property
    def etag(self) -> str:
        """A validator that changes exactly when the database file is replaced. Weak: the
        same version is served gzipped or not, two representations of one answer."""
        digest = hashlib.sha256(repr(self.identity).encode()).hexdigest()[:20]
        return f'W/"{digest}"'

    def memo(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """The view for `key` on this version, computed once (bounded, least recently used).

        Single flight: the first request for a key computes it; requests for the same key
        that arrive meanwhile wait for that result rather than computing it in parallel.
        """
        with self.lock:
            flight = self.cache.get(key)
            owner = flight is None
            if flight is None:
                flight = self.cache[key] = _Flight()
                while len(self.cache) > _CACHE_ENTRIES:
                    self.cache.popitem(last=False)
            else:
                self.cache.move_to_end(key)
        if owner:
            return self._compute(key, flight, build)
        return flight.result()  # type: ignore[no-any-return]

    def answered(self, url: Asked, whole: Any = None) -> None:
        """Remember that `url` was answered on this version (most recent last, bounded),
        with the whole answer when it is the same for every reader (`web.responses.Stored`);
        an answer given without one (a 202 while an analysis runs) keeps what was kept."""
        with self.lock:
            if whole is None:
                whole = self.asked.get(url)
            self.asked[url] = whole
            self.asked.move_to_end(url)
            while len(self.asked) > _ASKED_URLS:
                self.asked.popitem(last=False)

    def whole(self, url: Asked) -> Any:
        """The whole answer kept for `url` on this version, if any."""
        with self.lock:
            found = self.asked.get(url)
            if found is not None:
                self.asked.move_to_end(url)
            return found

    def recent(self) -> list[Asked]:
        """The URLs answered on this version, the most recently asked first."""
        with self.lock:
            return list(reversed(self.asked))

    def later(self, key: tuple[Any, ...], what: str, function: str, *args: Any) -> Any:
        """`function(store, *args)` (a dotted name) on this version, computed in the
        background worker: its value once done (kept until the version is retired), else
        `Pending`. A library error it raised is raised here."""
        if self.worker is None:
            raise StoreError("no background worker for this server")
        with self.lock:
            job = self.jobs.get(key)
            if job is None:
                submitted = self.worker.submit(self.path, self.identity, function, args)
                job = self.jobs[key] = (submitted, time.monotonic())
        result, started = job
        if not result.ready():
            return Pending(what, started)
        try:
            return outcome(result)
        except StaleVersion:
            # The file was replaced before the worker read it: this snapshot is retired,
            # the next request opens the new file and asks again.
            return Pending(what, started)

    def _compute(self, key: tuple[Any, ...], flight: _Flight, build: Callable[[], T]) -> T:
        try:
            flight.value = build()
        except UngawatchError as error:
            flight.error = error  # the same answer for this version: kept
        except BaseException as error:
            flight.error = error  # a bug or an interruption: the waiters see it, nobody keeps it
            with self.lock:
                if self.cache.get(key) is flight:
                    del self.cache[key]
        finally:
            self.computed += 1
            flight.done.set()
        return flight.result()  # type: ignore[no-any-return]


class Lease:
    """What a request holds: one snapshot, and a cursor of its own opened on first use.

    Answers already computed for this snapshot need no cursor, so a request served from
    the snapshot's cache never touches the database.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.snapshot.root.reader()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class SnapshotPool:
    """Hands each request the newest prepared snapshot and closes old ones once nobody uses
    them. `preparer(snapshot, urls)` computes `urls` on a new snapshot before it is served;
    without one (or with nothing asked yet) a new file is served at once."""

    def __init__(self, path: Path, preparer: Preparer | None = None) -> None:
        self.path = Path(path)
        self.preparer = preparer
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._next: Snapshot | None = None
        self._closed = False
        self.opened = 0
        self.closed = 0
        self.worker = Worker()

    @contextmanager
    def lease(self, pinned: Snapshot | None = None) -> Iterator[Lease]:
        """A store for one request on the current snapshot (or on `pinned`, a version being
        prepared); the snapshot stays open until every lease on it ends."""
        snapshot = self._acquire() if pinned is None else self._pin(pinned)
        held = Lease(snapshot)
        try:
            yield held
        finally:
            held.close()
            self._release(snapshot)

    def current(self) -> Snapshot:
        """The snapshot new requests get now (preparing the new file if it was replaced)."""
        snapshot = self._acquire()
        self._release(snapshot)
        return snapshot

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for snapshot in (self._current, self._next):
                if snapshot is not None:
                    self._retire(snapshot)
            self._current = self._next = None
        self.worker.close()

    def _acquire(self) -> Snapshot:
        identity = file_identity(self.path)
        with self._lock:
            if self._current is None:
                self._current = self._open(identity)
            elif self._current.identity != identity:
                self._renew(identity)
            self._current.users += 1
            return self._current

    def _pin(self, snapshot: Snapshot) -> Snapshot:
        with self._lock:
            snapshot.users += 1
            return snapshot

    def _renew(self, identity: Identity) -> None:
        """The file changed: prepare its snapshot in the background, or serve it at once if
        there is nothing to prepare. A version replaced while prepared is abandoned."""
        assert self._current is not None
        if self._next is not None:
            if self._next.identity == identity:
                return
            self._retire(self._next)
            self._next = None
        fresh = self._open(identity)
        urls = self._current.recent()
        if self.preparer is None or not urls:
            self._switch(fresh)
            return
        self._next = fresh
        thread = threading.Thread(
            target=self._prepare, args=(fresh, urls), name="ungawatch-prepare", daemon=True
        )
        thread.start()

    def _prepare(self, fresh: Snapshot, urls: list[Asked]) -> None:
        assert self.preparer is not None
        started, done = time.monotonic(), 0
        try:
            done = self.preparer(fresh, urls)
        except Exception:
            _log.exception("preparing database version %s failed", fresh.etag)
        finally:
            with self._lock:
                served = self._next is fresh and not self._closed
                if served:
                    self._next = None
                    self._switch(fresh)
        _log.info(
            "database version %s: %d of %d URLs prepared in %.1f s, %s",
            fresh.etag,
            done,
            len(urls),
            time.monotonic() - started,
            "now served" if served else "abandoned (replaced by a newer file)",
        )

    def _switch(self, fresh: Snapshot) -> None:
        if self._current is not None:
            self._retire(self._current)
        self._current = fresh

    def _open(self, identity: Identity) -> Snapshot:
        """Attach the file read-only under the identity seen before opening: if a writer
        swaps the file in between, the next request sees a changed identity and reopens."""
        root = open_attached(self.path)
        self.opened += 1
        return Snapshot(self.path, identity, root, worker=self.worker)

    def _release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.users -= 1
            if snapshot.retired and snapshot.users == 0:
                self._close(snapshot)

    def _retire(self, snapshot: Snapshot) -> None:
        snapshot.retired = True
        if snapshot.users == 0:
            self._close(snapshot)

    def _close(self, snapshot: Snapshot) -> None:
        snapshot.root.close()
        with snapshot.lock:
            views, snapshot.cache = snapshot.cache, OrderedDict()
        threading.Thread(target=_free, args=(views,), name="ungawatch-free", daemon=True).start()
        self.closed += 1


def _free(views: OrderedDict[tuple[Any, ...], _Flight]) -> None:
    """A closed version's views, dropped one at a time in a thread of their own. Clearing the
    cache at once frees all its objects in one call that other threads cannot interrupt: 78 ms
    under the pool's lock after a preparation of the benchmark's URLs, with no reader
    answered meanwhile. Between two entries, the interpreter lets other threads run."""
    while views:
        views.popitem(last=False)
