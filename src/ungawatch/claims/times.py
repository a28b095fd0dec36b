"""Times in news text, read against the story's date.

"between 2019 and 2022", "from 2008-18", "in 2023", "this year", "last year", "next month",
"on Nov. 12", "on Wednesday", "Thursday's vote", "at its 80th Session": each becomes the
calendar years it covers (and the day, when one is named). Days are read by `dateparser`
relative to the story's date, preferring the past ("on Wednesday" in a story of Thursday 20
November 2025 is 19 November). Sessions stay sessions: which years they mean depends on the
body (GA session 80 = 2025; HRC session 52 = 2023), decided where the body is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DASH = r"(?:-|–|—|/)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "range",
        re.compile(
            rf"\b(?:from|between)\s+(?P<a>{_YEAR})\s*(?:to|and|through|until|till|{_DASH})\s*"
            rf"(?P<b>{_YEAR}|\d\d)\b"
        ),
    ),
    ("range", re.compile(rf"\b(?P<a>{_YEAR})\s*(?:{_DASH}|to|through)\s*(?P<b>{_YEAR}|\d\d)\b")),
    (
        "date",
        re.compile(
            rf"\b(?P<d>{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?)", re.IGNORECASE
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b\.?(?:,?\s+{_YEAR})?)", re.IGNORECASE
        ),
    ),
    ("weekday", re.compile(rf"\b(?P<d>{_WEEKDAYS})(?:'s)?\b")),
    (
        "session",
        re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:regular\s+)?session\b", re.IGNORECASE),
    ),
    ("this", re.compile(r"\b(?:this|the current)\s+(?:year|time|session)\b", re.IGNORECASE)),
    (
        "last",
        re.compile(
            r"\b(?:last|previous)\s+year(?:'s)?\b|\ba\s+year\s+(?:earlier|ago|before)\b",
            re.IGNORECASE,
        ),
    ),
    ("next_month", re.compile(r"\bnext\s+month\b", re.IGNORECASE)),
    ("next_year", re.compile(r"\bnext\s+year\b", re.IGNORECASE)),
    (
        "prior",
        re.compile(
            r"\b(?:in\s+)?(?:prior|previous|past|earlier|preceding)\s+years\b",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(rf"(?<![/\d.,])\b(?P<y>{_YEAR})\b(?![/\d]|,\d)")),
)


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time named in a sentence: character offsets in the text, the calendar years it
    covers, the day if one is named, or a session number whose years depend on the body."""

    start: int
    end: int
    kind: str  # range | date | weekday | session | this | last | next_month | prior | year
    first_year: int | None
    last_year: int | None
    day: date | None = None
    session: int | None = None
    text: str = ""


def find_times(text: str, offset: int, story: date) -> list[TimeExpr]:
    """Every time in `text` (a sentence starting at `offset` in the story), in text order;
    a later pattern never claims characters an earlier one took ("2008-18" is one range)."""
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            expr = _expr(kind, match, story)
            if expr is None:
                continue
            taken.append((start, end))
            found.append(
                TimeExpr(
                    start + offset,
                    end + offset,
                    expr.kind,
                    expr.first_year,
                    expr.last_year,
                    expr.day,
                    expr.session,
                    match.group(0),
                )
            )
    return sorted(found, key=lambda t: t.start)


def _expr(kind: str, match: re.Match[str], story: date) -> TimeExpr | None:
    if kind == "range":
        first, last = int(match["a"]), match["b"]
        end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        return TimeExpr(0, 0, kind, first, end) if end >= first else None
    if kind in ("date", "weekday"):
        day = parse_day(match["d"], story)
        return TimeExpr(0, 0, "date", day.year, day.year, day) if day else None
    if kind == "session":
        return TimeExpr(0, 0, kind, None, None, session=int(match["n"]))
    if kind == "year":
        year = int(match["y"])
        return TimeExpr(0, 0, kind, year, year)
    return _relative(kind, story)


def _relative(kind: str, story: date) -> TimeExpr:
    if kind == "this":
        return TimeExpr(0, 0, kind, story.year, story.year)
    if kind == "last":
        return TimeExpr(0, 0, kind, story.year - 1, story.year - 1)
    if kind == "next_year":
        return TimeExpr(0, 0, kind, story.year + 1, story.year + 1)
    if kind == "next_month":
        year = story.year + (1 if story.month == 12 else 0)
        return TimeExpr(0, 0, kind, year, year)
    return TimeExpr(0, 0, kind, None, story.year - 1)  # prior years: open start


def parse_day(text: str, story: date) -> date | None:
    """A day named in text ("Nov. 12", "December 18, 2025", "Wednesday"), read relative to
    the story's date, preferring the past: news reports what happened."""
    import dateparser

    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text.replace("'s", "")).strip()
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(story.year, story.month, story.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": [],
        },
    )
    return parsed.date() if parsed else None


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_WRITTEN_DAY = re.compile(
    rf"\b(?:{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|\d{{1,2}}\s+{_MONTHS}\.?,?\s+{_YEAR})\b",
    re.IGNORECASE,
)


def date_in_text(text: str) -> date | None:
    """The first full date a text states ("2025-11-12", "December 18, 2025",
    "17 December 2015"): the default date of a story given without one."""
    iso = _ISO_DAY.search(text)
    written = _WRITTEN_DAY.search(text)
    candidates: list[tuple[int, date]] = []
    if iso:
        candidates.append((iso.start(), date(int(iso[1]), int(iso[2]), int(iso[3] or 1))))
    if written:
        parsed = parse_day(written.group(0), date.today())
        if parsed:
            candidates.append((written.start(), parsed))
    return min(candidates)[1] if candidates else None
