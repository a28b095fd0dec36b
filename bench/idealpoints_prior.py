"""How the dynamic model's two prior variances were chosen: held-out vote prediction.

One vote in twenty is held out (one split per seed, the same votes on every run); the model
is fitted on the rest for each (random-walk variance per session, variance of a state's point
within a session) on a small grid, and scored by the mean log probability it gives the
held-out votes (higher is better) and the share it predicts right. The published estimates
of Bailey, Strezhnev and Voeten play no part here.

    python bench/idealpoints_prior.py [--data $UNGAWATCH_TESTDATA] [--from 1 --to 74]
        [--seed 11 12 13] [--delta 0.03 0.1] [--variance 1 4]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.special import log_ndtr

from ungawatch.analysis.dynamic import DynamicFit, Settings, VoteData, fit, vote_data
from ungawatch.analysis.scope import recorded_votes, scope_of
from ungawatch.ingest import ingest_paths
from ungawatch.store import open_store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("UNGAWATCH_TESTDATA") or REPO.parent / "shared" / "data")
DELTAS = (0.03, 0.1, 0.3)
SESSION_VARIANCES = (0.25, 1.0, 4.0)


def split(data: VoteData, share: float, seed: int) -> tuple[VoteData, np.ndarray]:
    """The training votes, and the mask of the held-out ones."""
    held = np.random.default_rng(seed).random(len(data.vote)) < share
    train = replace(
        data,
        chain=data.chain[~held],
        item=data.item[~held],
        vote=data.vote[~held],
        session=data.session[~held],
    )
    return train, held


def score(
    fitted: DynamicFit, data: VoteData, held: np.ndarray, train: VoteData
) -> tuple[float, float, int]:
    """Mean log probability and share predicted right of the held-out votes the model can
    score (an abstention on a roll call with none in training has no category and is skipped)."""
    chain, item, vote = data.chain[held], data.item[held], data.vote[held]
    ordinal = np.zeros(len(data.item_session), dtype=bool)
    ordinal[train.item[train.vote == 1]] = True
    usable = ordinal[item] | (vote != 1)
    chain, item, vote = chain[usable], item[usable], vote[usable]
    mean = fitted.alpha[item] + fitted.beta[item] * fitted.mean[chain, data.session[held][usable]]
    sd = np.sqrt(fitted.psi[item])
    log_no = log_ndtr(-mean / sd)
    upper = np.where(ordinal[item], 1.0, 0.0)
    log_yes = log_ndtr((mean - upper) / sd)
    abstain = np.clip(1.0 - np.exp(log_no) - np.exp(log_yes), 1e-300, 1.0)
    log_p = np.where(vote == 0, log_no, np.where(vote == 2, log_yes, np.log(abstain)))
    predicted = np.argmax(np.stack([log_no, np.log(abstain), log_yes]), axis=0)
    return float(log_p.mean()), float((predicted == vote).mean()), int(usable.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--from", dest="first", type=int, default=1)
    parser.add_argument("--to", dest="last", type=int, default=74)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument(
        "--seed", type=int, nargs="+", default=[11], help="one held-out split per seed"
    )
    parser.add_argument("--delta", type=float, nargs="+", default=list(DELTAS))
    parser.add_argument("--variance", type=float, nargs="+", default=list(SESSION_VARIANCES))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "v.duckdb") as store:
        ingest_paths(store, [options.data / "unvotes" / "un_votes.csv.gz"])
        frame = recorded_votes(store, scope_of(start=options.first, end=options.last))
    # DuckDB returns the rows in a different order on every query and the held-out votes are
    # drawn in row order: sorted, the same seed holds out the same votes in every run.
    frame = frame.sort_values(["roll_call", "state_code"], ignore_index=True)
    data = vote_data(frame)
    splits = [split(data, options.share, seed) for seed in options.seed]
    held_out = ", ".join(f"{held.sum():,}" for _, held in splits)
    table = Table(
        title=f"Held-out votes ({held_out} of {len(data.vote):,}; seeds "
        f"{', '.join(map(str, options.seed))}), sessions {options.first}-{options.last}: "
        "higher log probability is better",
        title_justify="left",
    )
    columns = ("delta", "session variance", "log p / vote (mean)", "per split", "right")
    for column in (*columns, "iterations", "s"):
        table.add_column(column, justify="right")
    for delta in options.delta:
        for variance in options.variance:
            started = time.perf_counter()
            scores, rights, iterations = [], [], []
            for train, held in splits:
                fitted = fit(train, Settings(delta=delta, session_variance=variance))
                log_p, right, _ = score(fitted, data, held, train)
                scores.append(log_p)
                rights.append(right)
                iterations.append(f"{fitted.iterations}{'' if fitted.converged else '*'}")
            table.add_row(
                f"{delta}",
                f"{variance}",
                f"{np.mean(scores):.5f}",
                " ".join(f"{value:.5f}" for value in scores),
                f"{np.mean(rights):.2%}",
                " ".join(iterations),
                f"{time.perf_counter() - started:.0f}",
            )
    Console(width=150).print(table)


if __name__ == "__main__":
    main()
