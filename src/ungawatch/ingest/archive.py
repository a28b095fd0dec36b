"""The raw download cache: every page sync fetched, compressed, with its URL and time.

Layout under the data directory (each page is a plain `.xml.gz` that `ungawatch ingest`
also reads, beside a JSON sidecar saying where and when it came from)::

    undl/<search>/<window>/<run>/run.json                 the search, window and page size
    undl/<search>/<window>/<run>/jrec-0000001.xml.gz      the bytes exactly as received
    undl/<search>/<window>/<run>/jrec-0000001.json        url, fetched_at, sha256, records…
    undl/<search>/<window>/<run>/finished.json            written once the database holds it

`<search>` is the query key (`drafts-78-C.3`), `<window>` is `all` or `since-<d1>` and `<run>`
the UTC start time. Every file is written to a temporary name, flushed to disk and renamed,
so a crash leaves whole files or none; a page counts as archived once its sidecar exists.
A run without `finished.json` is resumed by the next sync of the same search and window:
its pages are re-read from disk and only the rest is fetched. `reparse` reads them all.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ungawatch.errors import SourceError
from ungawatch.ingest.files import read_all
from ungawatch.sources.undl.client import SearchQuery

_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class Run:
    """One pass over a search's pages within one modification window."""

    path: Path
    run_id: str
    query_key: str
    kind: str
    session: str
    body: str | None
    collection: str
    pattern: str
    since: str | None
    page_size: int

    def query(self) -> SearchQuery:
        return SearchQuery(self.kind, self.session, self.body, self.collection, self.pattern)


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """A page on disk and what its sidecar says about it."""

    path: Path
    run_id: str
    query_key: str
    url: str
    fetched_at: str
    sha256: str
    size: int
    jrec: int
    records: int
    total: int

    def content(self) -> bytes:
        """The page as fetched; a damaged archive file is a `SourceError` naming it."""
        return read_all(self.path)


class Archive:
    """The page archive rooted at `<data dir>/undl`."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "undl"

    def open_run(
        self, query: SearchQuery, *, since: str | None, page_size: int, finished: AbstractSet[str]
    ) -> Run:
        """The unfinished run of this search and window to resume, or a new one.

        `finished` names runs the database already holds completely (a crash can fall
        between the database swap and writing `finished.json`).
        """
        window = self.root / query.key / (f"since-{since}" if since else "all")
        runs = sorted(self._runs(window), key=lambda r: r.run_id)
        if runs and runs[-1].page_size == page_size and not self.is_finished(runs[-1], finished):
            return runs[-1]
        run_id = datetime.now(UTC).strftime(_STAMP)
        run = Run(
            window / run_id,
            run_id,
            query.key,
            query.kind,
            query.session,
            query.body,
            query.collection,
            query.pattern,
            since,
            page_size,
        )
        run.path.mkdir(parents=True, exist_ok=True)
        meta = asdict(run) | {"path": None}
        _write_atomic(run.path / "run.json", _json(meta))
        return run

    def is_finished(self, run: Run, finished: AbstractSet[str] = frozenset()) -> bool:
        return run.run_id in finished or (run.path / "finished.json").exists()

    def mark_finished(self, run: Run) -> None:
        """Record that the database holds this run completely; the next sync starts anew."""
        stamp = datetime.now(UTC).isoformat()
        _write_atomic(run.path / "finished.json", _json({"finished_at": stamp}))

    def save(
        self,
        run: Run,
        *,
        url: str,
        content: bytes,
        jrec: int,
        records: int,
        total: int,
        fetched_at: datetime,
    ) -> ArchivedPage:
        """Keep a fetched page (compressed) and its sidecar, each written atomically."""
        stem = run.path / f"jrec-{jrec:07d}"
        page = ArchivedPage(
            path=stem.with_suffix(".xml.gz"),
            run_id=run.run_id,
            query_key=run.query_key,
            url=url,
            fetched_at=fetched_at.isoformat(),
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            jrec=jrec,
            records=records,
            total=total,
        )
        _write_atomic(page.path, gzip.compress(content, compresslevel=3, mtime=0))
        _write_atomic(stem.with_suffix(".json"), _json(asdict(page) | {"path": page.path.name}))
        return page

    def pages(self, run: Run) -> list[ArchivedPage]:
        """The run's archived pages in page order (pages without a sidecar are not there)."""
        return sorted(
            (self._page(sidecar) for sidecar in run.path.glob("jrec-*.json")),
            key=lambda page: page.jrec,
        )

    def runs(self) -> list[Run]:
        """Every run in the archive, oldest first."""
        windows = (window for search in _dirs(self.root) for window in _dirs(search))
        return sorted(
            (run for window in windows for run in self._runs(window)), key=lambda r: r.run_id
        )

    def all_pages(self) -> list[ArchivedPage]:
        """Every archived page, in the order it was fetched."""
        pages = [page for run in self.runs() for page in self.pages(run)]
        return sorted(pages, key=lambda page: (page.fetched_at, page.run_id, page.jrec))

    def _runs(self, window: Path) -> Iterator[Run]:
        for folder in _dirs(window):
            meta = folder / "run.json"
            if meta.exists():
                data = _load(meta)
                yield Run(**(data | {"path": folder}))

    def _page(self, sidecar: Path) -> ArchivedPage:
        data = _load(sidecar)
        return ArchivedPage(**(data | {"path": sidecar.parent / data["path"]}))


def _dirs(folder: Path) -> list[Path]:
    return sorted(entry for entry in folder.iterdir() if entry.is_dir()) if folder.is_dir() else []


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _load(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise SourceError(
            f"archive file is unreadable ({error}); delete its run folder to fetch it again",
            location=str(path),
        ) from error
    return data


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name, flush to disk, then rename over the final name."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
