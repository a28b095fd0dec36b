"""One session's text of a series, read from the fact tables: its documents, its sponsor list,
each body's action and each state's votes, with the record behind every fact.

For each session the *final draft* is the one the Library links to the adopted resolution (or
else the latest revision); its sponsor list, the additional sponsors listed for it (in the
catalogue or in document text), the committee's vote on the draft and the plenary's recorded
vote on the resolution give each state's position. When two sources state the same fact, the
one `SourceKind` ranks first is the evidence (`precedence_sql`).

The plenary vote is the recorded vote on the whole text, whichever source has it: the
canonical roll call (the Library's voting CSV, its MARCXML voting record, or Voeten's
`unvotes`). Amendment and paragraph votes share the resolution's symbol but are not a vote on
the text, and a committee's vote (body C.1-C.6) is never read as the plenary's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ungawatch.errors import SymbolError
from ungawatch.positions.records import Adoption
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import (
    TEXT_KINDS,
    AdoptionMethod,
    Body,
    DocumentKind,
    SponsorRole,
    VoteOption,
    precedence_sql,
)

# When one record states several roles for a state, the strongest stands: a withdrawal ends
# a sponsorship, and an original sponsor listed again among additional ones stays original; a
# Council co-sponsor list, which does not say when a state joined, says least.
_ROLE_RANK = {
    SponsorRole.WITHDRAWN: 4,
    SponsorRole.ORIGINAL: 3,
    SponsorRole.ADDITIONAL: 2,
    SponsorRole.CO_SPONSOR: 1,
}
# The same by stored value: a relink ranks tens of thousands of listings.
_RANK_OF_VALUE = {role.value: rank for role, rank in _ROLE_RANK.items()}
# Records that stand in for a press release's account of a committee action: they never are
# the session's draft, only evidence of what the committee did with it.
_PRESS_KEY = "press:"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A value and where it is stated: the UN document and the source record."""

    value: str
    document: str | None
    record: str | None
    acting_for: str | None = None


@dataclass
class SessionFacts:
    """Everything the fact tables say about one session's text of a series."""

    session: int
    title: str
    documents: tuple[str, ...]
    draft: str | None = None
    resolution: str | None = None
    sponsors: dict[str, Evidence] = field(default_factory=dict)
    sponsor_records: tuple[str, ...] = ()
    # Records whose list names only some of the sponsors it counts ("Main sponsors29" with no
    # names): a state such a list does not name is unknown, not "not a sponsor".
    partial_records: tuple[str, ...] = ()
    sponsor_list: str | None = None
    stated_counts: tuple[str, ...] = ()
    press: tuple[str, ...] = ()
    plenary: Adoption | None = None
    plenary_votes: dict[str, Evidence] = field(default_factory=dict)
    committee: Adoption | None = None
    committee_votes: dict[str, Evidence] = field(default_factory=dict)

    @property
    def sponsors_known(self) -> bool:
        """Whether a complete sponsor list of the session is loaded, so that a state missing
        from it was not a sponsor (rather than one whose role is unknown)."""
        return any(record not in self.partial_records for record in self.sponsor_records)

    def count(self, role: SponsorRole) -> int | None:
        if not self.sponsors_known:
            return None
        return sum(1 for fact in self.sponsors.values() if fact.value == role.value)


@dataclass(frozen=True, slots=True)
class TextRequest:
    """One session's text to read: its documents, and the resolutions the series knows only
    from a recorded vote (no document of them is loaded)."""

    session: int
    title: str
    symbols: tuple[str, ...]
    voted: tuple[str, ...]


