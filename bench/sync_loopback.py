"""Benchmark: `sync` against a loopback UN Digital Library, beside `ingest` of the same bytes.

The real session-78 capture's records are repeated --copies times (each copy under new
control numbers, so every record is a new one) into one MARCXML file. A loopback HTTP server
in this process pages that file the way the Library does (rg/jrec, hit-count comment,
collection wrapper per page). Each case runs in a fresh process against a fresh database, so
its peak memory is its own:

- ingest: `ingest_paths` of the file from disk (parse, resolve, store);
- sync: `sync` with zero pause: HTTP, page validation, archive (gzip + fsync), parse, store.

Each case runs --repeat times and the fastest run counts (the machine is shared). The last
column is sync's throughput as a share of ingest's: the client's overhead made visible.

    python bench/sync_loopback.py [--copies 20] [--page-size 200] [--repeat 3] [--capture PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from rich.console import Console
from rich.table import Table

from isolated import in_fresh_process
from ungawatch.ingest import ingest_paths
from ungawatch.ingest.archive import Archive
from ungawatch.ingest.sync import sync
from ungawatch.sources.undl import UndlClient, draft_query
from ungawatch.store import open_store

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
QUERY = draft_query("78", "C.3")
_RECORD = re.compile(rb"<(?:ns0:)?record\b.*?</(?:ns0:)?record>", re.S)
_CONTROL = re.compile(rb'(tag="001">)(\d+)(<)')
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Search-Engine-Total-Number-Of-Results: %d -->\n'
)
OPEN = b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n'


def build_records(capture: Path, copies: int) -> list[bytes]:
    """The capture's records, `copies` times, each copy under its own control numbers."""
    records = _RECORD.findall(capture.read_bytes())
    return [
        _CONTROL.sub(lambda m, c=copy: m[1] + b"%d%s" % (c, m[2]) + m[3], record, count=1)
        for copy in range(1, copies + 1)
        for record in records
    ]


def serve(records: list[bytes]) -> tuple[ThreadingHTTPServer, str]:
    """A loopback server answering /search pages of `records` as the Library would."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            args = {key: values[0] for key, values in parse_qs(urlparse(self.path).query).items()}
            jrec, rg = int(args.get("jrec", "1")), int(args.get("rg", "10"))
            body = (
                HEAD % len(records)
                + OPEN
                + b"\n".join(records[jrec - 1 : jrec - 1 + rg])
                + b"\n</collection>\n"
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def case_ingest(path: str, folder: str, _url: str, _page_size: int) -> tuple[int, int]:
    with open_store(Path(folder) / "ingest.duckdb") as store:
        report = ingest_paths(store, [Path(path)])
    return 1, report.records


def case_sync(_path: str, folder: str, url: str, page_size: int) -> tuple[int, int]:
    archive = Archive(Path(folder) / "data")
    with (
        open_store(Path(folder) / "sync.duckdb") as store,
        UndlClient(url, page_size=page_size, pause=0.0, timeout=60.0) as client,
    ):
        report = sync(store, client, archive, [QUERY])
    summary = report.summary()
    return summary["pages fetched"], summary["records"]


CASES = {"ingest from disk": case_ingest, "sync from loopback, pause 0": case_sync}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts")
    testdata = Path(os.environ.get("UNGAWATCH_TESTDATA") or DEFAULT_DATA)
    parser.add_argument(
        "--capture", type=Path, default=testdata / "undl" / "session78_committee3_drafts.xml"
    )
    args = parser.parse_args()
    records = build_records(args.capture, args.copies)
    server, url = serve(records)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xml"
        path.write_bytes(HEAD % len(records) + OPEN + b"\n".join(records) + b"\n</collection>\n")
        size = path.stat().st_size
        results = {}
        for name in CASES:
            workdir = Path(folder) / name.split()[0]
            for n in range(args.repeat):
                (workdir / str(n)).mkdir(parents=True)
            runs = [
                in_fresh_process(CASES[name], str(path), str(workdir / str(n)), url, args.page_size)
                for n in range(args.repeat)
            ]
            best = min(runs, key=lambda run: run.seconds)
            results[name] = (*best.result, best.seconds, max(run.peak_mb for run in runs))
    server.shutdown()
    print_table(results, size, len(records), args.page_size)


def print_table(
    results: dict[str, tuple[int, int, float, float]], size: int, records: int, page_size: int
) -> None:
    title = f"sync vs ingest, {size / 1e6:.1f} MB, {records:,} records, rg={page_size}"
    table = Table(title=title)
    columns = ("case", "input (MB)", "pages", "records", "time (s)", "pages/s", "records/s")
    for column in (*columns, "peak RSS (MB)", "speed vs ingest"):
        table.add_column(column, justify="right")
    ingest_time = results["ingest from disk"][2]
    for name, (pages, count, elapsed, peak) in results.items():
        table.add_row(
            name,
            f"{size / 1e6:.1f}",
            f"{pages:,}",
            f"{count:,}",
            f"{elapsed:.2f}",
            f"{pages / elapsed:,.1f}",
            f"{count / elapsed:,.0f}",
            f"{peak:.0f}",
            f"{ingest_time / elapsed:.0%}",
        )
    Console(width=150).print(table)


if __name__ == "__main__":
    main()
