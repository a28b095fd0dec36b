"""The `ungawatch` command: parse arguments, call the library, render tables or JSON.

Every command has `--json`; library errors are turned into a message that says what went
wrong and what to do, with exit status 1 (data problem) or 2 (nothing found / bad input).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from ungawatch import countries as registry
from ungawatch.analysis.conflicts import KINDS
from ungawatch.analysis.conflicts import conflicts as find_conflicts
from ungawatch.cli import series, sync, votes, web
from ungawatch.cli.common import (
    DbOption,
    JsonErrorsGroup,
    JsonOption,
    console,
    edge,
    errors,
    print_ingest_report,
    print_json,
)
from ungawatch.ingest import ingest_paths
from ungawatch.positions.changes import changes as find_changes
from ungawatch.positions.history import history as find_history
from ungawatch.positions.history import history_frame
from ungawatch.positions.resolution import resolution as find_resolution
from ungawatch.settings import DB
from ungawatch.status import status as find_status

app = typer.Typer(
    help="Who sponsors, joins and votes for UN General Assembly resolutions, with the UN "
    "document behind every answer.",
    no_args_is_help=True,
    cls=JsonErrorsGroup,
)


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files to load: MARCXML exports, UN document texts or PDFs, GA voting CSVs, "
            "the unvotes tables (.gz fine; the format is told from the content)."
        ),
    ],
    db: DbOption = Path(DB.default),
    strict: Annotated[
        bool, typer.Option(help="Stop at the first bad file or record (nothing is stored).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Load UN records into the database, each file in its own transaction.

    A bad record is quarantined and a bad file refused, with the reason; the others are
    stored. Exit status: 0 all stored, 1 a file refused or a record quarantined, 2 usage
    error.

    Example: ungawatch ingest session78_committee3_drafts.xml
    """
    with edge(db, write=True) as store, _progress(as_json) as advance:
        assert store is not None
        report = ingest_paths(store, paths, strict=strict, progress=advance)
    if as_json:
        print_json(report.to_dict())
    else:
        print_ingest_report(report, "Ingest summary")
    if not report.clean:
        raise typer.Exit(1)


