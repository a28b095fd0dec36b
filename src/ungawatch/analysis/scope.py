"""Which recorded votes an analysis counts, read once for agreement, cohesion and ideal points.

By default only the General Assembly's plenary votes count: a Main Committee's recorded vote
on a draft is a different act, by the same states, weeks earlier, often with other results
(A/C.3/78/L.41 passed the Third Committee 80-29-65), and counting it beside the plenary vote
would weigh that text twice and put a committee vote where readers expect the Assembly's.
`include_committee=True` adds the Main Committees' recorded votes, and every row then says
which body voted. Human Rights Council votes are a different assembly and never count here.

Each vote is counted once, from its most authoritative source (`canonical_roll_calls`), and a
year given for a session is read through `sessions.session_range`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd

from ungawatch.countries import all_states, resolve
from ungawatch.sessions import SessionRange, hrc_sessions_of_year, session_label, session_range
from ungawatch.store import Store
from ungawatch.vocabulary import Body, Track

PLENARY_ONLY: tuple[Body, ...] = (Body.PLENARY,)
WITH_COMMITTEES: tuple[Body, ...] = tuple(body for body in Body if body.track is Track.GA)


@dataclass(frozen=True, slots=True)
class Scope:
    """Sessions, issue and bodies whose recorded votes an analysis counts."""

    sessions: SessionRange = field(default_factory=lambda: SessionRange(None, None))
    issue: str | None = None
    include_committee: bool = False
    track: Track = Track.GA

    @property
    def bodies(self) -> tuple[Body, ...]:
        if self.track == Track.HRC:
            return (Body.HRC,)
        return WITH_COMMITTEES if self.include_committee else PLENARY_ONLY

    @property
    def label(self) -> str:
        """Which votes are counted, for titles and messages ("plenary" votes)."""
        if self.track == Track.HRC:
            return "Human Rights Council"
        return "plenary and Main Committee" if self.include_committee else "plenary"


def scope_of(
    *,
    start: int | None = None,
    end: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    issue: str | None = None,
    include_committee: bool = False,
    track: Track = Track.GA,
) -> Scope:
    """A `Scope` from the keyword arguments every analysis takes (sessions or years). The two
    tracks number their sessions apart (Council session 52 met in 2023, Assembly session 52
    in 1997): for the Council a year stands for its three regular sessions of that year."""
    if track == Track.HRC:
        first = hrc_sessions_of_year(from_year)[0] if from_year is not None else start
        last = hrc_sessions_of_year(to_year)[-1] if to_year is not None else end
        return Scope(SessionRange(first, last), issue, include_committee, track)
    sessions = session_range(first=start, last=end, from_year=from_year, to_year=to_year)
    return Scope(sessions, issue, include_committee, track)


def where(scope: Scope, alias: str = "c") -> tuple[str, list[object]]:
    """SQL conditions on `canonical_roll_calls` (as `alias`, its votes as `v`) and their
    parameters."""
    clauses = [f"{alias}.session IS NOT NULL", f"{alias}.body IN (SELECT unnest(?::VARCHAR[]))"]
    parameters: list[object] = [[body.value for body in scope.bodies]]
    if scope.sessions.first is not None:
        clauses.append(f"{alias}.session >= ?")
        parameters.append(scope.sessions.first)
    if scope.sessions.last is not None:
        clauses.append(f"{alias}.session <= ?")
        parameters.append(scope.sessions.last)
    if scope.track == Track.HRC:
        # Only the Council's members of the session vote: a vote the scrape files under a
        # state that was not a member that session (see `positions.council`) is not counted.
        clauses.append(
            f"EXISTS (SELECT 1 FROM council_members m WHERE m.session = {alias}.session "
            "AND m.state_code = v.state_code)"
        )
    if scope.issue is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM roll_call_issues i "
            f"WHERE i.source_kind = {alias}.source_kind AND i.record_id = {alias}.record_id "
            "AND (lower(i.issue_code) = lower(?) OR lower(i.issue) = lower(?)))"
        )
        parameters.extend([scope.issue, scope.issue])
    return " AND ".join(clauses), parameters


def recorded_votes(
    store: Store,
    scope: Scope | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    issue: str | None = None,
    include_committee: bool = False,
) -> pd.DataFrame:
    """Every counted Y/N/A vote in `scope` (or in the scope the keywords describe): session,
    body, roll_call (an integer id), state_code, vote."""
    if scope is None:
        scope = scope_of(start=start, end=end, issue=issue, include_committee=include_committee)
    condition, parameters = where(scope)
    return store.frame(
        "SELECT c.session, c.body, "
        "dense_rank() OVER (ORDER BY c.source_kind, c.record_id) AS roll_call, "
        "v.state_code, v.vote FROM canonical_roll_calls c JOIN all_roll_call_votes v "
        "ON v.source_kind = c.source_kind AND v.record_id = c.record_id "
        f"WHERE v.vote IN ('Y', 'N', 'A') AND {condition}",
        parameters,
    )


def range_text(scope: Scope) -> str:
    """ " in session 70 (2015–16)", " from session 60 (2005–06) to session 74 (2019–20)", or
    "" for every session: for messages."""
    first, last = scope.sessions.first, scope.sessions.last
    if first is not None and first == last:
        return f" in {session_label(first)}"
    parts = [f"from {session_label(first)}" if first is not None else ""]
    parts.append(f"to {session_label(last)}" if last is not None else "")
    text = " ".join(part for part in parts if part)
    return f" {text}" if text else ""


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


def continuing_seat(code: str) -> str:
    """The code of the state that today holds the seat `code` held (SUN -> RUS, SCG -> SRB);
    the code itself when no state continued it."""
    successors = _continued_by()
    while code in successors:
        code = successors[code]
    return code


@functools.cache
def _continued_by() -> dict[str, str]:
    return {
        entry.code: entry.successor
        for entry in all_states()
        if entry.successor and entry.code in seat_codes(entry.successor)
    }
