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

import re
from collections import Counter
from pathlib import Path

from ungawatch.errors import SourceError, SymbolError
from ungawatch.models import SkippedPart
from ungawatch.sessions import hrc_regular_session_of_date
from ungawatch.sources import statements as st
from ungawatch.sources.doctext import TextRecord
from ungawatch.sources.hrc.merge import merge
from ungawatch.sources.hrc.model import Reading, Section, Subject
from ungawatch.sources.hrc.prose import read_prose
from ungawatch.sources.hrc.sections import (
    confidence_of,
    is_listing,
    is_ohchr_section,
    label_symbol,
    read_draft,
    read_listing,
    read_ohchr,
    read_other_document,
)
from ungawatch.symbols import Symbol, parse_symbol
from ungawatch.vocabulary import Body

__all__ = ["Section", "is_hrc_record", "read_hrc_record"]

_HEADER = re.compile(r"^#\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$")
_SECTION = re.compile(r"^==\s*(?P<name>source(?:-\d+)?)\s*:\s*(?P<label>.*?)\s*==\s*$", re.M)
_SESSION_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) (?:regular )?session\b", re.I)


def is_hrc_record(head: bytes) -> bool:
    """Sniff: a provenance header naming the kind, or `== source …==` sections around
    Council symbols."""
    text = head.decode("utf-8", errors="replace")
    if re.search(r"^#\s*kind:\s*hrc-resolution-record\s*$", text, re.M):
        return True
    return bool(_SECTION.search(text)) and "A/HRC/" in text


def read_hrc_record(data: bytes, location: str) -> list[TextRecord | SkippedPart]:
    """The records one file yields, and a `SkippedPart` for each section with no fact."""
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
    readings = [read_section(section, subject, location) for section in sections]
    found: list[TextRecord | SkippedPart] = [
        SkippedPart(location, f"{Path(location).name} {r.section.where}: {_nothing(subject)}")
        for r in readings
        if not r.usable
    ]
    found.append(merge(readings, subject, location, text))
    found.extend(record for reading in readings for record in reading.records)
    return found


def _nothing(subject: Subject) -> str:
    what = str(subject.symbol) if subject.symbol else "the resolution"
    return f"no statement about {what} (adoption, votes, sponsors, date, title) found; not read"


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


def _subject(symbol: Symbol | None, sections: list[Section]) -> Subject:
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
    return Subject(symbol, session, frozenset([top[0][0]] if top else []))


def read_section(section: Section, subject: Subject, location: str) -> Reading:
    reading = Reading(section, confidence_of(section))
    document = label_symbol(section.label)
    lines = section.text.splitlines()
    if is_ohchr_section(lines):
        read_ohchr(reading, lines, subject, location)
    elif is_listing(lines):
        read_listing(reading, lines, subject)
    elif document is not None and document.is_draft:
        read_draft(reading, document, subject, location)
    elif document is not None and subject.symbol is not None and document != subject.symbol:
        read_other_document(reading, document, subject, location)
    else:
        read_prose(reading, subject)
    return reading
