"""Benchmark: vote ingest and analytics against the tools researchers use, in one run.

Every case runs three times, each in a fresh process (so its peak memory is its own); the
table shows the median time and the median run's peak memory. Both sides of a comparison
start from the same point and do the same work (ingest: open a new database file, migrate,
load the three `unvotes` tables, resolve seats by date, write; agreement: read the votes
from the database file and build every pair's matrix), and their results are compared in
the same run: the stored votes' digest for ingest, the largest difference between matrices
for agreement, the correlation for ideal points.

Cases: vote ingest (ungawatch vs pandas vs DuckDB SQL), the agreement matrix of one session
and of every session (ungawatch vs pandas vs DuckDB SQL), static ideal points against R's
`pscl::ideal` when R is installed, the dynamic ideal points of sessions 1-74 against Bailey,
Strezhnev and Voeten's published estimates (used to measure, never to fit), and how closely
the "identical" agreement reproduces that file's `USAgree` column.

    python bench/analytics.py [--data $UNGAWATCH_TESTDATA] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from isolated import Measured, in_fresh_process
from ungawatch.analysis.agreement import agreement_matrices, agreement_matrix
from ungawatch.analysis.dynamic import dynamic_ideal_points
from ungawatch.analysis.idealpoints import fit, vote_matrix
from ungawatch.analysis.reference import correlate, read_bsv
from ungawatch.ingest import ingest_paths
from ungawatch.store import open_store
from vote_baselines import (
    duckdb_agreement,
    duckdb_ingest,
    largest_difference,
    pandas_agreement,
    pandas_ingest,
    quiet,
    vote_digest,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data")
BSV_FILE = "bsv/IdealpointestimatesAll_Jun2024.csv.gz"
R_SCRIPT = """
suppressMessages(library(pscl))
m <- as.matrix(read.csv(commandArgs(TRUE)[1], row.names = 1, check.names = FALSE))
rc <- rollcall(m, yea = 1, nay = 0, missing = NA, notInLegis = NULL,
               legis.names = rownames(m), desc = "UNGA")
set.seed(1)
fit <- ideal(rc, d = 1, normalize = TRUE, store.item = FALSE, verbose = FALSE)
write.csv(data.frame(state = rownames(fit$xbar), x = fit$xbar[, 1]), commandArgs(TRUE)[2],
          row.names = FALSE)
