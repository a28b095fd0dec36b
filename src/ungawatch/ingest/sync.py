"""Sync: keep the database current with the UN Digital Library, page by page.

For each search (a session's drafts of one body, its resolutions, its voting records) a sync
asks for the records modified since the latest MARC 005 the database has seen (less a day of
overlap, see `OVERLAP`), or for everything the first time. Each page is archived to disk
before it is parsed and stored with the same `ingest_records` that `ungawatch ingest` uses,
so a synced database holds exactly the facts an ingest of the same bytes gives.

Resume: the caller writes through `store.updating`, so a crash (Ctrl-C, kill -9, power loss)
discards the uncommitted copy; the archive keeps every page fetched. The next sync of the same
search finds the unfinished run, re-reads its pages from disk and fetches only the rest,
so at most the page that was in flight is fetched twice. After the database is swapped in,
`finish` marks the runs done so the following sync starts a fresh increment.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Generator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ungawatch.alerts.derive import keep_events
from ungawatch.errors import SourceError
from ungawatch.ingest.archive import Archive, ArchivedPage, Run
from ungawatch.ingest.records import Parsed, RecordSource, ingest_records
from ungawatch.ingest.report import IngestReport, Problem
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.positions.build import keep_positions
from ungawatch.sources.undl import parse_marcxml
from ungawatch.sources.undl.client import PageError, SearchQuery, StopSync, UndlClient
from ungawatch.sources.undl.marcxml import MarcRecords
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

# A record edited while a sync was paging can carry a 005 older than the newest one that
# sync saw; asking again from a day before the watermark catches it, for one page or so.
OVERLAP = timedelta(days=1)
_MARC_DATE = "%Y%m%d%H%M%S"


@dataclass(frozen=True, slots=True)
class PageEvent:
    """One page stored: for progress bars (pages, records, rate, ETA)."""

    query: str
    jrec: int
    records: int
    total: int
    fetched: bool


SyncProgress = Callable[[PageEvent], None]


@dataclass
class QueryReport:
    """What one search's run did."""

    query: str
    collection: str
    pattern: str
    since: str | None
    run_id: str
    pages: int = 0
    pages_fetched: int = 0
    pages_from_archive: int = 0
    records: int = 0
    total: int | None = None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    complete: bool = False
    error: str | None = None


@dataclass
class SyncReport:
    """What a sync did, per search and in total, ready to print or emit as JSON."""

    queries: list[QueryReport] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    requests: int = 0
    stopped: str | None = None
    finished_runs: list[Run] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.stopped is not None or any(query.error for query in self.queries)

    def summary(self) -> dict[str, int]:
        return {
            "pages": sum(query.pages for query in self.queries),
            "pages fetched": sum(query.pages_fetched for query in self.queries),
            "pages from archive": sum(query.pages_from_archive for query in self.queries),
            "requests": self.requests,
            "records": sum(query.records for query in self.queries),
            "new": self.ingest.inserted,
            "updated": self.ingest.updated,
            "unchanged": self.ingest.unchanged,
            "quarantined": len(self.ingest.rejected),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "stopped": self.stopped,
            "queries": [asdict(query) for query in self.queries],
            "ingest": self.ingest.to_dict(),
        }


@dataclass
class _Watermark:
    """The newest MARC 005 among the records a run stored."""

    latest: str | None = None

    def track(self, record: UndlRecord | RejectedRecord) -> bool:
        """Note the record's 005 and keep it (a `RecordFilter`)."""
        modified = record.modified if isinstance(record, UndlRecord) else None
        if modified and (self.latest is None or modified > self.latest):
            self.latest = modified
        return True


def sync(
    store: Store,
    client: UndlClient,
    archive: Archive,
    queries: Sequence[SearchQuery],
    *,
    since: datetime | None = None,
    strict: bool = False,
    progress: SyncProgress | None = None,
) -> SyncReport:
    """Bring every search up to date; a firewall refusal or no answer stops the rest.

    Call `finish(archive, report)` once the store is committed.
    """
    keep_positions(store)
    keep_events(store)
    report = SyncReport()
    store.run_records.clear()
    for query in queries:
        try:
            sync_query(
                store, client, archive, query, report, since=since, strict=strict, progress=progress
            )
        except StopSync as stop:
            report.stopped = str(stop)
            break
    report.requests = client.requests
    return report


def finish(archive: Archive, report: SyncReport) -> None:
    """Mark the complete runs done, after the database holding them was swapped in."""
    for run in report.finished_runs:
        archive.mark_finished(run)


