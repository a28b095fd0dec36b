"""Voting agreement between states: the share of recorded votes on which they voted alike.

Two conventions, selectable with `abstain`:

- "half" (Voeten's and the State Department's "voting coincidence" including abstentions):
  over the roll calls where both voted Y, N or A, identical votes count 1, an abstention
  against a Yes or No counts one half, Yes against No counts 0.
- "exclude" (the State Department's headline figure): only roll calls where both voted Yes
  or No; agreement is identical / (identical + opposite).

Non-voting members and absent ones take no part. Every recorded vote is counted once, from
its most authoritative source (`canonical_roll_calls`). A state's figure includes the votes
cast for the seat it continues (the Russian Federation continues the USSR's seat, Serbia that
of Serbia and Montenegro), so a series runs unbroken across 1991 or 2006.

The pair series is aggregated in SQL; the matrices come from one query per call and one-hot
matrix products, a few milliseconds per session.
"""

from __future__ import annotations

from typing import Literal, cast

import numpy as np
import pandas as pd

from ungawatch.countries import all_states, resolve
from ungawatch.errors import NotFound, UngawatchError
from ungawatch.store import Store
from ungawatch.vocabulary import Body, Track

Abstain = Literal["half", "exclude"]
ABSTAIN_MODES: tuple[str, ...] = ("half", "exclude")


def seat_codes(name: str) -> tuple[str, ...]:
    """The registry codes whose votes count for `name`: the state and the seats it continues.

    A predecessor counts only when it is the one member whose seat this state took over on
    the day it ended (USSR -> Russian Federation), not when several merged (the two Yemens)
    or one was absorbed (the GDR into Germany, which already had its own seat).
    """
    state = resolve(name)
    codes = [state.code]
    frontier = state
    while True:
        before = [
            entry
            for entry in all_states()
            if entry.successor == frontier.code and entry.ended == frontier.admitted
        ]
        if len(before) != 1:
            return tuple(codes)
        frontier = before[0]
        codes.append(frontier.code)


def _filters(
    start: int | None, end: int | None, issue: str | None, track: Track = Track.GA
) -> tuple[str, list[object]]:
    # The two tracks number their sessions apart (Council session 52 is 2023, Assembly
    # session 52 1997): a range reads the votes of one of them. The Council's special
    # sessions (S-35) carry no regular session number: per-session figures leave them out.
    clauses: list[str] = [
        "v.vote IN ('Y', 'N', 'A')",
        f"c.body {'=' if track == Track.HRC else '<>'} '{Body.HRC.value}'",
    ]
    if track == Track.HRC:
        # Only the Council's members of the session vote: a vote the scrape files under a
        # state that was not a member that session (see `positions.council`) is not counted.
        clauses.append(
            "c.session IS NOT NULL AND EXISTS (SELECT 1 FROM council_members m "
            "WHERE m.session = c.session AND m.state_code = v.state_code)"
        )
    parameters: list[object] = []
    if start is not None:
        clauses.append("c.session >= ?")
        parameters.append(start)
    if end is not None:
        clauses.append("c.session <= ?")
        parameters.append(end)
    if issue is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM roll_call_issues i WHERE i.source_kind = c.source_kind "
            "AND i.record_id = c.record_id AND (lower(i.issue_code) = lower(?) "
            "OR lower(i.issue) = lower(?)))"
        )
        parameters.extend([issue, issue])
    return " AND ".join(clauses), parameters


