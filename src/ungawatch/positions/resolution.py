"""One resolution, whichever of its symbols the user knows: drafts, sponsors, adoption, votes.

A resolution is known from its documents (drafts, the resolution record, a committee report)
or, for most of the 6,000-odd recorded votes since 1946, only from its recorded vote: then the
view says what the vote says (title, date, counts, every state's vote) and that no sponsor list
is loaded. Every fact names its source record; printed names are shown repaired (the raw bytes
stay in the stored record).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from rapidfuzz import process

from ungawatch import countries
from ungawatch.countries.regions import region_of
from ungawatch.encoding import repair_text
from ungawatch.errors import NotFound
from ungawatch.positions.history import state_name
from ungawatch.positions.series import roll_call_title
from ungawatch.sessions import hrc_session, year_of_session
from ungawatch.store import Store
from ungawatch.symbols import Symbol, parse_symbol
from ungawatch.vocabulary import (
    STATED_ROLES,
    AdoptionMethod,
    Body,
    DocumentKind,
    SponsorRole,
    Track,
    VoteOption,
    precedence_sql,
)

_DRAFTS = (
    str(DocumentKind.DRAFT_RESOLUTION),
    str(DocumentKind.REVISED_DRAFT_RESOLUTION),
    str(DocumentKind.DRAFT_DECISION),
)


@dataclass(frozen=True, slots=True)
class DocumentRef:
    symbol: str
    kind: str
    kind_label: str | None
    title: str | None
    body: str | None
    session: str | None
    regular_session: int | None
    date: str | None
    agenda: tuple[str, ...]
    submitted_by: str | None
    record: str


@dataclass(frozen=True, slots=True)
class LinkRef:
    from_symbol: str
    to_symbol: str
    relation: str


@dataclass(frozen=True, slots=True)
class Action:
    """A body's action on the text: adoption by recorded vote or without a vote."""

    body: str | None
    date: str | None
    method: AdoptionMethod
    meeting: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    total: int | None
    note: str | None
    record: str
    # The document that reports the action when it is not the record's own: a press release.
    reported_in: str | None = None


@dataclass(frozen=True, slots=True)
class DelegationRef:
    """A delegation a record names in an action: who introduced the text (and for whom), who
    dissociated from (or did not join) its adoption without a vote."""

    symbol: str
    action: str
    state_code: str
    state: str
    acting_for: str | None
    acting_for_printed: str | None
    record: str


@dataclass(frozen=True, slots=True)
class CountRef:
    """A sponsor count a record states ("Main sponsors29") and how many of them it names."""

    symbol: str
    counted_as: str
    stated: int
    named: int
    record: str


@dataclass(frozen=True, slots=True)
class SponsorSource:
    """One source record that lists the sponsor: the document it names and the field."""

    listed_in: str
    record: str
    field: str
    printed_name: str


@dataclass(frozen=True, slots=True)
class SponsorRef:
    """A sponsor as the most authoritative source states it, with every source that does."""

    state_code: str
    state: str
    role: SponsorRole
    acting_for: str | None
    listed_in: str
    field: str
    printed_name: str
    record: str
    sources: tuple[SponsorSource, ...]


@dataclass(frozen=True, slots=True)
class VoteRef:
    state_code: str
    state: str
    vote: VoteOption
    votes_seen: tuple[str, ...]
    record: str


@dataclass(frozen=True, slots=True)
class NoteRef:
    symbol: str | None
    field: str
    message: str
    record: str


@dataclass(frozen=True, slots=True)
class StateLine:
    """One state on this text: role and votes in the positions vocabulary, for maps and tables."""

    state_code: str
    state: str
    region: str
    iso_numeric: str | None
    sponsor_role: SponsorRole
    vote: VoteOption
    committee_vote: VoteOption | None


