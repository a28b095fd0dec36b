"""UN document text or PDF → plain records: draft first pages and committee report sections.

The UN Digital Library catalogue lags and is incomplete for older sessions; the document itself
is the authority. Two layouts are read, both through the one list grammar of
`sources.sponsor_lists`:

- a draft's first page: symbol, session, committee, agenda item, date, the sponsor statement
  before ": draft resolution" / ": revised draft resolution" / ": amendment", and the title;
- a committee report section on one draft ("C. Draft resolution A/C.3/78/L.41 … submitted
  by …. Subsequently, … joined in sponsoring …"), with the committee's action: adopted
  without a vote, or a recorded vote with its counts and the lists of states in favour,
  against and abstaining. That is a *committee* vote (body C.n) on the draft's symbol, kept
  apart from the plenary vote on the resolution.

A leading block of "# key: value" lines is a provenance note added by whoever saved the file,
not UN text: it is skipped unread, so symbol, session and sponsors always come from the text.
Every record carries the page it was read from (when the file has pages) and a confidence.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ungawatch.countries import is_known_name
from ungawatch.errors import SourceError, SymbolError, UngawatchError
from ungawatch.models import (
    RejectedRecord,
    SourceNote,
    SponsorEntry,
    StateVote,
    UndlRecord,
    VoteTally,
)
from ungawatch.sources.sponsor_lists import (
    clean_text,
    drop_article,
    joined_sponsors,
    sentences,
    split_names,
    sponsor_statement,
    submitted_by,
    vote_lists,
)
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import AdoptionMethod, Body, DocumentKind

# How sure a reading is: the UN's own layout read directly, the same from a PDF text layer
# whose line breaks were collapsed, and a third party's restatement of a UN report.
CONFIDENCE_UN_LAYOUT = 0.95
CONFIDENCE_COLLAPSED = 0.9
CONFIDENCE_RESTATED = 0.6

_COMMITTEES = {"first": Body.C1, "second": Body.C2, "third": Body.C3, "fourth": Body.C4}
_COMMITTEES |= {"fifth": Body.C5, "sixth": Body.C6}
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TENS = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

_SYMBOL = re.compile(r"\bA/(?:C\.\d/)?\d+/L\.\d+(?:/(?:Rev|Add|Corr)\.\d+)*")
# Any UN symbol as running text prints it: an organ, then slash-separated parts. "GA/SHC/3840"
# is a press release of the Meetings Coverage service, "HR/..." one of UN Geneva's.
_ANY_SYMBOL = re.compile(r"(?<![\w/])(?:A|E|S|GA|SG|HR)/[\w.()\-]+(?:/[\w.()\-]+)*")
_OTHER_ORGANS = {
    "E": "an Economic and Social Council document, not a General Assembly text",
    "S": "a Security Council document, not a General Assembly text",
    "GA": "a UN press release (Meetings Coverage), not an official record",
    "SG": "a press release of the Secretary-General, not an official record",
    "HR": "a UN Geneva press release, not an official record",
}
_BODY_NAMES = re.compile(
    r"(?P<ga>General Assembly|(?:First|Second|Third|Fourth|Fifth|Sixth) Committee)"
    r"|Human Rights Council|Security Council|Economic and Social Council",
    re.IGNORECASE,
)
_REPORT_LINE = re.compile(r"^\s*(A/\d+/\d+(?:/Add\.\d+)?)\s*$", re.MULTILINE)
_NOISE_LINE = re.compile(r"^\s*(?:A/[\w./]+|\d+|\d{2}-\d{5}(?:\s*\(E\).*)?)\s*$")
_SESSION_WORDS = re.compile(r"\b(?P<ordinal>[A-Z][a-z]+(?:-[a-z]+)?)\s+session\b")
_COMMITTEE = re.compile(r"\b(First|Second|Third|Fourth|Fifth|Sixth) Committee\b")
_DATE = re.compile(rf"\b(\d{{1,2}} (?:{_MONTHS}) \d{{4}})\b")
_FIRST_PAGE = re.compile(
    r"Agenda items?\s+(?P<item>\d+(?:\s*\([a-z]\))?)\s+(?P<rest>.*?)\s*:\s*"
    r"(?P<kind>revised draft resolution|draft resolution|draft decision|amendments?)\b"
    r"\s*(?P<title>.*?)\s*(?:The (?:General Assembly|Economic and Social Council)\b|$)",
    re.DOTALL,
)
_SECTION = re.compile(r"(?:^|[\n\f])\s*(?:[A-Z]\.\s+)?Draft resolution (?P<symbol>A/\S+?)\s*\n")
_ENTITLED = re.compile(r"entitled\s+[“\"](?P<title>[^”\"]+)[”\"]")
# A restatement names the text in prose: "adopted a resolution on the Situation of … Iran,".
_RESOLUTION_ON = re.compile(r"\ba resolution on (?:the )?(?P<title>[A-Z][^,.;]+)")
_MEETING = re.compile(
    rf"\bAt its (?P<meeting>\d+\w* meeting), on (?P<date>\d{{1,2}} (?:{_MONTHS}) \d{{4}})"
)
_RESTATED_DRAFT = re.compile(r"Draft resolution (?P<symbol>A/\S+?),")
_RECORDED = re.compile(
    r"adopted(?: draft resolution (?P<symbol>A/\S+?))?\s+by a recorded vote of (?P<Y>\d+) to "
    r"(?P<N>\d+), with (?P<A>\d+|no) abstentions?",
    re.IGNORECASE,
)
_WITHOUT_VOTE = re.compile(
    r"adopted(?: draft resolution (?P<symbol>A/\S+?))?\s+without a vote", re.IGNORECASE
)
_CITES = re.compile(r"\bRecalling (?:also )?(?:its|all its)[^.;]*?resolutions?\s+(?P<list>[^;]+)")
_RESOLUTION_NUMBER = re.compile(r"\b(\d{2,3}/\d{1,3})\b")


@dataclass(frozen=True, slots=True)
class TextRecord:
    """One document (or report section) read from text, with where and how sure.

    `session` and `body` are read from the text too, so a draft whose stored copy lacks its
    symbol still lands in the right session.
    """

    record: UndlRecord
    session: int | None
    body: Body | None
    page: int | None
    confidence: float
    cites: tuple[str, ...] = ()
    # The text the record was read from (the first page up to its title, the report
    # section): what quarantine keeps if the record is rejected later.
    raw: str | None = None


LOOKS_FOR = (
    "a General Assembly document text or PDF (its first UN symbol a General Assembly one, "
    "such as A/C.3/78/L.39, or without a symbol a heading naming the Assembly or a Main "
    "Committee)"
)


def is_document_text(head: bytes) -> bool:
    """Sniff: a PDF (its text is checked once extracted), or text that `refusal` accepts."""
    if head.startswith(b"%PDF-"):
        return True
    text = head_text(head)
    return text is not None and refusal(text) is None


def head_text(head: bytes) -> str | None:
    """The first bytes of a file as text, or None when they are not UTF-8 (a cut character
    at the very end is forgiven: the head is cut at an arbitrary byte)."""
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return None
        return head[: error.start].decode("utf-8-sig")


def refusal(text: str) -> str | None:
    """Why `text` is not read as a General Assembly document text; None when it is one.

    Only positive evidence counts. The UN prints a document's own symbol at the top, so the
    first UN symbol in the text must be a General Assembly one (a Human Rights Council
    symbol such as A/HRC/7/L.28, another organ's, or a press release's GA/SHC/3840 is
    refused, never read as a GA text of some session). A text without any symbol (an old
    draft stored without it) must name the General Assembly or a Main Committee before any
    other body.
    """
    body = strip_provenance_header(text).lstrip()
    if not body:
        return "the file holds no text"
    if body.startswith("<"):
        return (
            "it is XML or HTML, not a document's text (an excerpt of a catalogue record? "
            "ingest the full MARCXML export instead)"
        )
    if re.match(r"^[\w\"]+(?:,[\w\" ]+){4,}\s*$", body.splitlines()[0]):
        return "its first line is a CSV header with columns ungawatch does not know"
    own = _own_symbol(body)
    if own is not None:
        return _symbol_refusal(own)
    named = _BODY_NAMES.search(body)
    if named is None:
        return (
            "found no UN document symbol (such as A/C.3/78/L.39) and no heading naming the "
            "General Assembly or a Main Committee"
        )
    if named.group("ga"):
        return None
    return f"its heading names the {named.group(0)}, not the General Assembly or a Main Committee"


def _own_symbol(text: str) -> str | None:
    """The first UN document symbol in the text (organ A, E or S, or a press release's)."""
    for match in _ANY_SYMBOL.finditer(text):
        candidate = match.group(0).rstrip(".,;:)")
        if not candidate.startswith("A/"):
            return candidate
        try:
            parse_symbol(candidate)
        except SymbolError:
            continue
        return candidate
    return None


def _symbol_refusal(symbol: str) -> str | None:
    organ = symbol.split("/", 1)[0]
    if organ != "A":
        kind = _OTHER_ORGANS.get(organ, "another organ's document, not a General Assembly text")
        return f"its first document symbol, {symbol}, is {kind}"
    parsed = parse_symbol(symbol)
    if parsed.body is Body.HRC:
        return (
            f"its first document symbol, {parsed}, is a Human Rights Council document, but "
            "the file is not a Council resolution record (no '== source: … ==' sections); "
            "an HRC text is never filed under the Assembly"
        )
    return None


def strip_provenance_header(text: str) -> str:
    """Drop a leading block of "# key: value" lines and the blank line after it, unread."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and re.match(r"#\s*[\w-]+\s*:", lines[index]):
        index += 1
    if index and index < len(lines) and not lines[index].strip():
        index += 1
    return "".join(lines[index:])


def read_pages(path: Path, data: bytes | None = None) -> list[str]:
    """The text of a file page by page: PDF pages via pypdf, form feeds in text files.

    `data` is the file's bytes when the caller has read them already (gunzipped)."""
    data = path.read_bytes() if data is None else data
    if data.startswith(b"%PDF-"):
        return _pdf_pages(data, str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text (byte {error.start} cannot be decoded); save the document as "
            "UTF-8 text or give the PDF",
            location=str(path),
        ) from error
    return strip_provenance_header(text).split("\f")


def _pdf_pages(data: bytes, location: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    # pypdf reports a damaged file with its own errors, but a broken object table or stream
    # can also surface as ValueError, KeyError or IndexError from inside it.
    except (PyPdfError, ValueError, KeyError, IndexError) as error:
        raise SourceError(
            f"cannot read this PDF ({error}); try the text version", location=location
        ) from error


def parse_document(pages: list[str], location: str) -> list[TextRecord | RejectedRecord]:
    """Every draft first page and committee report section in a document's pages.

    A text that is no General Assembly document, or in which neither layout is found, is
    refused with a `SourceError` saying what was looked for; a section or page that cannot
    be read (an impossible date, a broken symbol) is a `RejectedRecord`, and the others
    are kept.
    """
    text = "\f".join(pages)
    reason = refusal(text)
    if reason is not None:
        raise SourceError(
            f"not read as a General Assembly document text: {reason}", location=location
        )
    found: list[TextRecord | RejectedRecord] = [*_report_sections(text, location)]
    if not found:
        found.extend(_first_page_or_rejected(text, location))
    if not found:
        raise SourceError(
            "no draft first page (sponsors before ': draft resolution') and no committee "
            'report section ("Draft resolution A/…" … submitted by … joined in sponsoring) '
            "found; not read",
            location=location,
        )
    return found


def read_document(path: Path) -> list[TextRecord | RejectedRecord]:
    """Read a UN document text or PDF file into records."""
    return parse_document(read_pages(path), str(path))


# --- a draft's first page ------------------------------------------------------------------


def _first_page_or_rejected(text: str, location: str) -> list[TextRecord | RejectedRecord]:
    flat = clean_text(text.replace("\f", "\n"))
    match = _FIRST_PAGE.search(flat)
    if match is None:
        return []
    try:
        return [_first_page(text, flat, match, location)]
    except (UngawatchError, ValueError) as error:
        symbol = _first_symbol(flat[: match.start()])
        record_id = f"text:{symbol}" if symbol else "text:first page"
        return [
            RejectedRecord(
                location,
                record_id,
                getattr(error, "field", None),
                _message(error),
                flat[: match.end()],
            )
        ]


def _message(error: Exception) -> str:
    return error.message if isinstance(error, SourceError) else str(error)


def _first_page(text: str, flat: str, match: re.Match[str], location: str) -> TextRecord:
    head = flat[: match.start()]
    symbol = _first_symbol(head)
    session, body = _session_of(head, symbol), _committee_of(head, symbol)
    agenda_title, statement = _split_agenda_title(match.group("rest"))
    kind = _kind(match.group("kind"))
    entries = sponsor_statement(statement, is_known_name, field="first page")
    title = match.group("title").strip()
    date = _date_of(head)
    record = UndlRecord(
        record_id=_record_id(symbol, session, body, title),
        content_hash=_hash(flat),
        symbol=symbol,
        kind=kind,
        title=title or None,
        kind_label=match.group("kind"),
        date=date,
        agenda=(f"{_agenda_code(match.group('item'))}: {agenda_title}",),
        sponsors=tuple(replace(entry, name=drop_article(entry.name)) for entry in entries),
        notes=_first_page_notes(symbol, location),
    )
    collapsed = "\n" not in text.strip()
    confidence = CONFIDENCE_COLLAPSED if collapsed else CONFIDENCE_UN_LAYOUT
    return TextRecord(
        record, session, body, 1, confidence, _citations(flat), raw=flat[: match.end()]
    )


def _split_agenda_title(rest: str) -> tuple[str, str]:
    """Cut "<agenda item title> Albania, Andorra, …" where the sponsor list starts.

    The sponsor statement follows the agenda item's title with nothing between them in PDF
    text, so the list starts at the earliest word from which the first listed item is a known
    state ("… special rapporteurs and representatives Albania, …").
    """
    words = rest.split(" ")
    for start in range(len(words)):
        candidate = " ".join(words[start:])
        items = split_names(candidate, is_known_name)
        if items and is_known_name(drop_article(items[0].name)):
            return " ".join(words[:start]).strip(), candidate
    return "", rest


def _first_page_notes(symbol: str | None, location: str) -> tuple[SourceNote, ...]:
    if symbol:
        return ()
    return (
        SourceNote(
            "symbol",
            f"the text in {Path(location).name} carries no document symbol; session and "
            "committee were read from its heading",
        ),
    )


# --- a committee report section -------------------------------------------------------------


def _report_sections(text: str, location: str) -> Iterator[TextRecord | RejectedRecord]:
    """One record per draft a report covers ("C. Draft resolution A/C.3/78/L.41 …"); a
    section that cannot be read is rejected alone."""
    report = _report_symbol(text)
    starts = list(_SECTION.finditer(text))
    if starts:
        ends = [m.start() for m in starts[1:]] + [len(text)]
        for match, end in zip(starts, ends, strict=True):
            page = text.count("\f", 0, match.start("symbol")) + 1
            chunk = text[match.start() : end]
            yield from _isolated(chunk, match.group("symbol"), report, location, page)
        return
    restated = _RESTATED_DRAFT.search(text)
    if restated and "joined in sponsoring" in text:
        for item in _isolated(
            text[restated.start() :], restated.group("symbol"), None, location, None, text
        ):
            yield (
                replace(item, confidence=CONFIDENCE_RESTATED)
                if isinstance(item, TextRecord)
                else item
            )


def _isolated(
    chunk: str,
    draft: str,
    report: str | None,
    location: str,
    page: int | None,
    context: str = "",
) -> Iterator[TextRecord | RejectedRecord]:
    try:
        section = _section(chunk, draft, report, page, context=context)
    except (UngawatchError, ValueError) as error:
        record_id = f"text:{report or 'report'}:{draft.rstrip('.,')}"
        yield RejectedRecord(
            location, record_id, getattr(error, "field", None), _message(error), chunk
        )
        return
    if section:
        yield section


def _section(
    text: str, draft: str, report: str | None, page: int | None, *, context: str = ""
) -> TextRecord | None:
    """A report section's record; `context` is the text around it, to find a prose title."""
    draft = str(parse_symbol(draft.rstrip(".,")))
    body = _without_noise_lines(text)
    prose = sentences(body)
    field = f"report {report}" if report else "report text"
    entries = _section_sponsors(prose, field, report)
    if not entries:
        return None
    symbol = parse_symbol(draft)
    meeting = _MEETING.search(clean_text(body))
    title = _ENTITLED.search(clean_text(body)) or _RESOLUTION_ON.search(clean_text(context))
    adoption, tally, votes, notes = _committee_action(body, draft)
    record = UndlRecord(
        record_id=f"text:{report or 'report'}:{draft}",
        content_hash=_hash(clean_text(body)),
        symbol=draft,
        kind=symbol.kind,
        title=title.group("title") if title else None,
        date=_iso(meeting.group("date")) if meeting else _date_of(body),
        sponsors=entries,
        votes=votes,
        tally=tally,
        adoption=adoption,
        action_note=_action_note(adoption, tally, meeting.group("meeting") if meeting else None),
        meeting=meeting.group("meeting") if meeting else None,
        notes=notes,
    )
    confidence = CONFIDENCE_UN_LAYOUT if report else CONFIDENCE_COLLAPSED
    return TextRecord(record, symbol.regular_session, symbol.body, page, confidence, raw=text)


def _section_sponsors(prose: list[str], field: str, report: str | None) -> tuple[SponsorEntry, ...]:
    """Original sponsors ("submitted by …") and each "… joined in sponsoring" sentence."""
    entries: list[SponsorEntry] = []
    for sentence in prose:
        listed = submitted_by(sentence)
        if listed and not listed.lower().startswith(("the chair", "the vice-chair", "the rapp")):
            entries.extend(
                replace(entry, name=drop_article(entry.name), listed_in=report)
                for entry in sponsor_statement(listed, is_known_name, field=field)
            )
        entries.extend(joined_sponsors(sentence, is_known_name, field=field, listed_in=report))
    return tuple(entries)


def _committee_action(
    text: str, draft: str
) -> tuple[AdoptionMethod | None, VoteTally | None, tuple[StateVote, ...], tuple[SourceNote, ...]]:
    """The committee's action on the draft: without a vote, or a recorded vote with its lists."""
    flat = clean_text(text)
    recorded = _RECORDED.search(flat)
    if recorded is None:
        if _WITHOUT_VOTE.search(flat):
            return AdoptionMethod.WITHOUT_VOTE, None, (), ()
        return None, None, (), ()
    counts = {k: 0 if recorded.group(k) == "no" else int(recorded.group(k)) for k in "YNA"}
    tally = VoteTally(counts["Y"], counts["N"], counts["A"])
    listed = vote_lists(text, is_known_name)
    if listed is None:
        return AdoptionMethod.RECORDED_VOTE, tally, (), ()
    votes = tuple(
        StateVote(item.name, None, option) for option, items in listed.items() for item in items
    )
    notes = tuple(
        SourceNote(
            "vote",
            f"{draft}: the report counts {counts[option.value]} {option.name.lower()} votes "
            f"but lists {len(items)} states",
        )
        for option, items in listed.items()
        if len(items) != counts[option.value]
    )
    return AdoptionMethod.RECORDED_VOTE, tally, votes, notes


def _action_note(
    adoption: AdoptionMethod | None, tally: VoteTally | None, meeting: str | None
) -> str | None:
    if adoption is None:
        return None
    where = f", {meeting}" if meeting else ""
    if tally is None:
        return f"Adopted without vote in committee{where}"
    return f"Adopted {tally.yes}-{tally.no}-{tally.abstain} in committee{where}"


def _without_noise_lines(text: str) -> str:
    """Drop running heads (the report's symbol), page numbers and job numbers between pages."""
    return "\n".join(
        line for line in text.replace("\f", "\n").splitlines() if not _NOISE_LINE.match(line)
    )


def _report_symbol(text: str) -> str | None:
    """A report prints its own symbol as the running head of its pages."""
    for line in _REPORT_LINE.findall(text):
        try:
            return str(parse_symbol(line))
        except SymbolError:
            continue
    return None


# --- small readers -------------------------------------------------------------------------


def _first_symbol(text: str) -> str | None:
    match = _SYMBOL.search(text)
    if match is None:
        return None
    try:
        return str(parse_symbol(match.group(0)))
    except SymbolError:
        return None


def _session_of(text: str, symbol: str | None) -> int | None:
    """The session from the symbol, else from the heading ("Sixty-first session")."""
    if symbol:
        return parse_symbol(symbol).regular_session
    for match in _SESSION_WORDS.finditer(text):
        number = ordinal_number(match.group("ordinal"))
        if number:
            return number
    return None


def ordinal_number(word: str) -> int | None:
    """ "Sixty-second" → 62, "Eightieth" → 80, "Fifth" → 5; None for any other word."""
    word = word.casefold()
    tens_part, _, unit_part = word.partition("-")
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    for index, stem in enumerate(_TENS):
        tens = (index + 2) * 10
        if word == f"{stem}ieth":
            return tens
        if unit_part and tens_part == f"{stem}y" and unit_part in _UNITS:
            return tens + _UNITS.index(unit_part) + 1
    return None


def _committee_of(text: str, symbol: str | None) -> Body | None:
    if symbol:
        return parse_symbol(symbol).body
    match = _COMMITTEE.search(text)
    return _COMMITTEES[match.group(1).casefold()] if match else Body.PLENARY


def _date_of(text: str) -> str | None:
    match = _DATE.search(text)
    return _iso(match.group(1)) if match else None


def _iso(text: str) -> str:
    """ "15 November 2023" as ISO; an impossible date ("31 November 2023", "0 November
    2007") is a record error naming the field, never a value the database refuses later."""
    try:
        return datetime.strptime(text, "%d %B %Y").date().isoformat()
    except ValueError:
        raise SourceError(f"date {text!r} is not a real calendar date", field="date") from None


def _kind(label: str) -> DocumentKind:
    label = label.casefold()
    if label.startswith("amendment"):
        return DocumentKind.AMENDMENT
    if label == "draft decision":
        return DocumentKind.DRAFT_DECISION
    if label.startswith("revised"):
        return DocumentKind.REVISED_DRAFT_RESOLUTION
    return DocumentKind.DRAFT_RESOLUTION


def _agenda_code(item: str) -> str:
    """ "70 (c)" → "70c", the form the catalogue's 991 field uses."""
    return re.sub(r"[\s()]", "", item)


def _citations(text: str) -> tuple[str, ...]:
    """Resolutions the text recalls ("Recalling its resolution 78/218 …"), as A/RES symbols."""
    found: list[str] = []
    for match in _CITES.finditer(text):
        found.extend(f"A/RES/{number}" for number in _RESOLUTION_NUMBER.findall(match["list"]))
    return tuple(dict.fromkeys(found))


def _record_id(symbol: str | None, session: int | None, body: Body | None, title: str) -> str:
    """A text's record id: its symbol, or for a copy without one, session, body and title."""
    if symbol:
        return f"text:{symbol}"
    digest = hashlib.sha256(title.casefold().encode()).hexdigest()[:8]
    return f"text:{session or '?'}/{body or '?'}/{digest}"


# Part of every text record's content hash: bump it when reading changes what a text yields.
TEXT_READER_VERSION = 2


def _hash(text: str) -> str:
    return hashlib.sha256(f"{TEXT_READER_VERSION}\x1f{text}".encode()).hexdigest()
