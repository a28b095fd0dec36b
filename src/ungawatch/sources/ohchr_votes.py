"""The OHCHR voting records of the Human Rights Council, as the `unhrc-nominate` project's
SQLite file holds them (`votes.sqlite3`: tables `resolutions`, `votes`, `countries`).

That file is a scrape of the OHCHR library's "Voting" collection (MARC 791 symbol, 269 date,
245 title, 991 agenda, 967 per-member votes): 974 recorded votes of the Council, 2006-2024,
one row per member and vote. Read here into Arrow tables (like the GA vote tables in
`votes_csv`) for the store's roll-call stage; quirks handled once:

- `name` mixes forms: resolutions (`A/HRC/RES/7/15`, `A/HRC/RES/S-1/1`), drafts that an
  amendment vote was on (`A/HRC/28/L.36`), decisions (`A/HRC/DEC/1/106`), and a few printed
  oddly: `A/HRC/DEC22/117` (no slash), `A/HRC/RES/56/L.31` (an amendment's L symbol under
  RES), `A/HRC/50/L.37 as orally revised`. Each is read as the symbol it stands for, with a
  note saying what was repaired.
- `summary` is the catalogue title with its tail ("… :resolution /adopted by the Human Rights
  Council at its 7th session"); `agenda` runs the report, the agenda item and a subject
  together ("A/HRC/7/78 (Annex I) -4.Human rights situations … -DEMOCRATIC PEOPLE'S …").
- `vote_date` is "YYYY/MM/DD"; `passed` is 1 or 0; `type` is resolution, decision or
  amendment; votes are YES, NO, ABSTAIN and NO_VOTE (a member present or absent that did not
  vote: every vote lists all members of the day).
- The file is the SQLite database itself, usually kept gzip-compressed: it is copied to a
  temporary file to be opened, since SQLite reads only files.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyarrow as pa

from ungawatch.errors import SourceError, SymbolError
from ungawatch.models import SourceNote
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import VoteOption

VOTES = {
    "YES": VoteOption.YES,
    "NO": VoteOption.NO,
    "ABSTAIN": VoteOption.ABSTAIN,
    "NO_VOTE": VoteOption.NON_VOTING,
}
_TABLES = ("resolutions", "votes", "countries")
_COUNCIL_SIZE = 47
_ORALLY_REVISED = re.compile(r"\s+as orally revised\s*$", re.IGNORECASE)
_RUN_TOGETHER = re.compile(r"^(A/HRC/(?:DEC|RES))([0-9]+/)")
_DRAFT_UNDER_RES = re.compile(r"^A/HRC/RES/([0-9]+)/L\.")
_TAIL = re.compile(r"\s*:\s*(?:resolution|decision|amendment)\b.*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class OhchrVotes:
    """The roll calls (one row per recorded vote) and the votes, as Arrow tables, with the
    notes on names that had to be repaired (record id, field, message)."""

    roll_calls: pa.Table
    votes: pa.Table
    notes: tuple[tuple[str, SourceNote], ...]


def is_ohchr_votes(head: bytes) -> bool:
    """Sniff: an SQLite database whose schema (on its first page) has the scrape's tables."""
    return head.startswith(b"SQLite format 3\x00") and all(
        marker in head for marker in (b"CREATE TABLE resolutions", b"vote_date", b"summary")
    )


@contextmanager
def _database(stream: IO[bytes], location: str) -> Iterator[sqlite3.Connection]:
    """The database's bytes copied to a temporary file (SQLite opens only files), read-only."""
    with tempfile.TemporaryDirectory(prefix="ungawatch-ohchr-") as folder:
        copy = Path(folder) / "votes.sqlite3"
        with copy.open("wb") as target:
            shutil.copyfileobj(stream, target)
        try:
            connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
            with closing(connection):
                yield connection
        except sqlite3.Error as error:
            raise SourceError(f"cannot read the SQLite file: {error}", location=location) from error


def read_ohchr_votes(stream: IO[bytes], location: str) -> OhchrVotes:
    """Read the roll calls and votes of the database whose (gunzipped) bytes `stream` gives."""
    with _database(stream, location) as connection:
        _check_tables(connection, location)
        resolutions = connection.execute(
            "SELECT name, vote_date, summary, agenda, passed, type FROM resolutions ORDER BY name"
        ).fetchall()
        votes = connection.execute(
            "SELECT v.resolution_name, coalesce(c.country_long, ''), v.country_short, v.vote "
            "FROM votes v LEFT JOIN countries c USING (country_short) "
            "ORDER BY v.resolution_name, v.rowid"
        ).fetchall()
    rows: list[dict[str, object]] = []
    notes: list[tuple[str, SourceNote]] = []
    for row in resolutions:
        read, found = _roll_call(*row, location=location)
        rows.append(read)
        notes.extend((str(row[0]), note) for note in found)
    notes.extend(_member_notes(rows, votes))
    return OhchrVotes(_roll_call_table(rows), _vote_table(votes), tuple(notes))


