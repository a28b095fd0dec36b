"""CLI commands for series (issue 4): `ungawatch series [WORDS]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ungawatch.cli.common import DbOption, JsonOption, console, edge, print_json
from ungawatch.positions.series import list_series
from ungawatch.settings import DB


def series(
    words: Annotated[
        str | None, typer.Argument(help="Words from the titles, a country name, or a series id.")
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """List resolution series (one recurring text across sessions) with their sessions.

    Example: ungawatch series "North Korea"
    """
    with edge(db) as store:
        assert store is not None
        found = list_series(store, words)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print(f"No series matches {words!r}." if words else "No series in the database.")
        raise typer.Exit(2)
    table = Table(title="Series", title_justify="left")
    for column in ("id", "name", "body", "sessions", "documents"):
        table.add_column(column)
    for entry in found:
        documents = "; ".join(
            f"{text['session']}: {', '.join(text['documents'])} ({text['linked_by']})"
            for text in entry["texts"]
        )
        sessions = ", ".join(str(session) for session in entry["sessions"])
        table.add_row(entry["id"], entry["name"], entry["body"], sessions, documents)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    app.command(name="series")(series)
