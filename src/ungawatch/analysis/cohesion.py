"""Bloc cohesion: how united a group's members voted, session by session.

The measure is the Agreement Index of Hix, Noury and Roland (2005), used for the EU at the
General Assembly: on one roll call with Y, N and A votes among the group's members,
AI = (max(Y, N, A) - (Y + N + A - max(Y, N, A)) / 2) / (Y + N + A), which is 1 when all
voted alike and 0 when they split evenly three ways. A session's cohesion is the mean over
its roll calls on which at least two members voted.

Membership is taken as of 31 December of the session's year (when the plenary adopts most
resolutions), from the dated lists in `countries/memberships.csv`: the EU of session 60 has
25 members and that of session 74 has 28; a session before a group existed has no row. Where
a list gives no joining date for a member, it counts from its UN admission and the row says
how many members were so `assumed`.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import pandas as pd

from ungawatch.analysis.scope import range_text, recorded_votes, scope_of
from ungawatch.countries import membership_on, resolve_group
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
    from_year: int | None = None,
    to_year: int | None = None,
    issue: str | None = None,
    include_committee: bool = False,
    track: Track = Track.GA,
) -> pd.DataFrame:
    """Per session (and body): its `year`, the group's `members` that session, how many of them
    were counted from an `assumed` joining date, the roll calls counted and the mean Agreement
    Index (`cohesion`). Plenary votes only unless `include_committee`. In the Human Rights
    Council (`track`) the group's members are those of them who sat on the Council that
    session (`council_members`)."""
    found = resolve_group(group)
    scope = scope_of(
        start=start,
        end=end,
        from_year=from_year,
        to_year=to_year,
        issue=issue,
        include_committee=include_committee,
        track=track,
    )
    votes = recorded_votes(store, scope)
    rows = []
    for key, frame in votes.groupby(["session", "body"], sort=True):
        session, body = int(cast(int, key[0])), str(key[1])
        year = year_of(track, session)
        members = membership_on(found.code, date(year, 12, 31))
        codes = members.codes
        if track == Track.HRC:
            codes = tuple(code for code in codes if code in _council(store, session))
        index = agreement_index(frame[frame["state_code"].isin(codes)])
        if index.empty:
            continue
        rows.append(
            {
                "session": session,
                "year": year,
                "body": body,
                "members": len(codes),
                "assumed": len(members.assumed),
                "roll_calls": len(index),
                "cohesion": float(index.mean()),
            }
        )
    if not rows:
        raise NotFound(
            f"a recorded {scope.label} vote cast by two or more members of {found.name}"
            f"{range_text(scope)}"
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(
        ["session", "body"], key=_plenary_first, ignore_index=True, kind="stable"
    )


def _council(store: Store, session: int) -> set[str]:
    rows = store.rows("SELECT state_code FROM council_members WHERE session = ?", [session])
    return {str(row["state_code"]) for row in rows}


def _plenary_first(column: pd.Series) -> pd.Series:
    return column if column.name == "session" else column.ne("plenary")


def agreement_index(votes: pd.DataFrame) -> pd.Series:
    """The Agreement Index per roll call of (roll_call, vote) rows; roll calls with < 2 votes
    are left out."""
    counts = pd.crosstab(votes["roll_call"], votes["vote"])
    total = counts.sum(axis=1)
    largest = counts.max(axis=1)
    index = (largest - (total - largest) / 2) / total
    return index[total >= 2]
