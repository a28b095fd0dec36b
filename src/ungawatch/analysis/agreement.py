"""Voting agreement between states: the share of recorded votes on which they voted alike.

Three conventions, selectable with `abstain`:

- "half" (the State Department's "voting coincidence" including abstentions): over the roll
  calls where both voted Y, N or A, identical votes count 1, an abstention against a Yes or No
  counts one half, Yes against No counts 0.
- "exclude" (the State Department's headline figure): only roll calls where both voted Yes
  or No; agreement is identical / (identical + opposite).
- "identical" (the `USAgree`… columns of Bailey, Strezhnev and Voeten's ideal-point file, and
  Voeten's dyadic agreement): over the roll calls where both voted Y, N or A, the share on
  which they cast the same vote; an abstention is an option of its own, so an abstention
  against a Yes or No counts 0 and two abstentions count 1.

Non-voting members and absent ones take no part. Only plenary votes count unless committee
votes are asked for (`analysis.scope`); each recorded vote is counted once, from its most
authoritative source. A state's figure includes the votes cast for the seat it continues (the
Russian Federation continues the USSR's seat, Serbia that of Serbia and Montenegro), so a
series runs unbroken across 1991 or 2006.

The pair series is aggregated in SQL; the matrices come from one query per call and one-hot
matrix products, a few milliseconds per session.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from ungawatch.analysis.scope import range_text, recorded_votes, scope_of, seat_codes, where
from ungawatch.errors import NotFound, UngawatchError
from ungawatch.sessions import label, year_of
from ungawatch.store import Store
from ungawatch.vocabulary import Track

ABSTAIN_MODES: tuple[str, ...] = ("half", "exclude", "identical")

__all__ = [
    "ABSTAIN_MODES",
    "agreement",
    "agreement_matrices",
    "agreement_matrix",
    "matrix_of",
    "recorded_votes",
    "seat_codes",
]


def agreement(
    store: Store,
    a: str,
    b: str,
    *,
    start: int | None = None,
    end: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    issue: str | None = None,
    abstain: str = "half",
    include_committee: bool = False,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """Per session (and body): its `year`, the roll calls both voted on (`votes`), identical
    votes (`agree`), abstentions against a Yes/No (`half`), Yes against No (`opposite`) and the
    `agreement` share under the `abstain` convention. Sessions are given as sessions
    (`start`, `end`) or years (`from_year`, `to_year`); plenary votes only unless
    `include_committee`; the Council's votes (`track`) over the sessions both sat on it."""
    _check_mode(abstain)
    scope = scope_of(
        start=start,
        end=end,
        from_year=from_year,
        to_year=to_year,
        issue=issue,
        include_committee=include_committee,
        track=track,
    )
    condition, parameters = where(scope)
    both = "AND x.vote <> 'A' AND y.vote <> 'A'" if abstain == "exclude" else ""
    frame = store.frame(
        "WITH v AS (SELECT c.session, c.body, c.source_kind, c.record_id, v.state_code, v.vote "
        "FROM canonical_roll_calls c JOIN all_roll_call_votes v "
        "ON v.source_kind = c.source_kind AND v.record_id = c.record_id "
        f"WHERE v.vote IN ('Y', 'N', 'A') AND {condition}) "
        "SELECT x.session, x.body, count(*) AS votes, "
        "count(*) FILTER (WHERE x.vote = y.vote) AS agree, "
        "count(*) FILTER (WHERE x.vote <> y.vote AND (x.vote = 'A' OR y.vote = 'A')) AS half, "
        "count(*) FILTER (WHERE x.vote <> y.vote AND x.vote <> 'A' AND y.vote <> 'A') "
        "AS opposite FROM v x JOIN v y ON x.source_kind = y.source_kind "
        "AND x.record_id = y.record_id "
        "WHERE x.state_code IN (SELECT unnest(?::VARCHAR[])) "
        f"AND y.state_code IN (SELECT unnest(?::VARCHAR[])) {both} "
        "GROUP BY x.session, x.body ORDER BY x.session, x.body <> 'plenary', x.body",
        [*parameters, list(seat_codes(a)), list(seat_codes(b))],
    )
    if frame.empty:
        raise NotFound(f"a recorded {scope.label} vote cast by both {a} and {b}{range_text(scope)}")
    for column in ("votes", "agree", "half", "opposite"):
        frame[column] = frame[column].astype("int64")
    credit = 0.5 if abstain == "half" else 0.0
    frame["agreement"] = (frame["agree"] + credit * frame["half"]) / frame["votes"]
    frame.insert(1, "year", [year_of(track, int(n)) for n in frame["session"]])
    return frame