def sync_query(
    store: Store,
    client: UndlClient,
    archive: Archive,
    query: SearchQuery,
    report: SyncReport,
    *,
    since: datetime | None = None,
    strict: bool = False,
    progress: SyncProgress | None = None,
) -> QueryReport:
    """One search: resume its unfinished run from disk, then fetch the pages still missing."""
    _remember_query(store, query)
    window = since or _window_start(store, query)
    stamp = window.strftime(_MARC_DATE) if window else None
    finished = _finished_runs(store, query)
    run = archive.open_run(query, since=stamp, page_size=client.page_size, finished=finished)
    result = QueryReport(query.key, query.collection, query.pattern, stamp, run.run_id)
    report.queries.append(result)
    mark = _Watermark()
    started = datetime.now(UTC).replace(tzinfo=None)
    store_page = _PageStorer(store, report.ingest, result, mark, strict, progress)
    try:
        jrec, total = _replay(archive, run, store_page)
        _fetch_rest(client, archive, run, store_page, jrec=jrec, total=total, since=window)
        result.complete = True
    except (PageError, StopSync) as error:
        result.error = str(error)
        if isinstance(error, StopSync):
            _record_run(store, result, started, None)
            raise
    _record_run(store, result, started, mark.latest if result.complete else None)
    if result.complete:
        report.finished_runs.append(run)
    return result


def _fetch_rest(
    client: UndlClient,
    archive: Archive,
    run: Run,
    store_page: _PageStorer,
    *,
    jrec: int,
    total: int | None,
    since: datetime | None,
) -> None:
    """Fetch the pages still missing, one at a time: archive each, then store it."""
    query = run.query()
    while total is None or jrec <= total:
        page = client.fetch(query, jrec=jrec, since=since)
        archived = archive.save(
            run,
            url=page.url,
            content=page.content,
            jrec=page.jrec,
            records=page.records,
            total=page.total,
            fetched_at=page.fetched_at,
        )
        store_page(archived, page.content, fetched=True)
        total, jrec = page.total, jrec + max(page.records, 1)


def _replay(archive: Archive, run: Run, store_page: _PageStorer) -> tuple[int, int | None]:
    """Store the pages an interrupted run already archived; return where to go on."""
    jrec, total = 1, None
    for archived in archive.pages(run):
        if archived.jrec != jrec:
            break
        store_page(archived, archived.content(), fetched=False)
        total, jrec = archived.total, jrec + max(archived.records, 1)
    return jrec, total


@dataclass
class _PageStorer:
    """Parses one archived page and stores it with `ingest_records`, counting what it did."""

    store: Store
    ingest: IngestReport
    result: QueryReport
    mark: _Watermark
    strict: bool
    progress: SyncProgress | None

    def __call__(self, page: ArchivedPage, content: bytes, *, fetched: bool) -> None:
        before = (
            self.ingest.inserted,
            self.ingest.updated,
            self.ingest.unchanged,
            len(self.ingest.rejected),
        )
        try:
            store_page(self.store, page, content, self.ingest, self.mark.track, strict=self.strict)
        except SourceError as error:
            if self.strict:
                raise
            # Stop this search here: its watermark must not pass records never stored.
            self.ingest.files_rejected.append(Problem(page.url, None, None, error.message))
            raise PageError(
                f"page {page.jrec} was fetched and archived but could not be stored: "
                f"{error.message}",
                location=page.url,
            ) from error
        result = self.result
        result.inserted += self.ingest.inserted - before[0]
        result.updated += self.ingest.updated - before[1]
        result.unchanged += self.ingest.unchanged - before[2]
        result.quarantined += len(self.ingest.rejected) - before[3]
        result.pages += 1
        result.pages_fetched += fetched
        result.pages_from_archive += not fetched
        result.records += page.records
        result.total = page.total
        if self.progress is not None:
            self.progress(PageEvent(page.query_key, page.jrec, page.records, page.total, fetched))


# Which records of a page to store (and a place to watch them go by).
RecordFilter = Callable[[UndlRecord | RejectedRecord], bool]


def store_page(
    store: Store,
    page: ArchivedPage,
    content: bytes,
    report: IngestReport,
    keep: RecordFilter | None = None,
    *,
    strict: bool = False,
) -> None:
    """Parse a page and ingest it exactly as `ungawatch ingest` would, then note the page.

    Raises `SourceError` when the page cannot be stored at all (nothing of it is)."""

    def read() -> Generator[Parsed, None, None]:
        reader = MarcRecords(io.BytesIO(content), page.url)
        for item in reader:
            if keep is None or keep(item):
                yield Parsed(item, raw=reader.raw)

    source = RecordSource(SourceKind.UNDL_MARCXML, page.url, page.sha256, page.size, read)
    ingest_records(store, source, report, strict=strict)
    store.write(
        "INSERT OR REPLACE INTO sync_pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            page.query_key,
            page.run_id,
            page.jrec,
            page.url,
            page.sha256,
            page.size,
            page.records,
            page.total,
            datetime.fromisoformat(page.fetched_at),
            str(page.path),
        ],
    )
    report.files.append(page.url)


def _remember_query(store: Store, query: SearchQuery) -> None:
    store.write(
        "INSERT INTO sync_queries (query_key, kind, session, body, collection, pattern) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET collection = excluded.collection, "
        "pattern = excluded.pattern",
        [query.key, query.kind, query.session, query.body, query.collection, query.pattern],
    )


