"""The Human Rights Council's members by session, derived from its recorded votes.

The General Assembly elects the Council's 47 members for three-year terms; terms began on 19
June until 2012 and on 1 January since, so membership changes within a calendar year in the
early years, never within a regular session. A recorded vote of the Council lists every member
of the day, non-voting ones included, so a session's members are the states its recorded votes
list. Only roll calls that list 47 states are read (a list from a news page names only some);
when roll calls of one session list different sets (the OHCHR scrape files a few votes under
the wrong members), the set most of them list is kept, with the first roll call listing it as
the source. A session with no such roll call has no stored membership: positions then say
`unknown`, never `not_member`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ungawatch.store import Store
from ungawatch.vocabulary import Body, precedence_sql

COUNCIL_SIZE = 47

_LISTS = f"""
SELECT c.source_kind, c.record_id, c.session, c.date,
       list(v.state_code ORDER BY v.state_code) AS members
FROM canonical_roll_calls c
JOIN all_roll_call_votes v ON v.source_kind = c.source_kind AND v.record_id = c.record_id
WHERE c.body = '{Body.HRC.value}' AND c.session IS NOT NULL
GROUP BY c.source_kind, c.record_id, c.session, c.date
HAVING count(DISTINCT v.state_code) = {COUNCIL_SIZE}
ORDER BY c.session, {precedence_sql("c.source_kind")}, c.date, c.record_id
"""


def council_members(store: Store) -> dict[int, tuple[frozenset[str], str, str]]:
    """Per session: the member set, and the source kind and record id of a roll call listing it."""
    by_session: dict[int, list[dict[str, Any]]] = {}
    for row in store.rows(_LISTS):
        by_session.setdefault(int(row["session"]), []).append(row)
    found = {}
    for session, rows in by_session.items():
        sets = Counter(frozenset(row["members"]) for row in rows)
        chosen = max(sets, key=lambda members: sets[members])
        source = next(row for row in rows if frozenset(row["members"]) == chosen)
        found[session] = (chosen, str(source["source_kind"]), str(source["record_id"]))
    return found


def refresh_council_members(store: Store) -> set[int]:
    """Rewrite `council_members` where the recorded votes now say otherwise; the sessions
    whose membership changed (so their positions are recomputed)."""
    derived = council_members(store)
    stored: dict[int, tuple[frozenset[str], str, str]] = {}
    rows = store.rows(
        "SELECT session, list(state_code) AS members, any_value(source_kind) AS source_kind, "
        "any_value(record_id) AS record_id FROM council_members GROUP BY session"
    )
    for row in rows:
        stored[int(row["session"])] = (
            frozenset(row["members"]),
            str(row["source_kind"]),
            str(row["record_id"]),
        )
    changed = {s for s in derived.keys() | stored.keys() if derived.get(s) != stored.get(s)}
    if not changed:
        return set()
    store.write(
        "DELETE FROM council_members WHERE session IN (SELECT unnest(?::INTEGER[]))",
        [sorted(changed)],
    )
    fresh = [
        {"session": s, "state_code": code, "source_kind": kind, "record_id": record}
        for s in sorted(changed & derived.keys())
        for members, kind, record in [derived[s]]
        for code in sorted(members)
    ]
    store.insert_frame("council_members", pd.DataFrame(fresh))
    return changed
