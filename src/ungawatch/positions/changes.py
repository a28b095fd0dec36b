"""What changed, state by state, along a series: joined, left, returned, streaks, votes.

Each session of a series is compared with the previous session *on record*. Sessions whose
sponsor list is not loaded are never read as "not a sponsor": sponsorship is compared only
between sessions whose lists are loaded, and every sentence that reaches back over sessions
without a list names them ("no sponsor list is loaded for sessions 63–77 (2008–2022)"). A
streak only counts sessions that follow each other without a gap. Votes are compared body
with body: a plenary vote with the previous plenary vote, a committee vote with the previous
committee vote, never one with the other.

Change kinds (`change`): joined the sponsors, left the sponsors, vote changed, consecutive
sessions, no document in the database. `event` says more (`ChangeEvent`): first_ever, returned,
joined, left, stopped, streak, vote_changed, gap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ungawatch import countries
from ungawatch.errors import NotFound
from ungawatch.positions.history import (
    find_series,
    list_series,
    missing_sessions,
    sessions_of_series,
    state_name,
    with_twin,
)
from ungawatch.positions.records import SeriesInfo, SeriesSession
from ungawatch.sessions import label, year_of
from ungawatch.store import Store
from ungawatch.vocabulary import STATED_ROLES, ChangeEvent, SponsorRole, Track, VoteOption

JOINED = "joined the sponsors"
LEFT = "left the sponsors"
VOTE_CHANGED = "vote changed"
STREAK = "consecutive sessions"
GAP = "no document in the database"


@dataclass(frozen=True, slots=True)
class Change:
    """One change for one state on one series, told in a sentence with its documents.

    `unknown_sessions` are the sessions the comparison reaches over whose sponsor list (or,
    for a gap, any document) is not loaded: what the sentence qualifies its "since" with.
    """

    series_id: str
    series: str
    track: Track
    body: str  # who acted on the session's text: C.1-C.6, the plenary, or HRC
    session: int
    year: int
    previous_session: int
    previous_year: int
    title: str
    state_code: str
    state: str
    change: str
    event: ChangeEvent
    detail: str
    sentence: str
    sources: tuple[str, ...]
    unknown_sessions: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Session:
    """One session on record with every named state's role and recorded votes."""

    coverage: SeriesSession
    roles: dict[str, tuple[SponsorRole, str]] = field(default_factory=dict)
    votes: dict[str, tuple[str, str]] = field(default_factory=dict)
    committee_votes: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Copied from the coverage once: every state of every series reads them.
    session: int = field(init=False)
    known: bool = field(init=False)

    def __post_init__(self) -> None:
        self.session = self.coverage.session
        self.known = self.coverage.sponsors_known

    def is_sponsor(self, code: str) -> bool:
        return code in self.roles and self.roles[code][0].is_sponsor

    @property
    def reference(self) -> str:
        coverage = self.coverage
        committee = coverage.committee.document if coverage.committee else None
        documents = [*coverage.documents, committee]
        return coverage.draft or coverage.resolution or next((d for d in documents if d), "")


@dataclass(frozen=True, slots=True)
class _Track:
    """One series' sessions in order, with the state being described."""

    series: SeriesInfo
    sessions: list[_Session]
    code: str
    name: str


def changes(
    store: Store,
    session: int | None = None,
    *,
    country: str | None = None,
    query: str | None = None,
    streaks: bool = False,
    track: Track | None = None,
    year: int | None = None,
) -> list[Change]:
    """Changes of each series of the track (or both), or of the one `query` names and, with no
    track chosen, its twin; only in `session` (a session of the chosen track) or in the
    sessions of `year` (in either track) when given. Every change says its track.

    Without a session every session of the series is narrated, streaks and gaps included.
    A session no series holds (or the named series lacks) raises NotFound naming its years.
    """
    only = countries.resolve(country).code if country else None
    if session is not None and track is None:
        # A session number is one body's own: without a body, the Assembly's.
        track = Track.GA
    if query:
        chosen = with_twin(store, find_series(store, query, track=track), track)
    else:
        chosen = list_series(store, track=track)
    picks = {series.id: _picked(series, session, year) for series in chosen}
    if session is not None or year is not None:
        chosen = [series for series in chosen if picks[series.id]]
        if not chosen:
            raise NotFound(_missing(session, year, track, query))
    # A series with one session on record has nothing to compare.
    chosen = [series for series in chosen if len(series.sessions) > 1]
    found: list[Change] = []
    for series, sessions in _sessions(store, chosen, only, session):
        for code in [only] if only else _codes(sessions):
            name = state_name(code, year_of(series.track, sessions[-1].session))
            track_of = _Track(series, sessions, code, name)
            asked: list[int | None] = [*picks[series.id]] or [None]
            for pick in asked:
                found.extend(_events(track_of, pick, streaks, only))
    return found