def _member_notes(
    rows: list[dict[str, object]], votes: list[tuple[str, str, str, str]]
) -> list[tuple[str, SourceNote]]:
    """Roll calls without vote rows, and roll calls listing another set of 47 states than the
    other roll calls of their session (a scrape filing a vote under the wrong members)."""
    listed: dict[str, set[str]] = {}
    for record_id, _, code, _ in votes:
        listed.setdefault(record_id, set()).add(code)
    notes = [
        (
            str(row["record_id"]),
            SourceNote("votes", "no vote rows: stored as a recorded vote without per-member votes"),
        )
        for row in rows
        if row["record_id"] not in listed
    ]
    by_session: dict[object, list[tuple[str, frozenset[str]]]] = {}
    for row in rows:
        members = frozenset(listed.get(str(row["record_id"]), ()))
        if row["session"] is not None and len(members) == _COUNCIL_SIZE:
            by_session.setdefault(row["session"], []).append((str(row["record_id"]), members))
    for session, found in by_session.items():
        sets = Counter(members for _, members in found)
        usual, times = sets.most_common(1)[0]
        notes.extend(
            (
                record_id,
                SourceNote(
                    "votes",
                    f"lists {', '.join(sorted(members - usual))} instead of "
                    f"{', '.join(sorted(usual - members))}, unlike the {times} other roll calls "
                    f"of HRC session {session}; their members are taken as the Council's",
                ),
            )
            for record_id, members in found
            if members != usual
        )
    return notes


def _check_tables(connection: sqlite3.Connection, location: str) -> None:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    missing = [table for table in _TABLES if table not in names]
    if missing:
        raise SourceError(
            f"not the OHCHR voting-record file: table(s) {', '.join(missing)} missing",
            location=location,
        )


def _roll_call(
    name: str,
    vote_date: str | None,
    summary: str | None,
    agenda: str | None,
    passed: int | None,
    kind: str | None,
    *,
    location: str,
) -> tuple[dict[str, object], list[SourceNote]]:
    """One `resolutions` row as a staged roll call: symbol repaired, title and agenda split."""
    symbol, revised, notes = read_symbol(name)
    parsed = parse_symbol(symbol) if symbol else None
    report, agenda_title, subject = split_agenda(agenda or "")
    outcome = "adopted" if passed else "not adopted"
    return {
        "record_id": name,
        "symbol": symbol,
        "session": parsed.regular_session if parsed else None,
        "date": _date(vote_date, name, location),
        "title": title_of(summary or "") or None,
        "descr": summary,
        "committee_report": report,
        "agenda_title": agenda_title,
        "subjects": subject,
        "amendment": (kind or "").strip().casefold() == "amendment",
        "vote_note": f"{outcome}{', as orally revised' if revised else ''} ({kind or 'vote'})",
    }, notes


def read_symbol(name: str) -> tuple[str | None, bool, list[SourceNote]]:
    """The symbol a printed `name` stands for, whether it says "as orally revised", notes."""
    notes: list[SourceNote] = []
    text = name.strip()
    revised = bool(_ORALLY_REVISED.search(text))
    if revised:
        text = _ORALLY_REVISED.sub("", text)
        notes.append(SourceNote("name", f"{name!r}: read as {text}, the text as orally revised"))
    # "A/HRC/DEC22/117" lacks a slash; "A/HRC/RES/56/L.31" files a draft (the amendment
    # voted on) under RES, a series that has no L documents.
    repaired = _DRAFT_UNDER_RES.sub(r"A/HRC/\1/L.", _RUN_TOGETHER.sub(r"\1/\2", text))
    if repaired != text:
        notes.append(SourceNote("name", f"{name!r} read as {repaired}"))
    try:
        return str(parse_symbol(repaired)), revised, notes
    except SymbolError as error:
        notes.append(SourceNote("name", f"{name!r} is no symbol ({error}); kept as printed"))
        return None, revised, notes


def title_of(summary: str) -> str:
    """The catalogue title without its tail (": resolution / adopted by … session")."""
    return re.sub(r"\s+", " ", _TAIL.sub("", summary)).strip()


def split_agenda(agenda: str) -> tuple[str | None, str | None, str | None]:
    """ "A/HRC/7/78 (Annex I) -4.Human rights situations … -DEMOCRATIC PEOPLE'S REPUBLIC OF
    KOREA" → the report, the agenda item, the subject (any of them None if absent)."""
    parts = [part.strip() for part in re.split(r"\s+-(?=\S)", agenda.strip()) if part.strip()]
    if not parts:
        return None, None, None
    report = parts[0] if parts[0].startswith("A/") else None
    rest = parts[1:] if report else parts
    item = next((p for p in rest if re.match(r"^\d+\.", p)), None)
    subjects = [p for p in rest if p != item]
    return report, re.sub(r"\s+", " ", item) if item else None, "; ".join(subjects) or None


def _date(text: str | None, name: str, location: str) -> str | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})/(\d{2})/(\d{2})", text.strip())
    if match is None:
        raise SourceError(
            f"vote_date {text!r} is not YYYY/MM/DD", location=location, record_id=name
        )
    return "-".join(match.groups())


def _roll_call_table(rows: list[dict[str, object]]) -> pa.Table:
    fields: list[tuple[str, pa.DataType]] = [
        ("record_id", pa.string()),
        ("symbol", pa.string()),
        ("session", pa.int32()),
        ("date", pa.string()),
        ("title", pa.string()),
        ("descr", pa.string()),
        ("committee_report", pa.string()),
        ("agenda_title", pa.string()),
        ("subjects", pa.string()),
        ("amendment", pa.bool_()),
        ("vote_note", pa.string()),
    ]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))


def _vote_table(rows: list[tuple[str, str, str, str]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return pa.table(
        {
            name: pa.array(values, pa.string())
            for name, values in zip(("record_id", "name", "code", "vote"), columns, strict=True)
        }
    )
