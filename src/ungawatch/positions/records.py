"""The typed records the positions library returns: series, their sessions, positions.

Plain frozen dataclasses, read from the stored tables; the CLI renders them and the HTTP API
serializes them as they are (its response models are derived from these, never copied).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ungawatch.vocabulary import AdoptionMethod, SponsorRole, Track, VoteOption


@dataclass(frozen=True, slots=True)
class Adoption:
    """How one body acted on a text: a recorded vote with its counts, or without a vote."""

    method: AdoptionMethod
    date: str | None
    meeting: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    document: str | None
    record: str | None

    @property
    def counts(self) -> str | None:
        """ "80-29-65": in favour, against, abstaining."""
        if self.method is not AdoptionMethod.RECORDED_VOTE or self.yes is None:
            return None
        return f"{self.yes}-{self.no}-{self.abstain}"


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    """A recurring text: its id, name, track and body, the sessions on record (with their
    years), and the sessions between the first and last of which no document is loaded."""

    id: str
    name: str
    track: Track
    body: str
    sessions: tuple[int, ...]
    years: tuple[int, ...]
    missing_sessions: tuple[int, ...]
    twin_id: str | None = None

    @property
    def first_session(self) -> int:
        return self.sessions[0]

    @property
    def last_session(self) -> int:
        return self.sessions[-1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SeriesSession:
    """One session's text of a series and what the database knows of it (its coverage).

    `sponsor_list` is the draft whose sponsor list is loaded, or None: then every sponsor
    count is None (unknown), never 0. `plenary` / `committee` are None when no record of that
    body's action is loaded (`committee` also when the text has no committee stage).
    """

    series_id: str
    session: int
    year: int
    body: str
    title: str
    draft: str | None
    resolution: str | None
    documents: tuple[str, ...]
    linked_by: str
    roll_call_only: bool
    sponsor_list: str | None
    sponsor_records: tuple[str, ...]
    additional_listed_in: tuple[str, ...]
    original_sponsors: int | None
    additional_sponsors: int | None
    withdrawn_sponsors: int | None
    co_sponsors: int | None  # named by a Council list that does not say when they joined
    sponsors: int | None  # every sponsor together; None when the list is not loaded
    # A list that names some sponsors but counts more (its named ones are known, no one else's
    # role), and the counts sources state ("main sponsors 29 (0 named)").
    partial_sponsor_list: str | None
    stated_sponsor_counts: tuple[str, ...]
    committee: Adoption | None
    plenary: Adoption | None

    @property
    def sponsors_known(self) -> bool:
        return self.sponsor_list is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Position:
    """One state on one series in one session of one body, with the evidence of each value.

    `*_document` is the UN symbol that states the value, `*_record` the source record
    (source kind and record id). `committee_vote` is None when the text has no committee stage.
    """

    series_id: str
    series: str
    track: Track
    body: str
    session: int
    year: int
    state_code: str
    state: str
    title: str
    draft: str | None
    resolution: str | None
    sponsor_role: SponsorRole
    acting_for: str | None
    sponsor_document: str | None
    sponsor_record: str | None
    plenary_vote: VoteOption
    plenary_document: str | None
    plenary_record: str | None
    committee_vote: VoteOption | None
    committee_document: str | None
    committee_record: str | None
    sources: tuple[str, ...]  # the UN documents behind the values above, each once

    @property
    def is_sponsor(self) -> bool:
        return self.sponsor_role.is_sponsor

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