def _picked(series: SeriesInfo, session: int | None, year: int | None) -> list[int]:
    """The sessions of a series asked for: `session`, or those of `year`."""
    if session is not None:
        return [session] if session in series.sessions else []
    if year is not None:
        return [s for s, y in zip(series.sessions, series.years, strict=True) if y == year]
    return []


def _missing(session: int | None, year: int | None, track: Track | None, query: str | None) -> str:
    where = f" of the series {query!r}" if query else ""
    if session is None:
        return f"a session of {year}{where}"
    return f"{label(track or Track.GA, session)}{where}"


def _sessions(
    store: Store, chosen: list[SeriesInfo], only: str | None, session: int | None
) -> list[tuple[SeriesInfo, list[_Session]]]:
    """Each series' sessions with the roles stated and votes cast in them (two queries for
    all series). Positions that state neither are not read: they change nothing. With a
    session, votes are read for it and the session before it on record only: a vote change
    compares those two (sponsor roles are read for every session, for "first time since")."""
    ids = [series.id for series in chosen]
    coverage = sessions_of_series(store, ids)
    by_series = {
        series_id: {s.session: _Session(s) for s in sessions}
        for series_id, sessions in coverage.items()
    }
    compared = None
    if session is not None:
        compared = [
            f"{series.id}:{s}" for series in chosen for s in _previous_and(series.sessions, session)
        ]
    cast = [vote.value for vote in _CAST]
    rows = store.rows(
        "SELECT series_id, session, state_code, sponsor_role, sponsor_document, plenary_vote, "
        "plenary_document, committee_vote, committee_document FROM positions "
        "WHERE series_id IN (SELECT unnest(?::VARCHAR[])) AND (? IS NULL OR state_code = ?) "
        "AND (sponsor_role IN (SELECT unnest(?::VARCHAR[])) "
        "OR ((plenary_vote IN (SELECT unnest(?::VARCHAR[])) "
        "OR committee_vote IN (SELECT unnest(?::VARCHAR[]))) AND (?::VARCHAR[] IS NULL "
        "OR series_id || ':' || session IN (SELECT unnest(?::VARCHAR[])))))",
        [ids, only, only, [role.value for role in STATED_ROLES], cast, cast, compared, compared],
    )
    for row in rows:
        _add(by_series[str(row["series_id"])][int(row["session"])], row)
    return [
        (series, [by_series[series.id][s] for s in sorted(by_series[series.id])])
        for series in chosen
        if series.id in by_series
    ]


def _previous_and(sessions: tuple[int, ...], session: int) -> tuple[int, ...]:
    """`session` and the one before it on record (`sessions` is sorted)."""
    index = sessions.index(session)
    return sessions[max(index - 1, 0) : index + 1]


def _add(session: _Session, row: dict[str, Any]) -> None:
    code = str(row["state_code"])
    role = SponsorRole(row["sponsor_role"])
    if role in STATED_ROLES:
        session.roles[code] = (role, row["sponsor_document"] or "")
    if row["plenary_vote"] in _CAST:
        session.votes[code] = (row["plenary_vote"], row["plenary_document"] or "")
    if row["committee_vote"] in _CAST:
        session.committee_votes[code] = (row["committee_vote"], row["committee_document"] or "")


def _codes(sessions: list[_Session]) -> list[str]:
    codes: set[str] = set()
    for session in sessions:
        codes |= set(session.roles) | set(session.votes) | set(session.committee_votes)
    return sorted(codes)


def _events(track: _Track, session: int | None, streaks: bool, only: str | None) -> list[Change]:
    """Per session: a gap (when one state is asked for), sponsor changes between sessions
    whose lists are loaded, then vote changes between sessions on record."""
    found: list[tuple[int, int, Change]] = []
    for index in _compared(track.sessions, session):
        before, now = track.sessions[index - 1], track.sessions[index]
        missing = tuple(
            s for s in track.series.missing_sessions if before.session < s < now.session
        )
        if only and missing:
            found.append((now.session, 0, _gap(track, before, now, missing)))
        found.extend((now.session, 2, c) for c in _vote_events(track, before, now))
    # Sponsorship is compared between sessions whose list says who did not sponsor (a
    # complete list), and sessions whose partial list names the state (the Council's
    # co-sponsor lists beside main sponsors it only counts): those say it did.
    listed = _Track(
        track.series,
        [s for s in track.sessions if s.known or s.is_sponsor(track.code)],
        track.code,
        track.name,
    )
    for index in _compared(listed.sessions, session):
        events = _sponsor_events(listed, index, streaks or session is None)
        found.extend((listed.sessions[index].session, 1, c) for c in events)
    return [change for _, _, change in sorted(found, key=lambda item: item[:2])]


