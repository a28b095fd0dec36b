"""Two or more states side by side: how often they voted alike, where they differed, which
texts they sponsored together, and how united they voted as a group.

Votes are the plenary's recorded votes (a committee vote is never a plenary vote), each
counted once from its most authoritative source (`canonical_roll_calls`), and a state's votes
include those cast for the seat it continues (`seat_codes`: the Russian Federation continues
the USSR). Agreement follows `analysis.agreement` ("half" convention: an abstention against a
Yes or No counts one half). Sessions in which no vote both states cast is loaded are absent
from the result, never 0 %: a chart must show them as a gap. Co-sponsorship is read from the
stored positions, only in sessions whose sponsor list is loaded (an unknown list is never
"not a sponsor").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ungawatch import countries
from ungawatch.analysis.agreement import seat_codes
from ungawatch.errors import NotFound
from ungawatch.positions.series import roll_call_title
from ungawatch.sessions import year_of_session
from ungawatch.store import Store
from ungawatch.vocabulary import Body, SponsorRole, Track


@dataclass(frozen=True, slots=True)
class StateRef:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two states in one session: plenary recorded votes both cast (Y, N or A), identical
    votes, abstention against a Yes/No (`half`), Yes against No, and the agreement share."""

    a: str
    b: str
    session: int
    year: int
    votes: int
    agree: int
    half: int
    opposite: int
    agreement: float


@dataclass(frozen=True, slots=True)
class Cohesion:
    """How united the compared states voted in one session: the mean Agreement Index (Hix,
    Noury and Roland) over the plenary roll calls on which at least two of them voted."""

    session: int
    year: int
    roll_calls: int
    cohesion: float


@dataclass(frozen=True, slots=True)
class Cosponsorship:
    """One session's texts whose sponsor list is loaded: how many each state sponsored
    (original or additional) and how many all the compared states sponsored together."""

    session: int
    year: int
    texts: int
    sponsored: dict[str, int]
    together: int


@dataclass(frozen=True, slots=True)
class Difference:
    """A plenary recorded vote on which the compared states that voted did not all vote alike;
    `votes` has each compared state's vote (X: took no part; absent: not a member)."""

    roll_call: str
    session: int
    year: int
    date: str | None
    symbol: str | None
    title: str | None
    votes: dict[str, str]


@dataclass(frozen=True, slots=True)
class Comparison:
    states: tuple[StateRef, ...]
    agreement: tuple[PairAgreement, ...]
    cohesion: tuple[Cohesion, ...]
    cosponsorship: tuple[Cosponsorship, ...]
    differences: int  # how many recorded votes `differences()` lists
    latest_differences: tuple[Difference, ...]  # the latest of them (`show`)


def compare(
    store: Store,
    names: list[str],
    *,
    start: int | None = None,
    end: int | None = None,
    show: int = 50,
) -> Comparison:
    """The compared states (two or more, any names) over sessions `start`..`end`, with the
    latest `show` recorded votes on which they differed."""
    states = _states(names)
    codes = [state.code for state in states]
    split = _split(store, codes, start, end)
    return Comparison(
        states=states,
        agreement=_agreement(store, codes, start, end),
        cohesion=_cohesion(store, codes, start, end),
        cosponsorship=_cosponsorship(store, codes, start, end),
        differences=len(split),
        latest_differences=tuple(_differences(store, codes, split[:show])),
    )


def pair_agreement(
    store: Store, names: list[str], *, start: int | None = None, end: int | None = None
) -> tuple[PairAgreement, ...]:
    """Only the agreement of each pair of the states, by session (what `compare` gives in
    `agreement`, without the rest)."""
    codes = [state.code for state in _states(names)]
    return _agreement(store, codes, start, end)


def differences(
    store: Store,
    names: list[str],
    *,
    start: int | None = None,
    end: int | None = None,
    limit: int | None = None,
) -> list[Difference]:
    """The plenary recorded votes on which the states did not all vote alike, latest first
    (the first `limit` of them if given)."""
    codes = [state.code for state in _states(names)]
    return _differences(store, codes, _split(store, codes, start, end)[:limit])


