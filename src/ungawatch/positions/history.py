"""Where each state stood on one recurring resolution, session by session.

A recurring resolution is a *series* (`ungawatch.positions.series`): a query may be a series id, a
document symbol, or words from its titles, and the series links the sessions' texts across
renamed titles. For each session the *final draft* is the one the Library links to the
adopted resolution (or else the latest revision); its sponsor list, the additional sponsors
listed for it (in the catalogue or in document text), the committee's vote on the draft and
the plenary's recorded vote on the resolution give each state's position.

The plenary vote is the recorded vote on the whole text, whichever source has it: the
canonical roll call (`canonical_roll_calls`: the Library's voting CSV, its MARCXML voting
record, or Voeten's `unvotes`), else the MARCXML `votes`. A session the series knows only from
such a roll call has no draft and no sponsor list in the database: its rows say `sponsor_role`
"unknown", never "none", which is kept for a state missing from a sponsor list we have.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
from rapidfuzz import process

from ungawatch import countries
from ungawatch.errors import AmbiguousQuery, NotFound, SymbolError
from ungawatch.positions.resolution import close_symbols
from ungawatch.positions.series import Series, find_series
from ungawatch.sessions import year_of_session
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.titles import title_key
from ungawatch.vocabulary import AdoptionMethod, DocumentKind, SponsorRole

NONE = "none"
UNKNOWN = "unknown"  # no sponsor list of the session is in the database
DRAFT_KINDS = (
    str(DocumentKind.DRAFT_RESOLUTION),
    str(DocumentKind.REVISED_DRAFT_RESOLUTION),
    str(DocumentKind.RESOLUTION),
    str(DocumentKind.VOTING_RECORD),
)
_ROLE_RANK = {SponsorRole.WITHDRAWN: 3, SponsorRole.ORIGINAL: 2, SponsorRole.ADDITIONAL: 1}


@dataclass
class SessionPosition:
    """The documents of one session's text and every state's sponsorship and vote on it."""

    session: int
    title: str
    draft: str | None
    resolution: str | None
    adoption: str | None
    sponsors: dict[str, tuple[SponsorRole, str]] = field(default_factory=dict)
    votes: dict[str, tuple[str, str]] = field(default_factory=dict)
    committee_adoption: str | None = None
    committee_votes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def has_sponsor_list(self) -> bool:
        """Whether the database holds the session's sponsor list, so that a state missing from
        it was not a sponsor (rather than one whose role is unknown)."""
        return bool(self.sponsors)

    def is_sponsor(self, code: str) -> bool:
        role = self.sponsors.get(code, (None, ""))[0]
        return role in (SponsorRole.ORIGINAL, SponsorRole.ADDITIONAL)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    session: int
    year: int
    state_code: str
    state: str
    title: str
    draft: str | None
    resolution: str | None
    sponsor_role: str
    vote: str | None
    sources: tuple[str, ...]
    series_id: str | None = None
    series: str | None = None
    committee_vote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__} | {
            "sources": list(self.sources)
        }


def find_title_key(store: Store, query: str) -> str:
    """The title key a query names: a document symbol, or words from the title."""
    try:
        symbol = str(parse_symbol(query))
    except SymbolError:
        return _key_from_words(store, query)
    row = store.rows(
        "SELECT d.title_key FROM documents d WHERE d.title_key IS NOT NULL AND (d.symbol = ? "
        "OR d.symbol IN (SELECT from_symbol FROM links WHERE to_symbol = ?)) LIMIT 1",
        [symbol, symbol],
    )
    if not row:
        raise NotFound(f"document {symbol}", close_symbols(store, symbol))
    return str(row[0]["title_key"])


def _key_from_words(store: Store, query: str) -> str:
    words = title_key(query).split()
    if not words:
        raise NotFound(f"title {query!r}")
    where = " AND ".join("title_key LIKE ?" for _ in words)
    rows = store.rows(
        f"SELECT title_key, any_value(title) AS title FROM documents WHERE {where} "
        f"AND kind IN (SELECT unnest(?::VARCHAR[])) GROUP BY title_key ORDER BY title_key",
        [*(f"%{word}%" for word in words), list(DRAFT_KINDS)],
    )
    if len(rows) == 1:
        return str(rows[0]["title_key"])
    if rows:
        exact = [row for row in rows if row["title_key"] == " ".join(words)]
        if len(exact) == 1:
            return str(exact[0]["title_key"])
        raise AmbiguousQuery(query, [str(row["title"]) for row in rows[:15]])
    titles = [
        str(row["title"])
        for row in store.rows("SELECT DISTINCT title FROM documents WHERE title IS NOT NULL")
    ]
    close = [match for match, _, _ in process.extract(query, titles, limit=5)]
    raise NotFound(f"a resolution titled like {query!r}", close)


def session_positions(store: Store, key: str) -> dict[int, SessionPosition]:
    """Every session in which a text with this title key exists, with its positions."""
    documents = store.rows(
        "SELECT symbol, kind, regular_session, title, date FROM documents "
        "WHERE title_key = ? AND regular_session IS NOT NULL "
        "AND kind IN (SELECT unnest(?::VARCHAR[])) ORDER BY date, symbol",
        [key, list(DRAFT_KINDS)],
    )
    by_session: dict[int, list[dict[str, Any]]] = {}
    for document in documents:
        by_session.setdefault(int(document["regular_session"]), []).append(document)
    return {
        session: _position(store, session, rows) for session, rows in sorted(by_session.items())
    }


def series_positions(store: Store, series: Series) -> dict[int, SessionPosition]:
    """Every session of a series with its positions, from the documents the series links and
    the recorded votes it holds for sessions of which no document is in the database."""
    positions: dict[int, SessionPosition] = {}
    for session in series.sessions:
        texts = series.texts_in(session)
        symbols = sorted({s for text in texts if not text.roll_call for s in text.symbols})
        voted = sorted({s for text in texts if text.roll_call for s in text.symbols})
        documents = store.rows(
            "SELECT coalesce(symbol, record_id) AS symbol, any_value(kind) AS kind, "
            "any_value(title) AS title, min(date) AS date FROM documents "
            "WHERE coalesce(symbol, record_id) IN (SELECT unnest(?::VARCHAR[])) "
            "AND kind IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1 ORDER BY date, symbol",
            [symbols, list(DRAFT_KINDS)],
        )
        if documents:
            positions[session] = _position(store, session, documents, voted)
        elif voted:
            positions[session] = _voted_position(store, series, session, voted[0])
    return positions


def _voted_position(store: Store, series: Series, session: int, resolution: str) -> SessionPosition:
    """A session known only from the recorded vote on its resolution: no draft, no sponsors."""
    title = next(t.title for t in series.texts_in(session) if resolution in t.symbols)
    position = SessionPosition(session, title, None, resolution, None)
    _add_adoption(store, position, resolution)
    return position


def _position(
    store: Store, session: int, documents: list[dict[str, Any]], voted: list[str] | None = None
) -> SessionPosition:
    """A session's position from its documents; `voted` are resolutions of the session the
    series knows from a roll call, the resolution when no document names one."""
    symbols = list(dict.fromkeys(str(d["symbol"]) for d in documents))
    documents = list({str(d["symbol"]): d for d in documents}.values())
    draft, resolution = _final_draft(store, symbols, documents)
    resolution = resolution or (voted[0] if voted else None)
    position = SessionPosition(session, str(documents[-1]["title"]), draft, resolution, None)
    if draft:
        _add_committee_action(store, position, draft)
        for row in store.rows(
            "SELECT state_code, role, listed_in FROM sponsorships WHERE draft_symbol = ?", [draft]
        ):
            role = SponsorRole(row["role"])
            current = position.sponsors.get(row["state_code"])
            if current is None or _ROLE_RANK[role] > _ROLE_RANK[current[0]]:
                position.sponsors[row["state_code"]] = (role, str(row["listed_in"]))
    if resolution:
        _add_adoption(store, position, resolution)
    return position


def _final_draft(
    store: Store, symbols: list[str], documents: list[dict[str, Any]]
) -> tuple[str | None, str | None]:
    """The draft the Library links to the adopted resolution, else the latest revision."""
    links = store.rows(
        "SELECT from_symbol, to_symbol FROM links WHERE relation = 'resolution' "
        "AND from_symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY from_symbol DESC",
        [symbols],
    )
    resolutions = [
        s
        for s, d in zip(symbols, documents, strict=True)
        if d["kind"] in (str(DocumentKind.RESOLUTION), str(DocumentKind.VOTING_RECORD))
    ]
    if links:
        return str(links[0]["from_symbol"]), str(links[0]["to_symbol"])
    drafts = [s for s in symbols if s not in resolutions]
    draft = max(drafts, key=_revision_order) if drafts else None
    return draft, resolutions[0] if resolutions else None


def _revision_order(symbol: str) -> tuple[int, str]:
    try:
        parts = parse_symbol(symbol).parts
    except SymbolError:  # a text without its symbol, keyed "text:…"
        return (0, symbol)
    revision = [part for part in parts if part.startswith("Rev.")]
    return (int(revision[-1][4:]) if revision else 0, symbol)


def _add_committee_action(store: Store, position: SessionPosition, draft: str) -> None:
    """The committee's own adoption of the draft, kept apart from the plenary's."""
    adoption = store.rows(
        "SELECT method FROM adoptions WHERE symbol = ? AND body <> 'plenary' LIMIT 1", [draft]
    )
    position.committee_adoption = str(adoption[0]["method"]) if adoption else None
    for row in store.rows(
        "SELECT state_code, vote, coalesce((SELECT max(s.listed_in) FROM sponsorships s "
        "WHERE s.record_id = v.record_id AND s.source_kind = v.source_kind), ?) AS source "
        "FROM votes v WHERE symbol = ?",
        [draft, draft],
    ):
        position.committee_votes[row["state_code"]] = (str(row["vote"]), str(row["source"]))


def _add_adoption(store: Store, position: SessionPosition, resolution: str) -> None:
    """The plenary's adoption and recorded vote on the whole text, from whichever source."""
    adoption = store.rows(
        "SELECT method FROM adoptions WHERE symbol = ? AND body = 'plenary' LIMIT 1", [resolution]
    )
    position.adoption = str(adoption[0]["method"]) if adoption else None
    votes = _recorded_vote(store, resolution) or store.rows(
        "SELECT state_code, vote FROM votes WHERE symbol = ?", [resolution]
    )
    if votes and position.adoption is None:
        position.adoption = str(AdoptionMethod.RECORDED_VOTE)
    for row in votes:
        position.votes[row["state_code"]] = (str(row["vote"]), resolution)


