"""Checking a story: every claim found, each with a verdict, its evidence and its tier.

The library's entry points are `check_text` (any text, with its date or not) and
`check_report` (a saved story: its date from its header, itself left out of the reports).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ungawatch.claims.atoms import NOT_SPONSOR, Atom, atoms_of
from ungawatch.claims.describe import where as where_words
from ungawatch.claims.extract import extract
from ungawatch.claims.model import CheckReport, Claim, Evidence, Finding
from ungawatch.claims.record import Record, Target
from ungawatch.claims.reports import ReportIndex, Statement, load_reports
from ungawatch.claims.times import date_in_text
from ungawatch.claims.verdicts import Decision, count_agrees, decide, independent
from ungawatch.sessions import label
from ungawatch.sources.news import NewsReport
from ungawatch.store import Store
from ungawatch.vocabulary import Assertion, EvidenceTier, Track, Verdict

_NOT_CHECKABLE = {
    Assertion.EXPECTED: "a prediction: the record holds what happened, not what will",
    Assertion.PROCEDURE: "a rule of procedure or another organ's action (the Security Council): "
    "not in the record of resolutions, sponsors and votes",
    Assertion.FIRST_TIME: "the wording of a text: the record holds sponsors and votes, not "
    "what the paragraphs say",
}


def check_text(
    store: Store,
    text: str,
    day: date | None = None,
    *,
    exclude_urls: tuple[str, ...] = (),
) -> CheckReport:
    """Every checkable claim of `text` with its verdict. The story's date is `day`, else the
    first full date in the text, else today; it reads "this year", "last year", "on
    Wednesday". Reports whose text is this story's (or whose URL is excluded) are not used."""
    source = "given"
    if day is None:
        found = date_in_text(text)
        day, source = (found, "text") if found else (date.today(), "today")
    record = Record(store)
    reports = load_reports(store, record, exclude_urls=exclude_urls, exclude_text=text)
    findings = tuple(_finding(claim, record, reports) for claim in extract(text, day))
    return CheckReport(text, day.isoformat(), source, findings, tuple(reports.excluded))


def check_report(store: Store, report: NewsReport) -> CheckReport:
    """Check a saved story: the article text, its header's date, itself left out."""
    urls = (report.url,) if report.url else ()
    return check_text(store, report.text, report.published, exclude_urls=urls)


def _finding(claim: Claim, record: Record, reports: ReportIndex) -> Finding:
    if claim.assertion in _NOT_CHECKABLE:
        return Finding(
            claim, Verdict.NOT_CHECKABLE, EvidenceTier.NONE, _NOT_CHECKABLE[claim.assertion], None
        )
    target = record.target(claim.topic, claim.track if claim.track is Track.HRC else None)
    if target is None:
        return Finding(
            claim,
            Verdict.NOT_CHECKABLE,
            EvidenceTier.NONE,
            "the text does not say which resolution this is about",
            None,
        )
    if claim.assertion is Assertion.RECORD_HIGH:
        return _record_high(claim, target, record)
    atoms = atoms_of(claim, target.key)
    if not atoms:
        return Finding(
            claim,
            Verdict.NOT_CHECKABLE,
            EvidenceTier.NONE,
            "nothing the record could decide: no year or no state",
            _resolved(claim, target),
        )
    decisions = [decide(atom, claim, target, record, reports) for atom in atoms]
    if claim.assertion is Assertion.SPONSOR_COUNT:
        decisions = [
            _count_decision(d, claim, reports) if d.atom.what == "count" else d for d in decisions
        ]
        decisions = [d for d in decisions if d.atom.required or d.status != "open"]
    finding = _combine(claim, target, decisions)
    return _with_twin(finding, claim, target, record, reports)


def _resolved(claim: Claim, target: Target) -> str:
    years = claim.years
    if target.track is Track.HRC or not years:
        when = ", ".join(str(y) for y in years) or "years not stated"
    else:
        sessions = [y - 1945 for y in years]
        span = f"{sessions[0]}" if len(sessions) == 1 else f"{sessions[0]}–{sessions[-1]}"
        plural = "s" if len(sessions) > 1 else ""
        until = "" if len(years) == 1 else "–" + str(years[-1])[-2:]
        when = f"session{plural} {span} ({years[0]}{until})"
    return f"{target.label} [{target.key}], {when}, {where_words(claim)}"


def _combine(claim: Claim, target: Target, decisions: list[Decision]) -> Finding:
    evidence = tuple(e for d in decisions for e in d.evidence)
    notes = [n for d in decisions for n in d.notes]
    confusions = [n for n in (*claim.notes, *notes) if "vs" in n or "abstain" in n.casefold()]
    against = [d for d in decisions if d.status == "disagree"]
    required = [d for d in decisions if d.atom.required]
    resolved = _resolved(claim, target)
    if against:
        tier = (
            EvidenceTier.RECORD
            if any(d.tier is EvidenceTier.RECORD for d in against)
            else EvidenceTier.REPORTS
        )
        instead = "; ".join(dict.fromkeys(d.says or "" for d in against))
        return Finding(
            claim,
            Verdict.CONTRADICTED,
            tier,
            _explain(Verdict.CONTRADICTED, tier, decisions),
            resolved,
            evidence,
            _timeline(claim, decisions) or instead,
            tuple(dict.fromkeys(confusions)),
        )
    decided = [d for d in decisions if d.status == "agree"]
    if (required and all(d.status == "agree" for d in required)) or (not required and decided):
        tier = (
            EvidenceTier.REPORTS
            if any(d.tier is EvidenceTier.REPORTS for d in decided)
            else EvidenceTier.RECORD
        )
        return Finding(
            claim,
            Verdict.SUPPORTED,
            tier,
            _explain(Verdict.SUPPORTED, tier, decisions),
            resolved,
            evidence,
            None,
            tuple(dict.fromkeys(confusions)),
        )
    return Finding(
        claim,
        Verdict.NOT_IN_RECORD,
        EvidenceTier.NONE,
        _explain(Verdict.NOT_IN_RECORD, EvidenceTier.NONE, decisions)
        + ("; " + "; ".join(dict.fromkeys(notes)) if notes else ""),
        resolved,
        evidence,
        None,
        tuple(dict.fromkeys(confusions)),
    )


