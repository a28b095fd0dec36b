"""The five UN regional groups, for sorting and filtering the dashboard's states × sessions grid.

A state's region is the regional group it belongs to today, from the dated lists in
`memberships.csv` (the same rows bloc cohesion reads for any session). The United States
sits with the Western European and other States group for elections; states of the past
(USSR, Yugoslavia...) and observers belong to none today and sort last.
"""

from __future__ import annotations

import functools
from datetime import date

from ungawatch import countries
from ungawatch.countries.memberships import membership_on

NO_GROUP = "OTHER"
ORDER = ("AFRICAN_GROUP", "ASIA_PACIFIC_GROUP", "EASTERN_EUROPEAN_GROUP", "GRULAC", "WEOG")


@functools.cache
def _membership(day: date) -> dict[str, str]:
    return {code: group for group in ORDER for code in membership_on(group, day).codes}


def region_of(code: str) -> str:
    """The regional group code of a state today, or OTHER."""
    return _membership(date.today()).get(code, NO_GROUP)


def region_rank(code: str) -> int:
    region = region_of(code)
    return ORDER.index(region) if region in ORDER else len(ORDER)


def region_names() -> dict[str, str]:
    """Group code -> the group's name, in the registry's wording, in sort order."""
    names = {group.code: group.name for group in countries.all_groups()}
    return {code: names.get(code, code) for code in ORDER}
