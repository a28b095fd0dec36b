"""Where the catalogue (MARCXML) and the document text disagree on a draft's sponsors.

Both are kept in the database; this lists the disagreements so a person can look. A text
only speaks for the part of the list it prints: a draft's first page names the original
sponsors, a committee report names both the original sponsors ("submitted by") and the
additional ones ("joined in sponsoring"). A state the text's part of the list lacks, or a
state with another role, is a conflict; one the text could not have named is not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ungawatch import countries
from ungawatch.sessions import year_of_session
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

_ROWS = """
SELECT s.draft_symbol, s.source_kind, s.state_code, s.role, s.listed_in, s.page,
       s.confidence, r.location, d.regular_session
FROM sponsorships s
JOIN source_records r USING (source_kind, record_id)
LEFT JOIN (SELECT DISTINCT symbol, regular_session FROM documents) d
       ON d.symbol = s.draft_symbol
WHERE s.role IN ('original', 'additional') AND s.draft_symbol IN (
    SELECT draft_symbol FROM sponsorships WHERE source_kind = ?
    INTERSECT SELECT draft_symbol FROM sponsorships WHERE source_kind = ?)
ORDER BY s.draft_symbol, s.state_code
"""


def sponsor_conflicts(store: Store) -> list[dict[str, Any]]:
    """One dict per (draft, state) on which the catalogue and the text disagree."""
    rows = store.rows(_ROWS, [SourceKind.UNDL_MARCXML, SourceKind.UN_DOCUMENT_TEXT])
    by_draft: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_draft.setdefault(str(row["draft_symbol"]), []).append(row)
    found: list[dict[str, Any]] = []
    for draft, facts in by_draft.items():
        found.extend(_conflicts(draft, facts))
    return found


def _conflicts(draft: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    catalogue = {r["state_code"]: r for r in facts if r["source_kind"] == SourceKind.UNDL_MARCXML}
    text = {r["state_code"]: r for r in facts if r["source_kind"] == SourceKind.UN_DOCUMENT_TEXT}
    text_roles = {r["role"] for r in text.values()}
    found = []
    for code in sorted(set(catalogue) | set(text)):
        said, read = catalogue.get(code), text.get(code)
        if said and read and said["role"] == read["role"]:
            continue
        if said and not read and said["role"] not in text_roles:
            continue  # the text does not print that part of the list
        found.append(_conflict(draft, code, said, read))
    return found


def _conflict(
    draft: str, code: str, said: dict[str, Any] | None, read: dict[str, Any] | None
) -> dict[str, Any]:
    session = (said or read or {}).get("regular_session")
    day = date(year_of_session(int(session)), 12, 31) if session else date.today()
    name = countries.state(code).name_on(day)
    metadata_role = said["role"] if said else None
    text_role = read["role"] if read else None
    return {
        "draft": draft,
        "state_code": code,
        "state": name,
        "metadata": metadata_role,
        "metadata_source": said["listed_in"] if said else None,
        "text": text_role,
        "text_source": read["listed_in"] if read else None,
        "text_file": read["location"] if read else None,
        "text_page": read["page"] if read else None,
        "text_confidence": read["confidence"] if read else None,
        "message": (
            f"{draft}: the catalogue says {name} is {metadata_role or 'not a sponsor'}, "
            f"the text says {text_role or 'not a sponsor'}; both are kept"
        ),
    }
