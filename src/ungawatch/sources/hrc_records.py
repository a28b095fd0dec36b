"""Records of Human Rights Council resolutions gathered from several sources, one file per
resolution: a `# key: value` provenance header, then one `== source-N: … ==` section per
source with the text as that source gives it.

The header is the note of whoever saved the file, not UN text: only its `symbol` (which
resolution the file documents) and `source-N` lines (where each section comes from, used to
weigh how far a section is to be trusted) are read. Every fact comes from the sections:

- an OHCHR voting record as scraped (`resolutions row …` and `ISO3|VOTE # name` rows; the
  computed tally line after them is not the source's and is skipped);
- a right-docs page top: "RES/7/15 Title", "Session: 7th Regular Session", sponsor counts run
  into their labels ("- Main sponsors29", "- Co-sponsors42"), at most one name list (the
  co-sponsors, one per line, ISO-style names such as "Korea, Republic of"), an "In Favour"
  list for a recorded vote, then the top of the UN text;
- a draft's first page (sponsors before ": draft resolution", "*" marking non-members);
- a UN document's header ("Resolution adopted by the Human Rights Council on 23 March 2021",
  "46/17. Situation of …", with PDF spacing artefacts such as "4 6 /17");
- a later resolution's preamble recalling this one ("Council resolution 43/25 of 22 June
  2020"), which dates it and, for a Council text, links the two;
- prose (UN Geneva summaries, news, NGO and government statements) read with
  `sources.statements`: adoption method, counts, named votes, who introduced the text and who
  did not join the consensus. A sentence speaks for this resolution unless it names other
  years, other situations or several texts.

The sections are merged into one record of the resolution (plus one per draft first page and
per later Council text recalling it). Where sections disagree (the count 30-6-11 against
30-6-9, "unanimously" against "following a vote", a date), the better-sourced reading is kept
and the other stated in a note of field "conflict"; when neither can be preferred, the fact
is left undecided and the note says so. Sentences about sponsorship ("South Korea
co-sponsoring it for the first time in five years") are kept as notes for the claims checker,
never as sponsor lists: a sponsor role needs a list.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ungawatch import countries
from ungawatch.errors import SourceError, SymbolError, UnknownState
from ungawatch.models import (
    Delegation,
    RelatedDocument,
    SourceNote,
    SponsorEntry,
    StatedCount,
    StateVote,
    UndlRecord,
    VoteTally,
)
from ungawatch.sessions import hrc_regular_session_of_date, hrc_year_of_session
from ungawatch.sources import statements as st
from ungawatch.sources.doctext import TextRecord, TextSkipped, ordinal_number
from ungawatch.sources.ohchr_votes import VOTES, read_symbol, split_agenda, title_of
from ungawatch.sources.sponsor_lists import clean_text, drop_article, sponsor_statement
from ungawatch.symbols import Symbol, parse_symbol
from ungawatch.vocabulary import (
    AdoptionMethod,
    Body,
    DocumentKind,
    Relation,
    SponsorCount,
    SponsorRole,
    VoteOption,
)

# How far a section is trusted, by what it is: the UN's own text, the OHCHR catalogue (as
# scraped), a compilation of UN records (right-docs) or a UN press summary, anything else.
CONFIDENCE_UN_TEXT = 0.95
CONFIDENCE_CATALOGUE = 0.9
CONFIDENCE_COMPILATION = 0.8
CONFIDENCE_PROSE = 0.5
CONFIDENCE_INFERRED = 0.6

_HEADER = re.compile(r"^#\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$")
_SECTION = re.compile(r"^==\s*(?P<name>source(?:-\d+)?)\s*:\s*(?P<label>.*?)\s*==\s*$", re.M)
_OHCHR_ROW = re.compile(r"^resolutions row \(name\|vote_date\|summary\|agenda\|passed\|type\):\s*$")
_VOTE_ROW = re.compile(r"^(?P<code>[A-Z]{3})\|(?P<vote>[A-Z_]+)\s*#\s*(?P<name>.+?)\s*$")
_LISTING_HEAD = re.compile(r"^RES/(?P<session>\d+)/(?P<number>\d+)\s+(?P<title>.+)$")
_COUNT_LINE = re.compile(r"^-\s*(?P<label>Main sponsors|Co-sponsors)\s*(?P<n>\d+)\s*$", re.I)
_DRAFT_SYMBOL = re.compile(r"\bA/HRC/\d+/L\.\d+(?:/Rev\.\d+)?")
_SESSION_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) (?:regular )?session\b", re.I)
_SESSION_WORDS = re.compile(r"\b([A-Z][a-z]+(?:-\s?[a-z]+)?) session\b")
_ADOPTED_ON = re.compile(r"adopted by the Human Rights Council on (.+?\d{4})", re.I)
_NUMBERED_TITLE = re.compile(r"^\s*(?:Resolution\s+)?[\d ]+/\s*[\d ]+\.\s*(?P<title>\S.+?)\.?\s*$")
_DRAFT_NUMBER = re.compile(r"\b(?:Resolution|draft resolution)\s+L\.?\s?(\d{1,3})\b", re.I)
_ADOPT_WORDS = re.compile(r"\b(?:adopt\w*|pass\w*|approv\w*|resolved|established)\b", re.I)
_PLURAL = re.compile(r"\b(?:resolutions|texts|drafts|mandates)\b", re.I)
_SPONSOR_WORDS = re.compile(
    r"co-?sponsor|sponsor|joint proposal|co-writing|co-tabl|drawn up by|drafted by|submitted"
    r"|submit|presented|introduced|main sponsor",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Section:
    """One source's part of the file: its name, label and URL (provenance) and its text."""

    name: str
    label: str
    url: str | None
    text: str

    @property
    def where(self) -> str:
        return f"{self.name} ({self.label})"


