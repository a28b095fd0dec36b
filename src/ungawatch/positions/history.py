"""Reading the stored series and positions: which series a query names, its sessions on
record, and where each state stood, session by session.

A query may be a series id, any document symbol of the series, or words from its titles
(state names in the words may be any name of the state: "North Korea human rights"). Nothing
here links or computes positions: `positions.build` stored them when the facts were written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
from rapidfuzz import process

from ungawatch import countries
from ungawatch.errors import AmbiguousQuery, NotFound, SymbolError
from ungawatch.positions.records import Adoption, Position, SeriesInfo, SeriesSession
from ungawatch.positions.series import series_key
from ungawatch.sessions import hrc_year_of_session
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.titles import title_key
from ungawatch.vocabulary import AdoptionMethod, Body, SponsorRole, Track, VoteOption


def list_series(
    store: Store, words: str | None = None, *, track: Track | None = None
) -> list[SeriesInfo]:
    """Every stored series (of one track if given), those matching all `words` if given,
    oldest topic first."""
    found = _all_series(store, track)
    if words:
        titles = _titles(store)
        found = [s for s in found if s.id == words.strip() or _matches(s, titles, words)]
    return found


def find_series(store: Store, query: str, *, track: Track | None = None) -> SeriesInfo:
    """The one series a query names: an id, a document symbol, or words from its titles.

    Words that name a General Assembly series and its Council twin (the same situation in
    both tracks) name the Assembly's; `with_twin` adds the other.
    """
    everything = _all_series(store, track)
    for series in everything:
        if series.id == query.strip():
            return series
    try:
        symbol = str(parse_symbol(query))
    except SymbolError:
        return _by_words(store, everything, query)
    owners = {
        str(row["series_id"])
        for row in store.rows("SELECT series_id FROM series_documents WHERE symbol = ?", [symbol])
    }
    for series in everything:
        if series.id in owners:
            return series
    raise NotFound(f"a series with document {symbol}")


def _without_twins(found: list[SeriesInfo]) -> list[SeriesInfo]:
    """One of each twin pair found together (the Assembly's): words that match a situation's
    series in both tracks name one situation, not two series to choose from."""
    ids = {series.id for series in found}
    return [s for s in found if not (s.track == Track.HRC and s.twin_id in ids)]


def _all_series(store: Store, track: Track | None) -> list[SeriesInfo]:
    rows = store.rows(
        "SELECT s.series_id, s.name, s.track, s.body, s.twin_id, "
        "list(ss.session ORDER BY ss.session) AS sessions, "
        "list(ss.year ORDER BY ss.session) AS years FROM series s "
        "JOIN series_sessions ss USING (series_id) WHERE ? IS NULL OR s.track = ? "
        "GROUP BY ALL ORDER BY min(ss.year), s.name",
        [track and track.value, track and track.value],
    )
    return [
        SeriesInfo(
            id=str(row["series_id"]),
            name=str(row["name"]),
            track=Track(row["track"]),
            body=str(row["body"]),
            sessions=tuple(int(s) for s in row["sessions"]),
            years=tuple(int(y) for y in row["years"]),
            missing_sessions=missing_sessions(Track(row["track"]), row["sessions"]),
            twin_id=row["twin_id"],
        )
        for row in rows
    ]


def missing_sessions(track: Track, sessions: list[int]) -> tuple[int, ...]:
    """Sessions between the first and last on record of which no document is loaded. A
    Council text comes once a year (the DPRK text every March session), so for the Council
    the sessions missing are those of the years between with no text of the series."""
    held = set(sessions)
    if track == Track.GA:
        return tuple(s for s in range(min(held), max(held) + 1) if s not in held)
    years = {hrc_year_of_session(s) for s in held}
    return tuple(
        s
        for s in range(min(held), max(held) + 1)
        if s not in held and hrc_year_of_session(s) not in years
    )


def _titles(store: Store) -> dict[str, set[str]]:
    titles: dict[str, set[str]] = {}
    for row in store.rows(
        "SELECT series_id, title FROM series_sessions UNION SELECT series_id, name FROM series"
    ):
        titles.setdefault(str(row["series_id"]), set()).add(str(row["title"]))
    return titles


def _matches(series: SeriesInfo, titles: dict[str, set[str]], words: str) -> bool:
    """All the words in one of the series' titles, read plainly or with state names as
    registry codes ("North Korea" matches "Democratic People's Republic of Korea")."""
    wanted_plain = set(title_key(words).split())
    wanted_coded = set(series_key(words).split())
    for title in titles.get(series.id, ()):
        if wanted_plain <= set(title_key(title).split()):
            return True
        if wanted_coded <= set(series_key(title).split()):
            return True
    return False


def with_twin(store: Store, series: SeriesInfo, track: Track | None) -> list[SeriesInfo]:
    """The series, and its twin in the other track when no track is chosen (the Council's
    text on the situation an Assembly text is on, or the other way round), GA first."""
    if track is not None or series.twin_id is None:
        return [series]
    twins = [s for s in _all_series(store, None) if s.id == series.twin_id]
    return sorted([series, *twins], key=lambda s: s.track != Track.GA)


def _by_words(store: Store, everything: list[SeriesInfo], query: str) -> SeriesInfo:
    titles = _titles(store)
    matching = _without_twins([series for series in everything if _matches(series, titles, query)])
    if len(matching) == 1:
        return matching[0]
    wanted = title_key(query)
    exact = [s for s in matching if any(title_key(t) == wanted for t in titles[s.id])]
    if len(exact) == 1:
        return exact[0]
    if matching:
        raise AmbiguousQuery(query, [f"{s.id}: {s.name}" for s in matching[:15]])
    names = {series.name: series.id for series in everything}
    close = process.extract(query, list(names), limit=5)
    raise NotFound(f"a series matching {query!r}", [f"{names[n]}: {n}" for n, _, _ in close])


def series_sessions(store: Store, series_id: str) -> list[SeriesSession]:
    """The sessions on record of a series, oldest first, each with its coverage."""
    return sessions_of_series(store, [series_id]).get(series_id, [])


def sessions_of_series(store: Store, series_ids: list[str]) -> dict[str, list[SeriesSession]]:
    """The sessions on record of several series (one query), each list oldest first."""
    rows = store.rows(
        "SELECT * FROM series_sessions WHERE series_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY series_id, session",
        [series_ids],
    )
    found: dict[str, list[SeriesSession]] = {}
    for row in rows:
        found.setdefault(str(row["series_id"]), []).append(_series_session(row))
    return found


def _series_session(row: dict[str, Any]) -> SeriesSession:
    return SeriesSession(
        series_id=str(row["series_id"]),
        session=int(row["session"]),
        year=int(row["year"]),
        body=str(row["body"]),
        title=str(row["title"]),
        draft=row["draft"],
        resolution=row["resolution"],
        documents=tuple(row["documents"]),
        linked_by=str(row["linked_by"]),
        roll_call_only=bool(row["roll_call_only"]),
        sponsor_list=row["sponsor_list"],
        sponsor_records=tuple(row["sponsor_records"] or ()),
        additional_listed_in=tuple(row["additional_listed_in"] or ()),
        original_sponsors=row["original_sponsors"],
        additional_sponsors=row["additional_sponsors"],
        withdrawn_sponsors=row["withdrawn_sponsors"],
        co_sponsors=row["co_sponsors"],
        sponsors=None
        if row["original_sponsors"] is None
        else row["original_sponsors"] + row["additional_sponsors"] + (row["co_sponsors"] or 0),
        partial_sponsor_list=row["partial_sponsor_list"],
        stated_sponsor_counts=tuple(row["stated_sponsor_counts"] or ()),
        committee=_adoption(row, "committee"),
        plenary=_adoption(row, "plenary"),
    )


def _adoption(row: dict[str, Any], prefix: str) -> Adoption | None:
    method = row[f"{prefix}_method"]
    if method is None:
        return None
    when = row[f"{prefix}_date"]
    return Adoption(
        method=AdoptionMethod(method),
        date=str(when) if when is not None else None,
        meeting=row[f"{prefix}_meeting"],
        yes=row[f"{prefix}_yes"],
        no=row[f"{prefix}_no"],
        abstain=row[f"{prefix}_abstain"],
        non_voting=row[f"{prefix}_non_voting"],
        document=row[f"{prefix}_document"],
        record=row[f"{prefix}_record"],
    )


def history(
    store: Store, query: str, country: str | None = None, *, track: Track | None = None
) -> list[Position]:
    """One row per session (and state) of the series the query names, oldest first; with no
    track chosen, of its twin in the other track too (year by year, the Council's spring
    session before the Assembly's autumn one). Every row says its track and body.

    With `country`, one row per session on record for that state, whatever it was that
    session (a state that was no member and named in no list is `not_member`, not absent).
    """
    chosen = with_twin(store, find_series(store, query, track=track), track)
    code = countries.resolve(country).code if country else None
    rows: list[Position] = []
    for series in chosen:
        if code is None:
            rows.extend(positions_of(store, series))
        else:
            rows.extend(
                position_of(store, series, code, s) for s in series_sessions(store, series.id)
            )
    return sorted(rows, key=lambda row: (row.year, row.track == Track.GA, row.session))


# A position row in the order `_position` reads it: the stored columns, then the session's text.
_NAMES = (
    "session", "year", "body", "state_code", "sponsor_role", "acting_for", "sponsor_document",
    "sponsor_record", "plenary_vote", "plenary_document", "plenary_record", "committee_vote",
    "committee_document", "committee_record", "title", "draft", "resolution",
)  # fmt: skip
_TEXT = ("title", "draft", "resolution")  # from series_sessions, the rest from positions
_SELECT = (
    "SELECT "
    + ", ".join(f"{'ss' if name in _TEXT else 'p'}.{name}" for name in _NAMES)
    + " FROM positions p JOIN series_sessions ss USING (series_id, session) WHERE p.series_id = ? "
)


def positions_of(store: Store, series: SeriesInfo, *, session: int | None = None) -> list[Position]:
    """Every state's position on a series (in one session if given), session by session."""
    rows = store.tuples(
        _SELECT + "AND (? IS NULL OR p.session = ?) ORDER BY p.session, p.state_code",
        [series.id, session, session],
    )
    return [_position(series, row) for row in rows]


def position_of(store: Store, series: SeriesInfo, code: str, session: SeriesSession) -> Position:
    """One state's position in one session of a series, stored or (for a state the session's
    records do not name and that was not a member) derived from the session's coverage."""
    rows = store.tuples(
        _SELECT + "AND p.session = ? AND p.state_code = ?", [series.id, session.session, code]
    )
    if rows:
        return _position(series, rows[0])
    row = {
        "session": session.session,
        "year": session.year,
        "body": session.body,
        "title": session.title,
        "draft": session.draft,
        "resolution": session.resolution,
        "sponsor_list": session.sponsor_list,
        "sponsor_records": list(session.sponsor_records),
    }
    return _position_of_dict(series, row | _absent(code, row))


def _position_of_dict(series: SeriesInfo, row: dict[str, Any]) -> Position:
    return _position(series, tuple(row[name] for name in _NAMES))


# Stored values back to members by dict lookup: a series grid reads thousands of positions,
# and calling the enum class costs several times more per value.
_ROLES = {role.value: role for role in SponsorRole}
_VOTES = {vote.value: vote for vote in VoteOption}


def _position(series: SeriesInfo, row: tuple[Any, ...]) -> Position:
    """A position from a row in `_NAMES` order (positional: a grid builds thousands)."""
    (session, year, body, code, role, acting_for, sponsor_document, sponsor_record) = row[:8]
    (plenary, plenary_document, plenary_record, committee) = row[8:12]
    (committee_document, committee_record, title, draft, resolution) = row[12:]
    documents = (sponsor_document, plenary_document, committee_document)
    return Position(
        series.id,
        series.name,
        series.track,
        body,
        session,
        year,
        code,
        state_name(code, year),
        title,
        draft,
        resolution,
        _ROLES[role],
        acting_for,
        sponsor_document,
        sponsor_record,
        _VOTES[plenary],
        plenary_document,
        plenary_record,
        _VOTES[committee] if committee is not None else None,
        committee_document,
        committee_record,
        tuple(dict.fromkeys(filter(None, documents))),
    )


@functools.cache
def state_name(code: str, year: int) -> str:
    """A state's official short name as it stood at the end of `year`."""
    return countries.state(code).name_on(date(year, 12, 31))


def history_frame(rows: list[Position], *, wide: bool = False) -> pd.DataFrame:
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
        + frame["plenary_vote"].map(lambda vote: _VOTE_LETTER.get(vote, vote))
    )
    if frame["track"].nunique() == 1:
        return frame.pivot_table(index="state", columns="session", values="cell", aggfunc="first")
    # Both tracks: the two bodies number their sessions apart, so each column says whose
    # session it is and its year ("HRC 25 (2014)"), in the order of the years.
    frame["column"] = [
        f"{'HRC' if track == Track.HRC else 'GA'} {session} ({year})"
        for track, session, year in zip(
            frame["track"], frame["session"], frame["year"], strict=True
        )
    ]
    order = list(dict.fromkeys(frame["column"]))
    grid = frame.pivot_table(index="state", columns="column", values="cell", aggfunc="first")
    return grid[[column for column in order if column in grid.columns]]


_ROLE_WORD = {
    SponsorRole.ORIGINAL: "original",
    SponsorRole.ADDITIONAL: "additional",
    SponsorRole.CO_SPONSOR: "co-sponsor",
    SponsorRole.WITHDRAWN: "withdrew",
    SponsorRole.NOT_SPONSOR: "no",
    SponsorRole.UNKNOWN: "?",
}
_VOTE_WORD = {
    VoteOption.YES: "Y",
    VoteOption.NO: "N",
    VoteOption.ABSTAIN: "A",
    VoteOption.NON_VOTING: "X",
    VoteOption.NO_VOTE_TAKEN: "no vote",
    VoteOption.NOT_MEMBER: "not member",
    VoteOption.UNKNOWN: "?",
}
TRACKS_LEGEND = (
    "sponsor: original, additional, co-sponsor (a Council list that does not say when it "
    "joined), withdrew, no (not in the loaded list), ? (no list loaded); vote: Y N A, X "
    "(present, not voting), no vote (adopted without a vote), not member, ? (not known)"
)


def tracks_frame(rows: list[Position]) -> pd.DataFrame:
    """One state's positions on a situation in both tracks side by side, one column per year
    from the first to the last on record: for each track its session, sponsor role and votes
    (the Assembly's committee vote, where its text had a committee stage, and plenary vote;
    the Council's vote). A year with no text of a track is empty."""
    if not rows:
        return pd.DataFrame()
    years = list(range(min(r.year for r in rows), max(r.year for r in rows) + 1))
    lines: dict[str, dict[int, str]] = {}
    for track in (Track.GA, Track.HRC):
        own = [row for row in rows if row.track == track]
        if not own:
            continue
        name = "GA" if track == Track.GA else "HRC"
        fields: list[tuple[str, Callable[[Position], str]]] = [
            ("session", lambda r: str(r.session)),
            ("sponsor", _role_word),
        ]
        if any(row.committee_vote is not None for row in own):
            fields.append(("committee vote", lambda r: _vote_word(r.committee_vote)))
        vote = "plenary vote" if track == Track.GA else "vote"
        fields.append((vote, lambda r: _vote_word(r.plenary_vote)))
        for label, value in fields:
            cells: dict[int, list[str]] = {}
            for row in own:
                cells.setdefault(row.year, []).append(value(row))
            lines[f"{name} {label}"] = {year: " / ".join(cells.get(year, [])) for year in years}
    frame = pd.DataFrame.from_dict(lines, orient="index", columns=years)
    frame.index.name = rows[0].state
    return frame


def _role_word(row: Position) -> str:
    return _ROLE_WORD[row.sponsor_role]


def _vote_word(vote: VoteOption | None) -> str:
    return "" if vote is None else _VOTE_WORD[vote]


_NO_COMMITTEE = (Body.PLENARY.value, Body.HRC.value)
_ROLE_LETTER = {
    SponsorRole.ORIGINAL: "O",
    SponsorRole.ADDITIONAL: "A",
    SponsorRole.CO_SPONSOR: "C",
    SponsorRole.WITHDRAWN: "W",
    SponsorRole.NOT_SPONSOR: "-",
    SponsorRole.UNKNOWN: "?",
}
_VOTE_LETTER = {
    VoteOption.NO_VOTE_TAKEN: "nv",
    VoteOption.NOT_MEMBER: "nm",
    VoteOption.UNKNOWN: "?",
}


def state_positions(store: Store, code: str) -> list[tuple[SeriesInfo, list[Position]]]:
    """A state's position on every series, session by session (one query), series it
    sponsored most often first."""
    everything = {series.id: series for series in _all_series(store, None)}
    rows = store.rows(
        "SELECT ss.series_id, ss.session, ss.year, ss.body, ss.title, ss.draft, ss.resolution, "
        "ss.sponsor_list, ss.sponsor_records, p.* EXCLUDE (series_id, session, year, body) "
        "FROM series_sessions ss LEFT JOIN positions p ON p.series_id = ss.series_id "
        "AND p.session = ss.session AND p.state_code = ? ORDER BY ss.series_id, ss.session",
        [code],
    )
    found: dict[str, list[Position]] = {}
    for row in rows:
        series = everything[str(row["series_id"])]
        if row["state_code"] is None:
            row |= _absent(code, row)
        found.setdefault(series.id, []).append(_position_of_dict(series, row))
    ranked = sorted(
        found.items(), key=lambda item: (-_sponsored(item[1]), everything[item[0]].name)
    )
    return [(everything[series_id], positions) for series_id, positions in ranked]


def _sponsored(positions: list[Position]) -> int:
    return sum(position.is_sponsor for position in positions)


def _absent(code: str, row: dict[str, Any]) -> dict[str, Any]:
    """The position of a state a session's records do not name and that was no member of the
    voting body: not a sponsor if the list is loaded (else unknown), not a member."""
    known = row["sponsor_list"] is not None
    records = row["sponsor_records"] or []
    return {
        "state_code": code,
        "sponsor_role": (SponsorRole.NOT_SPONSOR if known else SponsorRole.UNKNOWN).value,
        "acting_for": None,
        "sponsor_document": row["sponsor_list"],
        "sponsor_record": records[0] if records else None,
        "plenary_vote": VoteOption.NOT_MEMBER.value,
        "plenary_document": None,
        "plenary_record": None,
        "committee_vote": None if row["body"] in _NO_COMMITTEE else VoteOption.NOT_MEMBER.value,
        "committee_document": None,
        "committee_record": None,
    }
