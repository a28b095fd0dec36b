"""Which states belonged to a group on a given day, for bloc cohesion and the regional groups.

`memberships.csv` lists, per group of the registry (`groups.csv` codes), each member state
with its joining day (or year) and, if it left, the first day (or year) it no longer
belonged, and the `basis` of those dates:

- `dated`: the day is in the group's own record (a founding act, an accession);
- `year`: the group's list gives the year only; the member counts from 1 January;
- `admission`: the group's rule is that a state belongs from its UN admission (the regional
  groups), so no date of its own is needed;
- `assumed`: the group's list names the member but gives no date; it is counted from its UN
  admission (or the group's start) and reported as assumed, never passed off as known.

`membership_sources.csv` names, per group, the day it started, the publication its list
comes from and what the list leaves out. A group with no rows is reported as unknown.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from importlib import resources

from ungawatch.countries.registry import resolve_group, state
from ungawatch.errors import NotFound

BASES = ("dated", "year", "admission", "assumed")


@dataclass(frozen=True, slots=True)
class Membership:
    """One period of one state in one group; `joined` None means from the state's admission."""

    group: str
    state_code: str
    joined: date | None
    left: date | None
    basis: str
    note: str

    def start(self, group_started: date) -> date:
        """The first day this membership counts."""
        if self.joined is not None:
            return self.joined
        admitted = state(self.state_code).admitted
        return max(group_started, admitted) if admitted else group_started

    def covers(self, day: date, group_started: date) -> bool:
        return self.start(group_started) <= day and (self.left is None or day < self.left)


@dataclass(frozen=True, slots=True)
class GroupSource:
    """Where a group's list comes from and the day the group started."""

    group: str
    started: date
    members_of: str | None
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class GroupMembership:
    """The UN members in a group on one day, and those counted from an assumed date."""

    group: str
    day: date
    codes: tuple[str, ...]
    assumed: tuple[str, ...]


def _day(text: str, *, field: str, row: dict[str, str]) -> date | None:
    """A `YYYY-MM-DD` day, or a `YYYY` year read as its 1 January; empty is None."""
    if not text:
        return None
    try:
        return date(int(text), 1, 1) if len(text) == 4 else date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(
            f"memberships.csv: {row['group']} {row['state_code']}: bad {field} {text!r}"
        ) from error


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("ungawatch.countries").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _memberships() -> tuple[Membership, ...]:
    entries = []
    for row in _read("memberships.csv"):
        if row["basis"] not in BASES:
            raise ValueError(f"memberships.csv: {row['group']} {row['state_code']}: bad basis")
        entries.append(
            Membership(
                group=row["group"],
                state_code=row["state_code"],
                joined=_day(row["joined"], field="joined", row=row),
                left=_day(row["left"], field="left", row=row),
                basis=row["basis"],
                note=row["note"],
            )
        )
    return tuple(entries)


@functools.cache
def _sources() -> dict[str, GroupSource]:
    return {
        row["group"]: GroupSource(
            group=row["group"],
            started=date.fromisoformat(row["started"]),
            members_of=row["members_of"] or None,
            source=row["source"],
            note=row["note"],
        )
        for row in _read("membership_sources.csv")
    }


def groups_with_members() -> tuple[str, ...]:
    """Codes of the groups whose membership over time is known."""
    return tuple(sorted(_sources()))


def group_source(name: str) -> GroupSource:
    """Where the membership list of group `name` comes from; NotFound when there is none."""
    group = resolve_group(name)
    found = _sources().get(group.code)
    if found is None:
        known = ", ".join(groups_with_members())
        raise NotFound(f"the membership over time of {group.name} (known for: {known})")
    return found


def memberships(name: str) -> tuple[Membership, ...]:
    """Every membership period of group `name` (any name the registry knows)."""
    source = group_source(name)
    code = source.members_of or source.group
    return tuple(entry for entry in _memberships() if entry.group == code)


def membership_on(name: str, on: date) -> GroupMembership:
    """The UN members in group `name` on `on` (none before the group started), with the ones
    whose joining date is assumed."""
    source = group_source(name)
    if on < source.started:
        return GroupMembership(source.group, on, (), ())
    counted = [
        entry
        for entry in memberships(name)
        if entry.covers(on, source.started) and state(entry.state_code).is_member_on(on)
    ]
    codes = tuple(dict.fromkeys(entry.state_code for entry in counted))
    assumed = tuple(dict.fromkeys(e.state_code for e in counted if e.basis == "assumed"))
    return GroupMembership(source.group, on, codes, assumed)


def group_members(name: str, on: date) -> tuple[str, ...]:
    """Registry codes of the UN members in group `name` (any name the registry knows) on `on`."""
    return membership_on(name, on).codes
