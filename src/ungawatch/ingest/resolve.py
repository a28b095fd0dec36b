"""The resolve stage: printed names become registry codes, symbols become canonical.

Sources hand over names as printed; here each one is resolved to one stable code or the record
is rejected with the field and the name that failed, never silently thinned. This is also where
the 245 $c sponsor statement is reconciled with the 710 authority fields: the statement is the
authority (the 710 fields are sometimes incomplete), and every difference becomes a note.
"""

from __future__ import annotations

import functools

import ftfy

from ungawatch import countries
from ungawatch.errors import SymbolError, UnknownState
from ungawatch.models import (
    Delegation,
    RejectedRecord,
    ResolvedDelegation,
    ResolvedRecord,
    ResolvedSponsor,
    ResolvedVote,
    SourceNote,
    SponsorEntry,
    StateVote,
    UndlRecord,
)
from ungawatch.symbols import parse_symbol
from ungawatch.titles import title_key
from ungawatch.vocabulary import SponsorRole


class _Unresolved(Exception):
    def __init__(self, field: str, error: UnknownState) -> None:
        self.field = field
        self.error = error


def resolve_record(record: UndlRecord, location: str) -> ResolvedRecord | RejectedRecord:
    """Resolve every name in a record, or reject the record naming the first unknown one."""
    try:
        symbol = parse_symbol(record.symbol) if record.symbol else None
        sponsors = _sponsors(record)
        votes = tuple(_vote(vote) for vote in record.votes)
        delegations = tuple(_delegation(entry) for entry in record.delegations)
    except _Unresolved as failure:
        return RejectedRecord(location, record.record_id, failure.field, str(failure.error))
    except SymbolError as error:
        return RejectedRecord(location, record.record_id, "191", str(error))
    notes = record.notes + _reconcile(record, sponsors)
    return ResolvedRecord(
        record=record,
        symbol=symbol,
        title_key=title_key(record.title) if record.title else None,
        sponsors=sponsors,
        votes=votes,
        notes=notes,
        delegations=delegations,
    )


def _sponsors(record: UndlRecord) -> tuple[ResolvedSponsor, ...]:
    resolved: dict[tuple[str, SponsorRole, str], ResolvedSponsor] = {}
    for entry in record.sponsors:
        sponsor = _sponsor(entry, record.symbol or "")
        resolved.setdefault((sponsor.state_code, sponsor.role, sponsor.listed_in), sponsor)
    return tuple(resolved.values())


def _sponsor(entry: SponsorEntry, draft: str) -> ResolvedSponsor:
    try:
        state = countries.resolve(entry.name)
    except UnknownState as error:
        raise _Unresolved(entry.field, error) from error
    group = None
    if entry.acting_for:
        try:
            group = countries.resolve_group(entry.acting_for).code
        except UnknownState as error:
            raise _Unresolved(entry.field, error) from error
    listed_in = _canonical(entry.listed_in) if entry.listed_in else draft
    return ResolvedSponsor(
        state.code, entry.role, group, listed_in, entry.field, display_name(entry.name)
    )


@functools.lru_cache(maxsize=4096)
def display_name(printed: str) -> str:
    """A printed name with its mojibake undone ("TÃ¼rkiye" -> "Türkiye"), for display; the
    bytes as printed stay in the source file or the sync archive."""
    return ftfy.fix_text(printed) if not printed.isascii() else printed


@functools.lru_cache(maxsize=4096)
def _canonical(text: str) -> str:
    try:
        return str(parse_symbol(text))
    except SymbolError:
        return text


def _vote(vote: StateVote) -> ResolvedVote:
    try:
        state = countries.state(vote.code) if vote.code else countries.resolve(vote.name)
    except UnknownState:
        try:
            state = countries.resolve(vote.name)
        except UnknownState as error:
            raise _Unresolved("967", error) from error
    return ResolvedVote(state.code, vote.vote, display_name(vote.name))


def _delegation(entry: Delegation) -> ResolvedDelegation:
    """A named delegation; its group is kept as a registry code when the registry knows it
    ("the European Union"), and always as printed ("the European Union and Japan")."""
    try:
        state = countries.resolve(entry.name)
    except UnknownState as error:
        raise _Unresolved(f"delegation {entry.action}", error) from error
    group = None
    if entry.acting_for:
        try:
            group = countries.resolve_group(entry.acting_for).code
        except UnknownState:
            group = None
    return ResolvedDelegation(state.code, entry.action, group, entry.acting_for, entry.name)


def _reconcile(record: UndlRecord, sponsors: tuple[ResolvedSponsor, ...]) -> tuple[SourceNote, ...]:
    """Compare the 245 $c statement with the 710 fields and say how they differ.

    A 710 name that a 515 note makes an original sponsor ("X and Y are original sponsors")
    is not a difference; a name inside an acting-for group ("... Group of 77 and China") is a
    cataloguing split of the group's name, not a sponsor.
    """
    stated = {s.state_code: s.printed_name for s in sponsors if s.field == "245$c"}
    if not stated or not record.catalogue_names:
        return ()
    originals = {s.state_code for s in sponsors if s.role is SponsorRole.ORIGINAL}
    group_words = " ".join(e.acting_for or "" for e in record.sponsors).casefold()
    catalogued: dict[str, str] = {}
    notes = []
    for name in record.catalogue_names:
        if name.startswith("UN.") or name.casefold() in group_words:
            continue
        try:
            catalogued[countries.resolve(name).code] = name
        except UnknownState:
            if not countries.is_known_name(name):
                notes.append(SourceNote("710", f"710 names {name!r}, which is no known state"))
    missing = [stated[code] for code in stated if code not in catalogued]
    extra = [catalogued[code] for code in catalogued if code not in originals]
    if missing:
        notes.append(
            SourceNote(
                "710",
                f"245 $c names {len(stated)} sponsors, the 710 fields {len(catalogued)}; "
                f"kept from 245 $c, missing from 710: {', '.join(missing)}",
            )
        )
    if extra:
        notes.append(
            SourceNote(
                "710", f"710 names {', '.join(extra)}, not in the 245 $c statement; not kept"
            )
        )
    return tuple(notes)
