"""Opening the database file and running statements on it."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from ungawatch.errors import StoreError, WriteRefused
from ungawatch.store.views import CANONICAL_REFRESH, VIEWS, VIEWS_DIGEST

# A stored record's version: its content hash and its MARC 005 modification stamp (if any).
Version = tuple[str, str | None]


class Store:
    """A DuckDB database holding documents, sponsorships, votes and their provenance."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, path: str, catalog: str | None = None
    ) -> None:
        # DuckDB draws its own progress bar on stderr for slow queries; ours is the CLI's.
        connection.execute("SET enable_progress_bar = false")
        if catalog:
            connection.execute(f"USE {catalog}")
        self.connection = connection
        self.path = path
        self.catalog = catalog
        self._versions: dict[str, dict[str, Version]] = {}
        # Records the current ingest run stored, by (source kind, record id): a second copy
        # in another file of the same run is settled like a duplicate within one file.
        self.run_records: set[tuple[str, str]] = set()
        # Symbols whose facts the open transaction wrote: the positions they feed are
        # recomputed before it commits (see `ungawatch.positions.build`).
        self.touched_symbols: set[str] = set()
        # Whether anything was written since the store was opened: a writer whose ingest
        # changed nothing leaves the database file alone (see `updating`).
        self.changed = False
        # Whether the views exist (set once migrated): from then on, each transaction that
        # writes refreshes the canonical roll calls table.
        self.views_ready = False
        self._before_commit: list[Callable[[Store], None]] = []

    def record_versions(self, source_kind: str) -> dict[str, Version]:
        """Content hash and MARC 005 of every stored record of a source, loaded once per open
        store.

        Writers update the dict they get as they write, so a sync of hundreds of pages does
        not reload it per page; a rolled-back transaction drops it (see `transaction`).
        """
        if source_kind not in self._versions:
            self._versions[source_kind] = {
                str(row["record_id"]): (str(row["content_hash"]), row["modified"])
                for row in self.rows(
                    "SELECT record_id, content_hash, modified FROM source_records "
                    "WHERE source_kind = ?",
                    [source_kind],
                )
            }
        return self._versions[source_kind]

    def close(self) -> None:
        self.connection.close()

    def reader(self) -> Store:
        """The same database on a cursor of its own, for another thread (a web request)."""
        return Store(self.connection.cursor(), self.path, self.catalog)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception inside leaves the database as it was before."""
        changed, self.changed = self.changed, False
        self.execute("BEGIN TRANSACTION")
        try:
            yield
            if self.changed and self.views_ready:
                # Before the hooks: the positions they recompute read the recorded votes.
                self.refresh_canonical()
            for hook in self._before_commit:
                hook(self)
            self.execute("COMMIT")
            self.changed = self.changed or changed
        except BaseException:
            self._rollback()
            self._versions.clear()
            self.touched_symbols.clear()
            self.changed = changed
            raise

    def refresh_canonical(self) -> None:
        """Refill `canonical_roll_calls` from the rule (`canonical_roll_calls_view`): each
        transaction that writes does so; call it after writing outside one."""
        self.execute(CANONICAL_REFRESH)

    def _rollback(self) -> None:
        """Roll back the open transaction; one that a failed COMMIT already ended is gone."""
        with suppress(duckdb.TransactionException):
            self.connection.execute("ROLLBACK")

    def before_commit(self, hook: Callable[[Store], None]) -> None:
        """Run `hook` at the end of every transaction, inside it (once per hook): derived
        tables such as positions are brought up to date in the same all-or-nothing step."""
        if hook not in self._before_commit:
            self._before_commit.append(hook)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a query with bound parameters and return plain dicts."""
        with _translated(self.path):
            cursor = self.connection.execute(sql, list(parameters))
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def tuples(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query with bound parameters and return its rows as tuples, in column order
        (for readers of thousands of rows: no dict per row)."""
        with _translated(self.path):
            return self.connection.execute(sql, list(parameters)).fetchall()

    def frame(self, sql: str, parameters: Sequence[Any] = ()) -> pd.DataFrame:
        with _translated(self.path):
            return self.connection.execute(sql, list(parameters)).df()

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        # fetchall, not fetchone: a half-read result keeps DuckDB from registering frames.
        with _translated(self.path):
            rows = self.connection.execute(sql, list(parameters)).fetchall()
        return rows[0][0] if rows else None

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        """A statement on temporary tables or the schema; data goes through `write`."""
        with _translated(self.path):
            self.connection.execute(sql, list(parameters))

    def write(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """An INSERT, UPDATE or DELETE on stored data: the rows it changed (and `changed`)."""
        with _translated(self.path):
            rows = self.connection.execute(sql, list(parameters)).fetchall()
        count = int(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else 0
        self.changed = self.changed or count > 0
        return count

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert: one statement for many rows, columns matched by name.

        The frame is read through DuckDB's replacement scan of this local variable, not
        `register`ed: a registered view dropped inside a transaction stays in the catalog,
        holding its frame, until the transaction ends, so a large file's ingest would keep
        every batch it wrote in memory.
        """
        if frame.empty:
            return
        _incoming_rows = frame  # read by name in the SQL below
        columns = ", ".join(f'"{name}"' for name in frame.columns)
        with _translated(self.path):
            self.connection.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming_rows"
            )
        self.changed = True

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Bulk insert of row tuples (values in `columns` order), handed to DuckDB as Arrow
        columns: cheaper than a pandas frame for the rows of a large export."""
        if not rows:
            return
        try:
            _incoming_rows = pa.table(dict(zip(columns, zip(*rows, strict=True), strict=True)))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise WriteRefused(f"a value of the wrong type for {table}: {error}") from error
        names = ", ".join(f'"{name}"' for name in columns)
        with _translated(self.path):
            self.connection.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM _incoming_rows"
            )
        self.changed = True

    def table_counts(self) -> dict[str, int]:
        """Rows per table, to show what the database holds (and to test idempotence)."""
        names = [
            row["table_name"]
            for row in self.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        return {name: int(self.scalar(f'SELECT count(*) FROM "{name}"')) for name in names}


@contextmanager
def _translated(path: str) -> Iterator[None]:
    """DuckDB's errors about data and files as the library's: a value the database refuses
    is `WriteRefused` (the caller's transaction is then rolled back, and ingest quarantines
    the record or file that carried it); a file it cannot read or write (I/O, out of memory)
    is a `StoreError`. SQL the database cannot bind or parse is a bug and stays as it is."""
    try:
        yield
    except (duckdb.IntegrityError, duckdb.DataError) as error:
        raise WriteRefused(f"the database refused a value: {_first_line(error)}") from error
    except duckdb.TransactionException as error:
        raise WriteRefused(f"the write was abandoned: {_first_line(error)}") from error
    except duckdb.OperationalError as error:
        raise StoreError(f"database {path}: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open (and if needed create) the database file; pending migrations are applied first."""
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
        # Bulk appends go to disk a row group at a time (DuckDB buffers five by default),
        # so a large file's ingest inside one transaction keeps flat memory.
        store.execute("SET write_buffer_row_group_count = 1")
        migrate(store)
    elif _pending(store):
        # A database from an older ungawatch: upgrade it the way writers do, then read it.
        store.close()
        with updating(location):
            pass
        return open_store(location, read_only=True)
    return store


