"""Benchmark: the dashboard and the API under 8 concurrent clients, on the full shared data.

Builds a database from the shared captures the README loads (session-78 MARCXML export,
document texts, the 870,109 recorded votes since 1946), starts `ungawatch serve` in its own
process and times every page and endpoint with httpx clients in threads:

1. first request after start: one client asks for each page type once, in turn;
2. cold: per endpoint, 8 clients ask for URLs nothing has computed yet (where an endpoint
   has fewer than 8 URLs, several clients ask for the same one at once: single flight);
3. warm: 8 clients cycle over every URL of every endpoint, mixed;
4. during an ingest: the same, while `ungawatch ingest` writes into the served database;
5. while the new version is prepared: the same, while the server computes the URLs asked
   so far on the new file and still serves the old one (until the ETag changes);
6. first requests on the new version: per endpoint, 8 clients at once, as in 2;
7. warm after the ingest;
8. on a server started anew, one client asks once for every series page and for 60
   resolution, state (four comparisons) and recorded-vote pages: the first request of
   "any page", not only the first URL of each kind.

Every phase prints p50 / p95 / max per endpoint and counts answers that were not 200 (202:
being computed in the background) and timeouts. Targets: p95 <= 100 ms and max <= 1 s for
every endpoint in every phase, no timeout; first request of any page <= 300 ms.

    python bench/web.py [--data DIR] [--requests 1600] [--timeout 30]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from ungawatch.store import open_store
from ungawatch.web.filters import page_path
from ungawatch.web.server import free_port

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data")
INGESTED_WHILE_SERVING = REPO / "tests" / "fixtures" / "votes_78_220.xml"
CLIENTS = 8
UNGAWATCH = str(Path(sys.executable).parent / "ungawatch")
P95_TARGET, MAX_TARGET, FIRST_TARGET = 100.0, 1000.0, 300.0
SWEEP = 60  # resolutions, states and recorded votes whose first request the sweep times


def captures(data: Path) -> list[Path]:
    texts = sorted((data / "undocs").glob("*.txt"))
    files = [data / "undl" / "session78_committee3_drafts.xml", *texts]
    files.append(data / "unvotes" / "un_votes.csv.gz")
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise SystemExit(f"shared captures missing: {missing[:3]}; pass --data")
    return files


def build_database(data: Path, target: Path) -> tuple[float, int]:
    """Ingest the captures as the README does; return the seconds it took and how many files
    were refused. The catalogue excerpts in undocs/ are refused by design (README: their
    records are read from the whole export); any other problem stops the bench."""
    started = time.perf_counter()
    done = subprocess.run(
        [UNGAWATCH, "ingest", *map(str, captures(data)), "--db", str(target), "--json"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"ingest failed (exit {done.returncode}): {done.stderr[-500:]}") from None
    unexpected = report["rejected"] + [
        problem
        for problem in report["files_rejected"]
        if "an excerpt of a catalogue record" not in problem["message"]
    ]
    if done.returncode not in (0, 1) or unexpected:
        raise SystemExit(f"ingest failed (exit {done.returncode}): {unexpected[:3]}")
    return seconds, len(report["files_rejected"])


def endpoint_urls(db: Path) -> dict[str, list[str]]:
    """The distinct URLs each page and endpoint is timed on, read from the database."""
    with open_store(db, read_only=True) as store:
        series = [
            str(r["series_id"])
            for r in store.rows(
                "SELECT series_id FROM series_sessions GROUP BY 1 ORDER BY count(*) DESC, 1 "
                "LIMIT 12"
            )
        ]
        symbols = [
            str(r["symbol"])
            for r in store.rows(
                "(SELECT resolution AS symbol FROM series_sessions WHERE resolution IS NOT NULL "
                "ORDER BY series_id, session LIMIT 8) UNION ALL (SELECT draft FROM "
                "series_sessions WHERE draft IS NOT NULL ORDER BY series_id, session LIMIT 4)"
            )
        ]
        votes = [
            f"{r['source_kind']}/{r['record_id']}"
            for r in store.rows(
                "SELECT source_kind, record_id FROM all_roll_calls "
                "ORDER BY date DESC NULLS LAST, record_id LIMIT 12"
            )
        ]
    states = ["KOR", "USA", "CHN", "FRA", "BRA", "ZAF", "IND", "JPN"]
    four = [",".join([s for s in states if s != state][:4]) for state in states]
    sets = ["KOR,USA", "USA,CHN,RUS", "FRA,DEU,GBR", "BRA,IND,ZAF,CHN", "JPN,KOR", "EGY,ISR"]
    sessions = [74, 73, 70, 65, 60, 50, 40, 30]
    return {
        "page /": ["/"],
        "page /series/{id}": [f"/series/{s}" for s in series],
        "page /resolutions/{symbol}": [f"/resolutions/{s}" for s in symbols],
        "page /votes/{id}": [f"/votes/{v}" for v in votes],
        "page /votes?session": [f"/votes?session={s}" for s in sessions],
        "page /states": ["/states"],
        "page /states/{name}?with=4": [
            f"/states/{s}?with={w}" for s, w in zip(states, four, strict=True)
        ],
        "page /compare": [f"/compare?states={s}" for s in sets],
        "page /changes": ["/changes", *(f"/changes?state={s}" for s in states[:7])],
        "page /network": ["/network"],
        "page /blocs": ["/blocs?group=EU", "/blocs?group=ASEAN"],
        "page /api/docs": ["/api/docs"],
        "api series": [f"/api/v1/series/{s}" for s in series],
        "api series history": [f"/api/v1/series/{s}/history" for s in series],
        "api resolutions": [f"/api/v1/resolutions/{s}" for s in symbols],
        "api votes/{id}": [f"/api/v1/votes/{v}" for v in votes],
        "api votes?year": [f"/api/v1/votes?year={s + 1945}" for s in sessions],
        "api states/{name}?with=4": [
            f"/api/v1/states/{s}?with={w}" for s, w in zip(states, four, strict=True)
        ],
        "api compare": [f"/api/v1/compare?states={s}" for s in sets],
        "api changes": [f"/api/v1/changes?session={s}" for s in (78, 75, 70, 65, 62)],
        "api agreement": [f"/api/v1/agreement?a=KOR&b={b}" for b in states[1:]],
        "api search": [
            f"/api/v1/search?q={q}"
            for q in ("Iran", "North Korea human rights", "rights of the child", "A/C.3/78/L.39")
        ],
        "api status": ["/api/v1/status"],
        "api network (background)": ["/api/v1/network?session=78"],
    }


@dataclass
class Sample:
    ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    timeouts: int = 0


def timed(base: str, urls: list[str], clients: int, timeout: float) -> dict[str, Sample]:
    """`clients` threads sharing one queue of URLs; milliseconds and status per URL."""
    work: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        work.put(url)
    found: dict[str, Sample] = {}
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=timeout) as http:
            while True:
                try:
                    url = work.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                try:
                    status = http.get(url).status_code
                except httpx.TimeoutException:
                    status = -1
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    sample = found.setdefault(url, Sample())
                    sample.ms.append(elapsed)
                    sample.statuses.append(status)
                    sample.timeouts += status == -1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def merged(samples: dict[str, Sample], urls: list[str]) -> Sample:
    total = Sample()
    for url in dict.fromkeys(urls):
        if url in samples:
            total.ms += samples[url].ms
            total.statuses += samples[url].statuses
            total.timeouts += samples[url].timeouts
    return total


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


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
        for _ in range(600):
            try:
                httpx.get(f"{base}/static/app.css", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


class Report:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.worst: list[tuple[str, float, float, int, int]] = []

    def phase(self, title: str, groups: dict[str, list[str]], samples: dict[str, Sample]) -> None:
        table = Table(title=title, title_justify="left")
        for column in ("endpoint", "requests", "p50 ms", "p95 ms", "max ms", "not 200", "timeouts"):
            table.add_column(column, justify="left" if column == "endpoint" else "right")
        worst = (0.0, 0.0, 0, 0)
        for name, urls in groups.items():
            sample = merged(samples, urls)
            if not sample.ms:
                continue
            p95, top = quantile(sample.ms, 0.95), max(sample.ms)
            other = sorted({s for s in sample.statuses if s != 200})
            table.add_row(
                name,
                str(len(sample.ms)),
                f"{statistics.median(sample.ms):.0f}",
                f"{p95:.0f}",
                f"{top:.0f}",
                ", ".join(f"{s}×{sample.statuses.count(s)}" for s in other),
                str(sample.timeouts),
            )
            failed = sum(s not in (200, 202) for s in sample.statuses)
            worst = (
                max(worst[0], p95),
                max(worst[1], top),
                worst[2] + sample.timeouts,
                worst[3] + failed,
            )
        self.console.print(table)
        self.worst.append((title, *worst))

    def summary(self) -> None:
        table = Table(title="Against the targets (p95 <= 100 ms, max <= 1 s, no timeout)")
        for column in ("phase", "worst p95 ms", "worst max ms", "timeouts", "errors", "met"):
            table.add_column(column, justify="left" if column == "phase" else "right")
        for title, p95, top, timeouts, failed in self.worst:
            met = p95 <= P95_TARGET and top <= MAX_TARGET and not timeouts and not failed
            table.add_row(
                title,
                f"{p95:.0f}",
                f"{top:.0f}",
                str(timeouts),
                str(failed),
                "yes" if met else "no",
            )
        self.console.print(table)


def first_requests(base: str, groups: dict[str, list[str]], timeout: float) -> Table:
    """One client, the first request of each page type after the server started."""
    table = Table(title="First request after start, one client", title_justify="left")
    for column in ("page or endpoint", "URL", "ms", "status", "<= 300 ms"):
        table.add_column(
            column, justify="left" if column in ("page or endpoint", "URL") else "right"
        )
    with httpx.Client(base_url=base, timeout=timeout) as http:
        for name, urls in groups.items():
            start = time.perf_counter()
            status = http.get(urls[0]).status_code
            ms = (time.perf_counter() - start) * 1000
            table.add_row(
                name, urls[0][:48], f"{ms:.0f}", str(status), "yes" if ms <= FIRST_TARGET else "no"
            )
    return table


def sweep_urls(db: Path, limit: int) -> dict[str, list[str]]:
    """Many pages of each kind whose cost depends on the data: every series, and up to
    `limit` resolutions, states (with four comparisons) and recorded votes."""
    with open_store(db, read_only=True) as store:
        series = [
            str(r["series_id"]) for r in store.rows("SELECT series_id FROM series ORDER BY 1")
        ]
        symbols = [
            str(r["symbol"])
            for r in store.rows(
                "SELECT DISTINCT coalesce(resolution, draft) AS symbol FROM series_sessions "
                "WHERE coalesce(resolution, draft) IS NOT NULL ORDER BY 1 DESC LIMIT ?",
                [limit],
            )
        ]
        states = [
            str(r["state_code"])
            for r in store.rows(
                "SELECT DISTINCT state_code FROM positions ORDER BY 1 LIMIT ?", [limit]
            )
        ]
        votes = [
            f"{r['source_kind']}/{r['record_id']}"
            for r in store.rows(
                "SELECT source_kind, record_id FROM all_roll_calls "
                f"USING SAMPLE reservoir({int(limit)} ROWS) REPEATABLE (7) ORDER BY 1, 2"
            )
        ]
    return {
        "page /series/{id}": [f"/series/{s}" for s in series],
        # A text stored under a keyed id ("text:61/C.3/...") has no page and no link to one.
        "page /resolutions/{symbol}": [
            f"/resolutions/{page_path(s)}" for s in symbols if page_path(s)
        ],
        "page /states/{name}?with=4": [f"/states/{s}?with=USA,CHN,FRA,BRA" for s in states],
        "page /votes/{id}": [f"/votes/{v}" for v in votes],
    }


def sweep(base: str, groups: dict[str, list[str]], timeout: float) -> Table:
    """One client, the first request of every page listed (nothing computed them before)."""
    table = Table(title="First request of many pages of a kind, one client", title_justify="left")
    for column in ("page", "pages", "p50 ms", "max ms", "slowest", "> 300 ms", "not 200"):
        table.add_column(column, justify="left" if column in ("page", "slowest") else "right")
    with httpx.Client(base_url=base, timeout=timeout) as http:
        for name, urls in groups.items():
            timings, failed = [], 0
            for url in urls:
                start = time.perf_counter()
                failed += http.get(url).status_code != 200
                timings.append(((time.perf_counter() - start) * 1000, url))
            top, slowest = max(timings)
            table.add_row(
                name,
                str(len(urls)),
                f"{statistics.median(ms for ms, _ in timings):.0f}",
                f"{top:.0f}",
                slowest[:40],
                str(sum(ms > FIRST_TARGET for ms, _ in timings)),
                str(failed),
            )
    return table


def cold(base: str, groups: dict[str, list[str]], timeout: float, skip: int) -> dict[str, Sample]:
    """Per endpoint, 8 clients at once on URLs not computed yet (the first `skip` were)."""
    found: dict[str, Sample] = {}
    for urls in groups.values():
        fresh = urls[skip:] or urls
        asked = (fresh * CLIENTS)[: max(CLIENTS, len(fresh))]
        found.update(timed(base, asked, CLIENTS, timeout))
    return found


def warm(base: str, groups: dict[str, list[str]], count: int, timeout: float) -> dict[str, Sample]:
    every = [url for urls in groups.values() for url in urls]
    return timed(base, [every[i % len(every)] for i in range(count)], CLIENTS, timeout)


def during_ingest(
    base: str, db: Path, groups: dict[str, list[str]], timeout: float
) -> tuple[dict[str, Sample], float]:
    """Warm requests for as long as an ingest into the served database runs, until the
    writer swaps the new file in."""
    command = [UNGAWATCH, "ingest", str(INGESTED_WHILE_SERVING), "--db", str(db), "--json"]
    before = _identity(db)
    started = time.perf_counter()
    writer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = meanwhile(
        base, groups, timeout, lambda: writer.poll() is not None or _identity(db) != before
    )
    if writer.wait() != 0:
        raise SystemExit("the ingest run while serving failed")
    if _identity(db) == before:
        raise SystemExit("the ingest while serving changed nothing: the database was not new")
    return found, time.perf_counter() - started


def while_prepared(
    base: str, groups: dict[str, list[str]], timeout: float, old: str
) -> tuple[dict[str, Sample], float]:
    """Warm requests until the server answers with another ETag than `old`: the new
    version is prepared and served."""
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=timeout) as http:
        found = meanwhile(base, groups, timeout, lambda: _etag(http) != old)
    return found, time.perf_counter() - started


def meanwhile(
    base: str, groups: dict[str, list[str]], timeout: float, finished: Callable[[], bool]
) -> dict[str, Sample]:
    """Batches of warm requests until `finished()`. The batch that overlaps the end is left
    out: its requests may be the first on the new version, which a later phase measures."""
    every = [url for urls in groups.values() for url in urls]
    found: dict[str, Sample] = {}
    size = CLIENTS * 2
    while True:
        batch = timed(base, every[:size], CLIENTS, timeout)
        if finished():
            return found
        for url, sample in batch.items():
            mine = found.setdefault(url, Sample())
            mine.ms += sample.ms
            mine.statuses += sample.statuses
            mine.timeouts += sample.timeouts
        every = every[size:] + every[:size]


def _etag(http: httpx.Client) -> str:
    return http.get("/api/v1/status").headers["etag"]


def _identity(db: Path) -> tuple[int, int, int]:
    info = db.stat()
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def background_ready(base: str, url: str, timeout: float) -> float:
    """Seconds until a background analysis answers 200 (asked once a second)."""
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=timeout) as http:
        while http.get(url).status_code == 202:
            time.sleep(1)
    return time.perf_counter() - started


def run(db: Path, requests: int, timeout: float, console: Console, quick: bool) -> None:
    groups = endpoint_urls(db)
    # The clients' own pauses would be timed as the server's: a full collection in this
    # process took up to 134 ms, holding up every request in flight. What it has loaded
    # (httpx, rich, the store's modules) is put out of the collector's sight, as the server
    # does with its own.
    gc.freeze()
    report = Report(console)
    with server(db) as base:
        console.print(first_requests(base, groups, timeout))
        if quick:
            report.phase("cold, 8 clients", groups, cold(base, groups, timeout, 1))
        else:
            phases(base, db, groups, requests, timeout, report)
    if not quick:
        report.summary()
    with server(db) as base:
        console.print(sweep(base, sweep_urls(db, SWEEP), timeout))


def phases(
    base: str,
    db: Path,
    groups: dict[str, list[str]],
    requests: int,
    timeout: float,
    report: Report,
) -> None:
    """Cold, warm, during an ingest, cold and warm after it (8 clients)."""
    report.phase(
        "cold: first requests after start, 8 clients", groups, cold(base, groups, timeout, 1)
    )
    report.phase("warm, 8 clients", groups, warm(base, groups, requests, timeout))
    with httpx.Client(base_url=base, timeout=timeout) as http:
        old = _etag(http)
    samples, seconds = during_ingest(base, db, groups, timeout)
    report.phase(f"during an ingest ({seconds:.1f} s), 8 clients", groups, samples)
    samples, seconds = while_prepared(base, groups, timeout, old)
    report.phase(
        f"while the new version is prepared ({seconds:.1f} s, old version served), 8 clients",
        groups,
        samples,
    )
    report.phase(
        "cold: first requests on the new version, 8 clients",
        groups,
        cold(base, groups, timeout, 0),
    )
    report.phase("warm after the ingest, 8 clients", groups, warm(base, groups, requests, timeout))
    ready = background_ready(base, "/api/v1/network?session=78", timeout)
    report.console.print(
        f"background: the session-78 network was ready {ready:.1f} s after the last check"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="shared captures folder")
    parser.add_argument("--requests", type=int, default=1600, help="warm requests per phase")
    parser.add_argument("--timeout", type=float, default=30.0, help="client timeout, seconds")
    parser.add_argument("--db", type=Path, help="an existing database to copy (default: build one)")
    parser.add_argument("--quick", action="store_true", help="first requests and cold only")
    options = parser.parse_args()
    console = Console(width=120)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        if options.db:
            shutil.copyfile(options.db, db)
            seconds, refused = 0.0, 0
        else:
            seconds, refused = build_database(options.data, db)
        size = db.stat().st_size / 2**20
        console.print(
            f"database: {len(captures(options.data))} shared captures ({refused} catalogue "
            f"excerpts refused), {size:.0f} MiB, built in {seconds:.0f} s"
        )
        console.print(
            f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
            "clients and server share them"
        )
        run(db, options.requests, options.timeout, console, options.quick)


if __name__ == "__main__":
    main()
