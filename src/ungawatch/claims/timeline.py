"""What the sources say instead, year by year, for a sponsorship claim they contradict.

"not a sponsor in sessions 74–76 (2019–21); a sponsor in session 77 (2022)", and where the
run of years shows a gap that ended, the story in a line: "the gap was sessions 74–76
(2019–21); returned in session 77 (2022)". A claim about one year ("returned in 2023") only
decides its own years; to tell when the state did return, the neighbouring years are looked
up too, on the same record and reports, until an open year (nothing loaded decides it) or a
change of side: they only ever add context, never change the verdict.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from ungawatch.claims.atoms import NOT_ORIGINAL, NOT_SPONSOR, SPONSOR, Atom
from ungawatch.claims.describe import when_words
from ungawatch.claims.model import Claim, Evidence
from ungawatch.claims.record import Record, Target
from ungawatch.claims.reports import ReportIndex
from ungawatch.claims.verdicts import Decision, decide

_LOOK = 12  # years looked up around a claim, at most


def sponsor_years(decisions: list[Decision]) -> dict[int, bool]:
    """Year -> sponsored, for every sponsor atom the sources decided."""
    known: dict[int, bool] = {}
    for decision in decisions:
        atom = decision.atom
        if atom.what != "sponsor" or decision.status == "open" or atom.year is None:
            continue
        expected = str(atom.value) not in (NOT_SPONSOR, NOT_ORIGINAL)
        known[atom.year] = expected if decision.status == "agree" else not expected
    return known


def timeline(target: Target, known: dict[int, bool], record: Record) -> str | None:
    """ "not a sponsor in sessions 74–76 (2019–21); a sponsor in session 77 (2022)"."""
    runs = _runs(known)
    if not runs:
        return None
    return "; ".join(_run_words(run, target, record) for run in runs)


def story(target: Target, known: dict[int, bool], record: Record) -> str | None:
    """ "the gap was sessions 74–76 (2019–21); returned in session 77 (2022)" when the years
    show a run without sponsoring that ended; None when they do not."""
    runs = _runs(known)
    for gap, after in pairwise(runs):
        if not gap[1] and after[1] and after[0][0] == gap[0][-1] + 1:
            return (
                f"the gap was {when_words(target, gap[0], record)}; returned in "
                f"{when_words(target, [after[0][0]], record)}"
            )
    return None


def with_context(
    claim: Claim,
    target: Target,
    decisions: list[Decision],
    record: Record,
    reports: ReportIndex,
) -> tuple[dict[int, bool], list[Evidence]]:
    """The decided years of a one-state sponsorship claim, widened to the nearest gap around
    them: back until a year of sponsoring before a year without, forward until a year of
    sponsoring after one without (the return), each way at most `_LOOK` years and never past
    an open year or the story's year. The years looked up are context (evidence that neither
    supports nor contradicts the claim)."""
    known = sponsor_years(decisions)
    states = {d.atom.state for d in decisions if d.atom.what == "sponsor"}
    if len(states) != 1 or not known:
        return known, []
    state = states.pop()
    assert state is not None
    context: list[Evidence] = []

    def look(year: int) -> bool | None:
        if year in known:
            return known[year]
        atom = Atom("sponsor", target.key, year, SPONSOR, state=state, required=False)
        found = decide(atom, claim, target, record, reports)
        if found.status == "open":
            return None
        known[year] = found.status == "agree"
        context.extend(replace(e, agrees=None) for e in found.evidence)
        return known[year]

    last = int(claim.story_date[:4])
    for step in (-1, 1):
        edge = min(known) if step < 0 else max(known)
        year = edge
        while not _gap_bounded(known, step) and abs(year + step - edge) <= _LOOK:
            year += step
            if year > last or look(year) is None:
                break
    return known, context


def _gap_bounded(known: dict[int, bool], step: int) -> bool:
    """Whether the years hold a gap's start (a sponsor year before a year without; step -1)
    or its end (a sponsor year after one; step +1)."""
    years = sorted(known)
    pairs = pairwise(years)
    if step < 0:
        return any(known[a] and not known[b] and b == a + 1 for a, b in pairs)
    return any(not known[a] and known[b] and b == a + 1 for a, b in pairs)


def _runs(known: dict[int, bool]) -> list[tuple[list[int], bool]]:
    runs: list[tuple[list[int], bool]] = []
    for year in sorted(known):
        if runs and runs[-1][1] == known[year] and runs[-1][0][-1] == year - 1:
            runs[-1][0].append(year)
        else:
            runs.append(([year], known[year]))
    return runs


def _run_words(run: tuple[list[int], bool], target: Target, record: Record) -> str:
    words = "a sponsor" if run[1] else "not a sponsor"
    return f"{words} in {when_words(target, run[0], record)}"
