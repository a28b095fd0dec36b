"""A briefing: one series' session written as short sentences a wire editor could paste.

Sections: the sponsor list (counts, original and additional sponsors with the document that
lists each, and whether the list is the draft as issued or the final one), the list over the
session (as issued, revised, additional sponsors), who joined and who left against the last
earlier session with a list on record, the adoption in committee and in plenary, and a
paragraph for each state asked about. Every sentence ends with its documents; every
comparison names the sessions the database holds no list for; unknown is never "not a
sponsor".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ungawatch import countries
from ungawatch.alerts.narrate import ROLE_WORDS, body_name, cite, day, join, names, span
from ungawatch.alerts.standing import Standing, last_vote, sponsor_comparison, vote_phrase
from ungawatch.alerts.timeline import Step, sponsor_steps
from ungawatch.errors import NotFound, SymbolError
from ungawatch.positions.history import find_series, positions_of, series_sessions, state_name
from ungawatch.positions.records import Adoption, Position, SeriesInfo, SeriesSession
from ungawatch.sessions import label, year_of
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import DocumentKind, SponsorRole


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and the UN documents it rests on (already cited at its end)."""

    text: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class StateParagraph:
    state_code: str
    state: str
    sponsor_role: SponsorRole
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything a briefing says, in order, with the structured facts behind it."""

    series_id: str
    series: str
    session: int
    year: int
    session_label: str
    body: str
    draft: str | None
    resolution: str | None
    documents: tuple[str, ...]
    list_stage: str | None  # "as issued" | "final" | None when no list is loaded
    sponsors: int | None
    original_sponsors: tuple[str, ...]
    additional_sponsors: tuple[str, ...]
    withdrawn_sponsors: tuple[str, ...]
    timeline: tuple[Step, ...]
    headline: str
    sections: tuple[Section, ...]
    states: tuple[StateParagraph, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def briefing(store: Store, query: str, session: int, states: Sequence[str] = ()) -> Briefing:
    """The briefing on the series `query` names, for one session, with a paragraph for each
    of `states` (any name or code)."""
    series = find_series(store, query)
    coverage = {s.session: s for s in series_sessions(store, series.id)}
    if session not in coverage:
        held = ", ".join(label(series.track, s) for s in sorted(coverage))
        raise NotFound(f"{label(series.track, session)} of the series {series.name!r}", [held])
    now = coverage[session]
    codes = [countries.resolve(name).code for name in states]
    positions = positions_of(store, series)
    standings = _standings(series, positions)
    steps = sponsor_steps(store, series.id, session)
    stage = _stage(now)
    roles = {p.state_code: p for p in positions if p.session == session}
    sections = [
        _sponsor_section(series, now, roles, stage),
        _timeline_section(series, now, steps),
        _moves_section(series, now, coverage, standings, stage),
        _adoption_section(series, now),
    ]
    return Briefing(
        series_id=series.id,
        series=series.name,
        session=session,
        year=year_of(series.track, session),
        session_label=label(series.track, session),
        body=now.body,
        draft=now.draft,
        resolution=now.resolution,
        documents=now.documents,
        list_stage=stage,
        sponsors=now.sponsors,
        original_sponsors=_named(roles, SponsorRole.ORIGINAL, series, session),
        additional_sponsors=_named(roles, SponsorRole.ADDITIONAL, series, session),
        withdrawn_sponsors=_named(roles, SponsorRole.WITHDRAWN, series, session),
        timeline=tuple(steps),
        headline=f"{series.name}: {label(series.track, session)}, {body_name(now.body)}",
        sections=tuple(s for s in sections if s.sentences),
        states=tuple(_paragraph(series, now, standings, code, stage) for code in codes),
    )


def _standings(series: SeriesInfo, positions: list[Position]) -> dict[str, Standing]:
    grouped: dict[str, list[Position]] = {}
    for position in positions:
        grouped.setdefault(position.state_code, []).append(position)
    return {code: Standing(series.track, tuple(rows)) for code, rows in grouped.items()}


def _named(
    roles: dict[str, Position], role: SponsorRole, series: SeriesInfo, session: int
) -> tuple[str, ...]:
    codes = [code for code, p in roles.items() if p.sponsor_role is role]
    return tuple(names(codes, series.track, session))


def _stage(now: SeriesSession) -> str | None:
    """Whether the loaded list is final: a report listing additional sponsors is issued after
    the committee acted, and an adoption record closes the list; else it is the draft as
    issued (more sponsors may join until adoption)."""
    if not now.sponsors_known:
        return None
    if now.committee is not None or now.plenary is not None:
        return "final"
    return "final" if any(_is_report(doc) for doc in now.additional_listed_in) else "as issued"


def _is_report(symbol: str) -> bool:
    try:
        return parse_symbol(symbol).kind is DocumentKind.REPORT
    except SymbolError:
        return False


def _sponsor_section(
    series: SeriesInfo, now: SeriesSession, roles: dict[str, Position], stage: str | None
) -> Section:
    session, track = now.session, series.track
    if not now.sponsors_known or now.sponsor_list is None:
        text = (
            f"No sponsor list of {label(track, session)} is on record: its sponsors are unknown, "
            f"not absent {cite(*now.documents)}."
        )
        return Section("Sponsors", (Sentence(text, now.documents),))
    draft, listed = now.sponsor_list, now.additional_listed_in
    sentences = [
        Sentence(
            f"{now.sponsors} sponsors: {now.original_sponsors} original sponsors named on "
            f"{draft}"
            + (f" and {now.additional_sponsors} additional sponsors listed in {join(listed)}")
            * bool(now.additional_sponsors)
            + f" {cite(draft, *listed)}.",
            (draft, *listed),
        )
    ]
    for role, where in (
        (SponsorRole.ORIGINAL, (draft,)),
        (SponsorRole.ADDITIONAL, listed),
        (SponsorRole.WITHDRAWN, listed),
    ):
        who = _named(roles, role, series, session)
        if who:
            heading = f"{role.value.capitalize()} sponsors" if role.is_sponsor else "Withdrawn"
            sentences.append(Sentence(f"{heading}: {join(who)} {cite(*where)}.", tuple(where)))
    if stage == "as issued":
        text = (
            f"This is the list of {draft} as issued: no additional sponsor and no action on the "
            f"text is on record yet, and states may still join until it is adopted {cite(draft)}."
        )
    else:
        text = f"This is the final list {cite(draft, *listed)}."
    sentences.append(Sentence(text, (draft, *listed)))
    return Section("Sponsors", tuple(sentences))


def _timeline_section(series: SeriesInfo, now: SeriesSession, steps: list[Step]) -> Section:
    """ "40 on the draft issued 2 November 2023; 62 with the additional sponsors listed in …"."""
    if not steps:
        return Section("Over the session", ())
    parts, documents = [], []
    for step in steps:
        dated = f", dated {day(step.date)}" if step.date else ""
        if step.kind == "issued":
            parts.append(f"{step.total} on {step.document} as issued{dated}")
        elif step.kind == "withdrawn":
            parts.append(f"{step.total} after {step.count} withdrew in {step.document}{dated}")
        else:
            parts.append(
                f"{step.total} with the {step.count} additional sponsors listed in "
                f"{step.document}{dated}"
            )
        documents.append(step.document)
    at = ""
    if now.plenary is not None and now.plenary.date:
        at = f"; the plenary adopted it on {day(now.plenary.date)}"
    text = f"Sponsors over {label(series.track, now.session)}: {'; '.join(parts)}{at}"
    return Section("Over the session", (Sentence(f"{text} {cite(*documents)}.", tuple(documents)),))


def _moves_section(
    series: SeriesInfo,
    now: SeriesSession,
    coverage: dict[int, SeriesSession],
    standings: dict[str, Standing],
    stage: str | None,
) -> Section:
    """Who joined and who left against the last earlier session with a list on record."""
    track, session = series.track, now.session
    if not now.sponsors_known:
        return Section("Against the last session on record", ())
    earlier = [s for s in coverage.values() if s.session < session and s.sponsors_known]
    if not earlier:
        text = (
            f"No earlier sponsor list of this text is on record, so who joined or left since "
            f"cannot be said {cite(now.sponsor_list)}."
        )
        documents: tuple[str, ...] = (str(now.sponsor_list),)
        return Section("Against the last session on record", (Sentence(text, documents),))
    last = max(earlier, key=lambda s: s.session)
    before = {
        code
        for code, standing in standings.items()
        if (p := standing.at(last.session)) is not None and p.is_sponsor
    }
    current = {
        code
        for code, standing in standings.items()
        if (p := standing.at(session)) is not None and p.is_sponsor
    }
    gap = list(range(last.session + 1, session))
    documents = (str(now.sponsor_list), *now.additional_listed_in, str(last.sponsor_list))
    head = (
        f"Against {label(track, last.session)}, the last earlier session with a sponsor list on "
        f"record" + (f" (no list is on record for {span(track, gap)})" if gap else "")
    )
    joined, left = sorted(current - before), sorted(before - current)
    gone_word = "are not on the list as issued" if stage == "as issued" else "left"
    text = (
        f"{head}: {len(joined) or 'none'} joined"
        + (f" ({join(names(joined, track, session))})" if joined else "")
        + f"; {len(left) or 'none'} {gone_word}"
        + (f" ({join(names(left, track, session))})" if left else "")
        + f" {cite(*documents)}."
    )
    return Section("Against the last session on record", (Sentence(text, documents),))


def _adoption_section(series: SeriesInfo, now: SeriesSession) -> Section:
    sentences = []
    committee_body = now.body if now.body not in ("plenary", "HRC") else None
    if committee_body and now.draft:
        sentences.append(_action(committee_body, now.draft, now.committee, committee=True))
    plenary_body = "HRC" if series.track.value == "hrc" else "plenary"
    if now.resolution:
        sentences.append(_action(plenary_body, now.resolution, now.plenary, committee=False))
    elif now.plenary is None:
        text = f"No resolution of {label(series.track, now.session)} is on record."
        sentences.append(Sentence(text, ()))
    return Section("Adoption", tuple(sentences))


def _action(body: str, symbol: str, adoption: Adoption | None, *, committee: bool) -> Sentence:
    who = body_name(body)
    if adoption is None:
        what = "action on" if committee else "adoption of"
        text = (
            f"No record of {who}'s {what} {symbol} is in the database: how it was "
            f"{'approved' if committee else 'adopted'} is unknown here {cite(symbol)}."
        )
        return Sentence(text, (symbol,))
    on = f" on {day(adoption.date)}" if adoption.date else ""
    if adoption.counts:
        how = (
            f"by a recorded vote of {adoption.yes} in favour to {adoption.no} against, with "
            f"{adoption.abstain} abstentions"
        )
    else:
        how = "without a vote" if adoption.method.value == "without a vote" else "by a vote"
    verb = "approved" if committee else "adopted"
    documents = tuple(dict.fromkeys(d for d in (symbol, adoption.document) if d))
    text = f"{who[0].upper()}{who[1:]} {verb} {symbol}{on} {how} {cite(*documents)}."
    return Sentence(text, documents)


def _paragraph(
    series: SeriesInfo,
    now: SeriesSession,
    standings: dict[str, Standing],
    code: str,
    stage: str | None,
) -> StateParagraph:
    """One state's sponsorship this session against its record, and its votes."""
    standing = standings.get(code, Standing(series.track, ()))
    position = standing.at(now.session)
    name = state_name(code, now.year)
    role = position.sponsor_role if position is not None else SponsorRole.UNKNOWN
    if not now.sponsors_known:
        role = SponsorRole.UNKNOWN
    first = _role_now(name, role, position, now, stage, series)
    comparison = sponsor_comparison(standing, now.session)
    sentences = [Sentence(f"{first}; {comparison}.", _documents(first, comparison))]
    when = label(series.track, now.session)
    in_committee = vote_phrase(standing, now.session, committee=True)
    if in_committee:
        text = f"In committee in {when} it {in_committee}."
        sentences.append(Sentence(text, _documents(text)))
    in_plenary = vote_phrase(standing, now.session, committee=False)
    if in_plenary:
        text = f"In {when} it {in_plenary}."
    else:
        before = last_vote(standing, now.session, committee=False)
        text = f"Its plenary vote in {when} is not on record" + (f"; {before}." if before else ".")
    sentences.append(Sentence(text, _documents(text)))
    return StateParagraph(code, name, role, tuple(sentences))