def _compared(sessions: list[_Session], session: int | None) -> list[int]:
    """The indexes of the sessions compared with the one before them: every one after the
    first, or only `session`'s."""
    if session is None:
        return list(range(1, len(sessions)))
    return [i for i in range(1, len(sessions)) if sessions[i].session == session]


def _sponsor_events(track: _Track, index: int, streaks: bool) -> list[Change]:
    before, now = track.sessions[index - 1], track.sessions[index]
    was, is_ = before.is_sponsor(track.code), now.is_sponsor(track.code)
    if is_ and not was:
        return [_joined(track, index)]
    if was and not is_:
        return [_left(track, index)]
    run = _run(track.sessions, index, track.code)
    if is_ and streaks and run >= 2:
        first = track.sessions[index - run + 1].session
        role, listed_in = now.roles[track.code]
        sentence = (
            f"{track.name} sponsored {_quoted(track)} for the {_ordinal(run)} consecutive "
            f"session ({_span(track, first, now.session)}), as {_role_phrase(role)} "
            f"({listed_in})."
        )
        return [
            _change(
                track, before, now, STREAK, ChangeEvent.STREAK, str(run), (listed_in,), sentence
            )
        ]
    return []


def _joined(track: _Track, index: int) -> Change:
    before, now = track.sessions[index - 1], track.sessions[index]
    role, listed_in = now.roles[track.code]
    earlier = [s for s in track.sessions[: index - 1] if s.is_sponsor(track.code)]
    head = (
        f"{track.name} sponsored {_quoted(track)} in {_label(track, now.session)} as "
        f"{_role_phrase(role)} ({listed_in})"
    )
    if earlier:
        last = earlier[-1]
        event = ChangeEvent.RETURNED
        sentence = (
            f"{head}: the first time since {_label(track, last.session)} "
            f"({last.roles[track.code][1]}) in the sessions whose sponsor list is loaded; "
            f"not a sponsor in {_label(track, before.session)} ({before.reference})"
        )
    else:
        event = ChangeEvent.FIRST_EVER
        sentence = (
            f"{head}: the first time in the {index + 1} sessions of this series whose sponsor "
            f"list is loaded; not a sponsor in {_label(track, before.session)} "
            f"({before.reference}), the last earlier session on record"
        )
    unknown = _unknown_between(track, before.session, now.session)
    sentence += _unknown_words(track, unknown) + "."
    sources = tuple(filter(None, (listed_in, before.reference)))
    return _change(track, before, now, JOINED, event, role.value, sources, sentence, unknown)


def _left(track: _Track, index: int) -> Change:
    before, now = track.sessions[index - 1], track.sessions[index]
    old_role, old_source = before.roles[track.code]
    role = now.roles.get(track.code, (SponsorRole.NOT_SPONSOR, ""))[0]
    detail = f"was {old_role.value}, now {role.value}"
    run = _run(track.sessions, index - 1, track.code)
    head = (
        f"{track.name} did not sponsor {_quoted(track)} in {_label(track, now.session)} "
        f"({now.reference})"
    )
    if run >= 2:
        first = track.sessions[index - run].session
        sentence = (
            f"{head}, after {run} consecutive sessions as a sponsor "
            f"({_span(track, first, before.session)}; last {old_source})"
        )
        event = ChangeEvent.STOPPED
    else:
        sentence = (
            f"{head}; it was {_role_phrase(old_role)} in "
            f"{_label(track, before.session)} ({old_source}), the last earlier session on record"
        )
        event = ChangeEvent.LEFT
    unknown = _unknown_between(track, before.session, now.session)
    sentence += _unknown_words(track, unknown) + "."
    sources = tuple(filter(None, (old_source, now.reference)))
    return _change(track, before, now, LEFT, event, detail, sources, sentence, unknown)


