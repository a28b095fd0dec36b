"""Deciding atoms and claims: the record first, then reports; never a contradiction from a
fact that is not loaded.

An atom is decided by the record when a loaded document answers it, else by reports when at
least two independent reports agree and none disagrees (one report, or reports that
disagree, decide nothing: they are shown). A claim is contradicted when one of its atoms is,
supported when all of its atoms are, and otherwise not in the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ungawatch.claims.atoms import (
    NOT_SPONSOR,
    Atom,
    day_agrees,
    sponsor_agrees,
)
from ungawatch.claims.model import Claim, Evidence
from ungawatch.claims.record import Answer, Record, Target
from ungawatch.claims.reports import ReportIndex, Statement, atom_key
from ungawatch.vocabulary import AdoptionMethod, Assertion, EvidenceTier, VoteOption

_METHOD_WORDS = {
    Assertion.WITHOUT_VOTE.value: "without a vote",
    Assertion.UNANIMOUS.value: "unanimously",
    Assertion.RECORDED_VOTE.value: "by a recorded vote",
}


@dataclass
class Decision:
    """One atom decided (agree / disagree) or left open, with the evidence seen."""

    atom: Atom
    status: str  # agree | disagree | open
    tier: EvidenceTier
    evidence: list[Evidence] = field(default_factory=list)
    says: str | None = None  # the deciding source's words, for "instead"
    notes: list[str] = field(default_factory=list)


def decide(
    atom: Atom, claim: Claim, target: Target, record: Record, reports: ReportIndex
) -> Decision:
    """Decide one atom: the record's answer if it has one, else agreeing reports."""
    answer, agrees, notes = _record(atom, claim, target, record)
    decision = Decision(atom, "open", EvidenceTier.NONE, notes=notes)
    if answer is not None:
        decision.evidence.append(
            Evidence(
                EvidenceTier.RECORD,
                answer.says,
                agrees,
                answer.documents,
                answer.records,
                answer.rows,
            )
        )
        if agrees is not None:
            decision.status = "agree" if agrees else "disagree"
            decision.tier, decision.says = EvidenceTier.RECORD, answer.says
            return decision
    return _by_reports(decision, atom, claim, reports)


def _by_reports(decision: Decision, atom: Atom, claim: Claim, reports: ReportIndex) -> Decision:
    statements = list(reports.statements(atom))
    if atom.what == "count":
        return decision  # counts change over time: see `check._count_decision`
    if atom.what == "vote":
        statements += reports.by_key.get(("adoption", atom.target, atom.year, None, atom.body), [])
    agree: list[Statement] = []
    disagree: list[Statement] = []
    for statement in statements:
        verdict = _compare(atom, statement.atom)
        decision.evidence.append(report_evidence(statement, verdict))
        if verdict is True:
            agree.append(statement)
        elif verdict is False:
            disagree.append(statement)
    yes, no = independent(agree), independent(disagree)
    if yes >= 2 and yes > no:
        decision.status, decision.tier = "agree", EvidenceTier.REPORTS
        decision.says = _reported(agree) + _against(disagree)
    elif no >= 2 and no > yes:
        decision.status, decision.tier = "disagree", EvidenceTier.REPORTS
        decision.says = _reported(disagree) + _against(agree)
    elif agree or disagree:
        decision.notes.append(
            f"reports do not decide it: {yes} independent report(s) agree, {no} disagree "
            "(at least two independent reports, more than on the other side, are needed)"
        )
    return decision


def _against(statements: list[Statement]) -> str:
    if not statements:
        return ""
    outlets = sorted({s.report.outlet for s in statements})
    return f" (outweighing {'; '.join(outlets)}, which says otherwise)"


def independent(statements: list[Statement]) -> int:
    """How many of the statements come from reports independent of each other."""
    chosen: list[Statement] = []
    for statement in statements:
        if all(statement.report.independent_of(other.report) for other in chosen):
            chosen.append(statement)
    return len(chosen)


def _reported(statements: list[Statement]) -> str:
    seen: dict[str, Statement] = {}
    for statement in statements:
        seen.setdefault(statement.report.record_id, statement)
    parts = [f"{s.report.cite}: “{s.quote}”" for s in seen.values()]
    return "reported by " + "; ".join(parts)


def report_evidence(statement: Statement, agrees: bool | None) -> Evidence:
    """A report's statement as evidence: who said it, when, where it is quoted (a Council
    record's section names that record), and what it was read as."""
    report = statement.report
    return Evidence(
        EvidenceTier.REPORTS,
        f"reported by {report.cite}: “{statement.quote}” — {statement.claim.normalized}",
        agrees,
        records=(report.record,) if report.record else (),
        outlet=report.outlet,
        published=report.published,
        url=report.url,
    )