def session_facts(store: Store, requests: list[TextRequest]) -> list[SessionFacts]:
    """The facts of many sessions' texts, read with a few set-wise queries."""
    symbols = sorted({s for r in requests for s in r.symbols})
    documents = _documents(store, symbols)
    links = _resolution_links(store, symbols)
    found = []
    for request in requests:
        held = [documents[s] for s in request.symbols if s in documents]
        held.sort(key=lambda d: (str(d["date"] or ""), str(d["symbol"])))
        ordered = [str(d["symbol"]) for d in held]
        texts = [s for s in ordered if not s.startswith(_PRESS_KEY)]
        draft, resolution = _final_draft(texts, [d for d in held if d["symbol"] in texts], links)
        facts = SessionFacts(
            request.session,
            request.title,
            tuple(dict.fromkeys([*texts, *request.voted])),
            draft,
            resolution or (request.voted[0] if request.voted else None),
            press=tuple(s for s in ordered if s.startswith(_PRESS_KEY)),
        )
        found.append(facts)
    listed = sorted({s for f in found for s in (f.draft, f.resolution) if s})
    resolutions = sorted({f.resolution for f in found if f.resolution})
    sponsors = _sponsors(store, listed)
    counts = _stated_counts(store, listed)
    committees = _adoptions(
        store, sorted({s for f in found for s in (f.draft, *f.press) if s}), committee=True
    )
    committee_votes = _committee_votes(store, committees)
    plenaries = _adoptions(store, resolutions, committee=False)
    roll_calls = _roll_calls(store, resolutions)
    for facts in found:
        _add_sponsors(facts, sponsors, counts)
        facts.committee = _first(committees, (facts.draft, *facts.press))
        if facts.committee is not None:
            keys = (facts.draft, *facts.press)
            key = next(k for k in keys if k and committees.get(k) is facts.committee)
            facts.committee_votes = committee_votes.get(key, {})
            if key.startswith(_PRESS_KEY) and facts.committee.document:
                # The release that reports the action is a document of the session's text.
                facts.documents = (*facts.documents, facts.committee.document)
        if facts.resolution:
            recorded = roll_calls.get(facts.resolution)
            if recorded is not None:
                facts.plenary, facts.plenary_votes = recorded
            else:
                facts.plenary = plenaries.get(facts.resolution)
    return found


def _first(adoptions: dict[str, Adoption], keys: tuple[str | None, ...]) -> Adoption | None:
    """The committee action on the draft itself, else one a press release reports (the
    least authoritative source; `_adoptions` already ranked each key's records)."""
    for key in keys:
        if key and key in adoptions:
            return adoptions[key]
    return None


StatedCounts = dict[str, list[tuple[str, str, int, int]]]


def _add_sponsors(facts: SessionFacts, sponsors: dict[str, Sponsors], counts: StatedCounts) -> None:
    """The session's sponsors from the lists keyed on its final draft and on its resolution
    (the Council's co-sponsor lists hang on the resolution), strongest role per state.

    A record that counts more sponsors than it names (a Council page showing "Main
    sponsors29" without the names) is partial: it says who sponsored, never who did not.
    """
    keys = [key for key in (facts.draft, facts.resolution) if key]
    stated = [row for key in keys for row in counts.get(key, [])]
    partial = {record for record, _, number, named in stated if number > named}
    records: list[str] = []
    for key in keys:
        roles, listing = sponsors.get(key, ({}, ()))
        for code, evidence in roles.items():
            current = facts.sponsors.get(code)
            if current is None or _rank(evidence) > _rank(current):
                facts.sponsors[code] = evidence
        if facts.sponsor_list is None and any(r not in partial for r in listing):
            facts.sponsor_list = key
        records.extend(r for r in listing if r not in records)
    # Complete lists first: the record a "not a sponsor" rests on is records[0].
    facts.sponsor_records = tuple(sorted(records, key=lambda r: r in partial))
    facts.partial_records = tuple(r for r in facts.sponsor_records if r in partial)
    facts.stated_counts = tuple(
        f"{counted_as} {number}" + ("" if named == number else f" ({named} named)")
        for _, counted_as, number, named in stated
    )


def _rank(evidence: Evidence) -> int:
    return _RANK_OF_VALUE[evidence.value]


def _stated_counts(store: Store, symbols: list[str]) -> StatedCounts:
    """Per symbol, the sponsor counts records state: (record, counted as, number, named)."""
    rows = store.rows(
        "SELECT symbol, source_kind || ':' || record_id AS record, counted_as, stated, named "
        "FROM sponsor_counts WHERE symbol IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY symbol, record, counted_as",
        [symbols],
    )
    found: StatedCounts = {}
    for row in rows:
        found.setdefault(str(row["symbol"]), []).append(
            (str(row["record"]), str(row["counted_as"]), int(row["stated"]), int(row["named"]))
        )
    return found


