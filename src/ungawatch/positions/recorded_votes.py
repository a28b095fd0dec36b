"""Recorded votes, one by one: every roll call the database holds, whatever its source.

A recorded vote reaches the database from the bulk vote tables (the Library's voting CSV,
Voeten's `unvotes`: some 6,200 roll calls since 1946, amendment and paragraph votes included)
or from an adoption record that lists each state's vote (a MARCXML voting record, a committee
report's text). Each is known by its source record, `source_kind:record_id`; the same vote
reported by two sources is two records, of which the analytics count the most authoritative
one (`canonical_roll_calls`) and this module says which.

A member of the day that a recorded vote does not list took no part in it: `X` (present not
voting, or absent; `unvotes` has no row for absent members). A state that was not a member is
`not_member`, never counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from rapidfuzz import process

from ungawatch import countries
from ungawatch.countries.regions import region_of
from ungawatch.errors import NotFound
from ungawatch.positions.history import state_name
from ungawatch.positions.series import roll_call_title
from ungawatch.sessions import year_of_session
from ungawatch.store import Store
from ungawatch.vocabulary import AdoptionMethod, Body, VoteOption, precedence_sql

WHOLE_TEXT = "whole text"
PARAGRAPH = "paragraph"
AMENDMENT = "amendment"

# Both kinds of record in one shape: the bulk tables' roll calls, and adoptions by recorded
# vote (titled by their document's record, or by any record of the same symbol).
_DETAILS = f"""
WITH details AS (
    SELECT source_kind, record_id, session, date, symbol, coalesce(body, '{Body.PLENARY.value}')
           AS body, coalesce(amendment, false) AS amendment, coalesce(paragraph, false)
           AS paragraph, important, yes, no, abstain, non_voting, meeting, draft,
           committee_report, title, descr, short, agenda_title, vote_note AS note, link
    FROM roll_calls
    UNION ALL
    SELECT a.source_kind, a.record_id, d.regular_session, a.date, a.symbol,
           coalesce(a.body, d.body, '{Body.PLENARY.value}'), false, false, NULL, a.yes, a.no,
           a.abstain, a.non_voting, a.meeting, NULL, NULL,
           coalesce((SELECT min(t.title) FROM documents t WHERE t.symbol = a.symbol), d.title),
           NULL, NULL, NULL, a.note, NULL
    FROM adoptions a
    LEFT JOIN documents d ON d.source_kind = a.source_kind AND d.record_id = a.record_id
    WHERE a.method = '{AdoptionMethod.RECORDED_VOTE.value}'
),
counted AS (
    SELECT source_kind, record_id, count(*) FILTER (WHERE vote = 'Y') AS y,
           count(*) FILTER (WHERE vote = 'N') AS n, count(*) FILTER (WHERE vote = 'A') AS a,
           count(*) FILTER (WHERE vote = 'X') AS x
    FROM all_roll_call_votes v WHERE {{votes_where}} GROUP BY ALL
)
SELECT d.*, c.y, c.n, c.a, c.x,
       EXISTS (SELECT 1 FROM canonical_roll_calls k WHERE k.source_kind = d.source_kind
               AND k.record_id = d.record_id) AS canonical,
       (SELECT list(i.issue ORDER BY i.issue) FROM roll_call_issues i
        WHERE i.source_kind = d.source_kind AND i.record_id = d.record_id) AS issues
FROM details d LEFT JOIN counted c USING (source_kind, record_id)
WHERE {{where}}
ORDER BY d.date NULLS LAST, d.session, {precedence_sql("d.source_kind")},
         try_cast(d.record_id AS BIGINT) NULLS LAST, d.record_id
"""


@dataclass(frozen=True, slots=True)
class RollCall:
    """One recorded vote: what was voted on, where, when, and the tallies.

    `kind` is "whole text", "paragraph" or "amendment". Tallies are the source's own where it
    gives them, else counted from the states' votes it lists. `canonical` is False when a more
    authoritative source reports the same vote (that record is the one the analytics count).
    """

    id: str
    source_kind: str
    record_id: str
    session: int | None
    year: int | None
    date: str | None
    body: str
    symbol: str | None
    title: str | None
    kind: str
    important: bool | None
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    issues: tuple[str, ...]
    canonical: bool

    @property
    def counts(self) -> str | None:
        if self.yes is None:
            return None
        return f"{self.yes}-{self.no}-{self.abstain}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StateVote:
    """One state on one recorded vote: its vote in the positions vocabulary, with its group."""

    state_code: str
    state: str
    region: str
    iso_numeric: str | None
    vote: VoteOption
    printed_name: str | None


@dataclass(frozen=True, slots=True)
class RollCallView:
    """A recorded vote with every state's vote, the documents it names and its series."""

    roll_call: RollCall
    meeting: str | None
    draft: str | None
    committee_report: str | None
    agenda: str | None
    note: str | None
    link: str | None
    states: tuple[StateVote, ...]
    series_id: str | None
    same_vote: tuple[str, ...]  # ids of the records of other sources reporting this vote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class VoteSession:
    """What the database holds of one session's recorded votes."""

    session: int
    year: int
    roll_calls: int
    whole_text: int
    paragraph: int
    amendment: int
    issues: dict[str, int]


