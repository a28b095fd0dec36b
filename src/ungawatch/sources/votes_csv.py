"""Recorded-vote tables: the UN Digital Library's GA voting-data CSV and the Voeten/`unvotes` set.

Both are bulk tables (hundreds of thousands of rows), so they are read column-wise with
pyarrow into Arrow tables rather than into one dataclass per row; `ungawatch.ingest.votes` stages
them in the store and resolves, hashes and writes them in SQL.

Format quirks handled here, once:

- Every column is read as text and *no* string means "missing": Namibia's ISO2 code is
  "NA", which pandas, polars and R turn into a missing value by default, silently dropping
  its 2,455 votes from `unvotes`. Only the empty string is empty.
- The UNDL bulk CSV (record 4060887) writes `ms_vote` Y / N / A, and X or nothing for a
  member that did not vote; older releases lack the `vote_note` column.
- `unvotes` files some seats under today's state: the Soviet Union's votes as "Russia"/RU,
  Serbia and Montenegro's (2000-06) and Serbia's (since 2006) as "Yugoslavia"/YU, and the
  Republic of China's seat before resolution 2758 (XXVI) as "Taiwan"/TW. `seat_codes` maps
  them by date onto the registry's codes (SUN, YUG, SCG, SRB, CHN), so a vote is always
  credited to the member that held the seat that day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from ungawatch.countries import State, resolve
from ungawatch.errors import SourceError, SymbolError, UnknownState
from ungawatch.symbols import normalize_symbol
from ungawatch.vocabulary import VoteOption

BULK_COLUMNS = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
BULK_COLUMNS_OLD = [name for name in BULK_COLUMNS if name != "vote_note"]
UNVOTES_VOTES = ["rcid", "country", "country_code", "vote"]
UNVOTES_ROLL_CALLS = [
    "rcid",
    "session",
    "importantvote",
    "date",
    "unres",
    "amend",
    "para",
    "short",
    "descr",
]
UNVOTES_ISSUES = ["rcid", "short_name", "issue"]

# The file names of the `unvotes` set, by table: one table alone cannot be resolved (a vote's
# seat depends on the roll call's date), so the three are read together.
UNVOTES_FILES = {
    "votes": "un_votes",
    "roll_calls": "un_roll_calls",
    "issues": "un_roll_call_issues",
}
_HEADERS = {
    "bulk": BULK_COLUMNS,
    "bulk-old": BULK_COLUMNS_OLD,
    "votes": UNVOTES_VOTES,
    "roll_calls": UNVOTES_ROLL_CALLS,
    "issues": UNVOTES_ISSUES,
}

BULK_VOTES = {
    "Y": VoteOption.YES,
    "N": VoteOption.NO,
    "A": VoteOption.ABSTAIN,
    "X": VoteOption.NON_VOTING,
    "": VoteOption.NON_VOTING,
}
UNVOTES_VOTES_MAP = {"yes": VoteOption.YES, "no": VoteOption.NO, "abstain": VoteOption.ABSTAIN}

_UNRES = re.compile(r"^R/([0-9]{1,2})/([0-9]{1,5})([A-Z]?)$")
_LAST_OLD_STYLE_SESSION = 30


@dataclass(frozen=True, slots=True)
class Seat:
    """Votes printed as (`name`, `code`) on a day in [`valid_from`, `valid_until`) belong to
    the registry state `state_code`."""

    name: str
    code: str
    valid_from: date
    valid_until: date
    state_code: str


_EVER = (date(1900, 1, 1), date(2100, 1, 1))
# Seats `unvotes` files under a later state, by the registry code the printed name resolves to
# (or, for Taiwan, which the registry does not list as a member, by its printed name): each
# entry is (first day, registry code). Dates: the Russian Federation's letter of 24 December
# 1991; the admission of the Federal Republic of Yugoslavia on 1 November 2000 (res. 55/12) and
# Serbia's continuation of Serbia and Montenegro on 3 June 2006; resolution 2758 (XXVI) of 25
# October 1971, after which the Republic of China cast no GA vote.
_SEAT_HISTORY: dict[str, tuple[tuple[date, str], ...]] = {
    "RUS": ((_EVER[0], "SUN"), (date(1991, 12, 24), "RUS")),
    "YUG": ((_EVER[0], "YUG"), (date(2000, 11, 1), "SCG"), (date(2006, 6, 3), "SRB")),
    "taiwan": ((_EVER[0], "CHN"), (date(1971, 10, 25), "")),
}


def table_kind(head: bytes) -> str | None:
    """Which vote table a file is, from its header line: bulk, bulk-old, votes, roll_calls,
    issues, or None when it is none of them."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().decode("utf-8", "replace")
    names = [name.strip().strip('"') for name in first.split(",")]
    for kind, columns in _HEADERS.items():
        if names == columns:
            return kind
    return None