def _documents(store: Store, symbols: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.rows(
        "SELECT coalesce(symbol, record_id) AS symbol, any_value(kind) AS kind, "
        "min(date) AS date FROM documents "
        "WHERE coalesce(symbol, record_id) IN (SELECT unnest(?::VARCHAR[])) "
        "AND kind IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1",
        [symbols, [str(kind) for kind in TEXT_KINDS]],
    )
    return {str(row["symbol"]): row for row in rows}


def _resolution_links(store: Store, symbols: list[str]) -> dict[str, str]:
    rows = store.rows(
        "SELECT from_symbol, max(to_symbol) AS to_symbol FROM links "
        "WHERE relation = 'resolution' AND from_symbol IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY from_symbol",
        [symbols],
    )
    return {str(row["from_symbol"]): str(row["to_symbol"]) for row in rows}


def _final_draft(
    symbols: list[str], documents: list[dict[str, Any]], links: dict[str, str]
) -> tuple[str | None, str | None]:
    """The draft the Library links to the adopted resolution, else the latest revision."""
    linked = sorted((s for s in symbols if s in links), reverse=True)
    if linked:
        return linked[0], links[linked[0]]
    adopted = (str(DocumentKind.RESOLUTION), str(DocumentKind.VOTING_RECORD))
    resolutions = [str(d["symbol"]) for d in documents if d["kind"] in adopted]
    drafts = [s for s in symbols if s not in resolutions]
    draft = max(drafts, key=_revision_order) if drafts else None
    return draft, resolutions[0] if resolutions else None


def _revision_order(symbol: str) -> tuple[int, str]:
    try:
        parts = parse_symbol(symbol).parts
    except SymbolError:  # a text without its symbol, keyed "text:…": a symbol beats it
        return (-1, symbol)
    revision = [part for part in parts if part.startswith("Rev.")]
    return (int(revision[-1][4:]) if revision else 0, symbol)


Sponsors = tuple[dict[str, Evidence], tuple[str, ...]]


def _sponsors(store: Store, drafts: list[str]) -> dict[str, Sponsors]:
    """Per draft: each state's strongest role with its evidence, and the records listing
    sponsors (the most authoritative source first)."""
    rows = store.tuples(
        "SELECT draft_symbol, state_code, role, listed_in, acting_for, "
        "source_kind || ':' || record_id AS record FROM sponsorships "
        "WHERE draft_symbol IN (SELECT unnest(?::VARCHAR[])) "
        f"ORDER BY draft_symbol, {precedence_sql()}, listed_in, state_code",
        [drafts],
    )
    found: dict[str, tuple[dict[str, Evidence], dict[str, None]]] = {}
    for draft, code, role, listed_in, acting_for, record in rows:
        roles, records = found.setdefault(draft, ({}, {}))
        current = roles.get(code)
        if current is None or _RANK_OF_VALUE[role] > _RANK_OF_VALUE[current.value]:
            roles[code] = Evidence(role, listed_in or draft, record, acting_for)
        records[record] = None
    return {draft: (roles, tuple(records)) for draft, (roles, records) in found.items()}


def _adoptions(store: Store, symbols: list[str], *, committee: bool) -> dict[str, Adoption]:
    """Per symbol, the most authoritative adoption record by a committee, or by the plenary
    (the Council's own for HRC texts). A committee's action is documented in its report, the
    document its sponsors are listed in."""
    where = "NOT IN" if committee else "IN"
    # A press release reporting the action is its document (`reported_in`); a report section
    # is the document its sponsors are listed in. Between records of one source, the surer
    # reading (confidence) wins.
    rows = store.rows(
        "SELECT symbol, method, CAST(date AS VARCHAR) AS date, meeting, yes, no, abstain, "
        "non_voting, coalesce(a.reported_in, (SELECT max(s.listed_in) FROM sponsorships s "
        "WHERE s.record_id = a.record_id AND s.source_kind = a.source_kind "
        "AND s.listed_in <> a.symbol), a.symbol) AS document, "
        "source_kind || ':' || record_id AS record FROM adoptions a "
        f"WHERE symbol IN (SELECT unnest(?::VARCHAR[])) AND body {where} (?, ?) "
        f"QUALIFY row_number() OVER (PARTITION BY symbol ORDER BY {precedence_sql()}, "
        "confidence DESC NULLS FIRST, date DESC, record_id) = 1",
        [symbols, Body.PLENARY.value, Body.HRC.value],
    )
    return {
        str(row["symbol"]): Adoption(
            method=AdoptionMethod(row["method"]),
            date=row["date"],
            meeting=row["meeting"],
            yes=row["yes"],
            no=row["no"],
            abstain=row["abstain"],
            non_voting=row["non_voting"],
            document=str(row["document"]),
            record=str(row["record"]),
        )
        for row in rows
    }


def _committee_votes(
    store: Store, committees: dict[str, Adoption]
) -> dict[str, dict[str, Evidence]]:
    """Each state's vote in the committee's recorded vote on each draft."""
    recorded = {
        draft: adoption
        for draft, adoption in committees.items()
        if adoption.method is AdoptionMethod.RECORDED_VOTE
    }
    rows = store.rows(
        "SELECT symbol, state_code, vote, source_kind || ':' || record_id AS record FROM votes "
        "WHERE symbol IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(recorded)],
    )
    found: dict[str, dict[str, Evidence]] = {}
    for row in rows:
        adoption = recorded[str(row["symbol"])]
        if row["record"] == adoption.record:
            found.setdefault(str(row["symbol"]), {})[str(row["state_code"])] = Evidence(
                str(row["vote"]), adoption.document, adoption.record
            )
    return found


Recorded = tuple[Adoption, dict[str, Evidence]]


def _roll_calls(store: Store, resolutions: list[str]) -> dict[str, Recorded]:
    """Per resolution, the canonical whole-text recorded vote by the plenary or the Council,
    with each state's vote; counts from the record, else counted from its votes."""
    chosen = store.rows(
        "SELECT a.symbol, a.source_kind, a.record_id, CAST(a.date AS VARCHAR) AS date, a.yes, "
        "a.no, a.abstain, a.non_voting, coalesce(r.meeting, d.meeting) AS meeting "
        "FROM all_roll_calls a "
        "LEFT JOIN roll_calls r USING (source_kind, record_id) "
        "LEFT JOIN adoptions d USING (source_kind, record_id) "
        "WHERE a.symbol IN (SELECT unnest(?::VARCHAR[])) AND NOT a.amendment "
        "AND NOT a.paragraph AND a.body IN (?, ?) QUALIFY row_number() OVER (PARTITION BY "
        f"a.symbol ORDER BY {precedence_sql('a.source_kind')}, a.date DESC, a.record_id) = 1",
        [resolutions, Body.PLENARY.value, Body.HRC.value],
    )
    keys = [f"{row['source_kind']}:{row['record_id']}" for row in chosen]
    votes: dict[str, dict[str, str]] = {key: {} for key in keys}
    for row in store.rows(
        "SELECT source_kind || ':' || record_id AS record, state_code, vote "
        "FROM all_roll_call_votes WHERE source_kind || ':' || record_id "
        "IN (SELECT unnest(?::VARCHAR[]))",
        [keys],
    ):
        votes[str(row["record"])][str(row["state_code"])] = str(row["vote"])
    return {
        str(row["symbol"]): _recorded(row, votes[key])
        for row, key in zip(chosen, keys, strict=True)
    }


def _recorded(row: dict[str, Any], votes: dict[str, str]) -> Recorded:
    # `unvotes` gives no totals: count them from the votes (absent members have no row).
    counted = [list(votes.values()).count(option.value) for option in _TALLIED]
    given = [row["yes"], row["no"], row["abstain"], row["non_voting"]]
    yes, no, abstain, non_voting = given if given[0] is not None else counted
    resolution, record = str(row["symbol"]), f"{row['source_kind']}:{row['record_id']}"
    adoption = Adoption(
        method=AdoptionMethod.RECORDED_VOTE,
        date=row["date"],
        meeting=row["meeting"],
        yes=yes,
        no=no,
        abstain=abstain,
        non_voting=non_voting,
        document=resolution,
        record=record,
    )
    evidence = {code: Evidence(vote, resolution, record) for code, vote in votes.items()}
    return adoption, evidence


_TALLIED = (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN, VoteOption.NON_VOTING)