def _recorded_vote(store: Store, resolution: str) -> list[dict[str, Any]]:
    """Each state's vote in the canonical roll call on the whole resolution.

    Amendment and paragraph votes share the resolution's symbol but are not a vote on the
    text. The roll call read is the one `canonical_roll_calls` keeps, by the same source
    ranking; it is picked from `all_roll_calls` directly, which gives the same row (the best
    ranked is always kept) without the view's window over every roll call (half the time).
    When `unvotes` dates a vote differently from the Library, both stay canonical and the
    Library's is read.
    """
    return store.rows(
        "WITH chosen AS (SELECT source_kind, record_id FROM all_roll_calls "
        "WHERE symbol = ? AND NOT amendment AND NOT paragraph ORDER BY CASE source_kind "
        "WHEN 'undl-voting-csv' THEN 0 WHEN 'undl-marcxml' THEN 1 ELSE 2 END, date DESC, "
        "record_id LIMIT 1) SELECT v.state_code, v.vote FROM all_roll_call_votes v "
        "JOIN chosen USING (source_kind, record_id)",
        [resolution],
    )


def history(store: Store, query: str, country: str | None = None) -> list[HistoryRow]:
    """One row per session (and state) in which a text of the query's series exists.

    The query is a series id or name, a document symbol, or words from the titles.
    """
    only = countries.resolve(country).code if country else None
    series = find_series(store, query)
    rows: list[HistoryRow] = []
    for position in series_positions(store, series).values():
        codes = [only] if only else _states_of(position)
        rows.extend(
            replace(_history_row(position, code), series_id=series.id, series=series.name)
            for code in codes
        )
    return rows


