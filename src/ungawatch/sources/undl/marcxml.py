"""UN Digital Library MARCXML (`of=xm`) into `UndlRecord`s, one record at a time.

The parser streams with lxml iterparse and frees each record once read, so a 200 MB export
needs the memory of one record, not of the file. It reads what the Library puts where:
191 symbol, 245 title ($a), document kind ($b) and sponsor statement ($c), 269 date,
515 additional sponsors, 710 sponsor authorities, 791 resolution (voting records),
952 meeting, 967 per-state votes, 991 agenda, 993 related documents, 996 vote summary.
A record it cannot read becomes a `RejectedRecord` naming the record and field; the
records around it are unaffected.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Protocol

from lxml import etree

from ungawatch.countries import is_known_name
from ungawatch.errors import SourceError, SymbolError, UngawatchError
from ungawatch.models import (
    RejectedRecord,
    RelatedDocument,
    SourceNote,
    SponsorEntry,
    StateVote,
    UndlRecord,
    VoteTally,
)
from ungawatch.sources.sponsor_lists import is_submitted_by, sponsor_note, sponsor_statement
from ungawatch.symbols import Symbol, parse_symbol
from ungawatch.vocabulary import AdoptionMethod, DocumentKind, Relation, SponsorRole, VoteOption

MARC_NS = "http://www.loc.gov/MARC21/slim"
# Part of every record's content hash: bump it when parsing changes what a record yields.
# 2: dates validated, printed names repaired for display.
PARSER_VERSION = 2
READ_TAGS = frozenset({"191", "245", "269", "515", "710", "791", "952", "967", "991", "993", "996"})
# Records in the MARC namespace or none (hand-made files); one wildcard test is as cheap as one tag.
_RECORD_TAGS = "{*}record"

Fields = dict[str, list[dict[str, list[str]]]]

_KIND_LABELS: tuple[tuple[str, DocumentKind], ...] = (
    ("revised draft resolution", DocumentKind.REVISED_DRAFT_RESOLUTION),
    ("draft resolution", DocumentKind.DRAFT_RESOLUTION),
    ("amendment", DocumentKind.AMENDMENT),
    ("draft decision", DocumentKind.DRAFT_DECISION),
    ("resolution", DocumentKind.RESOLUTION),
    ("decision", DocumentKind.DECISION),
    ("report", DocumentKind.REPORT),
)
# Only drafts carry sponsors; on a resolution 245 $c reads "adopted by the General Assembly".
_SPONSORED_KINDS = frozenset(
    {
        DocumentKind.DRAFT_RESOLUTION,
        DocumentKind.REVISED_DRAFT_RESOLUTION,
        DocumentKind.AMENDMENT,
        DocumentKind.DRAFT_DECISION,
        DocumentKind.OTHER,
    }
)
_ACTION = re.compile(r"(?P<yes>\d+)\s*-\s*(?P<no>\d+)\s*-\s*(?P<abstain>\d+)")
_WITHOUT_VOTE = re.compile(r"without (?:a )?vote|by consensus", re.IGNORECASE)
# More than the UN has members, with room: a larger "count" is a cataloguing slip.
_MAX_COUNT = 1000


class Readable(Protocol):
    """What the parser reads from: any binary stream (a file, gzip, `ingest.files.SourceFile`)."""

    def read(self, size: int = ..., /) -> bytes: ...


class MarcRecords:
    """The records of one MARCXML file or stream, parsed one at a time.

    `raw()` gives the XML of the record last yielded, serialized only when asked (to keep a
    rejected record in quarantine) and only until the next record is read: serializing every
    record would cost a third of the parse.
    """

    def __init__(self, source: str | Readable, location: str | None = None) -> None:
        self.source = source
        self.location = str(
            location or (source if isinstance(source, str) else getattr(source, "name", "<stream>"))
        )
        self._element: etree._Element | None = None

    def __iter__(self) -> Iterator[UndlRecord | RejectedRecord]:
        context = etree.iterparse(
            self.source,  # lxml reads any object with read()
            events=("end",),
            tag=_RECORD_TAGS,
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
        )
        try:
            for index, (_, element) in enumerate(context, start=1):
                self._element = element
                yield _read_record(element, self.location, index)
                self._element = None
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as error:
            reason = re.sub(r",? line \d+, column \d+$", "", str(error.msg))
            raise SourceError(
                f"not well-formed XML at line {error.lineno} ({reason}): the file is "
                "truncated or damaged; export or download it again",
                location=self.location,
            ) from error

    def raw(self) -> str | None:
        """The XML of the record last yielded (None once the next one is being read)."""
        if self._element is None:
            return None
        return etree.tostring(self._element, encoding="unicode")


def parse_marcxml(
    source: str | Readable, location: str | None = None
) -> Iterator[UndlRecord | RejectedRecord]:
    """Yield one parsed (or rejected) record per MARC record in a file or binary stream."""
    return iter(MarcRecords(source, location))


def _read_record(element: etree._Element, location: str, index: int) -> UndlRecord | RejectedRecord:
    fields, record_id, modified, content_hash = _collect(element)
    if not record_id:
        return RejectedRecord(
            location,
            f"#{index}",
            "001",
            f"the {_ordinal(index)} record of the file has no control number (001)",
        )
    try:
        return _build(fields, record_id, modified, content_hash)
    except (UngawatchError, ValueError) as error:
        field = getattr(error, "field", None)
        return RejectedRecord(location, record_id, field, str(error))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _collect(element: etree._Element) -> tuple[Fields, str | None, str | None, str]:
    """Flatten the fields ungawatch reads into {tag: [{code: [values]}]}, and hash them.

    Other fields (holdings, file links, processing stamps) are skipped: they are not facts
    here, and a change in them must not count as a changed record. The hash covers what the
    record says, not how it was serialized (namespace prefixes and indentation differ between
    an export and a search page), plus PARSER_VERSION, bumped when parsing changes, so that
    a re-parse rewrites the records it now reads differently.
    """
    fields: Fields = {}
    controls: dict[str, str] = {}
    said = [str(PARSER_VERSION)]
    for child in element:
        tag = child.get("tag")
        if tag in READ_TAGS:
            subfields: dict[str, list[str]] = {}
            said.append(tag)
            for sub in child:
                code, value = sub.get("code") or "", (sub.text or "").strip()
                subfields.setdefault(code, []).append(value)
                said += (code, value)
            fields.setdefault(tag, []).append(subfields)
        elif tag in ("001", "005"):
            controls[tag] = (child.text or "").strip()
    digest = hashlib.blake2b("\x1f".join(said).encode(), digest_size=20).hexdigest()
    return fields, controls.get("001") or None, controls.get("005") or None, digest


def _first(fields: Fields, tag: str, code: str) -> str | None:
    for field in fields.get(tag, ()):
        for value in field.get(code, ()):
            if value:
                return value
    return None


def _all(fields: Fields, tag: str, code: str) -> list[str]:
    return [value for field in fields.get(tag, ()) for value in field.get(code, ()) if value]


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _build(fields: Fields, record_id: str, modified: str | None, content_hash: str) -> UndlRecord:
    notes: list[SourceNote] = []
    when = _iso_date(_first(fields, "269", "a"), notes)
    votes = _votes(fields)
    symbol = _record_symbol(fields, is_voting=bool(votes) or "791" in fields)
    kind_label = _strip_isbd(_first(fields, "245", "b"))
    kind = _kind(kind_label, symbol, is_voting=bool(votes) or "791" in fields)
    sponsors: tuple[SponsorEntry, ...] = ()
    note_sponsors: tuple[SponsorEntry, ...] = ()
    submitted_by = None
    if kind in _SPONSORED_KINDS:
        sponsors, submitted_by = _original_sponsors(fields)
        note_sponsors = _note_sponsors(fields, notes)
    related = _related(fields, kind_label, notes)
    tally, adoption, action_note = _tally(fields)
    if votes and tally:
        notes.extend(_check_tally(votes, tally))
    return UndlRecord(
        record_id=record_id,
        content_hash=content_hash,
        symbol=str(symbol) if symbol else None,
        kind=kind,
        title=_strip_isbd(_first(fields, "245", "a")),
        kind_label=kind_label,
        date=when,
        modified=modified,
        agenda=tuple(_agenda(fields)),
        related=tuple(related),
        sponsors=sponsors + note_sponsors,
        catalogue_names=tuple(_all(fields, "710", "a")),
        submitted_by=submitted_by,
        votes=tuple(votes),
        tally=tally,
        adoption=adoption or (AdoptionMethod.RECORDED_VOTE if votes else None),
        action_note=action_note,
        meeting=_meeting(fields),
        notes=tuple(notes),
    )


def _record_symbol(fields: Fields, *, is_voting: bool) -> Symbol | None:
    tag = "791" if is_voting and "791" in fields else "191"
    text = _first(fields, tag, "a")
    if text is None:
        return None
    try:
        return parse_symbol(text)
    except SymbolError as error:
        raise FieldError(tag, f"symbol {text!r} is not a UN document symbol") from error


def _strip_isbd(text: str | None) -> str | None:
    """Drop the cataloguing punctuation ending 245 subfields ("Title :", "draft resolution /")."""
    if text is None:
        return None
    return re.sub(r"\s*[:/;,=]\s*$", "", text).strip() or None


def _kind(label: str | None, symbol: Symbol | None, *, is_voting: bool) -> DocumentKind:
    if is_voting:
        return DocumentKind.VOTING_RECORD
    lowered = (label or "").lower()
    for prefix, kind in _KIND_LABELS:
        if lowered.startswith(prefix):
            return kind
    if label:
        return DocumentKind.OTHER
    return symbol.kind if symbol else DocumentKind.OTHER


def _original_sponsors(fields: Fields) -> tuple[tuple[SponsorEntry, ...], str | None]:
    """245 $c is the authority; the 710 fields stand in only when there is no statement."""
    statement = _first(fields, "245", "c")
    if statement and is_submitted_by(statement):
        return (), statement
    if statement:
        return sponsor_statement(statement, is_known_name, field="245$c"), None
    return tuple(
        SponsorEntry(name, SponsorRole.ORIGINAL, "710")
        for name in _all(fields, "710", "a")
        if not name.startswith("UN.")
    ), None


def _note_sponsors(fields: Fields, notes: list[SourceNote]) -> tuple[SponsorEntry, ...]:
    entries: list[SponsorEntry] = []
    for text in _all(fields, "515", "a"):
        found, extra = sponsor_note(text, is_known_name, field="515")
        entries.extend(found)
        notes.extend(extra)
    return tuple(entries)


def _related(
    fields: Fields, kind_label: str | None, notes: list[SourceNote]
) -> list[RelatedDocument]:
    related: list[RelatedDocument] = []
    for text in _all(fields, "993", "a"):
        symbol = _lenient_symbol(text, "993", notes)
        if symbol is not None:
            related.append(RelatedDocument(str(symbol), _relation(symbol)))
    amended = re.search(r"\bA\s*/\S+", kind_label or "")
    if kind_label and kind_label.lower().startswith("amendment") and amended:
        symbol = _lenient_symbol(amended.group(0), "245$b", notes)
        if symbol is not None:
            related.append(RelatedDocument(str(symbol), Relation.AMENDS))
    return related


def _lenient_symbol(text: str, field: str, notes: list[SourceNote]) -> Symbol | None:
    """Parse a linked symbol; repair the one typo the Library is known for ("AA/78/481")."""
    try:
        return parse_symbol(text)
    except SymbolError:
        pass
    repaired = re.sub(r"^AA/", "A/", text.strip())
    try:
        symbol = parse_symbol(repaired)
    except SymbolError:
        notes.append(SourceNote(field, f"{text!r} is not a UN document symbol; link not kept"))
        return None
    notes.append(SourceNote(field, f"{text!r} is not a valid symbol; read as {symbol}"))
    return symbol


def _relation(symbol: Symbol) -> Relation:
    kind = symbol.kind
    if kind is DocumentKind.RESOLUTION:
        return Relation.RESOLUTION
    if kind is DocumentKind.DECISION:
        return Relation.DECISION
    if kind in (DocumentKind.DRAFT_RESOLUTION, DocumentKind.REVISED_DRAFT_RESOLUTION):
        return Relation.DRAFT
    if kind is DocumentKind.MEETING_RECORD:
        return Relation.MEETING
    if kind is DocumentKind.REPORT:
        return Relation.REPORT
    return Relation.OTHER


def _agenda(fields: Fields) -> Iterator[str]:
    for field in fields.get("991", ()):
        item = (field.get("b") or [""])[0]
        title = (field.get("c") or [""])[0]
        text = f"{item}: {title}" if item and title else item or title
        if text:
            yield text


def _meeting(fields: Fields) -> str | None:
    text = _first(fields, "952", "a")
    if text is None:
        return None
    try:
        return str(parse_symbol(text))
    except SymbolError:
        return text


def _iso_date(text: str | None, notes: list[SourceNote]) -> str | None:
    """269 as an ISO date: "20231102" or "2023-11-02"; an impossible date ("20231131") is a
    record error naming the field, never a value the database refuses later. A year or
    month alone ("1952", "195209"), which old records carry, is kept as no date, with a note.
    """
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 8 and len(text.strip()) <= 10:
        iso = f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
        try:
            return date.fromisoformat(iso).isoformat()
        except ValueError:
            raise FieldError("269", f"date {text!r} is not a real calendar date") from None
    if len(digits) in (4, 6) and digits == text.strip().replace("-", ""):
        notes.append(SourceNote("269", f"date {text!r} gives no day; stored without a date"))
        return None
    raise FieldError("269", f"date {text!r} is not a date (expected YYYYMMDD)")


_VOTE_CODES = {
    "Y": VoteOption.YES,
    "N": VoteOption.NO,
    "A": VoteOption.ABSTAIN,
    "X": VoteOption.NON_VOTING,
    "NV": VoteOption.NON_VOTING,
}


def vote_option(code: str | None) -> VoteOption:
    """The Library's 967 $d codes; no $d means the state did not vote."""
    if not code:
        return VoteOption.NON_VOTING
    try:
        return _VOTE_CODES[code.strip().upper()]
    except KeyError:
        raise FieldError(
            "967$d", f"unknown vote code {code!r} (expected Y, N, A or none)"
        ) from None


