"""Merging what a Council record's sections say into one record of the resolution.

The better-sourced reading of each fact is kept (the OHCHR rows over a count in a news item,
the UN text's date over a page's); a reading it overrules becomes a note of field "conflict",
and when sources as sure as each other disagree the fact is left undecided."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ungawatch import countries
from ungawatch.errors import UnknownState
from ungawatch.models import RelatedDocument, SourceNote, StateVote, UndlRecord, VoteTally
from ungawatch.sources.doctext import TextRecord
from ungawatch.sources.hrc.model import Reading, Subject, digest
from ungawatch.vocabulary import AdoptionMethod, Body, DocumentKind, Relation, VoteOption


def merge(readings: list[Reading], subject: Subject, location: str, text: str) -> TextRecord:
    notes: list[SourceNote] = [note for r in readings for note in r.notes]
    method, tally, chosen = _adoption(readings, notes)
    votes = _votes(readings, notes)
    if tally is None and method is AdoptionMethod.RECORDED_VOTE and chosen is not None:
        tally = chosen.tally
    title = _best(readings, lambda r: r.title)
    day = _date(readings, notes)
    _check_sessions(readings, subject, notes)
    if subject.symbol is not None and not any(r.states_symbol for r in readings):
        notes.append(
            SourceNote("symbol", f"no section states the symbol {subject.symbol}; check it")
        )
    symbol = str(subject.symbol) if subject.symbol else None
    record = UndlRecord(
        record_id=f"hrc:{symbol}" if symbol else _keyed_id(subject, title, location),
        content_hash=digest(text),
        symbol=symbol,
        kind=DocumentKind.RESOLUTION,
        title=title,
        date=day.isoformat() if day else None,
        agenda=tuple(a for a in [_best(readings, lambda r: r.agenda)] if a),
        related=tuple(
            RelatedDocument(d, Relation.DRAFT)
            for d in dict.fromkeys(d for r in readings for d in r.drafts)
        ),
        sponsors=tuple(e for r in readings for e in r.sponsors),
        votes=tuple(StateVote(name, code, option) for name, code, option in votes.values()),
        tally=tally if method is AdoptionMethod.RECORDED_VOTE else None,
        adoption=method,
        action_note=_action_note(method, tally),
        notes=tuple(dict.fromkeys(notes)),
        dissociated=max((r.dissociated for r in readings if r.dissociated), default=None),
        delegations=tuple(dict.fromkeys(d for r in readings for d in r.delegations)),
        sponsor_counts=tuple(c for r in readings for c in r.counts),
    )
    cites = tuple(dict.fromkeys(c for r in readings for c in r.cites if c != symbol))
    confidence = chosen.confidence if chosen else max(r.confidence for r in readings)
    return TextRecord(record, subject.session, Body.HRC, None, confidence, cites)


def _keyed_id(subject: Subject, title: str | None, location: str) -> str:
    digest = hashlib.sha256(f"{title or ''}|{Path(location).name}".encode()).hexdigest()[:8]
    return f"hrc:{subject.session or '?'}/HRC/{digest}"


def _adoption(
    readings: list[Reading], notes: list[SourceNote]
) -> tuple[AdoptionMethod | None, VoteTally | None, Reading | None]:
    """The method and counts the best-sourced sections give; disagreements become notes."""
    stated = [r for r in readings if r.method is not None]
    if not stated:
        return None, None, None
    top = max(r.confidence for r in stated)
    methods = {r.method for r in stated if r.confidence == top}
    if len(methods) > 1:
        notes.append(
            SourceNote(
                "conflict",
                "sections as sure as each other disagree on how it "
                "was adopted; the method is left undecided",
            )
        )
        return None, None, None
    method = methods.pop()
    chosen = max((r for r in stated if r.method is method), key=lambda r: r.confidence)
    for other in stated:
        if other.method is not method:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{other.section.where} says {other.method}; kept {method} "
                    f"({chosen.section.where})",
                )
            )
    if any(r.method_doubt for r in readings if r.confidence >= top):
        notes.append(
            SourceNote(
                "conflict",
                "a section as sure as the chosen one contradicts "
                "itself on the method; kept the others' reading",
            )
        )
    return (
        method,
        _counts(readings, notes) if method is AdoptionMethod.RECORDED_VOTE else None,
        chosen,
    )


def _counts(readings: list[Reading], notes: list[SourceNote]) -> VoteTally | None:
    """Counts from the complete vote rows, else those most sources state; partial counts
    ("30-6, with abstentions") agree with any count they do not contradict."""
    complete = [r for r in readings if r.complete_votes and r.tally]
    stated = [r for r in readings if r.tally and r.tally.no is not None]
    if complete:
        best = max(complete, key=lambda r: r.confidence)
        tally = best.tally
    elif stated:
        full = [r for r in stated if r.tally and r.tally.abstain is not None]
        pool = full or stated
        groups = Counter(_key(r.tally) for r in pool)
        ranked = sorted(
            groups, key=lambda k: (max(r.confidence for r in pool if _key(r.tally) == k), groups[k])
        )
        if len(ranked) > 1 and _rank(ranked[-1], pool, groups) == _rank(ranked[-2], pool, groups):
            notes.append(
                SourceNote(
                    "conflict",
                    f"sources give the counts {', '.join(_show(k) for k in ranked)}; none kept",
                )
            )
            return None
        tally = next(r.tally for r in pool if _key(r.tally) == ranked[-1])
    else:
        return None
    assert tally is not None
    for reading in stated:
        if reading.tally and not _compatible(reading.tally, tally):
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} gives {_show(_key(reading.tally))}; kept "
                    f"{_show(_key(tally))}",
                )
            )
    return tally


def _rank(
    key: tuple[int | None, ...], pool: list[Reading], groups: Counter[tuple[int | None, ...]]
) -> tuple[float, int]:
    return max(r.confidence for r in pool if _key(r.tally) == key), groups[key]


def _key(tally: VoteTally | None) -> tuple[int | None, ...]:
    assert tally is not None
    return (tally.yes, tally.no, tally.abstain)


def _show(key: tuple[int | None, ...]) -> str:
    return "-".join("?" if n is None else str(n) for n in key)


def _compatible(one: VoteTally, other: VoteTally) -> bool:
    return all(
        a is None or b is None or a == b for a, b in zip(_key(one), _key(other), strict=True)
    )


def _votes(
    readings: list[Reading], notes: list[SourceNote]
) -> dict[str, tuple[str, str | None, VoteOption]]:
    """Per-state votes: the complete rows if a section has them (other sections' lists are
    checked against them), else every section's lists merged, the surer section first; a
    state two sections put on different sides keeps the surer one's vote, with a note."""
    ordered = sorted(readings, key=lambda r: (not r.complete_votes, -r.confidence))
    merged: dict[str, tuple[str, str | None, VoteOption, Reading]] = {}
    rows = ordered[0] if ordered and ordered[0].complete_votes else None
    for reading in ordered:
        for name, code, option in reading.votes.values():
            state = _state_key(name, code)
            held = merged.get(state)
            if held is None and rows is not None and reading is not rows:
                notes.append(
                    SourceNote(
                        "conflict",
                        f"{reading.section.where} has {name} voting {option.name.lower()}; "
                        f"the rows of {rows.section.where} do not list it",
                    )
                )
            elif held is None:
                merged[state] = (name, code, option, reading)
            elif held[2] is not option:
                notes.append(
                    SourceNote(
                        "conflict",
                        f"{reading.section.where} has {name} voting {option.name.lower()}, "
                        f"{held[3].section.where} {held[2].name.lower()}; kept the latter",
                    )
                )
    return {state: (n, c, o) for state, (n, c, o, _) in merged.items()}