def _explain(verdict: Verdict, tier: EvidenceTier, decisions: list[Decision]) -> str:
    """Why, in one or two sentences: the deciding source for the first year it decides, and
    how many other years it decides the same way."""
    if verdict is Verdict.NOT_IN_RECORD:
        decided = [d for d in decisions if d.status != "open"]
        open_years = sorted({d.atom.year for d in decisions if d.status == "open" and d.atom.year})
        missing = f" (open: {', '.join(map(str, open_years))})" if open_years else ""
        base = "no loaded document decides it, nor two independent reports that agree" + missing
        if decided:
            base += "; decided: " + _first(decided)
        return base
    status = "disagree" if verdict is Verdict.CONTRADICTED else "agree"
    chosen = [d for d in decisions if d.status == status]
    source = (
        "the UN record in the database"
        if tier is EvidenceTier.RECORD
        else "reports (not a UN record)"
    )
    return f"{verdict.value} by {source}: {_first(chosen)}"


def _first(decisions: list[Decision]) -> str:
    first = decisions[0]
    year = f"{first.atom.year}: " if first.atom.year else ""
    more = len({(d.atom.year, d.atom.state) for d in decisions}) - 1
    tail = f" (and {more} more alike)" if more > 0 else ""
    return f"{year}{first.says}{tail}"


def _timeline(claim: Claim, decisions: list[Decision]) -> str | None:
    """What the sources say instead, year by year, for a sponsorship claim: "not a sponsor
    in 2019–2021 (sessions 74–76); a sponsor in 2022 (session 77)"."""
    rows = sorted(
        (
            d.atom.year,
            d.atom.state,
            d.atom.value if d.status == "agree" else _opposite(str(d.atom.value)),
            d,
        )
        for d in decisions
        if d.atom.what == "sponsor" and d.status != "open" and d.atom.year is not None
    )
    if not rows:
        return None
    parts: list[str] = []
    run: list[tuple[int, str]] = []
    for year, _state, value, _decision in rows:
        if run and (value != run[-1][1] or year != run[-1][0] + 1):
            parts.append(_run_words(run, claim))
            run = []
        run.append((year, str(value)))
    parts.append(_run_words(run, claim))
    return "; ".join(parts)


def _opposite(value: str) -> str:
    return "sponsor" if value == NOT_SPONSOR else NOT_SPONSOR


def _run_words(run: list[tuple[int, str]], claim: Claim) -> str:
    first, last, value = run[0][0], run[-1][0], run[0][1]
    words = "not a sponsor" if value in (NOT_SPONSOR, "not_original") else "a sponsor"
    track = Track.HRC if claim.track is Track.HRC else Track.GA
    if track is Track.GA:
        sessions = (
            f"session {first - 1945}" if first == last else f"sessions {first - 1945}–{last - 1945}"
        )
        years = str(first) if first == last else f"{first}–{str(last)[-2:]}"
        return f"{words} in {sessions} ({years})"
    return f"{words} in {first if first == last else f'{first}–{last}'}"


def _count_decision(decision: Decision, claim: Claim, reports: ReportIndex) -> Decision:
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
    for statement in statements:
        decision.evidence.append(
            Evidence(
                EvidenceTier.REPORTS,
                f"reported by {statement.report.outlet} ({statement.report.published}): "
                f"“{statement.quote}” — {statement.claim.normalized}",
                None,
                outlet=statement.report.outlet,
                published=statement.report.published,
                url=statement.report.url,
            )
        )
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


def _record_high(claim: Claim, target: Target, record: Record) -> Finding:
    """ "Tied the record of support": the highest vote in favour among the recorded votes on
    this text that are loaded. A higher one contradicts; an equal one supports; a lower one
    cannot, since later votes may not be loaded."""
    votes = record.recorded_votes(target, None)
    resolved = _resolved(claim, target)
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


def _with_twin(
    finding: Finding, claim: Claim, target: Target, record: Record, reports: ReportIndex
) -> Finding:
    """General Assembly vs Human Rights Council dates: a GA sponsorship claim that the GA
    record does not bear out, but the Council's record of the same situation does, is the
    Council's timeline told as the Assembly's."""
    if finding.verdict is Verdict.SUPPORTED or claim.kind.value not in ("sponsorship", "streak"):
        return finding
    twin = record.twin(target)
    if twin is None:
        return finding
    moved = replace(claim, track=twin.track)
    decisions = [decide(atom, moved, twin, record, reports) for atom in atoms_of(moved, twin.key)]
    required = [d for d in decisions if d.atom.required]
    if not required or not all(d.status == "agree" for d in required):
        return finding
    says = "; ".join(dict.fromkeys(d.says or "" for d in required))
    note = (
        f"General Assembly vs Human Rights Council dates: these are the Human Rights Council's "
        f"dates for {twin.label} ({says}), not the General Assembly's"
    )
    evidence = finding.evidence + tuple(e for d in required for e in d.evidence)
    return replace(finding, confusions=(*finding.confusions, note), evidence=evidence)


def session_words(track: Track, session: int) -> str:
    return label(track, session)


__all__ = ["Atom", "check_report", "check_text"]