@dataclass(frozen=True, slots=True)
class ResolutionView:
    symbol: str
    resolution: str | None
    draft: str | None
    title: str | None
    session: str | None
    year: int | None
    body: str | None
    agenda: tuple[str, ...]
    date: str | None
    submitted_by: str | None
    documents: tuple[DocumentRef, ...]
    related: tuple[LinkRef, ...]
    adoption: Action | None
    committee_action: Action | None
    sponsors: dict[str, tuple[SponsorRef, ...]]
    votes: tuple[VoteRef, ...]
    committee_votes: tuple[VoteRef, ...]
    notes: tuple[NoteRef, ...]
    states: tuple[StateLine, ...]
    series_id: str | None
    delegations: tuple[DelegationRef, ...]
    sponsor_counts: tuple[CountRef, ...]

    @property
    def sponsors_known(self) -> bool:
        return any(self.sponsors.values())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolution(store: Store, text: str, *, track: Track | None = None) -> ResolutionView:
    """Everything the database knows about a resolution or draft, with the document behind each.

    Accepts the resolution symbol or any of its drafts' symbols (original or revised); the
    sponsors shown are those of the final draft, the one the Library links to the resolution.
    A symbol of the other track than `track` (when given) is not found: an `A/HRC/` symbol is
    the Council's, any other the General Assembly's.
    """
    symbol = parse_symbol(text)
    if track is not None and symbol.body.track != track:
        other = symbol.body.track
        names = {Track.GA: "General Assembly", Track.HRC: "Human Rights Council"}
        raise NotFound(
            f"a {names[track]} document {symbol}",
            [f"{symbol} is a {names[other]} symbol: ask for body {other.value} or all"],
        )
    family = _family(store, symbol)
    if not family.documents:
        voted = _roll_call_view(store, str(symbol))
        if voted is None:
            raise NotFound(f"document {symbol}", close_symbols(store, str(symbol)))
        return voted
    main = _main_document(family.documents, family.final_draft)
    session = main.regular_session
    year = _year(main.body, main.session)
    day = date(year, 12, 31) if year else date.today()
    symbols = [d.symbol for d in family.documents]
    listed = family.final_draft or family.resolution
    series_id, sponsors = _series_of(store, symbols), _sponsors(store, listed, day)
    if family.final_draft and family.resolution:
        # The Council's co-sponsor lists hang on the resolution, its drafts' on the draft.
        sponsors = _merged(sponsors, _sponsors(store, family.resolution, day))
    votes = _votes(store, family.resolution, day)
    return ResolutionView(
        symbol=str(symbol),
        resolution=family.resolution,
        draft=family.final_draft,
        title=main.title or _series_name(store, series_id),
        session=main.session,
        year=year,
        body=main.body,
        agenda=main.agenda,
        date=main.date,
        submitted_by=main.submitted_by,
        documents=tuple(family.documents),
        related=_related(store, symbols),
        adoption=_action(store, family.resolution, plenary=True),
        committee_action=_action(store, family.final_draft, plenary=False)
        or _series_committee(store, series_id, session),
        sponsors=sponsors,
        votes=votes,
        committee_votes=_votes(store, family.final_draft, day),
        notes=_notes(store, symbols),
        states=_states(store, series_id, session, votes, sponsors, day, main.body),
        series_id=series_id,
        delegations=_delegations(store, symbols, day),
        sponsor_counts=_counts(store, symbols),
    )


def _merged(
    first: dict[str, tuple[SponsorRef, ...]], second: dict[str, tuple[SponsorRef, ...]]
) -> dict[str, tuple[SponsorRef, ...]]:
    """Two lists' sponsors by role; a state the first lists keeps the first's role."""
    seen = {ref.state_code for refs in first.values() for ref in refs}
    return {
        role: (*refs, *(r for r in second.get(role, ()) if r.state_code not in seen))
        for role, refs in first.items()
    }


def _series_name(store: Store, series_id: str | None) -> str | None:
    """A series' name, for a document whose stored copy states no title of its own."""
    if series_id is None:
        return None
    value = store.scalar("SELECT name FROM series WHERE series_id = ?", [series_id])
    return str(value) if value is not None else None


def _series_committee(store: Store, series_id: str | None, session: int | None) -> Action | None:
    """The committee's action as the series knows it when no record of the draft states it
    (a press release reports the action on a draft whose symbol it does not print)."""
    if series_id is None or session is None:
        return None
    rows = store.rows(
        "SELECT body, CAST(committee_date AS VARCHAR) AS date, committee_method AS method, "
        "committee_meeting AS meeting, committee_yes AS yes, committee_no AS no, "
        "committee_abstain AS abstain, committee_non_voting AS non_voting, "
        "committee_record AS record, committee_document AS document FROM series_sessions "
        "WHERE series_id = ? AND session = ? AND committee_method IS NOT NULL",
        [series_id, session],
    )
    if not rows:
        return None
    row = rows[0]
    return Action(
        body=row["body"],
        date=row["date"],
        method=AdoptionMethod(row["method"]),
        meeting=row["meeting"],
        yes=row["yes"],
        no=row["no"],
        abstain=row["abstain"],
        non_voting=row["non_voting"],
        total=None,
        note=None,
        record=str(row["record"]),
        reported_in=row["document"],
    )


