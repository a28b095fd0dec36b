"""CLI commands for vote analytics and exports: thin shells over `analysis/`.

Every command takes sessions (`--from`, `--to`, `--session`) or years (`--from-year`,
`--to-year`, `--year`: the session that opened that year), says on stderr which session a
year was read as, and prints the session and its year on every row. Only plenary votes count
unless `--include-committee` is given; then every row names the body that voted. The
analysis modules (numpy, scipy, networkx) are imported inside the commands, so that
`ungawatch --help` stays quick.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ungawatch.cli.common import DbOption, JsonOption, console, edge, errors, print_json
from ungawatch.sessions import (
    SessionRange,
    hrc_session_range,
    label,
    session_label,
    session_range,
)
from ungawatch.settings import DB
from ungawatch.vocabulary import Track

if TYPE_CHECKING:
    import pandas as pd

    from ungawatch.store import Store

CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
FromOption = Annotated[int | None, typer.Option("--from", help="First session, e.g. 60.")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last session, e.g. 74.")]
FromYearOption = Annotated[
    int | None,
    typer.Option("--from-year", help="First year: the session that opened in it (2015 = 70)."),
]
ToYearOption = Annotated[
    int | None, typer.Option("--to-year", help="Last year: the session that opened in it.")
]
SessionOption = Annotated[int | None, typer.Option(help="One regular session, e.g. 78.")]
YearOption = Annotated[
    int | None, typer.Option(help="One year: the session that opened in it (2023 = 78).")
]
IssueOption = Annotated[
    str | None,
    typer.Option(help="Only roll calls with this unvotes issue code or name (hr, me, di ...)."),
]
CommitteeOption = Annotated[
    bool,
    typer.Option(
        "--include-committee",
        help="Count the Main Committees' recorded votes too (each row names the body).",
    ),
]


class AbstainMode(StrEnum):
    HALF = "half"
    EXCLUDE = "exclude"
    IDENTICAL = "identical"


class ExportFormat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


def sessions_asked(
    first: int | None = None,
    last: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    session: int | None = None,
    year: int | None = None,
    track: Track = Track.GA,
) -> SessionRange:
    """The sessions asked for (the Council's own with `track` hrc); says on stderr which
    session each year was read as."""
    reader = hrc_session_range if track == Track.HRC else session_range
    found = reader(
        first=first, last=last, from_year=from_year, to_year=to_year, session=session, year=year
    )
    for reading in found.readings:
        errors.print(f"note: {reading}", highlight=False)
    return found


def span(sessions: SessionRange) -> str:
    """ "sessions 60 (2005–06) to 74 (2019–20)" for titles."""
    if sessions.first is not None and sessions.first == sessions.last:
        return session_label(sessions.first)
    low = session_label(sessions.first) if sessions.first is not None else "the first session"
    high = session_label(sessions.last) if sessions.last is not None else "the last"
    return f"{low} to {high}"


def emit(frame: pd.DataFrame, *, title: str, as_json: bool, as_csv: bool) -> None:
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


def votes_label(include_committee: bool, track: Track = Track.GA) -> str:
    if track == Track.HRC:
        return "Human Rights Council votes"
    return "plenary and Main Committee votes" if include_committee else "plenary votes"


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


def agreement(
    a: Annotated[str | None, typer.Argument(help="A state (any name or code).")] = None,
    b: Annotated[str | None, typer.Argument(help="Another state.")] = None,
    start: FromOption = None,
    end: ToOption = None,
    from_year: FromYearOption = None,
    to_year: ToYearOption = None,
    session: SessionOption = None,
    year: YearOption = None,
    issue: IssueOption = None,
    abstain: Annotated[
        AbstainMode,
        typer.Option(
            help="Abstention against Yes/No: half agreement (State Department), excluded "
            "(its headline figure), or a vote of its own (identical: Voeten's and BSV's "
            "USAgree)."
        ),
    ] = AbstainMode.HALF,
    include_committee: CommitteeOption = False,
    body: VotingBodyOption = VotingBody.GA,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="All pairs of one session (--session or --year).")
    ] = False,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Share of identical votes of two states per session, or all pairs of one session.

    Example: ungawatch agreement "United States" Israel --from-year 2015 --to-year 2019
    (ungawatch agreement KOR JPN --body hrc: in the Council, over the sessions both sat on it)
    """
    from ungawatch.analysis.agreement import agreement as pair_agreement

    track = Track(body.value)
    with edge(db) as store:
        assert store is not None
        sessions = sessions_asked(start, end, from_year, to_year, session, year, track)
        if matrix:
            if sessions.first is None or sessions.first != sessions.last:
                raise typer.BadParameter(
                    "--matrix needs one session: --session N or --year YYYY", param_hint="--session"
                )
            scope = (abstain, issue, include_committee, track)
            _matrix(store, sessions.first, *scope, as_json, as_csv)
            return
        if a is None or b is None:
            raise typer.BadParameter("name two states, or use --matrix --session N")
        frame = pair_agreement(
            store,
            a,
            b,
            start=sessions.first,
            end=sessions.last,
            issue=issue,
            abstain=abstain.value,
            include_committee=include_committee,
            track=track,
        )
    title = f"Agreement of {a} and {b}, {votes_label(include_committee, track)} ({abstain.value})"
    emit(frame, title=title, as_json=as_json, as_csv=as_csv)


def _matrix(
    store: Store,
    session: int,
    abstain: AbstainMode,
    issue: str | None,
    include_committee: bool,
    track: Track,
    as_json: bool,
    as_csv: bool,
) -> None:
    """The full matrix as JSON/CSV; on the terminal, each state's closest partner."""
    import numpy as np
    import pandas as pd

    from ungawatch.analysis.agreement import agreement_matrix

    grid = agreement_matrix(
        store,
        session,
        abstain=abstain.value,
        issue=issue,
        include_committee=include_committee,
        track=track,
    )
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
    title = (
        f"Closest and farthest partner, {label(track, session)}, "
        f"{votes_label(include_committee, track)} (--csv for the matrix)"
    )
    emit(frame, title=title, as_json=False, as_csv=False)


def cohesion(
    group: Annotated[
        str,
        typer.Argument(
            help="A group: G77, NAM, OIC, AU, 'Arab Group', EU, 'African Group', "
            "'Asia-Pacific Group', 'Eastern European Group', GRULAC, WEOG, NORDIC, GCC, ASEAN."
        ),
    ],
    start: FromOption = None,
    end: ToOption = None,
    from_year: FromYearOption = None,
    to_year: ToYearOption = None,
    session: SessionOption = None,
    year: YearOption = None,
    issue: IssueOption = None,
    include_committee: CommitteeOption = False,
    body: VotingBodyOption = VotingBody.GA,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How united a group voted, per session (Hix-Noury-Roland Agreement Index, 0 to 1).

    Membership is the group's as of 31 December of each session's year; `assumed` counts the
    members whose joining date the group's list does not give.

    Example: ungawatch cohesion G77 --from-year 2000    (--body hrc: its members on the Council)
    """
    from ungawatch.analysis.cohesion import cohesion as bloc_cohesion

    track = Track(body.value)
    with edge(db) as store:
        assert store is not None
        sessions = sessions_asked(start, end, from_year, to_year, session, year, track)
        frame = bloc_cohesion(
            store,
            group,
            start=sessions.first,
            end=sessions.last,
            issue=issue,
            include_committee=include_committee,
            track=track,
        )
    title = f"Cohesion of {group}, {votes_label(include_committee, track)}"
    emit(frame, title=title, as_json=as_json, as_csv=as_csv)
    assumed = int(frame["assumed"].max())
    if assumed and not (as_json or as_csv):
        errors.print(
            f"note: up to {assumed} members a session are counted from their UN admission: "
            "the group's list gives no joining date for them (see docs/votes.md)",
            highlight=False,
        )


def network(
    session: SessionOption = None,
    year: YearOption = None,
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
    from ungawatch.analysis.network import sponsorship_network, write_graphml

    with edge(db) as store:
        assert store is not None
        sessions = sessions_asked(session=session, year=year)
        if sessions.first is None:
            raise typer.BadParameter("name a session: --session N or --year YYYY")
        found = sponsorship_network(store, sessions.first)
    if graphml is not None:
        write_graphml(found, graphml)
    frame = found.edges if edges else found.nodes.sort_values(["community", "state_code"])
    title = f"Co-sponsorship network, {session_label(sessions.first)}"
    emit(frame, title=title, as_json=as_json, as_csv=as_csv)


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
    from ungawatch.export import export as export_tables

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
    from ungawatch.cli.idealpoints import idealpoints

    for command in (agreement, cohesion, idealpoints, network, export):
        app.command()(command)