def _states_of(position: SessionPosition) -> list[str]:
    members = {state.code for state in countries.members_in_session(position.session)}
    return sorted(members | set(position.sponsors) | set(position.votes))


def _history_row(position: SessionPosition, code: str) -> HistoryRow:
    role, listed_in = position.sponsors.get(code, (None, None))
    vote = position.votes.get(code)
    committee = position.committee_votes.get(code)
    # A state missing from a sponsor list is shown "none" on the strength of that list's draft.
    listed = listed_in or (position.draft if position.has_sponsor_list else None)
    sources = [s for s in (listed, vote[1] if vote else None) if s]
    if committee:
        sources.append(committee[1])
    fallback = position.draft or position.resolution
    if not sources and fallback:
        sources.append(fallback)
    if position.adoption == AdoptionMethod.WITHOUT_VOTE and position.resolution:
        sources.append(position.resolution)
    year = year_of_session(position.session)
    return HistoryRow(
        session=position.session,
        year=year,
        state_code=code,
        state=countries.state(code).name_on(date(year, 12, 31)),
        title=position.title,
        draft=position.draft,
        resolution=position.resolution,
        sponsor_role=str(role) if role else (NONE if position.has_sponsor_list else UNKNOWN),
        vote=vote[0] if vote else _consensus(position),
        sources=tuple(dict.fromkeys(sources)),
        committee_vote=committee[0] if committee else _committee_consensus(position),
    )


def _committee_consensus(position: SessionPosition) -> str | None:
    without = str(AdoptionMethod.WITHOUT_VOTE)
    return without if position.committee_adoption == without else None


def _consensus(position: SessionPosition) -> str | None:
    """Adopted without a vote: no state voted, and the cell says so instead of staying empty."""
    return (
        str(AdoptionMethod.WITHOUT_VOTE)
        if position.adoption == AdoptionMethod.WITHOUT_VOTE
        else None
    )


def history_frame(rows: list[HistoryRow], *, wide: bool = False) -> pd.DataFrame:
    """History as a DataFrame; wide pivots states × sessions with role and vote in each cell."""
    frame = pd.DataFrame([row.to_dict() for row in rows])
    if frame.empty:
        return frame
    if not wide:
        frame["sources"] = frame["sources"].map("; ".join)
        return frame
    frame["cell"] = (
        frame["sponsor_role"].map(_ROLE_LETTER)
        + "/"
        + frame["vote"].fillna("?").map(lambda vote: _VOTE_LETTER.get(vote, vote))
    )
    return frame.pivot_table(index="state", columns="session", values="cell", aggfunc="first")


_ROLE_LETTER = {"original": "O", "additional": "A", "withdrawn": "W", NONE: "-", UNKNOWN: "?"}
_VOTE_LETTER = {str(AdoptionMethod.WITHOUT_VOTE): "nv", str(AdoptionMethod.RECORDED_VOTE): "?"}
