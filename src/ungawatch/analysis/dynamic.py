"""Dynamic ideal points: every state on one scale across all sessions, free to move over time.

The model is the dynamic ordinal item-response model the field uses for General Assembly
votes (Bailey, Strezhnev and Voeten 2017; Martin and Quinn 2002 for the random walk):

    z_ij ~ N(alpha_j + beta_j * x_i,t(j), psi_j)     for state i on roll call j of session t
    No if z < 0, Abstain if 0 <= z < 1, Yes if z >= 1  (roll calls with abstentions)
    No if z < 0, Yes if z >= 0, psi_j = 1             (roll calls without)
    x_i,t - x_i,t-1 ~ N(0, delta)  and  x_i,t ~ N(0, s²) in every session of state i

Abstention is the middle option, as in BSV. The cut points are fixed at 0 and 1 and each
roll call gets its own latent variance psi_j instead (the reparametrisation of Imai, Lo and
Olmsted's ordinal EM, which keeps every update in closed form). A state's point moves by a
random walk from session to session, which puts every session on one scale; the N(0, s²)
term holds each session to the same spread, without which the estimate drifts apart over
the decades (docs/idealpoints.md shows the measurements).

The estimator is variational EM (Imai, Lo and Olmsted 2016, `dynIRT`), accelerated by
SQUAREM: the E step takes each latent z to its truncated-normal mean and variance; the item
step gives each roll call a Gaussian posterior for (alpha, beta) by ridge regression, with
the states' posterior variances in its Gram matrix, then psi; the state step is one Kalman
filter and Rauch-Tung-Striebel smoother per state over the sessions, vectorised across
states, which also gives each (state, session) its posterior standard deviation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.special import log_ndtr

from ungawatch.analysis.scope import continuing_seat, range_text, recorded_votes, scope_of
from ungawatch.countries import state
from ungawatch.errors import NotFound
from ungawatch.sessions import year_of_session
from ungawatch.store import Store

ANCHOR = "USA"
_CODES = {"N": 0, "A": 1, "Y": 2}
_LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)
_Z90 = 1.6448536269514722  # the 95th percentile of N(0, 1): a 90 % interval


@dataclass(frozen=True, slots=True)
class Settings:
    """The model's fixed choices (docs/idealpoints.md says how each was chosen).

    `delta` is the random walk's variance per session, chosen by held-out vote prediction
    (bench/idealpoints_prior.py); `session_variance` the prior variance of every state's
    point within a session (the scale each session is held to); `item_variance` the prior
    variance of each roll call's alpha and beta; `psi_shape`, `psi_scale` a weak inverse-gamma
    prior on psi. The fit stops when no ideal point moved by more than `tolerance` in one
    iteration.
    """

    delta: float = 0.1
    session_variance: float = 4.0
    item_variance: float = 25.0
    psi_shape: float = 1.0
    psi_scale: float = 1.0
    tolerance: float = 1e-3
    max_iterations: int = 2000


@dataclass(frozen=True, slots=True)
class VoteData:
    """Recorded votes as parallel arrays: state chain `chain`, roll call `item`, `vote`
    (0 No, 1 Abstain, 2 Yes) and the index of its session (`session`); per roll call its
    session index; per chain its code."""

    chain: np.ndarray
    item: np.ndarray
    vote: np.ndarray
    session: np.ndarray
    item_session: np.ndarray
    chains: tuple[str, ...]
    sessions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DynamicFit:
    """Posterior means and variances of every chain's ideal point in every session, item
    parameters, and how the fit ended."""

    mean: np.ndarray
    variance: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    psi: np.ndarray
    iterations: int
    converged: bool


def dynamic_ideal_points(
    store: Store,
    *,
    start: int | None = None,
    end: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    include_committee: bool = False,
    settings: Settings = Settings(),
) -> pd.DataFrame:
    """One row per state and session it voted in: state_code, state (its name then), session,
    year, votes, ideal_point, sd and a 90 % interval (lower, upper). The United States is
    positive. `frame.attrs` holds the fit's roll calls, iterations and convergence."""
    scope = scope_of(
        start=start,
        end=end,
        from_year=from_year,
        to_year=to_year,
        include_committee=include_committee,
    )
    frame = recorded_votes(store, scope)
    if frame.empty:
        raise NotFound(f"a recorded {scope.label} vote{range_text(scope)}")
    data = vote_data(frame)
    fitted = fit(data, settings)
    result = _rows(frame, data, fitted)
    result.attrs.update(
        {
            "roll_calls": len(data.item_session),
            "votes": len(data.vote),
            "iterations": fitted.iterations,
            "converged": fitted.converged,
            "bodies": scope.label,
        }
    )
    return result