@dataclass
class _Reading:
    """What one section says about the resolution the file documents."""

    section: Section
    confidence: float
    states_symbol: bool = False
    title: str | None = None
    dates: list[tuple[date, str]] = field(default_factory=list)  # (day, how sure: rank)
    sessions: list[int] = field(default_factory=list)
    method: AdoptionMethod | None = None
    method_doubt: str | None = None
    tally: VoteTally | None = None
    votes: dict[str, tuple[str, str | None, VoteOption]] = field(default_factory=dict)
    complete_votes: bool = False
    sponsors: list[SponsorEntry] = field(default_factory=list)
    counts: list[StatedCount] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    dissociated: int | None = None
    agenda: str | None = None
    drafts: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)
    records: list[TextRecord] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(
            self.states_symbol
            or self.title
            or self.dates
            or self.method
            or self.method_doubt
            or self.tally
            or self.votes
            or self.sponsors
            or self.counts
            or self.delegations
            or self.dissociated
            or self.drafts
            or self.records
            or any(note.field != "section" for note in self.notes)
        )


@dataclass(frozen=True, slots=True)
class _Subject:
    """The resolution a file documents: its symbol (None when unknown), session and year."""

    symbol: Symbol | None
    session: int | None
    topic: frozenset[str]

    @property
    def year(self) -> int | None:
        return hrc_year_of_session(self.session) if self.session else None


def is_hrc_record(head: bytes) -> bool:
    """Sniff: a provenance header naming the kind, or `== source …==` sections around
    Council symbols."""
    text = head.decode("utf-8", errors="replace")
    if re.search(r"^#\s*kind:\s*hrc-resolution-record\s*$", text, re.M):
        return True
    return bool(_SECTION.search(text)) and "A/HRC/" in text


