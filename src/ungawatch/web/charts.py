"""Geometry of the dashboard's charts, drawn as inline SVG by the templates.

Bars per session (sponsors; yes / no / abstain totals; recorded votes held), lines over
sessions (agreement, cohesion, ideal points) and a network drawing. Computing coordinates here
keeps the templates free of arithmetic and the pages free of a charting library.

Gaps stay gaps: the x axis has a slot for every session from the first to the last, a
session with no data has no mark (or an explicit "no document" mark), and a line is broken
where a session is missing rather than drawn across it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ungawatch.analysis.compare import Cohesion, Comparison
from ungawatch.positions.recorded_votes import VoteSession
from ungawatch.sessions import year_of_session

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 58
PALETTE = 8


@dataclass(frozen=True)
class _Axis:
    """Sessions first..last to x (slot centres) and values low..high to y."""

    first: int
    last: int
    low: float = 0.0
    high: float = 1.0

    @property
    def slot(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.last - self.first + 1, 1)

    def x(self, session: int) -> float:
        return round(LEFT + (session - self.first + 0.5) * self.slot, 1)

    def y(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1.0)
        return round(TOP + (1 - share) * (HEIGHT - TOP - BOTTOM), 1)

    @property
    def base(self) -> float:
        return float(HEIGHT - BOTTOM)

    def xticks(self) -> list[dict[str, Any]]:
        """At most about ten labelled sessions, each with its year under it."""
        count = self.last - self.first + 1
        step = max(1, -(-count // 10))
        return [
            {"session": s, "year": year_of_session(s), "x": self.x(s)}
            for s in range(self.first, self.last + 1, step)
        ]


def _frame(axis: _Axis, y_title: str, yticks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "base": axis.base,
        "xticks": axis.xticks(),
        "yticks": yticks,
        "x_title": "session (year it opened)",
        "y_title": y_title,
        "slot": round(axis.slot, 2),
    }


def _span(sessions: Iterable[int]) -> _Axis | None:
    held = list(sessions)
    return _Axis(min(held), max(held)) if held else None


def _count_ticks(axis: _Axis) -> list[dict[str, Any]]:
    step = max(1, round(axis.high / 4))
    return [{"label": str(v), "y": axis.y(v)} for v in range(0, int(axis.high) + 1, step)]


def sponsor_bars(
    columns: list[dict[str, Any]], counts: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """A stacked bar per session (original below, additional above). A session whose sponsor
    list is not loaded gets a hatched "unknown" bar, never a zero; a session with no document
    of the text gets a "no document" mark."""
    span = _span(c["session"] for c in columns)
    if span is None:
        return None
    known = [c["total"] for c in counts if c["total"] is not None]
    axis = _Axis(span.first, span.last, 0, max([*known, 1]))
    by_session = {c["session"]: c for c in counts}
    width = min(axis.slot * 0.7, 40.0)
    bars = []
    for column in columns:
        count = by_session.get(column["session"])
        x = round(axis.x(column["session"]) - width / 2, 1)
        bar: dict[str, Any] = {"session": column["session"], "year": column["year"], "x": x}
        bar["label_x"] = axis.x(column["session"])
        if count is None:
            bar["state"] = "missing"
        elif count["total"] is None:
            bar |= {"state": "unknown", "y": axis.y(axis.high), "h": axis.base - axis.y(axis.high)}
        else:
            top_original = axis.y(count["original"])
            top_all = axis.y(count["original"] + count["additional"])
            bar |= {
                "state": "known",
                "original": count["original"],
                "additional": count["additional"],
                "original_y": top_original,
                "original_h": round(axis.base - top_original, 1),
                "additional_y": top_all,
                "additional_h": round(top_original - top_all, 1),
            }
        bars.append(bar | {"w": round(width, 1)})
    return _frame(axis, "sponsors", _count_ticks(axis)) | {"bars": bars}


def tally_bars(
    columns: list[dict[str, Any]], tallies: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Yes / abstain / no stacked per session: the plenary's recorded vote, else the
    committee's (marked as such); "=" for adoption without a vote, "?" where no record of the
    adoption is loaded, a "no document" mark where the session holds no text."""
    span = _span(c["session"] for c in columns)
    if span is None:
        return None
    actions: dict[int, dict[str, dict[str, Any]]] = {}
    for tally in tallies:
        actions.setdefault(tally["session"], {})[tally["body"]] = tally
    totals = [
        (t["yes"] or 0) + (t["no"] or 0) + (t["abstain"] or 0)
        for t in tallies
        if t["yes"] is not None
    ]
    axis = _Axis(span.first, span.last, 0, max([*totals, 1]))
    width = min(axis.slot * 0.7, 40.0)
    bars = [
        _tally_bar(axis, width, column, actions.get(column["session"], {})) for column in columns
    ]
    return _frame(axis, "states voting", _count_ticks(axis)) | {"bars": bars}


