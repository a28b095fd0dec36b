"""Sessions and their years: session 80 of the General Assembly opened in September 2025.

Every output that names a session also gives its year(s), and every input that takes a session
also takes a year; the conversions live here, once.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from ungawatch.errors import InvalidRange
from ungawatch.vocabulary import Track

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


# The Human Rights Council ----------------------------------------------------------------------
# Sessions 1-3 met in 2006 (June, September, November); from 2007 three regular sessions a
# year, in March, June and September: session 4 in March 2007, session 7 in March 2008 and so on.
_HRC_FIRST_REGULAR_YEAR = 2007
_HRC_FIRST_OF_2007 = 4


def hrc_year_of_session(session: int) -> int:
    """The year HRC regular session `session` met: 7 -> 2008, 52 -> 2023, 58 -> 2025."""
    if session < 1:
        raise ValueError(f"Council sessions are numbered from 1, not {session}")
    if session < _HRC_FIRST_OF_2007:
        return 2006
    return _HRC_FIRST_REGULAR_YEAR + (session - _HRC_FIRST_OF_2007) // 3


def hrc_sessions_of_year(year: int) -> tuple[int, ...]:
    """The HRC regular sessions that met in `year` (March, June, September)."""
    if year < 2006:
        raise ValueError(f"the Human Rights Council first met in 2006, not {year}")
    if year == 2006:
        return (1, 2, 3)
    first = _HRC_FIRST_OF_2007 + 3 * (year - _HRC_FIRST_REGULAR_YEAR)
    return (first, first + 1, first + 2)


@dataclass(frozen=True, slots=True)
class CouncilSession:
    """One Council session as held: `number` is "52" for a regular session, "S-35" for a
    special one; `parts` are its (first day, last day) meetings, a resumed part included."""

    number: str
    parts: tuple[tuple[date, date], ...]

    @property
    def special(self) -> bool:
        return self.number.startswith("S-")

    @property
    def opened(self) -> date:
        return self.parts[0][0]

    @property
    def closed(self) -> date:
        return self.parts[-1][1]

    def meets_on(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.parts)


@functools.cache
def hrc_calendar() -> dict[str, CouncilSession]:
    """The Council's sessions 1-60 and special sessions S-1 to S-37 with their dates.

    `hrc_sessions.csv` lists each meeting period from the Council's session pages; resumed
    parts are rows of their own (session 2 resumed in November 2006, session 6 in December
    2007, session 43, suspended on 13 March 2020, in June 2020). Every OHCHR recorded vote
    date falls inside its session's parts (a test checks the shared capture against it).
    """
    text = resources.files("ungawatch").joinpath("hrc_sessions.csv").read_text("utf-8")
    parts: dict[str, list[tuple[date, date]]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        span = (date.fromisoformat(row["opened"]), date.fromisoformat(row["closed"]))
        parts.setdefault(row["session"], []).append(span)
    return {number: CouncilSession(number, tuple(spans)) for number, spans in parts.items()}


def hrc_session(number: str) -> CouncilSession | None:
    """A Council session by its number as symbols print it ("52", "S-35"); None if unknown."""
    return hrc_calendar().get(number.upper().replace("S", "S-", 1).replace("--", "-"))


def hrc_session_of_date(day: date) -> CouncilSession | None:
    """The Council session meeting on `day` (a special session before a regular one that
    meets the same day), or None when the Council did not meet that day (as far as the
    calendar knows: it runs to session 60, October 2025)."""
    meeting = [s for s in hrc_calendar().values() if s.meets_on(day)]
    return min(meeting, key=lambda s: not s.special) if meeting else None


def hrc_regular_session_of_date(day: date) -> int | None:
    """The regular Council session meeting on `day`, or None."""
    found = [s for s in hrc_calendar().values() if not s.special and s.meets_on(day)]
    return int(found[0].number) if found else None


def year_of(track: Track, session: int) -> int:
    """The year a session of either track is filed under: the GA session's opening year (its
    committee and plenary action on recurring texts falls in that autumn), the HRC session's
    year."""
    return hrc_year_of_session(session) if track == Track.HRC else year_of_session(session)


def label(track: Track, session: int) -> str:
    """ "session 80 (2025–26)" for the General Assembly, "HRC session 52 (2023)" for the
    Council."""
    if track == Track.HRC:
        return f"HRC session {session} ({hrc_year_of_session(session)})"
    return session_label(session)


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


def hrc_session_range(
    *,
    first: int | None = None,
    last: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    session: int | None = None,
    year: int | None = None,
) -> SessionRange:
    """Council sessions asked for by session numbers or years: a year stands for the three
    regular sessions the Council held in it (2023 -> sessions 52 to 54)."""
    readings: list[str] = []

    def sessions_of(value: int) -> tuple[int, ...]:
        found = hrc_sessions_of_year(value)
        readings.append(f"{value} is HRC sessions {found[0]}–{found[-1]}")
        return found

    start = first if from_year is None else sessions_of(from_year)[0]
    end = last if to_year is None else sessions_of(to_year)[-1]
    if session is not None:
        start = end = session
    elif year is not None:
        held = sessions_of(year)
        start, end = held[0], held[-1]
    if start is not None and end is not None and start > end:
        raise InvalidRange(f"the range is empty: HRC session {start} comes after {end}")
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
