"""Tidy exports of what the database holds, as Parquet or CSV, with a data dictionary.

One file per table (roll_calls, votes, sponsorships, documents, states) and
`data_dictionary.csv` naming every column, its type and meaning, so a researcher can load the
data in R or pandas without reading this code. Roll calls and votes come from every source,
each row with its `source_kind` and `record_id`; `canonical` marks the one row per recorded
vote that the analytics count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from ungawatch.countries import all_states
from ungawatch.errors import UngawatchError
from ungawatch.store import Store

ExportFormat = Literal["parquet", "csv"]

_QUERIES = {
    "roll_calls": (
        "SELECT a.*, c.record_id IS NOT NULL AS canonical FROM all_roll_calls a "
        "LEFT JOIN canonical_roll_calls c USING (source_kind, record_id) "
        "ORDER BY a.date, a.source_kind, a.record_id"
    ),
    "votes": (
        "SELECT v.source_kind, v.record_id, r.symbol, r.date, r.session, r.body, v.state_code, "
        "v.vote "
        "FROM all_roll_call_votes v JOIN all_roll_calls r USING (source_kind, record_id) "
        "ORDER BY r.date, v.source_kind, v.record_id, v.state_code"
    ),
    "sponsorships": "SELECT * FROM sponsorships ORDER BY draft_symbol, role, state_code",
    "documents": "SELECT * FROM documents ORDER BY symbol, source_kind, record_id",
    "states": "SELECT * FROM _export_states ORDER BY code",
}

DESCRIPTIONS = {
    "source_kind": "where the row came from: undl-voting-csv, undl-marcxml, un-document-text, "
    "ohchr-votes, hrc-record, unvotes or un-press-release",
    "record_id": "the source's own id: UN Digital Library record id, unvotes rcid, OHCHR "
    "name, or a keyed id (text:, hrc:, press:)",
    "body": "who voted or acted: plenary, a Main Committee (C.1-C.6) or HRC (the Human Rights "
    "Council, whose sessions are its own: HRC session 52 = 2023)",
    "symbol": "normalized UN document symbol (A/RES/78/220); for votes, the resolution",
    "date": "date of the vote or of the document",
    "session": "regular session of the body: the General Assembly's (78 = 2023-24), or the "
    "Council's when body is HRC",
    "amendment": "the vote was on an amendment (unvotes flag)",
    "paragraph": "the vote was on a paragraph or part, not the whole text (unvotes flag)",
    "important": "the US State Department listed it as an important vote (unvotes flag)",
    "yes": "printed number of Yes votes",
    "no": "printed number of No votes",
    "abstain": "printed number of abstentions",
    "non_voting": "printed number of members not voting",
    "canonical": "the row analytics count for this recorded vote (one per vote across sources)",
    "state_code": "registry code of the state: ISO 3166 alpha-3, or SUN, YUG, CSK, DDR ...",
    "vote": "Y yes, N no, A abstain, X present or member but not voting",
    "draft_symbol": "the draft the sponsorship is on",
    "role": "original, additional, co_sponsor (a Council list not saying when it joined) or "
    "withdrawn sponsor",
    "acting_for": "group the state sponsored on behalf of (G77 ...), never expanded",
    "code": "registry code of the state",
    "name": "current official UN short name",
    "kind": "member, observer or organization (states); document kind (documents)",
    "admitted": "first day of UN membership",
    "ended": "first day the membership no longer existed",
}


def export(store: Store, out: Path, fmt: ExportFormat = "parquet") -> list[Path]:
    """Write each table and the data dictionary under `out`; return the files written."""
    if fmt not in ("parquet", "csv"):
        raise UngawatchError(f"export format must be parquet or csv, not {fmt!r}")
    out.mkdir(parents=True, exist_ok=True)
    store.connection.register("_export_states", _states_frame())
    written, dictionary = [], []
    try:
        for table, query in _QUERIES.items():
            target = out / f"{table}.{fmt}"
            option = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            store.execute(f"COPY ({query}) TO '{_quoted(target)}' ({option})")
            written.append(target)
            dictionary.extend(_describe(store, table, query))
    finally:
        store.connection.unregister("_export_states")
    target = out / "data_dictionary.csv"
    pd.DataFrame(dictionary).to_csv(target, index=False)
    return [*written, target]


def _describe(store: Store, table: str, query: str) -> list[dict[str, str]]:
    return [
        {
            "table": table,
            "column": row["column_name"],
            "type": row["column_type"],
            "description": DESCRIPTIONS.get(row["column_name"], ""),
        }
        for row in store.rows(f"DESCRIBE {query}")
    ]


def _states_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": entry.code,
                "iso2": entry.iso2,
                "name": entry.name,
                "kind": entry.kind,
                "admitted": entry.admitted,
                "ended": entry.ended,
                "successor": entry.successor,
            }
            for entry in all_states()
        ]
    )


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