def recorded_votes(
    store: Store,
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """Every counted Y/N/A vote in the range: session, roll_call (an integer id), state, vote;
    of the General Assembly's recorded votes, or of the Human Rights Council's."""
    where, parameters = _filters(start, end, issue, track)
    return store.frame(
        "SELECT c.session, dense_rank() OVER (ORDER BY c.source_kind, c.record_id) AS roll_call, "
        "v.state_code, v.vote FROM canonical_roll_calls c JOIN all_roll_call_votes v "
        f"ON v.source_kind = c.source_kind AND v.record_id = c.record_id WHERE {where} "
        "AND c.session IS NOT NULL",
        parameters,
    )


def agreement(
    store: Store,
    a: str,
    b: str,
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    abstain: str = "half",
    track: Track = Track.GA,
) -> pd.DataFrame:
    """Per session: roll calls both voted on (`votes`), identical votes (`agree`), abstentions
    against a Yes/No (`half`), Yes against No (`opposite`) and the `agreement` share. In the
    Council only members vote, so its figures are over the sessions both sat on it."""
    _check_mode(abstain)
    where, parameters = _filters(start, end, issue, track)
    both = "" if abstain == "half" else "AND x.vote <> 'A' AND y.vote <> 'A'"
    frame = store.frame(
        "WITH v AS (SELECT c.session, c.source_kind, c.record_id, v.state_code, v.vote "
        "FROM canonical_roll_calls c JOIN all_roll_call_votes v "
        f"ON v.source_kind = c.source_kind AND v.record_id = c.record_id WHERE {where}) "
        "SELECT x.session, count(*) AS votes, count(*) FILTER (WHERE x.vote = y.vote) AS agree, "
        "count(*) FILTER (WHERE x.vote <> y.vote AND (x.vote = 'A' OR y.vote = 'A')) AS half, "
        "count(*) FILTER (WHERE x.vote <> y.vote AND x.vote <> 'A' AND y.vote <> 'A') "
        "AS opposite FROM v x JOIN v y ON x.source_kind = y.source_kind "
        "AND x.record_id = y.record_id "
        "WHERE x.state_code IN (SELECT unnest(?::VARCHAR[])) "
        f"AND y.state_code IN (SELECT unnest(?::VARCHAR[])) {both} "
        "GROUP BY x.session ORDER BY x.session",
        [*parameters, list(seat_codes(a)), list(seat_codes(b))],
    )
    if frame.empty:
        raise NotFound(f"a recorded vote cast by both {a} and {b} in the range asked")
    for column in ("votes", "agree", "half", "opposite"):
        frame[column] = frame[column].astype("int64")
    frame["agreement"] = (frame["agree"] + 0.5 * frame["half"]) / frame["votes"]
    return frame


def agreement_matrix(
    store: Store,
    session: int,
    *,
    abstain: str = "half",
    issue: str | None = None,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """States × states agreement in one session (registry codes; NaN where no vote in common)."""
    matrices = agreement_matrices(
        store, start=session, end=session, abstain=abstain, issue=issue, track=track
    )
    if session not in matrices:
        raise NotFound(f"a recorded vote in session {session}")
    return matrices[session]


def agreement_matrices(
    store: Store,
    *,
    start: int | None = None,
    end: int | None = None,
    abstain: str = "half",
    issue: str | None = None,
    track: Track = Track.GA,
) -> dict[int, pd.DataFrame]:
    """The agreement matrix of every session in the range, from one query."""
    _check_mode(abstain)
    frame = recorded_votes(store, start=start, end=end, issue=issue, track=track)
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
    if abstain == "half":
        decided = yes + no
        identical += abst @ abst.T
        half = abst @ decided.T
        together = (decided + abst) @ (decided + abst).T
        share = (identical + 0.5 * (half + half.T)) / np.where(together > 0, together, np.nan)
    else:
        together = (yes + no) @ (yes + no).T
        share = identical / np.where(together > 0, together, np.nan)
    # A state with no vote counted under the convention (only abstentions, with "exclude")
    # has no agreement with anyone, itself included: it is left out of the matrix.
    counted = np.diag(together) > 0
    share = share[np.ix_(counted, counted)]
    return pd.DataFrame(share.astype(np.float64), index=states[counted], columns=states[counted])


def _check_mode(abstain: str) -> None:
    if abstain not in ABSTAIN_MODES:
        raise UngawatchError(f"abstain must be one of {', '.join(ABSTAIN_MODES)}, not {abstain!r}")
