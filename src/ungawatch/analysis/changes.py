"""What changed in a session: who joined or left a recurring text's sponsors, who voted otherwise.

Each recurring text (same normalized title) in the session is compared with the latest earlier
session in the database that has the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ungawatch import countries
from ungawatch.analysis.positions import SessionPosition, find_title_key, session_positions
from ungawatch.store import Store
from ungawatch.symbols import year_of_session

JOINED = "joined the sponsors"
LEFT = "left the sponsors"
VOTE_CHANGED = "vote changed"


@dataclass(frozen=True, slots=True)
class Change:
    session: int
    previous_session: int
    title: str
    state_code: str
    state: str
    change: str
    detail: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__} | {
            "sources": list(self.sources)
        }


def changes(
    store: Store, session: int, *, country: str | None = None, query: str | None = None
) -> list[Change]:
    """Sponsor and vote changes in a session against each text's previous session."""
    only = countries.resolve(country).code if country else None
    found: list[Change] = []
    for key in _keys(store, session, query):
        positions = session_positions(store, key)
        earlier = [s for s in positions if s < session]
        if session not in positions or not earlier:
            continue
        found.extend(_compare(positions[max(earlier)], positions[session], only))
    return found


def _keys(store: Store, session: int, query: str | None) -> list[str]:
    if query:
        return [find_title_key(store, query)]
    return [
        str(row["title_key"])
        for row in store.rows(
            "SELECT DISTINCT title_key FROM documents WHERE regular_session = ? "
            "AND title_key IS NOT NULL ORDER BY title_key",
            [session],
        )
    ]


def _compare(before: SessionPosition, now: SessionPosition, only: str | None) -> list[Change]:
    codes = sorted(set(before.sponsors) | set(now.sponsors) | set(before.votes) | set(now.votes))
    found = []
    for code in codes if only is None else [only]:
        was, is_ = before.is_sponsor(code), now.is_sponsor(code)
        if is_ and not was:
            found.append(
                _change(
                    before, now, code, JOINED, now.sponsors[code][0].value, (now.sponsors[code][1],)
                )
            )
        if was and not is_:
            role = now.sponsors.get(code, (None, ""))[0]
            detail = f"was {before.sponsors[code][0].value}, now {role.value if role else 'none'}"
            found.append(
                _change(
                    before,
                    now,
                    code,
                    LEFT,
                    detail,
                    tuple(filter(None, (before.sponsors[code][1], now.draft))),
                )
            )
        old_vote, new_vote = before.votes.get(code), now.votes.get(code)
        if old_vote and new_vote and old_vote[0] != new_vote[0]:
            found.append(
                _change(
                    before,
                    now,
                    code,
                    VOTE_CHANGED,
                    f"{old_vote[0]} -> {new_vote[0]}",
                    (old_vote[1], new_vote[1]),
                )
            )
    return found


def _change(
    before: SessionPosition,
    now: SessionPosition,
    code: str,
    change: str,
    detail: str,
    sources: tuple[str, ...],
) -> Change:
    name = countries.state(code).name_on(date(year_of_session(now.session), 12, 31))
    return Change(now.session, before.session, now.title, code, name, change, detail, sources)