def _delegations(store: Store, symbols: list[str], day: date) -> tuple[DelegationRef, ...]:
    rows = store.rows(
        "SELECT DISTINCT symbol, action, state_code, acting_for, acting_for_printed, "
        "source_kind || ':' || record_id AS record FROM delegations "
        "WHERE symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY action, symbol, state_code",
        [symbols],
    )
    return tuple(
        DelegationRef(**row, state=countries.state(str(row["state_code"])).name_on(day))
        for row in rows
    )


def _counts(store: Store, symbols: list[str]) -> tuple[CountRef, ...]:
    rows = store.rows(
        "SELECT symbol, counted_as, stated, named, source_kind || ':' || record_id AS record "
        "FROM sponsor_counts WHERE symbol IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY symbol, counted_as",
        [symbols],
    )
    return tuple(CountRef(**row) for row in rows)


# A vote on the whole of the document its symbol names: not a paragraph, and not an amendment
# to it, unless the amendment is that document (the Council's votes on amendments are filed
# under the amendment's own L symbol, A/HRC/28/L.36).
_WHOLE_TEXT = "NOT {c}.paragraph AND (NOT {c}.amendment OR {c}.symbol LIKE 'A/HRC/%/L.%')"


def _year(body: str | None, session: str | None) -> int | None:
    """The year of a session of either track ("52" of the Council is 2023, "S-35" 2022)."""
    if session is None:
        return None
    if body == Body.HRC.value:
        held = hrc_session(session)
        return held.opened.year if held else None
    return year_of_session(int(session)) if session.isdigit() else None


def close_symbols(store: Store, symbol: str) -> list[str]:
    """The stored symbols nearest to one the database lacks, for the "did you mean" of errors."""
    symbols = [
        str(row["symbol"])
        for row in store.rows(
            "SELECT DISTINCT symbol FROM documents WHERE symbol IS NOT NULL "
            "UNION SELECT DISTINCT symbol FROM roll_calls WHERE symbol IS NOT NULL"
        )
    ]
    return [match for match, _, _ in process.extract(symbol, symbols, limit=5)]


@dataclass
class _Family:
    resolution: str | None
    final_draft: str | None
    documents: list[DocumentRef]


def _family(store: Store, symbol: Symbol) -> _Family:
    """The resolution and all drafts (with their revisions) that lead to it."""
    if symbol.kind is DocumentKind.RESOLUTION:
        resolution_symbol: str | None = str(symbol)
    else:
        resolution_symbol = _linked_resolution(store, _revisions_of(store, str(symbol.base)))
    drafts = _linked_drafts(store, resolution_symbol) if resolution_symbol else []
    bases = sorted({str(symbol.base), *(str(parse_symbol(d).base) for d in drafts)})
    members = {str(symbol), *(resolution_symbol or "",)}
    for base in bases:
        members.update(_revisions_of(store, base))
    rows = store.rows(
        "SELECT symbol, kind, any_value(kind_label) AS kind_label, any_value(title) AS title, "
        "any_value(body) AS body, any_value(session) AS session, "
        "any_value(regular_session) AS regular_session, CAST(min(date) AS VARCHAR) AS date, "
        "any_value(agenda) AS agenda, any_value(submitted_by) AS submitted_by, "
        f"arg_min(source_kind || ':' || record_id, {precedence_sql()}) AS record "
        "FROM documents WHERE symbol IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY symbol, kind ORDER BY min(date), symbol",
        [sorted(members)],
    )
    documents = [
        DocumentRef(**(row | {"agenda": tuple(row["agenda"] or ()), "record": str(row["record"])}))
        for row in rows
    ]
    final = drafts[-1] if drafts else _latest_draft(documents)
    return _Family(resolution_symbol, final, documents)


def _revisions_of(store: Store, base: str) -> list[str]:
    """A draft and its revisions as stored: "A/C.3/78/L.40", "A/C.3/78/L.40/Rev.1"."""
    rows = store.rows(
        "SELECT DISTINCT symbol FROM documents WHERE symbol = ? OR symbol LIKE ?",
        [base, f"{base}/Rev.%"],
    )
    return [str(row["symbol"]) for row in rows]


