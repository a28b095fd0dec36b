"""Ideal points: where each state sits on the main axis (or two) of General Assembly voting.

The estimator is the EM algorithm for the Bayesian probit item-response model of Imai, Lo and
Olmsted ("Fast estimation of ideal points with massive data", APSR 2016; R package emIRT),
which reaches the posterior mode of the same model `pscl::ideal` samples by MCMC:

    y*_ij = alpha_j + beta_j . x_i + e_ij,   e_ij ~ N(0, 1),   vote Yes  <=>  y*_ij > 0

with priors x_i ~ N(0, I) and (alpha_j, beta_j) ~ N(0, 25 I). The E step replaces each latent
y* by its truncated-normal mean given the vote; the M step is a ridge regression per roll call
and one per state, all vectorised over the (states × roll calls) matrix. Abstentions and
absences are missing, as in `pscl::ideal` on Yes/No codes; lopsided roll calls (minority under
2.5 %) and states with fewer than 10 Yes/No votes are dropped, as pscl's `lop` does.

Direction: the axis is turned so that the United States is positive (the sign of a probit
axis is not identified). Scale: the points are standardized to mean 0 and SD 1 per dimension.
Uncertainty: an optional parametric bootstrap (Imai, Lo and Olmsted §3.3) refits on votes
simulated from the estimates and reports each state's standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import log_ndtr, ndtr

from ungawatch.analysis.scope import Scope, range_text, recorded_votes, scope_of
from ungawatch.countries import state
from ungawatch.errors import NotFound
from ungawatch.sessions import year_of_session
from ungawatch.store import Store

_PRIOR_PRECISION_ITEMS = 1.0 / 25.0
_ANCHOR = "USA"


@dataclass(frozen=True, slots=True)
class VoteMatrix:
    """Yes (1) / No (0) / missing (NaN) votes: states (rows) × roll calls (columns)."""

    states: tuple[str, ...]
    values: np.ndarray
    sessions: tuple[int, ...] = ()


def vote_matrix(
    store: Store,
    start: int | None = None,
    end: int | None = None,
    *,
    include_committee: bool = False,
    lop: float = 0.025,
    min_votes: int = 10,
) -> VoteMatrix:
    """The Yes/No matrix of sessions `start`..`end` after pscl-style filtering."""
    scope = scope_of(start=start, end=end, include_committee=include_committee)
    return _vote_matrix(store, scope, lop=lop, min_votes=min_votes)


def _vote_matrix(store: Store, scope: Scope, *, lop: float, min_votes: int) -> VoteMatrix:
    frame = recorded_votes(store, scope)
    frame = frame[frame["vote"] != "A"]
    if frame.empty:
        raise NotFound(f"a recorded Yes/No {scope.label} vote{range_text(scope)}")
    row, states = pd.factorize(frame["state_code"], sort=True)
    column, calls = pd.factorize(frame["roll_call"])
    values = np.full((len(states), len(calls)), np.nan)
    values[row, column] = (frame["vote"] == "Y").to_numpy(dtype=float)
    yes, no = np.nansum(values, axis=0), np.nansum(1 - values, axis=0)
    keep = np.minimum(yes, no) / np.maximum(yes + no, 1) >= lop
    values = values[:, keep]
    enough = np.sum(~np.isnan(values), axis=1) >= min_votes
    if not keep.any() or not enough.any():
        # e.g. session 19 (1964): one roll call, too lopsided to tell states apart.
        raise NotFound(f"a contested recorded Yes/No {scope.label} vote{range_text(scope)}")
    sessions = tuple(sorted(int(session) for session in frame["session"].unique()))
    return VoteMatrix(tuple(str(code) for code in states[enough]), values[enough], sessions)


def _pooled(values: tuple[int, ...]) -> str:
    """ "60–74": the first and last session (or year) a static fit pooled."""
    return f"{values[0]}–{values[-1]}" if values and values[0] != values[-1] else str(values[0])


def ideal_points(
    store: Store,
    start: int | None = None,
    end: int | None = None,
    *,
    from_year: int | None = None,
    to_year: int | None = None,
    include_committee: bool = False,
    dims: int = 1,
    bootstrap: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per state: code, name, the sessions and years pooled, votes used, `dim1` (and
    `dim2`), and `se1`... with `bootstrap` > 0. The United States' `dim1` is positive."""
    if dims not in (1, 2):
        raise NotFound(f"an ideal-point model with {dims} dimensions (use 1 or 2)")
    scope = scope_of(
        start=start,
        end=end,
        from_year=from_year,
        to_year=to_year,
        include_committee=include_committee,
    )
    matrix = _vote_matrix(store, scope, lop=0.025, min_votes=10)
    points, items = fit(matrix.values, dims=dims)
    if _ANCHOR in matrix.states and points[matrix.states.index(_ANCHOR), 0] < 0:
        points[:, 0] *= -1  # the sign of a probit axis is not identified: the US is positive
        items[:, 1] *= -1
    frame = pd.DataFrame(
        {
            "state_code": matrix.states,
            "state": [state(code).name for code in matrix.states],
            "sessions": _pooled(matrix.sessions),
            "years": _pooled(tuple(year_of_session(s) for s in matrix.sessions)),
            "votes": np.sum(~np.isnan(matrix.values), axis=1),
        }
    )
    for k in range(dims):
        frame[f"dim{k + 1}"] = points[:, k]
    if bootstrap:
        errors = _bootstrap(matrix, points, items, rounds=bootstrap, seed=seed)
        for k in range(dims):
            frame[f"se{k + 1}"] = errors[:, k]
    return frame.sort_values("dim1", ascending=False, ignore_index=True)


