"""Benchmark: parsing UN Digital Library MARCXML, against plain lxml iterparse as the floor.

The real session-78 capture is repeated until the input is at least --megabytes large and
written to a temporary file; each case runs in a fresh process that streams the file, so the
peak memory column is that case's own (flat memory means it does not grow with the input).

    python bench/ingest_marcxml.py [--megabytes 50] [--capture PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from rich.console import Console
from rich.table import Table

from isolated import in_fresh_process
from ungawatch.sources.undl import MARC_NS, parse_marcxml

DEFAULT_CAPTURE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "undl"
    / "session78_committee3_drafts.xml"
)


def build_input(capture: Path, megabytes: float, target: Path) -> tuple[int, int]:
    """Repeat the capture's records inside one collection until the file is large enough."""
    text = capture.read_bytes()
    start = text.index(b"<collection")
    body_start = text.index(b">", start) + 1
    body_end = text.rindex(b"</collection>")
    head, body = text[:body_start], text[body_start:body_end]
    copies = max(1, int(megabytes * 1024 * 1024 // len(body)) + 1)
    with target.open("wb") as out:
        out.write(head)
        for _ in range(copies):
            out.write(body)
        out.write(b"</collection>\n")
    return copies * len(re.findall(rb"<(?:\w+:)?record[\s>]", body)), target.stat().st_size


def floor(path: str) -> int:
    """Plain lxml: iterate the records and free them, reading nothing."""
    count = 0
    for _, element in etree.iterparse(path, events=("end",), tag=f"{{{MARC_NS}}}record"):
        count += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def ungawatch_parse(path: str) -> int:
    return sum(1 for _ in parse_marcxml(path))


CASES: dict[str, Callable[[str], int]] = {
    "lxml iterparse (floor)": floor,
    "ungawatch parse_marcxml": ungawatch_parse,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=50.0)
    parser.add_argument(
        "--capture",
        type=Path,
        default=Path(os.environ.get("UNGAWATCH_TESTDATA", DEFAULT_CAPTURE.parents[1]))
        / "undl"
        / "session78_committee3_drafts.xml",
    )
    args = parser.parse_args()
    console = Console(width=120)
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in (args.megabytes / 10, args.megabytes):
            path = Path(folder) / f"input-{megabytes:g}.xml"
            expected, size = build_input(args.capture, megabytes, path)
            table = Table(title=f"MARCXML parsing, {size / 1e6:.1f} MB, {expected:,} records")
            for column in (
                "case",
                "records",
                "time (s)",
                "records/s",
                "MB/s",
                "peak RSS (MB)",
                "share of floor speed",
            ):
                table.add_column(column, justify="right")
            results = {name: in_fresh_process(case, str(path)) for name, case in CASES.items()}
            floor_time = results["lxml iterparse (floor)"].seconds
            for name, run in results.items():
                records, elapsed, peak = run.result, run.seconds, run.peak_mb
                table.add_row(
                    name,
                    f"{records:,}",
                    f"{elapsed:.2f}",
                    f"{records / elapsed:,.0f}",
                    f"{size / 1e6 / elapsed:.1f}",
                    f"{peak:.0f}",
                    f"{floor_time / elapsed:.0%}",
                )
            console.print(table)
    console.print(
        "Target: parse_marcxml at >= 50% of the floor's speed, peak memory flat "
        "between the two input sizes."
    )


if __name__ == "__main__":
    main()