def _linked_resolution(store: Store, drafts: list[str]) -> str | None:
    rows = store.rows(
        "SELECT to_symbol FROM links WHERE relation = 'resolution' AND from_symbol IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY from_symbol DESC LIMIT 1",
        [drafts],
    )
    return str(rows[0]["to_symbol"]) if rows else None


def _linked_drafts(store: Store, resolution_symbol: str) -> list[str]:
    """Drafts the Library links to the resolution, oldest revision first."""
    rows = store.rows(
        "SELECT DISTINCT from_symbol FROM links WHERE relation = 'resolution' AND to_symbol = ? "
        "ORDER BY from_symbol",
        [resolution_symbol],
    )
    return [str(row["from_symbol"]) for row in rows]


def _latest_draft(documents: list[DocumentRef]) -> str | None:
    drafts = [d for d in documents if d.kind in _DRAFTS]
    return drafts[-1].symbol if drafts else None


def _main_document(documents: list[DocumentRef], final: str | None) -> DocumentRef:
    for document in documents:
        if document.symbol == final:
            return document
    return documents[-1]


def _series_of(store: Store, symbols: list[str]) -> str | None:
    value = store.scalar(
        "SELECT min(series_id) FROM series_documents WHERE symbol IN (SELECT unnest(?::VARCHAR[]))",
        [symbols],
    )
    return str(value) if value is not None else None


def _related(store: Store, symbols: list[str]) -> tuple[LinkRef, ...]:
    rows = store.rows(
        "SELECT DISTINCT from_symbol, to_symbol, relation FROM links "
        "WHERE from_symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY from_symbol, to_symbol",
        [symbols],
    )
    return tuple(LinkRef(**row) for row in rows)


def _action(store: Store, symbol: str | None, *, plenary: bool) -> Action | None:
    """The most authoritative recorded action on a text: plenary (or Council) adoption of a
    resolution, or a committee's action on a draft (from its report)."""
    if not symbol:
        return None
    where = "IN" if plenary else "NOT IN"
    rows = store.rows(
        "SELECT body, CAST(date AS VARCHAR) AS date, method, meeting, yes, no, abstain, "
        "non_voting, total, note, source_kind || ':' || record_id AS record, reported_in "
        "FROM adoptions "
        f"WHERE symbol = ? AND coalesce(body, 'plenary') {where} (?, ?) "
        f"ORDER BY {precedence_sql()}, confidence DESC NULLS FIRST, date DESC LIMIT 1",
        [symbol, Body.PLENARY.value, Body.HRC.value],
    )
    if not rows:
        return _roll_call_action(store, symbol) if plenary else None
    return Action(**(rows[0] | {"method": AdoptionMethod(rows[0]["method"])}))


def _roll_call_action(store: Store, symbol: str) -> Action | None:
    """The plenary's recorded vote from the bulk vote tables, counted from its votes when the
    source gives no totals (`unvotes`)."""
    rows = store.rows(
        "WITH chosen AS (SELECT r.* FROM roll_calls r "
        "JOIN canonical_roll_calls c USING (source_kind, record_id) "
        f"WHERE r.symbol = ? AND {_WHOLE_TEXT.format(c='c')} "
        f"ORDER BY {precedence_sql('r.source_kind')}, r.date DESC LIMIT 1), "
        "counted AS (SELECT count(*) FILTER (WHERE vote = 'Y') AS y, "
        "count(*) FILTER (WHERE vote = 'N') AS n, count(*) FILTER (WHERE vote = 'A') AS a, "
        "count(*) FILTER (WHERE vote = 'X') AS x FROM roll_call_votes "
        "JOIN chosen USING (source_kind, record_id)) "
        "SELECT body, CAST(date AS VARCHAR) AS date, meeting, vote_note AS note, "
        "source_kind || ':' || record_id AS record, coalesce(yes, y) AS yes, "
        "coalesce(no, n) AS no, coalesce(abstain, a) AS abstain, "
        "coalesce(non_voting, x) AS non_voting, total FROM chosen, counted",
        [symbol],
    )
    if not rows:
        return None
    return Action(**(rows[0] | {"method": AdoptionMethod.RECORDED_VOTE}))


