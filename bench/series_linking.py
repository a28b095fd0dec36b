"""Benchmark: how well series linking finds the true links between sessions' texts.

Loads every input the shared data offers for series (the session-78 Third Committee MARCXML
capture and the UN document texts in undocs/, provenance headers stripped) into a temporary
database, builds the series with and without the manual overrides, and scores the
cross-session links against the hand-checked list in tests/fixtures/series_truth.csv.

    python bench/series_linking.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ungawatch.ingest import ingest_paths
from ungawatch.positions.series import Series, build_series, score_links
from ungawatch.sources.doctext import strip_provenance_header
from ungawatch.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
TRUTH = REPO / "tests" / "fixtures" / "series_truth.csv"
DEFAULT_DATA = Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data")


def load(store: Store, data: Path, folder: Path) -> list[Path]:
    """Ingest the capture and every undocs text (header stripped); return the texts used."""
    texts = []
    for source in sorted((data / "undocs").glob("*.txt")):
        if source.name == "INDEX.md":
            continue
        body = folder / source.name
        body.write_text(strip_provenance_header(source.read_text("utf-8")), "utf-8")
        texts.append(body)
    ingest_paths(store, [data / "undl" / "session78_committee3_drafts.xml", *texts])
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    with TRUTH.open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    console = Console()
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "b.duckdb") as store:
        load(store, args.data, Path(folder))
        table = Table(title="Series linking against tests/fixtures/series_truth.csv")
        for column in ("linking", "series", "links found", "true links", "correct"):
            table.add_column(column)
        for column in ("precision", "recall", "build ms"):
            table.add_column(column, justify="right")
        for label, overrides in (("automatic (title, citation)", []), ("with overrides", None)):
            started = time.perf_counter()
            found = build_series(store, overrides=overrides)
            elapsed = (time.perf_counter() - started) * 1000
            score = score_links(found, truth)
            table.add_row(
                label,
                str(len(found)),
                str(score.predicted),
                str(score.true),
                str(score.correct),
                f"{score.precision:.2f}",
                f"{score.recall:.2f}",
                f"{elapsed:.0f}",
            )
        console.print(table)
        console.print(_multi_session(build_series(store)))


def _multi_session(found: list[Series]) -> Table:
    table = Table(title="Series with more than one session (with overrides)")
    for column in ("id", "sessions", "linked by"):
        table.add_column(column)
    for series in found:
        if len(series.sessions) > 1:
            how = ", ".join(f"{t.session}: {t.linked_by}" for t in series.texts)
            table.add_row(series.id, ", ".join(map(str, series.sessions)), how)
    return table


if __name__ == "__main__":
    main()
