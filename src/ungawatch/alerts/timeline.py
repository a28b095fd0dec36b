"""Sponsorship over time within one session: the list as issued, revised, then grown.

A session's text is issued with its original sponsors (the draft's first page); a revision
restates the list; additional sponsors are listed later (in the committee report for a
committee draft, an addendum for a plenary draft) and withdrawals are recorded there too.
Each step is dated by its document when the database holds that document, and says when
this database first held it (`sponsor_timeline`, kept by `alerts.derive`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ungawatch.store import Store
from ungawatch.vocabulary import SponsorRole

_STEPS = """
SELECT sp.draft_symbol AS draft, coalesce(sp.listed_in, sp.draft_symbol) AS document,
       sp.role, count(DISTINCT sp.state_code) AS count,
       (SELECT min(d.date) FROM documents d WHERE d.symbol = sp.draft_symbol) AS draft_date,
       (SELECT min(d.date) FROM documents d
        WHERE d.symbol = coalesce(sp.listed_in, sp.draft_symbol)) AS date,
       (SELECT min(t.first_seen) FROM sponsor_timeline t WHERE t.draft = sp.draft_symbol
        AND t.listed_in = coalesce(sp.listed_in, sp.draft_symbol) AND t.role = sp.role)
        AS first_seen
FROM sponsorships sp
WHERE sp.draft_symbol IN (SELECT symbol FROM series_documents
                          WHERE series_id = ? AND session = ? AND NOT roll_call)
GROUP BY sp.draft_symbol, coalesce(sp.listed_in, sp.draft_symbol), sp.role
"""


@dataclass(frozen=True, slots=True)
class Step:
    """One document's change to the list: `count` states, `total` sponsors after it."""

    document: str
    draft: str
    kind: str  # issued | additional | withdrawn
    count: int
    total: int
    date: str | None
    first_seen: str | None


def sponsor_steps(store: Store, series_id: str, session: int) -> list[Step]:
    """The session's sponsor list step by step: each draft as issued (oldest first), then the
    documents adding or withdrawing sponsors, with the running total."""
    rows = store.rows(_STEPS, [series_id, session])
    drafts = sorted(
        {(str(r["draft_date"] or ""), str(r["draft"])) for r in rows},
    )
    steps: list[Step] = []
    for _, draft in drafts:
        mine = [r for r in rows if r["draft"] == draft]
        total = sum(r["count"] for r in mine if r["role"] == SponsorRole.ORIGINAL.value)
        issued = next((r for r in mine if r["role"] == SponsorRole.ORIGINAL.value), None)
        if issued is not None:
            steps.append(_step(issued, "issued", total))
        later = [r for r in mine if r["role"] != SponsorRole.ORIGINAL.value]
        for row in sorted(later, key=lambda r: (str(r["date"] or "~"), str(r["document"]))):
            withdrawn = row["role"] == SponsorRole.WITHDRAWN.value
            total += -row["count"] if withdrawn else row["count"]
            steps.append(_step(row, "withdrawn" if withdrawn else "additional", total))
    return steps


def _step(row: dict[str, object], kind: str, total: int) -> Step:
    return Step(
        document=str(row["document"]),
        draft=str(row["draft"]),
        kind=kind,
        count=int(str(row["count"])),
        total=total,
        date=str(row["date"]) if row["date"] is not None else None,
        first_seen=str(row["first_seen"]) if row["first_seen"] is not None else None,
    )
