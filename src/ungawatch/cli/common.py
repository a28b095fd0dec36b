"""What every command shares: the console, the error edge, JSON output, common options."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

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
from ungawatch.settings import DB
from ungawatch.store import Store, open_store, updating

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", envvar=DB.env, help=DB.help)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@contextmanager
def edge(db: Path | None = None, *, write: bool = False) -> Iterator[Store | None]:
    """Open the store if asked and translate library errors into messages and exit codes.

    Writers work on a copy that replaces the database atomically at the end (`updating`).
    """
    store = None
    try:
        if db is not None and write:
            with updating(db) as store:
                yield store
            return
        if db is not None:
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
