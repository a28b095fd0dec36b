"""Claims in words: the normalised form a reader sees beside the quoted span."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ungawatch import countries
from ungawatch.claims.model import Claim
from ungawatch.errors import UnknownState
from ungawatch.vocabulary import Assertion, Body, Track, VoteOption

if TYPE_CHECKING:
    from ungawatch.claims.record import Record, Target

_VOTE_WORDS = {
    VoteOption.YES: "voted in favour",
    VoteOption.NO: "voted against",
    VoteOption.ABSTAIN: "abstained",
    VoteOption.NON_VOTING: "did not vote",
}
_ASSERTION_WORDS = {
    Assertion.SPONSOR: "co-sponsored",
    Assertion.NOT_SPONSOR: "did not co-sponsor",
    Assertion.WITHDREW: "withdrew as a co-sponsor",
    Assertion.RETURNED: "returned as a co-sponsor",
    Assertion.JOINED_LATER: "joined as an additional (later) co-sponsor",
    Assertion.MAIN_SPONSOR: "drafted / tabled (main sponsor)",
}


def state_names(codes: tuple[str, ...]) -> str:
    names = []
    for code in codes:
        try:
            names.append(countries.state(code).name)
        except UnknownState:  # a code the registry lacks is shown as it is
            names.append(code)
    return ", ".join(names)


def years_text(claim: Claim) -> str:
    if claim.first_year is None and claim.last_year is not None:
        return f"before {claim.last_year + 1}"
    if claim.first_year is None:
        return "(no year stated)"
    if claim.last_year in (None, claim.first_year):
        return str(claim.first_year)
    return f"{claim.first_year}–{claim.last_year}"


def where(claim: Claim) -> str:
    if claim.body is Body.HRC or claim.track is Track.HRC:
        return "Human Rights Council"
    if claim.body is Body.PLENARY:
        return "GA plenary"
    if claim.body is not None:
        return f"GA {claim.body.value} (committee)"
    return "GA or HRC (body not stated)"


def about(claim: Claim) -> str:
    topic = claim.topic
    if topic.quoted:
        return f"“{topic.quoted}”"
    if topic.states:
        return f"the text on {state_names(topic.states)}"
    return "the resolution (topic not stated)"


def normalized(claim: Claim) -> str:
    """One line saying what the claim asserts, with its subjects, years, body and topic."""
    who = state_names(claim.states) if claim.states else None
    when, body, text = years_text(claim), where(claim), about(claim)
    stage = f" ({claim.stage} list)" if claim.stage else ""
    match claim.assertion:
        case Assertion.VOTED:
            verb = _VOTE_WORDS.get(claim.vote or VoteOption.UNKNOWN, "voted")
            return f"{who} {verb} on {text}, {when}, {body}"
        case Assertion.TALLY:
            counts = "-".join(
                "?" if n is None else str(n) for n in (claim.yes, claim.no, claim.abstain)
            )
            part = "an amendment to " if claim.amendment else ""
            return f"recorded vote {counts} (yes-no-abstain) on {part}{text}, {when}, {body}"
        case Assertion.SPONSOR_COUNT:
            qualifier = {
                "exact": "",
                "more_than": "more than ",
                "about": "about ",
                "at_least": "at least ",
                "fewer_than": "fewer than ",
            }[claim.qualifier]
            with_states = f", including {who}" if who else ""
            return f"{qualifier}{claim.number} co-sponsors{stage} of {text}, {when}{with_states}"
        case Assertion.RECORD_HIGH:
            return f"{claim.number or '?'} votes in favour is the record (highest) for {text}"
        case Assertion.CONSECUTIVE:
            did = "did not co-sponsor" if claim.vote is VoteOption.NO else "co-sponsored"
            actor = f"{who} {did}" if who else "adopted"
            nth = ordinal_words(claim.ordinal)
            return f"{actor} {text} for the {nth} consecutive year in {when}, {body}"
        case Assertion.FIRST_SINCE:
            did = "did not co-sponsor" if claim.vote is VoteOption.NO else "co-sponsored"
            since = claim.since_year if claim.since_year else f"{claim.ordinal} years before"
            return f"{who} {did} {text} in {when} for the first time since {since}"
        case Assertion.FIRST_ADOPTED:
            return f"{text} was first adopted in {claim.since_year}, {body}"
        case Assertion.FIRST_TIME:
            return f"{text} included something for the first time, {when}"
        case Assertion.WITHOUT_VOTE | Assertion.UNANIMOUS | Assertion.RECORDED_VOTE:
            how = {
                Assertion.WITHOUT_VOTE: "adopted without a vote (by consensus)",
                Assertion.UNANIMOUS: "adopted unanimously",
                Assertion.RECORDED_VOTE: "adopted by a recorded vote",
            }[claim.assertion]
            day = f" on {claim.date}" if claim.date else ""
            return f"{text} {how}{day}, {when}, {body}"
        case Assertion.ADOPTED:
            day = f" on {claim.date}" if claim.date else f" by {claim.story_date}"
            return f"{text} adopted{day}, {body}"
        case Assertion.EXPECTED:
            return f"{text}: a future step ({claim.span.text.strip()})"
        case Assertion.PROCEDURE:
            return f"procedure or another organ: {claim.span.text.strip()}"
        case _:
            verb = _ASSERTION_WORDS.get(claim.assertion, claim.assertion.value)
            return f"{who} {verb}{stage} {text}, {when}"


def ordinal_words(number: int | None) -> str:
    """21 -> "21st", 3 -> "3rd", 12 -> "12th"."""
    if number is None:
        return "?th"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def body_name(track: Track) -> str:
    return "Human Rights Council" if track is Track.HRC else "General Assembly"


def span_words(years: list[int]) -> str:
    """ "2019", "2019–22"."""
    if not years:
        return "years not stated"
    first, last = years[0], years[-1]
    return str(first) if first == last else f"{first}–{str(last)[-2:]}"


def when_words(target: Target, years: list[int], record: Record) -> str:
    """The sessions of a run of years, with the years: "sessions 74–76 (2019–21)" for the
    General Assembly (session Y-1945, the autumn's committee and December plenary); "HRC
    sessions 40, 43, 46, 49 (2019–22)" for the Council (the sessions that hold its texts of
    those years, numbered three a year), or the years alone when none is loaded."""
    if not years:
        return "years not stated"
    if target.track is Track.GA:
        first, last = years[0] - 1945, years[-1] - 1945
        sessions = f"session {first}" if first == last else f"sessions {first}–{last}"
        return f"{sessions} ({span_words(years)})"
    held = record.sessions_of_years(target, years)
    if not held:
        return span_words(years) if len(years) > 1 else str(years[0])
    plural = "s" if len(held) > 1 else ""
    return f"HRC session{plural} {', '.join(map(str, held))} ({span_words(years)})"


def resolved_words(claim: Claim, target: Target, record: Record) -> str:
    """What a claim was read as being about: the text, its sessions and years, its body."""
    years = list(claim.years)
    body = "Human Rights Council" if target.track is Track.HRC else where(claim)
    return f"{target.label} [{target.key}], {when_words(target, years, record)}, {body}"
