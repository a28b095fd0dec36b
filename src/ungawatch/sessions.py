"""Sessions and their years: session 80 of the General Assembly opened in September 2025.

Every output that names a session also gives its year(s), and every input that takes a session
also takes a year; the conversions live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ungawatch.errors import InvalidRange

_FIRST_SESSION_OPENED = date(1946, 1, 10)  # London, Methodist Central Hall


def year_of_session(session: int) -> int:
    """The year regular session `session` opened: 1945 + session (session 78 opened in 2023).

    Session 1 is the one exception to "opens in September": it opened on 10 January 1946, which
    still fits the formula.
    """
    if session < 1:
        raise ValueError(f"regular sessions are numbered from 1, not {session}")
    return 1945 + session


def session_opening(session: int) -> date:
    """The day regular session `session` opened (or will open), per rule 1 of the GA's rules.

    Rule 1 as amended by resolution 57/301 (2003) opens the session on the Tuesday of the third
    week of September, counting from the first week with at least one working day (16 September
    2003 ... 13 September 2022). Since 2023 the Assembly has opened a week earlier, on the
    Tuesday of the second week so counted (5 September 2023, 10 September 2024, 9 September
    2025), and that is assumed for later years. Before 2003 the rule read differently and
    openings ranged from about 5 to 21 September; the 2003 rule stands in for those years, so
    dates in early and mid September of those years may land a session early or late.
    """
    year = year_of_session(session)
    if session == 1:
        return _FIRST_SESSION_OPENED
    first = date(year, 9, 1)
    # Weeks run Monday to Sunday; a September starting on a weekend has its first week next day.
    first_monday = first + timedelta(days={5: 2, 6: 1}.get(first.weekday(), -first.weekday()))
    week = 2 if year >= 2023 else 3
    return first_monday + timedelta(weeks=week - 1, days=1)


def session_of_date(day: date) -> int:
    """The regular session running on `day`: from its opening to the next one's (Sept to Sept).

    The boundary is the computed opening day (see `session_opening`) rather than a fixed date in
    September, because the opening has moved between 5 and 18 September over the years: a fixed
    cut-off would put the outgoing session's last plenary meetings, held days before the
    opening, into the new session. On the opening day itself both sessions may meet (session 77
    closed on the morning of 5 September 2023, session 78 opened that afternoon); the new
    session is returned.
    """
    if day < _FIRST_SESSION_OPENED:
        raise ValueError(f"no regular session ran on {day}; the first opened on 10 January 1946")
    session = day.year - 1945
    return session if day >= session_opening(session) else session - 1


def session_of_year(year: int) -> int:
    """The regular session that opened in `year` (its autumn committee work and December
    plenary fall in that year): 2015 -> 70."""
    if year < 1946:
        raise ValueError(f"the first regular session opened in 1946, not {year}")
    return year - 1945


def session_label(session: int) -> str:
    """ "session 80 (2025–26)": a session with the two years it spans."""
    year = year_of_session(session)
    return f"session {session} ({year}–{str(year + 1)[-2:]})"


@dataclass(frozen=True, slots=True)
class SessionRange:
    """Regular sessions `first`..`last` (None: open on that side), and how each year given
    was read ("2015 is session 70 (2015–16)"), for the caller to show."""

    first: int | None
    last: int | None
    readings: tuple[str, ...] = ()

    def covers(self, session: int) -> bool:
        return (self.first is None or session >= self.first) and (
            self.last is None or session <= self.last
        )


def session_range(
    *,
    first: int | None = None,
    last: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    session: int | None = None,
    year: int | None = None,
) -> SessionRange:
    """The sessions asked for by sessions or years or both: `session`/`year` name one session,
    `first`/`from_year` and `last`/`to_year` the ends of a range.

    A year stands for the session that opened in it (2015 -> 70, whose plenary votes fall in
    December 2015). Two values for the same end must agree; an empty range is an error.
    """
    readings: list[str] = []
    one = _either("--session", session, "--year", year, readings)
    start = _either("--from", first, "--from-year", from_year, readings)
    end = _either("--to", last, "--to-year", to_year, readings)
    if one is not None:
        if (start is not None and start != one) or (end is not None and end != one):
            raise InvalidRange(
                "a single session (--session/--year) cannot be combined with a different "
                "--from/--to; give one or the other"
            )
        start = end = one
    if start is not None and end is not None and start > end:
        raise InvalidRange(
            f"the range is empty: {session_label(start)} comes after {session_label(end)}"
        )
    return SessionRange(start, end, tuple(dict.fromkeys(readings)))


def _either(
    session_flag: str,
    session: int | None,
    year_flag: str,
    year: int | None,
    readings: list[str],
) -> int | None:
    """One end of a range given as a session, a year or both (which must agree)."""
    if session is not None and session < 1:
        raise InvalidRange(f"{session_flag} {session}: regular sessions are numbered from 1")
    if year is None:
        return session
    if year < 1946:
        raise InvalidRange(f"{year_flag} {year}: the first regular session opened in 1946")
    from_year = session_of_year(year)
    readings.append(f"{year} is {session_label(from_year)}")
    if session is not None and session != from_year:
        raise InvalidRange(
            f"{session_flag} {session} and {year_flag} {year} disagree: {year} is "
            f"{session_label(from_year)}; give one of them"
        )
    return from_year