# One row per state and role, however many sources state it; the most authoritative first.
_SPONSORS_SQL = f"""
SELECT state_code, role,
       arg_min(listed_in, {precedence_sql()}) AS listed_in,
       arg_min(source_kind || ':' || record_id, {precedence_sql()}) AS record,
       arg_min(field, {precedence_sql()}) AS field,
       arg_min(printed_name, {precedence_sql()}) AS printed_name,
       max(acting_for) AS acting_for,
       list({{'listed_in': listed_in, 'record': source_kind || ':' || record_id,
              'field': field, 'printed_name': printed_name}}
            ORDER BY {precedence_sql()}, listed_in) AS sources
FROM sponsorships WHERE draft_symbol = ? GROUP BY state_code, role
"""


def _sponsors(store: Store, draft: str | None, day: date) -> dict[str, tuple[SponsorRef, ...]]:
    grouped: dict[str, list[SponsorRef]] = {role.value: [] for role in STATED_ROLES}
    for row in store.rows(_SPONSORS_SQL, [draft]) if draft else []:
        role = SponsorRole(row["role"])
        grouped[role.value].append(
            SponsorRef(
                state_code=str(row["state_code"]),
                state=countries.state(row["state_code"]).name_on(day),
                role=role,
                acting_for=row["acting_for"],
                listed_in=str(row["listed_in"] or draft),
                field=str(row["field"]),
                printed_name=repair_text(str(row["printed_name"])),
                record=str(row["record"]),
                sources=tuple(
                    SponsorSource(
                        listed_in=str(source["listed_in"] or draft),
                        record=str(source["record"]),
                        field=str(source["field"]),
                        printed_name=repair_text(str(source["printed_name"])),
                    )
                    for source in row["sources"]
                ),
            )
        )
    return {
        role: tuple(sorted(rows, key=lambda r: countries.normalize_name(r.state)))
        for role, rows in grouped.items()
    }


def _votes(store: Store, symbol: str | None, day: date) -> tuple[VoteRef, ...]:
    """Each state's vote on a text in its adoption records; `votes_seen` lists every value the
    sources give (a disagreement between them shows there)."""
    if not symbol:
        return ()
    rows = store.rows(
        f"SELECT state_code, arg_min(vote, {precedence_sql()}) AS vote, "
        "list(DISTINCT vote) AS votes_seen, "
        f"arg_min(source_kind || ':' || record_id, {precedence_sql()}) AS record "
        "FROM votes WHERE symbol = ? GROUP BY state_code",
        [symbol],
    )
    if not rows:
        rows = _roll_call_votes(store, symbol)
    found = [
        VoteRef(
            state_code=str(row["state_code"]),
            state=countries.state(row["state_code"]).name_on(day),
            vote=VoteOption(row["vote"]),
            votes_seen=tuple(sorted(row["votes_seen"])),
            record=str(row["record"]),
        )
        for row in rows
    ]
    return tuple(sorted(found, key=lambda v: countries.normalize_name(v.state)))


def _roll_call_votes(store: Store, symbol: str) -> list[dict[str, Any]]:
    """The votes of the canonical whole-text roll call on `symbol` from the bulk tables."""
    return store.rows(
        "WITH chosen AS (SELECT source_kind, record_id FROM canonical_roll_calls "
        f"WHERE symbol = ? AND {_WHOLE_TEXT.format(c='canonical_roll_calls')} "
        "AND body IN (?, ?) "
        f"ORDER BY {precedence_sql()}, date DESC LIMIT 1) "
        "SELECT v.state_code, v.vote, [v.vote] AS votes_seen, "
        "v.source_kind || ':' || v.record_id AS record FROM all_roll_call_votes v "
        "JOIN chosen USING (source_kind, record_id)",
        [symbol, Body.PLENARY.value, Body.HRC.value],
    )


def _notes(store: Store, symbols: list[str]) -> tuple[NoteRef, ...]:
    rows = store.rows(
        "SELECT symbol, field, message, source_kind || ':' || record_id AS record "
        "FROM record_notes WHERE symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY symbol, field",
        [symbols],
    )
    return tuple(NoteRef(**row) for row in rows)


