"""Tier 2: what ingested reports say, as atoms, never mixed with the UN record.

Each stored report's claims (read by the same extractor when it was ingested; re-read from
its stored text when the extractor has changed since) are resolved to targets like the
checked story's and cut into atoms. A report states an atom; two reports count as
independent unless their outlets share a name ("The Korea Herald (Yonhap)" and "Yonhap News
Agency" are one wire; "KBS" and "KBS World" one broadcaster).

The news and statements quoted in the Council's resolution records (`hrc/*.txt`) are reports
too: their sentences about sponsorship are kept by the Council's reader as notes, never as
sponsor lists ("with South Korea co-sponsoring it for the first time in five years"). Each
section of a record is one report, under its outlet and date, and speaks only of that
record's Council series: a Council record never answers for the General Assembly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ungawatch.claims.atoms import Atom, atoms_of
from ungawatch.claims.extract import extract
from ungawatch.claims.model import Claim, claim_from_dict
from ungawatch.claims.record import Record
from ungawatch.sessions import hrc_session, year_of
from ungawatch.store import Store
from ungawatch.store.reports import stored_reports
from ungawatch.vocabulary import Body, ClaimKind, SourceKind, Track

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
    """Who reported: outlet, day, URL, and the names that tell one wire from another;
    `quoted_in` names the UN-track record that quotes it (a Council record's section)."""

    record_id: str
    outlet: str
    published: str | None
    url: str | None
    families: frozenset[str]
    quoted_in: str | None = None
    record: str | None = None  # the quoting record as source_kind:record_id

    def independent_of(self, other: ReportRef) -> bool:
        return self.record_id != other.record_id and not any(
            _same_family(a, b) for a in self.families for b in other.families
        )

    @property
    def cite(self) -> str:
        """ "KBS World (2023-04-04)", "Yonhap (undated; quoted in the Council record of
        A/HRC/RES/49/22, source-2)"."""
        when = self.published or "undated"
        where = f"; quoted in {self.quoted_in}" if self.quoted_in else ""
        return f"{self.outlet} ({when}{where})"


def _same_family(a: str, b: str) -> bool:
    """One outlet's name inside another's: "kbs" and "kbs world", "yonhap" and "yonhap"."""
    first, second = set(a.split()), set(b.split())
    return first <= second or second <= first


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

    index = ReportIndex()
    _council_sections(store, record, index, exclude_text)
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


# --- reports quoted in the Council's resolution records --------------------------------------

_NOTE = re.compile(r"^(?P<name>source(?:-\d+)?) \((?P<label>.*?)\): (?P<sentence>.*)$", re.S)
_LABEL_DAY = re.compile(r",?\s*\b(\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d)\b")
_LABEL_YEAR = re.compile(r",?\s*\b((?:19|20)\d\d)\b")
_KEPT_KINDS = frozenset([ClaimKind.SPONSORSHIP, ClaimKind.STREAK, ClaimKind.COUNT])
_COUNCIL_NOTES = """
SELECT n.record_id, n.symbol, n.message, s.series_id, s.session,
       CAST(max(d.date) AS VARCHAR) AS adopted, min(n.rowid) AS seen
FROM record_notes n
JOIN series_documents s ON s.symbol = n.symbol
LEFT JOIN documents d ON d.symbol = n.symbol AND d.source_kind = n.source_kind
WHERE n.source_kind = ? AND n.field = ?
GROUP BY n.record_id, n.symbol, n.message, s.series_id, s.session
ORDER BY n.record_id, seen
"""


@dataclass
class _Section:
    """One source section of a Council record, as a report: its sentences in order."""

    ref: ReportRef
    day: date
    series_id: str
    sentences: list[str] = field(default_factory=list)


def _council_sections(
    store: Store, record: Record, index: ReportIndex, exclude_text: str | None
) -> None:
    """The sentences about sponsorship that the Council's records quote, one report per
    section, each speaking only of its record's Council series."""
    from ungawatch.sources.hrc.prose import SPONSOR_PROSE

    sections: dict[tuple[str, str], _Section] = {}
    rows = store.rows(_COUNCIL_NOTES, [SourceKind.HRC_RECORD.value, SPONSOR_PROSE])
    for row in rows:
        note = _NOTE.match(str(row["message"]))
        if note is None:
            continue  # not a section's sentence (the reader's format is "name (label): text")
        key = (str(row["record_id"]), note["name"])
        if key not in sections:
            sections[key] = _section(row, note["name"], note["label"])
        sections[key].sentences.append(note["sentence"].strip())
    for section in sections.values():
        text = " ".join(section.sentences)
        if exclude_text is not None and _same_text(text, exclude_text):
            index.excluded.append(f"{section.ref.cite}: the checked story itself")
            continue
        target = record.series_target(section.series_id)
        if target is None or target.track is not Track.HRC:
            continue
        index.reports += 1
        for claim in extract(text, section.day, body=Body.HRC, about=target.states):
            if claim.kind not in _KEPT_KINDS or claim.track is not Track.HRC:
                continue  # a sentence naming the General Assembly is not this record's
            for atom in atoms_of(claim, target.key):
                index.by_key.setdefault(atom_key(atom), []).append(
                    Statement(atom, section.ref, claim.span.text, claim)
                )


def _section(row: dict[str, object], name: str, label: str) -> _Section:
    """A section's outlet and date from its label ("Japan Times (Kyodo, 12 March 2020), as
    stored"): a date the label gives, else the year it gives, else the day the record's
    resolution was adopted (its session's last day when that is not known either)."""
    outlet = re.sub(r",?\s*as stored\s*$", "", label).strip()
    published: str | None = None
    day_match = _LABEL_DAY.search(outlet)
    year_match = _LABEL_YEAR.search(outlet)
    if day_match:
        day = datetime.strptime(day_match[1], "%d %B %Y").date()
        published = day.isoformat()
    elif year_match:
        day, published = date(int(year_match[1]), 12, 31), year_match[1]
    elif row["adopted"]:
        day = date.fromisoformat(str(row["adopted"]))
    else:
        number = int(str(row["session"]))
        held = hrc_session(str(number))
        day = held.closed if held else date(year_of(Track.HRC, number), 12, 31)
    outlet = _LABEL_DAY.sub("", outlet)
    outlet = _LABEL_YEAR.sub("", outlet)
    outlet = re.sub(r"\(\s*\)", "", outlet).strip(" ,")
    ref = ReportRef(
        f"{row['record_id']}#{name}",
        outlet,
        published,
        None,
        outlet_families(outlet),
        quoted_in=f"the Council record of {_symbol_words(row)}, {name}",
        record=f"{SourceKind.HRC_RECORD.value}:{row['record_id']}",
    )
    return _Section(ref, day, str(row["series_id"]))


def _symbol_words(row: dict[str, object]) -> str:
    """The record's symbol, or its session when the symbol is not known ("hrc:58/HRC/…")."""
    symbol = str(row["symbol"])
    if symbol.startswith("A/HRC/"):
        return symbol
    return f"an HRC session {row['session']} text (symbol unknown)"