def _tally_bar(
    axis: _Axis, width: float, column: dict[str, Any], actions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    bar: dict[str, Any] = {
        "session": column["session"],
        "year": column["year"],
        "x": round(axis.x(column["session"]) - width / 2, 1),
        "w": round(width, 1),
        "label_x": axis.x(column["session"]),
    }
    if not column["held"]:
        return bar | {"state": "missing"}
    recorded = [
        (body, actions[body])
        for body in ("plenary", "committee")
        if body in actions and actions[body]["yes"] is not None
    ]
    if not recorded:
        adopted = any(a["method"] == "without a vote" for a in actions.values())
        return bar | {"state": "consensus" if adopted else "unknown"}
    body, tally = recorded[0]
    stack, bottom = [], axis.base
    for key in ("yes", "abstain", "no"):
        height = round(axis.base - axis.y(tally[key] or 0), 1)
        stack.append(
            {"key": key, "value": tally[key] or 0, "y": round(bottom - height, 1), "h": height}
        )
        bottom -= height
    return bar | {"state": "recorded", "body": body, "stack": stack, "tally": tally}


def session_counts(sessions: Sequence[VoteSession]) -> dict[str, Any] | None:
    """Recorded votes held per session (whole texts, paragraphs, amendments stacked)."""
    span = _span(s.session for s in sessions)
    if span is None:
        return None
    axis = _Axis(span.first, span.last, 0, max(s.roll_calls for s in sessions))
    width = max(axis.slot * 0.8, 1.0)
    bars = []
    for s in sessions:
        bottom, stack = axis.base, []
        for key, value in (
            ("whole", s.whole_text),
            ("paragraph", s.paragraph),
            ("amendment", s.amendment),
        ):
            height = round(axis.base - axis.y(value), 1)
            stack.append({"key": key, "value": value, "y": round(bottom - height, 1), "h": height})
            bottom -= height
        bars.append(
            {
                "session": s.session,
                "year": s.year,
                "x": round(axis.x(s.session) - width / 2, 2),
                "w": round(width, 2),
                "stack": stack,
                "total": s.roll_calls,
            }
        )
    return _frame(axis, "recorded votes", _count_ticks(axis)) | {"bars": bars}


def _share_ticks(axis: _Axis) -> list[dict[str, Any]]:
    return [{"label": f"{int(v * 100)}%", "y": axis.y(v)} for v in (0.0, 0.25, 0.5, 0.75, 1.0)]


def _path(axis: _Axis, points: list[tuple[int, float]]) -> str:
    """A polyline broken wherever a session is missing: no line across a gap."""
    parts, previous = [], None
    for session, value in points:
        command = "L" if previous is not None and session == previous + 1 else "M"
        parts.append(f"{command}{axis.x(session)},{axis.y(value)}")
        previous = session
    return " ".join(parts)


def _lines(
    axis: _Axis, named: list[tuple[str, str, list[tuple[int, float, str]]]]
) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "code": code,
            "series": index % PALETTE,
            "path": _path(axis, [(s, v) for s, v, _ in points]),
            "points": [
                {
                    "x": axis.x(s),
                    "y": axis.y(v),
                    "session": s,
                    "year": year_of_session(s),
                    "text": t,
                }
                for s, v, t in points
            ],
        }
        for index, (name, code, points) in enumerate(named)
    ]


def agreement_lines(comparisons: list[dict[str, Any]], code: str) -> dict[str, Any] | None:
    """A line per compared state: plenary agreement with `code` (0-100 %) against session."""
    span = _span(row["session"] for c in comparisons for row in c["sessions"])
    if span is None:
        return None
    axis = _Axis(span.first, span.last)
    named = [
        (
            c["b"]["name"],
            c["b"]["code"],
            [
                (
                    row["session"],
                    row["agreement"],
                    f"{row['agreement']:.0%} of {row['votes']} plenary recorded votes",
                )
                for row in c["sessions"]
            ],
        )
        for c in comparisons
    ]
    return _frame(axis, f"agreement with {code}", _share_ticks(axis)) | {
        "lines": _lines(axis, named)
    }