def _states(
    store: Store,
    series_id: str | None,
    session: int | None,
    votes: tuple[VoteRef, ...],
    sponsors: dict[str, tuple[SponsorRef, ...]],
    day: date,
    body: str | None,
) -> tuple[StateLine, ...]:
    """Every state's line: the stored positions when the text belongs to a series, else
    what its votes and sponsor list say (members of the day who cast no recorded vote are
    unknown unless a recorded vote lists every member)."""
    if series_id is not None and session is not None:
        rows = store.rows(
            "SELECT state_code, year, sponsor_role, plenary_vote, committee_vote FROM positions "
            "WHERE series_id = ? AND session = ?",
            [series_id, session],
        )
        if rows:
            return _sorted(
                StateLine(
                    state_code=str(row["state_code"]),
                    state=state_name(str(row["state_code"]), int(row["year"])),
                    region=region_of(str(row["state_code"])),
                    iso_numeric=countries.iso_numeric(str(row["state_code"])),
                    sponsor_role=SponsorRole(row["sponsor_role"]),
                    vote=VoteOption(row["plenary_vote"]),
                    committee_vote=VoteOption(row["committee_vote"])
                    if row["committee_vote"]
                    else None,
                )
                for row in rows
            )
    return _lines(votes, sponsors, day, body)


def _lines(
    votes: tuple[VoteRef, ...],
    sponsors: dict[str, tuple[SponsorRef, ...]],
    day: date,
    body: str | None,
) -> tuple[StateLine, ...]:
    """Each state's line from the text's votes and sponsor list. The voters are the General
    Assembly's members of the day, or the Council's members, whom its recorded vote lists (all
    of them, non-voting ones included); without a recorded vote the Council's members are
    not known here, so every state's vote is unknown."""
    roles = {s.state_code: s.role for refs in sponsors.values() for s in refs}
    known = any(sponsors.values())
    voted = {v.state_code: v.vote for v in votes}
    everyone = {state.code for state in countries.members_on(day)}
    council = body == Body.HRC.value
    members: set[str] | None = (set(voted) or None) if council else everyone
    lines = []
    for code in everyone | set(roles) | set(voted):
        member = members is not None and code in members
        default_vote = VoteOption.NON_VOTING if voted and member else VoteOption.UNKNOWN
        if members is not None and not member:
            default_vote = VoteOption.NOT_MEMBER
        lines.append(
            StateLine(
                state_code=code,
                state=countries.state(code).name_on(day),
                region=region_of(code),
                iso_numeric=countries.iso_numeric(code),
                sponsor_role=roles.get(
                    code, SponsorRole.NOT_SPONSOR if known else SponsorRole.UNKNOWN
                ),
                vote=voted.get(code) or default_vote,
                committee_vote=None,
            )
        )
    return _sorted(lines)


def _sorted(lines: Any) -> tuple[StateLine, ...]:
    return tuple(sorted(lines, key=lambda line: countries.normalize_name(line.state)))


def _roll_call_view(store: Store, symbol: str) -> ResolutionView | None:
    """A resolution known only from its recorded vote in the bulk vote tables."""
    rows = store.rows(
        "SELECT r.session, r.title, r.descr, r.short, r.draft, r.agenda_title, r.body, "
        "r.printed_symbol, year(r.date) AS voted_in "
        "FROM roll_calls r JOIN canonical_roll_calls c USING (source_kind, record_id) "
        f"WHERE r.symbol = ? AND {_WHOLE_TEXT.format(c='c')} "
        f"ORDER BY {precedence_sql('r.source_kind')} LIMIT 1",
        [symbol],
    )
    if not rows:
        return None
    row = rows[0]
    session = int(row["session"]) if row["session"] is not None else None
    year = _year(row["body"], str(session) if session is not None else None) or (
        int(row["voted_in"]) if row["body"] == Body.HRC.value and row["voted_in"] else None
    )
    adoption = _roll_call_action(store, symbol)
    day = date(year, 12, 31) if year else date.today()
    votes = _votes(store, symbol, day)
    sponsors: dict[str, tuple[SponsorRef, ...]] = {role.value: () for role in STATED_ROLES}
    series_id = _series_of(store, [symbol])
    return ResolutionView(
        symbol=symbol,
        resolution=symbol,
        draft=row["draft"],
        title=roll_call_title(row["title"], row["descr"], row["short"]),
        session=str(session) if session is not None else parse_symbol(symbol).session,
        year=year,
        body=row["body"],
        agenda=(row["agenda_title"],) if row["agenda_title"] else (),
        date=adoption.date if adoption else None,
        submitted_by=None,
        documents=(),
        related=(),
        adoption=adoption,
        committee_action=_series_committee(store, series_id, session),
        sponsors=sponsors,
        votes=votes,
        committee_votes=(),
        notes=(),
        states=_states(store, series_id, session, votes, sponsors, day, row["body"]),
        series_id=series_id,
        delegations=_delegations(store, [symbol], day),
        sponsor_counts=_counts(store, [symbol]),
    )
