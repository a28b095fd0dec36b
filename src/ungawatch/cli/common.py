"""What every command shares: the console, the error edge, JSON output, common options.

Exit status, for every command: 0 success; 1 a data problem (a file refused, a record
quarantined, a database that cannot be read or written, the Library unreachable); 2 a usage
error or nothing found. With `--json`, errors are JSON too, on standard output:
`{"error": {"code": ..., "message": ..., "exit_code": ...}}`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

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
    from ungawatch.ingest.report import IngestReport
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
        fail(str(error), 2, _code(error))
    except UngawatchError as error:
        fail(str(error), 1, _code(error))
    finally:
        if store is not None and not write:
            store.close()


def fail(message: str, exit_code: int, code: str = "error") -> NoReturn:
    """Say what went wrong (as JSON when the command was given `--json`) and exit."""
    if wants_json():
        print_json(error_json(message, exit_code, code))
    else:
        # Messages quote UN text and commands ("ungawatch[plot]"): not markup.
        errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(exit_code)


def error_json(message: str, exit_code: int, code: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "exit_code": exit_code}}


# Whether the running command was given `--json` (set by `JsonErrorsGroup.main`).
_JSON_ERRORS: ContextVar[bool] = ContextVar("json_errors", default=False)


def wants_json() -> bool:
    """Whether the running command was given `--json`: its errors are JSON too."""
    return _JSON_ERRORS.get()


def _code(error: UngawatchError) -> str:
    """snake_case of the error class: `NotFound` -> "not_found"."""
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


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


class JsonErrorsGroup(TyperGroup):
    """The command group: with `--json`, usage errors (a missing argument, an unknown option,
    a bad value) are printed as JSON too, with exit status 2, instead of Click's text."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if "--json" not in argv:
            return super().main(
                argv, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        token = _JSON_ERRORS.set(True)
        try:
            result = super().main(
                argv, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except typer.Abort:
            print_json(error_json("interrupted", 1, "interrupted"))
            result = 1
        except typer.TyperException as error:  # Click's usage errors, as Typer vendors them
            code = int(getattr(error, "exit_code", 2))
            formatted = getattr(error, "format_message", None)
            message = str(formatted()) if callable(formatted) else str(error)
            print_json(error_json(message, code, "usage_error"))
            result = code
        finally:
            _JSON_ERRORS.reset(token)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def print_ingest_report(report: IngestReport, title: str) -> None:
    """The summary of an ingest (or reparse): counts, then notes, duplicates, quarantined
    records and refused files, each naming file, record and field."""
    table = Table(title=title, show_header=False)
    for label, value in (
        ("files committed", len(report.files)),
        ("files rejected", len(report.files_rejected)),
        ("records read", report.records),
        ("inserted", report.inserted),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("duplicates", len(report.duplicates)),
        ("quarantined", len(report.rejected)),
        ("documents written", report.documents),
        ("sponsorships written", report.sponsorships),
        ("votes written", report.votes),
        ("warnings", len(report.warnings)),
    ):
        table.add_row(label, str(value))
    console.print(table)
    for problem in report.warnings:
        console.print(
            f"[yellow]note[/yellow] record {problem.record_id} {problem.field}: {problem.message}",
            highlight=False,
        )
    for problem in report.duplicates:
        console.print(f"[yellow]duplicate[/yellow] {problem}", highlight=False)
    for problem in report.rejected:
        errors.print(f"[red]quarantined[/red] {problem}", highlight=False)
    for problem in report.files_rejected:
        errors.print(f"[red]file rejected[/red] {problem}", highlight=False)
    if report.rejected:
        errors.print(
            "Quarantined records were not stored; the other records were. `ungawatch status` "
            "lists them (the quarantine table keeps each record as the source gave it). Fix "
            "the source or the registry and run the same ingest again: nothing is duplicated."
        )
    if report.files_rejected:
        errors.print("Nothing of a rejected file was stored; the other files were.")


@contextmanager
def retries_reported(what: str, *, quiet: bool = False) -> Iterator[None]:
    """Say on stderr why `what` (a page, a delivery) is retried and how long it waits, through
    stamina's hook, in place of its default log lines."""
    import stamina.instrumentation as instrumentation

    def say(details: instrumentation.RetryDetails) -> None:
        if not quiet:
            errors.print(
                f"{what} retry {details.retry_num} in {details.wait_for:.1f} s: "
                f"{details.caused_by}",
                highlight=False,
            )

    previous = instrumentation.get_on_retry_hooks()
    instrumentation.set_on_retry_hooks([say])
    try:
        yield
    finally:
        instrumentation.set_on_retry_hooks(previous)
