"""The records the claim checker returns: claims found in a text, evidence, verdicts.

Plain frozen dataclasses: the extractor builds `Claim`s from text (no database), the checker
adds `Evidence` and a `Finding` for each; the CLI renders them, the HTTP API serializes them
as they are. A claim round-trips through JSON (`to_dict` / `claim_from_dict`) because the
claims of ingested reports are stored as reported facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ungawatch.vocabulary import (
    Assertion,
    Body,
    ClaimKind,
    EvidenceTier,
    Track,
    Verdict,
    VoteOption,
)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the checked text: the words and their character offsets [start, end)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Topic:
    """Which resolution a claim is about, as the text names it: the states the title would
    name ("North Korean human rights" -> PRK) and its other words, or a quoted title."""

    states: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    quoted: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.states or self.words or self.quoted)


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement, normalised.

    `first_year`..`last_year` are the calendar years the claim covers (a GA text of year Y is
    the one of session Y-1945); `states` are registry codes of its subjects, `subject` the
    words that named them ("Seoul", "the Yoon Suk Yeol administration"). Counts: `number`
    with its `qualifier` (exact, more_than, about) and `stage` (initial list or final).
    """

    kind: ClaimKind
    assertion: Assertion
    span: TextSpan
    sentence: TextSpan
    normalized: str
    story_date: str
    states: tuple[str, ...] = ()
    subject: str | None = None
    vote: VoteOption | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    number: int | None = None
    qualifier: str = "exact"
    stage: str | None = None
    ordinal: int | None = None
    first_year: int | None = None
    last_year: int | None = None
    since_year: int | None = None
    date: str | None = None
    body: Body | None = None
    track: Track | None = None
    topic: Topic = field(default_factory=Topic)
    amendment: bool = False
    notes: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        if self.first_year is None:
            return ()
        last = self.last_year if self.last_year is not None else self.first_year
        return tuple(range(self.first_year, last + 1))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """The claim a `to_dict` (or its JSON) describes."""
    values = dict(data)
    values["kind"] = ClaimKind(values["kind"])
    values["assertion"] = Assertion(values["assertion"])
    values["span"] = TextSpan(**values["span"])
    values["sentence"] = TextSpan(**values["sentence"])
    values["vote"] = VoteOption(values["vote"]) if values.get("vote") else None
    values["body"] = Body(values["body"]) if values.get("body") else None
    values["track"] = Track(values["track"]) if values.get("track") else None
    topic = values.get("topic") or {}
    values["topic"] = Topic(
        states=tuple(topic.get("states", ())),
        words=tuple(topic.get("words", ())),
        quoted=topic.get("quoted"),
    )
    values["states"] = tuple(values.get("states", ()))
    values["notes"] = tuple(values.get("notes", ()))
    return Claim(**values)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact a verdict rests on: a UN document (tier `un_record`) or a report (tier
    `reports`, never mixed with UN facts), what it says, and whether it agrees."""

    tier: EvidenceTier
    says: str
    agrees: bool | None  # None: context, neither for nor against
    documents: tuple[str, ...] = ()  # UN document symbols
    records: tuple[str, ...] = ()  # source records (source_kind:record_id)
    rows: tuple[dict[str, Any], ...] = ()  # the rows used, as read
    outlet: str | None = None  # for reports: who reported it, when, where
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class TwinCheck:
    """The claim read against the same situation's text in the other body (the twin series):
    a General Assembly claim that the Human Rights Council's text bears out, or the reverse.
    Its verdict, tier and evidence are the other body's, kept apart from the finding's own:
    the two tracks are never mixed."""

    track: Track
    resolved: str  # the other body's text, sessions and years
    verdict: Verdict
    tier: EvidenceTier
    explanation: str
    timeline: str | None  # what that body's record (or reports) say, year by year
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A claim with its verdict: why, on what evidence, and what the record says instead."""

    claim: Claim
    verdict: Verdict
    tier: EvidenceTier
    explanation: str
    resolved: str | None  # what the claim was read as being about (series, session, body)
    evidence: tuple[Evidence, ...] = ()
    instead: str | None = None  # for a contradiction: what the record says instead
    confusions: tuple[str, ...] = ()  # classic mix-ups detected (GA vs HRC dates, ...)
    twin: TwinCheck | None = None  # the other body's text, when it bears the claim out
    track: Track | None = None  # whose text the claim was checked against (GA or HRC)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """A checked text: its date (given, found in the text or today), and every claim found."""

    text: str
    story_date: str
    date_source: str  # given | text | today
    findings: tuple[Finding, ...]
    excluded_reports: tuple[str, ...] = ()  # reports not used as evidence (the story itself)
    counts: dict[str, int] = field(default_factory=dict)  # claims per verdict

    def __post_init__(self) -> None:
        tally = {verdict.value: 0 for verdict in Verdict}
        for finding in self.findings:
            tally[finding.verdict.value] += 1
        self.counts.update(tally)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
