"""The plain records every source parses into, and what the resolve stage makes of them.

Frozen dataclasses with no behaviour: sources build them from bytes, the resolve stage turns
printed names into registry codes, the store writes them. Their enums are `vocabulary`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ungawatch.vocabulary import (
    AdoptionMethod,
    DelegationAction,
    DocumentKind,
    Relation,
    SponsorCount,
    SponsorRole,
    VoteOption,
)

if TYPE_CHECKING:
    from ungawatch.symbols import Symbol


@dataclass(frozen=True, slots=True)
class SponsorEntry:
    """One name in a sponsor list, as printed, before it is resolved to a state code."""

    name: str
    role: SponsorRole
    field: str
    acting_for: str | None = None
    listed_in: str | None = None


@dataclass(frozen=True, slots=True)
class StateVote:
    """One member state's vote in a recorded vote, as printed (967 $c code, $e name)."""

    name: str
    code: str | None
    vote: VoteOption


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation a source names in an action, as printed: who introduced a draft (and for
    whom: "the United Kingdom, speaking on behalf of the European Union"), who dissociated."""

    name: str
    action: DelegationAction
    acting_for: str | None = None


@dataclass(frozen=True, slots=True)
class StatedCount:
    """A sponsor count a source states ("Main sponsors29") and how many it names."""

    counted_as: SponsorCount
    stated: int
    named: int


@dataclass(frozen=True, slots=True)
class VoteTally:
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None = None
    total: int | None = None


@dataclass(frozen=True, slots=True)
class RelatedDocument:
    symbol: str
    relation: Relation


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A fact worth telling the user about a record that is not an error (field + message)."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class UndlRecord:
    """One UN Digital Library bibliographic or voting record, parsed but not yet resolved."""

    record_id: str
    content_hash: str
    symbol: str | None
    kind: DocumentKind
    title: str | None = None
    kind_label: str | None = None
    date: str | None = None
    modified: str | None = None
    agenda: tuple[str, ...] = ()
    related: tuple[RelatedDocument, ...] = ()
    sponsors: tuple[SponsorEntry, ...] = ()
    catalogue_names: tuple[str, ...] = ()
    submitted_by: str | None = None
    votes: tuple[StateVote, ...] = ()
    tally: VoteTally | None = None
    adoption: AdoptionMethod | None = None
    action_note: str | None = None
    meeting: str | None = None
    notes: tuple[SourceNote, ...] = ()
    # What press releases and the Council's records add to an action: the document that
    # reports it (when not the record's own), an oral revision, dissociations, delegations.
    reported_in: str | None = None
    orally_revised: bool = False
    dissociated: int | None = None
    delegations: tuple[Delegation, ...] = ()
    sponsor_counts: tuple[StatedCount, ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedPart:
    """A part of a file (a section, a page) that holds no usable fact: reported as a warning
    naming the file and the part, never a failure of the file."""

    location: str
    message: str


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A record a source could not read; kept so the report names it instead of dropping it."""

    location: str
    record_id: str | None
    field: str | None
    message: str
    # The record as the source gave it (the MARC record's XML, the text section, the CSV
    # row), kept in quarantine so the record can be looked at and fixed.
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedSponsor:
    state_code: str
    role: SponsorRole
    acting_for: str | None
    listed_in: str
    field: str
    printed_name: str


@dataclass(frozen=True, slots=True)
class ResolvedVote:
    state_code: str
    vote: VoteOption
    printed_name: str


@dataclass(frozen=True, slots=True)
class ResolvedDelegation:
    state_code: str
    action: DelegationAction
    acting_for: str | None
    acting_for_printed: str | None
    printed_name: str


@dataclass(frozen=True, slots=True)
class ResolvedRecord:
    """A record whose every name resolved to a registry code, ready to store."""

    record: UndlRecord
    symbol: Symbol | None
    title_key: str | None
    sponsors: tuple[ResolvedSponsor, ...]
    votes: tuple[ResolvedVote, ...]
    notes: tuple[SourceNote, ...]
    delegations: tuple[ResolvedDelegation, ...] = ()


@dataclass(frozen=True, slots=True)
class NewsReport:
    """One saved story: who published it, when, where, and the article's own words.

    `published` is the day the header gives; with only a month (or year) it is the month's
    (year's) last day and `date_precision` says so, so "this year" and "on Nov. 12" still
    read right.
    """

    record_id: str
    content_hash: str
    url: str | None
    outlet: str
    title: str | None
    published: date | None
    date_precision: str  # day | month | year | none
    date_text: str | None
    language: str | None
    text: str
    location: str