def _window_start(store: Store, query: SearchQuery) -> datetime | None:
    """Ask for records modified since the newest 005 seen, less `OVERLAP`; None = all."""
    watermark = store.scalar("SELECT watermark FROM sync_queries WHERE query_key = ?", [query.key])
    if not watermark:
        return None
    return datetime.strptime(str(watermark)[:14], _MARC_DATE) - OVERLAP


def _finished_runs(store: Store, query: SearchQuery) -> set[str]:
    rows = store.rows("SELECT run_id FROM sync_runs WHERE query_key = ? AND complete", [query.key])
    return {row["run_id"] for row in rows}


def _record_run(
    store: Store, result: QueryReport, started: datetime, watermark: str | None
) -> None:
    """Keep the run's counts; a complete run moves the query's watermark forward."""
    finished = datetime.now(UTC).replace(tzinfo=None)
    store.write(
        "INSERT OR REPLACE INTO sync_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            result.query,
            result.run_id,
            result.since,
            started,
            finished,
            result.complete,
            result.pages,
            result.pages_fetched,
            result.records,
            result.total,
            result.inserted,
            result.updated,
            result.unchanged,
            result.quarantined,
            result.error,
        ],
    )
    if result.complete:
        _advance(store, result.query, result.run_id, watermark)


def _advance(store: Store, query_key: str, run_id: str, watermark: str | None) -> None:
    store.write(
        "UPDATE sync_queries SET last_run = ?, watermark = CASE WHEN ? IS NULL THEN watermark "
        "WHEN watermark IS NULL OR watermark < ? THEN ? ELSE watermark END WHERE query_key = ?",
        [run_id, watermark, watermark, watermark, query_key],
    )


def reparse(
    store: Store, archive: Archive, *, strict: bool = False, progress: SyncProgress | None = None
) -> IngestReport:
    """Rebuild the database from the archive alone, without the network.

    A record archived several times (each increment re-fetches what changed) is stored in
    its newest version only (latest 005, then latest fetch), so a rebuild leaves no
    spurious change rows. Searches whose runs finished get their watermark back, so the
    next sync asks only for what changed since.
    """
    keep_positions(store)
    keep_events(store)
    pages = archive.all_pages()
    newest, watermarks = _newest_versions(pages)
    report = IngestReport()
    store.run_records.clear()
    for index, page in enumerate(pages):
        keep = _only_newest(newest, index)
        try:
            content = page.content()
            store_page(store, page, content, report, keep, strict=strict)
        except SourceError as error:
            if strict:
                raise
            report.files_rejected.append(Problem(page.url, None, None, error.message))
        if progress is not None:
            progress(PageEvent(page.query_key, page.jrec, page.records, page.total, False))
    for run in archive.runs():
        if archive.is_finished(run):
            _remember_query(store, run.query())
            _advance(store, run.query_key, run.run_id, watermarks.get(run.run_id))
    return report


def _newest_versions(
    pages: Sequence[ArchivedPage],
) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """Per record, the (005, page index) of its newest version; per run, the newest 005."""
    newest: dict[str, tuple[str, int]] = {}
    watermarks: dict[str, str] = {}
    for index, page in enumerate(pages):
        for record in _readable_records(page):
            version = (record.modified or "", index)
            newest[record.record_id] = max(newest.get(record.record_id, version), version)
            if record.modified and record.modified > watermarks.get(page.run_id, ""):
                watermarks[page.run_id] = record.modified
    return newest, watermarks


def _readable_records(page: ArchivedPage) -> list[UndlRecord]:
    """The records of an archived page; none for a damaged page (`reparse` reports it)."""
    try:
        records = list(parse_marcxml(io.BytesIO(page.content()), page.url))
    except SourceError:
        return []
    return [record for record in records if isinstance(record, UndlRecord)]


def _only_newest(newest: dict[str, tuple[str, int]], index: int) -> RecordFilter:
    def keep(record: UndlRecord | RejectedRecord) -> bool:
        return (
            not isinstance(record, UndlRecord)
            or newest.get(record.record_id, ("", index))[1] == index
        )

    return keep


def last_syncs(store: Store) -> list[dict[str, Any]]:
    """The latest run of every search, for `ungawatch status` (empty before any sync)."""
    exists = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sync_queries'"
    )
    if not exists:
        return []
    return store.rows(
        "WITH latest AS (SELECT *, row_number() OVER (PARTITION BY query_key "
        "ORDER BY finished_at DESC) AS n FROM sync_runs) "
        "SELECT q.query_key AS query, q.collection, q.pattern, q.watermark AS last_modified, "
        "l.finished_at AS last_sync, l.complete, l.pages, l.records, l.inserted AS new, "
        "l.updated, l.unchanged, l.quarantined, l.error "
        "FROM sync_queries q LEFT JOIN latest l ON l.query_key = q.query_key AND l.n = 1 "
        "ORDER BY q.query_key"
    )
