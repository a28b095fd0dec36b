"""The `ungawatch` command: parse arguments, call the library, render tables or JSON.

Every command has `--json`; library errors are turned into a message that says what went
wrong and what to do, with exit status 1 (data problem) or 2 (nothing found / bad input).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ungawatch.cli import alerts, check, series, sync, votes, web
from ungawatch.cli.common import (
    BodyChoice,
    BodyOption,
    DbOption,
    JsonErrorsGroup,
    JsonOption,
    console,
    edge,
    errors,
    print_ingest_report,
    print_json,
    session_option,
    year_note,
)
from ungawatch.settings import DB

if TYPE_CHECKING:
    from ungawatch.positions.records import Position
    from ungawatch.positions.resolution import Action, ResolutionView, SponsorRef, VoteRef

# Library modules are imported inside the commands: `ungawatch --help` and other cheap
# commands then start without loading DuckDB, pandas or scipy.

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
            help="Files to load: MARCXML exports, UN document texts or PDFs, UN press releases, "
            "GA voting CSVs, the unvotes tables, the OHCHR voting records, Human Rights Council "
            "resolution records, news stories saved as reports (.gz fine; the format is told "
            "from the content)."
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
    from ungawatch.ingest import ingest_paths

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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("records"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        yield lambda step: bar.advance(task, step)


@app.command()
def resolution(
    symbol: Annotated[str, typer.Argument(help="Resolution or draft symbol.")],
    body: BodyOption = BodyChoice.ALL,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Show a resolution or draft: sponsors, additional sponsors, adoption, votes.

    Example: ungawatch resolution A/RES/78/218    (or A/HRC/RES/7/15 for the Council's)
    """
    from ungawatch.positions.resolution import resolution as find_resolution

    with edge(db) as store:
        assert store is not None
        view = find_resolution(store, symbol, track=body.track)
    if as_json:
        print_json(view.to_dict())
        return
    _print_resolution(view)


def _print_resolution(view: ResolutionView) -> None:
    console.print(f"[bold]{view.title}[/bold]", highlight=False)
    from ungawatch.sessions import session_label

    session = f"{view.session} ({view.year})" if view.year else view.session
    if view.body == "HRC" and session:
        session = f"HRC {session}"
    elif view.session and view.session.isdigit():
        session = session_label(int(view.session)).removeprefix("session ")
    for label, value in (
        ("resolution", view.resolution),
        ("final draft", view.draft),
        ("session", session),
        ("body", view.body),
        ("draft dated" if view.draft else "dated", view.date if view.documents else None),
        ("submitted by", view.submitted_by),
    ):
        if value:
            console.print(f"  {label}: {value}", highlight=False)
    if view.committee_action:
        console.print(f"  in committee: {_adoption_text(view.committee_action)}", highlight=False)
    console.print(f"  adoption: {_adoption_text(view.adoption)}", highlight=False)
    if view.body == "HRC" and view.adoption and view.adoption.note:
        # The OHCHR records say whether the text passed: an amendment put to the vote fails.
        console.print(f"  outcome: {view.adoption.note}", highlight=False)
    for delegation in view.delegations:
        behalf = delegation.acting_for_printed
        console.print(
            f"  {delegation.action}: {delegation.state}"
            + (f", on behalf of {behalf}" if behalf else "")
            + f" ({delegation.record})",
            highlight=False,
        )
    for count in view.sponsor_counts:
        console.print(
            f"  {count.counted_as} (as stated): {count.stated}, {count.named} named "
            f"({count.record})",
            highlight=False,
        )
    if view.documents:
        documents = ", ".join(f"{d.symbol} ({d.kind})" for d in view.documents)
        console.print(f"  documents: {documents}", highlight=False)
    if not view.sponsors_known:
        console.print("  sponsors: no sponsor list in the database (unknown)", highlight=False)
    from ungawatch.vocabulary import STATED_ROLES

    for role in STATED_ROLES:
        sponsors = view.sponsors[role.value]
        if sponsors:
            listed = ", ".join(sorted({s.listed_in for s in sponsors}))
            names = ", ".join(_sponsor_name(s) for s in sponsors)
            console.print(
                f"\n[bold]{_ROLE_HEADINGS[role.value]} ({len(sponsors)})[/bold], "
                f"listed in {listed}:\n  {names}",
                highlight=False,
            )
    _print_votes("Committee vote", view.committee_votes)
    _print_votes("Council vote" if view.body == "HRC" else "Plenary vote", view.votes)
    if view.notes:
        console.print()
    for note in view.notes:
        console.print(
            f"[yellow]note[/yellow] {note.symbol} {note.field}: {note.message}", highlight=False
        )


