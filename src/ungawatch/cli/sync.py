"""CLI commands `sync` (UN Digital Library → database) and `reparse` (archive → database)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ungawatch import __version__
from ungawatch.cli.common import (
    DbOption,
    JsonOption,
    console,
    edge,
    errors,
    print_ingest_report,
    print_json,
    retries_reported,
)
from ungawatch.settings import (
    DATA_DIR,
    DB,
    UNDL_BACKOFF,
    UNDL_HEADERS,
    UNDL_PAGE_SIZE,
    UNDL_PAUSE,
    UNDL_RETRIES,
    UNDL_TIMEOUT,
    UNDL_URL,
    USER_AGENT,
    resolve_setting,
)

if TYPE_CHECKING:
    from ungawatch.ingest.sync import PageEvent, SyncProgress, SyncReport

DataDirOption = Annotated[Path, typer.Option("--data-dir", envvar=DATA_DIR.env, help=DATA_DIR.help)]
StrictOption = Annotated[bool, typer.Option(help="Stop at the first record that cannot be read.")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    app.command("sync")(sync_command)
    app.command("reparse")(reparse_command)


def sync_command(
    session: Annotated[
        list[str], typer.Option("--session", help="GA session number, e.g. 78 (repeat).")
    ],
    body: Annotated[
        list[str] | None,
        typer.Option("--body", help="Drafts of this body only: plenary or C.1 … C.6 (repeat)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="drafts, resolutions, votes or all (repeat)."),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(
            "--since", formats=["%Y-%m-%d"], help="Only records modified since DATE (MARC 005)."
        ),
    ] = None,
    db: DbOption = Path(DB.default),
    data_dir: DataDirOption = Path(DATA_DIR.default),
    base_url: Annotated[
        str, typer.Option("--base-url", envvar=UNDL_URL.env, help=UNDL_URL.help)
    ] = UNDL_URL.default,
    pause: Annotated[
        float, typer.Option("--pause", envvar=UNDL_PAUSE.env, help=UNDL_PAUSE.help)
    ] = float(UNDL_PAUSE.default),
    timeout: Annotated[
        float, typer.Option("--timeout", envvar=UNDL_TIMEOUT.env, help=UNDL_TIMEOUT.help)
    ] = float(UNDL_TIMEOUT.default),
    retries: Annotated[
        int, typer.Option("--retries", envvar=UNDL_RETRIES.env, help=UNDL_RETRIES.help, min=1)
    ] = int(UNDL_RETRIES.default),
    backoff: Annotated[
        float, typer.Option("--backoff", envvar=UNDL_BACKOFF.env, help=UNDL_BACKOFF.help)
    ] = float(UNDL_BACKOFF.default),
    page_size: Annotated[
        int, typer.Option("--page-size", envvar=UNDL_PAGE_SIZE.env, help=UNDL_PAGE_SIZE.help)
    ] = int(UNDL_PAGE_SIZE.default),
    header: Annotated[list[str] | None, typer.Option("--header", help=UNDL_HEADERS.help)] = None,
    user_agent: Annotated[
        str, typer.Option("--user-agent", envvar=USER_AGENT.env, help=USER_AGENT.help)
    ] = USER_AGENT.default,
    strict: StrictOption = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch new and changed records from the UN Digital Library into the database.

    Resumes an interrupted sync from the pages on disk; a repeat asks only for what changed.

    Example: ungawatch sync --session 78 --body C.3 --kind drafts
    """
    from ungawatch.ingest.archive import Archive
    from ungawatch.ingest.sync import finish, sync
    from ungawatch.sources.undl.client import (
        KINDS,
        Backoff,
        UndlClient,
        build_queries,
        parse_headers,
    )

    kinds = KINDS if not kind or "all" in kind else tuple(kind)
    headers_text = list(header or []) or [resolve_setting(UNDL_HEADERS)]
    archive = Archive(data_dir)
    with edge(db, write=True) as store:
        assert store is not None
        queries = build_queries(session, kinds=kinds, bodies=body or ())
        client = UndlClient(
            base_url=base_url,
            page_size=page_size,
            pause=pause,
            timeout=timeout,
            headers=parse_headers(headers_text),
            user_agent=user_agent.replace("{version}", __version__),
            backoff=Backoff(attempts=retries, initial=backoff, jitter=backoff),
        )
        with client, _bar(as_json) as progress, retries_reported("page"):
            report = sync(
                store, client, archive, queries, since=since, strict=strict, progress=progress
            )
    finish(archive, report)
    _print_sync(report, as_json)
    if report.failed or not report.ingest.clean:
        raise typer.Exit(1)


def reparse_command(
    db: DbOption = Path(DB.default),
    data_dir: DataDirOption = Path(DATA_DIR.default),
    strict: StrictOption = False,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the database from the pages sync archived, without the network.

    Run it after upgrading ungawatch: records the new parser reads differently are updated.

    Example: ungawatch reparse --data-dir ungawatch-data
    """
    from ungawatch.ingest.archive import Archive
    from ungawatch.ingest.sync import reparse

    with edge(db, write=True) as store, _bar(as_json) as progress:
        assert store is not None
        report = reparse(store, Archive(data_dir), strict=strict, progress=progress)
    if as_json:
        print_json(report.to_dict())
    else:
        print_ingest_report(report, "Reparse summary")
    if not report.clean:
        raise typer.Exit(1)


@contextmanager
def _bar(quiet: bool) -> Iterator[SyncProgress | None]:
    """A rich progress bar per search: records, pages, rate and time remaining."""
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records · {task.fields[pages]} pages · {task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, transient=True) as bar:

        def advance(event: PageEvent) -> None:
            if event.query not in tasks:
                tasks[event.query] = bar.add_task(event.query, total=event.total, pages=0, rate="")
            task = tasks[event.query]
            pages = int(bar.tasks[task].fields["pages"]) + 1
            speed = bar.tasks[task].speed
            rate = f"{speed:.0f} records/s" if speed else ""
            bar.update(task, total=event.total, advance=event.records, pages=pages, rate=rate)

        yield advance


def _print_sync(report: SyncReport, as_json: bool) -> None:
    """The summary (or JSON); what went wrong is also said on stderr, for people watching."""
    if as_json:
        print_json(report.to_dict())
    else:
        _print_sync_table(report)
    for query in report.queries:
        if query.error and query.error != report.stopped:
            errors.print(f"[red]error:[/red] {query.query}: {query.error}", highlight=False)
    if report.stopped:
        errors.print(f"[red]error:[/red] {report.stopped}", highlight=False)


def _print_sync_table(report: SyncReport) -> None:
    table = Table(title="Sync summary", show_header=False)
    for label, value in report.summary().items():
        table.add_row(label, str(value))
    console.print(table)
    for query in report.queries:
        pages = f"{query.pages} page{'' if query.pages == 1 else 's'}"
        counted = (
            f"{query.records} of {query.total} records"
            if query.total is not None
            else f"{query.records} records (total not known)"
        )
        console.print(
            f"{query.query}: {counted} in {pages} "
            f"({query.pages_fetched} fetched, {query.pages_from_archive} from the archive): "
            f"{query.inserted} new, {query.updated} updated, {query.unchanged} unchanged",
            highlight=False,
        )
    for problem in report.ingest.rejected:
        errors.print(f"[red]quarantined[/red] {problem}", highlight=False)
