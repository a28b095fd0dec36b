"""The structured sections of a Council record: an OHCHR voting record as scraped, a right-docs
page, a draft's first page, a UN document's header, and a later resolution recalling this one.
Each reader fills a `Reading` with what its section says about the resolution."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from ungawatch import countries
from ungawatch.errors import SourceError, SymbolError
from ungawatch.models import (
    RelatedDocument,
    SourceNote,
    SponsorEntry,
    StatedCount,
    UndlRecord,
    VoteTally,
)
from ungawatch.sources import statements as st
from ungawatch.sources.doctext import TextRecord, ordinal_number
from ungawatch.sources.hrc.model import (
    CONFIDENCE_CATALOGUE,
    CONFIDENCE_COMPILATION,
    CONFIDENCE_INFERRED,
    CONFIDENCE_PROSE,
    CONFIDENCE_UN_TEXT,
    Reading,
    Section,
    Subject,
    digest,
)
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

_OHCHR_ROW = re.compile(r"^resolutions row \(name\|vote_date\|summary\|agenda\|passed\|type\):\s*$")
_VOTE_ROW = re.compile(r"^(?P<code>[A-Z]{3})\|(?P<vote>[A-Z_]+)\s*#\s*(?P<name>.+?)\s*$")
_LISTING_HEAD = re.compile(r"^RES/(?P<session>\d+)/(?P<number>\d+)\s+(?P<title>.+)$")
_COUNT_LINE = re.compile(r"^-\s*(?P<label>Main sponsors|Co-sponsors)\s*(?P<n>\d+)\s*$", re.I)
_SESSION_WORDS = re.compile(r"\b([A-Z][a-z]+(?:-\s?[a-z]+)?) session\b")
_ADOPTED_ON = re.compile(r"adopted by the Human Rights Council on (.+?\d{4})", re.I)
_NUMBERED_TITLE = re.compile(r"^\s*(?:Resolution\s+)?[\d ]+/\s*[\d ]+\.\s*(?P<title>\S.+?)\.?\s*$")


def is_ohchr_section(lines: list[str]) -> bool:
    return any(_OHCHR_ROW.match(line) for line in lines)


def is_listing(lines: list[str]) -> bool:
    """A right-docs page starts "RES/7/15 Title"."""
    return any(_LISTING_HEAD.match(line) for line in lines[:2])


def confidence_of(section: Section) -> float:
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


def label_symbol(label: str) -> Symbol | None:
    """The UN document a section's label says its text is from ("draft A/HRC/7/L.28, …")."""
    match = re.search(r"\b(A/[A-Z0-9./-]+\d)", label)
    if match is None:
        return None
    try:
        return parse_symbol(match.group(1))
    except SymbolError:
        return None


def read_ohchr(reading: Reading, lines: list[str], subject: Subject, location: str) -> None:
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


def read_listing(reading: Reading, lines: list[str], subject: Subject) -> None:
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
    read_document_text(reading, "\n".join(rest), subject)


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
    reading: Reading, blocks: list[list[str]], counts: dict[str, int], symbol: str
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


def read_document_text(reading: Reading, text: str, subject: Subject) -> None:
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
        reading.cites.extend(cited_symbols(flat, council_text=True))


def cited_symbols(text: str, *, council_text: bool) -> list[str]:
    return [
        f"A/HRC/RES/{c.number}" if c.council else f"A/RES/{c.number}"
        for c in st.citations(text, council_text=council_text)
    ]


def read_draft(reading: Reading, draft: Symbol, subject: Subject, location: str) -> None:
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
        content_hash=digest(flat),
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


def read_other_document(
    reading: Reading, document: Symbol, subject: Subject, location: str
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
    cited = cited_symbols(reading.section.text, council_text=council)
    if council and cited:
        record = UndlRecord(
            record_id=f"hrc:{subject.symbol}#{reading.section.name}",
            content_hash=digest(reading.section.text),
            symbol=str(document),
            kind=DocumentKind.RESOLUTION,
            notes=(SourceNote("section", f"read from {reading.section.where}"),),
        )
        reading.records.append(
            TextRecord(
                record, document.regular_session, Body.HRC, None, reading.confidence, tuple(cited)
            )
        )
