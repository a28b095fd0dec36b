"""Claims as atoms: the single facts a claim stands or falls on.

"South Korea withdrew from 2019 to 2021 and rejoined in 2022" is the atoms sponsor(KOR, 2019)
= not a sponsor, ... sponsor(KOR, 2022) = sponsor, sponsor(KOR, 2021) = not a sponsor. The
same function reads a claim being checked (the atoms it expects) and a report's claim (the
atoms it states), so a report and a story meet on the same keys. Keys name the target
(series or topic), the year and, where it matters, the state and the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ungawatch.claims.model import Claim
from ungawatch.vocabulary import Assertion, Body, VoteOption

# Sponsor values, from most to least specific.
ORIGINAL, ADDITIONAL, SPONSOR, NOT_SPONSOR, NOT_ORIGINAL = (
    "original",
    "additional",
    "sponsor",
    "not_sponsor",
    "not_original",
)
_AGREE: dict[str, dict[str, bool]] = {
    SPONSOR: {ORIGINAL: True, ADDITIONAL: True, SPONSOR: True, NOT_SPONSOR: False},
    NOT_SPONSOR: {NOT_SPONSOR: True, ORIGINAL: False, ADDITIONAL: False, SPONSOR: False},
    ORIGINAL: {ORIGINAL: True, ADDITIONAL: False, NOT_SPONSOR: False, NOT_ORIGINAL: False},
    NOT_ORIGINAL: {ADDITIONAL: True, NOT_SPONSOR: True, NOT_ORIGINAL: True, ORIGINAL: False},
    ADDITIONAL: {ADDITIONAL: True, ORIGINAL: False, NOT_SPONSOR: False},
}


@dataclass(frozen=True, slots=True)
class Atom:
    """One fact: `what` (sponsor, adoption, adoption_day, vote, tally, count, streak_start),
    the target's key, the year, and the state / body / stage it concerns, with a value."""

    what: str
    target: str
    year: int | None
    value: object
    state: str | None = None
    body: str | None = None
    stage: str | None = None
    required: bool = True


def sponsor_agrees(expected: str, actual: str) -> bool | None:
    """Whether a stated sponsor value bears out an expected one; None when it cannot tell
    ("sponsor" says nothing about the initial list)."""
    return _AGREE.get(expected, {}).get(actual)


def atoms_of(claim: Claim, target: str) -> list[Atom]:
    """The atoms a claim asserts about `target`."""
    match claim.assertion:
        case (
            Assertion.SPONSOR
            | Assertion.NOT_SPONSOR
            | Assertion.WITHDREW
            | Assertion.RETURNED
            | Assertion.JOINED_LATER
            | Assertion.MAIN_SPONSOR
        ):
            return _sponsorship(claim, target)
        case Assertion.CONSECUTIVE | Assertion.FIRST_SINCE | Assertion.FIRST_ADOPTED:
            return _streak(claim, target)
        case Assertion.VOTED:
            return [
                Atom("vote", target, year, claim.vote, state=code, body=_body(claim))
                for code in claim.states
                for year in claim.years
            ]
        case Assertion.TALLY:
            what = "amendment_tally" if claim.amendment else "tally"
            value = (claim.yes, claim.no, claim.abstain)
            return [Atom(what, target, claim.first_year, value, body=_body(claim))]
        case Assertion.WITHOUT_VOTE | Assertion.UNANIMOUS | Assertion.RECORDED_VOTE:
            found = [
                Atom("adoption", target, claim.first_year, claim.assertion.value, body=_body(claim))
            ]
            if claim.date:
                found.append(_day(claim, target))
            return found
        case Assertion.ADOPTED:
            return [_day(claim, target)]
        case Assertion.SPONSOR_COUNT:
            return [Atom("count", target, claim.first_year, claim.number, stage=claim.stage)] + [
                Atom(
                    "sponsor",
                    target,
                    claim.first_year,
                    ORIGINAL if claim.stage == "initial" else SPONSOR,
                    state=code,
                    required=False,
                )
                for code in claim.states
            ]
    return []


