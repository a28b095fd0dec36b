"""CLI commands for series: `ungawatch series list [WORDS]`, `ungawatch series relink`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ungawatch.cli.common import (
    BodyChoice,
    BodyOption,
    DbOption,
    JsonOption,
    console,
    edge,
    print_json,
)
from ungawatch.settings import DB

app = typer.Typer(help="Recurring texts (series) and their sessions.", no_args_is_help=True)


@app.command(name="list")
def list_(
    words: Annotated[
        str | None, typer.Argument(help="Words from the titles, a country name, or a series id.")
    ] = None,
    body: BodyOption = BodyChoice.ALL,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """List series (one recurring text across sessions) with their sessions and years, and
    each one's twin in the other track (the Council's text on the same situation).

    Example: ungawatch series list "North Korea" --body hrc
    """
    from ungawatch.positions.history import list_series

    with edge(db) as store:
        assert store is not None
        found = list_series(store, words, track=body.track)
    if as_json:
        print_json([series.to_dict() for series in found])
        return
    if not found:
        console.print(f"No series matches {words!r}." if words else "No series in the database.")
        raise typer.Exit(2)
    table = Table(title="Series", title_justify="left")
    for column in ("id", "name", "body", "sessions (years)", "missing sessions", "twin"):
        table.add_column(column)
    for series in found:
        held = ", ".join(f"{s} ({y})" for s, y in zip(series.sessions, series.years, strict=True))
        missing = ", ".join(str(s) for s in series.missing_sessions)
        table.add_row(series.id, series.name, series.body, held, missing, series.twin_id or "")
    console.print(table)


@app.command()
def relink(
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Link every text into series again and recompute every position, e.g. after editing
    positions/series_overrides.yaml (ingests relink what they touch by themselves).

    Example: ungawatch series relink
    """
    from ungawatch.positions.build import relink as relink_series

    with edge(db, write=True) as store:
        assert store is not None
        with store.transaction():
            report = relink_series(store)
    if as_json:
        print_json(
            {"series": report.series, "rewritten": report.rewritten, "removed": report.removed}
            | {"positions": report.positions}
        )
        return
    console.print(
        f"{report.series} series; {report.rewritten} rewritten ({report.positions} positions), "
        f"{report.removed} removed."
    )


def register(parent: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    parent.add_typer(app, name="series")