def vote_data(frame: pd.DataFrame) -> VoteData:
    """Arrays for `fit` from (session, roll_call, state_code, vote) rows.

    A state and the seats it continues are one chain (the USSR and the Russian Federation);
    roll calls on which every vote was the same carry no information and are left out.
    """
    chain_codes = _seats_of(frame["state_code"])
    votes = frame["vote"].map(_CODES).to_numpy(dtype=np.int8)
    calls, items = np.unique(frame["roll_call"].to_numpy(), return_inverse=True)
    present = np.zeros((len(calls), 3), dtype=bool)
    present[items, votes] = True
    informative = present.sum(axis=1) > 1
    keep = informative[items]
    session_of_item = np.zeros(len(calls), dtype=np.int64)
    session_of_item[items] = frame["session"].to_numpy()
    kept_items, item = np.unique(items[keep], return_inverse=True)
    chain, chains = pd.factorize(chain_codes[keep], sort=True)
    sessions = np.unique(session_of_item[kept_items])
    item_session = np.searchsorted(sessions, session_of_item[kept_items])
    return VoteData(
        chain=chain.astype(np.int64),
        item=item.astype(np.int64),
        vote=votes[keep],
        session=item_session[item],
        item_session=item_session,
        chains=tuple(str(code) for code in chains),
        sessions=tuple(int(session) for session in sessions),
    )


def _seats_of(codes: pd.Series) -> np.ndarray:
    """Each vote's seat: the code of the state that continues it (one lookup per code)."""
    categories = codes.astype("category")
    seats = {code: continuing_seat(str(code)) for code in categories.cat.categories}
    return np.asarray(categories.map(seats).astype(str))


def fit(data: VoteData, settings: Settings = Settings()) -> DynamicFit:
    """Variational EM for the dynamic ordinal model on `data`, accelerated by SQUAREM.

    SQUAREM (Varadhan and Roland 2008) takes two EM steps, extrapolates along them and
    takes one more from there; it reaches the same fixed point as plain EM in a fraction of
    the iterations. An extrapolation that leaves the parameter space (a non-finite value)
    falls back to the plain second step.
    """
    model = _Model(data, settings)
    state = model.step(model.start())
    iterations, converged = 1, False
    while iterations < settings.max_iterations and not converged:
        first = model.step(state)
        second = model.step(first)
        jumped = _extrapolate(state, first, second)
        try:
            with np.errstate(all="raise"):
                candidate = model.step(jumped)
        except FloatingPointError:
            candidate = second
        if not all(np.isfinite(part).all() for part in candidate):
            candidate = second
        iterations += 3
        change = float(np.abs(candidate[0] - state[0])[model.voted].max())
        converged = change < settings.tolerance
        state = candidate
    mean, variance = model.oriented(state[0], np.exp(state[1]))
    return DynamicFit(mean, variance, model.alpha, model.beta, model.psi, iterations, converged)


_State = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _extrapolate(start: _State, first: _State, second: _State) -> _State:
    """SQUAREM's step from `start` along the two EM steps (its third scheme, step <= -1)."""
    r = [a - b for a, b in zip(first, start, strict=True)]
    v = [c - 2 * a + b for a, b, c in zip(first, start, second, strict=True)]
    r_norm = np.sqrt(sum(float((part * part).sum()) for part in r))
    v_norm = np.sqrt(sum(float((part * part).sum()) for part in v))
    step = min(-r_norm / v_norm, -1.0) if v_norm > 0 else -1.0
    jumped = [b - 2 * step * rr + step * step * vv for b, rr, vv in zip(start, r, v, strict=True)]
    return (jumped[0], jumped[1], jumped[2], jumped[3], jumped[4])