def _pending(store: Store) -> bool:
    """Whether an ungawatch database lacks migrations; any other file is refused, not altered."""
    exists = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    )
    if not exists:
        store.close()
        raise StoreError(
            f"{store.path} is not an ungawatch database (it has no schema_version table); "
            "point --db at a file made by `ungawatch ingest` or `ungawatch sync`"
        )
    applied = {int(row["version"]) for row in store.rows("SELECT version FROM schema_version")}
    return bool(set(_migrations()) - applied)


def open_attached(path: str | Path, alias: str = "snapshot") -> Store:
    """The file attached read-only (as `alias`, the store's and its readers' default) to a
    fresh in-memory database.

    DuckDB keeps one database instance per path in a process, so reconnecting to a path that
    a writer replaced returns the old file; attaching opens the file anew. Servers use this.
    """
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
    except duckdb.Error as error:
        connection.close()
        raise StoreError(f"cannot open database {path}: {error}") from error
    return Store(connection, str(path), catalog=alias)


@contextmanager
def updating(path: str | Path) -> Iterator[Store]:
    """Write to a copy of the database and swap it in atomically when done.

    Readers (the web server) keep the file they opened and see the new one on their next
    open, so they never block the writer nor see half an ingest. Writers queue on a lock
    file, so two ingests never overwrite each other's copy. An exception discards the copy.
    The copy and the lock live in a hidden folder beside the database that carries its own
    `.gitignore`, so a killed writer's leftovers never show up in `git status`; the next
    writer removes them.
    """
    target = Path(path)
    with _os_errors(target):
        folder = work_folder(target)
    with _exclusive(folder / "lock", target):
        yield from _write_copy(target, folder)


