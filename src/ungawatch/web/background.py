"""Analyses that take seconds, computed once per database version in a background process.

Ideal points over time, a named group's cohesion over every session and a session's
co-sponsorship network cost 0.3 s to tens of seconds of CPU (and the dynamic ideal points
to come, minutes): too slow to answer a request with, and in a thread they would hold the
interpreter lock that every other request needs. They run instead in one worker process at
low CPU priority, which opens the database file itself (read-only, attached like the
server's snapshots) and checks that it is the version the request asked about. A request
for a result not yet computed is answered at once with "being computed" (HTTP 202); the
result is kept with the snapshot, like every other view, until the next ingest.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from ungawatch.errors import AmbiguousQuery, NotFound, UngawatchError, UnknownState

# The lowest priority: the worker takes only CPU time that requests leave unused.
_NICENESS = 19


@dataclass(frozen=True, slots=True)
class Pending:
    """A result not computed yet: what, and since when (monotonic seconds)."""

    what: str
    started: float

    @property
    def seconds(self) -> float:
        return round(time.monotonic() - self.started, 1)


@dataclass(frozen=True, slots=True)
class _Failure:
    """A library error raised in the worker, in a form that crosses the process boundary
    (exceptions with their own constructor arguments do not unpickle faithfully)."""

    kind: str
    what: str
    suggestions: tuple[str, ...]

    def error(self) -> UngawatchError:
        if self.kind == "not_found":
            return NotFound(self.what, self.suggestions)
        if self.kind == "unknown_state":
            return UnknownState(self.what, self.suggestions)
        if self.kind == "ambiguous":
            return AmbiguousQuery(self.what, self.suggestions)
        return UngawatchError(self.what)


class StaleVersion(UngawatchError):
    """The database file was replaced before the worker opened it: the answer would be about
    another version than the one asked."""


def _lower_priority() -> None:
    os.nice(_NICENESS)


def run(path: str, identity: tuple[int, ...], function: str, args: tuple[Any, ...]) -> Any:
    """In the worker: `module.function(store, *args)` on exactly the version `identity`."""
    from ungawatch.store import open_attached
    from ungawatch.web.snapshots import file_identity

    module, name = function.rsplit(".", 1)
    call: Callable[..., Any] = getattr(importlib.import_module(module), name)
    store = open_attached(path)
    try:
        if file_identity(Path(path)) != identity:
            return _Failure("stale", f"database {path} changed", ())
        return call(store, *args)
    except NotFound as error:
        return _Failure("not_found", error.what, error.suggestions)
    except UnknownState as error:
        return _Failure("unknown_state", error.name, error.suggestions)
    except AmbiguousQuery as error:
        return _Failure("ambiguous", error.query, error.candidates)
    except UngawatchError as error:
        return _Failure("error", str(error), ())
    finally:
        store.close()


class Worker:
    """One low-priority worker process, started on first use, shared by every snapshot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: Pool | None = None

    def submit(
        self, path: Path, identity: tuple[int, ...], function: str, args: tuple[Any, ...]
    ) -> AsyncResult[Any]:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(1, initializer=_lower_priority)
            return self._pool.apply_async(run, (str(path), identity, function, args))

    def close(self) -> None:
        """Stop the worker at once: a computation in progress is abandoned."""
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
                self._pool = None


def outcome(job: AsyncResult[Any]) -> Any:
    """A finished job's value, or its library error raised here."""
    value = job.get()
    if isinstance(value, _Failure):
        if value.kind == "stale":
            raise StaleVersion(value.what)
        raise value.error()
    return value
