"""Benchmark: vote ingest and analytics against the tools researchers use, in one run.

Each case runs in a fresh process, so its peak-memory column is its own. Baselines:

- ingest: a straightforward pandas load (read_csv with Namibia kept, resolve each distinct
  name through the same registry, fix the seats by date, write to DuckDB);
- agreement: a straightforward pandas pairwise self-merge per session;
- ideal points: R's `pscl::ideal` (MCMC, its default chain) on the very same Yes/No matrix,
  when R and pscl are installed (Debian: r-base-core r-cran-pscl); the correlation of the
  two estimates is printed.

    python bench/analytics.py [--data ../shared/data/unvotes] [--from 60 --to 74]
"""

from __future__ import annotations

import argparse
import shutil
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

from isolated import in_fresh_process
from ungawatch.analysis.agreement import agreement_matrices, agreement_matrix
from ungawatch.analysis.idealpoints import fit, vote_matrix
from ungawatch.ingest import ingest_paths
from ungawatch.sources.votes_csv import seat_codes
from ungawatch.store import open_store

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "unvotes"
R_SCRIPT = """
suppressMessages(library(pscl))
m <- as.matrix(read.csv(commandArgs(TRUE)[1], row.names = 1, check.names = FALSE))
rc <- rollcall(m, yea = 1, nay = 0, missing = NA, notInLegis = NULL,
               legis.names = rownames(m), desc = "UNGA")
set.seed(1)
elapsed <- system.time(fit <- ideal(rc, d = 1, normalize = TRUE, store.item = FALSE,
                                    verbose = FALSE))[["elapsed"]]
write.csv(data.frame(state = rownames(fit$xbar), x = fit$xbar[, 1]), commandArgs(TRUE)[2],
          row.names = FALSE)
cat(elapsed, "\\n")
"""


def ours_ingest(data: Path, db: Path) -> dict[str, Any]:
    with open_store(db) as store:
        start = time.perf_counter()
        report = ingest_paths(store, [data / "un_votes.csv.gz"])
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": report.votes}


def pandas_ingest(data: Path, db: Path) -> dict[str, Any]:
    start = time.perf_counter()
    votes = pd.read_csv(data / "un_votes.csv.gz", keep_default_na=False, na_values=[])
    calls = pd.read_csv(data / "un_roll_calls.csv.gz", keep_default_na=False, na_values=[])
    pd.read_csv(data / "un_roll_call_issues.csv.gz", keep_default_na=False, na_values=[])
    merged = votes.merge(calls[["rcid", "date"]], on="rcid")
    merged["date"] = pd.to_datetime(merged["date"])
    pairs = merged[["country", "country_code"]].drop_duplicates().itertuples(index=False, name=None)
    seats, _ = seat_codes(pairs)
    table = pd.DataFrame(
        {
            "country": [seat.name for seat in seats],
            "country_code": [seat.code for seat in seats],
            "valid_from": pd.to_datetime([seat.valid_from for seat in seats]),
            "valid_until": pd.to_datetime([seat.valid_until for seat in seats]),
            "state_code": [seat.state_code for seat in seats],
        }
    )
    merged = merged.merge(table, on=["country", "country_code"])
    merged = merged[
        (merged["date"] >= merged["valid_from"]) & (merged["date"] < merged["valid_until"])
    ]
    merged["vote"] = merged["vote"].map({"yes": "Y", "no": "N", "abstain": "A"})
    with open_store(db) as store:
        store.insert_frame(
            "roll_call_votes",
            merged.assign(
                source_kind="unvotes",
                record_id=merged["rcid"].astype(str),
                printed_name=merged["country"],
                printed_code=merged["country_code"],
            )[["source_kind", "record_id", "state_code", "vote", "printed_name", "printed_code"]],
        )
    return {"seconds": time.perf_counter() - start, "rows": len(merged)}


def ours_agreement(db: Path, session: int | None) -> dict[str, Any]:
    with open_store(db, read_only=True) as store:
        start = time.perf_counter()
        if session is None:
            count = len(agreement_matrices(store))
        else:
            count = len(agreement_matrix(store, session))
        return {"seconds": time.perf_counter() - start, "rows": count}


def pandas_agreement(db: Path, session: int | None) -> dict[str, Any]:
    """The textbook way: self-merge the votes of each session on the roll call, group pairs."""
    start = time.perf_counter()
    with open_store(db, read_only=True) as store:
        frame = store.frame(
            "SELECT r.session, v.record_id, v.state_code, v.vote FROM roll_call_votes v "
            "JOIN roll_calls r USING (source_kind, record_id)"
            + ("" if session is None else f" WHERE r.session = {int(session)}")
        )
    # Yes 1, abstain 0.5, No 0: 1 - |a - b| is 1 for identical votes, 0.5 for an abstention
    # against a Yes or No and 0 for Yes against No, the "half" convention.
    frame["x"] = frame["vote"].map({"Y": 1.0, "A": 0.5, "N": 0.0})
    frame = frame.dropna(subset=["x"])
    results = 0
    for _, group in frame.groupby("session"):
        pairs = group.merge(group, on="record_id", suffixes=("_a", "_b"))
        pairs["score"] = 1.0 - (pairs["x_a"] - pairs["x_b"]).abs()
        table = pairs.groupby(["state_code_a", "state_code_b"])["score"].mean().unstack()
        results += 1 if len(table) else 0
    return {"seconds": time.perf_counter() - start, "rows": results}