def read_hrc_record(data: bytes, location: str) -> list[TextRecord | TextSkipped]:
    """The records one file yields, and a `TextSkipped` for each section with no fact."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"not UTF-8 text ({error})", location=location) from error
    header, sections = _split(text, location)
    if not sections:
        raise SourceError(
            "no '== source: … ==' section: a Council record file holds one per source",
            location=location,
        )
    symbol = _header_symbol(header.get("symbol", ""), location)
    subject = _subject(symbol, sections)
    readings = [_read(section, subject, location) for section in sections]
    found: list[TextRecord | TextSkipped] = [
        TextSkipped(location, f"{Path(location).name} {r.section.where}: {_nothing(subject)}")
        for r in readings
        if not r.usable
    ]
    found.append(_merge(readings, subject, location, text))
    found.extend(record for reading in readings for record in reading.records)
    return found


def _nothing(subject: _Subject) -> str:
    what = str(subject.symbol) if subject.symbol else "the resolution"
    return f"no statement about {what} (adoption, votes, sponsors, date, title) found; not read"


# --- the file's structure -----------------------------------------------------------------


def _split(text: str, location: str) -> tuple[dict[str, str], list[Section]]:
    lines = text.splitlines()
    header: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := _HEADER.match(lines[index])):
        header[match["key"].casefold()] = match["value"].strip()
        index += 1
    body = "\n".join(lines[index:])
    marks = list(_SECTION.finditer(body))
    sections = []
    for mark, end in zip(marks, [m.start() for m in marks[1:]] + [len(body)], strict=True):
        url = header.get(mark["name"].casefold())
        sections.append(Section(mark["name"], mark["label"], url, body[mark.end() : end].strip()))
    return header, sections


def _header_symbol(value: str, location: str) -> Symbol | None:
    """The resolution the file documents, as its header names it ("unknown …" → None)."""
    token = value.split(" ", 1)[0].strip()
    if not token.startswith("A/"):
        return None
    try:
        symbol = parse_symbol(token)
    except SymbolError as error:
        raise SourceError(str(error), location=location, field="symbol") from error
    if symbol.body is not Body.HRC:
        raise SourceError(
            f"{symbol} is not a Human Rights Council symbol; this reader is for Council records",
            location=location,
            field="symbol",
        )
    return symbol


def _subject(symbol: Symbol | None, sections: list[Section]) -> _Subject:
    """The resolution and its situation (the states its sections speak of in topic
    sentences); a file without a symbol takes its session from the dates and session
    numbers its sections print."""
    topic: Counter[str] = Counter()
    sessions: Counter[int] = Counter()
    for section in sections:
        for sentence in st.sentence_list(section.text):
            if "human rights" in sentence.casefold():
                topic.update(st.states_named(sentence))
        sessions.update(int(m.group(1)) for m in _SESSION_ORDINAL.finditer(section.text))
        sessions.update(
            s for day in st.dates(section.text) if (s := hrc_regular_session_of_date(day))
        )
    session = symbol.regular_session if symbol else None
    if symbol is None and sessions:
        session = sessions.most_common(1)[0][0]
    top = topic.most_common(1)
    return _Subject(symbol, session, frozenset([top[0][0]] if top else []))


# --- reading one section ------------------------------------------------------------------


def _read(section: Section, subject: _Subject, location: str) -> _Reading:
    reading = _Reading(section, _confidence(section))
    document = _label_symbol(section.label)
    lines = section.text.splitlines()
    if any(_OHCHR_ROW.match(line) for line in lines):
        _read_ohchr(reading, lines, subject, location)
    elif any(_LISTING_HEAD.match(line) for line in lines[:2]):
        _read_listing(reading, lines, subject)
    elif document is not None and document.is_draft:
        _read_draft(reading, document, subject, location)
    elif document is not None and subject.symbol is not None and document != subject.symbol:
        _read_other_document(reading, document, subject, location)
    else:
        _read_prose(reading, subject)
    return reading


def _confidence(section: Section) -> float:
    label, url = section.label.casefold(), (section.url or "").casefold()
    if "ohchr voting record" in label:
        return CONFIDENCE_CATALOGUE
    if "right-docs" in label:
        return CONFIDENCE_COMPILATION
    if re.match(r"^(?:draft )?a/hrc/", label) or "docstore.ohchr.org" in url:
        return CONFIDENCE_UN_TEXT
    if any(word in label for word in ("un geneva", "press release", "meeting summary")):
        return CONFIDENCE_COMPILATION
    return CONFIDENCE_PROSE


def _label_symbol(label: str) -> Symbol | None:
    """The UN document a section's label says its text is from ("draft A/HRC/7/L.28, …")."""
    match = re.search(r"\b(A/[A-Z0-9./-]+\d)", label)
    if match is None:
        return None
    try:
        return parse_symbol(match.group(1))
    except SymbolError:
        return None


def _read_ohchr(reading: _Reading, lines: list[str], subject: _Subject, location: str) -> None:
    index = next(i for i, line in enumerate(lines) if _OHCHR_ROW.match(line))
    fields = lines[index + 1].split("|") if index + 1 < len(lines) else []
    if len(fields) != 6:
        reading.notes.append(SourceNote("section", "the resolutions row has not six fields"))
        return
    name, vote_date, summary, agenda, _passed, _kind = fields
    symbol, _, notes = read_symbol(name)
    reading.notes.extend(notes)
    reading.states_symbol = subject.symbol is not None and symbol == str(subject.symbol)
    reading.title = title_of(summary) or None
    _, agenda_item, _ = split_agenda(agenda)
    reading.agenda = agenda_item
    if re.fullmatch(r"\d{4}/\d{2}/\d{2}", vote_date.strip()):
        reading.dates.append((date.fromisoformat(vote_date.strip().replace("/", "-")), "vote"))
    for line in lines[index + 2 :]:
        row = _VOTE_ROW.match(line.strip())
        if row and row["vote"] in VOTES:
            reading.votes[row["code"]] = (row["name"], row["code"], VOTES[row["vote"]])
        elif row:
            raise SourceError(
                f"unknown vote {row['vote']!r} in the row {line.strip()!r}",
                location=location,
                field=reading.section.name,
            )
    if reading.votes:
        reading.method = AdoptionMethod.RECORDED_VOTE
        reading.complete_votes = True
        reading.tally = _tally(reading.votes)


