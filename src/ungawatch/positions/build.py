"""Keeping the stored series and positions in step with the facts, inside each transaction.

Every transaction that writes facts (an ingested file, a synced page) ends with `refresh`
(registered with `Store.before_commit`): the texts are linked into series again (cheap: titles
and citations), and the positions of the series whose documents or facts the transaction
touched, or whose membership changed, are recomputed and replaced. Other series keep their
rows. `relink(store)` recomputes every series, e.g. after editing the override file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ungawatch import countries
from ungawatch.positions.council import refresh_council_members
from ungawatch.positions.facts import Evidence, SessionFacts, TextRequest, session_facts
from ungawatch.positions.records import Adoption
from ungawatch.positions.series import (
    Series,
    SeriesText,
    build_series,
    load_overrides,
    series_key,
)
from ungawatch.sessions import hrc_year_of_session, session_of_year, year_of
from ungawatch.store import Store, open_store, updating
from ungawatch.vocabulary import AdoptionMethod, Body, SponsorRole, Track, VoteOption

DERIVED_TABLES = ("series", "series_sessions", "series_documents", "positions")


@dataclass(frozen=True, slots=True)
class RelinkReport:
    """What a relink did: series in the database, and how many were (re)written or removed."""

    series: int
    rewritten: int
    removed: int
    positions: int


# Raised whenever the way positions are computed changes: databases holding rows computed
# by an older version are rebuilt by the next writer (or reader, see `ensure_current`).
BUILD_VERSION = 2


def keep_positions(store: Store) -> None:
    """Keep `store`'s series and positions in step with its facts from now on: rebuild them
    now if they were computed by another version, and after each transaction's writes."""
    if not is_current(store):
        with store.transaction():
            relink(store)
    store.before_commit(refresh)


def is_current(store: Store) -> bool:
    return bool(store.scalar("SELECT max(version) FROM positions_version") == BUILD_VERSION)


def ensure_current(path: Path) -> None:
    """Bring the database file's positions up to date (a database made by an older
    ungawatch), through the atomic writer; readers call this before opening it read-only."""
    if path.exists() and not _current_file(path):
        with updating(path) as store:
            keep_positions(store)


def _current_file(path: Path) -> bool:
    with open_store(path, read_only=True) as store:
        return is_current(store)


def refresh(store: Store) -> None:
    """The before-commit hook of writers: relink what the transaction's writes touched."""
    if not is_current(store):
        relink(store)
    elif store.touched_symbols:
        relink(store, touched=set(store.touched_symbols))
    store.touched_symbols.clear()


_COUNCIL_KEYS = ("A/HRC/", "hrc:")


def relink(store: Store, *, touched: set[str] | None = None) -> RelinkReport:
    """Link every text into series and rewrite the series that changed.

    `touched` are symbols whose facts changed: their series are rewritten even if their
    membership did not change. None rewrites every series. A write that touched the
    Council's texts or votes first brings its membership by session up to date, and the
    Council series of every session whose membership changed are rewritten too.
    """
    if touched is None:
        # Everything is recomputed, perhaps after writes outside a transaction.
        store.refresh_canonical()
    council: set[int] = set()
    if touched is None or any(symbol.startswith(_COUNCIL_KEYS) for symbol in touched):
        council = refresh_council_members(store)
    found = build_series(store, load_overrides())
    stored = _stored_signatures(store)
    fresh = {series.id: series for series in found}
    dirty = [
        series
        for series in found
        if touched is None
        or stored.get(series.id) != _signature(series)
        or any(symbol in touched for text in series.texts for symbol in text.symbols)
        or (_track(series) == Track.HRC and council & set(series.sessions))
    ]
    removed = [series_id for series_id in stored if series_id not in fresh]
    _delete(store, [*removed, *(series.id for series in dirty)])
    written = _write_series(store, dirty)
    _update_twins(store, found)
    if touched is None:
        store.write("DELETE FROM positions_version")
        store.write("INSERT INTO positions_version VALUES (?)", [BUILD_VERSION])
    return RelinkReport(len(found), len(dirty), len(removed), written)


