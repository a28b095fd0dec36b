"""Bloc cohesion: how united a group's members voted, session by session.

The measure is the Agreement Index of Hix, Noury and Roland (2005), used for the EU at the
General Assembly: on one roll call with Y, N and A votes among the group's members,
AI = (max(Y, N, A) - (Y + N + A - max(Y, N, A)) / 2) / (Y + N + A), which is 1 when all
voted alike and 0 when they split evenly three ways. A session's cohesion is the mean over
its roll calls on which at least two members voted. Membership is taken as of 31 December of
the session's year (when the plenary adopts most resolutions), so the EU of session 60 has 25
members and that of session 74 has 28.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import pandas as pd

from ungawatch.analysis.agreement import recorded_votes
from ungawatch.countries import group_members, resolve_group
from ungawatch.errors import NotFound
from ungawatch.sessions import year_of
from ungawatch.store import Store
from ungawatch.vocabulary import Track


def cohesion(
    store: Store,
    group: str,
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """Per session: members, roll calls counted and the mean Agreement Index (`cohesion`).

    In the Human Rights Council (`track`) a group's members are those of its members who sat
    on the Council that session (`council_members`), as of the session's year."""
    code = resolve_group(group).code
    votes = recorded_votes(store, start=start, end=end, issue=issue, track=track)
    rows = []
    for key, frame in votes.groupby("session", sort=True):
        session = int(cast(int, key))
        members = group_members(code, date(year_of(track, session), 12, 31))
        if track == Track.HRC:
            members = tuple(m for m in members if m in _council(store, session))
        if not members:
            continue
        index = agreement_index(frame[frame["state_code"].isin(members)])
        if index.empty:
            continue
        rows.append(
            {
                "session": session,
                "members": len(members),
                "roll_calls": len(index),
                "cohesion": float(index.mean()),
            }
        )
    if not rows:
        raise NotFound(f"a recorded vote cast by members of {group} in the range asked")
    return pd.DataFrame(rows)


def _council(store: Store, session: int) -> set[str]:
    rows = store.rows("SELECT state_code FROM council_members WHERE session = ?", [session])
    return {str(row["state_code"]) for row in rows}


def agreement_index(votes: pd.DataFrame) -> pd.Series:
    """The Agreement Index per roll call of (roll_call, vote) rows; roll calls with < 2 votes
    are left out."""
    counts = pd.crosstab(votes["roll_call"], votes["vote"])
    total = counts.sum(axis=1)
    largest = counts.max(axis=1)
    index = (largest - (total - largest) / 2) / total
    return index[total >= 2]
