"""Figures of the analytics, drawn with matplotlib (the optional `[plot]` extra).

matplotlib is imported when a figure is drawn, so the rest of ungawatch never needs it; when
it is missing the error says which extra installs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ungawatch.countries import resolve
from ungawatch.errors import NotFound, UngawatchError

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class PlotUnavailable(UngawatchError):
    """matplotlib, needed only for figures, is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        from matplotlib import pyplot
    except ImportError as error:
        raise PlotUnavailable(
            "drawing a figure needs matplotlib, which is not installed: "
            "pip install 'ungawatch[plot]' (or pip install matplotlib)"
        ) from error
    return pyplot


def plot_dynamic(frame: pd.DataFrame, states: list[str], path: Path, *, title: str) -> Path:
    """Ideal points over time for `states` (any names the registry knows, shown as given), each
    a line with its 90 % interval as a band, x axis in years; written to `path` (PNG, SVG or
    PDF by suffix)."""
    pyplot = _pyplot()
    figure: Figure = pyplot.figure(figsize=(9, 5), dpi=120)
    axes = figure.add_subplot()
    for name in states:
        rows = _rows_of(frame, name)
        (line,) = axes.plot(rows["year"], rows["ideal_point"], label=name, linewidth=1.6)
        axes.fill_between(
            rows["year"], rows["lower"], rows["upper"], color=line.get_color(), alpha=0.2
        )
    axes.axhline(0.0, color="0.6", linewidth=0.8)
    axes.set_xlabel("year the session opened")
    axes.set_ylabel("ideal point (United States positive)")
    axes.set_title(title, loc="left", fontsize=11)
    axes.legend(loc="best", fontsize=9, frameon=False)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return path


def _rows_of(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A state's rows, including the seat it continues (the USSR's for the Russian Federation)."""
    from ungawatch.analysis.scope import seat_codes

    codes = seat_codes(name)
    rows = frame[frame["state_code"].isin(codes)].sort_values("session")
    if rows.empty:
        raise NotFound(f"an ideal point of {resolve(name).name} in the range asked")
    return rows
