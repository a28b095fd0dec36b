"""Checking a story: every claim found, each with a verdict, its evidence and its tier.

The library's entry points are `check_text` (any text, with its date or not) and
`check_report` (a saved story: its date from its header, itself left out of the reports).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ungawatch.claims.atoms import Atom, atoms_of
from ungawatch.claims.counts import count_decision, record_high
from ungawatch.claims.describe import body_name, resolved_words, years_text
from ungawatch.claims.extract import extract
from ungawatch.claims.model import CheckReport, Claim, Finding, TwinCheck
from ungawatch.claims.record import Record, Target
from ungawatch.claims.reports import ReportIndex, load_reports
from ungawatch.claims.timeline import sponsor_years, story, timeline, with_context
from ungawatch.claims.times import date_in_text
from ungawatch.claims.verdicts import Decision, decide
from ungawatch.models import NewsReport
from ungawatch.store import Store
from ungawatch.vocabulary import Assertion, Body, ClaimKind, EvidenceTier, Track, Verdict

_NOT_CHECKABLE = {
    Assertion.EXPECTED: "a prediction: the record holds what happened, not what will",
    Assertion.PROCEDURE: "a rule of procedure or another organ's action (the Security Council): "
    "not in the record of resolutions, sponsors and votes",
    Assertion.FIRST_TIME: "the wording of a text: the record holds sponsors and votes, not "
    "what the paragraphs say",
}


_SPONSOR_KINDS = frozenset([ClaimKind.SPONSORSHIP, ClaimKind.STREAK])


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
    target = record.target(claim.topic, claim.track)
    if target is None:
        return Finding(
            claim,
            Verdict.NOT_CHECKABLE,
            EvidenceTier.NONE,
            "the text does not say which resolution this is about",
            None,
        )
    return replace(_checked(claim, target, record, reports), track=target.track)


def _checked(claim: Claim, target: Target, record: Record, reports: ReportIndex) -> Finding:
    """A claim decided against the text it names (its body's), and, for a contradicted
    sponsorship, against that text's twin in the other body."""
    if claim.assertion is Assertion.RECORD_HIGH:
        return record_high(claim, target, record)
    atoms = atoms_of(claim, target.key)
    if not atoms:
        return Finding(
            claim,
            Verdict.NOT_CHECKABLE,
            EvidenceTier.NONE,
            "nothing the record could decide: no year or no state",
            resolved_words(claim, target, record),
        )
    decisions = _decisions(claim, target, atoms, record, reports)
    finding = _combine(claim, target, decisions, record)
    if finding.verdict is Verdict.CONTRADICTED and claim.kind in _SPONSOR_KINDS:
        finding = _told_instead(finding, claim, target, decisions, record, reports)
    return _with_twin(finding, claim, target, record, reports)


def _told_instead(
    finding: Finding,
    claim: Claim,
    target: Target,
    decisions: list[Decision],
    record: Record,
    reports: ReportIndex,
) -> Finding:
    """What the sources say instead of a sponsorship claim, told with the years around it:
    "the gap was sessions 74–76 (2019–21); returned in session 77 (2022)"."""
    known, context = with_context(claim, target, decisions, record, reports)
    told = story(target, known, record) or timeline(target, known, record)
    if told is None:
        return finding
    return replace(finding, instead=told, evidence=(*finding.evidence, *context))


def _decisions(
    claim: Claim, target: Target, atoms: list[Atom], record: Record, reports: ReportIndex
) -> list[Decision]:
    decisions = [decide(atom, claim, target, record, reports) for atom in atoms]
    if claim.assertion is Assertion.SPONSOR_COUNT:
        decisions = [
            count_decision(d, claim, reports) if d.atom.what == "count" else d for d in decisions
        ]
        decisions = [d for d in decisions if d.atom.required or d.status != "open"]
    return decisions


def _combine(claim: Claim, target: Target, decisions: list[Decision], record: Record) -> Finding:
    evidence = tuple(e for d in decisions for e in d.evidence)
    notes = [n for d in decisions for n in d.notes]
    confusions = tuple(
        dict.fromkeys(n for n in (*claim.notes, *notes) if "vs" in n or "abstain" in n.casefold())
    )
    against = [d for d in decisions if d.status == "disagree"]
    required = [d for d in decisions if d.atom.required]
    resolved = resolved_words(claim, target, record)
    if against:
        tier = _tier(against, prefer=EvidenceTier.RECORD)
        instead = "; ".join(dict.fromkeys(d.says or "" for d in against))
        return Finding(
            claim,
            Verdict.CONTRADICTED,
            tier,
            _explain(Verdict.CONTRADICTED, tier, decisions, target.track),
            resolved,
            evidence,
            timeline(target, sponsor_years(decisions), record) or instead,
            confusions,
        )
    decided = [d for d in decisions if d.status == "agree"]
    if (required and all(d.status == "agree" for d in required)) or (not required and decided):
        tier = _tier(decided, prefer=EvidenceTier.REPORTS)
        return Finding(
            claim,
            Verdict.SUPPORTED,
            tier,
            _explain(Verdict.SUPPORTED, tier, decisions, target.track),
            resolved,
            evidence,
            None,
            confusions,
        )
    return Finding(
        claim,
        Verdict.NOT_IN_RECORD,
        EvidenceTier.NONE,
        _explain(Verdict.NOT_IN_RECORD, EvidenceTier.NONE, decisions, target.track)
        + ("; " + "; ".join(dict.fromkeys(notes)) if notes else ""),
        resolved,
        evidence,
        None,
        confusions,
    )


def _tier(decisions: list[Decision], prefer: EvidenceTier) -> EvidenceTier:
    """A contradiction rests on the record when any record fact contradicts; a support rests
    on reports as soon as one of its facts does (it is only as strong as its weakest)."""
    if any(d.tier is prefer for d in decisions):
        return prefer
    return EvidenceTier.REPORTS if prefer is EvidenceTier.RECORD else EvidenceTier.RECORD


def _explain(verdict: Verdict, tier: EvidenceTier, decisions: list[Decision], track: Track) -> str:
    """Why, in one or two sentences: whose text (the General Assembly's or the Council's),
    the deciding source for the first year it decides, and how many other years it decides
    the same way."""
    text = f"the {body_name(track)}'s text"
    if verdict is Verdict.NOT_IN_RECORD:
        decided = [d for d in decisions if d.status != "open"]
        open_years = sorted({d.atom.year for d in decisions if d.status == "open" and d.atom.year})
        missing = f" (open: {', '.join(map(str, open_years))})" if open_years else ""
        base = (
            f"no loaded document on {text} decides it, nor two independent reports that agree"
            + missing
        )
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
    return f"{verdict.value} by {source}, on {text}: {_first(chosen)}"


def _first(decisions: list[Decision]) -> str:
    first = decisions[0]
    year = f"{first.atom.year}: " if first.atom.year else ""
    more = len({(d.atom.year, d.atom.state) for d in decisions}) - 1
    tail = f" (and {more} more alike)" if more > 0 else ""
    return f"{year}{first.says}{tail}"


def _with_twin(
    finding: Finding, claim: Claim, target: Target, record: Record, reports: ReportIndex
) -> Finding:
    """General Assembly vs Human Rights Council dates: a sponsorship claim that one body's
    record (or reports) contradicts, but that the same situation's text in the other body
    (its twin series) bears out, is the other body's timeline told as this one's. The twin is
    decided on its own record and reports, and kept apart from the finding's evidence."""
    if finding.verdict is not Verdict.CONTRADICTED or claim.kind not in _SPONSOR_KINDS:
        return finding
    twin = record.twin(target)
    if twin is None:
        return finding
    body = Body.HRC if twin.track is Track.HRC else Body.PLENARY
    moved = replace(claim, track=twin.track, body=body)
    atoms = atoms_of(moved, twin.key)
    if not atoms:
        return finding
    decisions = _decisions(moved, twin, atoms, record, reports)
    other = _combine(moved, twin, decisions, record)
    if other.verdict is not Verdict.SUPPORTED:
        return finding
    check = TwinCheck(
        twin.track,
        other.resolved or twin.label,
        other.verdict,
        other.tier,
        other.explanation,
        timeline(twin, sponsor_years(decisions), record),
        other.evidence,
    )
    return replace(
        finding,
        confusions=(*finding.confusions, _twin_note(claim, finding, check, target, twin)),
        twin=check,
    )


def _twin_note(
    claim: Claim, finding: Finding, check: TwinCheck, target: Target, twin: Target
) -> str:
    """ "General Assembly vs Human Rights Council dates: 2019–2022 are the Human Rights
    Council's dates ... not the General Assembly's (...)"."""
    years = years_text(claim)
    verb, dates = ("is", "date") if claim.first_year == claim.last_year else ("are", "dates")
    how = (
        "on the Council's record"
        if check.tier is EvidenceTier.RECORD and twin.track is Track.HRC
        else "on the Assembly's record"
        if check.tier is EvidenceTier.RECORD
        else "as reported (not a UN record)"
    )
    pair = (
        "General Assembly vs Human Rights Council dates"
        if target.track is Track.GA
        else "Human Rights Council vs General Assembly dates"
    )
    return (
        f"{pair}: {years} {verb} the {body_name(twin.track)}'s {dates}, not the "
        f"{body_name(target.track)}'s. The {body_name(twin.track)}'s text on the same situation "
        f"bears the claim out ({check.timeline or check.explanation}, {how}); the "
        f"{body_name(target.track)}'s does not ({finding.instead})"
    )


__all__ = ["check_report", "check_text"]
