"""The controlled vocabulary and the plain records every source parses into.

Each source maps its own codes onto these enums in exactly one function; nothing else in the
code invents a new spelling of a vote, a role or a body.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Body(StrEnum):
    """The organ that acted: the GA plenary, one of its six Main Committees, or the HRC."""

    PLENARY = "plenary"
    C1 = "C.1"
    C2 = "C.2"
    C3 = "C.3"
    C4 = "C.4"
    C5 = "C.5"
    C6 = "C.6"
    HRC = "HRC"


class DocumentKind(StrEnum):
    DRAFT_RESOLUTION = "draft resolution"
    REVISED_DRAFT_RESOLUTION = "revised draft resolution"
    AMENDMENT = "amendment"
    DRAFT_DECISION = "draft decision"
    RESOLUTION = "resolution"
    DECISION = "decision"
    REPORT = "report"
    MEETING_RECORD = "meeting record"
    VOTING_RECORD = "voting record"
    OTHER = "other"


class SponsorRole(StrEnum):
    """Original sponsors are printed on the draft; additional ones join later.

    WITHDRAWN records a state the report says was removed from the list of sponsors.
    """

    ORIGINAL = "original"
    ADDITIONAL = "additional"
    WITHDRAWN = "withdrawn"


class VoteOption(StrEnum):
    YES = "Y"
    NO = "N"
    ABSTAIN = "A"
    NON_VOTING = "X"


class AdoptionMethod(StrEnum):
    RECORDED_VOTE = "recorded vote"
    WITHOUT_VOTE = "without a vote"


class Relation(StrEnum):
    """How a record points at another UN document (MARC 993, 791, 952, 245 $b)."""

    RESOLUTION = "resolution"
    DECISION = "decision"
    DRAFT = "draft"
    REPORT = "report"
    MEETING = "meeting"
    AMENDS = "amends"
    OTHER = "other"


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


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A record a source could not read; kept so the report names it instead of dropping it."""

    location: str
    record_id: str | None
    field: str | None
    message: str