def roll_call(store: Store, source_kind: str, record_id: str) -> RollCallView:
    """One recorded vote by its source record, with every member's vote."""
    rows = store.rows(
        _DETAILS.format(
            votes_where="source_kind = ? AND record_id = ?",
            where="d.source_kind = ? AND d.record_id = ?",
        ),
        [source_kind, record_id, source_kind, record_id],
    )
    if not rows:
        raise NotFound(
            f"recorded vote {source_kind}:{record_id}", _close_ids(store, source_kind, record_id)
        )
    row = rows[0]
    summary = _roll_call(row)
    return RollCallView(
        roll_call=summary,
        meeting=row["meeting"],
        draft=row["draft"],
        committee_report=row["committee_report"],
        agenda=row["agenda_title"],
        note=row["note"],
        link=row["link"],
        states=_states(store, summary),
        series_id=_series_of(store, summary.symbol),
        same_vote=_same_vote(store, summary),
    )


def roll_calls(
    store: Store,
    *,
    session: int | None = None,
    issue: str | None = None,
    symbols: Sequence[str] = (),
) -> list[RollCall]:
    """The recorded votes of a session, on an issue (code or name, e.g. "hr" or "Human
    rights") and/or on any of `symbols` (a resolution and its drafts), oldest first."""
    clauses: list[str] = ["true"]
    parameters: list[object] = []
    if session is not None:
        clauses.append("d.session = ?")
        parameters.append(session)
    if symbols:
        clauses.append("(list_contains(?, d.symbol) OR list_contains(?, d.draft))")
        parameters.extend([list(symbols), list(symbols)])
    if issue is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM roll_call_issues i WHERE i.source_kind = d.source_kind AND "
            "i.record_id = d.record_id AND (lower(i.issue_code) = lower(?) "
            "OR lower(i.issue) = lower(?)))"
        )
        parameters.extend([issue, issue])
    where = " AND ".join(clauses)
    # The vote counts are only needed for the roll calls listed: narrow them the same way,
    # as a semi-join on the key (not on concatenated strings: 2x slower).
    votes_where = (
        "EXISTS (SELECT 1 FROM details d WHERE d.source_kind = v.source_kind "
        f"AND d.record_id = v.record_id AND {where})"
    )
    sql = _DETAILS.format(votes_where=votes_where, where=where)
    return [_roll_call(row) for row in store.rows(sql, [*parameters, *parameters])]


def vote_sessions(store: Store) -> list[VoteSession]:
    """Every session with a recorded vote in the database: how many, of what kind, on what."""
    rows = store.rows(
        "WITH calls AS (SELECT source_kind, record_id, session, amendment, paragraph "
        "FROM all_roll_calls WHERE session IS NOT NULL), "
        "topics AS (SELECT c.session, i.issue, count(*) AS n FROM calls c JOIN roll_call_issues "
        "i USING (source_kind, record_id) GROUP BY ALL) "
        "SELECT c.session, count(*) AS roll_calls, "
        "count(*) FILTER (WHERE NOT c.amendment AND NOT c.paragraph) AS whole_text, "
        "count(*) FILTER (WHERE c.paragraph) AS paragraph, "
        "count(*) FILTER (WHERE c.amendment) AS amendment, "
        "(SELECT map(list(t.issue ORDER BY t.issue), list(t.n ORDER BY t.issue)) FROM topics t "
        "WHERE t.session = c.session) AS issues FROM calls c GROUP BY c.session "
        "ORDER BY c.session",
    )
    return [
        VoteSession(
            session=int(row["session"]),
            year=year_of_session(int(row["session"])),
            roll_calls=int(row["roll_calls"]),
            whole_text=int(row["whole_text"]),
            paragraph=int(row["paragraph"]),
            amendment=int(row["amendment"]),
            issues={str(k): int(v) for k, v in (row["issues"] or {}).items()},
        )
        for row in rows
    ]


