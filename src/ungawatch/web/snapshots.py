"""Serving a database file that writers replace while the server runs.

Writers never touch the served file: `ungawatch.store.updating` builds a copy and swaps it in
with an atomic `os.replace`. The server therefore checks the file's identity (device, inode,
modification time, size) as each request starts. When it changed, new requests get a
connection to the new file while requests already running finish on the old one, which is
closed when the last of them is done. No request waits for a writer and none sees half an
ingest.

DuckDB keeps one database instance per path in a process: connecting to the same path again
returns the old (replaced) file's instance. Each snapshot is therefore an in-memory database
that ATTACHes the file read-only, which opens the file anew.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ungawatch.errors import StoreError
from ungawatch.store import Store, open_attached

T = TypeVar("T")
_CACHE_ENTRIES = 512
Identity = tuple[int, int, int, int]


def file_identity(path: Path) -> Identity:
    """What changes when a writer swaps in a new file: device, inode, mtime, size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StoreError(f"database {path} does not exist; run `ungawatch ingest` first") from None
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


@dataclass
class Snapshot:
    """One opened version of the database file, shared by the requests that started on it.

    `cache` keeps computed views for this version only: the data cannot change under it,
    and a new file brings a new snapshot with an empty cache.
    """

    path: Path
    identity: Identity
    root: Store
    users: int = 0
    retired: bool = False
    cache: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def etag(self) -> str:
        """A validator that changes exactly when the database file is replaced."""
        digest = hashlib.sha256(repr(self.identity).encode()).hexdigest()[:20]
        return f'"{digest}"'

    def memo(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """The view for `key` on this version, computed once (bounded, least recently used)."""
        with self.lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]  # type: ignore[no-any-return]
        value = build()
        with self.lock:
            self.cache[key] = value
            while len(self.cache) > _CACHE_ENTRIES:
                self.cache.popitem(last=False)
        return value


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
            cursor = self.snapshot.root.connection.cursor()
            cursor.execute("USE snapshot")
            self._store = Store(cursor, str(self.snapshot.path))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class SnapshotPool:
    """Hands each request the newest snapshot and closes old ones once nobody uses them."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self.opened = 0
        self.closed = 0

    @contextmanager
    def lease(self) -> Iterator[Lease]:
        """A store for one request; the snapshot stays open until every lease on it ends."""
        snapshot = self._acquire()
        held = Lease(snapshot)
        try:
            yield held
        finally:
            held.close()
            self._release(snapshot)

    def current(self) -> Snapshot:
        """The snapshot new requests get now (opening the new file if it was replaced)."""
        snapshot = self._acquire()
        self._release(snapshot)
        return snapshot

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._retire(self._current)
                self._current = None

    def _acquire(self) -> Snapshot:
        identity = file_identity(self.path)
        with self._lock:
            if self._current is None or self._current.identity != identity:
                fresh = self._open(identity)
                if self._current is not None:
                    self._retire(self._current)
                self._current = fresh
            self._current.users += 1
            return self._current

    def _open(self, identity: Identity) -> Snapshot:
        """Attach the file read-only under the identity seen before opening: if a writer
        swaps the file in between, the next request sees a changed identity and reopens."""
        root = open_attached(self.path)
        self.opened += 1
        return Snapshot(self.path, identity, root)

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
        snapshot.cache.clear()
        self.closed += 1
