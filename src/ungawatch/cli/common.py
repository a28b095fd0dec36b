"""What every command shares: the console, the error edge, JSON output, common options."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ungawatch.errors import (
    AmbiguousQuery,
    InvalidRange,
    NotFound,
    SymbolError,
    UngawatchError,
    UnknownState,
)
from ungawatch.sessions import hrc_sessions_of_year, session_label, session_of_year
from ungawatch.settings import DB
from ungawatch.vocabulary import Track

if TYPE_CHECKING:
    from ungawatch.store import Store

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", envvar=DB.env, help=DB.help)]


class BodyChoice(StrEnum):
    """Which track a command reads: the General Assembly's, the Human Rights Council's, or
    both (the default)."""

    GA = Track.GA.value
    HRC = Track.HRC.value
    ALL = "all"

    @property
    def track(self) -> Track | None:
        return None if self is BodyChoice.ALL else Track(self.value)


BodyOption = Annotated[
    BodyChoice,
    typer.Option(
        "--body",
        help="ga (General Assembly: plenary and committees), hrc (Human Rights Council) or "
        "all (both; a series and its twin in the other track side by side).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@contextmanager
def edge(db: Path | None = None, *, write: bool = False) -> Iterator[Store | None]:
    """Open the store if asked and translate library errors into messages and exit codes.

    Writers work on a copy that replaces the database atomically at the end (`updating`).
    """
    from ungawatch.alerts.derive import keep_events
    from ungawatch.alerts.webhooks import waiting
    from ungawatch.positions.build import ensure_current, keep_positions
    from ungawatch.store import open_store, updating

    store = None
    try:
        if db is not None and write:
            with updating(db) as store:
                keep_positions(store)
                keep_events(store)
                yield store
                pending = waiting(store)
            if pending:
                # Webhooks of the events this write announced, once it is committed.
                from ungawatch.cli.alerts import deliver_waiting

                deliver_waiting(db)
            return
        if db is not None:
            ensure_current(db)
            store = open_store(db, read_only=True)
        yield store
    except (NotFound, AmbiguousQuery, SymbolError, UnknownState, InvalidRange) as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None
    except UngawatchError as error:
        # Messages quote UN text and commands ("ungawatch[plot]"): not markup.
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        if store is not None and not write:
            store.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def session_option(session: int | None, year: int | None) -> int | None:
    """The GA session a command's `--session` or `--year` names (not both); says which session
    a year maps to on stderr."""
    if session is not None and year is not None:
        raise typer.BadParameter("give --session or --year, not both")
    if year is None:
        return session
    try:
        chosen = session_of_year(year)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    errors.print(f"year {year}: {session_label(chosen)}", highlight=False)
    return chosen


def year_note(year: int, track: Track | None) -> None:
    """Say on stderr which sessions a year stands for in the track(s) asked about."""
    notes = []
    if track in (None, Track.GA):
        notes.append(session_label(session_of_year(year)))
    if track in (None, Track.HRC) and year >= 2006:
        held = hrc_sessions_of_year(year)
        notes.append(f"HRC sessions {held[0]}–{held[-1]}")
    errors.print(f"year {year}: {'; '.join(notes)}", highlight=False)