def pair_lines(view: Comparison) -> dict[str, Any] | None:
    """Agreement of every compared pair (the first state's pairs first) by session."""
    span = _span(row.session for row in view.agreement)
    if span is None:
        return None
    axis = _Axis(span.first, span.last)
    names = {state.code: state.name for state in view.states}
    pairs: dict[tuple[str, str], list[tuple[int, float, str]]] = {}
    for row in view.agreement:
        pairs.setdefault((row.a, row.b), []).append(
            (row.session, row.agreement, f"{row.agreement:.0%} of {row.votes} votes")
        )
    named = [(f"{names[a]} – {names[b]}", f"{a}-{b}", points) for (a, b), points in pairs.items()]
    return _frame(axis, "agreement", _share_ticks(axis)) | {"lines": _lines(axis, named)}


def cohesion_line(rows: Sequence[Cohesion]) -> dict[str, Any] | None:
    span = _span(row.session for row in rows)
    if span is None:
        return None
    axis = _Axis(span.first, span.last)
    points = [
        (row.session, row.cohesion, f"{row.cohesion:.2f} over {row.roll_calls} votes")
        for row in rows
    ]
    return _frame(axis, "cohesion (Agreement Index)", _share_ticks(axis)) | {
        "lines": _lines(axis, [("the compared states", "set", points)])
    }


def group_cohesion_line(rows: Sequence[Any]) -> dict[str, Any] | None:
    span = _span(row.session for row in rows)
    if span is None:
        return None
    axis = _Axis(span.first, span.last)
    points = [
        (
            row.session,
            row.cohesion,
            f"{row.cohesion:.2f}: {row.members} members, {row.roll_calls} votes",
        )
        for row in rows
    ]
    return _frame(axis, "cohesion (Agreement Index)", _share_ticks(axis)) | {
        "lines": _lines(axis, [("cohesion", "group", points)])
    }


def ideal_lines(found: Any, seats: dict[str, tuple[str, ...]]) -> dict[str, Any] | None:
    """The compared states' ideal points (dim 1) by session; `seats` maps each state to the
    codes whose votes count for it (the Russian Federation continues the USSR's seat)."""
    owner = {seat: code for code, codes in seats.items() for seat in codes}
    chosen = [p for p in found.points if p.state_code in owner]
    span = _span(p.session for p in chosen)
    if span is None:
        return None
    values = [p.dim1 for p in chosen]
    low, high = math.floor(min([*values, -2.0])), math.ceil(max([*values, 2.0]))
    axis = _Axis(span.first, span.last, low, high)
    named = []
    for code in seats:
        own = sorted((p for p in chosen if owner[p.state_code] == code), key=lambda p: p.session)
        if own:
            points = [
                (p.session, p.dim1, f"{p.dim1:+.2f} ({p.votes} votes, as {p.state})") for p in own
            ]
            named.append((own[-1].state, code, points))
    ticks = [{"label": f"{v:+d}" if v else "0", "y": axis.y(v)} for v in range(low, high + 1)]
    frame = _frame(axis, "ideal point (dimension 1)", ticks)
    return frame | {"lines": _lines(axis, named), "zero": axis.y(0)}


def network_drawing(view: Any) -> dict[str, Any]:
    """Node positions (0-1 from the server's layout) scaled into a square drawing."""
    size, margin = 640, 24
    inner = size - 2 * margin

    def at(node: Any) -> tuple[float, float]:
        return round(margin + node.x * inner, 1), round(margin + (1 - node.y) * inner, 1)

    where = {node.state_code: at(node) for node in view.nodes}
    heaviest = max((edge.weight for edge in view.edges), default=1)
    return {
        "size": size,
        "nodes": [
            {
                "code": node.state_code,
                "name": node.state,
                "x": where[node.state_code][0],
                "y": where[node.state_code][1],
                "r": round(3 + 6 * (node.partners / max(len(view.nodes) - 1, 1)), 1),
                "community": node.community % PALETTE,
                "partners": node.partners,
                "strength": node.strength,
            }
            for node in view.nodes
        ],
        "edges": [
            {
                "x1": where[edge.source][0],
                "y1": where[edge.source][1],
                "x2": where[edge.target][0],
                "y2": where[edge.target][1],
                "opacity": round(0.08 + 0.5 * edge.weight / heaviest, 2),
            }
            for edge in view.edges
        ],
    }