def _state_key(name: str, code: str | None) -> str:
    """One key per state however a section prints it (ISO3 code, ISO-style or plain name)."""
    if code:
        return code
    try:
        return countries.resolve(name).code
    except UnknownState:
        return name


def _best(readings: list[Reading], value: Callable[[Reading], str | None]) -> str | None:
    """The value the surest section gives (the first of equally sure ones)."""
    found = [(r.confidence, -i, text) for i, r in enumerate(readings) if (text := value(r))]
    return max(found)[2] if found else None


_DATE_RANK = {"vote": 4, "document": 3, "citation": 2, "page": 1, "prose": 0}


def _date(readings: list[Reading], notes: list[SourceNote]) -> date | None:
    """The adoption date from the surest kind of statement; other dates noted."""
    found = [(d, how, r) for r in readings for d, how in r.dates]
    if not found:
        return None
    best = max(found, key=lambda item: (_DATE_RANK[item[1]], item[2].confidence))
    for day, how, reading in found:
        if day != best[0] and _DATE_RANK[how] >= _DATE_RANK["citation"]:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} dates it {day.isoformat()}; kept "
                    f"{best[0].isoformat()} ({best[2].section.where})",
                )
            )
    return best[0]


def _check_sessions(readings: list[Reading], subject: Subject, notes: list[SourceNote]) -> None:
    if subject.session is None:
        return
    for reading in readings:
        for session in set(reading.sessions) - {subject.session}:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} calls it a text of session {session}; "
                    f"the symbol says session {subject.session}",
                )
            )


def _action_note(method: AdoptionMethod | None, tally: VoteTally | None) -> str | None:
    if method is AdoptionMethod.WITHOUT_VOTE:
        return "Adopted without a vote by the Human Rights Council"
    if method is AdoptionMethod.RECORDED_VOTE and tally and tally.no is not None:
        abstain = "?" if tally.abstain is None else tally.abstain
        return f"Adopted {tally.yes}-{tally.no}-{abstain} by the Human Rights Council"
    if method is AdoptionMethod.RECORDED_VOTE:
        return "Adopted by a recorded vote of the Human Rights Council"
    return None