def _tally(votes: dict[str, tuple[str, str | None, VoteOption]]) -> VoteTally:
    cast = Counter(option for _, _, option in votes.values())
    return VoteTally(
        cast[VoteOption.YES],
        cast[VoteOption.NO],
        cast[VoteOption.ABSTAIN],
        cast[VoteOption.NON_VOTING],
        len(votes),
    )


def _read_listing(reading: _Reading, lines: list[str], subject: _Subject) -> None:
    """A right-docs page top: head line, fields, counts, one name list, an In Favour list,
    then the top of the UN text."""
    head = _LISTING_HEAD.match(lines[0].strip())
    assert head is not None
    symbol = f"A/HRC/RES/{head['session']}/{head['number']}"
    reading.states_symbol = subject.symbol is not None and symbol == str(subject.symbol)
    reading.title = head["title"].strip()
    blocks, rest = _bullet_blocks(lines[1:])
    for line in lines[1:]:
        if line.startswith("Agenda Item:") and ":" in line[len("Agenda Item:") :]:
            reading.agenda = line.split(":", 2)[2].strip() or None
    counts = {}
    for block in blocks:
        for line in block:
            match = _COUNT_LINE.match(line)
            if match:
                counts[match["label"].casefold()] = int(match["n"])
    _listing_sponsors(reading, blocks, counts, symbol)
    favour = next((b for b in blocks if b and b[0].strip("- ").casefold() == "in favour"), None)
    if favour is not None:
        names = [line[1:].strip() for line in favour[1:] if line[1:].strip()]
        reading.votes = {name: (name, None, VoteOption.YES) for name in names}
        reading.method = AdoptionMethod.RECORDED_VOTE
        reading.tally = VoteTally(len(names), None, None)
    elif rest:
        # The page shows a vote's lists before the document text when there was a vote;
        # this one goes from its sponsor lists straight to the text.
        reading.method = AdoptionMethod.WITHOUT_VOTE
        reading.confidence = CONFIDENCE_INFERRED
        reading.notes.append(
            SourceNote(
                "adoption",
                f"{reading.section.name}: the page shows no vote before the document text; "
                "read as adopted without a vote",
            )
        )
    _read_document_text(reading, "\n".join(rest), subject)


def _bullet_blocks(lines: list[str]) -> tuple[list[list[str]], list[str]]:
    """The "- …" lines cut into blocks at each bare "-", and the lines after the last one."""
    blocks: list[list[str]] = [[]]
    last = 0
    for index, line in enumerate(lines):
        if not line.startswith("-"):
            continue
        last = index + 1
        if line.strip() == "-":
            blocks.append([])
        else:
            blocks[-1].append(line.strip())
    return [block for block in blocks if block], lines[last:]


def _listing_sponsors(
    reading: _Reading, blocks: list[list[str]], counts: dict[str, int], symbol: str
) -> None:
    """Counts as stated; the one name list is the co-sponsors when its length is their count
    (the pages name the co-sponsors and count the main sponsors)."""
    names = next(
        (
            [line[1:].strip() for line in block]
            for block in blocks
            if block
            and not _COUNT_LINE.match(block[0])
            and block[0].strip("- ").casefold() != "in favour"
        ),
        [],
    )
    co_sponsors = counts.get("co-sponsors")
    named_co = len(names) if names and len(names) == co_sponsors else 0
    if names and not named_co:
        reading.notes.append(
            SourceNote(
                "sponsors",
                f"a list of {len(names)} names matches neither count ({counts}); not read as "
                "sponsors",
            )
        )
    if "main sponsors" in counts:
        reading.counts.append(StatedCount(SponsorCount.MAIN, counts["main sponsors"], 0))
    if co_sponsors is not None:
        reading.counts.append(StatedCount(SponsorCount.CO_SPONSORS, co_sponsors, named_co))
    if named_co:
        reading.sponsors = [
            SponsorEntry(name, SponsorRole.CO_SPONSOR, "co-sponsors", listed_in=symbol)
            for name in names
        ]


