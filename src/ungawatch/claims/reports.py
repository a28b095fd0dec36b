"""Tier 2: what ingested reports say, as atoms, never mixed with the UN record.

Each stored report's claims (read by the same extractor when it was ingested; re-read from
its stored text when the extractor has changed since) are resolved to targets like the
checked story's and cut into atoms. A report states an atom; two reports count as
independent unless their outlets share a name ("The Korea Herald (Yonhap)" and "Yonhap News
Agency" are one wire).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ungawatch.claims.atoms import Atom, atoms_of
from ungawatch.claims.model import Claim, claim_from_dict
from ungawatch.claims.record import Record
from ungawatch.store import Store
from ungawatch.store.reports import stored_reports

_GENERIC = frozenset(
    [
        "the",
        "news",
        "agency",
        "daily",
        "times",
        "post",
        "service",
        "information",
        "culture",
        "korean",
        "official",
        "statement",
        "via",
        "also",
        "reposted",
        "on",
        "a",
        "forum",
        "and",
        "of",
        "text",
        "copy",
    ]
)


@dataclass(frozen=True, slots=True)
class ReportRef:
    """Who reported: outlet, day, URL, and the names that tell one wire from another."""

    record_id: str
    outlet: str
    published: str | None
    url: str | None
    families: frozenset[str]

    def independent_of(self, other: ReportRef) -> bool:
        return not (self.families & other.families) and self.record_id != other.record_id


@dataclass(frozen=True, slots=True)
class Statement:
    """One atom as a report states it, with the words it was read from."""

    atom: Atom
    report: ReportRef
    quote: str
    claim: Claim


@dataclass
class ReportIndex:
    """Every stored report's atoms by key, and the reports left out (the story itself)."""

    by_key: dict[tuple[object, ...], list[Statement]] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)
    reports: int = 0

    def statements(self, atom: Atom) -> list[Statement]:
        return self.by_key.get(atom_key(atom), [])


def atom_key(atom: Atom) -> tuple[object, ...]:
    return (atom.what, atom.target, atom.year, atom.state, atom.body)


def outlet_families(outlet: str) -> frozenset[str]:
    """The names an outlet string contains: "The Korea Herald (Yonhap)" -> {korea herald,
    yonhap}; "Associated Press (via KTVZ)" -> {associated press, ktvz}."""
    parts = re.split(r"[(),;/]|\bvia\b|\balso\b|\brelaying\b|\band\b", outlet, flags=re.I)
    names = set()
    for part in parts:
        words = [w for w in re.findall(r"[a-z]+", part.casefold()) if w not in _GENERIC]
        if words:
            names.add(" ".join(words))
    return frozenset(names)


def load_reports(
    store: Store,
    record: Record,
    *,
    exclude_urls: tuple[str, ...] = (),
    exclude_text: str | None = None,
) -> ReportIndex:
    """The atoms of every stored report but the ones excluded (the checked story itself,
    by URL or by identical text)."""
    from ungawatch.claims import EXTRACTOR_VERSION
    from ungawatch.claims.extract import extract

    index = ReportIndex()
    for row in stored_reports(store):
        if (row["url"] and row["url"] in exclude_urls) or (
            exclude_text is not None and _same_text(row["text"], exclude_text)
        ):
            index.excluded.append(f"{row['outlet']} ({row['published']}): the checked story itself")
            continue
        index.reports += 1
        ref = ReportRef(
            str(row["record_id"]),
            str(row["outlet"]),
            row["published"],
            row["url"],
            outlet_families(str(row["outlet"])),
        )
        facts = row["facts"]
        if facts and all(f["version"] == EXTRACTOR_VERSION for f in facts):
            claims = [claim_from_dict(f["claim"]) for f in facts]
        elif row["published"]:
            claims = extract(str(row["text"]), date.fromisoformat(row["published"]))
        else:
            claims = []
        for claim in claims:
            target = record.target(claim.topic, claim.track)
            if target is None:
                continue
            for atom in atoms_of(claim, target.key):
                index.by_key.setdefault(atom_key(atom), []).append(
                    Statement(atom, ref, claim.span.text, claim)
                )
    return index


def _same_text(stored: str, checked: str) -> bool:
    """The checked text is (part of) this report: they share a passage of 60 characters or
    more, word for word. A story is never evidence for itself."""

    def squeeze(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    whole = squeeze(stored)
    passages = (squeeze(p) for p in re.split(r"(?<=[.!?])\s+|\n|\.\.\.", checked))
    return any(len(p) >= 60 and p in whole for p in passages)
