"""What changed, state by state, along a series: joined, left, returned, streaks, votes.

Each session of a series is compared with the previous session *in the database* that has
the series' text. Sessions missing from the database are never read as "not a sponsor": a
sentence says which sessions are unknown ("the sponsor lists of sessions 63–77 are not in the
database"), and a streak only counts sessions that follow each other without a gap. Likewise
a session known only from its recorded vote (no sponsor list in the database) takes part in
vote changes but not in sponsor changes: sponsorship is compared between sessions whose
sponsor lists we have.

Change kinds (`change`, as before): joined the sponsors, left the sponsors, vote changed;
with `streaks=True` also "consecutive sessions". The `event` field says more: `first_ever`
(never a sponsor in an earlier session in the database), `returned` ("first time since
session 73 / 2018"), `joined`, `left`, `stopped` ("did not sponsor after 5 consecutive
sessions"), `streak` ("12th consecutive session"), `vote_changed`, and `gap` (no document in
the database between two sessions, given when one state is asked for).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ungawatch import countries
from ungawatch.positions.history import SessionPosition, series_positions
from ungawatch.positions.series import Series, build_series, find_series
from ungawatch.sessions import year_of_session
from ungawatch.store import Store

JOINED = "joined the sponsors"
LEFT = "left the sponsors"
VOTE_CHANGED = "vote changed"
STREAK = "consecutive sessions"
GAP = "no document in the database"


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
    event: str = ""
    sentence: str = ""
    series_id: str | None = None
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__} | {
            "sources": list(self.sources)
        }


@dataclass(frozen=True, slots=True)
class _Track:
    """One series' positions in session order, with the state being described."""

    series: Series
    positions: list[SessionPosition]
    code: str
    name: str


def changes(
    store: Store,
    session: int | None = None,
    *,
    country: str | None = None,
    query: str | None = None,
    streaks: bool = False,
) -> list[Change]:
    """Changes of each series (or the one `query` names); only in `session` when given.

    Without a session every session of the series is narrated, streaks and gaps included.
    """
    only = countries.resolve(country).code if country else None
    chosen = [find_series(store, query)] if query else build_series(store)
    found: list[Change] = []
    for series in chosen:
        if session is not None and session not in series.sessions:
            continue
        positions = list(series_positions(store, series).values())
        for code in [only] if only else _codes(positions):
            track = _Track(series, positions, code, _name(code, positions[-1].session))
            found.extend(_events(track, session, streaks or session is None, only is not None))
    return found


def _codes(positions: list[SessionPosition]) -> list[str]:
    codes: set[str] = set()
    for position in positions:
        codes |= set(position.sponsors) | set(position.votes) | set(position.committee_votes)
    return sorted(codes)


def _name(code: str, session: int) -> str:
    return countries.state(code).name_on(date(year_of_session(session), 12, 31))


def _events(track: _Track, session: int | None, streaks: bool, gaps: bool) -> list[Change]:
    """Per session: a gap, then sponsor changes (between sessions with sponsor lists), then
    vote changes (between sessions in the database)."""
    found: list[tuple[int, int, Change]] = []
    for index in range(1, len(track.positions)):
        before, now = track.positions[index - 1], track.positions[index]
        if session is None or now.session == session:
            if gaps and now.session - before.session > 1:
                found.append((now.session, 0, _gap(track, before, now)))
            found.extend((now.session, 2, c) for c in _vote_events(track, before, now))
    listed = replace(track, positions=[p for p in track.positions if p.has_sponsor_list])
    for index in range(1, len(listed.positions)):
        now = listed.positions[index]
        if session is None or now.session == session:
            found.extend((now.session, 1, c) for c in _sponsor_events(listed, index, streaks))
    return [change for _, _, change in sorted(found, key=lambda item: item[:2])]


def _sponsor_events(track: _Track, index: int, streaks: bool) -> list[Change]:
    before, now = track.positions[index - 1], track.positions[index]
    was, is_ = before.is_sponsor(track.code), now.is_sponsor(track.code)
    if is_ and not was:
        return [_joined(track, index)]
    if was and not is_:
        return [_left(track, index)]
    run = _run(track.positions, index, track.code)
    if is_ and streaks and run >= 2:
        first = track.positions[index - run + 1].session
        role, listed_in = now.sponsors[track.code]
        sentence = (
            f"{track.name} sponsored {_quoted(track)} for the {_ordinal(run)} consecutive "
            f"session ({_span(first, now.session)}), as {_article(role.value)} sponsor "
            f"({listed_in})."
        )
        return [_change(track, before, now, STREAK, "streak", f"{run}", (listed_in,), sentence)]
    return []


def _joined(track: _Track, index: int) -> Change:
    before, now = track.positions[index - 1], track.positions[index]
    role, listed_in = now.sponsors[track.code]
    earlier = [p for p in track.positions[: index - 1] if p.is_sponsor(track.code)]
    head = (
        f"{track.name} sponsored {_quoted(track)} in {_session(now.session)} as "
        f"{_article(role.value)} sponsor ({listed_in})"
    )
    if earlier:
        last = earlier[-1]
        event = "returned"
        sentence = (
            f"{head}: the first time since {_session(last.session)} "
            f"({last.sponsors[track.code][1]}); not a sponsor in {_session(before.session)} "
            f"({before.draft or before.resolution})"
        )
    else:
        event = "first_ever"
        sentence = (
            f"{head}: the first time in the {index + 1} sessions of this series whose sponsor "
            f"list is in the database; not a sponsor in {_session(before.session)} "
            f"({before.draft or before.resolution})"
        )
    sentence += _unknown_between(track, earlier[-1].session if earlier else None, now) + "."
    sources = tuple(filter(None, (listed_in, before.draft)))
    return _change(track, before, now, JOINED, event, role.value, sources, sentence)


