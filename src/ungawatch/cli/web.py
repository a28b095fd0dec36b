"""CLI commands for serve (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ungawatch.cli.common import DbOption, JsonOption, console, edge, errors, print_json
from ungawatch.settings import DB


def serve(
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; anything but loopback is reachable by others."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Serve the dashboard and the JSON API (/api/v1) from the database, read-only.

    Ingests and syncs may run meanwhile: the server switches to the new database file
    once it has computed on it the pages readers asked for last (at most a minute),
    serving the old file until then, and says so on stderr. Stop with Ctrl-C.

    Example: ungawatch serve --port 8000 --db ungawatch.duckdb
    """
    # Imported here: FastAPI and uvicorn are not needed by the other commands.
    from ungawatch.web.server import check_database, is_loopback
    from ungawatch.web.server import serve as run

    url = f"http://{host}:{port}/"
    if not is_loopback(host):
        errors.print(
            f"[yellow]warning:[/yellow] listening on {host}, not on loopback: other machines can "
            "reach this server. It has no login; use --host 127.0.0.1 unless that is intended.",
            highlight=False,
        )
    with edge():
        check_database(db)
        if as_json:
            print_json(
                {
                    "url": url,
                    "api": f"{url}api/v1/",
                    "docs": f"{url}api/docs",
                    "openapi": f"{url}api/v1/openapi.json",
                    "database": str(db),
                }
            )
        else:
            console.print(
                f"Serving {db} at {url} (API {url}api/v1/, interactive docs {url}api/docs); "
                "Ctrl-C stops.",
                highlight=False,
            )
        run(db, host=host, port=port)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    app.command()(serve)
