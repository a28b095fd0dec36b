"""Opening the database file and running statements on it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ungawatch.errors import StoreError

SCHEMA_VERSION = 1


class Store:
    """A DuckDB database holding documents, sponsorships, votes and their provenance."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str) -> None:
        self.connection = connection
        self.path = path

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception inside leaves the database as it was before."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a query with bound parameters and return plain dicts."""
        cursor = self.connection.execute(sql, list(parameters))
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def frame(self, sql: str, parameters: Sequence[Any] = ()) -> pd.DataFrame:
        return self.connection.execute(sql, list(parameters)).df()

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        row = self.connection.execute(sql, list(parameters)).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(parameters))

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert: one statement for many rows, columns matched by name."""
        if frame.empty:
            return
        self.connection.register("_incoming", frame)
        try:
            columns = ", ".join(f'"{name}"' for name in frame.columns)
            self.connection.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming"
            )
        finally:
            self.connection.unregister("_incoming")

    def table_counts(self) -> dict[str, int]:
        """Rows per table, to show what the database holds (and to test idempotence)."""
        names = [
            row["table_name"]
            for row in self.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "ORDER BY table_name"
            )
        ]
        return {name: int(self.scalar(f'SELECT count(*) FROM "{name}"')) for name in names}


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open (and if needed create) the database file; the schema is applied on first use."""
    location = str(path)
    if read_only and not Path(location).exists():
        raise StoreError(f"database {location} does not exist; run `ungawatch ingest` first")
    if not read_only:
        Path(location).parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = duckdb.connect(location, read_only=read_only)
    except duckdb.Error as error:
        raise StoreError(f"cannot open database {location}: {error}") from error
    store = Store(connection, location)
    if not read_only:
        _migrate(store)
    return store


def _migrate(store: Store) -> None:
    version = _version(store)
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"database {store.path} has schema version {version}, newer than this ungawatch "
            f"({SCHEMA_VERSION}); upgrade ungawatch"
        )
    schema = resources.files("ungawatch.store").joinpath("schema.sql").read_text("utf-8")
    with store.transaction():
        store.connection.execute(schema)
        store.execute("DELETE FROM schema_version")
        store.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])


def _version(store: Store) -> int | None:
    exists = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    )
    if not exists:
        return None
    value = store.scalar("SELECT max(version) FROM schema_version")
    return int(value) if value is not None else None