class _Model:
    """One EM run: the vote bounds of every z, and the last item posteriors.

    The state EM iterates on is (ideal point means, their log variances, alpha, beta,
    log psi), one array each, so SQUAREM can extrapolate it as a whole.
    """

    def __init__(self, data: VoteData, settings: Settings) -> None:
        items = len(data.item_session)
        self.settings = settings
        self.ordinal = np.zeros(items, dtype=bool)
        self.ordinal[data.item[data.vote == 1]] = True
        ordinal = self.ordinal[data.item]
        # Bounds of z per vote: No (-inf, 0); Abstain (0, 1); Yes (1, inf), or (0, inf) on a
        # roll call without abstentions.
        low = np.where(data.vote == 0, -np.inf, np.where(ordinal & (data.vote == 2), 1.0, 0.0))
        high = np.where(data.vote == 0, 0.0, np.where(data.vote == 1, 1.0, np.inf))
        order = TruncatedMoments.order_of(low, high)
        self.data = VoteData(
            chain=data.chain[order],
            item=data.item[order],
            vote=data.vote[order],
            session=data.session[order],
            item_session=data.item_session,
            chains=data.chains,
            sessions=data.sessions,
        )
        self.moments = TruncatedMoments(low[order], high[order])
        self.counts = np.bincount(data.item, minlength=items).astype(float)
        self.shape = (len(data.chains), len(data.sessions))
        first = np.full(len(data.chains), len(data.sessions))
        np.minimum.at(first, data.chain, data.session)
        self.first = first
        self.cell = self.data.chain * self.shape[1] + self.data.session
        self.voted = np.zeros(self.shape, dtype=bool)
        self.voted[data.chain, data.session] = True
        self.alpha, self.beta, self.psi = np.zeros(items), np.zeros(items), np.ones(items)
        self.var_alpha, self.cov, self.var_beta = np.zeros(items), np.zeros(items), np.zeros(items)

    def start(self) -> _State:
        """Starting points: every state's score on the leading singular vector of its
        centred (+1 Yes, 0 Abstain, -1 No) votes, the same in every session; roll calls
        neutral (alpha = beta = 0, psi = 1)."""
        data = self.data
        signed = data.vote.astype(float) - 1.0
        centre = np.bincount(data.item, signed, len(self.counts)) / np.maximum(self.counts, 1)
        matrix = np.zeros((self.shape[0], len(data.item_session)))
        matrix[data.chain, data.item] = signed - centre[data.item]
        left, _, _ = np.linalg.svd(matrix, full_matrices=False)
        score = left[:, 0] / left[:, 0].std()
        mean = np.repeat(score[:, None], self.shape[1], axis=1)
        items = len(self.counts)
        return (mean, np.full(self.shape, np.log(0.1)), np.zeros(items), np.zeros(items),
                np.zeros(items))  # fmt: skip

    def step(self, state: _State) -> _State:
        """One EM iteration: E step on z, item step, state step (Kalman smoother)."""
        mean, log_variance, alpha, beta, log_psi = state
        item = self.data.item
        x = mean.ravel()[self.cell]
        v = np.exp(log_variance.ravel()[self.cell])
        psi = np.exp(log_psi)
        z_mean, z_var = self.moments(alpha[item] + beta[item] * x, np.sqrt(psi[item]))
        self._items(x, v, z_mean, z_var, psi)
        mean, variance = self._states(z_mean)
        return mean, np.log(variance), self.alpha, self.beta, np.log(self.psi)

    def _items(
        self, x: np.ndarray, v: np.ndarray, z_mean: np.ndarray, z_var: np.ndarray, psi: np.ndarray
    ) -> None:
        """Each roll call's Gaussian posterior for (alpha, beta): a ridge regression of E[z]
        on (1, x) with the states' posterior variances in the Gram matrix; then psi."""
        item, count = self.data.item, len(self.counts)
        weight = 1.0 / psi[item]
        prior = 1.0 / self.settings.item_variance
        a11 = np.bincount(item, weight, count) + prior
        a12 = np.bincount(item, weight * x, count)
        a22 = np.bincount(item, weight * (x * x + v), count) + prior
        b1 = np.bincount(item, weight * z_mean, count)
        b2 = np.bincount(item, weight * z_mean * x, count)
        det = a11 * a22 - a12 * a12
        self.alpha, self.beta = (a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det
        # Posterior covariance of (alpha, beta): the inverse of the Gram matrix.
        self.var_alpha, self.cov, self.var_beta = a22 / det, -a12 / det, a11 / det
        alpha, beta = self.alpha[item], self.beta[item]
        residual = (
            (z_mean - alpha - beta * x) ** 2
            + z_var
            + beta * beta * v
            + self.var_alpha[item]
            + 2 * x * self.cov[item]
            + (x * x + v) * self.var_beta[item]
        )
        shape, scale = self.settings.psi_shape, self.settings.psi_scale
        fitted = (np.bincount(item, residual, count) + 2 * scale) / (self.counts + 2 * (shape + 1))
        self.psi = np.where(self.ordinal, fitted, 1.0)

    def _states(self, z_mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each (state, session)'s evidence from its votes, then the smoother over sessions."""
        item = self.data.item
        weight = 1.0 / self.psi[item]
        beta = self.beta[item]
        size = self.shape[0] * self.shape[1]
        precision = np.bincount(self.cell, weight * (beta * beta + self.var_beta[item]), size)
        evidence = np.bincount(
            self.cell, weight * (beta * (z_mean - self.alpha[item]) - self.cov[item]), size
        )
        return kalman_smoother(
            precision.reshape(self.shape),
            evidence.reshape(self.shape),
            self.first,
            delta=self.settings.delta,
            session_variance=self.settings.session_variance,
        )

    def oriented(self, mean: np.ndarray, variance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Turn the axis so the United States' mean ideal point is positive (the sign of an
        item-response axis is not identified by the votes)."""
        if ANCHOR not in self.data.chains:
            return mean, variance
        row = self.data.chains.index(ANCHOR)
        if mean[row, self.voted[row]].mean() < 0:
            self.beta = -self.beta
            return -mean, variance
        return mean, variance


class TruncatedMoments:
    """Mean and variance of N(mean, sd²) truncated to each vote's interval of z.

    Nine votes in ten are bounded on one side only (No: below 0; Yes: above 0 or 1), where
    the inverse Mills ratio is one `log_ndtr` and one `exp`; only abstentions need both
    bounds. The votes come sorted by that kind (`order_of`), so each kind is a slice.
    Everything is computed in log space from the nearer tail, so that a vote far in a tail (a
    state voting against a roll call it is predicted to back with probability 1 - 1e-20)
    stays finite.
    """

    def __init__(self, low: np.ndarray, high: np.ndarray) -> None:
        kinds = _kinds(low, high)
        if np.any(np.diff(kinds) < 0):
            raise ValueError("votes must be sorted by TruncatedMoments.order_of")
        self.low, self.high = low, high
        self.below = slice(0, int(np.sum(kinds == 0)))  # (-inf, high)
        self.above = slice(self.below.stop, self.below.stop + int(np.sum(kinds == 1)))
        self.between = slice(self.above.stop, len(low))

    @staticmethod
    def order_of(low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """The order that sorts votes below, above, between (stable)."""
        return np.argsort(_kinds(low, high), kind="stable")

    def __call__(self, mean: np.ndarray, sd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        result_mean, result_var = np.empty_like(mean), np.empty_like(mean)
        # Below `high`: with b = (high - mean) / sd and m = phi(b) / Phi(b),
        # E = mean - sd m and Var = sd² (1 - b m - m²).
        part = self.below
        b = (self.high[part] - mean[part]) / sd[part]
        m = np.exp(-0.5 * b * b - _LOG_SQRT_2PI - log_ndtr(b))
        result_mean[part] = mean[part] - sd[part] * m
        result_var[part] = sd[part] ** 2 * np.maximum(1.0 - b * m - m * m, 1e-10)
        # Above `low`: the mirror image, with a = (low - mean) / sd and m = phi(a) / Phi(-a).
        part = self.above
        a = (self.low[part] - mean[part]) / sd[part]
        m = np.exp(-0.5 * a * a - _LOG_SQRT_2PI - log_ndtr(-a))
        result_mean[part] = mean[part] + sd[part] * m
        result_var[part] = sd[part] ** 2 * np.maximum(1.0 + a * m - m * m, 1e-10)
        part = self.between
        result_mean[part], result_var[part] = _two_sided(
            mean[part], sd[part], self.low[part], self.high[part]
        )
        return result_mean, result_var


def _kinds(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """0 for an interval open below, 1 for one open above, 2 for a finite one."""
    return np.where(np.isinf(low), 0, np.where(np.isinf(high), 1, 2))


def _two_sided(
    mean: np.ndarray, sd: np.ndarray, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Moments of N(mean, sd²) truncated to finite (low, high), from the nearer tail."""
    a, b = (low - mean) / sd, (high - mean) / sd
    upper = a > 0  # both bounds in the upper tail: use the mirror image, more accurate there
    lo, hi = np.where(upper, -b, a), np.where(upper, -a, b)
    log_hi, log_lo = log_ndtr(hi), log_ndtr(lo)
    log_mass = log_hi + np.log1p(-np.exp(np.minimum(log_lo - log_hi, -1e-300)))
    density_a = np.exp(-0.5 * a * a - _LOG_SQRT_2PI - log_mass)
    density_b = np.exp(-0.5 * b * b - _LOG_SQRT_2PI - log_mass)
    first = density_a - density_b
    second = a * density_a - b * density_b
    variance = sd * sd * np.maximum(1.0 + second - first * first, 1e-10)
    result: np.ndarray = mean + sd * first
    return result, variance


def kalman_smoother(
    precision: np.ndarray,
    evidence: np.ndarray,
    first: np.ndarray,
    *,
    delta: float,
    session_variance: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior means and variances of every state's path over the sessions.

    Row i is one state: `precision[i, t]` and `evidence[i, t]` are the information its votes
    of session t carry (sums of E[beta²]/psi and of (beta (z - alpha) - cov)/psi). The prior is
    a random walk with variance `delta` per session from the state's first session
    (`first[i]`), times N(0, `session_variance`) in every session from then on; sessions
    without votes only carry the prior. Forward filter, then the Rauch-Tung-Striebel pass
    back, both vectorised across states.
    """
    states, sessions = precision.shape
    filtered_mean = np.zeros((states, sessions))
    filtered_var = np.zeros((states, sessions))
    predicted_var = np.zeros((states, sessions))
    mean, var = np.zeros(states), np.full(states, 1e12)  # nothing known before the first
    hold = 1.0 / session_variance
    for t in range(sessions):
        started = t >= first
        var = var + np.where(t > first, delta, 0.0)
        predicted_var[:, t] = var
        updated = 1.0 / (1.0 / var + precision[:, t] + np.where(started, hold, 0.0))
        mean = updated * (mean / var + evidence[:, t])
        var = np.where(started, updated, var)
        filtered_mean[:, t], filtered_var[:, t] = mean, var
    smoothed_mean, smoothed_var = filtered_mean.copy(), filtered_var.copy()
    for t in range(sessions - 2, -1, -1):
        # Before a state's first session there is nothing to smooth: its cells keep the
        # filter's "unknown" (mean 0, huge variance) and never enter a vote.
        gain = np.where(t >= first, filtered_var[:, t] / predicted_var[:, t + 1], 0.0)
        smoothed_mean[:, t] += gain * (smoothed_mean[:, t + 1] - filtered_mean[:, t + 1])
        smoothed_var[:, t] += gain * gain * (smoothed_var[:, t + 1] - predicted_var[:, t + 1])
    return smoothed_mean, smoothed_var


def _rows(frame: pd.DataFrame, data: VoteData, fitted: DynamicFit) -> pd.DataFrame:
    """One row per (seat holder, session) with votes: the chain's estimate for that session."""
    counts = (
        frame.assign(chain=_seats_of(frame["state_code"]))
        .groupby(["chain", "session", "state_code"], sort=True)
        .size()
        .rename("votes")
        .reset_index()
        .sort_values("votes", ascending=False, kind="stable")
    )
    holder = counts.drop_duplicates(["chain", "session"])  # the seat's holder that session
    totals = counts.groupby(["chain", "session"])["votes"].sum()
    chain_index = {code: row for row, code in enumerate(data.chains)}
    session_index = {session: column for column, session in enumerate(data.sessions)}
    rows = []
    for chain, session, code in holder[["chain", "session", "state_code"]].itertuples(index=False):
        if chain not in chain_index or session not in session_index:
            continue  # only votes on roll calls where everyone voted alike
        row, column = chain_index[chain], session_index[session]
        point, sd = fitted.mean[row, column], float(np.sqrt(fitted.variance[row, column]))
        year = year_of_session(int(session))
        rows.append(
            {
                "state_code": code,
                "state": state(code).name_on(date(year, 12, 31)),
                "session": int(session),
                "year": year,
                "votes": int(totals[(chain, session)]),
                "ideal_point": float(point),
                "sd": sd,
                "lower": float(point - _Z90 * sd),
                "upper": float(point + _Z90 * sd),
            }
        )
    return pd.DataFrame(rows).sort_values(["session", "state_code"], ignore_index=True)