_ROLE_HEADINGS = {
    "original": "Original sponsors",
    "additional": "Additional sponsors",
    "co_sponsor": "Co-sponsors (not saying whether on the draft or joined later)",
    "withdrawn": "Withdrawn sponsors",
}


def _print_votes(title: str, votes: tuple[VoteRef, ...]) -> None:
    from ungawatch.vocabulary import VoteOption

    for option, label in (
        (VoteOption.YES, "in favour"),
        (VoteOption.NO, "against"),
        (VoteOption.ABSTAIN, "abstaining"),
        (VoteOption.NON_VOTING, "not voting"),
    ):
        states = [vote.state for vote in votes if vote.vote == option]
        if states:
            console.print(
                f"\n[bold]{title}, {label} ({len(states)})[/bold]:\n  {', '.join(states)}",
                highlight=False,
            )


def _sponsor_name(sponsor: SponsorRef) -> str:
    from rich.markup import escape

    group = sponsor.acting_for
    # Escaped: rich would read "[on behalf of EU]" as a style tag and drop it.
    return escape(f"{sponsor.state} [on behalf of {group}]") if group else sponsor.state


def _adoption_text(adoption: Action | None) -> str:
    if adoption is None:
        return "no adoption record in the database (ingest the voting record to see it)"
    source = f", reported in {adoption.reported_in}" if adoption.reported_in else ""
    if adoption.method == "recorded vote":
        counts = "-".join(
            "?" if n is None else str(n) for n in (adoption.yes, adoption.no, adoption.abstain)
        )
        return (
            f"recorded vote {counts} on {adoption.date or 'a date not given'} "
            f"({adoption.meeting or 'meeting ?'}{source})"
        )
    return f"without a vote on {adoption.date or 'a date not given'}{source}"