def vote_issues(store: Store) -> dict[str, str]:
    """Issue code -> name, for the issues recorded votes are tagged with."""
    rows = store.rows(
        "SELECT issue_code, min(issue) AS issue FROM roll_call_issues GROUP BY 1 ORDER BY 2"
    )
    return {str(row["issue_code"]): str(row["issue"]) for row in rows}


def _roll_call(row: dict[str, Any]) -> RollCall:
    session = row["session"]
    kind = AMENDMENT if row["amendment"] else PARAGRAPH if row["paragraph"] else WHOLE_TEXT
    return RollCall(
        id=f"{row['source_kind']}:{row['record_id']}",
        source_kind=str(row["source_kind"]),
        record_id=str(row["record_id"]),
        session=int(session) if session is not None else None,
        year=year_of_session(int(session))
        if session is not None and row["body"] != Body.HRC.value
        else None,
        date=str(row["date"]) if row["date"] is not None else None,
        body=str(row["body"]),
        symbol=row["symbol"],
        title=roll_call_title(row["title"], row["descr"], row["short"]),
        kind=kind,
        important=row["important"],
        yes=_count(row["yes"], row["y"]),
        no=_count(row["no"], row["n"]),
        abstain=_count(row["abstain"], row["a"]),
        non_voting=row["non_voting"],
        issues=tuple(row["issues"] or ()),
        canonical=bool(row["canonical"]),
    )


def _count(stated: int | None, counted: int | None) -> int | None:
    """The source's tally, else the count of the votes it lists (None if it lists none)."""
    if stated is not None:
        return int(stated)
    return None if counted is None else int(counted)


def _day(summary: RollCall) -> date:
    if summary.date:
        return date.fromisoformat(summary.date)
    if summary.year:
        return date(summary.year, 12, 31)
    return date.today()


def _states(store: Store, summary: RollCall) -> tuple[StateVote, ...]:
    """Every member of the day, with the vote the record lists (X when it lists none), and
    any non-member the record names."""
    rows = store.rows(
        "SELECT v.state_code, v.vote, r.printed_name FROM all_roll_call_votes v "
        "LEFT JOIN roll_call_votes r ON r.source_kind = v.source_kind "
        "AND r.record_id = v.record_id AND r.state_code = v.state_code "
        "WHERE v.source_kind = ? AND v.record_id = ?",
        [summary.source_kind, summary.record_id],
    )
    day = _day(summary)
    listed = {str(row["state_code"]): row for row in rows}
    members = {state.code for state in countries.members_on(day)}
    lines = []
    for code in members | set(listed):
        row = listed.get(code)
        vote = VoteOption(row["vote"]) if row else VoteOption.NON_VOTING
        lines.append(
            StateVote(
                state_code=code,
                state=state_name(code, day.year),
                region=region_of(code),
                iso_numeric=countries.iso_numeric(code),
                vote=vote,
                printed_name=row["printed_name"] if row else None,
            )
        )
    return tuple(sorted(lines, key=lambda line: countries.normalize_name(line.state)))


def _series_of(store: Store, symbol: str | None) -> str | None:
    if symbol is None:
        return None
    value = store.scalar("SELECT min(series_id) FROM series_documents WHERE symbol = ?", [symbol])
    return str(value) if value is not None else None


def _same_vote(store: Store, summary: RollCall) -> tuple[str, ...]:
    """Other records of the same whole-text vote: same body, symbol and date."""
    if summary.kind != WHOLE_TEXT or summary.symbol is None:
        return ()
    rows = store.rows(
        "SELECT source_kind || ':' || record_id AS id FROM all_roll_calls "
        "WHERE symbol = ? AND body = ? AND date IS NOT DISTINCT FROM ? "
        "AND NOT amendment AND NOT paragraph AND NOT (source_kind = ? AND record_id = ?) "
        f"ORDER BY {precedence_sql()}, record_id",
        [summary.symbol, summary.body, summary.date, summary.source_kind, summary.record_id],
    )
    return tuple(str(row["id"]) for row in rows)


def _close_ids(store: Store, source_kind: str, record_id: str) -> list[str]:
    rows = store.rows(
        "SELECT DISTINCT source_kind || ':' || record_id AS id FROM all_roll_calls "
        "WHERE source_kind = ?",
        [source_kind],
    )
    ids = [str(row["id"]) for row in rows]
    wanted = f"{source_kind}:{record_id}"
    return [match for match, _, _ in process.extract(wanted, ids, limit=5)]
