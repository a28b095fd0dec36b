"""The states × sessions grid of a series (and a state's row per series), built from the
library's stored positions.

Each cell carries the sponsor role (shown as colour) and the vote (shown as a symbol), and
the documents behind them, so the page can link every cell to its resolution. Every value is
from the positions vocabulary: unknown, not a sponsor and not a member are three different
marks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ungawatch import countries
from ungawatch.countries.regions import region_of, region_rank
from ungawatch.positions.records import Position, SeriesSession
from ungawatch.sessions import year_of
from ungawatch.vocabulary import RECORDED_VOTES, SponsorRole, Track, VoteOption

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
        {"key": SponsorRole.NOT_SPONSOR.value, "label": "not a sponsor (list loaded)"},
        {"key": SponsorRole.UNKNOWN.value, "label": "unknown: sponsor list not in the database"},
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
    "other": [
        {"key": "committee", "label": "underlined: the committee's vote (no plenary vote loaded)"},
        {"key": "no-document", "label": "no document of this text in the database that session"},
    ],
}
VOTE_SYMBOL = {entry["key"]: entry["symbol"] for entry in LEGEND["votes"]}


def cell(position: Position) -> dict[str, Any]:
    """One state's position in one session, with the symbol the grid prints.

    The grid prints the plenary vote; when no plenary vote is known but the committee's is,
    it prints that one, marked as a committee vote (`shown_vote_body`), never as the plenary's.
    Values are plain strings and the sources a tuple: a cell holding only those is left out
    of the garbage collector's scans (CPython untracks such dicts), and a series page keeps
    thousands of cells in the server's cache.
    """
    plenary = position.plenary_vote
    committee = position.committee_vote
    from_committee = plenary is VoteOption.UNKNOWN and committee in _SHOWN_FROM_COMMITTEE
    shown = committee if from_committee and committee is not None else plenary
    return {
        "session": position.session,
        "year": position.year,
        "sponsor_role": _PLAIN[position.sponsor_role],
        "vote": _PLAIN[plenary],
        "committee_vote": _PLAIN[committee] if committee is not None else None,
        "shown_vote": _PLAIN[shown],
        "shown_vote_body": "committee" if from_committee else "plenary",
        "symbol": VOTE_SYMBOL[shown],
        "draft": position.draft,
        "resolution": position.resolution,
        "sources": position.sources,
    }


# Members to their values by dict lookup (cheaper than the enum's `value` descriptor).
_PLAIN: dict[str, str] = {member: member.value for member in (*SponsorRole, *VoteOption)}
# A committee vote the grid shows when no plenary vote is loaded: a recorded one, or adoption
# without a vote.
_SHOWN_FROM_COMMITTEE = frozenset((*RECORDED_VOTES, VoteOption.NO_VOTE_TAKEN))


def session_span(sessions: Iterable[int], track: Track = Track.GA) -> list[dict[str, Any]]:
    """Every session from the first to the last given, each with its year."""
    held = set(sessions)
    if not held:
        return []
    return [
        {"session": s, "year": year_of(track, s), "held": s in held}
        for s in range(min(held), max(held) + 1)
    ]


def columns(coverage: list[SeriesSession], track: Track) -> list[dict[str, Any]]:
    """The grid's columns: every session from the first to the last on record, each with its
    year, final draft and resolution; a session of which no document is loaded is a column
    too (`held` False), so a gap shows as a gap."""
    by_session = {s.session: s for s in coverage}
    found = []
    for span in session_span(by_session, track):
        text = by_session.get(span["session"])
        found.append(
            {
                "session": span["session"],
                "year": span["year"],
                "held": text is not None,
                "title": text.title if text else None,
                "draft": text.draft if text else None,
                "resolution": text.resolution if text else None,
                "sponsors_known": bool(text and text.sponsors_known),
            }
        )
    return found


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


def tallies(coverage: list[SeriesSession]) -> list[dict[str, Any]]:
    """Yes / no / abstain totals of each session's adoption, plenary and committee apart:
    None where no record of that body's action is loaded, `method` "without a vote" where
    it adopted the text without one."""
    return [
        {
            "session": s.session,
            "year": s.year,
            "body": body,
            "method": action.method.value if action else None,
            "yes": action.yes if action else None,
            "no": action.no if action else None,
            "abstain": action.abstain if action else None,
            "non_voting": action.non_voting if action else None,
            "date": action.date if action else None,
            "document": action.document if action else None,
        }
        for s in coverage
        for body, action in (("plenary", s.plenary), ("committee", s.committee))
    ]


def state_rows(
    rows: list[Position], columns: list[dict[str, Any]], sort: str, group: str | None
) -> list[dict[str, Any]]:
    """One row per state with a cell per column (None where the session holds no document),
    filtered to a regional group and sorted."""
    by_state: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        by_state[row.state_code][row.session] = cell(row)
        names[row.state_code] = row.state
    table = [
        {
            "state_code": code,
            "state": names[code],
            "region": region_of(code),
            "cells": [
                cells.get(column["session"]) or _not_member(column) if column["held"] else None
                for column in columns
            ],
        }
        for code, cells in by_state.items()
        if group is None or region_of(code) == group
    ]
    return sorted(table, key=_SORT_KEYS[sort])


def _not_member(column: dict[str, Any]) -> dict[str, Any]:
    """A state the session's records do not name and that did not sit in the body then (the
    positions table stores member states and states the records name)."""
    role = SponsorRole.NOT_SPONSOR if column["sponsors_known"] else SponsorRole.UNKNOWN
    return {
        "session": column["session"],
        "year": column["year"],
        "sponsor_role": role.value,
        "vote": VoteOption.NOT_MEMBER.value,
        "committee_vote": None,
        "shown_vote": VoteOption.NOT_MEMBER.value,
        "shown_vote_body": "plenary",
        "symbol": VOTE_SYMBOL[VoteOption.NOT_MEMBER.value],
        "draft": column["draft"],
        "resolution": column["resolution"],
        "sources": (),
    }


def _by_name(row: dict[str, Any]) -> tuple[Any, ...]:
    return (countries.normalize_name(row["state"]),)


def _by_region(row: dict[str, Any]) -> tuple[Any, ...]:
    return (region_rank(row["state_code"]), *_by_name(row))


def _by_position(row: dict[str, Any]) -> tuple[Any, ...]:
    """Latest session first: sponsors before others, then yes before abstain before no."""
    ranks = [
        (ROLE_RANK.get(c["sponsor_role"], 9), VOTE_RANK.get(c["shown_vote"], 5)) if c else (9, 9)
        for c in reversed(row["cells"])
    ]
    return (*ranks, *_by_name(row))


_SORT_KEYS = {"region": _by_region, "position": _by_position, "name": _by_name}
