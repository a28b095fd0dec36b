"""CLI commands for vote analytics and exports (issue 5): thin shells over `analysis/`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from ungawatch.analysis.agreement import agreement as pair_agreement
from ungawatch.analysis.agreement import agreement_matrix
from ungawatch.analysis.cohesion import cohesion as bloc_cohesion
from ungawatch.analysis.idealpoints import ideal_points
from ungawatch.analysis.network import sponsorship_network, write_graphml
from ungawatch.cli.common import DbOption, JsonOption, console, edge, print_json
from ungawatch.export import export as export_tables
from ungawatch.settings import DB
from ungawatch.vocabulary import Track

CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
FromOption = Annotated[int | None, typer.Option("--from", help="First session, e.g. 60.")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last session, e.g. 74.")]
IssueOption = Annotated[
    str | None,
    typer.Option(help="Only roll calls with this unvotes issue code or name (hr, me, di ...)."),
]


class VotingBody(StrEnum):
    GA = Track.GA.value
    HRC = Track.HRC.value


VotingBodyOption = Annotated[
    VotingBody,
    typer.Option(
        "--body",
        help="The recorded votes of the General Assembly (ga) or of the Human Rights Council "
        "(hrc); sessions are the body's own.",
    ),
]


class AbstainMode(StrEnum):
    HALF = "half"
    EXCLUDE = "exclude"


class ExportFormat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


def _emit(frame: pd.DataFrame, *, title: str, as_json: bool, as_csv: bool) -> None:
    """One frame, three renderings: JSON records, CSV, or a table on the terminal."""
    if as_json:
        print_json(frame.to_dict(orient="records"))
        return
    if as_csv:
        sys.stdout.write(frame.to_csv(index=False))
        return
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column))
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(value) for value in row))
    console.print(table)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3f}"
    return "" if value is None else str(value)


def agreement(
    a: Annotated[str | None, typer.Argument(help="A state (any name or code).")] = None,
    b: Annotated[str | None, typer.Argument(help="Another state.")] = None,
    start: FromOption = None,
    end: ToOption = None,
    issue: IssueOption = None,
    abstain: Annotated[
        AbstainMode, typer.Option(help="Abstention against Yes/No: half agreement, or excluded.")
    ] = AbstainMode.HALF,
    matrix: Annotated[bool, typer.Option("--matrix", help="All pairs of one session.")] = False,
    session: Annotated[int | None, typer.Option(help="The session of --matrix.")] = None,
    body: VotingBodyOption = VotingBody.GA,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Share of identical votes of two states per session, or all pairs of one session.

    Example: ungawatch agreement "United States" Israel --from 70 --to 74
    (ungawatch agreement KOR JPN --body hrc: in the Council, over the sessions both sat on it)
    """
    track = Track(body.value)
    if matrix:
        if session is None:
            raise typer.BadParameter("--matrix needs --session N", param_hint="--session")
        with edge(db) as store:
            assert store is not None
            grid = agreement_matrix(store, session, abstain=abstain.value, issue=issue, track=track)
        _emit_matrix(grid, as_json=as_json, as_csv=as_csv)
        return
    if a is None or b is None:
        raise typer.BadParameter("name two states, or use --matrix --session N")
    with edge(db) as store:
        assert store is not None
        frame = pair_agreement(
            store, a, b, start=start, end=end, issue=issue, abstain=abstain.value, track=track
        )
    _emit(frame, title=f"Agreement of {a} and {b}", as_json=as_json, as_csv=as_csv)


def _emit_matrix(grid: pd.DataFrame, *, as_json: bool, as_csv: bool) -> None:
    """The full matrix as JSON/CSV; on the terminal, each state's closest partner."""
    if as_json:
        print_json({row: grid.loc[row].dropna().round(4).to_dict() for row in grid.index})
        return
    if as_csv:
        sys.stdout.write(grid.to_csv(index_label="state_code"))
        return
    others = grid.mask(np.eye(len(grid), dtype=bool))  # a state is not its own partner
    frame = pd.DataFrame(
        {
            "state_code": grid.index,
            "closest": others.idxmax(axis=1).to_numpy(),
            "agreement": others.max(axis=1).to_numpy(),
            "farthest": others.idxmin(axis=1).to_numpy(),
            "lowest": others.min(axis=1).to_numpy(),
        }
    )
    _emit(
        frame,
        title="Closest and farthest partner (--csv for the matrix)",
        as_json=False,
        as_csv=False,
    )


def cohesion(
    group: Annotated[str, typer.Argument(help="A group: EU, NORDIC, GCC, ASEAN.")],
    start: FromOption = None,
    end: ToOption = None,
    issue: IssueOption = None,
    body: VotingBodyOption = VotingBody.GA,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How united a group voted, per session (Hix-Noury-Roland Agreement Index, 0 to 1).

    Example: ungawatch cohesion EU --from 65    (--body hrc: its members on the Council)
    """
    with edge(db) as store:
        assert store is not None
        frame = bloc_cohesion(
            store, group, start=start, end=end, issue=issue, track=Track(body.value)
        )
    _emit(frame, title=f"Cohesion of {group}", as_json=as_json, as_csv=as_csv)


def idealpoints(
    start: Annotated[int, typer.Option("--from", help="First session, e.g. 60.")],
    end: Annotated[int, typer.Option("--to", help="Last session, e.g. 74.")],
    dims: Annotated[int, typer.Option(help="1 or 2 dimensions.", min=1, max=2)] = 1,
    bootstrap: Annotated[
        int, typer.Option(help="Parametric bootstrap rounds for standard errors (0: none).")
    ] = 0,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Ideal points from the Yes/No votes of a range of sessions (EM probit IRT; US positive).

    Example: ungawatch idealpoints --from 60 --to 74
    """
    with edge(db) as store:
        assert store is not None
        frame = ideal_points(store, start, end, dims=dims, bootstrap=bootstrap)
    _emit(frame, title=f"Ideal points, sessions {start}-{end}", as_json=as_json, as_csv=as_csv)


def network(
    session: Annotated[int, typer.Option(help="Regular session number, e.g. 78.")],
    graphml: Annotated[
        Path | None, typer.Option(help="Also write the graph to this GraphML file.")
    ] = None,
    edges: Annotated[bool, typer.Option("--edges", help="List the edges, not the states.")] = False,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Co-sponsorship network of a session: partners, strength and community of each state.

    Example: ungawatch network --session 78 --graphml sponsors78.graphml
    """
    with edge(db) as store:
        assert store is not None
        found = sponsorship_network(store, session)
    if graphml is not None:
        write_graphml(found, graphml)
    frame = found.edges if edges else found.nodes.sort_values(["community", "state_code"])
    _emit(frame, title=f"Co-sponsorship network, session {session}", as_json=as_json, as_csv=as_csv)


def export(
    out: Annotated[Path, typer.Option(help="Folder to write the tables into.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="parquet or csv.")] = (
        ExportFormat.PARQUET
    ),
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Write tidy tables (roll calls, votes, sponsorships, documents, states) and a dictionary.

    Example: ungawatch export --format parquet --out export/
    """
    with edge(db) as store:
        assert store is not None
        written = export_tables(store, out, fmt.value)
    if as_json:
        print_json([str(path) for path in written])
        return
    for path in written:
        console.print(str(path), highlight=False)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    for command in (agreement, cohesion, idealpoints, network, export):
        app.command()(command)