def _left(track: _Track, index: int) -> Change:
    before, now = track.positions[index - 1], track.positions[index]
    old_role, old_source = before.sponsors[track.code]
    role = now.sponsors.get(track.code, (None, ""))[0]
    detail = f"was {old_role.value}, now {role.value if role else 'none'}"
    run = _run(track.positions, index - 1, track.code)
    head = f"{track.name} did not sponsor {_quoted(track)} in {_session(now.session)} ({now.draft})"
    if run >= 2:
        first = track.positions[index - run].session
        sentence = (
            f"{head}, after {run} consecutive sessions as a sponsor "
            f"({_span(first, before.session)}; last {old_source})"
        )
        event = "stopped"
    else:
        sentence = f"{head}; it was {_article(old_role.value)} sponsor in " + (
            f"{_session(before.session)} ({old_source})"
        )
        event = "left"
    sentence += _unknown_between(track, before.session, now) + "."
    sources = tuple(filter(None, (old_source, now.draft)))
    return _change(track, before, now, LEFT, event, detail, sources, sentence)


def _vote_events(track: _Track, before: SessionPosition, now: SessionPosition) -> list[Change]:
    """A plenary vote against a plenary vote, else a committee vote against a committee vote."""
    for votes_before, votes_now, where in (
        (before.votes, now.votes, "in the plenary"),
        (before.committee_votes, now.committee_votes, "in committee"),
    ):
        old, new = votes_before.get(track.code), votes_now.get(track.code)
        if old and new:
            if old[0] == new[0]:
                return []
            sentence = (
                f"{track.name} voted {_VOTE[new[0]]} on {_quoted(track)} {where} in "
                f"{_session(now.session)} ({new[1]}), after voting {_VOTE[old[0]]} in "
                f"{_session(before.session)} ({old[1]})."
            )
            detail = f"{old[0]} -> {new[0]}"
            return [
                _change(
                    track,
                    before,
                    now,
                    VOTE_CHANGED,
                    "vote_changed",
                    detail,
                    (old[1], new[1]),
                    sentence,
                )
            ]
    return []


def _gap(track: _Track, before: SessionPosition, now: SessionPosition) -> Change:
    first, last = before.session + 1, now.session - 1
    sentence = (
        f"No document of {_quoted(track)} is in the database for {_span_words(first, last)}: "
        f"{track.name}'s position then is unknown, not absent."
    )
    sources = tuple(filter(None, (before.draft, now.draft)))
    return _change(track, before, now, GAP, "gap", f"{first}-{last}", sources, sentence)


def _run(positions: list[SessionPosition], index: int, code: str) -> int:
    """How many sessions up to `index` the state sponsored without a break or a data gap."""
    run = 0
    while index >= 0 and positions[index].is_sponsor(code):
        run += 1
        if index == 0 or positions[index - 1].session != positions[index].session - 1:
            break
        index -= 1
    return run


def _unknown_between(track: _Track, since: int | None, now: SessionPosition) -> str:
    """Say which sessions between `since` (or the series' first) and now lack a sponsor list
    (`track` holds the sessions that have one), whether or not their vote is known."""
    known = {p.session for p in track.positions}
    start = since if since is not None else track.positions[0].session
    missing = [s for s in range(start + 1, now.session) if s not in known]
    if not missing:
        return ""
    return (
        f"; the sponsor lists of {_span_words(missing[0], missing[-1])} are not in the database"
        + ("" if len(missing) == missing[-1] - missing[0] + 1 else " (in part)")
    )


def _change(
    track: _Track,
    before: SessionPosition,
    now: SessionPosition,
    change: str,
    event: str,
    detail: str,
    sources: tuple[str, ...],
    sentence: str,
) -> Change:
    return Change(
        session=now.session,
        previous_session=before.session,
        title=now.title,
        state_code=track.code,
        state=track.name,
        change=change,
        detail=detail,
        sources=tuple(dict.fromkeys(sources)),
        event=event,
        sentence=sentence,
        series_id=track.series.id,
        year=year_of_session(now.session),
    )


_VOTE = {"Y": "yes", "N": "no", "A": "to abstain", "X": "not at all"}


def _quoted(track: _Track) -> str:
    return f"“{track.series.name}”"


def _session(session: int) -> str:
    return f"session {session} ({year_of_session(session)})"


def _span(first: int, last: int) -> str:
    return f"sessions {first}–{last}, {year_of_session(first)}–{year_of_session(last)}"


def _span_words(first: int, last: int) -> str:
    if first == last:
        return _session(first)
    return _span(first, last)


def _article(role: str) -> str:
    return "an original" if role == "original" else f"an {role}"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
