"""Counts over time: a co-sponsor count against the initial and the final list (true on the
day, overtaken at adoption), and "tied the record of support" against the recorded votes on
a text that are loaded."""

from __future__ import annotations

from ungawatch.claims.describe import resolved_words
from ungawatch.claims.model import Claim, Evidence, Finding
from ungawatch.claims.record import Record, Target
from ungawatch.claims.reports import ReportIndex, Statement
from ungawatch.claims.verdicts import Decision, count_agrees, independent, report_evidence
from ungawatch.vocabulary import EvidenceTier, Verdict


def count_decision(decision: Decision, claim: Claim, reports: ReportIndex) -> Decision:
    """Co-sponsor counts over time: the initial list on release day, the final one at
    adoption. A count that matches the initial list is true on the day and overtaken later;
    after the adoption, it is the final list that counts."""
    if decision.status != "open" or claim.number is None:
        return decision
    atom = decision.atom
    statements = reports.by_key.get(("count", atom.target, atom.year, None, None), [])
    by_stage: dict[str, dict[int, list[Statement]]] = {"initial": {}, "final": {}}
    for statement in statements:
        stage = statement.atom.stage
        if (
            stage in by_stage
            and isinstance(statement.atom.value, int)
            and statement.claim.qualifier == "exact"
        ):
            by_stage[stage].setdefault(statement.atom.value, []).append(statement)
    settled = {
        stage: next(
            (v for v, s in values.items() if independent(s) >= 2 and len(values) == 1), None
        )
        for stage, values in by_stage.items()
    }
    final, initial = settled["final"], settled["initial"]
    decision.evidence.extend(report_evidence(statement, None) for statement in statements)
    stage = claim.stage or "final"
    wanted = initial if stage == "initial" else final
    if wanted is not None:
        fits = count_agrees(claim.number, claim.qualifier, wanted)
        if (
            not fits
            and claim.stage is None
            and initial is not None
            and count_agrees(claim.number, claim.qualifier, initial)
        ):
            first_final = min(
                (
                    str(s.report.published)
                    for s in by_stage["final"].get(final or -1, [])
                    if s.report.published
                ),
                default=None,
            )
            if first_final and claim.story_date < first_final:
                decision.notes.append(
                    f"initial list vs final list: {claim.number} was the initial list, true "
                    f"on {claim.story_date}; {final} at adoption (reported)"
                )
                fits = True
            else:
                decision.notes.append(
                    f"initial list vs final list: {initial} was the initial list; "
                    f"{final} at adoption (reported)"
                )
        decision.status = "agree" if fits else "disagree"
        decision.tier = EvidenceTier.REPORTS
        decision.says = (
            f"reported: {initial} co-sponsors on the initial list, {final} at adoption"
            if initial and final
            else f"reported: {wanted} co-sponsors ({stage} list)"
        )
    return decision


def record_high(claim: Claim, target: Target, record: Record) -> Finding:
    """ "Tied the record of support": the highest vote in favour among the recorded votes on
    this text that are loaded. A higher one contradicts; an equal one supports; a lower one
    cannot, since later votes may not be loaded."""
    votes = record.recorded_votes(target, None)
    resolved = resolved_words(claim, target, record)
    if not votes or claim.number is None:
        return Finding(
            claim,
            Verdict.NOT_IN_RECORD,
            EvidenceTier.NONE,
            "no recorded vote on this text is loaded (or no count stated)",
            resolved,
        )
    best = max(votes, key=lambda v: int(v["yes"] or 0))
    high = int(best["yes"] or 0)
    tops = [v for v in votes if int(v["yes"] or 0) == high]
    documents = tuple(str(v["symbol"]) for v in tops)
    listed = ", ".join(f"{v['symbol']} ({v['date']})" for v in tops)
    says = f"{high} in favour on {listed}"
    evidence = (
        Evidence(
            EvidenceTier.RECORD,
            says,
            high <= claim.number,
            documents,
            tuple(f"{v['source_kind']}:{v['record_id']}" for v in tops),
            tuple(tops),
        ),
    )
    if high > claim.number:
        return Finding(
            claim,
            Verdict.CONTRADICTED,
            EvidenceTier.RECORD,
            f"contradicted by the UN record in the database: the record high is {says}",
            resolved,
            evidence,
            f"the record is {says}",
        )
    if high == claim.number:
        return Finding(
            claim,
            Verdict.SUPPORTED,
            EvidenceTier.RECORD,
            f"supported by the UN record in the database: {says} (the highest loaded)",
            resolved,
            evidence,
        )
    return Finding(
        claim,
        Verdict.NOT_IN_RECORD,
        EvidenceTier.NONE,
        f"the highest loaded is {says}; later votes may not be loaded",
        resolved,
        evidence,
    )
