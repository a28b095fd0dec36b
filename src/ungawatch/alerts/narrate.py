"""The small pieces every briefing and event sentence is built from.

A session is always named with its years ("session 62 (2007–08)"), a span of sessions with
its years too ("sessions 63–77 (2008–2022)"), dates as a wire editor writes them ("2 November
2023"), and lists of states in their official short names of the session's year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ungawatch import countries
from ungawatch.positions.history import state_name
from ungawatch.sessions import label, year_of
from ungawatch.vocabulary import Body, SponsorRole, Track, VoteOption

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip

BODY_NAMES = {
    Body.PLENARY.value: "the plenary",
    Body.C1.value: "the First Committee",
    Body.C2.value: "the Second Committee",
    Body.C3.value: "the Third Committee",
    Body.C4.value: "the Fourth Committee",
    Body.C5.value: "the Fifth Committee",
    Body.C6.value: "the Sixth Committee",
    Body.HRC.value: "the Human Rights Council",
}

VOTE_WORDS = {
    VoteOption.YES.value: "yes",
    VoteOption.NO.value: "no",
    VoteOption.ABSTAIN.value: "abstained",
    VoteOption.NON_VOTING.value: "did not vote",
}

ROLE_WORDS = {
    SponsorRole.ORIGINAL.value: "an original sponsor",
    SponsorRole.ADDITIONAL.value: "an additional sponsor",
    SponsorRole.CO_SPONSOR.value: "a co-sponsor",
    SponsorRole.WITHDRAWN.value: "withdrawn from the sponsors",
    SponsorRole.NOT_SPONSOR.value: "not a sponsor",
    SponsorRole.UNKNOWN.value: "of unknown sponsorship (no list on record)",
}


def day(value: date | str | None) -> str | None:
    """ "2 November 2023" (None stays None)."""
    if value is None:
        return None
    when = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def session_words(track: Track, session: int) -> str:
    return label(track, session)


def span(track: Track, sessions: Sequence[int]) -> str:
    """Sessions with their years, runs collapsed: "sessions 63–77 (2008–2022)", or
    "session 67 (2012–13) and sessions 71–77 (2016–2022)"."""
    runs: list[list[int]] = []
    for session in sorted(sessions):
        if runs and session == runs[-1][-1] + 1:
            runs[-1].append(session)
        else:
            runs.append([session])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(label(track, run[0]))
        else:
            prefix = "HRC sessions" if track == Track.HRC else "sessions"
            first, last = run[0], run[-1]
            years = f"{year_of(track, first)}–{year_of(track, last)}"
            parts.append(f"{prefix} {first}–{last} ({years})")
    return join(parts)


def join(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} and {listed[-1]}"


def names(codes: Iterable[str], track: Track, session: int) -> list[str]:
    """Official short names of the session's year, alphabetical."""
    year = year_of(track, session)
    return sorted((state_name(code, year) for code in codes), key=countries.normalize_name)


def body_name(body: str | None) -> str:
    return BODY_NAMES.get(body or "", body or "an unknown body")


def cite(*symbols: str | None) -> str:
    """ "(A/C.3/78/L.39; A/78/481/Add.3)": the documents behind a sentence, each once."""
    kept = list(dict.fromkeys(s for s in symbols if s))
    return f"({'; '.join(kept)})" if kept else ""
