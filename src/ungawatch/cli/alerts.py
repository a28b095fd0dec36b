"""CLI commands `brief` (a briefing on one text and session) and `watch` (follow a series or a
state: the event log, webhooks and their delivery log)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ungawatch.cli.common import (
    DbOption,
    JsonOption,
    console,
    edge,
    errors,
    print_json,
    retries_reported,
    session_option,
)
from ungawatch.settings import DB

if TYPE_CHECKING:
    from ungawatch.alerts.webhooks import DeliveryReport

watch_app = typer.Typer(
    help="Follow a series or a state: events after each ingest and sync, Atom feeds, webhooks.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    app.command("brief")(brief)
    app.add_typer(watch_app, name="watch")


def brief(
    query: Annotated[str, typer.Argument(help="The text: a series id, a symbol or title words.")],
    session: Annotated[int | None, typer.Option(help="Regular session number, e.g. 78.")] = None,
    year: Annotated[
        int | None, typer.Option(help="Or the year the session opened: 2023 = session 78.")
    ] = None,
    state: Annotated[
        list[str] | None, typer.Option("--state", help="A state to write a paragraph on (repeat).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="md (default), html or json.")] = "md",
    db: DbOption = Path(DB.default),
) -> None:
    """A briefing on one text in one session: sponsors, who joined and left, adoption, states.

    Example: ungawatch brief "DPRK" --session 78 --state KOR --state USA
    """
    from ungawatch.alerts.briefing import briefing
    from ungawatch.alerts.render import html_page, markdown

    if format not in ("md", "html", "json"):
        raise typer.BadParameter("use md, html or json", param_hint="--format")
    chosen = session_option(session, year)
    if chosen is None:
        raise typer.BadParameter("give --session or --year", param_hint="--session")
    with edge(db) as store:
        assert store is not None
        found = briefing(store, query, chosen, state or ())
    if format == "json":
        print_json(found.to_dict())
    elif format == "html":
        sys.stdout.write(html_page(found))
    else:
        sys.stdout.write(markdown(found))


@watch_app.command("add")
def watch_add(
    series: Annotated[
        str | None, typer.Option(help="Follow this series: its id, a symbol or title words.")
    ] = None,
    state: Annotated[str | None, typer.Option(help="Or follow this state (any name).")] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST each new event here (signed JSON).")
    ] = None,
    secret: Annotated[
        str | None, typer.Option(help="Signing secret for the webhook (default: generated).")
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Follow a series or a state; new events after each ingest and sync go to its webhook.

    Example: ungawatch watch add --series "DPRK" --webhook https://example.org/hook
    """
    from ungawatch.alerts.watches import add_watch

    with edge(db, write=True) as store:
        assert store is not None
        watch, key = add_watch(store, series=series, state=state, webhook=webhook, secret=secret)
    if as_json:
        print_json(watch.to_dict() | {"secret": key})
        return
    console.print(f"watch {watch.watch_id}: {watch.kind} {watch.label}", highlight=False)
    feed = (
        f"/feeds/series/{watch.target}.atom"
        if watch.kind == "series"
        else (f"/feeds/states/{watch.target}.atom")
    )
    console.print(f"  Atom feed (ungawatch serve): {feed}", highlight=False)
    if key:
        console.print(
            f"  webhook {watch.webhook}, signing secret {key} (verify X-Ungawatch-Signature)",
            highlight=False,
        )


@watch_app.command("list")
def watch_list(db: DbOption = Path(DB.default), as_json: JsonOption = False) -> None:
    """The watches, with events since each was added and failed deliveries.

    Example: ungawatch watch list
    """
    from ungawatch.alerts.watches import list_watches

    with edge(db) as store:
        assert store is not None
        found = list_watches(store)
    if as_json:
        print_json([w.to_dict() for w in found])
        return
    if not found:
        console.print("No watches. Add one with `ungawatch watch add --series QUERY`.")
        return
    table = Table(title="Watches", title_justify="left")
    for column in ("id", "follows", "webhook", "added", "events since", "failed deliveries"):
        table.add_column(column)
    for w in found:
        table.add_row(
            str(w.watch_id), f"{w.kind} {w.label} ({w.target})", w.webhook or "",
            w.created_at[:19], str(w.events), str(w.failed),
        )  # fmt: skip
    console.print(table)


