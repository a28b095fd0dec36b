"""The words of each event: a headline, a summary and a sentence per state, with documents.

Built from the stored positions and coverage of the series, under the same rules as the
rest of ungawatch: a state missing from a list that is only the draft as issued is "not on
the list as issued" (it may still join), sessions are named with their years, every
comparison names the last earlier session on record and the sessions without a list in
between, and every sentence ends with the documents that say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ungawatch import countries
from ungawatch.alerts.narrate import body_name, cite, day, join, names, span
from ungawatch.alerts.standing import sponsor_comparison
from ungawatch.positions.history import state_name
from ungawatch.positions.records import SeriesInfo
from ungawatch.sessions import label, year_of
from ungawatch.vocabulary import EventKind, Track

if TYPE_CHECKING:
    from ungawatch.alerts.derive import _Log

Row = dict[str, Any]
_VOTED = {"Y": "voted yes", "N": "voted no", "A": "abstained", "X": "did not vote"}


@dataclass(frozen=True, slots=True)
class StateLine:
    """What an event says about one state."""

    code: str
    value: str
    sentence: str
    document: str | None = None
    previous: str | None = None
    previous_session: int | None = None

    def row(self, event_id: str) -> Row:
        return {
            "event_id": event_id,
            "state_code": self.code,
            "value": self.value,
            "previous": self.previous,
            "previous_session": self.previous_session,
            "document": self.document,
            "sentence": self.sentence,
        }


@dataclass
class EventText:
    """One event before it has an id: where it belongs and what it says."""

    kind: EventKind
    series: SeriesInfo
    session: int
    body: str | None
    symbol: str
    documents: tuple[str, ...]
    happened_on: date | None
    title: str
    summary: str
    record: str | None
    lines: list[StateLine] = field(default_factory=list)

    def row(self, event_id: str, seq: int, now: datetime) -> Row:
        return {
            "event_id": event_id,
            "seq": seq,
            "kind": self.kind.value,
            "series_id": self.series.id,
            "series": self.series.name,
            "track": self.series.track.value,
            "session": self.session,
            "year": year_of(self.series.track, self.session),
            "body": self.body,
            "symbol": self.symbol,
            "documents": list(dict.fromkeys(self.documents)),
            "happened_on": self.happened_on,
            "seen_at": now,
            "title": self.title,
            "summary": self.summary,
            "states": sorted({line.code for line in self.lines}),
            "record": self.record,
        }


def _where(series: SeriesInfo, session: int) -> str:
    return f"“{series.name}”, {label(series.track, session)}"


def _name(code: str, track: Track, session: int) -> str:
    return state_name(code, year_of(track, session))


def new_draft(log: _Log, draft: Row, originals: list[Row]) -> EventText:
    """A draft (or revision) announced with the original sponsors its record names."""
    series, session, symbol = (
        log.series(str(draft["series_id"])),
        int(draft["session"]),
        str(draft["symbol"]),
    )
    track = series.track
    codes = sorted(str(r["state_code"]) for r in originals)
    revised = draft["kind"] == "revised draft resolution"
    head = (
        f"{'Revised draft' if revised else 'Draft'} resolution {symbol} {_where(series, session)}, "
        f"{body_name(draft['body'])}" + (f", dated {day(draft['date'])}" if draft["date"] else "")
    )
    if codes:
        summary = (
            f"{head}, names {len(codes)} original sponsors {cite(symbol)}: "
            f"{join(names(codes, track, session))}."
        )
    else:
        summary = f"{head}: its record names no sponsor {cite(symbol)}."
    summary += _against_last(log, series, session, set(codes))
    lines = [
        StateLine(
            code,
            "original",
            f"{_name(code, track, session)} is an original sponsor of {symbol} as issued; "
            f"{sponsor_comparison(log.standing(series.id, code), session)}.",
            symbol,
        )
        for code in codes
    ]
    title = (
        f"New draft {symbol}, {len(codes)} original sponsors: {series.name} "
        f"({label(track, session)})"
    )
    return EventText(
        EventKind.NEW_DRAFT,
        series,
        session,
        draft["body"],
        symbol,
        (symbol,),
        draft["date"],
        title,
        summary,
        str(draft["record"]),
        lines,
    )


def _against_last(log: _Log, series: SeriesInfo, session: int, codes: set[str]) -> str:
    """Who is new on a list as issued, and who sponsored last time but is not (yet) on it."""
    earlier = [s for s in log.coverage(series.id) if s.session < session and s.sponsors_known]
    if not earlier:
        return " No earlier sponsor list of this text is on record."
    last = earlier[-1]
    before = {
        code
        for code, standing in log.standings(series.id).items()
        if (p := standing.at(last.session)) is not None and p.is_sponsor
    }
    track = series.track
    gap = list(range(last.session + 1, session))
    text = (
        f" Against {label(track, last.session)}, the last earlier session with a sponsor list "
        f"on record {cite(last.sponsor_list, *last.additional_listed_in)}"
        + (f" (no list is on record for {span(track, gap)})" if gap else "")
        + ": "
    )
    new, missing = sorted(codes - before), sorted(before - codes)
    text += f"not sponsors then: {_listed(new, track, session)}; "
    text += f"sponsors then, not on this list as issued: {_listed(missing, track, session)}."
    return text


def _listed(codes: list[str], track: Track, session: int) -> str:
    return f"{len(codes)} ({join(names(codes, track, session))})" if codes else "none"


def sponsors_moved(log: _Log, kind: EventKind, rows: list[Row], *, withdrawn: bool) -> EventText:
    """States added to a draft's sponsors (additional sponsors, a corrected list) or
    recorded as withdrawn, grouped by the document that lists them."""
    first = rows[0]
    series, session = log.series(str(first["series_id"])), int(first["session"])
    draft, listed_in, track = str(first["draft"]), str(first["listed_in"]), series.track
    codes = sorted(str(r["state_code"]) for r in rows)
    dated = f", dated {day(first['listed_on'])}" if first["listed_on"] else ""
    where = f"in {listed_in}{dated}" if listed_in != draft else f"on {draft}{dated}"
    verb = "withdrew from" if withdrawn else "joined"
    summary = (
        f"{len(codes)} {'state' if len(codes) == 1 else 'states'} {verb} the sponsors of draft "
        f"{draft} {_where(series, session)}, as listed {where} {cite(draft, listed_in)}: "
        f"{join(names(codes, track, session))}."
    )
    summary += _totals(log, series, session, draft)
    role = "withdrawn" if withdrawn else str(first["role"])
    lines = [
        StateLine(
            code,
            role,
            f"{_name(code, track, session)} "
            + (
                f"withdrew as a sponsor of {draft}, as {listed_in} records"
                if withdrawn
                else f"is {'an additional' if role == 'additional' else 'an original'} sponsor "
                f"of {draft}, listed {where}"
            )
            + f" {cite(draft, listed_in)}; "
            f"{sponsor_comparison(log.standing(series.id, code), session)}.",
            listed_in,
        )
        for code in codes
    ]
    title = f"{len(codes)} {verb} the sponsors of {draft}: {series.name} ({label(track, session)})"
    record = str(first["record"])
    return EventText(
        kind, series, session, None, draft, (draft, listed_in), first["listed_on"], title,
        summary, record, lines,
    )  # fmt: skip


def _totals(log: _Log, series: SeriesInfo, session: int, draft: str) -> str:
    coverage = next((s for s in log.coverage(series.id) if s.session == session), None)
    if coverage is None or coverage.sponsor_list != draft or coverage.sponsors is None:
        return ""
    return (
        f" The list of {draft} now has {coverage.sponsors} sponsors "
        f"({coverage.original_sponsors} original, {coverage.additional_sponsors} additional)."
    )


def sponsors_gone(log: _Log, series_id: str, rows: list[Row]) -> EventText:
    """Sponsorship facts no loaded record states any more."""
    first = rows[0]
    series = log.series(series_id)
    session = int(first["session"]) if first["session"] is not None else series.last_session
    draft, listed_in, track = str(first["draft"]), str(first["listed_in"]), series.track
    codes = sorted(str(r["state_code"]) for r in rows)
    summary = (
        f"The records now loaded no longer name {join(names(codes, track, session))} among "
        f"the sponsors of draft {draft} {_where(series, session)}, as {listed_in} did before "
        f"{cite(draft, listed_in)}."
    )
    lines = [
        StateLine(
            code,
            "not_listed",
            f"{_name(code, track, session)} is no longer named among the sponsors of {draft} "
            f"in the records loaded {cite(draft, listed_in)}.",
            listed_in,
        )
        for code in codes
    ]
    title = f"{len(codes)} no longer listed as sponsors of {draft}: {series.name}"
    return EventText(
        EventKind.SPONSORS_LEFT, series, session, None, draft, (draft, listed_in), None,
        title, summary, str(first["record"]), lines,
    )  # fmt: skip


def adopted(log: _Log, row: Row) -> EventText:
    """A body's action on the text: a committee's on the draft, the plenary's (or the
    Council's) on the resolution."""
    series, session = log.series(str(row["series_id"])), int(row["session"])
    symbol, body = str(row["symbol"]), str(row["body"])
    committee = row["stage"] == "committee"
    how = _how(row)
    verb = "approved draft" if committee else "adopted"
    on = f" on {day(row['date'])}" if row["date"] else ""
    summary = (
        f"{body_name(body)[0].upper()}{body_name(body)[1:]} {verb} {symbol} "
        f"{_where(series, session)}{on}, {how} {cite(symbol, row['document'])}."
    )
    actor = body_name(body).removeprefix("the ")
    title = f"{actor[0].upper()}{actor[1:]} {verb} {symbol} {how}: {series.name}"
    return EventText(
        EventKind.ADOPTED, series, session, body, symbol, (symbol, str(row["document"] or "")),
        row["date"], title, summary, row["record"],
    )  # fmt: skip