def _body(claim: Claim) -> str:
    """Which action a claim is about: the committee's or the plenary's (the Council's)."""
    if claim.body is None or claim.body is Body.PLENARY:
        return Body.PLENARY.value
    if claim.body is Body.HRC:
        return Body.HRC.value
    return "committee"


def _day(claim: Claim, target: str) -> Atom:
    """The day of an adoption; with no day named, "by the story's date"."""
    value = claim.date or f"<={claim.story_date}"
    return Atom("adoption_day", target, claim.first_year, value, body=_body(claim))


def _sponsorship(claim: Claim, target: str) -> list[Atom]:
    found: list[Atom] = []
    years = claim.years
    vague = claim.first_year is None and claim.last_year is not None
    if vague:
        years = tuple(range(claim.last_year - 9, claim.last_year + 1))  # type: ignore[operator]
    value = {
        Assertion.SPONSOR: ORIGINAL if claim.stage == "initial" else SPONSOR,
        Assertion.NOT_SPONSOR: NOT_ORIGINAL if claim.stage == "initial" else NOT_SPONSOR,
        Assertion.WITHDREW: NOT_SPONSOR,
        Assertion.RETURNED: SPONSOR,
        Assertion.JOINED_LATER: ADDITIONAL,
        Assertion.MAIN_SPONSOR: ORIGINAL,
    }[claim.assertion]
    for code in claim.states:
        for year in years:
            found.append(Atom("sponsor", target, year, value, state=code, required=not vague))
        if claim.assertion is Assertion.RETURNED and years:
            found.append(Atom("sponsor", target, years[0] - 1, NOT_SPONSOR, state=code))
    return found


def _streak(claim: Claim, target: str) -> list[Atom]:
    year = claim.last_year or int(claim.story_date[:4])
    if claim.assertion is Assertion.FIRST_ADOPTED:
        return [
            Atom(
                "streak_start",
                target,
                None,
                claim.since_year,
                body=_track_body(claim),
                stage="first",
            )
        ]
    if claim.assertion is Assertion.CONSECUTIVE and claim.ordinal:
        start = year - claim.ordinal + 1
        if not claim.states:
            return [
                Atom("streak_start", target, None, start, body=_track_body(claim), stage="run")
            ] + [Atom("adopted", target, y, True, required=False) for y in range(start, year + 1)]
        # The year before the streak broke the pattern: "for the third consecutive year" of
        # co-sponsoring says it did not the year before, and of staying out, that it did.
        inside, before = (
            (NOT_SPONSOR, SPONSOR) if claim.vote is VoteOption.NO else (SPONSOR, NOT_SPONSOR)
        )
        return [
            Atom("sponsor", target, y, inside if y >= start else before, state=code)
            for code in claim.states
            for y in range(start - 1, year + 1)
        ]
    if claim.assertion is Assertion.FIRST_SINCE:
        since = claim.since_year or (year - claim.ordinal if claim.ordinal else None)
        if since is None:
            return []
        negative = claim.vote is VoteOption.NO
        found = []
        for code in claim.states:
            found.append(
                Atom("sponsor", target, year, NOT_SPONSOR if negative else SPONSOR, state=code)
            )
            if negative:
                # "declined for the first time since 2008": a sponsor every year 2008..Y-1.
                found += [
                    Atom("sponsor", target, y, SPONSOR, state=code) for y in range(since, year)
                ]
            else:
                # "co-sponsored for the first time in four years": not in the years between.
                found += [
                    Atom("sponsor", target, y, NOT_SPONSOR, state=code)
                    for y in range(since + 1, year)
                ]
        return found
    return []


def _track_body(claim: Claim) -> str:
    return Body.HRC.value if claim.body is Body.HRC else "ga"


def day_agrees(expected: str, actual: str) -> bool | None:
    """An adoption day against a stated one; "<=D" means "by the story's date D"."""
    if expected.startswith("<="):
        if actual.startswith("<="):
            return None
        return date.fromisoformat(actual) <= date.fromisoformat(expected[2:])
    if actual.startswith("<="):
        return None if date.fromisoformat(expected) <= date.fromisoformat(actual[2:]) else False
    return expected == actual