def _votes(fields: Fields) -> list[StateVote]:
    votes = []
    for field in fields.get("967", ()):
        name = (field.get("e") or [""])[0]
        code = (field.get("c") or [""])[0] or None
        if not name and not code:
            raise FieldError("967", "per-state vote without a state code ($c) or name ($e)")
        votes.append(StateVote(name or code or "", code, vote_option((field.get("d") or [""])[0])))
    return votes


def _tally(fields: Fields) -> tuple[VoteTally | None, AdoptionMethod | None, str | None]:
    """996: the action note ($a) and counts ($b yes, $c no, $d abstain, $e non-voting, $f all)."""
    if "996" not in fields:
        return None, None, None
    note = _first(fields, "996", "a")
    counts = [_int(_first(fields, "996", code)) for code in "bcdef"]
    if note and _WITHOUT_VOTE.search(note):
        return None, AdoptionMethod.WITHOUT_VOTE, note
    match = _ACTION.search(note or "")
    if counts[0] is None and match:
        counts[:3] = [int(match["yes"]), int(match["no"]), int(match["abstain"])]
    if all(count is None for count in counts):
        return None, None, note
    return VoteTally(*counts), AdoptionMethod.RECORDED_VOTE, note


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > _MAX_COUNT:
        raise FieldError("996", f"vote count {text!r} is not a number of states") from None
    return int(text)


def _check_tally(votes: list[StateVote], tally: VoteTally) -> list[SourceNote]:
    """Per-state votes must add up to the printed summary; a mismatch is reported, not fixed."""
    counted = Counter(vote.vote for vote in votes)
    pairs = (
        ("yes", VoteOption.YES, tally.yes),
        ("no", VoteOption.NO, tally.no),
        ("abstain", VoteOption.ABSTAIN, tally.abstain),
        ("non-voting", VoteOption.NON_VOTING, tally.non_voting),
    )
    return [
        SourceNote("967", f"967 counts {counted[option]} {label}, 996 summary says {expected}")
        for label, option, expected in pairs
        if expected is not None and counted[option] != expected
    ]