def _vote_events(track: _Track, before: _Session, now: _Session) -> list[Change]:
    """A plenary vote against a plenary vote, else a committee vote against a committee vote."""
    where_plenary = "in the Council" if track.series.track == Track.HRC else "in the plenary"
    for votes_before, votes_now, where in (
        (before.votes, now.votes, where_plenary),
        (before.committee_votes, now.committee_votes, "in committee"),
    ):
        old, new = votes_before.get(track.code), votes_now.get(track.code)
        if old and new:
            if old[0] == new[0]:
                return []
            sentence = (
                f"{track.name} voted {_VOTE[new[0]]} on {_quoted(track)} {where} in "
                f"{_label(track, now.session)} ({new[1]}), after voting {_VOTE[old[0]]} in "
                f"{_label(track, before.session)} ({old[1]}), the last earlier vote on record."
            )
            detail = f"{old[0]} -> {new[0]}"
            sources = (old[1], new[1])
            return [
                _change(
                    track,
                    before,
                    now,
                    VOTE_CHANGED,
                    ChangeEvent.VOTE_CHANGED,
                    detail,
                    sources,
                    sentence,
                )
            ]
    return []


def _gap(track: _Track, before: _Session, now: _Session, missing: tuple[int, ...]) -> Change:
    first, last = missing[0], missing[-1]
    sentence = (
        f"No document of {_quoted(track)} is in the database for "
        f"{_span_words(track, first, last)}: {track.name}'s position then is unknown, "
        "not absent."
    )
    sources = (before.reference, now.reference)
    return _change(
        track, before, now, GAP, ChangeEvent.GAP, f"{first}-{last}", sources, sentence, missing
    )


def _run(sessions: list[_Session], index: int, code: str) -> int:
    """How many sessions up to `index` the state sponsored without a break or a data gap."""
    run = 0
    while index >= 0 and sessions[index].is_sponsor(code):
        run += 1
        if index == 0 or sessions[index - 1].session != sessions[index].session - 1:
            break
        index -= 1
    return run


def _unknown_between(track: _Track, since: int, now: int) -> tuple[int, ...]:
    """Sessions strictly between two compared ones whose sponsor list is not loaded (`track`
    holds only the sessions with a loaded list), whether or not their vote is known. For the
    Council, whose text comes once a year, those are the series' own sessions between and
    the sessions of years with no text of it."""
    known = {s.session for s in track.sessions}
    if track.series.track == Track.GA:
        return tuple(s for s in range(since + 1, now) if s not in known)
    gaps = missing_sessions(Track.HRC, list(track.series.sessions))
    held = {*track.series.sessions, *gaps}
    return tuple(sorted(s for s in held if since < s < now and s not in known))


def _unknown_words(track: _Track, missing: tuple[int, ...]) -> str:
    if not missing:
        return ""
    whole = len(missing) == missing[-1] - missing[0] + 1
    span = _span_words(track, missing[0], missing[-1])
    return f"; no sponsor list is loaded for {span}" + ("" if whole else " (in part)")


def _change(
    track: _Track,
    before: _Session,
    now: _Session,
    change: str,
    event: ChangeEvent,
    detail: str,
    sources: tuple[str, ...],
    sentence: str,
    unknown: tuple[int, ...] = (),
) -> Change:
    kind = track.series.track
    return Change(
        series_id=track.series.id,
        series=track.series.name,
        track=kind,
        body=now.coverage.body,
        session=now.session,
        year=year_of(kind, now.session),
        previous_session=before.session,
        previous_year=year_of(kind, before.session),
        title=now.coverage.title,
        state_code=track.code,
        state=track.name,
        change=change,
        event=event,
        detail=detail,
        sentence=sentence,
        sources=tuple(dict.fromkeys(s for s in sources if s)),
        unknown_sessions=unknown,
    )


# Vote changes compare votes cast: a member absent from a recorded vote (X) is not narrated as
# having changed its vote, since absence is often a matter of attendance, not position.
_CAST = (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN)
_VOTE = {
    VoteOption.YES.value: "yes",
    VoteOption.NO.value: "no",
    VoteOption.ABSTAIN.value: "to abstain",
}


def _quoted(track: _Track) -> str:
    return f"“{track.series.name}”"


def _label(track: _Track, session: int) -> str:
    return label(track.series.track, session)


def _span(track: _Track, first: int, last: int) -> str:
    kind = track.series.track
    prefix = "HRC sessions" if kind == Track.HRC else "sessions"
    return f"{prefix} {first}–{last}, {year_of(kind, first)}–{year_of(kind, last)}"


def _span_words(track: _Track, first: int, last: int) -> str:
    if first == last:
        return _label(track, first)
    return _span(track, first, last)


def _role_phrase(role: SponsorRole) -> str:
    """ "an original sponsor", "an additional sponsor", "a co-sponsor" (a Council list that
    does not say whether it was on the draft)."""
    if role is SponsorRole.CO_SPONSOR:
        return "a co-sponsor"
    return f"an {role.value} sponsor"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