def agreement_matrix(
    store: Store,
    session: int,
    *,
    abstain: str = "half",
    issue: str | None = None,
    include_committee: bool = False,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """States × states agreement in one session (registry codes; NaN where no vote in common)."""
    matrices = agreement_matrices(
        store,
        start=session,
        end=session,
        abstain=abstain,
        issue=issue,
        include_committee=include_committee,
        track=track,
    )
    if session not in matrices:
        raise NotFound(f"a recorded vote in {label(track, session)}")
    return matrices[session]


def agreement_matrices(
    store: Store,
    *,
    start: int | None = None,
    end: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    abstain: str = "half",
    issue: str | None = None,
    include_committee: bool = False,
    track: Track = Track.GA,
) -> dict[int, pd.DataFrame]:
    """The agreement matrix of every session in the range, from one query (with
    `include_committee`, a session's matrix counts its committee votes too)."""
    _check_mode(abstain)
    scope = scope_of(
        start=start,
        end=end,
        from_year=from_year,
        to_year=to_year,
        issue=issue,
        include_committee=include_committee,
        track=track,
    )
    frame = recorded_votes(store, scope)
    return {
        int(cast(int, session)): matrix_of(group, abstain=abstain)
        for session, group in frame.groupby("session", sort=True)
    }


def matrix_of(votes: pd.DataFrame, *, abstain: str = "half") -> pd.DataFrame:
    """Agreement of every pair of states in a frame of (roll_call, state_code, vote) rows.

    One-hot matrices Y, N, A (states × roll calls) turn the pair counts into three products:
    identical = YYᵀ + NNᵀ + AAᵀ, half = A(Y+N)ᵀ + (Y+N)Aᵀ, votes = PPᵀ with P = Y+N+A.
    """
    row, codes = pd.factorize(votes["state_code"], sort=True)
    column, calls = pd.factorize(votes["roll_call"])
    states = np.asarray(codes, dtype=object)
    shape = (len(states), len(calls))
    onehot = {}
    for option in ("Y", "N", "A"):
        matrix = np.zeros(shape, dtype=np.float64)
        chosen = (votes["vote"] == option).to_numpy()
        matrix[row[chosen], column[chosen]] = 1.0
        onehot[option] = matrix
    yes, no, abst = onehot["Y"], onehot["N"], onehot["A"]
    identical = yes @ yes.T + no @ no.T
    if abstain == "exclude":
        together = (yes + no) @ (yes + no).T
        share = identical / np.where(together > 0, together, np.nan)
    else:
        decided = yes + no
        identical += abst @ abst.T
        together = (decided + abst) @ (decided + abst).T
        if abstain == "half":
            half = abst @ decided.T
            identical = identical + 0.5 * (half + half.T)
        share = identical / np.where(together > 0, together, np.nan)
    # A state with no vote counted under the convention (only abstentions, with "exclude")
    # has no agreement with anyone, itself included: it is left out of the matrix.
    counted = np.diag(together) > 0
    share = share[np.ix_(counted, counted)]
    return pd.DataFrame(share.astype(np.float64), index=states[counted], columns=states[counted])


def _check_mode(abstain: str) -> None:
    if abstain not in ABSTAIN_MODES:
        raise UngawatchError(f"abstain must be one of {', '.join(ABSTAIN_MODES)}, not {abstain!r}")