def _how(row: Row) -> str:
    if row["method"] == "without a vote":
        return "without a vote"
    if row["yes"] is None:
        return "by a recorded vote (counts not on record)"
    return (
        f"by a recorded vote of {row['yes']} in favour to {row['no']} against, with "
        f"{row['abstain']} abstentions"
    )


def vote_line(log: _Log, row: Row) -> StateLine:
    """One state's vote, with its last earlier vote cast in the same body when it differs."""
    series, session = log.series(str(row["series_id"])), int(row["session"])
    track, code, vote = series.track, str(row["state_code"]), str(row["vote"])
    sentence = (
        f"{_name(code, track, session)} {_VOTED[vote]} in {body_name(str(row['body']))} on "
        f"{row['symbol']}, {label(track, session)} {cite(row['document'])}"
    )
    previous = row["previous"]
    if previous and vote != "X" and previous != vote:
        sentence += (
            f", after it {_VOTED[previous]} in {label(track, int(row['previous_session']))} "
            f"{cite(row['previous_document'])}, its last earlier recorded vote there"
        )
    return StateLine(
        code,
        vote,
        sentence + ".",
        row["document"],
        previous,
        int(row["previous_session"]) if row["previous_session"] is not None else None,
    )


def votes_recorded(log: _Log, rows: list[Row], lines: list[StateLine]) -> EventText:
    """Per-state votes on record for an action announced before."""
    first = rows[0]
    series, session = log.series(str(first["series_id"])), int(first["session"])
    counts = {v: sum(1 for r in rows if r["vote"] == v) for v in _VOTED}
    summary = (
        f"The recorded vote in {body_name(str(first['body']))} on {first['symbol']} "
        f"{_where(series, session)} is now on record state by state: {counts['Y']} yes, "
        f"{counts['N']} no, {counts['A']} abstaining, {counts['X']} not voting "
        f"{cite(first['document'])}."
    )
    title = f"Recorded vote on {first['symbol']} state by state: {series.name}"
    return EventText(
        EventKind.VOTES_RECORDED, series, session, str(first["body"]), str(first["symbol"]),
        (str(first["symbol"]), str(first["document"] or "")), None, title, summary, None,
        lines,
    )  # fmt: skip


