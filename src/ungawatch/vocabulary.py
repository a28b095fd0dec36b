"""The controlled vocabulary every layer shares, defined once.

Sources map their own codes onto these enums in exactly one function each; the store, the
positions model, the CLI and the web only ever spell a body, a role, a vote or a source kind
through them. The one precedence rule between sources lives here too (`SourceKind` order).
"""

from __future__ import annotations

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

    @property
    def track(self) -> Track:
        return Track.HRC if self is Body.HRC else Track.GA

    @property
    def is_committee(self) -> bool:
        return self not in (Body.PLENARY, Body.HRC)


class Track(StrEnum):
    """Which assembly a text belongs to: the General Assembly (plenary and its committees) in
    New York, or the Human Rights Council in Geneva. Series never cross tracks; twins link them."""

    GA = "ga"
    HRC = "hrc"


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
    PRESS_RELEASE = "press release"
    OTHER = "other"


# The kinds that are one session's text of a recurring resolution (drafts, the resolution,
# the voting record on it): what series link and positions are computed from.
TEXT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind.DRAFT_RESOLUTION,
    DocumentKind.REVISED_DRAFT_RESOLUTION,
    DocumentKind.RESOLUTION,
    DocumentKind.VOTING_RECORD,
)


class SponsorRole(StrEnum):
    """A state's place in a text's sponsor list.

    Sources state the first four: original sponsors are printed on the draft, additional ones
    join later, WITHDRAWN is a state the record says was removed from the list, CO_SPONSOR is a
    state a list names as a sponsor without saying whether it was on the draft or joined later
    (the Human Rights Council's "co-sponsors" beside its "main sponsors"). The positions
    model adds the other two: NOT_SPONSOR for a state missing from a list that is loaded,
    UNKNOWN when no list of that session is loaded (never read as "not a sponsor").
    """

    ORIGINAL = "original"
    ADDITIONAL = "additional"
    CO_SPONSOR = "co_sponsor"
    WITHDRAWN = "withdrawn"
    NOT_SPONSOR = "not_sponsor"
    UNKNOWN = "unknown"

    @property
    def is_sponsor(self) -> bool:
        return self in (SponsorRole.ORIGINAL, SponsorRole.ADDITIONAL, SponsorRole.CO_SPONSOR)


# What a sponsor list stores; the positions model's other two roles are never a source's fact.
STATED_ROLES: tuple[SponsorRole, ...] = (
    SponsorRole.ORIGINAL,
    SponsorRole.ADDITIONAL,
    SponsorRole.CO_SPONSOR,
    SponsorRole.WITHDRAWN,
)


class VoteOption(StrEnum):
    """A state's vote on a text in one body.

    Recorded votes state Y, N, A or X (present, not voting; also a member absent from a
    recorded vote). The positions model adds NOT_MEMBER (the state did not sit in the body:
    not yet a UN member, or not elected to the Council), NO_VOTE_TAKEN (adopted without a
    vote) and UNKNOWN (no record of the adoption is loaded).
    """

    YES = "Y"
    NO = "N"
    ABSTAIN = "A"
    NON_VOTING = "X"
    NOT_MEMBER = "not_member"
    NO_VOTE_TAKEN = "no_vote_taken"
    UNKNOWN = "unknown"

    @property
    def is_recorded(self) -> bool:
        return self in RECORDED_VOTES


RECORDED_VOTES: tuple[VoteOption, ...] = (
    VoteOption.YES,
    VoteOption.NO,
    VoteOption.ABSTAIN,
    VoteOption.NON_VOTING,
)


class SponsorCount(StrEnum):
    """What a stated sponsor count counts: the Council's main sponsors (the core group or
    penholder) and co-sponsors, which its records count apart, or all sponsors."""

    MAIN = "main sponsors"
    CO_SPONSORS = "co-sponsors"
    ALL = "sponsors"


class DelegationAction(StrEnum):
    """What a delegation did in an action on a text, as a record or press release says."""

    INTRODUCED = "introduced"
    DISSOCIATED = "dissociated"


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


class SourceKind(StrEnum):
    """Where a stored fact came from, in order of authority: the one precedence rule.

    When two sources state the same fact differently, the earlier member wins and the other is
    kept as a conflict. The Library's own voting data and catalogue come first; UN document
    text next; third-party compilations of UN records after them; press releases (never the
    official record) last. News reports are not UN facts at all and never enter positions.
    """

    UNDL_VOTING_CSV = "undl-voting-csv"
    UNDL_MARCXML = "undl-marcxml"
    UN_DOCUMENT_TEXT = "un-document-text"
    OHCHR_VOTES = "ohchr-votes"
    HRC_RECORD = "hrc-record"
    UNVOTES = "unvotes"
    PRESS_RELEASE = "un-press-release"
    NEWS_REPORT = "news-report"

    @property
    def rank(self) -> int:
        """0 for the most authoritative source."""
        return list(SourceKind).index(self)