def read_table(path: Path, kind: str) -> pa.Table:
    """Read one vote table as all-text columns ("NA" stays Namibia), checking its header.

    pyarrow reads gzip-compressed files by their `.gz` suffix and parses in parallel.
    """
    columns = _HEADERS[kind]
    options = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in columns},
        null_values=[],
        strings_can_be_null=False,
    )
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=options,
        )
    except (pa.ArrowInvalid, OSError) as error:
        raise SourceError(f"not a readable CSV table: {error}", location=str(path)) from error
    if table.column_names != columns:
        raise SourceError(
            f"expected the columns {','.join(columns)}, found {','.join(table.column_names)}",
            location=str(path),
            field="header",
        )
    return table


def unvotes_set(path: Path) -> dict[str, Path]:
    """The three files of the `unvotes` set that `path` belongs to (same folder and suffix)."""
    name = path.name
    stem = next((s for s in UNVOTES_FILES.values() if name.startswith(s + ".")), None)
    if stem is None:
        raise SourceError(
            "an unvotes table must be named un_votes, un_roll_calls or un_roll_call_issues "
            "(.csv or .csv.gz), as the R package writes them, so that its siblings can be found",
            location=str(path),
        )
    suffix = name[len(stem) :]
    found = {
        table: path.with_name(stem_name + suffix) for table, stem_name in UNVOTES_FILES.items()
    }
    missing = [str(p) for p in found.values() if not p.exists()]
    if missing:
        raise SourceError(
            f"the unvotes set is incomplete: {', '.join(missing)} not found beside it; "
            "keep the three tables in one folder",
            location=str(path),
        )
    return found


def unvotes_symbol(unres: str, session: int) -> str | None:
    """The resolution symbol of an `unvotes` roll call, or None when `unres` names none.

    `R/44/41C` is A/RES/44/41 C; before session 31 resolutions were numbered serially with the
    session in Roman numerals, so `R/21/2200A` is A/RES/2200(XXI) A. Odd forms ("GOAR/...",
    budget sections "R/33/116A/I", empty) are kept as printed with no symbol.
    """
    text = unres.strip()
    if text.startswith("A/RES/"):
        return _normalized(text)
    match = _UNRES.match(text)
    if match is None:
        return None
    session_text, number, letter = match.groups()
    if int(session_text) != session:
        return None
    if session <= _LAST_OLD_STYLE_SESSION:
        return _normalized(f"A/RES/{number}({_roman(session)}) {letter}")
    return _normalized(f"A/RES/{session}/{number} {letter}")


def bulk_symbol(text: str) -> str | None:
    """The normalized symbol of the CSV's `resolution` column, or None when it is not one."""
    return _normalized(text) if text.strip() else None


def _normalized(text: str) -> str | None:
    try:
        return normalize_symbol(text)
    except SymbolError:
        return None


def _roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out


def seat_codes(pairs: Iterable[tuple[str, str]]) -> tuple[list[Seat], list[tuple[str, str, str]]]:
    """Resolve each printed (name, code) pair to registry codes over time.

    Returns the seats and the pairs that resolve to nothing, each with the reason, so the
    caller can report them rather than drop the votes. The code is tried first (ISO2 in
    `unvotes`, ISO3 in the UNDL CSV), then the name: "Federal Republic of Germany" and
    "Yemen Arab Republic" carry no code in `unvotes`.
    """
    seats: list[Seat] = []
    unknown: list[tuple[str, str, str]] = []
    for name, code in sorted(set(pairs)):
        history = _history(name, code)
        if isinstance(history, str):
            unknown.append((name, code, history))
            continue
        bounds = [start for start, _ in history[1:]] + [_EVER[1]]
        seats.extend(
            Seat(name, code, start, until, state)
            for (start, state), until in zip(history, bounds, strict=True)
            if state
        )
    return seats, unknown


def _history(name: str, code: str) -> tuple[tuple[date, str], ...] | str:
    """The seat a printed (name, code) pair stands for, or why it stands for none.

    When the row prints both, they must name the same state: a row coded "AT" but named
    "Atlantis" (or "Canada") contradicts itself and is credited to nobody, rather than to
    the state its code happens to name.
    """
    if name.strip().casefold() in _SEAT_HISTORY:
        return _SEAT_HISTORY[name.strip().casefold()]
    by_code, code_error = _resolved(code)
    by_name, name_error = _resolved(name)
    if by_code and by_name and by_code.code != by_name.code:
        return (
            f"the code {code!r} is {by_code.name} but the name {name!r} is {by_name.name}: "
            "the row contradicts itself"
        )
    if code.strip() and name.strip() and by_code and by_name is None:
        return (
            f"the code {code!r} is {by_code.name} but the name {name!r} is no known state: "
            "the row contradicts itself"
        )
    if code.strip() and name.strip() and by_name and by_code is None:
        return (
            f"the name {name!r} is {by_name.name} but the code {code!r} is no known state: "
            "the row contradicts itself"
        )
    state = by_code or by_name
    if state is None:
        return "; ".join(e for e in (code_error, name_error) if e) or "neither a name nor a code"
    return _SEAT_HISTORY.get(state.code, ((_EVER[0], state.code),))


def _resolved(text: str) -> tuple[State | None, str | None]:
    if not text.strip():
        return None, None
    try:
        return resolve(text), None
    except UnknownState as error:
        return None, str(error)
