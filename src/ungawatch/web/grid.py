"""The states × sessions grid of a series, built from `analysis.positions` history rows.

Each cell carries the sponsor role (shown as colour) and the vote (shown as a symbol), and
the documents behind them, so the page can link every cell to its resolution.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ungawatch import countries
from ungawatch.countries.regions import region_of, region_rank
from ungawatch.positions.history import HistoryRow

SORTS = ("region", "position", "name")
ROLE_RANK = {"original": 0, "additional": 1, "withdrawn": 2, "none": 3, "unknown": 4}
VOTE_RANK = {"Y": 0, "without a vote": 1, "A": 2, "X": 3, "N": 4}
LEGEND: dict[str, list[dict[str, str]]] = {
    "roles": [
        {"key": "original", "label": "original sponsor"},
        {"key": "additional", "label": "additional sponsor"},
        {"key": "withdrawn", "label": "withdrew as sponsor"},
        {"key": "none", "label": "not a sponsor"},
        {"key": "unknown", "label": "sponsor list not in the database"},
    ],
    "votes": [
        {"key": "Y", "symbol": "✓", "label": "voted yes"},
        {"key": "N", "symbol": "✗", "label": "voted no"},
        {"key": "A", "symbol": "○", "label": "abstained"},
        {"key": "X", "symbol": "·", "label": "did not vote"},
        {"key": "without a vote", "symbol": "=", "label": "adopted without a vote"},
        {"key": "", "symbol": "?", "label": "vote not in the database"},
    ],
}
VOTE_SYMBOL = {entry["key"]: entry["symbol"] for entry in LEGEND["votes"]}


def cell(row: HistoryRow) -> dict[str, Any]:
    """One state's position in one session, with the symbol the grid prints."""
    return {
        "session": row.session,
        "sponsor_role": row.sponsor_role,
        "vote": row.vote,
        "symbol": VOTE_SYMBOL.get(row.vote or "", "?"),
        "draft": row.draft,
        "resolution": row.resolution,
        "sources": list(row.sources),
    }


def sessions(rows: list[HistoryRow]) -> list[dict[str, Any]]:
    """The columns: each session's year, final draft and resolution."""
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(
            row.session,
            {
                "session": row.session,
                "year": row.year,
                "title": row.title,
                "draft": row.draft,
                "resolution": row.resolution,
            },
        )
    return [found[session] for session in sorted(found)]


def sponsor_counts(rows: list[HistoryRow]) -> list[dict[str, int]]:
    """Original and additional sponsors per session: the bar chart beside the grid."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROLE_RANK, 0))
    for row in rows:
        counts[row.session][row.sponsor_role] += 1
    return [
        {
            "session": session,
            "original": c["original"],
            "additional": c["additional"],
            "withdrawn": c["withdrawn"],
            "total": c["original"] + c["additional"],
        }
        for session, c in sorted(counts.items())
    ]


def state_rows(rows: list[HistoryRow], sort: str, group: str | None) -> list[dict[str, Any]]:
    """One row per state with a cell per session, filtered to a regional group and sorted."""
    by_state: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        by_state[row.state_code][row.session] = cell(row)
    order = sorted({row.session for row in rows})
    table = [
        {
            "state_code": code,
            "state": countries.state(code).name,
            "region": region_of(code),
            "cells": [cells.get(session) for session in order],
        }
        for code, cells in by_state.items()
        if group is None or region_of(code) == group
    ]
    return sorted(table, key=_SORT_KEYS[sort])


def _by_name(row: dict[str, Any]) -> tuple[Any, ...]:
    return (countries.normalize_name(row["state"]),)


def _by_region(row: dict[str, Any]) -> tuple[Any, ...]:
    return (region_rank(row["state_code"]), *_by_name(row))


def _by_position(row: dict[str, Any]) -> tuple[Any, ...]:
    """Latest session first: sponsors before others, then yes before abstain before no."""
    ranks = [
        (ROLE_RANK.get(c["sponsor_role"], 4), VOTE_RANK.get(c["vote"] or "", 5)) if c else (9, 9)
        for c in reversed(row["cells"])
    ]
    return (*ranks, *_by_name(row))


_SORT_KEYS = {"region": _by_region, "position": _by_position, "name": _by_name}
