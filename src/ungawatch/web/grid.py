"""The states × sessions grid of a series (and a state's row per series), built from the
library's stored positions.

Each cell carries the sponsor role (shown as colour) and the vote (shown as a symbol), and
the documents behind them, so the page can link every cell to its resolution. Every value is
from the positions vocabulary: unknown, not a sponsor and not a member are three different
marks.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ungawatch import countries
from ungawatch.countries.regions import region_of, region_rank
from ungawatch.positions.records import Position, SeriesSession
from ungawatch.vocabulary import SponsorRole, VoteOption

SORTS = ("region", "position", "name")
ROLE_RANK = {role.value: rank for rank, role in enumerate(SponsorRole)}
VOTE_RANK = {
    VoteOption.YES.value: 0,
    VoteOption.NO_VOTE_TAKEN.value: 1,
    VoteOption.ABSTAIN.value: 2,
    VoteOption.NON_VOTING.value: 3,
    VoteOption.NO.value: 4,
}
LEGEND: dict[str, list[dict[str, str]]] = {
    "roles": [
        {"key": SponsorRole.ORIGINAL.value, "label": "original sponsor"},
        {"key": SponsorRole.ADDITIONAL.value, "label": "additional sponsor"},
        {"key": SponsorRole.WITHDRAWN.value, "label": "withdrew as sponsor"},
        {"key": SponsorRole.NOT_SPONSOR.value, "label": "not a sponsor"},
        {"key": SponsorRole.UNKNOWN.value, "label": "sponsor list not in the database"},
    ],
    "votes": [
        {"key": VoteOption.YES.value, "symbol": "✓", "label": "voted yes"},
        {"key": VoteOption.NO.value, "symbol": "✗", "label": "voted no"},
        {"key": VoteOption.ABSTAIN.value, "symbol": "○", "label": "abstained"},
        {"key": VoteOption.NON_VOTING.value, "symbol": "·", "label": "did not vote"},
        {"key": VoteOption.NO_VOTE_TAKEN.value, "symbol": "=", "label": "adopted without a vote"},
        {"key": VoteOption.NOT_MEMBER.value, "symbol": "–", "label": "not a member"},
        {"key": VoteOption.UNKNOWN.value, "symbol": "?", "label": "vote not in the database"},
    ],
}
VOTE_SYMBOL = {entry["key"]: entry["symbol"] for entry in LEGEND["votes"]}


def cell(position: Position) -> dict[str, Any]:
    """One state's position in one session, with the symbol the grid prints."""
    return {
        "session": position.session,
        "year": position.year,
        "sponsor_role": position.sponsor_role.value,
        "vote": position.plenary_vote.value,
        "committee_vote": position.committee_vote.value if position.committee_vote else None,
        "symbol": VOTE_SYMBOL[position.plenary_vote.value],
        "draft": position.draft,
        "resolution": position.resolution,
        "sources": list(position.sources),
    }


def sessions(coverage: list[SeriesSession]) -> list[dict[str, Any]]:
    """The columns: each session's year, final draft and resolution."""
    return [
        {
            "session": s.session,
            "year": s.year,
            "title": s.title,
            "draft": s.draft,
            "resolution": s.resolution,
        }
        for s in coverage
    ]


def sponsor_counts(coverage: list[SeriesSession]) -> list[dict[str, Any]]:
    """Original and additional sponsors per session; None (unknown) where no list is loaded."""
    return [
        {
            "session": s.session,
            "year": s.year,
            "original": s.original_sponsors,
            "additional": s.additional_sponsors,
            "withdrawn": s.withdrawn_sponsors,
            "total": s.sponsors,
            "listed_in": s.sponsor_list,
        }
        for s in coverage
    ]


def state_rows(rows: list[Position], sort: str, group: str | None) -> list[dict[str, Any]]:
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
        (ROLE_RANK.get(c["sponsor_role"], 9), VOTE_RANK.get(c["vote"], 5)) if c else (9, 9)
        for c in reversed(row["cells"])
    ]
    return (*ranks, *_by_name(row))


_SORT_KEYS = {"region": _by_region, "position": _by_position, "name": _by_name}