def twins(found: list[Series]) -> dict[str, str]:
    """Each General Assembly series and the Council series on the same situation, both ways.

    A series' situation is the one state its titles name, when every title names that state
    and speaks of human rights ("Situation of human rights in the Democratic People's Republic
    of Korea" in both tracks; "… of Rohingya Muslims and other minorities in Myanmar" and
    "Situation of human rights in Myanmar" are one situation). Where several series of a track
    share a situation, the one with the most sessions is the twin.
    """
    best: dict[tuple[Track, str], Series] = {}
    for series in found:
        code = _situation(series)
        if code is None:
            continue
        key = (_track(series), code)
        current = best.get(key)
        if current is None or (len(series.sessions), series.id) > (
            len(current.sessions),
            current.id,
        ):
            best[key] = series
    pairs: dict[str, str] = {}
    for (track, code), series in best.items():
        other = best.get((Track.GA if track == Track.HRC else Track.HRC, code))
        if other is not None:
            pairs[series.id] = other.id
    return pairs


def _situation(series: Series) -> str | None:
    keys = [series_key(text.title) for text in series.texts if not text.joins_only]
    codes = {word for key in keys for word in key.split() if word.isupper()}
    if len(codes) != 1 or not all("human rights" in key for key in keys):
        return None
    return codes.pop()


def _update_twins(store: Store, found: list[Series]) -> None:
    """Store each series' twin; only rows whose twin changed are written."""
    pairs = twins(found)
    frame = pd.DataFrame(
        {"series_id": [s.id for s in found], "twin_id": [pairs.get(s.id) for s in found]},
        columns=["series_id", "twin_id"],
    ).astype("object")
    if frame.empty:
        return
    store.connection.register("_twins", frame)
    try:
        store.write(
            "UPDATE series SET twin_id = t.twin_id FROM _twins t "
            "WHERE series.series_id = t.series_id AND series.twin_id IS DISTINCT FROM t.twin_id"
        )
    finally:
        store.connection.unregister("_twins")


def _signature(series: Series) -> tuple[Any, ...]:
    """What a series' stored rows depend on besides the facts: its name, body and texts."""
    members = sorted(
        (text.session, symbol, text.roll_call) for text in series.texts for symbol in text.symbols
    )
    return (series.name, series.body, tuple(members))


def _stored_signatures(store: Store) -> dict[str, tuple[Any, ...]]:
    names = {
        str(row["series_id"]): (str(row["name"]), str(row["body"]))
        for row in store.rows("SELECT series_id, name, body FROM series")
    }
    members: dict[str, list[tuple[int, str, bool]]] = {key: [] for key in names}
    for row in store.rows("SELECT series_id, session, symbol, roll_call FROM series_documents"):
        members.setdefault(str(row["series_id"]), []).append(
            (int(row["session"]), str(row["symbol"]), bool(row["roll_call"]))
        )
    return {key: (*names.get(key, ("", "")), tuple(sorted(rows))) for key, rows in members.items()}


def _delete(store: Store, series_ids: Iterable[str]) -> None:
    ids = sorted(set(series_ids))
    if not ids:
        return
    for table in DERIVED_TABLES:
        store.write(f"DELETE FROM {table} WHERE series_id IN (SELECT unnest(?::VARCHAR[]))", [ids])


def _write_series(store: Store, dirty: list[Series]) -> int:
    """Compute and insert the rows of these series; returns the number of positions."""
    requests = [(series, _request(series, s)) for series in dirty for s in series.sessions]
    facts = session_facts(store, [request for _, request in requests])
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in DERIVED_TABLES}
    for series in dirty:
        track = _track(series)
        rows["series"].append(
            {
                "series_id": series.id,
                "name": series.name,
                "track": track.value,
                "body": series.body,
                "first_session": series.sessions[0],
                "last_session": series.sessions[-1],
                "twin_id": None,
            }
        )
        rows["series_documents"].extend(
            {"symbol": s, "series_id": series.id, "session": t.session, "roll_call": t.roll_call}
            for t in series.texts
            for s in sorted(t.symbols)
        )
    for (series, request), found in zip(requests, facts, strict=True):
        track = _track(series)
        text = series.texts_in(request.session)[0]
        rows["series_sessions"].append(_session_row(series, track, text, found))
        rows["positions"].extend(_position_rows(store, series, track, found))
    for table in DERIVED_TABLES:
        store.insert_frame(table, pd.DataFrame(rows[table]))
    return len(rows["positions"])


