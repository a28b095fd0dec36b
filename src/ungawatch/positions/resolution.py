"""One resolution, whichever of its symbols the user knows: drafts, sponsors, adoption, votes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import process

from ungawatch import countries
from ungawatch.errors import NotFound
from ungawatch.sessions import year_of_session
from ungawatch.store import Store
from ungawatch.symbols import Symbol, parse_symbol
from ungawatch.vocabulary import DocumentKind

_DRAFTS = (
    str(DocumentKind.DRAFT_RESOLUTION),
    str(DocumentKind.REVISED_DRAFT_RESOLUTION),
    str(DocumentKind.DRAFT_DECISION),
)


def resolution(store: Store, text: str) -> dict[str, Any]:
    """Everything the database knows about a resolution or draft, with the document behind each.

    Accepts the resolution symbol or any of its drafts' symbols (original or revised); the
    sponsors shown are those of the final draft, the one the Library links to the resolution.
    """
    symbol = parse_symbol(text)
    family = _family(store, symbol)
    if not family.documents:
        raise NotFound(f"document {symbol}", close_symbols(store, str(symbol)))
    main = _main_document(family.documents, family.final_draft)
    session = main["regular_session"]
    year = year_of_session(session) if session is not None else None
    day = date(year, 12, 31) if year else date.today()
    return {
        "symbol": str(symbol),
        "resolution": family.resolution,
        "draft": family.final_draft,
        "title": main["title"],
        "session": main["session"],
        "year": year,
        "body": main["body"],
        "agenda": list(main["agenda"] or []),
        "date": main["date"],
        "submitted_by": main["submitted_by"],
        "documents": family.documents,
        "related": _related(store, family.symbols),
        "adoption": _action(store, family.resolution),
        "committee_action": _action(store, family.final_draft),
        "sponsors": _sponsors(store, family.final_draft, day),
        "votes": _votes(store, family.resolution, day),
        "committee_votes": _votes(store, family.final_draft, day),
        "notes": _notes(store, family.symbols),
    }


def close_symbols(store: Store, symbol: str) -> list[str]:
    """The stored symbols nearest to one the database lacks, for the "did you mean" of errors."""
    symbols = [
        str(row["symbol"])
        for row in store.rows("SELECT DISTINCT symbol FROM documents WHERE symbol IS NOT NULL")
    ]
    return [match for match, _, _ in process.extract(symbol, symbols, limit=5)]


@dataclass
class _Family:
    resolution: str | None
    final_draft: str | None
    documents: list[dict[str, Any]]

    @property
    def symbols(self) -> list[str]:
        return [str(document["symbol"]) for document in self.documents]


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
    documents = store.rows(
        "SELECT symbol, kind, any_value(kind_label) AS kind_label, any_value(title) AS title, "
        "any_value(body) AS body, any_value(session) AS session, "
        "any_value(regular_session) AS regular_session, CAST(min(date) AS VARCHAR) AS date, "
        "any_value(agenda) AS agenda, any_value(submitted_by) AS submitted_by, "
        "arg_min(record_id, source_kind != 'undl-marcxml') AS undl_record, "
        "list(record_id ORDER BY record_id) AS records "
        "FROM documents WHERE symbol IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY symbol, kind ORDER BY min(date), symbol",
        [sorted(members)],
    )
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


def _latest_draft(documents: list[dict[str, Any]]) -> str | None:
    drafts = [d for d in documents if d["kind"] in _DRAFTS]
    return str(drafts[-1]["symbol"]) if drafts else None


def _main_document(documents: list[dict[str, Any]], final: str | None) -> dict[str, Any]:
    for document in documents:
        if document["symbol"] == final:
            return document
    return documents[-1]


def _related(store: Store, symbols: list[str]) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT DISTINCT from_symbol, to_symbol, relation FROM links "
        "WHERE from_symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY from_symbol, to_symbol",
        [symbols],
    )


def _action(store: Store, symbol: str | None) -> dict[str, Any] | None:
    """The latest recorded action on a text: plenary adoption of a resolution, or committee
    action on a draft (from the committee report)."""
    if not symbol:
        return None
    rows = store.rows(
        "SELECT body, CAST(date AS VARCHAR) AS date, method, meeting, yes, no, abstain, "
        "non_voting, total, note, record_id AS undl_record FROM adoptions WHERE symbol = ? "
        "ORDER BY date",
        [symbol],
    )
    return rows[-1] if rows else None


# One row per state and role, however many sources state it; the catalogue record first.
_SPONSORS_SQL = """
SELECT state_code, role,
       arg_min(listed_in, source_kind != 'undl-marcxml') AS listed_in,
       arg_min(record_id, source_kind != 'undl-marcxml') AS undl_record,
       arg_min(field, source_kind != 'undl-marcxml') AS field,
       arg_min(printed_name, source_kind != 'undl-marcxml') AS printed_name,
       max(acting_for) AS acting_for,
       list({'listed_in': listed_in, 'field': field, 'source_kind': source_kind,
             'record': record_id, 'printed_name': printed_name}
            ORDER BY source_kind != 'undl-marcxml', listed_in) AS sources
FROM sponsorships WHERE draft_symbol = ? GROUP BY state_code, role
"""


def _sponsors(store: Store, draft: str | None, day: date) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {"original": [], "additional": [], "withdrawn": []}
    if not draft:
        return grouped
    for row in store.rows(_SPONSORS_SQL, [draft]):
        row["state"] = countries.state(row["state_code"]).name_on(day)
        grouped[row.pop("role")].append(row)
    for rows in grouped.values():
        rows.sort(key=lambda row: countries.normalize_name(row["state"]))
    return grouped


def _votes(store: Store, symbol: str | None, day: date) -> list[dict[str, Any]]:
    """Each state's vote on a text; `votes_seen` lists every value the sources give."""
    if not symbol:
        return []
    rows = store.rows(
        "SELECT state_code, arg_min(vote, source_kind != 'undl-marcxml') AS vote, "
        "list(DISTINCT vote) AS votes_seen, "
        "arg_min(record_id, source_kind != 'undl-marcxml') AS undl_record "
        "FROM votes WHERE symbol = ? GROUP BY state_code",
        [symbol],
    )
    for row in rows:
        row["state"] = countries.state(row["state_code"]).name_on(day)
    return sorted(rows, key=lambda row: countries.normalize_name(row["state"]))


def _notes(store: Store, symbols: list[str]) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT symbol, field, message, record_id AS undl_record FROM record_notes "
        "WHERE symbol IN (SELECT unnest(?::VARCHAR[])) ORDER BY symbol, field",
        [symbols],
    )