def _read_document_text(reading: _Reading, text: str, subject: _Subject) -> None:
    """The top of a UN resolution text: session, adoption date, "NN/NN. Title", recalls."""
    flat = re.sub(r"-\s+(?=[a-z])", "-", text)
    for match in _SESSION_WORDS.finditer(flat):
        number = ordinal_number(match.group(1).replace(" ", ""))
        if number:
            reading.sessions.append(number)
    adopted = _ADOPTED_ON.search(flat)
    if adopted:
        reading.dates.extend((day, "document") for day in st.dates(adopted.group(1)))
    for line in flat.splitlines():
        numbered = _NUMBERED_TITLE.match(line)
        if numbered and re.search(r"[A-Za-z]", numbered["title"]) and not reading.title:
            reading.title = re.sub(r"\s+’\s+s\b", "’s", numbered["title"]).strip()
    if subject.symbol is not None:
        reading.cites.extend(_cited(flat, council_text=True))


def _cited(text: str, *, council_text: bool) -> list[str]:
    return [
        f"A/HRC/RES/{c.number}" if c.council else f"A/RES/{c.number}"
        for c in st.citations(text, council_text=council_text)
    ]


def _read_draft(reading: _Reading, draft: Symbol, subject: _Subject, location: str) -> None:
    """A draft's first page: sponsors before ": draft resolution", its date and title."""
    flat = clean_text(reading.section.text.replace("*", " "))
    flat = re.sub(r"\\\s*MERGEFORMAT", " ", flat)  # Word field-code residue
    match = re.search(
        r"Agenda item \d+\s+(?P<rest>.+?):\s*draft resolution\s+(?:\d+/\S+\s+)?(?P<title>.+?)"
        r"\s+The Human Rights Council\b",
        flat,
    )
    if match is None:
        reading.notes.append(
            SourceNote("section", "no sponsor statement before ': draft resolution'")
        )
        return
    statement = _sponsor_list_start(match["rest"])
    entries = tuple(
        replace(e, name=drop_article(e.name.strip()))
        for e in sponsor_statement(statement, countries.is_known_name, field="first page")
    )
    title = match["title"].strip()
    days = st.dates(flat[: match.start()])
    related: tuple[RelatedDocument, ...] = ()
    if subject.symbol is not None and draft.regular_session == subject.session:
        related = (RelatedDocument(str(subject.symbol), Relation.RESOLUTION),)
        reading.drafts.append(str(draft))
    record = UndlRecord(
        record_id=f"hrc:{draft}",
        content_hash=_digest(flat),
        symbol=str(draft),
        kind=DocumentKind.DRAFT_RESOLUTION,
        title=title,
        kind_label="draft resolution",
        date=days[0].isoformat() if days else None,
        related=related,
        sponsors=entries,
    )
    reading.records.append(
        TextRecord(record, draft.regular_session, Body.HRC, None, CONFIDENCE_UN_TEXT)
    )


def _sponsor_list_start(text: str) -> str:
    """Where the sponsor list starts after the agenda item's title (in capitals on an HRC
    first page): the first word from which a known state is named."""
    words = text.split(" ")
    for start in range(len(words)):
        candidate = " ".join(words[start:])
        first = candidate.split(",", 1)[0].strip()
        if st.is_state_phrase(drop_article(first)):
            return candidate
    return text


def _read_other_document(
    reading: _Reading, document: Symbol, subject: _Subject, location: str
) -> None:
    """A later text recalling this one: the date it gives, and for a Council text the
    citation that links the two in one series."""
    assert subject.symbol is not None
    council = document.body is Body.HRC
    number = f"{subject.symbol.session}/{subject.symbol.number}"
    for citation in st.citations(reading.section.text, council_text=council):
        if citation.council and citation.number == number:
            reading.states_symbol = True
            if citation.day:
                reading.dates.append((citation.day, "citation"))
    cited = _cited(reading.section.text, council_text=council)
    if council and cited:
        record = UndlRecord(
            record_id=f"hrc:{subject.symbol}#{reading.section.name}",
            content_hash=_digest(reading.section.text),
            symbol=str(document),
            kind=DocumentKind.RESOLUTION,
            notes=(SourceNote("section", f"read from {reading.section.where}"),),
        )
        reading.records.append(
            TextRecord(
                record, document.regular_session, Body.HRC, None, reading.confidence, tuple(cited)
            )
        )


# --- prose --------------------------------------------------------------------------------


