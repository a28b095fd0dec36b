"""Every place where two sources disagree, in one list: sponsors (catalogue vs document text),
recorded votes (a state's vote or the totals differing between vote sources) and adoptions
(the method or counts two records give, or the sources one Council record gathers)."""

from __future__ import annotations

from typing import Any

from ungawatch.analysis.adoption_conflicts import adoption_conflicts
from ungawatch.analysis.sponsor_conflicts import sponsor_conflicts
from ungawatch.analysis.vote_conflicts import vote_conflicts
from ungawatch.store import Store

KINDS = ("sponsors", "votes", "adoptions")


def conflicts(store: Store, kinds: tuple[str, ...] = KINDS) -> list[dict[str, Any]]:
    """Disagreements as dicts with `kind`, `symbol`, `state_code` and a `message` for people;
    the other keys say which source said what."""
    found: list[dict[str, Any]] = []
    if "sponsors" in kinds:
        found.extend(
            {"kind": "sponsor", "symbol": row["draft"], **row} for row in sponsor_conflicts(store)
        )
    if "votes" in kinds:
        found.extend({**row, "message": _vote_message(row)} for row in vote_conflicts(store))
    if "adoptions" in kinds:
        found.extend(adoption_conflicts(store))
    return found


def _vote_message(row: dict[str, Any]) -> str:
    what = f"{row['state_code']}'s vote" if row["kind"] == "vote" else "the totals"
    return (
        f"{row['symbol']} ({row['date']}): {what} differ: {row['source_a']} record "
        f"{row['record_a']} says {row['says_a'] or 'nothing'}, {row['source_b']} record "
        f"{row['record_b']} says {row['says_b'] or 'nothing'}; both are kept"
    )
