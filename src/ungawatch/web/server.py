"""Running the web app under uvicorn: in the foreground (`ungawatch serve`) or in a thread.

The thread form serves tests and benchmarks: a real HTTP server on a free loopback port, so
clients exercise the same stack a browser does.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from ungawatch.errors import StoreError, UngawatchError
from ungawatch.store import open_store
from ungawatch.web.app import create_app
from ungawatch.web.snapshots import file_identity

_STARTUP_SECONDS = 10.0


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_database(db: Path) -> None:
    """Fail before binding the port when there is nothing to serve, and bring a database
    written by an older ungawatch up to the current schema (the server only reads)."""
    file_identity(db)
    if not db.is_file():
        raise StoreError(f"database {db} is not a file")
    open_store(db, read_only=True).close()


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (Ctrl-C), saying on stderr when a new database version is
    served and how much of it was prepared."""
    check_database(db)
    said = logging.StreamHandler()
    said.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    web = logging.getLogger("ungawatch.web")
    web.addHandler(said)
    web.setLevel(logging.INFO)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning", access_log=False)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(db: Path, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """A server in a background thread for the duration of the block; yields its base URL."""
    check_database(db)
    with serving(create_app(db), host, port) as base:
        yield base


@contextmanager
def serving(app: ASGIApp, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """`app` served by uvicorn in a background thread; yields its base URL."""
    chosen = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=chosen, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="ungawatch-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + _STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise UngawatchError(f"the web server did not start on {host}:{chosen}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{chosen}"
    finally:
        server.should_exit = True
        thread.join(timeout=_STARTUP_SECONDS)
