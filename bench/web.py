"""Benchmark: latency of the main API endpoints, 1 and 8 concurrent clients, on the shared data.

Builds a database from every shared capture `ungawatch ingest` reads (the session-78 MARCXML
export and, when present, the unvotes tables), starts `ungawatch serve` on a free loopback
port in its own process, and times requests with httpx clients in threads.

For each endpoint and client count a fresh server is started, then:
- cold: each distinct URL once (nothing computed yet for this database version);
- warm: a bounded number of requests cycling over the same URLs (views are kept per database
  version, so this is the steady state between two ingests).

    python bench/web.py [--db FILE] [--data DIR] [--requests 400]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from ungawatch.positions.history import DRAFT_KINDS, list_series
from ungawatch.store import open_store
from ungawatch.web.server import free_port

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CAPTURES = (
    "undl/session78_committee3_drafts.xml",
    "unvotes/un_votes.csv.gz",
    "unvotes/un_roll_calls.csv.gz",
    "unvotes/un_roll_call_issues.csv.gz",
)
CLIENTS = (1, 8)
UNGAWATCH = str(Path(sys.executable).parent / "ungawatch")


def build_database(data: Path, target: Path) -> list[str]:
    """Ingest every capture that exists; returns the files used."""
    files = [str(data / name) for name in CAPTURES if (data / name).exists()]
    if not files:
        raise SystemExit(f"no shared captures under {data}; pass --data or --db")
    subprocess.run(
        [UNGAWATCH, "ingest", *files, "--db", str(target), "--json"],
        check=True,
        capture_output=True,
    )
    return files


def endpoint_urls(db: Path) -> dict[str, list[str]]:
    """The URLs each endpoint is timed on: every series, every resolution and draft..."""
    with open_store(db, read_only=True) as store:
        series = [entry.id for entry in list_series(store)]
        symbols = [
            str(row["symbol"])
            for row in store.rows(
                "SELECT DISTINCT symbol FROM documents WHERE symbol IS NOT NULL "
                "AND kind IN (SELECT unnest(?::VARCHAR[])) ORDER BY symbol",
                [list(DRAFT_KINDS)],
            )
        ]
    states = ["KOR", "USA", "CHN", "FRA", "BRA", "ZAF", "IND", "JPN"]
    return {
        "series history": [f"/api/v1/series/{s}/history" for s in series],
        "series grid page": [f"/series/{s}" for s in series],
        "resolution": [f"/api/v1/resolutions/{s}" for s in symbols],
        "resolution page": [f"/resolutions/{s}" for s in symbols],
        "search": [
            f"/api/v1/search?q={q}"
            for q in ("Iran", "North Korea human rights", "rights of the child", "A/C.3/78/L.39")
        ],
        "agreement": [f"/api/v1/agreement?a={a}&b={b}" for a in states[:4] for b in states[4:]],
        "state": [f"/api/v1/states/{s}?with=USA" for s in states],
        "status": ["/api/v1/status"],
    }


@contextmanager
def server(db: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [UNGAWATCH, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/v1/openapi.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def timed(base: str, urls: list[str], clients: int) -> list[float]:
    """Milliseconds per request, `clients` threads sharing one queue of URLs."""
    work: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        work.put(url)
    times: list[float] = []
    failures: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while True:
                try:
                    url = work.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                response = http.get(url)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    failures.append(f"{url}: {response.status_code}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"failed requests: {failures[:5]}")
    return times


def percentiles(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return times[0], times[0]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94]


def run(db: Path, requests: int) -> Table:
    table = Table(title=f"ungawatch web latency (ms), {db.stat().st_size // 1024} KiB database")
    for column in (
        "endpoint",
        "URLs",
        "clients",
        "cold p50",
        "cold p95",
        "warm n",
        "warm p50",
        "warm p95",
        "warm req/s",
    ):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    for name, urls in endpoint_urls(db).items():
        for clients in CLIENTS:
            with server(db) as base:
                cold = timed(base, urls, clients)
                cycle = [urls[i % len(urls)] for i in range(requests)]
                start = time.perf_counter()
                warm = timed(base, cycle, clients)
                rate = len(warm) / (time.perf_counter() - start)
            table.add_row(
                name,
                str(len(urls)),
                str(clients),
                *(f"{v:.1f}" for v in percentiles(cold)),
                str(len(warm)),
                *(f"{v:.1f}" for v in percentiles(warm)),
                f"{rate:.0f}",
            )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (default: build one)")
    parser.add_argument("--data", type=Path, default=DATA, help="shared captures folder")
    parser.add_argument("--requests", type=int, default=400, help="warm requests per case")
    options = parser.parse_args()
    console = Console(width=120)
    with tempfile.TemporaryDirectory() as folder:
        db = options.db or Path(folder) / "bench.duckdb"
        if options.db is None:
            used = build_database(options.data, db)
            console.print("database built from: " + ", ".join(Path(f).name for f in used))
        console.print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        console.print(run(db, options.requests))


if __name__ == "__main__":
    main()