@app.command()
def history(
    query: Annotated[str, typer.Argument(help="A symbol or words from the title.")],
    country: Annotated[str | None, typer.Option(help="One state (any name or code).")] = None,
    wide: Annotated[bool, typer.Option(help="States × sessions grid.")] = False,
    body: BodyOption = BodyChoice.ALL,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """A state's (or every state's) sponsorship and vote, session by session, in the General
    Assembly and the Human Rights Council (one column per year for one state on both).

    Example: ungawatch history "human rights in the Democratic People's Republic of Korea"
    --country "South Korea" --body all
    """
    from ungawatch.positions.history import history as find_history
    from ungawatch.positions.history import history_frame, series_sessions, tracks_frame

    with edge(db) as store:
        assert store is not None
        rows = find_history(store, query, country, track=body.track)
        coverage = {
            sid: series_sessions(store, sid) for sid in dict.fromkeys(r.series_id for r in rows)
        }
    if as_json:
        print_json([row.to_dict() for row in rows])
        return
    if country and not wide and not as_csv and len({row.track for row in rows}) > 1:
        _print_tracks(rows, tracks_frame(rows), coverage)
        return
    frame = history_frame(rows, wide=wide)
    if as_csv:
        sys.stdout.write(frame.to_csv(index=wide))
        return
    if not wide:
        frame = frame[list(_HISTORY_COLUMNS)]
    for series_id, title in dict.fromkeys((r.series_id, r.series) for r in rows):
        console.print(f"{title} (series {series_id})", highlight=False)
    _print_frame(frame, title="" if rows else query, index=wide)
    for series_id in coverage:
        _print_missing(series_id, [row for row in rows if row.series_id == series_id])
    if country:
        _print_actions(coverage)


def _print_tracks(rows: list[Position], frame: Any, coverage: dict[str, Any]) -> None:
    """One state on a situation in both tracks: a column per year, then each action."""
    from ungawatch.positions.history import TRACKS_LEGEND

    names = " and ".join(
        f"{s} (series {i})" for i, s in dict.fromkeys((r.series_id, r.series) for r in rows)
    )
    _print_frame(frame, title=f"{rows[0].state}: {names}", index=True)
    console.print(TRACKS_LEGEND, highlight=False)
    for series_id in coverage:
        _print_missing(series_id, [row for row in rows if row.series_id == series_id])
    _print_actions(coverage)


def _print_actions(coverage: dict[str, Any]) -> None:
    """How each body acted on the text, session by session, with the document that says so."""
    from ungawatch.sessions import label as session_label

    for sessions in coverage.values():
        for entry in sessions:
            track = "hrc" if entry.body == "HRC" else "ga"
            parts = []
            if entry.committee:
                parts.append(f"{entry.body}: {_action_words(entry.committee)}")
            if entry.plenary:
                where = "Council" if track == "hrc" else "plenary"
                parts.append(f"{where}: {_action_words(entry.plenary)}")
            from ungawatch.vocabulary import Track

            console.print(
                f"  {session_label(Track(track), entry.session)}: "
                + (
                    "; ".join(parts)
                    or "no record of its adoption is in the database, or its records "
                    "disagree (see `ungawatch conflicts`)"
                ),
                highlight=False,
            )


def _action_words(adoption: Any) -> str:
    if adoption.method == "recorded vote":
        counts = "-".join(
            "?" if n is None else str(n) for n in (adoption.yes, adoption.no, adoption.abstain)
        )
        return f"recorded vote {counts} ({adoption.document})"
    return f"without a vote ({adoption.document})"


_HISTORY_COLUMNS = (
    "session",
    "year",
    "body",
    "state",
    "draft",
    "resolution",
    "sponsor_role",
    "committee_vote",
    "plenary_vote",
    "sources",
)


def _print_missing(series_id: str, rows: list[Position]) -> None:
    """Say which sessions between the first and last on record have no document loaded."""
    from ungawatch.sessions import label as session_label

    if not rows:
        return
    from ungawatch.positions.history import missing_sessions

    track = rows[0].track
    missing = missing_sessions(track, sorted({row.session for row in rows}))
    if missing:
        listed = ", ".join(session_label(track, s) for s in missing)
        console.print(
            f"No document of series {series_id} is loaded for {listed}: positions then are "
            "unknown, not absent.",
            highlight=False,
        )


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
    year: Annotated[
        int | None, typer.Option(help="Or the year the session opened: 2023 = session 78.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Only this state.")] = None,
    query: Annotated[
        str | None, typer.Option(help="Only this series: its id, a symbol or title words.")
    ] = None,
    body: BodyOption = BodyChoice.ALL,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Who joined, left or returned to the sponsors, streaks, and vote changes, in sentences.

    --session is a session of the body chosen (--body ga unless hrc); --year takes the
    sessions of that year in either track.

    Example: ungawatch changes --query "Democratic People's Republic of Korea" --country KOR
    """
    from ungawatch.positions.changes import changes as find_changes

    with edge(db) as store:
        assert store is not None
        track = body.track
        if body is BodyChoice.GA:
            session = session_option(session, year)
            year = None
        elif session is not None and year is not None:
            raise typer.BadParameter("give --session or --year, not both")
        elif year is not None:
            year_note(year, track)
        found = find_changes(
            store, session, country=country, query=query, streaks=True, track=track, year=year
        )
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
                f"\n[bold]{change.series}[/bold] (series {change.series_id})", highlight=False
            )
        where = "HRC " if change.track == "hrc" else ""
        console.print(
            f"  {where}{change.session} ({change.year}): {change.sentence}", highlight=False
        )


@app.command()
def countries(
    name: Annotated[str | None, typer.Argument(help="A name or code to resolve.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Check what a name resolves to, or list the registry.

    Example: ungawatch countries "CÃ´te d'Ivoire"
    """
    from ungawatch import countries as registry

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
    from ungawatch.status import status as find_status

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
        list[str] | None,
        typer.Option(help="sponsors, votes and/or adoptions (default: all three)."),
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Where sources disagree: catalogue vs document text on sponsors, vote sources on votes,
    records and press releases on how a text was adopted.

    Example: ungawatch conflicts --kind votes
    """
    from ungawatch.analysis.conflicts import KINDS
    from ungawatch.analysis.conflicts import conflicts as find_conflicts

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
for _area in (sync, votes, series, web, alerts, check):
    _area.register(app)