def fit(
    votes: np.ndarray, *, dims: int = 1, tolerance: float = 1e-6, max_iterations: int = 2000
) -> tuple[np.ndarray, np.ndarray]:
    """EM for the probit IRT model on a Yes(1)/No(0)/NaN matrix: (ideal points, item params).

    Converges when the ideal points' correlation with the previous iterate exceeds
    1 - tolerance in every dimension (emIRT's criterion).
    """
    observed = ~np.isnan(votes)
    y = np.where(observed, votes, 0.0)
    weight = observed.astype(float)
    x = _start(votes, dims)
    items = np.zeros((votes.shape[1], dims + 1))
    for _ in range(max_iterations):
        latent = _e_step(x, items, y, observed)
        items = _m_step_items(x, latent, weight)
        new_x = _m_step_states(items, latent, weight)
        done = all(
            abs(np.corrcoef(new_x[:, k], x[:, k])[0, 1]) > 1 - tolerance for k in range(dims)
        )
        x = new_x
        if done:
            break
    return _standardize(x), items


def _start(votes: np.ndarray, dims: int) -> np.ndarray:
    """Starting points from the leading singular vectors of the centred ±1 vote matrix."""
    signed = np.where(np.isnan(votes), 0.0, 2 * np.nan_to_num(votes) - 1)
    signed -= signed.mean(axis=0, keepdims=True)
    left, _, _ = np.linalg.svd(signed, full_matrices=False)
    return _standardize(left[:, :dims].copy())


def _e_step(x: np.ndarray, items: np.ndarray, y: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """E[y* | vote]: the mean plus the inverse Mills ratio, up for Yes and down for No."""
    mean = items[:, 0][None, :] + x @ items[:, 1:].T
    sign = np.where(y > 0.5, 1.0, -1.0)
    signed = sign * mean
    mills = np.exp(_log_phi(signed) - log_ndtr(signed))
    result: np.ndarray = np.where(observed, mean + sign * mills, mean)
    return result


def _log_phi(value: np.ndarray) -> np.ndarray:
    result: np.ndarray = -0.5 * value * value - 0.5 * np.log(2 * np.pi)
    return result


def _m_step_items(x: np.ndarray, latent: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per roll call: ridge regression of y* on (1, x) over the states that voted.

    The per-roll-call Gram matrices are one product: weightᵀ (states × roll calls) times the
    states' outer products d dᵀ flattened, rather than a loop or an einsum.
    """
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    size = design.shape[1]
    outer = (design[:, :, None] * design[:, None, :]).reshape(len(design), size * size)
    gram = (weight.T @ outer).reshape(-1, size, size)
    gram += _PRIOR_PRECISION_ITEMS * np.eye(size)[None, :, :]
    moment = (weight * latent).T @ design
    solved: np.ndarray = np.linalg.solve(gram, moment[:, :, None])[:, :, 0]
    return solved


def _m_step_states(items: np.ndarray, latent: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per state: ridge regression of y* - alpha on beta over the roll calls it voted on."""
    beta = items[:, 1:]
    size = beta.shape[1]
    outer = (beta[:, :, None] * beta[:, None, :]).reshape(len(beta), size * size)
    gram = (weight @ outer).reshape(-1, size, size) + np.eye(size)[None, :, :]
    moment = (weight * (latent - items[:, 0][None, :])) @ beta
    solved: np.ndarray = np.linalg.solve(gram, moment[:, :, None])[:, :, 0]
    return solved


def _standardize(x: np.ndarray) -> np.ndarray:
    centred = x - x.mean(axis=0, keepdims=True)
    spread = centred.std(axis=0, keepdims=True)
    result: np.ndarray = centred / np.where(spread > 0, spread, 1.0)
    return result


def _bootstrap(
    matrix: VoteMatrix, points: np.ndarray, items: np.ndarray, *, rounds: int, seed: int
) -> np.ndarray:
    """Standard errors: refit on votes simulated from the fitted model, same missing cells."""
    dims = points.shape[1]
    observed = ~np.isnan(matrix.values)
    mean = items[:, 0][None, :] + points @ items[:, 1:].T
    generator = np.random.default_rng(seed)
    draws = []
    for _ in range(rounds):
        simulated = (generator.random(mean.shape) < ndtr(mean)).astype(float)
        refit, _ = fit(np.where(observed, simulated, np.nan), dims=dims)
        for k in range(dims):  # align each axis with the estimate before comparing
            if np.corrcoef(refit[:, k], points[:, k])[0, 1] < 0:
                refit[:, k] *= -1
        draws.append(refit)
    spread: np.ndarray = np.std(np.stack(draws), axis=0)
    return spread
