"""Benchmark: MARCXML parsing and end-to-end ingest, against plain lxml iterparse as the floor.

The real session-78 capture's records are repeated, each copy under new record ids (001), until
the input reaches each size asked for, and written to a temporary file. Three cases run in a
fresh process each, three times, so time and peak memory are each case's own:

- lxml iterparse (floor): iterate the records and free them, reading nothing;
- parse: `parse_marcxml`, every record read into an `UndlRecord`;
- end to end: `ingest_paths` into a new database file (parse, resolve, store, one transaction).

The cases take turns (floor, parse, end to end; three times). The table gives the median of
the three runs and the largest peak; "× floor" is the median time over the floor's median in
the same run, and the same for CPU time (user + system, all threads), which other work on a
shared machine disturbs less than wall time. Targets (issue 10): end to end within 4× the
floor, peak memory at most 250 MB for both sizes.

    python bench/ingest_marcxml.py [--sizes 50 100] [--runs 3] [--capture PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from rich.console import Console
from rich.table import Table

from isolated import Measured, in_fresh_process
from ungawatch.sources.undl import MARC_NS, parse_marcxml

DEFAULT_CAPTURE = Path(__file__).resolve().parents[2] / "shared" / "data"
_CONTROL_NUMBER = re.compile(rb'(<(?:\w+:)?controlfield tag="001">)(\d+)')


def build_input(capture: Path, megabytes: float, target: Path) -> tuple[int, int]:
    """Repeat the capture's records inside one collection until the file is large enough;
    each copy's records get new control numbers, as distinct records of a large export."""
    text = capture.read_bytes()
    start = text.index(b"<collection")
    body_start = text.index(b">", start) + 1
    body_end = text.rindex(b"</collection>")
    head, body = text[:body_start], text[body_start:body_end]
    copies = max(1, int(megabytes * 1024 * 1024 // len(body)) + 1)
    with target.open("wb") as out:
        out.write(head)
        for copy in range(copies):
            out.write(_CONTROL_NUMBER.sub(_renumber(copy * 10_000_000), body))
        out.write(b"</collection>\n")
    return copies * len(re.findall(rb"<(?:\w+:)?record[\s>]", body)), target.stat().st_size


def _renumber(offset: int) -> Callable[[re.Match[bytes]], bytes]:
    return lambda match: match[1] + str(offset + int(match[2])).encode()


def floor(path: str) -> int:
    """Plain lxml: iterate the records and free them, reading nothing."""
    count = 0
    for _, element in etree.iterparse(path, events=("end",), tag=f"{{{MARC_NS}}}record"):
        count += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def parse(path: str) -> int:
    return sum(1 for _ in parse_marcxml(path))


def end_to_end(path: str) -> int:
    from ungawatch.ingest import ingest_paths
    from ungawatch.store import open_store

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "b.duckdb") as store:
        report = ingest_paths(store, [Path(path)])
        assert report.clean, report.files_rejected or report.rejected[:3]
        return report.inserted


CASES: dict[str, Callable[[str], int]] = {
    "lxml iterparse (floor)": floor,
    "parse_marcxml": parse,
    "end to end (ingest_paths)": end_to_end,
}


def measure(path: Path, runs: int) -> dict[str, tuple[int, float, float, float]]:
    """Per case: records, median wall seconds, median CPU seconds and largest peak RSS (MB)
    over `runs` fresh processes. The cases take turns, run after run, so that other work on
    the machine weighs on the floor and on the cases compared with it alike."""
    results: dict[str, list[Measured]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, case in CASES.items():
            results[name].append(in_fresh_process(case, str(path)))
    return {
        name: (
            found[0].result,
            statistics.median(r.seconds for r in found),
            statistics.median(r.cpu_seconds for r in found),
            max(r.peak_mb for r in found),
        )
        for name, found in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[50.0, 100.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--capture",
        type=Path,
        default=Path(os.environ.get("UNGAWATCH_TESTDATA", DEFAULT_CAPTURE))
        / "undl"
        / "session78_committee3_drafts.xml",
    )
    args = parser.parse_args()
    console = Console(width=140)
    table = Table(title=f"MARCXML ingest, median of {args.runs} runs (peak: largest)")
    columns = (
        "input",
        "case",
        "records",
        "time (s)",
        "records/s",
        "× floor",
        "CPU (s)",
        "CPU × floor",
        "peak (MB)",
    )
    for column in columns:
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.sizes:
            path = Path(folder) / f"input-{megabytes:g}.xml"
            _, size = build_input(args.capture, megabytes, path)
            measured = measure(path, args.runs)
            _, floor_time, floor_cpu, _ = measured["lxml iterparse (floor)"]
            for name, (records, seconds, cpu, peak) in measured.items():
                table.add_row(
                    f"{size / 1e6:.1f} MB",
                    name,
                    f"{records:,}",
                    f"{seconds:.2f}",
                    f"{records / seconds:,.0f}",
                    f"{seconds / floor_time:.1f}",
                    f"{cpu:.2f}",
                    f"{cpu / floor_cpu:.1f}",
                    f"{peak:.0f}",
                )
            path.unlink()
    console.print(table)
    console.print(
        "Targets: end to end within 4× the floor's time; peak memory at most 250 MB for every "
        "size (flat: it does not grow with the input)."
    )


if __name__ == "__main__":
    main()