def _track(series: Series) -> Track:
    return Track.HRC if series.body == Body.HRC.value else Track.GA


def _request(series: Series, session: int) -> TextRequest:
    texts = series.texts_in(session)
    symbols = sorted({s for text in texts if not text.roll_call for s in text.symbols})
    voted = sorted({s for text in texts if text.roll_call for s in text.symbols})
    title = next((t.title for t in texts if not t.roll_call), texts[0].title)
    return TextRequest(session, title, tuple(symbols), tuple(voted))


def _session_row(
    series: Series, track: Track, text: SeriesText, facts: SessionFacts
) -> dict[str, Any]:
    listed_in = sorted(
        {f.document for f in facts.sponsors.values() if f.value == "additional" and f.document}
    )
    return {
        "series_id": series.id,
        "session": facts.session,
        "year": year_of(track, facts.session),
        "body": _text_body(series, facts.session),
        "title": facts.title,
        "draft": facts.draft,
        # A resolution whose symbol no source gives is known by its record's key: no symbol.
        "resolution": facts.resolution if not _keyed(facts.resolution) else None,
        "documents": list(facts.documents),
        "linked_by": text.linked_by,
        "roll_call_only": all(t.roll_call for t in series.texts_in(facts.session)),
        "sponsor_list": facts.sponsor_list if facts.sponsors_known else None,
        "sponsor_records": list(facts.sponsor_records),
        "additional_listed_in": listed_in,
        "original_sponsors": facts.count(SponsorRole.ORIGINAL),
        "additional_sponsors": facts.count(SponsorRole.ADDITIONAL),
        "withdrawn_sponsors": facts.count(SponsorRole.WITHDRAWN),
        "co_sponsors": facts.count(SponsorRole.CO_SPONSOR),
        "partial_sponsor_list": _partial_list(facts),
        "stated_sponsor_counts": list(facts.stated_counts),
        **_adoption_columns("committee", facts.committee),
        **_adoption_columns("plenary", facts.plenary),
    }


def _keyed(symbol: str | None) -> bool:
    return bool(symbol) and str(symbol).startswith(("hrc:", "press:"))


def _partial_list(facts: SessionFacts) -> str | None:
    """The symbol of a list that names some sponsors but counts more, when no complete list
    is loaded: the sponsors it names are known, every other state is unknown."""
    if facts.sponsors_known or not facts.partial_records:
        return None
    return facts.resolution or facts.draft


def _text_body(series: Series, session: int) -> str:
    """The body that negotiated this session's text: a committee if any text of the session
    went through one, else the plenary (or the Council)."""
    bodies = {text.body for text in series.texts_in(session) if not text.roll_call}
    committees = sorted(b for b in bodies if b not in (Body.PLENARY.value, Body.HRC.value))
    return committees[0] if committees else (bodies.pop() if bodies else series.body)


def _adoption_columns(prefix: str, adoption: Adoption | None) -> dict[str, Any]:
    fields = ("date", "meeting", "yes", "no", "abstain", "non_voting", "document", "record")
    values = {f"{prefix}_{name}": getattr(adoption, name, None) for name in fields}
    values[f"{prefix}_method"] = adoption.method.value if adoption else None
    return values


def _position_rows(
    store: Store, series: Series, track: Track, facts: SessionFacts
) -> list[dict[str, Any]]:
    """A row per state that was a member of the voting body that session or is named in a
    sponsor list or a vote."""
    body = _text_body(series, facts.session)
    members = _voting_members(store, track, facts.session)
    codes = (members or set()) | set(facts.sponsors) | set(facts.plenary_votes)
    codes |= set(facts.committee_votes)
    if track == Track.HRC:
        # Any state may sponsor a Council text: every UN member of the year has a position.
        codes |= _ga_members(facts.session, track)
    plenary = _Body(facts.plenary, facts.plenary_votes, members)
    committee = _Body(facts.committee, facts.committee_votes, members)
    has_committee = body not in (Body.PLENARY.value, Body.HRC.value)
    no_committee = {"committee_vote": None, "committee_document": None, "committee_record": None}
    year = year_of(track, facts.session)
    return [
        {
            "series_id": series.id,
            "session": facts.session,
            "year": year,
            "body": body,
            "state_code": code,
            **_sponsor_columns(facts, code),
            **plenary.columns("plenary", code),
            **(committee.columns("committee", code) if has_committee else no_committee),
        }
        for code in sorted(codes)
    ]