def vote_changed(log: _Log, rows: list[Row]) -> EventText:
    """States whose vote cast differs from their last earlier vote cast on the series there."""
    first = rows[0]
    series, session = log.series(str(first["series_id"])), int(first["session"])
    lines = [vote_line(log, row) for row in rows]
    track = series.track
    listed = join(
        sorted(
            (
                f"{_name(str(r['state_code']), track, session)} ({_VOTED[str(r['vote'])]}; "
                f"{_VOTED[str(r['previous'])]} in {label(track, int(r['previous_session']))})"
                for r in rows
            ),
            key=countries.normalize_name,
        )
    )
    earlier = _documents(rows, lambda r: r["previous_document"])
    summary = (
        f"{len(rows)} {'state' if len(rows) == 1 else 'states'} voted differently in "
        f"{body_name(str(first['body']))} on {first['symbol']} {_where(series, session)} from "
        f"their last earlier recorded vote on this text: {listed} "
        f"{cite(str(first['document'] or ''), *earlier)}."
    )
    title = f"{len(rows)} changed their vote on {first['symbol']}: {series.name}"
    return EventText(
        EventKind.VOTE_CHANGED, series, session, str(first["body"]), str(first["symbol"]),
        (str(first["symbol"]), *earlier), None, title, summary, None, lines,
    )  # fmt: skip


def _documents(rows: Iterable[Row], pick: Callable[[Row], Any]) -> list[str]:
    return sorted({str(pick(r)) for r in rows if pick(r)})
