"""Geometry of the dashboard's two charts, drawn as inline SVG by the templates.

A stacked bar per session (original and additional sponsors) and agreement lines over
sessions. Computing the coordinates here keeps the templates free of arithmetic and the
pages free of a charting library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28


def _ticks(maximum: float, count: int = 4) -> list[float]:
    step = max(1.0, maximum / count)
    return [round(step * index, 2) for index in range(count + 1)]


def sponsor_bars(counts: list[dict[str, Any]]) -> dict[str, Any]:
    """One stacked bar per session: original sponsors below, additional above. A session
    whose sponsor list is not loaded gets a hatched full-height "unknown" bar, never a zero."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([c["total"] for c in counts if c["total"] is not None] + [1])
    slot = inner_w / max(len(counts), 1)
    scale = inner_h / top
    bars = []
    width = min(slot * 0.7, 56.0)
    for index, count in enumerate(counts):
        centre = LEFT + (index + 0.5) * slot
        known = count["total"] is not None
        h_original = count["original"] * scale if known else 0.0
        h_additional = count["additional"] * scale if known else 0.0
        base = TOP + inner_h
        bars.append(
            {
                "session": count["session"],
                "year": count["year"],
                "known": known,
                "unknown_y": TOP,
                "unknown_h": inner_h,
                "original": count["original"],
                "additional": count["additional"],
                "x": round(centre - width / 2, 1),
                "w": round(width, 1),
                "label_x": round(centre, 1),
                "original_y": round(base - h_original, 1),
                "original_h": round(h_original, 1),
                "additional_y": round(base - h_original - h_additional, 1),
                "additional_h": round(h_additional, 1),
            }
        )
    ticks = [{"value": int(v), "y": round(TOP + inner_h - v * scale, 1)} for v in _ticks(top)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "base": TOP + inner_h,
        "right": WIDTH - RIGHT,
        "bars": bars,
        "ticks": ticks,
    }


@dataclass(frozen=True)
class _Frame:
    """Maps sessions to x and shares (0-1) to y inside the chart's margins."""

    first: int
    last: int

    def x(self, session: int) -> float:
        inner = WIDTH - LEFT - RIGHT
        if self.last == self.first:
            return LEFT + inner / 2
        return round(LEFT + (session - self.first) / (self.last - self.first) * inner, 1)

    def y(self, share: float) -> float:
        return round(TOP + (1 - share) * (HEIGHT - TOP - BOTTOM), 1)


def agreement_lines(comparisons: list[dict[str, Any]]) -> dict[str, Any]:
    """A line per compared state: agreement (0-1) against session."""
    sessions = sorted({row["session"] for c in comparisons for row in c["sessions"]})
    frame = _Frame(sessions[0], sessions[-1]) if sessions else _Frame(0, 0)
    lines = [_line(frame, index, c) for index, c in enumerate(comparisons)]
    step = max(1, len(sessions) // 8)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "base": HEIGHT - BOTTOM,
        "lines": lines,
        "xticks": [{"session": s, "x": frame.x(s)} for s in sessions[::step]],
        "yticks": [{"value": v, "y": frame.y(v)} for v in (0.0, 0.25, 0.5, 0.75, 1.0)],
    }


def _line(frame: _Frame, index: int, comparison: dict[str, Any]) -> dict[str, Any]:
    points = [
        {
            "x": frame.x(row["session"]),
            "y": frame.y(row["agreement"]),
            "session": row["session"],
            "value": round(row["agreement"], 3),
            "votes": row["votes"],
        }
        for row in comparison["sessions"]
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(points))
    return {
        "name": comparison["b"]["name"],
        "code": comparison["b"]["code"],
        "series": index % 6,
        "path": path,
        "points": points,
    }
