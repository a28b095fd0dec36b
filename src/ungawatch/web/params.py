"""Query parameters shared by the API and the pages, validated once.

Every endpoint that takes a session also takes a year (`year=2015` is session 70, the
session that opened in 2015), and every range of sessions (`start`, `end`) also takes years
(`from_year`, `to_year`); giving both forms of one bound is a 422. Answers say which session
a year was read as.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from ungawatch.sessions import session_label, session_of_year, year_of_session

SessionParam = Annotated[
    int | None, Query(ge=1, le=200, description="Regular session, e.g. 78 (opened 2023).")
]
YearParam = Annotated[
    int | None,
    Query(ge=1946, le=2200, description="Or the year the session opened: 2023 = session 78."),
]


def _both(name: str, year_name: str) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("query", year_name), "msg": f"give {name} or {year_name}, not both"}]
    )


@dataclass(frozen=True, slots=True)
class SessionChoice:
    """The session asked for, directly or as a year (`given_year`), its year, and what the
    question was read as."""

    session: int | None
    given_year: int | None

    @property
    def year(self) -> int | None:
        return year_of_session(self.session) if self.session is not None else None

    @property
    def asked(self) -> str | None:
        if self.session is None:
            return None
        label = session_label(self.session)
        return f"year {self.given_year} = {label}" if self.given_year is not None else label


def session_choice(session: SessionParam = None, year: YearParam = None) -> SessionChoice:
    if session is not None and year is not None:
        raise _both("session", "year")
    if year is not None:
        return SessionChoice(session_of_year(year), year)
    return SessionChoice(session, None)


SessionDep = Annotated[SessionChoice, Depends(session_choice)]


@dataclass(frozen=True, slots=True)
class SessionRange:
    start: int | None
    end: int | None
    notes: tuple[str, ...]


def session_range(
    start: Annotated[int | None, Query(ge=1, le=200, description="First session.")] = None,
    end: Annotated[int | None, Query(ge=1, le=200, description="Last session.")] = None,
    from_year: Annotated[
        int | None, Query(ge=1946, le=2200, description="Or the first year (session opened).")
    ] = None,
    to_year: Annotated[
        int | None, Query(ge=1946, le=2200, description="Or the last year (session opened).")
    ] = None,
) -> SessionRange:
    if start is not None and from_year is not None:
        raise _both("start", "from_year")
    if end is not None and to_year is not None:
        raise _both("end", "to_year")
    notes = []
    if from_year is not None:
        start = session_of_year(from_year)
        notes.append(f"from year {from_year} = {session_label(start)}")
    if to_year is not None:
        end = session_of_year(to_year)
        notes.append(f"to year {to_year} = {session_label(end)}")
    return SessionRange(start, end, tuple(notes))


RangeDep = Annotated[SessionRange, Depends(session_range)]


def state_list(values: list[str]) -> list[str]:
    """`states=USA,CHN` and `states=USA&states=CHN` both name two states."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()][:10]
