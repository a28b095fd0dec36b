"""Which states belonged to a group on a given day, for bloc cohesion.

`memberships.csv` lists, per group of the registry (`groups.csv` codes), each member state's
joining day and, if it left, the first day it no longer belonged. Only groups whose
membership history is settled and sourced are listed (the EU and its enlargements, the Nordic
countries, the GCC, ASEAN); the Group of 77, the Non-Aligned Movement and the OIC have well
over a hundred members each whose joining dates are not in the registry yet, and a guessed
list would silently misstate a bloc's cohesion, so they are reported as unknown instead.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from importlib import resources

from ungawatch.countries.registry import Group, resolve_group
from ungawatch.errors import NotFound


@dataclass(frozen=True, slots=True)
class Membership:
    group: str
    state_code: str
    joined: date
    left: date | None


@functools.cache
def _memberships() -> tuple[Membership, ...]:
    text = resources.files("ungawatch.countries").joinpath("memberships.csv").read_text("utf-8")
    return tuple(
        Membership(
            group=row["group"],
            state_code=row["state_code"],
            joined=date.fromisoformat(row["joined"]),
            left=date.fromisoformat(row["left"]) if row["left"] else None,
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def groups_with_members() -> tuple[str, ...]:
    """Codes of the groups whose membership over time is known."""
    return tuple(sorted({entry.group for entry in _memberships()}))


def group_members(name: str, on: date) -> tuple[str, ...]:
    """Registry codes of the members of group `name` (any name the registry knows) on `on`."""
    group = resolve_group(name)
    entries = _entries(group)
    return tuple(
        entry.state_code
        for entry in entries
        if entry.joined <= on and (entry.left is None or on < entry.left)
    )


def _entries(group: Group) -> tuple[Membership, ...]:
    entries = tuple(entry for entry in _memberships() if entry.group == group.code)
    if not entries:
        known = ", ".join(groups_with_members())
        raise NotFound(f"the membership over time of {group.name} (known for: {known})")
    return entries