# --- the record's answer and comparisons ----------------------------------------------------


def _record(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    """The record's answer to an atom and whether it bears the expected value out."""
    year = atom.year
    if atom.what == "streak_start":
        answer = record.first_year(target)
        if answer is None:
            return None, None, []
        earlier = (
            isinstance(answer.value, int)
            and isinstance(atom.value, int)
            and answer.value < atom.value
        )
        if earlier and atom.stage == "first":
            return answer, False, []  # "first adopted in 2010", yet a text of 2005 is loaded
        note = (
            "an earlier text is loaded: the run may be longer, or broken by a year without one"
            if earlier
            else "the record holds a text of that year, but cannot show that none came before it"
        )
        return answer, None, [note]
    if year is None:
        return None, None, []
    handler = _HANDLERS.get(atom.what)
    return handler(atom, claim, target, record) if handler else (None, None, [])


def _sponsor(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None and atom.state is not None
    answer = record.sponsor(target, atom.year, atom.state)
    if answer is None:
        return None, None, []
    return answer, sponsor_agrees(str(atom.value), str(answer.value)), []


def _adoption(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None
    answer = record.adoption(target, atom.year, atom.body or "plenary")
    if answer is None:
        return None, None, []
    verdict, notes = method_agrees(
        str(atom.value), str(answer.value), answer.rows[0] if answer.rows else {}
    )
    return answer, verdict, notes


def method_agrees(
    expected: str, actual: str, counts: dict[str, object]
) -> tuple[bool | None, list[str]]:
    """An adoption method against the one on record; unanimity is only shown by a recorded
    vote with none against and none abstaining."""
    recorded = AdoptionMethod.RECORDED_VOTE.value
    if expected == Assertion.UNANIMOUS.value:
        if actual in (recorded, Assertion.RECORDED_VOTE.value):
            return counts.get("no") == 0 and counts.get("abstain") == 0, []
        if actual in (AdoptionMethod.WITHOUT_VOTE.value, Assertion.WITHOUT_VOTE.value):
            return None, [
                "“unanimously” vs “without a vote”: the text was adopted without a vote (by "
                "consensus), which is not a unanimous vote: no vote was taken, and states may "
                "dissociate themselves from a consensus"
            ]
        return None, []
    if expected == Assertion.WITHOUT_VOTE.value:
        if actual in (AdoptionMethod.WITHOUT_VOTE.value, Assertion.WITHOUT_VOTE.value):
            return True, []
        if actual in (recorded, Assertion.RECORDED_VOTE.value):
            return False, []
        return None, []
    if expected == Assertion.RECORDED_VOTE.value:
        if actual in (recorded, Assertion.RECORDED_VOTE.value):
            return True, []
        if actual in (AdoptionMethod.WITHOUT_VOTE.value, Assertion.WITHOUT_VOTE.value):
            return False, []
    return None, []


def _adoption_day(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None
    answer = record.adoption(target, atom.year, atom.body or "plenary")
    day = answer.rows[0].get("date") if answer and answer.rows else None
    if answer is None or not day:
        return None, None, []
    return answer, day_agrees(str(atom.value), str(day)), []


def _adopted(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None
    answer = record.adopted(target, atom.year)
    return (answer, True, []) if answer is not None else (None, None, [])


def _vote(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None and atom.state is not None
    answer = record.vote(target, atom.year, atom.body or "plenary", atom.state)
    if answer is None:
        return None, None, []
    notes = []
    if answer.value is VoteOption.NO_VOTE_TAKEN:
        notes.append(
            "no vote was taken: the text was adopted without a vote, so no state voted for, "
            "against or abstained"
        )
    return answer, answer.value == atom.value, notes


def _tally(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None
    answers = record.tally(
        target, atom.year, atom.body or "plenary", atom.what == "amendment_tally"
    )
    notes: list[str] = []
    if not answers and atom.body == "committee":
        plenary = record.adoption(target, atom.year, "plenary")
        if plenary is not None:
            notes.append(
                "committee vote vs plenary vote: the record holds the plenary's action "
                f"({plenary.says}), "
                "not the committee's; a committee vote is not the plenary vote"
            )
        return None, None, notes
    for answer in answers:
        if answer.value != AdoptionMethod.RECORDED_VOTE.value:
            return answer, False, ["no vote was taken: the text was adopted without a vote"]
        verdict, more = tally_agrees(atom.value, answer.rows[0])
        if verdict is not False or atom.what != "amendment_tally":
            return answer, verdict, more
    if answers:
        return answers[0], None, ["none of the amendment votes on record has these counts"]
    return None, None, notes


def tally_agrees(value: object, row: dict[str, object]) -> tuple[bool | None, list[str]]:
    """Stated counts against recorded ones: a difference of one vote in a count is not a
    contradiction (votes changed after the result was announced are recorded later)."""
    assert isinstance(value, tuple)
    stated = dict(zip(("yes", "no", "abstain"), value, strict=True))
    differences = {
        key: (number, row.get(key))
        for key, number in stated.items()
        if number is not None and row.get(key) is not None and number != row.get(key)
    }
    if not differences:
        return True, []
    if all(abs(int(a) - int(b)) <= 1 for a, b in differences.values()):  # type: ignore[call-overload]
        return None, [
            "the counts differ by one vote from the record: a vote changed after the result "
            "was announced?"
        ]
    return False, []


def _count(
    atom: Atom, claim: Claim, target: Target, record: Record
) -> tuple[Answer | None, bool | None, list[str]]:
    assert atom.year is not None
    counts = record.counts(target, atom.year)
    stage = atom.stage or "final"
    answer = counts.get(stage)
    if answer is None or not isinstance(atom.value, int) or answer.value is None:
        return None, None, []
    verdict = count_agrees(atom.value, claim.qualifier, int(answer.value))  # type: ignore[call-overload]
    notes = []
    initial = counts.get("initial")
    if (
        verdict is False
        and atom.stage is None
        and initial is not None
        and initial.value == atom.value
    ):
        notes.append(f"initial list vs final list: {initial.says}; {answer.says}")
        return initial, True, notes
    return answer, verdict, notes


def count_agrees(stated: int, qualifier: str, actual: int) -> bool:
    if qualifier == "more_than":
        return actual > stated
    if qualifier == "at_least":
        return actual >= stated
    if qualifier == "fewer_than":
        return actual < stated
    if qualifier == "about":
        return abs(actual - stated) <= max(2, round(stated * 0.1))
    return actual == stated


Handler = Callable[[Atom, Claim, Target, Record], tuple[Answer | None, bool | None, list[str]]]
_HANDLERS: dict[str, Handler] = {
    "sponsor": _sponsor,
    "adoption": _adoption,
    "adoption_day": _adoption_day,
    "adopted": _adopted,
    "vote": _vote,
    "tally": _tally,
    "amendment_tally": _tally,
    "count": _count,
}


def _compare(expected: Atom, stated: Atom) -> bool | None:
    """Whether a report's atom bears out the expected one (same key)."""
    what = expected.what
    if what == "sponsor":
        return sponsor_agrees(str(expected.value), str(stated.value))
    if what == "vote":
        if stated.what == "adoption":
            return False if stated.value == Assertion.WITHOUT_VOTE.value else None
        return expected.value == stated.value
    if what == "adoption":
        verdict, _ = method_agrees(str(expected.value), str(stated.value), {})
        return verdict
    if what == "adoption_day":
        return day_agrees(str(expected.value), str(stated.value))
    if what in ("tally", "amendment_tally"):
        row = _counts_of(stated.value)
        wanted = _counts_of(expected.value)
        shared = [k for k, v in row.items() if v is not None and wanted.get(k) is not None]
        return tally_agrees(expected.value, row)[0] if shared else None
    if what == "streak_start":
        return expected.value == stated.value
    if what == "adopted":
        return True if stated.value is True else None
    if what == "count":
        return _count_statement(expected, stated)
    return None


def _counts_of(value: object) -> dict[str, object]:
    assert isinstance(value, tuple)
    return dict(zip(("yes", "no", "abstain"), value, strict=True))


def _count_statement(expected: Atom, stated: Atom) -> bool | None:
    """Counts of the same stage agree when equal (an approximate one never contradicts);
    counts of different stages say nothing of each other."""
    if expected.stage != stated.stage and None not in (expected.stage, stated.stage):
        return None
    if not isinstance(expected.value, int) or not isinstance(stated.value, int):
        return None
    if expected.value == stated.value:
        return True
    return None if expected.stage is None or stated.stage is None else False


def sponsor_label(value: str) -> str:
    return "not a sponsor" if value == NOT_SPONSOR else "a sponsor"


__all__ = [
    "Decision",
    "atom_key",
    "decide",
    "independent",
    "method_agrees",
    "report_evidence",
    "tally_agrees",
]