def _role_now(
    name: str,
    role: SponsorRole,
    position: Position | None,
    now: SeriesSession,
    stage: str | None,
    series: SeriesInfo,
) -> str:
    document = position.sponsor_document if position else None
    if role is SponsorRole.ORIGINAL:
        return f"{name}: {ROLE_WORDS[role.value]} {cite(document)}"
    if role is SponsorRole.ADDITIONAL:
        return f"{name}: an additional sponsor, listed in {document} {cite(document)}"
    if role is SponsorRole.CO_SPONSOR:
        # A Council list that names its co-sponsors without saying when each joined.
        return f"{name}: a co-sponsor, listed in {document} {cite(document)}"
    if role is SponsorRole.WITHDRAWN:
        return f"{name}: withdrew as a sponsor {cite(document)}"
    if role is SponsorRole.NOT_SPONSOR and stage == "as issued":
        return (
            f"{name}: not among the {now.original_sponsors} original sponsors of "
            f"{now.sponsor_list} as issued, and no additional sponsor is on record yet "
            f"{cite(now.sponsor_list)}"
        )
    if role is SponsorRole.NOT_SPONSOR:
        return f"{name}: not a sponsor {cite(now.sponsor_list, *now.additional_listed_in)}"
    return (
        f"{name}: no sponsor list of {label(series.track, now.session)} is on record, so "
        "whether it sponsored is unknown"
    )


def _documents(*texts: str) -> tuple[str, ...]:
    """The symbols cited in parentheses at the ends of clauses, each once."""
    found: list[str] = []
    for text in texts:
        for group in re.findall(r"\(([^()]*/[^()]*)\)", text):
            found.extend(part.strip() for part in group.split(";"))
    return tuple(dict.fromkeys(s for s in found if "/" in s and " " not in s))