def precedence_sql(column: str = "source_kind") -> str:
    """A SQL expression ranking `column` by `SourceKind` order (0 = most authoritative).

    Every query that picks one source's fact over another's orders by this, so the rule is
    written once; an unknown kind ranks last.
    """
    cases = " ".join(f"WHEN '{kind.value}' THEN {kind.rank}" for kind in SourceKind)
    return f"(CASE {column} {cases} ELSE {len(SourceKind)} END)"


class ChangeEvent(StrEnum):
    """What changed for a state on a series from one session on record to the next."""

    FIRST_EVER = "first_ever"
    RETURNED = "returned"
    JOINED = "joined"
    LEFT = "left"
    STOPPED = "stopped"
    STREAK = "streak"
    VOTE_CHANGED = "vote_changed"
    GAP = "gap"


class EventKind(StrEnum):
    """What an entry of the event log announces about a series' record (see `alerts`).

    A draft issued with its original sponsors; states joining its sponsors (additional
    sponsors, a revision's list) or leaving them (a withdrawal, a name no record states any
    more); a body's action on the text; per-state votes recorded after the action was known;
    states whose vote differs from their last earlier vote on record in the same body.
    """

    NEW_DRAFT = "new_draft"
    SPONSORS_JOINED = "sponsors_joined"
    SPONSORS_LEFT = "sponsors_left"
    ADOPTED = "adopted"
    VOTES_RECORDED = "votes_recorded"
    VOTE_CHANGED = "vote_changed"


class DeliveryStatus(StrEnum):
    """Where a webhook delivery of one event to one watch stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class ClaimKind(StrEnum):
    """The five kinds of checkable claim a news story makes about the record."""

    SPONSORSHIP = "sponsorship"  # X co-sponsored / joined / did not / withdrew / returned
    STREAK = "streak"  # from 2008 to 2018; for the first time since; for the third year
    VOTE = "vote"  # X voted against / abstained; adopted by 141 to 5 with 35 abstentions
    ADOPTION = "adoption"  # adopted without a vote / unanimously / by consensus / put to a vote
    COUNT = "count"  # 61 co-sponsors


class Verdict(StrEnum):
    """What the checker says of one claim. CONTRADICTED needs a fact that says otherwise:
    a sponsor list, vote or adoption that is not loaded never contradicts anything."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    NOT_IN_RECORD = "not_in_record"  # no loaded document (nor enough reports) decides it
    NOT_CHECKABLE = "not_checkable"  # not a fact the record holds (a prediction, a text's wording)


class EvidenceTier(StrEnum):
    """Where a verdict's deciding evidence came from, strongest first: the UN record in the
    database, or news reports and statements ingested as reports (never mixed with UN facts)."""

    RECORD = "un_record"
    REPORTS = "reports"
    NONE = "none"


class Assertion(StrEnum):
    """What a claim asserts, within its kind: the checker's normal form of news wording."""

    # sponsorship and streaks of sponsorship (a state's place on the list, year by year)
    SPONSOR = "sponsor"  # co-sponsored, joined, was among the co-sponsors
    NOT_SPONSOR = "not_sponsor"  # did not co-sponsor, opted not to take part, refrained
    WITHDREW = "withdrew"  # withdrew its name, declined, pulled out (after sponsoring before)
    RETURNED = "returned"  # returned, rejoined, resumed co-sponsorship (after a gap)
    JOINED_LATER = "joined_later"  # not an original sponsor, joined later (additional)
    MAIN_SPONSOR = "main_sponsor"  # drafted, tabled, proposed, introduced by
    CONSECUTIVE = "consecutive"  # for the third consecutive year, for 21 straight years
    FIRST_SINCE = "first_since"  # for the first time since 2008 / in four years
    FIRST_ADOPTED = "first_adopted"  # first adopted in 2005
    FIRST_TIME = "first_time"  # "included for the first time language ..." (the text's words)
    # votes
    VOTED = "voted"  # X voted against / abstained / voted in favour
    TALLY = "tally"  # adopted by 141 to 5 with 35 abstentions
    # adoption
    WITHOUT_VOTE = "without_vote"  # without a vote, by consensus
    UNANIMOUS = "unanimous"  # unanimously (a vote with none against or abstaining)
    RECORDED_VOTE = "recorded_vote"  # put to a vote, adopted by a vote of
    ADOPTED = "adopted"  # adopted / passed (on a day, by a body)
    EXPECTED = "expected"  # will be submitted, is expected to be adopted (a prediction)
    PROCEDURE = "procedure"  # a rule or another organ's action the record does not hold
    # counts
    SPONSOR_COUNT = "sponsor_count"  # 61 co-sponsors, among the first 41
    RECORD_HIGH = "record_high"  # tied the record of support
