"""Tier 1: what the UN record in the database says, through the positions library.

A claim's topic resolves to a series (a recurring text: its sessions, each with coverage,
and every state's position) or, for a text only known from its recorded votes, to the
recorded votes whose title matches. Each question returns an `Answer` with the documents and
rows behind it, or None when no loaded document decides it: a session whose sponsor list is
not loaded answers nothing about sponsors, never "not a sponsor".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ungawatch.claims.atoms import ADDITIONAL, NOT_SPONSOR, ORIGINAL, SPONSOR
from ungawatch.claims.model import Topic
from ungawatch.positions.history import list_series, position_of, series_sessions
from ungawatch.positions.records import Adoption, SeriesInfo, SeriesSession
from ungawatch.positions.series import roll_call_title, series_key
from ungawatch.sessions import label, year_of
from ungawatch.store import Store
from ungawatch.vocabulary import AdoptionMethod, Body, SponsorRole, Track, VoteOption

_TITLE_STOP = frozenset(
    [
        "of",
        "the",
        "in",
        "and",
        "on",
        "a",
        "an",
        "to",
        "for",
        "by",
        "with",
        "against",
        "situation",
        "question",
        "resolution",
        "resolutions",
        "draft",
        "its",
        "their",
        "his",
        "her",
    ]
)


@dataclass(frozen=True, slots=True)
class Target:
    """What a claim is about: a series, or recorded votes on a title (no series), or only a
    topic (nothing in the database matches: reports can still meet on it)."""

    key: str
    label: str
    track: Track
    series: SeriesInfo | None = None
    title_words: tuple[str, ...] = ()

    @property
    def states(self) -> tuple[str, ...]:
        """The states the text is about, as its title names them ("... in the Democratic
        People's Republic of Korea" -> PRK)."""
        return tuple(sorted(w for w in _title_words(self.label) if w.isupper()))


@dataclass(frozen=True, slots=True)
class Answer:
    """The record's answer to one atom: the value, in words, with its documents and rows."""

    value: object
    says: str
    documents: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()


@dataclass
class Record:
    """The UN record of one database, read for one check (caches live as long as it does)."""

    store: Store
    _series: list[SeriesInfo] | None = None
    _sessions: dict[str, list[SeriesSession]] = field(default_factory=dict)
    _votes: dict[tuple[str, bool], list[dict[str, Any]]] = field(default_factory=dict)
    _targets: dict[tuple[Topic, Track | None], Target | None] = field(default_factory=dict)

    # --- targets ---------------------------------------------------------------------------

    def all_series(self) -> list[SeriesInfo]:
        if self._series is None:
            self._series = list_series(self.store)
        return self._series

    def target(self, topic: Topic, track: Track | None) -> Target | None:
        """The text a claim names, in its body's track: the series a topic names (best title
        match, all its states named), else recorded votes whose title matches, else the bare
        topic. A claim that names no body is read as the General Assembly's (the text news
        most often means) unless only the Council has a text on its topic; the other body's
        text is its twin, checked apart (`check._with_twin`)."""
        if (topic, track) not in self._targets:
            if track is None:
                found = self._target(topic, Track.GA)
                if found is None or found.key.startswith("topic:"):
                    found = self._target(topic, Track.HRC, bare=False) or found
            else:
                found = self._target(topic, track)
            self._targets[(topic, track)] = found
        return self._targets[(topic, track)]

    def _target(self, topic: Topic, track: Track, *, bare: bool = True) -> Target | None:
        if topic.empty:
            return None
        wanted = _topic_words(topic)
        scored = []
        for series in self.all_series():
            if series.track is not track:
                continue
            score = _score(_title_words(series.name), wanted, topic.quoted, series.name)
            if score > 0:
                scored.append((score, len(series.sessions), series))
        if not scored:
            scored = self._only_text_on(topic, track)
        if scored:
            best = max(scored, key=lambda item: (item[0], item[1]))[2]
            return Target(best.id, best.name.strip(), best.track, series=best)
        titled = self._roll_call_target(topic, wanted, track)
        if titled is not None or not bare:
            return titled
        if not topic.states:
            return None
        # A topic no loaded text matches: reports can still meet on it (per track).
        prefix = "topic:" if track is Track.GA else "topic:hrc:"
        return Target(
            prefix + ",".join(sorted(topic.states)),
            f"the text on {', '.join(sorted(topic.states))}",
            track,
        )

    def _only_text_on(self, topic: Topic, track: Track) -> list[tuple[float, int, SeriesInfo]]:
        """ "The Council's North Korea resolution": a topic that names only states, and the
        one series of this track whose title names exactly those states. Two texts on the
        same states (human rights, a nuclear test) make it ambiguous: then none."""
        if not topic.states or topic.quoted:
            return []
        states = set(topic.states)
        found = [
            (0.5, len(series.sessions), series)
            for series in self.all_series()
            if series.track is track
            and {w for w in _title_words(series.name) if w.isupper()} == states
        ]
        return found if len(found) == 1 else []

    def series_target(self, series_id: str) -> Target | None:
        """The target of a series known by its id (a Council record's own series)."""
        for series in self.all_series():
            if series.id == series_id:
                return Target(series.id, series.name.strip(), series.track, series=series)
        return None

    def twin(self, target: Target) -> Target | None:
        """The same situation's series in the other track (the HRC text of a GA text)."""
        if target.series is None:
            return None
        other = Track.HRC if target.track is Track.GA else Track.GA
        for series in self.all_series():
            if series.id == target.series.twin_id or (
                series.track is other and series.twin_id == target.series.id
            ):
                return Target(series.id, series.name, series.track, series=series)
        return None

    def _roll_call_target(self, topic: Topic, wanted: set[str], track: Track) -> Target | None:
        long_words = sorted(w for w in wanted if len(w) >= 6 and not w.isupper())
        if not long_words:
            return None
        clause = " OR ".join(["lower(coalesce(title, descr, short, '')) LIKE ?"] * len(long_words))
        rows = self.store.rows(
            f"SELECT DISTINCT title, descr, short FROM roll_calls WHERE ({clause}) "
            "AND (coalesce(body, '') = ?) = ? LIMIT 2000",
            [*(f"%{w}%" for w in long_words), Body.HRC.value, track is Track.HRC],
        )
        best: tuple[float, str] | None = None
        for row in rows:
            title = roll_call_title(row["title"], row["descr"], row["short"])
            if not title:
                continue
            score = _score(_title_words(title), wanted, topic.quoted, title)
            if score > 0 and (best is None or score > best[0]):
                best = (score, title)
        if best is None:
            return None
        words = tuple(sorted(_title_words(best[1])))
        prefix = "votes:" if track is Track.GA else "votes:hrc:"
        return Target(prefix + " ".join(words), best[1], track, title_words=words)

    # --- answers ---------------------------------------------------------------------------

    def sessions(self, series: SeriesInfo) -> list[SeriesSession]:
        if series.id not in self._sessions:
            self._sessions[series.id] = series_sessions(self.store, series.id)
        return self._sessions[series.id]

    def session_of(self, target: Target, year: int) -> SeriesSession | None:
        """The series' text of a calendar year: GA session Y-1945 (its autumn committee work
        and December plenary), or the Council session of that year that holds the text. A
        year before either body met simply has no text."""
        if target.series is None:
            return None
        for session in self.sessions(target.series):
            if year_of(target.track, session.session) == year:
                return session
        return None

    def sessions_of_years(self, target: Target, years: list[int]) -> list[int]:
        """The series' sessions that hold the texts of these years, in order."""
        found = (self.session_of(target, year) for year in years)
        return [session.session for session in found if session is not None]

    def sponsor(self, target: Target, year: int, code: str) -> Answer | None:
        session = self.session_of(target, year)
        if target.series is None or session is None:
            return None
        position = position_of(self.store, target.series, code, session)
        role = position.sponsor_role
        if role is SponsorRole.UNKNOWN:
            return None
        # A Council co-sponsor list says the state sponsored, not whether from the start.
        value = {
            SponsorRole.ORIGINAL: ORIGINAL,
            SponsorRole.ADDITIONAL: ADDITIONAL,
            SponsorRole.CO_SPONSOR: SPONSOR,
        }.get(role, NOT_SPONSOR)
        where = label(target.track, session.session)
        words = {
            ORIGINAL: "an original sponsor",
            ADDITIONAL: "an additional sponsor",
            SPONSOR: "a co-sponsor",
        }.get(value, "not a sponsor" if role is not SponsorRole.WITHDRAWN else "withdrawn")
        document = position.sponsor_document or session.sponsor_list
        return Answer(
            value,
            f"{position.state} was {words} in {where} ({document})",
            documents=tuple(d for d in (document,) if d),
            records=tuple(r for r in (position.sponsor_record,) if r),
            rows=(
                {
                    "series": target.key,
                    "session": session.session,
                    "state": code,
                    "sponsor_role": role.value,
                },
            ),
        )

    def adoption(self, target: Target, year: int, body: str) -> Answer | None:
        """How the text of `year` was adopted by the plenary (Council) or its committee."""
        session = self.session_of(target, year)
        if session is not None:
            action = session.committee if body == "committee" else session.plenary
            return _adoption_answer(target, session, action, body) if action else None
        if target.title_words and body != "committee":
            votes = self.recorded_votes(target, year)
            if votes:
                return _roll_call_answer(votes[0])
        return None

    def adopted(self, target: Target, year: int) -> Answer | None:
        """Whether the text of `year` is on record at all (its resolution or recorded vote)."""
        session = self.session_of(target, year)
        if session is not None and (session.resolution or session.plenary):
            document = session.resolution or (session.plenary.document if session.plenary else None)
            return Answer(
                True,
                f"{label(target.track, session.session)}: {document}",
                documents=tuple(d for d in (document,) if d),
            )
        votes = self.recorded_votes(target, year) if target.title_words else []
        if votes:
            return Answer(
                True, f"recorded vote on {votes[0]['symbol']}", documents=(str(votes[0]["symbol"]),)
            )
        return None

    def first_year(self, target: Target) -> Answer | None:
        """The earliest year the record holds a text of the series (positive: a text of that
        year exists; it cannot show that none came before)."""
        if target.series is not None and target.series.years:
            first = self.sessions(target.series)[0]
            return Answer(
                first.year,
                f"earliest text on record: {first.resolution or first.draft} "
                f"({label(target.track, first.session)})",
                documents=tuple(d for d in (first.resolution or first.draft,) if d),
            )
        if target.title_words:
            votes = self.recorded_votes(target, None)
            if votes:
                earliest = min(votes, key=lambda v: str(v["date"]))
                return Answer(
                    int(str(earliest["date"])[:4]),
                    f"earliest recorded vote on record: {earliest['symbol']} ({earliest['date']})",
                    documents=(str(earliest["symbol"]),),
                )
        return None

    def vote(self, target: Target, year: int, body: str, code: str) -> Answer | None:
        session = self.session_of(target, year)
        if target.series is not None and session is not None:
            position = position_of(self.store, target.series, code, session)
            vote = position.committee_vote if body == "committee" else position.plenary_vote
            document = (
                position.committee_document if body == "committee" else position.plenary_document
            )
            if vote is None or vote is VoteOption.UNKNOWN:
                return None
            if vote is VoteOption.NO_VOTE_TAKEN:
                action = session.committee if body == "committee" else session.plenary
                document = action.document if action else document
                return Answer(
                    vote,
                    f"adopted without a vote in {label(target.track, session.session)}: "
                    f"no vote to cast ({document})",
                    documents=tuple(d for d in (document,) if d),
                )
            where = label(target.track, session.session)
            source = position.committee_record if body == "committee" else position.plenary_record
            return Answer(
                vote,
                f"{position.state} {_vote_words(vote, target.track)} in {where} ({document})",
                documents=tuple(d for d in (document,) if d),
                records=tuple(r for r in (source,) if r),
            )
        if target.title_words and body != "committee":
            for row in self.recorded_votes(target, year):
                cast = self.store.rows(
                    "SELECT vote FROM roll_call_votes WHERE source_kind = ? AND record_id = ? "
                    "AND state_code = ?",
                    [row["source_kind"], row["record_id"], code],
                )
                if cast:
                    vote = VoteOption(cast[0]["vote"])
                    return Answer(
                        vote,
                        f"{code} {_vote_words(vote, target.track)} on {row['symbol']} "
                        f"({row['date']})",
                        documents=(str(row["symbol"]),),
                        records=(f"{row['source_kind']}:{row['record_id']}",),
                    )
        return None

    def tally(self, target: Target, year: int, body: str, amendment: bool) -> list[Answer]:
        """The recorded votes of `year` with their counts (amendment votes apart)."""
        if amendment:
            return [
                _roll_call_answer(row) for row in self.recorded_votes(target, year, amendments=True)
            ]
        answer = self.adoption(target, year, body)
        if answer is not None and answer.value == AdoptionMethod.RECORDED_VOTE.value:
            return [answer]
        if answer is not None:
            return [answer]
        return []

    def counts(self, target: Target, year: int) -> dict[str, Answer]:
        """The sponsor counts of the year's text: original, additional and in all. For the
        Council only the draft's own list counts (its first page names every sponsor at
        submission): later co-sponsors come from lists that say neither when each joined nor,
        often, all of them ("Main sponsors29" with no names), so no total is given."""
        session = self.session_of(target, year)
        if session is None or session.original_sponsors is None:
            return {}
        where = f"{label(target.track, session.session)}, {session.sponsor_list}"
        if target.track is Track.HRC:
            return {
                "initial": Answer(
                    session.original_sponsors,
                    f"{session.original_sponsors} sponsors on the draft ({where})",
                    documents=tuple(d for d in (session.sponsor_list,) if d),
                )
            }
        listed = ", ".join(session.additional_listed_in) or "no addendum"
        documents = (session.sponsor_list or "", *session.additional_listed_in)
        documents = tuple(d for d in documents if d)
        found = {
            "initial": Answer(
                session.original_sponsors,
                f"{session.original_sponsors} original sponsors ({where})",
                documents=documents,
            ),
            "final": Answer(
                session.sponsors,
                f"{session.sponsors} sponsors in all: {session.original_sponsors} original "
                f"and {session.additional_sponsors} additional ({where}; {listed})",
                documents=documents,
            ),
        }
        found["additional"] = Answer(
            session.additional_sponsors,
            f"{session.additional_sponsors} additional sponsors ({listed})",
            documents=documents,
        )
        return found

    def recorded_votes(
        self, target: Target, year: int | None, *, amendments: bool = False
    ) -> list[dict[str, Any]]:
        """Canonical recorded votes (whole text, or amendments) on the target's title."""
        if target.series is not None:
            symbols = [s.resolution for s in self.sessions(target.series) if s.resolution]
            where, parameters = "r.symbol IN (SELECT unnest(?::VARCHAR[]))", [symbols]
        elif target.title_words:
            key = (target.key, amendments)
            if key not in self._votes:
                self._votes[key] = _titled_votes(
                    self.store, target.title_words, amendments, target.track
                )
            rows = self._votes[key]
            return [row for row in rows if year is None or str(row["date"])[:4] == str(year)]
        else:
            return []
        key = (target.key, amendments)
        if key not in self._votes:
            self._votes[key] = counted_votes(self.store, where, [*parameters, amendments])
        return [r for r in self._votes[key] if year is None or str(r["date"])[:4] == str(year)]


_COUNTED = """
WITH chosen AS ({chosen}),
counted AS (
    SELECT source_kind, record_id, count(*) FILTER (WHERE vote = 'Y') AS y,
           count(*) FILTER (WHERE vote = 'N') AS n, count(*) FILTER (WHERE vote = 'A') AS a
    FROM roll_call_votes
    WHERE (source_kind, record_id) IN (SELECT source_kind, record_id FROM chosen)
    GROUP BY ALL
)
SELECT chosen.* EXCLUDE (yes, no, abstain), coalesce(chosen.yes, counted.y) AS yes,
       coalesce(chosen.no, counted.n) AS no, coalesce(chosen.abstain, counted.a) AS abstain
FROM chosen LEFT JOIN counted USING (source_kind, record_id) ORDER BY chosen.date
"""
_CHOSEN = (
    "SELECT r.source_kind, r.record_id, r.symbol, CAST(r.date AS VARCHAR) AS date, r.title, "
    "r.descr, r.short, c.yes, c.no, c.abstain FROM roll_calls r JOIN canonical_roll_calls c "
    "USING (source_kind, record_id) WHERE {where} AND c.amendment = ?"
)


def counted_votes(store: Store, where: str, parameters: list[Any]) -> list[dict[str, Any]]:
    """Canonical recorded votes with their counts; `unvotes` gives none, so they are counted
    from its votes (in the same query)."""
    return store.rows(_COUNTED.format(chosen=_CHOSEN.format(where=where)), parameters)


def _titled_votes(
    store: Store, words: tuple[str, ...], amendments: bool, track: Track
) -> list[dict[str, Any]]:
    """Recorded votes of one track whose (repaired) title has exactly these distinctive
    words: a Council vote never answers for the Assembly, nor the reverse."""
    long_words = [w for w in words if len(w) >= 5 and not w.isupper()]
    clause = " AND ".join(
        ["lower(coalesce(r.title, r.descr, r.short, '')) LIKE ?"] * len(long_words)
        + ["(coalesce(c.body, '') = ?) = ?"]
    )
    parameters = [*(f"%{w}%" for w in long_words), Body.HRC.value, track is Track.HRC]
    rows = counted_votes(store, clause, [*parameters, amendments])
    wanted = set(words)
    return [
        row
        for row in rows
        if (title := roll_call_title(row["title"], row["descr"], row["short"]))
        and _title_words(title) == wanted
    ]


def _vote_words(vote: VoteOption, track: Track) -> str:
    """A vote in words. A state that did not sit in the body is not a member (of the Council
    that session, or of the UN that year): it could not vote, which is not "did not vote"."""
    if vote is VoteOption.NOT_MEMBER:
        return (
            "was not a member of the Council (only its 47 members vote)"
            if track is Track.HRC
            else "was not a member of the United Nations then"
        )
    return {
        VoteOption.YES: "voted in favour",
        VoteOption.NO: "voted against",
        VoteOption.ABSTAIN: "abstained",
        VoteOption.NON_VOTING: "was a member but did not vote (recorded as not voting)",
    }.get(vote, vote.value)


def _adoption_answer(target: Target, session: SeriesSession, action: Adoption, body: str) -> Answer:
    organ = "the plenary" if target.track is Track.GA else "the Council"
    organ = "the committee" if body == "committee" else organ
    where = f"{organ}, {label(target.track, session.session)}"
    day = f" on {action.date}" if action.date else ""
    if action.method is AdoptionMethod.RECORDED_VOTE:
        says = f"adopted by a recorded vote of {action.counts} in {where}{day} ({action.document})"
    else:
        says = f"adopted without a vote in {where}{day} ({action.document})"
    return Answer(
        action.method.value,
        says,
        documents=tuple(d for d in (action.document,) if d),
        records=tuple(r for r in (action.record,) if r),
        rows=(
            {
                "method": action.method.value,
                "date": action.date,
                "yes": action.yes,
                "no": action.no,
                "abstain": action.abstain,
                "document": action.document,
            },
        ),
    )


def _roll_call_answer(row: dict[str, Any]) -> Answer:
    counts = f"{row['yes']}-{row['no']}-{row['abstain']}"
    return Answer(
        AdoptionMethod.RECORDED_VOTE.value,
        f"recorded vote of {counts} on {row['symbol']} ({row['date']})",
        documents=(str(row["symbol"]),),
        records=(f"{row['source_kind']}:{row['record_id']}",),
        rows=(
            {
                "method": AdoptionMethod.RECORDED_VOTE.value,
                "date": row["date"],
                "yes": row["yes"],
                "no": row["no"],
                "abstain": row["abstain"],
                "document": row["symbol"],
            },
        ),
    )


@functools.lru_cache(maxsize=4096)
def _title_words(title: str) -> set[str]:
    """A title's distinctive words, state names as registry codes: "human rights PRK"."""
    return {
        _stem(w) if not w.isupper() else w
        for w in series_key(title).split()
        if w not in _TITLE_STOP
    }


def _topic_words(topic: Topic) -> set[str]:
    words = {_stem(w) for w in topic.words}
    if topic.quoted:
        words |= _title_words(topic.quoted)
    return words | set(topic.states)


def _stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _score(title: set[str], wanted: set[str], quoted: str | None, name: str) -> float:
    """How well a topic names a title: every state of the title named, and at least one of
    its other words (two when it has several); a quoted title must be this title."""
    if quoted:
        from rapidfuzz import fuzz

        return (
            fuzz.token_set_ratio(quoted, name) / 100
            if fuzz.token_set_ratio(quoted, name) >= 85
            else 0.0
        )
    codes = {w for w in title if w.isupper()}
    words = title - codes
    if not codes <= wanted:
        return 0.0
    shared = words & wanted
    if not shared or (len(words) >= 3 and len(shared) < 2 and not codes):
        return 0.0
    return len(codes) + len(shared) / max(len(words), 1)


def words_of(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.casefold())}
