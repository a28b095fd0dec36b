"""Where a state stood on a series before a session: the comparisons briefings and events make.

Only sessions whose sponsor list is loaded are compared ("unknown" is never "not a sponsor"),
and every comparison that reaches back over sessions without a list names them. A streak
counts sessions that follow each other with no session missing in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from ungawatch.alerts.narrate import ROLE_WORDS, VOTE_WORDS, body_name, cite, span
from ungawatch.positions.records import Position
from ungawatch.sessions import label
from ungawatch.vocabulary import SponsorRole, Track, VoteOption

_CAST = (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN)


@dataclass(frozen=True, slots=True)
class Standing:
    """One state's positions on one series, every session on record, oldest first."""

    track: Track
    positions: tuple[Position, ...]

    def known(self, before: int) -> list[Position]:
        """Positions earlier than `before` whose sponsor list is loaded."""
        return [
            p
            for p in self.positions
            if p.session < before and p.sponsor_role is not SponsorRole.UNKNOWN
        ]

    def at(self, session: int) -> Position | None:
        return next((p for p in self.positions if p.session == session), None)


def sponsor_comparison(standing: Standing, session: int) -> str:
    """The state's sponsorship against the last earlier session with a list on record, with
    the first time since, streaks and the sessions without a list in between."""
    track = standing.track
    earlier = standing.known(session)
    if not earlier:
        return "no earlier sponsor list of this text is on record"
    last = earlier[-1]
    parts = [
        f"{ROLE_WORDS[last.sponsor_role.value]} in {label(track, last.session)}, the last "
        f"earlier session with a sponsor list on record {cite(last.sponsor_document)}".rstrip()
    ]
    missing = list(range(last.session + 1, session))
    if missing:
        parts.append(f"no sponsor list is on record for {span(track, missing)}")
    now = standing.at(session)
    sponsor_now = now is not None and now.is_sponsor
    if sponsor_now and not last.is_sponsor:
        parts.append(_since(track, earlier))
    elif sponsor_now:
        run = _run(earlier, session)
        if run >= 2:
            first = session - run
            run_documents = cite(*(p.sponsor_document for p in earlier[-run:]))
            parts.append(
                f"a sponsor in each session from {label(track, first)} on, "
                f"{run + 1} in a row with this one {run_documents}".rstrip()
            )
    elif last.is_sponsor:
        run = _run(earlier[:-1], last.session) + 1
        if run >= 2:
            run_documents = cite(*(p.sponsor_document for p in earlier[-run:]))
            parts.append(
                f"it had been a sponsor in {run} consecutive sessions until then "
                f"{run_documents}".rstrip()
            )
    return "; ".join(parts)


def _since(track: Track, earlier: list[Position]) -> str:
    sponsored = [p for p in earlier if p.is_sponsor]
    if sponsored:
        back = sponsored[-1]
        return (
            f"a sponsor again for the first time since {label(track, back.session)} "
            f"{cite(back.sponsor_document)}"
        )
    lists = cite(*(p.sponsor_document for p in earlier))
    return (
        f"a sponsor for the first time in the {len(earlier) + 1} sessions with a list on record "
        f"{lists}"
    ).rstrip()


def _run(earlier: list[Position], session: int) -> int:
    """How many sessions right before `session`, each following the other, it sponsored."""
    run, expected = 0, session - 1
    for position in reversed(earlier):
        if position.session != expected or not position.is_sponsor:
            break
        run, expected = run + 1, expected - 1
    return run


def vote_phrase(standing: Standing, session: int, *, committee: bool) -> str | None:
    """ "voted yes in the plenary (A/RES/70/172)", or what is on record instead."""
    now = standing.at(session)
    if now is None:
        return None
    vote = now.committee_vote if committee else now.plenary_vote
    document = now.committee_document if committee else now.plenary_document
    where = body_name(now.body) if committee else body_name("plenary")
    if vote is None:
        return None
    if vote in (*_CAST, VoteOption.NON_VOTING):
        return f"{VOTE_WORDS[vote.value]} in {where} {cite(document)}".rstrip()
    if vote is VoteOption.NO_VOTE_TAKEN:
        return f"no vote was taken in {where}: adopted without a vote {cite(document)}".rstrip()
    if vote is VoteOption.NOT_MEMBER:
        return f"not a member of {where} then"
    return None


def last_vote(standing: Standing, session: int, *, committee: bool) -> str | None:
    """The last earlier vote cast on the series in the same body, for "since" sentences."""
    for position in reversed([p for p in standing.positions if p.session < session]):
        vote = position.committee_vote if committee else position.plenary_vote
        if vote in _CAST:
            assert vote is not None
            document = position.committee_document if committee else position.plenary_document
            where = body_name(position.body) if committee else body_name("plenary")
            return (
                f"its last earlier recorded vote in {where} was {VOTE_WORDS[vote.value]}, in "
                f"{label(standing.track, position.session)} {cite(document)}"
            ).rstrip()
    return None