def _differences(store: Store, codes: list[str], chosen: list[str]) -> list[Difference]:
    """The chosen roll calls (in the order given) with each state's vote on them."""
    titles = _titles(store, chosen)
    rows = store.rows(
        _CHOSEN_VOTES + "SELECT roll_call, session, CAST(date AS VARCHAR) AS date, symbol, code, "
        "vote FROM cast_votes WHERE roll_call IN (SELECT unnest(?::VARCHAR[])) ORDER BY idx",
        [*_chosen_parameters(codes, None, None), chosen],
    )
    by_roll_call: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_roll_call.setdefault(str(row["roll_call"]), []).append(row)
    found = []
    for roll_call in chosen:
        first, *_ = group = by_roll_call[roll_call]
        found.append(
            Difference(
                roll_call=roll_call,
                session=int(first["session"]),
                year=year_of_session(int(first["session"])),
                date=first["date"],
                symbol=first["symbol"],
                title=titles.get(roll_call),
                votes={str(row["code"]): str(row["vote"]) for row in group},
            )
        )
    return found


def _states(names: list[str]) -> tuple[StateRef, ...]:
    found: dict[str, StateRef] = {}
    for name in names:
        state = countries.resolve(name)
        found.setdefault(state.code, StateRef(state.code, state.name))
    if len(found) < 2:
        raise NotFound(f"a comparison of {len(found)} state (name two or more)")
    return tuple(found.values())


# The chosen states' plenary recorded votes: `chosen` maps each seat a state voted from to
# its place in the order asked (idx) and its code.
_CHOSEN_VOTES = (
    "WITH chosen AS (SELECT unnest(?::INTEGER[]) AS idx, unnest(?::VARCHAR[]) AS code, "
    "unnest(?::VARCHAR[]) AS seat), "
    "cast_votes AS (SELECT c.session, c.date, c.symbol, c.source_kind || ':' || c.record_id "
    "AS roll_call, c.source_kind, c.record_id, ch.idx, ch.code, v.vote "
    "FROM canonical_roll_calls c JOIN all_roll_call_votes v ON v.source_kind = c.source_kind "
    "AND v.record_id = c.record_id JOIN chosen ch ON ch.seat = v.state_code "
    f"WHERE c.body = '{Body.PLENARY.value}' AND c.session IS NOT NULL "
    "AND (? IS NULL OR c.session >= ?) AND (? IS NULL OR c.session <= ?)) "
)


def _chosen_parameters(codes: list[str], start: int | None, end: int | None) -> list[object]:
    pairs = [(index, code, seat) for index, code in enumerate(codes) for seat in seat_codes(code)]
    return [
        [index for index, _, _ in pairs],
        [code for _, code, _ in pairs],
        [seat for _, _, seat in pairs],
        start,
        start,
        end,
        end,
    ]


def _agreement(
    store: Store, codes: list[str], start: int | None, end: int | None
) -> tuple[PairAgreement, ...]:
    """Every pair (in the order asked) in every session in which both cast a vote (yes, no
    or abstain): the same vote agrees, an abstention against a yes or no is half, yes
    against no is opposite. Counted in the database: five states share ~30,000 votes."""
    rows = store.rows(
        _CHOSEN_VOTES + "SELECT a.idx AS idx_a, b.idx AS idx_b, a.session, "
        "count(*) FILTER (WHERE a.vote = b.vote) AS agree, "
        "count(*) FILTER (WHERE a.vote <> b.vote AND 'A' IN (a.vote, b.vote)) AS half, "
        "count(*) FILTER (WHERE a.vote <> b.vote AND 'A' NOT IN (a.vote, b.vote)) AS opposite "
        "FROM cast_votes a JOIN cast_votes b ON a.roll_call = b.roll_call "
        "AND a.session = b.session AND a.idx < b.idx "
        "WHERE a.vote IN (SELECT unnest(?::VARCHAR[])) AND b.vote IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY ALL ORDER BY idx_a, idx_b, a.session",
        [*_chosen_parameters(codes, start, end), list(_CAST), list(_CAST)],
    )
    found = []
    for row in rows:
        agree, half, opposite = int(row["agree"]), int(row["half"]), int(row["opposite"])
        total = agree + half + opposite
        found.append(
            PairAgreement(
                a=codes[int(row["idx_a"])],
                b=codes[int(row["idx_b"])],
                session=int(row["session"]),
                year=year_of_session(int(row["session"])),
                votes=total,
                agree=agree,
                half=half,
                opposite=opposite,
                agreement=(agree + 0.5 * half) / total,
            )
        )
    return tuple(found)