def ours_idealpoints(db: Path, first: int, last: int, out: Path) -> dict[str, Any]:
    with open_store(db, read_only=True) as store:
        start = time.perf_counter()
        matrix = vote_matrix(store, first, last)
        points, _ = fit(matrix.values)
        seconds = time.perf_counter() - start
    frame = pd.DataFrame(matrix.values, index=list(matrix.states))
    frame.to_csv(out / "matrix.csv")
    pd.DataFrame({"state": matrix.states, "x": points[:, 0]}).to_csv(out / "ours.csv", index=False)
    return {"seconds": seconds, "rows": len(matrix.states), "items": matrix.values.shape[1]}


def pscl_idealpoints(out: Path) -> dict[str, Any]:
    script = out / "ideal.R"
    script.write_text(R_SCRIPT, "utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        ["Rscript", str(script), str(out / "matrix.csv"), str(out / "pscl.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    ours = pd.read_csv(out / "ours.csv").set_index("state")["x"]
    theirs = pd.read_csv(out / "pscl.csv").set_index("state")["x"]
    joined = pd.concat([ours, theirs], axis=1, join="inner")
    correlation = float(np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1])
    return {
        "seconds": wall,
        "r_ideal_seconds": float(result.stdout.split()[-1]),
        "correlation": correlation,
    }


def measured(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run one case in a fresh process; its result with that process's peak memory."""
    run = in_fresh_process(function, *args)
    return {**run.result, "peak_mb": run.peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--from", dest="first", type=int, default=60)
    parser.add_argument("--to", dest="last", type=int, default=74)
    parser.add_argument("--session", type=int, default=74)
    options = parser.parse_args()
    console = Console(width=170)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows = _run_cases(options, work, console)
    table = Table(title=f"ungawatch vote analytics, {date.today()} on this machine")
    for column in (
        "case",
        "ungawatch s",
        "baseline s",
        "speed-up",
        "ungawatch peak MB",
        "baseline peak MB",
        "notes",
    ):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _run_cases(options: argparse.Namespace, work: Path, console: Console) -> list[list[str]]:
    db = work / "ours.duckdb"
    ingest = measured(ours_ingest, options.data, db)
    base = measured(pandas_ingest, options.data, work / "pandas.duckdb")
    rows = [_row(f"ingest {ingest['rows']:,} votes", ingest, base, f"pandas rows {base['rows']:,}")]
    for label, session in (
        (f"agreement matrix, session {options.session}", options.session),
        ("agreement matrices, all sessions", None),
    ):
        ours = measured(ours_agreement, db, session)
        base = measured(pandas_agreement, db, session)
        unit = "sessions" if session is None else "states"
        rows.append(_row(label, ours, base, f"{ours['rows']} {unit}"))
    ideal = measured(ours_idealpoints, db, options.first, options.last, work)
    label = f"ideal points, sessions {options.first}-{options.last}"
    shape = f"{ideal['rows']} states x {ideal['items']} roll calls"
    if shutil.which("Rscript") is None:
        rows.append(_row(label, ideal, None, f"{shape}; pscl baseline skipped: Rscript not found"))
    else:
        try:
            pscl = pscl_idealpoints(work)
        except subprocess.CalledProcessError as error:
            rows.append(_row(label, ideal, None, f"pscl baseline failed: {error.stderr.strip()}"))
        else:
            pscl["peak_mb"] = float("nan")
            note = (
                f"{shape}; r = {pscl['correlation']:.4f} with pscl::ideal "
                f"(ideal() alone {pscl['r_ideal_seconds']:.1f} s)"
            )
            rows.append(_row(label, ideal, pscl, note))
    return rows


def _row(label: str, ours: dict[str, Any], base: dict[str, Any] | None, note: str) -> list[str]:
    if base is None:
        return [label, f"{ours['seconds']:.2f}", "-", "-", f"{ours['peak_mb']:.0f}", "-", note]
    peak = "-" if base["peak_mb"] != base["peak_mb"] else f"{base['peak_mb']:.0f}"
    return [
        label,
        f"{ours['seconds']:.2f}",
        f"{base['seconds']:.2f}",
        f"{base['seconds'] / ours['seconds']:.1f}x",
        f"{ours['peak_mb']:.0f}",
        peak,
        note,
    ]


if __name__ == "__main__":
    main()
