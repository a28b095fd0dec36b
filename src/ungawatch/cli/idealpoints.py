"""The `ungawatch idealpoints` command: static ideal points over a range, or dynamic ones
(state × session) with `--dynamic`, optionally drawn to a PNG with `--plot`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ungawatch.cli.common import DbOption, JsonOption, edge, errors
from ungawatch.cli.votes import (
    CommitteeOption,
    CsvOption,
    FromOption,
    FromYearOption,
    SessionOption,
    ToOption,
    ToYearOption,
    YearOption,
    emit,
    sessions_asked,
    span,
    votes_label,
)
from ungawatch.sessions import SessionRange
from ungawatch.settings import DB

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_PLOT_STATES = "United States,Russia,China,India,Brazil,United Kingdom"


def idealpoints(
    start: FromOption = None,
    end: ToOption = None,
    from_year: FromYearOption = None,
    to_year: ToYearOption = None,
    session: SessionOption = None,
    year: YearOption = None,
    dynamic: Annotated[
        bool,
        typer.Option(
            "--dynamic",
            help="One point per state and session on one scale over time (ordinal, "
            "random walk), with its sd and 90 % interval.",
        ),
    ] = False,
    dims: Annotated[int, typer.Option(help="1 or 2 dimensions (static fit).", min=1, max=2)] = 1,
    bootstrap: Annotated[
        int, typer.Option(help="Parametric bootstrap rounds for standard errors (static fit).")
    ] = 0,
    include_committee: CommitteeOption = False,
    country: Annotated[
        list[str] | None,
        typer.Option(help="Only these states in the --dynamic table (repeat the option)."),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(help="Draw --dynamic points over time to this PNG (needs ungawatch\\[plot])."),
    ] = None,
    plot_states: Annotated[
        str, typer.Option(help="Comma-separated states to draw with --plot.")
    ] = DEFAULT_PLOT_STATES,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Ideal points: static over a range (EM probit on Yes/No votes), or with --dynamic one per
    state and session (ordinal Yes/Abstain/No, random walk over sessions). US positive.

    Example: ungawatch idealpoints --dynamic --plot idealpoints.png
    """
    if plot is not None and not dynamic:
        raise typer.BadParameter("--plot draws the --dynamic points; add --dynamic")
    with edge(db) as store:
        assert store is not None
        sessions = sessions_asked(start, end, from_year, to_year, session, year)
        if dynamic:
            from ungawatch.analysis.dynamic import dynamic_ideal_points
            from ungawatch.analysis.plot import plot_dynamic

            frame = dynamic_ideal_points(
                store,
                start=sessions.first,
                end=sessions.last,
                include_committee=include_committee,
            )
            fitted = SessionRange(int(frame["session"].min()), int(frame["session"].max()))
            title = f"Dynamic ideal points, {span(fitted)}, {votes_label(include_committee)}"
            if plot is not None:
                states = [name.strip() for name in plot_states.split(",") if name.strip()]
                plot_dynamic(frame, states, plot, title=title)
                errors.print(f"wrote {plot}", highlight=False)
            frame = _only(frame, country or [])
        else:
            if sessions.first is None or sessions.last is None:
                raise typer.BadParameter(
                    "a static fit pools a range: give --from/--to or --from-year/--to-year "
                    "(or use --dynamic for every session)"
                )
            from ungawatch.analysis.idealpoints import ideal_points

            frame = ideal_points(
                store,
                sessions.first,
                sessions.last,
                include_committee=include_committee,
                dims=dims,
                bootstrap=bootstrap,
            )
            title = f"Ideal points, {span(sessions)}, {votes_label(include_committee)}"
    emit(frame, title=title, as_json=as_json, as_csv=as_csv)


def _only(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows of the states named (and of the seats they continue), or all rows."""
    from ungawatch.analysis.scope import seat_codes

    if not names:
        return frame
    codes = {code for name in names for code in seat_codes(name)}
    return frame[frame["state_code"].isin(codes)].reset_index(drop=True)
