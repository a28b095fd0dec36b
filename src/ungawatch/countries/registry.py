"""The member-state registry: one stable code for every way a UN text names a state.

Sponsor lists, vote lists and third-party datasets spell the same state in many ways:
official UN short names that change ("Turkey" became "Türkiye"), ISO codes, common
English forms, the ISO "Korea, Republic of" style and mojibake ("TÃ¼rkiye"). Every
other module goes through `resolve` so that a state has exactly one key everywhere.

Matching is exact after `normalize_name`. Fuzzy matching only feeds the suggestions of
`UnknownState`: a guessed match would silently credit a sponsorship or a vote to the wrong
state, which is worse than a reported unknown name.

The data lives in `states.csv` and `groups.csv` next to this module and is read on first
use, not at import time, so importing the package stays cheap.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import pycountry
from rapidfuzz import fuzz, process

from ungawatch.encoding import repair_text
from ungawatch.errors import UnknownState

_PACKAGE = "ungawatch.countries"
_KINDS = frozenset({"member", "observer", "organization"})
_MAX_SUGGESTIONS = 5
_SUGGESTION_CUTOFF = 75.0

# Key levels: when two states claim the same normalized key, the lower level wins, so an
# official name beats another state's former name ("Yugoslavia" is YUG, not the Federal
# Republic of Yugoslavia's 2000-03 short name). Equal levels make the key ambiguous.
_LEVEL_NAME, _LEVEL_CODE, _LEVEL_FORMER, _LEVEL_ALIAS, _LEVEL_PYCOUNTRY = range(5)

# Apostrophes are dropped rather than turned into spaces because press releases lose them
# ("Democratic Peoples Republic of Korea"); U+02BC and the curly forms occur in UN PDFs.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u02b9`\u00b4\u2032"))
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class State:
    """A UN member state (current or historical), an observer State, or the EU.

    `admitted` is the first day this code was a member and `ended` the first day it no
    longer was. `successor` is the member that took over the seat (USSR -> Russian
    Federation); it is empty when a state dissolved into new members (Czechoslovakia).
    `former_names` pairs each earlier official name with the day it stopped being used.
    `gaps` are periods inside the membership when the state was not a separate member
    (Syria inside the United Arab Republic, Indonesia's 1965-66 withdrawal).
    """

    code: str
    iso2: str | None
    name: str
    kind: str
    admitted: date | None
    ended: date | None
    successor: str | None
    former_names: tuple[tuple[str, date], ...]
    aliases: tuple[str, ...]
    gaps: tuple[tuple[date, date], ...] = ()

    def name_on(self, day: date) -> str:
        """The official name in use on `day`, so old records print as they were written."""
        for name, until in self.former_names:
            if day < until:
                return name
        return self.name

    def is_member_on(self, day: date) -> bool:
        """Whether this code held a UN membership seat on `day` (observers never do)."""
        if self.kind != "member" or self.admitted is None or day < self.admitted:
            return False
        if self.ended is not None and day >= self.ended:
            return False
        return not any(start <= day < end for start, end in self.gaps)


@dataclass(frozen=True, slots=True)
class Group:
    """A group on whose behalf a state sponsors ("on behalf of the Group of 77 and China")."""

    code: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Registry:
    states: tuple[State, ...]
    states_by_code: Mapping[str, State]
    state_keys: Mapping[str, tuple[str, ...]]
    compact_state_keys: Mapping[str, tuple[str, ...]]
    groups: tuple[Group, ...]
    groups_by_code: Mapping[str, Group]
    group_keys: Mapping[str, tuple[str, ...]]


# Turns a code into the display name a suggestion shows.
_Labeller = Callable[[_Registry, str], str]


def normalize_name(text: str) -> str:
    """The one comparison form of a name: repaired, accent-free, case-folded words.

    Mojibake is repaired first (UNDL exports carry "TÃ¼rkiye"). Punctuation separates
    words, so "Guinea-\\nBissau" from a PDF and "Guinea-Bissau" agree, "&" reads as "and"
    and a leading "St." as "Saint" (dataset spellings), and a leading or trailing "the" is
    dropped ("the Netherlands", "Bahamas (The)", "Netherlands (Kingdom of The)").
    """
    repaired = unicodedata.normalize("NFKD", repair_text(text))
    bare = "".join(char for char in repaired if not unicodedata.combining(char))
    folded = bare.casefold().translate(_APOSTROPHES).replace("&", " and ")
    words = _WORD.findall(folded)
    if len(words) > 1 and words[0] == "st":
        words[0] = "saint"
    start, stop = 0, len(words)
    while start < stop and words[start] == "the":
        start += 1
    while stop > start and words[stop - 1] == "the":
        stop -= 1
    return " ".join(words[start:stop])


def describe(state: State) -> dict[str, Any]:
    """A state as plain data, for JSON and pages: registry code, names over time, dates."""
    return {
        "code": state.code,
        "name": state.name,
        "kind": state.kind,
        "admitted": str(state.admitted) if state.admitted else None,
        "ended": str(state.ended) if state.ended else None,
        "former_names": [{"name": name, "until": str(until)} for name, until in state.former_names],
    }


@functools.lru_cache(maxsize=4096)
def resolve(name: str) -> State:
    """The state a name, former name, alias or ISO code denotes; never a fuzzy guess."""
    registry = _registry()
    key = normalize_name(name)
    codes = _state_codes(registry, key)
    if len(codes) == 1:
        return registry.states_by_code[codes[0]]
    candidates = [registry.states_by_code[code].name for code in codes]
    raise UnknownState(name, _suggest(key, candidates, registry.state_keys, _state_label))


@functools.lru_cache(maxsize=1024)
def resolve_group(name: str) -> Group:
    """The group a name denotes, for "on behalf of ..." sponsorship."""
    registry = _registry()
    key = normalize_name(name)
    codes = registry.group_keys.get(key, ())
    if len(codes) == 1:
        return registry.groups_by_code[codes[0]]
    candidates = [registry.groups_by_code[code].name for code in codes]
    raise UnknownState(name, _suggest(key, candidates, registry.group_keys, _group_label))


@functools.lru_cache(maxsize=16384)
def is_known_name(text: str) -> bool:
    """Whether `resolve` or `resolve_group` would succeed; cheap, for splitting name lists."""
    registry = _registry()
    key = normalize_name(text)
    return len(_state_codes(registry, key)) == 1 or len(registry.group_keys.get(key, ())) == 1


def _state_codes(registry: _Registry, key: str) -> tuple[str, ...]:
    """Exact key first; then the same letters without spaces, for catalogue typos ("Ir eland")."""
    return registry.state_keys.get(key) or registry.compact_state_keys.get(key.replace(" ", ""), ())


def state(code: str) -> State:
    """The state with this registry code (ISO alpha-3 or a historical code such as SUN)."""
    registry = _registry()
    found = registry.states_by_code.get(code.strip().upper())
    if found is None:
        raise UnknownState(
            code, _suggest(normalize_name(code), [], registry.state_keys, _state_label)
        )
    return found


def all_states() -> tuple[State, ...]:
    """Every state in the registry: current and historical members, observers, the EU."""
    return _registry().states


def all_groups() -> tuple[Group, ...]:
    """Every sponsoring group the registry knows."""
    return _registry().groups


def members_on(day: date) -> tuple[State, ...]:
    """The UN member states on `day`, in registry order."""
    return tuple(entry for entry in _registry().states if entry.is_member_on(day))


def members_in_session(session: int) -> tuple[State, ...]:
    """The members on 31 December of the session's opening year (session 78 -> 2023-12-31).

    December is when the plenary adopts most resolutions, so it is the date that matches
    the votes and sponsor lists of a session.
    """
    if session < 1:
        raise ValueError(f"GA regular sessions are numbered from 1, not {session}")
    return members_on(date(1945 + session, 12, 31))


def _state_label(registry: _Registry, code: str) -> str:
    return registry.states_by_code[code].name


def _group_label(registry: _Registry, code: str) -> str:
    return registry.groups_by_code[code].name


def _suggest(
    key: str,
    candidates: list[str],
    keys: Mapping[str, tuple[str, ...]],
    label: _Labeller,
) -> list[str]:
    """Up to five official names close to `key`; ambiguous candidates come first.

    Keys of three characters or fewer are codes and acronyms: they would match anything
    that contains them, so they are left out of the fuzzy comparison.
    """
    registry = _registry()
    names = list(dict.fromkeys(candidates))
    choices = [choice for choice in keys if len(choice) > 3]
    found = process.extract(
        key, choices, scorer=fuzz.WRatio, limit=20, score_cutoff=_SUGGESTION_CUTOFF
    )
    for choice, _score, _index in found:
        for code in keys[choice]:
            names.append(label(registry, code))
    return list(dict.fromkeys(names))[:_MAX_SUGGESTIONS]


@functools.cache
def _registry() -> _Registry:
    """Load both CSV files once, on first use."""
    states = tuple(_parse_state(row) for row in _read_rows("states.csv"))
    groups = tuple(_parse_group(row) for row in _read_rows("groups.csv"))
    _check_successors(states)
    state_keys = _build_index(key for entry in states for key in _state_keys(entry))
    return _Registry(
        states=states,
        states_by_code={entry.code: entry for entry in states},
        state_keys=state_keys,
        compact_state_keys=_compact(state_keys),
        groups=groups,
        groups_by_code={group.code: group for group in groups},
        group_keys=_build_index(key for group in groups for key in _group_keys(group)),
    )


def _read_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files(_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    # keep_default_na-style traps do not exist in the csv module: Namibia's "NA" stays a string.
    return list(csv.DictReader(io.StringIO(text)))


def _parse_state(row: Mapping[str, str]) -> State:
    if row["kind"] not in _KINDS:
        raise ValueError(f"states.csv: {row['code']} has unknown kind {row['kind']!r}")
    former = sorted(_dated_names(row["former_names"]), key=lambda pair: pair[1])
    return State(
        code=row["code"],
        iso2=row["iso2"] or None,
        name=row["name"],
        kind=row["kind"],
        admitted=_optional_date(row["admitted"]),
        ended=_optional_date(row["ended"]),
        successor=row["successor"] or None,
        former_names=tuple(former),
        aliases=_split(row["aliases"]),
        gaps=tuple(_gap(text) for text in _split(row["gaps"])),
    )


def _parse_group(row: Mapping[str, str]) -> Group:
    return Group(code=row["code"], name=row["name"], aliases=_split(row["aliases"]))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _dated_names(text: str) -> Iterator[tuple[str, date]]:
    """Parse "Turkey@2022-06-01;..." into (name, last-day-exclusive) pairs."""
    for part in _split(text):
        name, _, until = part.rpartition("@")
        yield name.strip(), date.fromisoformat(until.strip())


def _gap(text: str) -> tuple[date, date]:
    start, _, end = text.partition("/")
    return date.fromisoformat(start), date.fromisoformat(end)


def _check_successors(states: tuple[State, ...]) -> None:
    codes = {entry.code for entry in states}
    for entry in states:
        if entry.successor and entry.successor not in codes:
            raise ValueError(f"states.csv: {entry.code} names unknown successor {entry.successor}")


def _state_keys(entry: State) -> Iterator[tuple[str, int, str]]:
    yield normalize_name(entry.name), _LEVEL_NAME, entry.code
    for code in (entry.code, entry.iso2):
        if code:
            yield code.casefold(), _LEVEL_CODE, entry.code
    for name, _until in entry.former_names:
        yield normalize_name(name), _LEVEL_FORMER, entry.code
    for alias in entry.aliases:
        yield normalize_name(alias), _LEVEL_ALIAS, entry.code
    for name in _pycountry_names(entry.code):
        yield normalize_name(name), _LEVEL_PYCOUNTRY, entry.code


def _group_keys(group: Group) -> Iterator[tuple[str, int, str]]:
    yield normalize_name(group.name), _LEVEL_NAME, group.code
    yield normalize_name(group.code), _LEVEL_CODE, group.code
    for alias in group.aliases:
        yield normalize_name(alias), _LEVEL_ALIAS, group.code


@functools.cache
def iso_numeric(code: str) -> str | None:
    """The ISO 3166 numeric code of a state (the key of world-map shapes), if it has one."""
    record = pycountry.countries.get(alpha_3=code)
    return str(record.numeric) if record is not None else None


def _pycountry_names(code: str) -> Iterator[str]:
    """ISO's own spellings ("Korea, Republic of"), current or withdrawn, for free."""
    record = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    for attribute in ("name", "official_name", "common_name"):
        value = getattr(record, attribute, None) if record is not None else None
        if isinstance(value, str):
            yield value


def _build_index(entries: Iterable[tuple[str, int, str]]) -> dict[str, tuple[str, ...]]:
    """Map each key to the codes that claim it at its best level (several = ambiguous)."""
    best: dict[str, tuple[int, list[str]]] = {}
    for key, level, code in entries:
        if not key:
            continue
        current = best.get(key)
        if current is None or level < current[0]:
            best[key] = (level, [code])
        elif level == current[0] and code not in current[1]:
            current[1].append(code)
    return {key: tuple(codes) for key, (_level, codes) in best.items()}


def _compact(keys: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Keys with spaces removed, kept only where they still name exactly one state."""
    compact: dict[str, set[str]] = {}
    for key, codes in keys.items():
        compact.setdefault(key.replace(" ", ""), set()).update(codes)
    return {key: tuple(codes) for key, codes in compact.items() if len(codes) == 1}