def _read_prose(reading: _Reading, subject: _Subject) -> None:
    text = reading.section.text
    _read_document_text(reading, text, subject)
    if subject.symbol is not None:
        short = f"{subject.symbol.session}/{subject.symbol.number}"
        reading.states_symbol = str(subject.symbol) in text or bool(
            re.search(rf"\b(?:Resolution|HRC) {re.escape(short)}\b", text)
        )
        if reading.states_symbol and "Distr." not in text:
            # A page about this resolution: a date standing alone on a line is its date (in a
            # UN document's header it is the distribution date).
            for line in text.splitlines():
                if re.fullmatch(r"\s*\d{1,2} \w+ \d{4}\s*", line):
                    reading.dates.extend((d, "page") for d in st.dates(line))
    reading.sessions.extend(int(m.group(1)) for m in _SESSION_ORDINAL.finditer(text))
    for number in _DRAFT_NUMBER.findall(text):
        if subject.session:
            reading.drafts.append(f"A/HRC/{subject.session}/L.{number}")
    reading.drafts.extend(_DRAFT_SYMBOL.findall(text))
    listed = st.list_votes(text)
    for option, names in listed.items():
        for name in names:
            reading.votes[name] = (name, None, option)
    signals = []
    for sentence in st.sentence_list(text):
        if not _about_subject(sentence, subject):
            continue
        signals.append(st.method_signal(sentence))
        _read_sentence(reading, sentence)
    _decide_method(reading, signals)


def _about_subject(sentence: str, subject: _Subject) -> bool:
    """Whether a sentence speaks of this resolution: not of other years, not of several texts
    or another situation (unless it names this one's)."""
    named, since = st.years(sentence)
    other_years = bool(subject.year and named and subject.year not in named)
    if other_years and (since is None or (subject.year or 0) < since):
        return False
    states = set(st.states_named(sentence))
    names_topic = bool(states & subject.topic)
    if _PLURAL.search(sentence) and not names_topic:
        return False
    topical = re.search(r"human rights (?:situation )?in|situation (?:of|in)\b", sentence)
    return not (topical and states and not names_topic)


def _read_sentence(reading: _Reading, sentence: str) -> None:
    # "… the General Assembly (116:20:55), in turn following an earlier vote of the Human
    # Rights Council in New York (30:6:9)": the counts after the Council's name are its own.
    council = sentence.rfind("Human Rights Council")
    tally = (st.counts(sentence, council) if council >= 0 else None) or st.counts(sentence)
    better = reading.tally is None or (reading.tally.no is None and tally and tally.no is not None)
    if tally and better and not re.search(r"\bmotion\b|\bamendment\b", sentence, re.I):
        reading.tally = tally
    for option, names in st.named_votes(sentence).items():
        for name in names:
            reading.votes.setdefault(name, (name, None, option))
    reading.delegations.extend(st.introductions(sentence))
    count, named = st.dissociations(sentence)
    reading.delegations.extend(named)
    if count:
        reading.dissociated = count
    elif st.mentions_dissociation(sentence) and not named:
        reading.notes.append(SourceNote("dissociation", f"{reading.section.name}: {sentence}"))
    if _ADOPT_WORDS.search(sentence):
        reading.dates.extend((day, "prose") for day in st.dates(sentence))
    if not reading.title:
        reading.title = st.title_phrase(sentence)
    if _SPONSOR_WORDS.search(sentence):
        reading.notes.append(SourceNote("sponsors (prose)", f"{reading.section.where}: {sentence}"))


def _decide_method(reading: _Reading, signals: list[st.MethodSignal]) -> None:
    """One method per section; a section that says both is undecided (and says so)."""
    without = any(s.without_vote for s in signals)
    voted = any(s.vote_taken for s in signals) or reading.tally is not None
    unanimous = any(s.unanimous for s in signals)
    if reading.votes and not without:
        voted = True
    if without and voted:
        reading.method_doubt = "says both that it was adopted without a vote and by a vote"
    elif unanimous and voted and not without:
        reading.method_doubt = "says both that it was adopted unanimously and following a vote"
    elif without or (unanimous and not voted):
        reading.method = AdoptionMethod.WITHOUT_VOTE
    elif voted:
        reading.method = AdoptionMethod.RECORDED_VOTE
    if reading.method_doubt:
        reading.notes.append(
            SourceNote("conflict", f"{reading.section.where} {reading.method_doubt}")
        )


# --- merging the sections -----------------------------------------------------------------