@watch_app.command("remove")
def watch_remove(
    watch_id: Annotated[int, typer.Argument(help="The watch's id (see `watch list`).")],
    db: DbOption = Path(DB.default),
) -> None:
    """Stop a watch (its delivery log goes with it).

    Example: ungawatch watch remove 1
    """
    from ungawatch.alerts.watches import remove_watch

    with edge(db, write=True) as store:
        assert store is not None
        watch = remove_watch(store, watch_id)
    console.print(f"removed watch {watch.watch_id}: {watch.kind} {watch.label}", highlight=False)


@watch_app.command("events")
def watch_events(
    series: Annotated[str | None, typer.Option(help="Only this series.")] = None,
    state: Annotated[str | None, typer.Option(help="Only events naming this state.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.", min=1)] = 20,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """The event log, newest first: what each ingest and sync added to the record.

    Example: ungawatch watch events --series "DPRK"
    """
    from ungawatch.alerts.events import list_events

    with edge(db) as store:
        assert store is not None
        found = list_events(store, series=series, state=state, limit=limit)
    if as_json:
        print_json([e.to_dict() for e in found])
        return
    for event in found:
        console.print(f"[bold]{event.title}[/bold]", highlight=False)
        console.print(f"  {event.seen_at[:19]} · {event.kind.value} · {event.event_id}")
        console.print(f"  {event.summary}", highlight=False)
        for line in event.lines if state else ():
            console.print(f"  {line.sentence}", highlight=False)


@watch_app.command("deliveries")
def watch_deliveries(
    failed: Annotated[bool, typer.Option(help="Only deliveries waiting for a retry.")] = False,
    limit: Annotated[int, typer.Option(help="How many, latest first.", min=1)] = 50,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """The webhook delivery log: status, attempts, last HTTP status or error.

    Example: ungawatch watch deliveries --failed
    """
    from ungawatch.alerts.webhooks import deliveries

    with edge(db) as store:
        assert store is not None
        found = deliveries(store, failed_only=failed, limit=limit)
    if as_json:
        print_json([_as_dict(d) for d in found])
        return
    table = Table(title="Webhook deliveries", title_justify="left")
    for column in ("watch", "event", "url", "status", "attempts", "last answer", "last attempt"):
        table.add_column(column)
    for d in found:
        answer = d.last_error or (f"HTTP {d.last_status}" if d.last_status else "")
        table.add_row(
            str(d.watch_id), d.title, d.url, d.status, str(d.attempts), answer,
            (d.last_attempt or "")[:19],
        )  # fmt: skip
    console.print(table)


@watch_app.command("deliver")
def watch_deliver(db: DbOption = Path(DB.default), as_json: JsonOption = False) -> None:
    """Send the webhook deliveries that are pending or failed (ingest and sync do this too).

    Example: ungawatch watch deliver
    """
    report = deliver_waiting(db, quiet=as_json, include_failed=True)
    if as_json:
        print_json(_as_dict(report))
    if report.failed:
        raise typer.Exit(1)


def deliver_waiting(
    db: Path, *, quiet: bool = False, include_failed: bool = False
) -> DeliveryReport:
    """Send waiting deliveries through the atomic writer and say what happened on stderr.

    The writer registers no positions or events hook: logging an attempt changes no fact.
    """
    from ungawatch.alerts.webhooks import deliver
    from ungawatch.store import updating

    with edge(), updating(db) as store, retries_reported("webhook", quiet=quiet):
        report = deliver(store, include_failed=include_failed)
    if not quiet and (report.delivered or report.failed):
        errors.print(
            f"webhooks: {report.delivered} delivered, {report.failed} failed"
            + (" (see `ungawatch watch deliveries --failed`)" if report.failed else ""),
            highlight=False,
        )
    return report


def _as_dict(value: object) -> dict[str, object]:
    from dataclasses import asdict, is_dataclass

    assert is_dataclass(value) and not isinstance(value, type)
    return asdict(value)