def work_folder(target: Path) -> Path:
    """The hidden folder beside `target` where writers keep their copy and their lock."""
    folder = target.with_name(f".{target.name}.writing")
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# ungawatch writers' temporary copies of the database\n*\n")
    return folder


def _write_copy(target: Path, folder: Path) -> Iterator[Store]:
    """Holding the lock: copy, yield the copy's store, then swap it in or discard it."""
    with _os_errors(target):
        # No other writer is alive: copies left here (or, by older versions, beside the
        # database) were killed mid-write.
        for stale in [*folder.glob("*.duckdb*"), *target.parent.glob(f".{target.name}.*.writing*")]:
            stale.unlink(missing_ok=True)
        work = folder / f"{os.getpid()}.duckdb"
        if target.exists():
            shutil.copy2(target, work)
    store = open_store(work)
    try:
        yield store
        store.execute("CHECKPOINT")
    except BaseException:
        store.close()
        work.unlink(missing_ok=True)
        raise
    store.close()
    with _os_errors(target):
        if store.changed or not target.exists():
            os.replace(work, target)
        else:
            # Nothing was written: readers keep the file (and their caches) they have.
            work.unlink()


@contextmanager
def _os_errors(target: Path) -> Iterator[None]:
    """A folder that cannot be written or a full disk, said as a database error."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoreError(
            f"cannot write the database {target}: {reason} ({error.filename or target}); "
            "check the folder's permissions and free space, or choose another --db"
        ) from error


@contextmanager
def _exclusive(lock_path: Path, target: Path) -> Iterator[None]:
    with _os_errors(target):
        handle = lock_path.open("a")
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(store: Store) -> None:
    """Apply, in order and each in one transaction, the migrations the database lacks."""
    tables = {
        str(row["table_name"])
        for row in store.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        )
    }
    if tables and "schema_version" not in tables:
        store.close()
        raise StoreError(
            f"{store.path} is not an ungawatch database (it has tables but no schema_version); "
            "choose another --db file"
        )
    store.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    applied = {int(row["version"]) for row in store.rows("SELECT version FROM schema_version")}
    known = _migrations()
    newer = applied - set(known)
    if newer:
        raise StoreError(
            f"database {store.path} has schema version {max(newer)}, newer than this ungawatch "
            "knows; upgrade ungawatch"
        )
    for version, script in sorted(known.items()):
        if version not in applied:
            with store.transaction():
                store.connection.execute(script)
                store.write("INSERT INTO schema_version VALUES (?)", [version])
    _create_views(store)


def _create_views(store: Store) -> None:
    """(Re)create the shared views when this code's text of them is not the one stored."""
    store.execute("CREATE TABLE IF NOT EXISTS schema_views (digest VARCHAR NOT NULL)")
    if store.scalar("SELECT any_value(digest) FROM schema_views") != VIEWS_DIGEST:
        _replace_views(store)
    store.views_ready = True


def _replace_views(store: Store) -> None:
    with store.transaction():
        # Databases made before the canonical roll calls were a table hold a view of the name.
        if store.scalar(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = 'canonical_roll_calls' "
            "AND database_name = current_database()"
        ):
            store.execute("DROP VIEW canonical_roll_calls")
        for statement in VIEWS:
            store.execute(statement)
        store.refresh_canonical()
        store.write("DELETE FROM schema_views")
        store.write("INSERT INTO schema_views VALUES (?)", [VIEWS_DIGEST])


def _migrations() -> dict[int, str]:
    """Migration scripts by number, from files named NNN_what.sql in store/migrations."""
    folder = resources.files("ungawatch.store").joinpath("migrations")
    return {
        int(entry.name.split("_", 1)[0]): entry.read_text("utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    }