def _cohesion(
    store: Store, codes: list[str], start: int | None, end: int | None
) -> tuple[Cohesion, ...]:
    """Per session, the mean agreement index over the roll calls on which at least two of
    the states cast a vote: (largest share - half the rest) / votes cast."""
    rows = store.rows(
        _CHOSEN_VOTES + ", tallies AS (SELECT session, roll_call, "
        "count(*) FILTER (WHERE vote = 'Y') AS y, count(*) FILTER (WHERE vote = 'N') AS n, "
        "count(*) FILTER (WHERE vote = 'A') AS a FROM cast_votes GROUP BY ALL) "
        "SELECT session, count(*) AS roll_calls, avg((greatest(y, n, a) - (y + n + a - "
        "greatest(y, n, a)) / 2) / (y + n + a)) AS cohesion FROM tallies "
        "WHERE y + n + a >= 2 GROUP BY session ORDER BY session",
        _chosen_parameters(codes, start, end),
    )
    return tuple(
        Cohesion(
            session=int(row["session"]),
            year=year_of_session(int(row["session"])),
            roll_calls=int(row["roll_calls"]),
            cohesion=float(row["cohesion"]),
        )
        for row in rows
    )


def _split(store: Store, codes: list[str], start: int | None, end: int | None) -> list[str]:
    """The roll calls (latest first) whose Y/N/A votes among the chosen states differ."""
    rows = store.tuples(
        _CHOSEN_VOTES
        + "SELECT roll_call FROM cast_votes WHERE vote IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY roll_call, date, session, source_kind, record_id "
        "HAVING count(DISTINCT vote) > 1 ORDER BY date DESC NULLS LAST, session DESC, "
        "source_kind, try_cast(record_id AS BIGINT) DESC NULLS LAST, record_id",
        [*_chosen_parameters(codes, start, end), list(_CAST)],
    )
    return [str(roll_call) for (roll_call,) in rows]


def _titles(store: Store, roll_calls: list[str]) -> dict[str, str | None]:
    rows = store.rows(
        "SELECT source_kind || ':' || record_id AS id, title, descr, short FROM roll_calls "
        "WHERE source_kind || ':' || record_id IN (SELECT unnest(?::VARCHAR[]))",
        [roll_calls],
    )
    return {
        str(row["id"]): roll_call_title(row["title"], row["descr"], row["short"]) for row in rows
    }


_CAST = ("Y", "N", "A")


def _cosponsorship(
    store: Store, codes: list[str], start: int | None, end: int | None
) -> tuple[Cosponsorship, ...]:
    """Per GA session with a loaded sponsor list: texts, each state's, and all together."""
    sponsor = [SponsorRole.ORIGINAL.value, SponsorRole.ADDITIONAL.value]
    rows = store.rows(
        "WITH known AS (SELECT p.series_id, p.session, p.state_code, p.sponsor_role "
        "FROM positions p JOIN series s USING (series_id) JOIN series_sessions ss "
        "USING (series_id, session) WHERE s.track = ? AND ss.sponsor_list IS NOT NULL "
        "AND (? IS NULL OR p.session >= ?) AND (? IS NULL OR p.session <= ?)), "
        "texts AS (SELECT session, count(DISTINCT series_id) AS texts FROM known GROUP BY 1), "
        "mine AS (SELECT session, series_id, state_code FROM known "
        "WHERE state_code IN (SELECT unnest(?::VARCHAR[])) "
        "AND sponsor_role IN (SELECT unnest(?::VARCHAR[]))), "
        "together AS (SELECT session, count(*) AS together FROM (SELECT session, series_id "
        "FROM mine GROUP BY ALL HAVING count(DISTINCT state_code) = ?) GROUP BY 1), "
        "each AS (SELECT session, state_code, count(DISTINCT series_id) AS n FROM mine "
        "GROUP BY ALL) "
        "SELECT t.session, t.texts, coalesce(g.together, 0) AS together, "
        "(SELECT map(list(e.state_code), list(e.n)) FROM each e WHERE e.session = t.session) "
        "AS sponsored FROM texts t LEFT JOIN together g USING (session) ORDER BY t.session",
        [Track.GA.value, start, start, end, end, codes, sponsor, len(codes)],
    )
    return tuple(
        Cosponsorship(
            session=int(row["session"]),
            year=year_of_session(int(row["session"])),
            texts=int(row["texts"]),
            sponsored={code: int((row["sponsored"] or {}).get(code, 0)) for code in codes},
            together=int(row["together"]),
        )
        for row in rows
    )
