"""The five UN regional groups, for sorting and filtering the dashboard's states × sessions grid.

Membership as the groups stood in 2023 (session 78), from `regional_groups.csv`. The United
States and Israel sit with the Western European and other States group for elections; states
of the past (USSR, Yugoslavia...) and observers belong to none and sort last.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

from ungawatch import countries

NO_GROUP = "OTHER"
ORDER = ("AFRICAN_GROUP", "ASIA_PACIFIC_GROUP", "EASTERN_EUROPEAN_GROUP", "GRULAC", "WEOG")


@functools.cache
def _membership() -> dict[str, str]:
    text = resources.files("ungawatch.countries").joinpath("regional_groups.csv").read_text("utf-8")
    return {
        code: row["group"]
        for row in csv.DictReader(io.StringIO(text))
        for code in row["states"].split()
    }


def region_of(code: str) -> str:
    """The regional group code of a state, or OTHER."""
    return _membership().get(code, NO_GROUP)


def region_rank(code: str) -> int:
    region = region_of(code)
    return ORDER.index(region) if region in ORDER else len(ORDER)


def region_names() -> dict[str, str]:
    """Group code -> the group's name, in the registry's wording, in sort order."""
    names = {group.code: group.name for group in countries.all_groups()}
    return {code: names.get(code, code) for code in ORDER}