def _merge(readings: list[_Reading], subject: _Subject, location: str, text: str) -> TextRecord:
    notes: list[SourceNote] = [note for r in readings for note in r.notes]
    method, tally, chosen = _adoption(readings, notes)
    votes = _votes(readings, notes)
    if tally is None and method is AdoptionMethod.RECORDED_VOTE and chosen is not None:
        tally = chosen.tally
    title = _best(readings, lambda r: r.title)
    day = _date(readings, notes)
    _check_sessions(readings, subject, notes)
    if subject.symbol is not None and not any(r.states_symbol for r in readings):
        notes.append(
            SourceNote("symbol", f"no section states the symbol {subject.symbol}; check it")
        )
    symbol = str(subject.symbol) if subject.symbol else None
    record = UndlRecord(
        record_id=f"hrc:{symbol}" if symbol else _keyed_id(subject, title, location),
        content_hash=_digest(text),
        symbol=symbol,
        kind=DocumentKind.RESOLUTION,
        title=title,
        date=day.isoformat() if day else None,
        agenda=tuple(a for a in [_best(readings, lambda r: r.agenda)] if a),
        related=tuple(
            RelatedDocument(d, Relation.DRAFT)
            for d in dict.fromkeys(d for r in readings for d in r.drafts)
        ),
        sponsors=tuple(e for r in readings for e in r.sponsors),
        votes=tuple(StateVote(name, code, option) for name, code, option in votes.values()),
        tally=tally if method is AdoptionMethod.RECORDED_VOTE else None,
        adoption=method,
        action_note=_action_note(method, tally),
        notes=tuple(dict.fromkeys(notes)),
        dissociated=max((r.dissociated for r in readings if r.dissociated), default=None),
        delegations=tuple(dict.fromkeys(d for r in readings for d in r.delegations)),
        sponsor_counts=tuple(c for r in readings for c in r.counts),
    )
    cites = tuple(dict.fromkeys(c for r in readings for c in r.cites if c != symbol))
    confidence = chosen.confidence if chosen else max(r.confidence for r in readings)
    return TextRecord(record, subject.session, Body.HRC, None, confidence, cites)


def _keyed_id(subject: _Subject, title: str | None, location: str) -> str:
    digest = hashlib.sha256(f"{title or ''}|{Path(location).name}".encode()).hexdigest()[:8]
    return f"hrc:{subject.session or '?'}/HRC/{digest}"


def _adoption(
    readings: list[_Reading], notes: list[SourceNote]
) -> tuple[AdoptionMethod | None, VoteTally | None, _Reading | None]:
    """The method and counts the best-sourced sections give; disagreements become notes."""
    stated = [r for r in readings if r.method is not None]
    if not stated:
        return None, None, None
    top = max(r.confidence for r in stated)
    methods = {r.method for r in stated if r.confidence == top}
    if len(methods) > 1:
        notes.append(
            SourceNote(
                "conflict",
                "sections as sure as each other disagree on how it "
                "was adopted; the method is left undecided",
            )
        )
        return None, None, None
    method = methods.pop()
    chosen = max((r for r in stated if r.method is method), key=lambda r: r.confidence)
    for other in stated:
        if other.method is not method:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{other.section.where} says {other.method}; kept {method} "
                    f"({chosen.section.where})",
                )
            )
    if any(r.method_doubt for r in readings if r.confidence >= top):
        notes.append(
            SourceNote(
                "conflict",
                "a section as sure as the chosen one contradicts "
                "itself on the method; kept the others' reading",
            )
        )
    return (
        method,
        _counts(readings, notes) if method is AdoptionMethod.RECORDED_VOTE else None,
        chosen,
    )


def _counts(readings: list[_Reading], notes: list[SourceNote]) -> VoteTally | None:
    """Counts from the complete vote rows, else those most sources state; partial counts
    ("30-6, with abstentions") agree with any count they do not contradict."""
    complete = [r for r in readings if r.complete_votes and r.tally]
    stated = [r for r in readings if r.tally and r.tally.no is not None]
    if complete:
        best = max(complete, key=lambda r: r.confidence)
        tally = best.tally
    elif stated:
        full = [r for r in stated if r.tally and r.tally.abstain is not None]
        pool = full or stated
        groups = Counter(_key(r.tally) for r in pool)
        ranked = sorted(
            groups, key=lambda k: (max(r.confidence for r in pool if _key(r.tally) == k), groups[k])
        )
        if len(ranked) > 1 and _rank(ranked[-1], pool, groups) == _rank(ranked[-2], pool, groups):
            notes.append(
                SourceNote(
                    "conflict",
                    f"sources give the counts {', '.join(_show(k) for k in ranked)}; none kept",
                )
            )
            return None
        tally = next(r.tally for r in pool if _key(r.tally) == ranked[-1])
    else:
        return None
    assert tally is not None
    for reading in stated:
        if reading.tally and not _compatible(reading.tally, tally):
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} gives {_show(_key(reading.tally))}; kept "
                    f"{_show(_key(tally))}",
                )
            )
    return tally