def _sponsor_columns(facts: SessionFacts, code: str) -> dict[str, Any]:
    fact = facts.sponsors.get(code)
    if fact is not None:
        role, document, record, acting_for = fact.value, fact.document, fact.record, fact.acting_for
    elif facts.sponsors_known:
        # Missing from a loaded list: not a sponsor, on the strength of that list's draft.
        role, document, record, acting_for = (
            SponsorRole.NOT_SPONSOR.value,
            facts.sponsor_list,
            facts.sponsor_records[0],
            None,
        )
    else:
        role, document, record, acting_for = SponsorRole.UNKNOWN.value, None, None, None
    return {
        "sponsor_role": role,
        "acting_for": acting_for,
        "sponsor_document": document,
        "sponsor_record": record,
    }


class _Body:
    """One body's action on a session's text, ready to give each state's vote in it."""

    def __init__(
        self, adoption: Adoption | None, votes: dict[str, Evidence], members: set[str] | None
    ) -> None:
        self.adoption, self.votes, self.members = adoption, votes, members
        self.complete = adoption is not None and _complete(adoption, votes)

    def columns(self, prefix: str, code: str) -> dict[str, Any]:
        """A state's vote in this body, from the most specific evidence there is.

        Its recorded vote; else, for a recorded vote it is missing from, present and not
        voting if it was a member (`unvotes` leaves absent members out) and not a member
        otherwise; a text adopted without a vote gives members `no_vote_taken`; no adoption
        record, or a recorded vote known only by its counts (no per-state list loaded):
        unknown. `members` None means the body's membership that session is not known. (Main
        Committees are committees of the whole: their members are the Assembly's.) A
        per-state list that accounts for fewer votes than the record's counts is partial:
        the states it lacks are unknown too.
        """
        adoption, fact = self.adoption, self.votes.get(code)
        member = None if self.members is None else code in self.members
        document = adoption.document if adoption else None
        record = adoption.record if adoption else None
        if fact is not None:
            value, document, record = fact.value, fact.document, fact.record
        elif member is False:
            value = VoteOption.NOT_MEMBER.value
        elif adoption is None or member is None:
            value, document, record = VoteOption.UNKNOWN.value, None, None
        elif adoption.method is AdoptionMethod.WITHOUT_VOTE:
            value = VoteOption.NO_VOTE_TAKEN.value
        elif not self.complete:
            value = VoteOption.UNKNOWN.value
        else:
            value = VoteOption.NON_VOTING.value
        return {
            f"{prefix}_vote": value,
            f"{prefix}_document": document,
            f"{prefix}_record": record,
        }


def _complete(adoption: Adoption, votes: dict[str, Evidence]) -> bool:
    """Whether the loaded per-state votes are the whole recorded vote: every yes, no and
    abstention the record counts is among them (a record without counts is taken whole)."""
    if not votes:
        return False
    if adoption.yes is None:
        return True
    cast = [fact.value for fact in votes.values()]
    wanted = (adoption.yes, adoption.no, adoption.abstain)
    return tuple(cast.count(v.value) for v in _CAST) == wanted


_CAST = (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN)


def _voting_members(store: Store, track: Track, session: int) -> set[str] | None:
    """Who could vote: the UN members of a GA session, the Council's members of an HRC
    session (None when no record of that session's membership is loaded)."""
    if track == Track.GA:
        return _ga_members(session, track)
    codes = {
        str(row["state_code"])
        for row in store.rows("SELECT state_code FROM council_members WHERE session = ?", [session])
    }
    return codes or None


def _ga_members(session: int, track: Track) -> set[str]:
    """UN members in a GA session; for an HRC session, in the GA session of its year."""
    ga_session = session_of_year(hrc_year_of_session(session)) if track == Track.HRC else session
    return {state.code for state in countries.members_in_session(ga_session)}