@contextmanager
def _progress(quiet: bool) -> Iterator[Any]:
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("records"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        yield lambda step: bar.advance(task, step)


@app.command()
def resolution(
    symbol: Annotated[str, typer.Argument(help="Resolution or draft symbol.")],
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Show a resolution or draft: sponsors, additional sponsors, adoption, votes.

    Example: ungawatch resolution A/RES/78/218
    """
    with edge(db) as store:
        assert store is not None
        view = find_resolution(store, symbol)
    if as_json:
        print_json(view)
        return
    _print_resolution(view)


def _print_resolution(view: dict[str, Any]) -> None:
    console.print(f"[bold]{view['title']}[/bold]", highlight=False)
    for label, key in (
        ("resolution", "resolution"),
        ("final draft", "draft"),
        ("session", "session"),
        ("body", "body"),
        ("draft dated", "date"),
        ("submitted by", "submitted_by"),
    ):
        if view.get(key):
            console.print(f"  {label}: {view[key]}", highlight=False)
    if view["committee_action"]:
        console.print(
            f"  in committee: {_adoption_text(view['committee_action'])}", highlight=False
        )
    console.print(f"  adoption: {_adoption_text(view['adoption'])}", highlight=False)
    documents = ", ".join(f"{d['symbol']} ({d['kind']})" for d in view["documents"])
    console.print(f"  documents: {documents}", highlight=False)
    for role in ("original", "additional", "withdrawn"):
        sponsors = view["sponsors"][role]
        if sponsors:
            listed = ", ".join(sorted({s["listed_in"] for s in sponsors}))
            names = ", ".join(_sponsor_name(s) for s in sponsors)
            console.print(
                f"\n[bold]{role.capitalize()} sponsors ({len(sponsors)})[/bold], "
                f"listed in {listed}:\n  {names}",
                highlight=False,
            )
    _print_votes("Committee vote", view["committee_votes"])
    _print_votes("Plenary vote", view["votes"])
    if view["notes"]:
        console.print()
    for note in view["notes"]:
        console.print(
            f"[yellow]note[/yellow] {note['symbol']} {note['field']}: {note['message']}",
            highlight=False,
        )


def _print_votes(title: str, votes: list[dict[str, Any]]) -> None:
    for option, label in (
        ("Y", "in favour"),
        ("N", "against"),
        ("A", "abstaining"),
        ("X", "not voting"),
    ):
        states = [vote["state"] for vote in votes if vote["vote"] == option]
        if states:
            console.print(
                f"\n[bold]{title}, {label} ({len(states)})[/bold]:\n  {', '.join(states)}",
                highlight=False,
            )


def _sponsor_name(sponsor: dict[str, Any]) -> str:
    group = sponsor["acting_for"]
    return f"{sponsor['state']} [on behalf of {group}]" if group else str(sponsor["state"])


def _adoption_text(adoption: dict[str, Any] | None) -> str:
    if adoption is None:
        return "no adoption record in the database (ingest the voting record to see it)"
    if adoption["method"] == "recorded vote":
        counts = f"{adoption['yes']}-{adoption['no']}-{adoption['abstain']}"
        return (
            f"recorded vote {counts} on {adoption['date']} ({adoption['meeting'] or 'meeting ?'})"
        )
    return f"without a vote on {adoption['date']}"


@app.command()
def history(
    query: Annotated[str, typer.Argument(help="A symbol or words from the title.")],
    country: Annotated[str | None, typer.Option(help="One state (any name or code).")] = None,
    wide: Annotated[bool, typer.Option(help="States × sessions grid.")] = False,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """A state's (or every state's) sponsorship and vote, session by session.

    Example: ungawatch history "human rights in the Democratic People's Republic of Korea"
    --country "South Korea"
    """
    with edge(db) as store:
        assert store is not None
        rows = find_history(store, query, country)
    if as_json:
        print_json([row.to_dict() for row in rows])
        return
    frame = history_frame(rows, wide=wide)
    if as_csv:
        sys.stdout.write(frame.to_csv(index=wide))
        return
    if not wide:
        frame = frame[
            ["session", "year", "state", "draft", "resolution", "sponsor_role", "vote", "sources"]
        ]
    title = f"{rows[0].series} (series {rows[0].series_id})" if rows else query
    _print_frame(frame, title=title, index=wide)


def _print_frame(frame: Any, *, title: str, index: bool) -> None:
    table = Table(title=title, title_justify="left")
    columns = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    for column in columns:
        table.add_column(column)
    for key, row in frame.iterrows():
        values = [_cell(value) for value in row.tolist()]
        table.add_row(*([str(key)] if index else []), *values)
    console.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None or value != value else str(value)


@app.command()
def changes(
    session: Annotated[
        int | None, typer.Option(help="Regular session number, e.g. 78; default: every session.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Only this state.")] = None,
    query: Annotated[
        str | None, typer.Option(help="Only this series: its id, a symbol or title words.")
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Who joined, left or returned to the sponsors, streaks, and vote changes, in sentences.

    Example: ungawatch changes --query "Democratic People's Republic of Korea" --country KOR
    """
    with edge(db) as store:
        assert store is not None
        found = find_changes(store, session, country=country, query=query, streaks=True)
    if as_json:
        print_json([change.to_dict() for change in found])
        return
    if not found:
        where = f"session {session}" if session is not None else "any session"
        console.print(
            f"No changes found for {where} against an earlier session in "
            "the database (a text needs two sessions to compare)."
        )
        return
    series_seen: set[str | None] = set()
    for change in found:
        if change.series_id not in series_seen:
            series_seen.add(change.series_id)
            console.print(
                f"\n[bold]{change.title}[/bold] (series {change.series_id})", highlight=False
            )
        console.print(f"  {change.session}: {change.sentence}", highlight=False)


@app.command()
def countries(
    name: Annotated[str | None, typer.Argument(help="A name or code to resolve.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Check what a name resolves to, or list the registry.

    Example: ungawatch countries "CÃ´te d'Ivoire"
    """
    with edge():
        states = [registry.resolve(name)] if name else list(registry.all_states())
    rows = [registry.describe(state) for state in states]
    if as_json:
        print_json(rows)
        return
    table = Table()
    for column in ("code", "name", "kind", "admitted", "ended", "former names"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["code"],
            row["name"],
            row["kind"],
            row["admitted"] or "",
            row["ended"] or "",
            "; ".join(f"{f['name']} (until {f['until']})" for f in row["former_names"]),
        )
    console.print(table)


@app.command()
def status(db: DbOption = Path(DB.default), as_json: JsonOption = False) -> None:
    """What the database holds: sessions, bodies, counts, sources, quarantined records.

    Example: ungawatch status
    """
    with edge(db) as store:
        assert store is not None
        summary = find_status(store)
    if as_json:
        print_json(summary)
        return
    table = Table(title=f"Database {summary['database']}", show_header=False)
    for key, value in summary["tables"].items():
        table.add_row(key, str(value))
    console.print(table)
    for line in summary["coverage"]:
        console.print(
            f"session {line['session']} {line['body']}: {line['documents']} documents",
            highlight=False,
        )
    for source in summary["recorded_votes"]:
        console.print(
            f"recorded votes from {source['source_kind']}: {source['roll_calls']} roll calls, "
            f"sessions {source['first_session']}-{source['last_session']}",
            highlight=False,
        )
    for sync_run in summary["syncs"]:
        console.print(
            f"sync {sync_run['query']}: last {sync_run['last_sync'] or 'never finished'}, "
            f"records modified up to {sync_run['last_modified'] or '?'}, "
            f"{sync_run['records'] or 0} records, {sync_run['quarantined'] or 0} quarantined"
            + (f", error: {sync_run['error']}" if sync_run["error"] else ""),
            highlight=False,
        )
    for row in summary["quarantine"]:
        errors.print(
            f"[red]quarantined[/red] {row['location']} record {row['record_id']} "
            f"{row['field']}: {row['message']}",
            highlight=False,
        )


@app.command()
def conflicts(
    kind: Annotated[
        list[str] | None, typer.Option(help="sponsors and/or votes (default: both).")
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Where sources disagree: catalogue vs document text on sponsors, vote sources on votes.

    Example: ungawatch conflicts --kind votes
    """
    kinds = tuple(kind or KINDS)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        errors.print(f"error: unknown --kind {', '.join(unknown)}; use {' or '.join(KINDS)}")
        raise typer.Exit(2)
    with edge(db) as store:
        assert store is not None
        found = find_conflicts(store, kinds)
    if as_json:
        print_json(found)
        return
    for row in found:
        console.print(row["message"], highlight=False)
    console.print(f"{len(found)} disagreement(s) between sources.", highlight=False)


# Commands of the other feature areas live beside this module and register themselves here.
for _area in (sync, votes, series, web):
    _area.register(app)