"""


# --- the ungawatch side of each case (module level: the child process re-imports them) ---


def ours_ingest(data: Path, db: Path) -> int:
    db.unlink(missing_ok=True)
    with open_store(db) as store:
        return ingest_paths(quiet(store), [data / "unvotes" / "un_votes.csv.gz"]).votes


def pandas_case(data: Path, db: Path) -> int:
    db.unlink(missing_ok=True)
    return pandas_ingest(data / "unvotes", db)


def duckdb_case(data: Path, db: Path) -> int:
    db.unlink(missing_ok=True)
    return duckdb_ingest(data / "unvotes", db)


def ours_agreement(db: Path, session: int | None) -> dict[int, pd.DataFrame]:
    with open_store(db, read_only=True) as opened:
        store = quiet(opened)
        if session is None:
            return agreement_matrices(store)
        return {session: agreement_matrix(store, session)}


def ours_static(db: Path, first: int, last: int) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    with open_store(db, read_only=True) as store:
        matrix = vote_matrix(quiet(store), first, last)
    points, _ = fit(matrix.values)
    return matrix.states, matrix.values, points[:, 0]


def ours_dynamic(db: Path, first: int, last: int) -> pd.DataFrame:
    with open_store(db, read_only=True) as store:
        return dynamic_ideal_points(quiet(store), start=first, end=last)


# --- running and reporting ---


def measured(runs: int, function: Callable[..., Any], *args: Any) -> Measured:
    """`runs` fresh-process runs: the median run (by time), whose result and peak are kept."""
    done = sorted((in_fresh_process(function, *args) for _ in range(runs)), key=lambda m: m.seconds)
    middle = done[len(done) // 2]
    return Measured(
        middle.result,
        statistics.median(m.seconds for m in done),
        middle.peak_mb,
        statistics.median(m.cpu_seconds for m in done),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--session", type=int, default=74)
    parser.add_argument("--static-from", type=int, default=60)
    parser.add_argument("--static-to", type=int, default=74)
    parser.add_argument("--dynamic-from", type=int, default=1)
    parser.add_argument("--dynamic-to", type=int, default=74)
    options = parser.parse_args()
    console = Console(width=200)
    with tempfile.TemporaryDirectory() as folder:
        rows = _cases(options, Path(folder), console)
    table = Table(
        title=f"ungawatch vote analytics, {date.today()}, median of {options.runs} runs each",
        title_justify="left",
    )
    for column in ("case", "ungawatch", "baseline", "speed-up", "peak MB (ours / base)", "check"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _cases(options: argparse.Namespace, work: Path, console: Console) -> list[list[str]]:
    runs, data = options.runs, options.data
    db = work / "ours.duckdb"
    rows: list[list[str]] = []
    ours = measured(runs, ours_ingest, data, db)
    ours_digest = vote_digest(db)
    for name, case in (("pandas", pandas_case), ("DuckDB SQL", duckdb_case)):
        base_db = work / f"{name.split()[0].lower()}.duckdb"
        base = measured(runs, case, data, base_db)
        same = "same votes" if vote_digest(base_db) == ours_digest else "VOTES DIFFER"
        rows.append(_row(f"ingest {ours.result:,} votes vs {name}", ours, base, same))
    console.print("ingest done", style="dim")
    for label, session in ((f"agreement, session {options.session}", options.session),
                           ("agreement, every session", None)):  # fmt: skip
        ours = measured(runs, ours_agreement, db, session)
        for name, case in (("pandas", pandas_agreement), ("DuckDB SQL", duckdb_agreement)):
            base = measured(runs, case, db, session)
            gap = largest_difference(ours.result, base.result)
            check = f"{len(ours.result)} matrices, max |diff| {gap:.1e}"
            rows.append(_row(f"{label} vs {name}", ours, base, check))
    console.print("agreement done", style="dim")
    rows.append(_static(options, db, work))
    rows.append(_dynamic(options, db))
    rows.append(_usagree(data, db))
    return rows


def _static(options: argparse.Namespace, db: Path, work: Path) -> list[str]:
    first, last = options.static_from, options.static_to
    ours = measured(options.runs, ours_static, db, first, last)
    states, values, points = ours.result
    label = f"static ideal points, sessions {first}-{last}"
    shape = f"{len(states)} states x {values.shape[1]} roll calls"
    if shutil.which("Rscript") is None:
        return _row(label, ours, None, f"{shape}; pscl::ideal skipped: Rscript not found")
    pd.DataFrame(values, index=list(states)).to_csv(work / "matrix.csv")
    (work / "ideal.R").write_text(R_SCRIPT, "utf-8")
    started = time.perf_counter()
    try:
        subprocess.run(
            ["Rscript", str(work / "ideal.R"), str(work / "matrix.csv"), str(work / "pscl.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        return _row(label, ours, None, f"pscl::ideal failed: {error.stderr.strip()[:80]}")
    seconds = time.perf_counter() - started
    theirs = pd.read_csv(work / "pscl.csv").set_index("state")["x"]
    r = float(np.corrcoef(pd.Series(points, index=list(states))[theirs.index], theirs)[0, 1])
    base = Measured(None, seconds, float("nan"))
    return _row(label, ours, base, f"{shape}; r = {abs(r):.4f} with pscl::ideal")


def _dynamic(options: argparse.Namespace, db: Path) -> list[str]:
    first, last = options.dynamic_from, options.dynamic_to
    ours = measured(options.runs, ours_dynamic, db, first, last)
    frame = ours.result
    label = f"dynamic ideal points, sessions {first}-{last}"
    reference = options.data / BSV_FILE
    if not reference.exists():
        return _row(label, ours, None, f"BSV file not found under {options.data}")
    found = correlate(frame, read_bsv(reference))
    check = (
        f"{frame.attrs['roll_calls']} roll calls, {frame.attrs['iterations']} iterations; vs "
        f"BSV IdealPointAll ({found.pairs} state-sessions): overall r = {found.overall:.4f}, "
        f"per session median {found.median:.4f}, worst {found.worst:.4f} "
        f"(session {found.worst_session})"
    )
    return _row(label, ours, None, check)


def _usagree(data: Path, db: Path) -> list[str]:
    """How closely the "identical" convention reproduces BSV's USAgree (not timed)."""
    reference_file = data / BSV_FILE
    if not reference_file.exists():
        return ["USAgree reproduced", "-", "-", "-", "-", "BSV file not found"]
    reference = read_bsv(reference_file)
    with open_store(db, read_only=True) as store:
        grids = agreement_matrices(store, abstain="identical")
        counts = store.frame(
            "SELECT session, state_code, count(*) AS cast FROM roll_call_votes "
            "JOIN roll_calls USING (source_kind, record_id) WHERE vote IN ('Y', 'N', 'A') "
            "GROUP BY ALL"
        )
    ours = pd.DataFrame(
        [
            {"session": session, "state_code": code, "ours": value}
            for session, grid in grids.items()
            if "USA" in grid.index
            for code, value in grid.loc["USA"].dropna().items()
        ]
    )
    joined = ours.merge(reference, on=["session", "state_code"]).dropna(subset=["USAgree"])
    joined = joined.merge(counts, on=["session", "state_code"])
    gap = (joined["ours"] - joined["USAgree"]).abs()
    same_votes = joined["cast"] == joined["NVotesAll"]
    check = (
        f"{len(joined)} state-sessions: {(gap < 1e-6).mean():.1%} identical, "
        f"{(gap < 0.01).mean():.1%} within 0.01, r = "
        f"{np.corrcoef(joined['ours'], joined['USAgree'])[0, 1]:.4f}; where both files count "
        f"the state's votes alike ({same_votes.sum()}): {(gap[same_votes] < 1e-6).mean():.1%} "
        "identical (BSV's votes are a later release than unvotes 2021)"
    )
    return ["USAgree (--abstain identical)", "-", "-", "-", "-", check]


def _time(run: Measured) -> str:
    """Wall time, and the CPU time of all the run's threads (the machine may be shared)."""
    cpu = "" if run.cpu_seconds != run.cpu_seconds else f" ({run.cpu_seconds:.2f} cpu)"
    return f"{run.seconds:.2f} s{cpu}"


def _row(label: str, ours: Measured, base: Measured | None, check: str) -> list[str]:
    if base is None:
        return [label, _time(ours), "-", "-", f"{ours.peak_mb:.0f} / -", check]
    peak = "-" if base.peak_mb != base.peak_mb else f"{base.peak_mb:.0f}"
    return [
        label,
        _time(ours),
        _time(base),
        f"{base.seconds / ours.seconds:.1f}x",
        f"{ours.peak_mb:.0f} / {peak}",
        check,
    ]


if __name__ == "__main__":
    main()
