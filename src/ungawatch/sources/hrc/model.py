"""What the readers of a Council record share: the file's sections, what one section says
(`Reading`), the resolution the file documents (`Subject`), and how far each kind of section is
trusted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ungawatch.models import Delegation, SourceNote, SponsorEntry, StatedCount, VoteTally
from ungawatch.sessions import hrc_year_of_session
from ungawatch.sources.doctext import TextRecord
from ungawatch.symbols import Symbol
from ungawatch.vocabulary import AdoptionMethod, VoteOption

# How far a section is trusted, by what it is: the UN's own text, the OHCHR catalogue (as
# scraped), a compilation of UN records (right-docs) or a UN press summary, anything else.
CONFIDENCE_UN_TEXT = 0.95
CONFIDENCE_CATALOGUE = 0.9
CONFIDENCE_COMPILATION = 0.8
CONFIDENCE_PROSE = 0.5
CONFIDENCE_INFERRED = 0.6


@dataclass(frozen=True, slots=True)
class Section:
    """One source's part of the file: its name, label and URL (provenance) and its text."""

    name: str
    label: str
    url: str | None
    text: str

    @property
    def where(self) -> str:
        return f"{self.name} ({self.label})"


@dataclass
class Reading:
    """What one section says about the resolution the file documents."""

    section: Section
    confidence: float
    states_symbol: bool = False
    title: str | None = None
    dates: list[tuple[date, str]] = field(default_factory=list)  # (day, how sure: rank)
    sessions: list[int] = field(default_factory=list)
    method: AdoptionMethod | None = None
    method_doubt: str | None = None
    tally: VoteTally | None = None
    votes: dict[str, tuple[str, str | None, VoteOption]] = field(default_factory=dict)
    complete_votes: bool = False
    sponsors: list[SponsorEntry] = field(default_factory=list)
    counts: list[StatedCount] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    dissociated: int | None = None
    agenda: str | None = None
    drafts: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)
    records: list[TextRecord] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(
            self.states_symbol
            or self.title
            or self.dates
            or self.method
            or self.method_doubt
            or self.tally
            or self.votes
            or self.sponsors
            or self.counts
            or self.delegations
            or self.dissociated
            or self.drafts
            or self.records
            or any(note.field != "section" for note in self.notes)
        )


@dataclass(frozen=True, slots=True)
class Subject:
    """The resolution a file documents: its symbol (None when unknown), session and year."""

    symbol: Symbol | None
    session: int | None
    topic: frozenset[str]

    @property
    def year(self) -> int | None:
        return hrc_year_of_session(self.session) if self.session else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