def _rank(
    key: tuple[int | None, ...], pool: list[_Reading], groups: Counter[tuple[int | None, ...]]
) -> tuple[float, int]:
    return max(r.confidence for r in pool if _key(r.tally) == key), groups[key]


def _key(tally: VoteTally | None) -> tuple[int | None, ...]:
    assert tally is not None
    return (tally.yes, tally.no, tally.abstain)


def _show(key: tuple[int | None, ...]) -> str:
    return "-".join("?" if n is None else str(n) for n in key)


def _compatible(one: VoteTally, other: VoteTally) -> bool:
    return all(
        a is None or b is None or a == b for a, b in zip(_key(one), _key(other), strict=True)
    )


def _votes(
    readings: list[_Reading], notes: list[SourceNote]
) -> dict[str, tuple[str, str | None, VoteOption]]:
    """Per-state votes: the complete rows if a section has them (other sections' lists are
    checked against them), else every section's lists merged, the surer section first; a
    state two sections put on different sides keeps the surer one's vote, with a note."""
    ordered = sorted(readings, key=lambda r: (not r.complete_votes, -r.confidence))
    merged: dict[str, tuple[str, str | None, VoteOption, _Reading]] = {}
    rows = ordered[0] if ordered and ordered[0].complete_votes else None
    for reading in ordered:
        for name, code, option in reading.votes.values():
            state = _state_key(name, code)
            held = merged.get(state)
            if held is None and rows is not None and reading is not rows:
                notes.append(
                    SourceNote(
                        "conflict",
                        f"{reading.section.where} has {name} voting {option.name.lower()}; "
                        f"the rows of {rows.section.where} do not list it",
                    )
                )
            elif held is None:
                merged[state] = (name, code, option, reading)
            elif held[2] is not option:
                notes.append(
                    SourceNote(
                        "conflict",
                        f"{reading.section.where} has {name} voting {option.name.lower()}, "
                        f"{held[3].section.where} {held[2].name.lower()}; kept the latter",
                    )
                )
    return {state: (n, c, o) for state, (n, c, o, _) in merged.items()}


def _state_key(name: str, code: str | None) -> str:
    """One key per state however a section prints it (ISO3 code, ISO-style or plain name)."""
    if code:
        return code
    try:
        return countries.resolve(name).code
    except UnknownState:
        return name


def _best(readings: list[_Reading], value: Callable[[_Reading], str | None]) -> str | None:
    """The value the surest section gives (the first of equally sure ones)."""
    found = [(r.confidence, -i, text) for i, r in enumerate(readings) if (text := value(r))]
    return max(found)[2] if found else None


_DATE_RANK = {"vote": 4, "document": 3, "citation": 2, "page": 1, "prose": 0}


def _date(readings: list[_Reading], notes: list[SourceNote]) -> date | None:
    """The adoption date from the surest kind of statement; other dates noted."""
    found = [(d, how, r) for r in readings for d, how in r.dates]
    if not found:
        return None
    best = max(found, key=lambda item: (_DATE_RANK[item[1]], item[2].confidence))
    for day, how, reading in found:
        if day != best[0] and _DATE_RANK[how] >= _DATE_RANK["citation"]:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} dates it {day.isoformat()}; kept "
                    f"{best[0].isoformat()} ({best[2].section.where})",
                )
            )
    return best[0]


def _check_sessions(readings: list[_Reading], subject: _Subject, notes: list[SourceNote]) -> None:
    if subject.session is None:
        return
    for reading in readings:
        for session in set(reading.sessions) - {subject.session}:
            notes.append(
                SourceNote(
                    "conflict",
                    f"{reading.section.where} calls it a text of session {session}; "
                    f"the symbol says session {subject.session}",
                )
            )


def _action_note(method: AdoptionMethod | None, tally: VoteTally | None) -> str | None:
    if method is AdoptionMethod.WITHOUT_VOTE:
        return "Adopted without a vote by the Human Rights Council"
    if method is AdoptionMethod.RECORDED_VOTE and tally and tally.no is not None:
        abstain = "?" if tally.abstain is None else tally.abstain
        return f"Adopted {tally.yes}-{tally.no}-{abstain} by the Human Rights Council"
    if method is AdoptionMethod.RECORDED_VOTE:
        return "Adopted by a recorded vote of the Human Rights Council"
    return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
