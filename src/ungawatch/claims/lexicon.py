"""Finding states in news text: names, adjectives, capitals and governments.

News names a state many ways: "the Republic of Korea", "South Korea", "S. Korean", "Seoul",
"the Moon Jae-in administration". Every name the registry knows (official, former, aliases,
ISO spellings) is matched case-insensitively; short codes that are also English words ("US",
"UK", "EU") only as printed in capitals. `data/state_words.csv` adds adjectives and capitals;
`data/heads_of_government.csv` the heads of government whose name stands for their state in
their years ("under the Moon Jae-in administration" = the Republic of Korea, 2017-2022).

The spaCy pipeline is a blank English one (tokenizer and sentencizer, no trained model):
nothing is downloaded at run time and the rules below are the whole of the "model".
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

from ungawatch import countries

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

# Codes and short forms matched only in capitals: "us" and "in" are English words.
_CASED = ("US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "EU", "E.U.", "DPRK", "ROK", "UAE")
_SKIP = frozenset({"korea"})  # ambiguous between the two Koreas: see `resolve_bare_korea`
# Words before "America"/"American" that make it a region, not the United States.
_REGIONS = frozenset({"latin", "south", "central", "north"})
_GOVERNMENT_WORDS = frozenset({"administration", "government", "presidency", "cabinet"})
_TITLES = frozenset({"president", "minister", "leader"})


@dataclass(frozen=True, slots=True)
class HeadOfGovernment:
    """A president or prime minister with the days of the term (end None: in office)."""

    code: str
    name: str
    variants: tuple[str, ...]
    office: str
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Mention:
    """A state named in the text: token range in its Doc, registry code, and the words; a
    head of government's mention also carries the term."""

    start: int  # token index
    end: int
    code: str
    text: str
    head: HeadOfGovernment | None = None
    ambiguous_korea: bool = False
    start_char: int = 0  # character offsets (in the Doc until the extractor shifts them)
    end_char: int = 0


@functools.cache
def heads_of_government() -> tuple[HeadOfGovernment, ...]:
    """The table of heads of government with their terms (see data/heads_of_government.csv)."""
    text = resources.files("ungawatch.claims").joinpath("data/heads_of_government.csv")
    rows = list(csv.DictReader(text.read_text("utf-8").splitlines()))
    return tuple(
        HeadOfGovernment(
            code=row["code"],
            name=row["name"],
            variants=tuple(v.strip() for v in row["variants"].split(";") if v.strip()),
            office=row["office"],
            start=date.fromisoformat(row["start"]),
            end=date.fromisoformat(row["end"]) if row["end"] else None,
            source=row["source"],
        )
        for row in rows
    )


def head_for(name: str, day: date) -> HeadOfGovernment | None:
    """The head of government a name means on `day`: the term covering it, else the latest
    term that began before it (a story about "the Moon administration" written later)."""
    key = name.casefold()
    matching = [h for h in heads_of_government() if key in (v.casefold() for v in h.variants)]
    covering = [h for h in matching if h.covers(day)]
    if covering:
        return covering[0]
    earlier = [h for h in matching if h.start <= day]
    return max(earlier, key=lambda h: h.start) if earlier else None


@functools.cache
def _state_words() -> dict[str, str]:
    text = resources.files("ungawatch.claims").joinpath("data/state_words.csv")
    words: dict[str, str] = {}
    for row in csv.DictReader(text.read_text("utf-8").splitlines()):
        for word in row["words"].split(";"):
            words[word.strip()] = row["code"]
    return words


@functools.cache
def nlp() -> Language:
    """The blank English pipeline with a rule-based sentencizer (built once per process)."""
    import spacy

    _register_components()
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("ungawatch_abbreviation_ends")
    return pipeline


_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "He",
        "She",
        "They",
        "We",
        "But",
        "However",
        "An",
        "Some",
        "Its",
        "Their",
        "After",
        "Before",
        "When",
        "While",
    ]
)


def _register_components() -> None:
    """A sentence can end on an abbreviation ("... including South Korea and the U.S. An
    additional fifteen countries joined"): the sentencizer only splits on a full stop token,
    so a capitalised sentence opener after "U.S." starts a sentence too."""
    from spacy.language import Language

    if "ungawatch_abbreviation_ends" in Language.factories:
        return

    @Language.component("ungawatch_abbreviation_ends")
    def abbreviation_ends(doc: Doc) -> Doc:
        for token in doc[1:]:
            before = doc[token.i - 1]
            if before.text.endswith(".") and len(before.text) > 1 and token.text in _STARTERS:
                token.is_sent_start = True
        return doc


@functools.cache
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher, dict[str, str]]:
    """Case-insensitive and case-sensitive phrase matchers over every state word; the
    match id's string is the phrase's key in the returned code table."""
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    codes: dict[str, str] = {}
    for state in countries.all_states():
        names = [state.name, *state.aliases, *(name for name, _ in state.former_names)]
        for name in names:
            if len(name) >= 4 and countries.normalize_name(name) not in _SKIP:
                codes[name] = state.code
    codes.update(_state_words())
    for head in heads_of_government():
        for variant in head.variants:
            if " " in variant or "-" in variant:  # bare surnames only next to a title
                codes[variant] = f"head:{head.code}"
    lower = PhraseMatcher(pipeline.vocab, attr="LOWER")
    cased = PhraseMatcher(pipeline.vocab, attr="ORTH")
    for phrase in codes:
        matcher = cased if phrase in _CASED else lower
        matcher.add(phrase, [pipeline.make_doc(phrase)])
    for head in heads_of_government():
        for variant in head.variants:
            if " " not in variant and "-" not in variant:
                lower.add(f"surname:{variant}", [pipeline.make_doc(variant)])
    return lower, cased, codes


def find_states(doc: Doc, day: date) -> list[Mention]:
    """Every state the Doc names, longest match first where matches overlap."""
    from spacy.util import filter_spans

    lower, cased, codes = _matchers()
    spans = []
    for matcher in (lower, cased):
        for match_id, start, end in matcher(doc):
            spans.append(doc[start:end])
            spans[-1].label_ = doc.vocab.strings[match_id]
    spans += _bare_korea(doc)
    mentions = []
    for span in filter_spans(spans):
        mention = _mention(doc, span.start, span.end, span.label_, codes, day)
        if mention is not None:
            last = doc[mention.end - 1]
            mentions.append(
                replace(mention, start_char=doc[mention.start].idx, end_char=last.idx + len(last))
            )
    return mentions


_KOREAN_ACTORS = frozenset(
    ["government", "delegation", "mission", "administration", "ambassador", "envoy", "foreign"]
)


def _bare_korea(doc: Doc) -> list[Span]:
    """ "Korea" alone (and "the Korean government"): South Korean and Korean-government
    English writes it for the Republic of Korea and "N. Korea"/"North Korea" for the North;
    resolved per story (see `resolve_bare_korea`), never guessed from one word."""
    found = []
    for token in doc:
        before = doc[token.i - 1].lower_ if token.i else ""
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        actor = token.lower_ == "korean" and after in _KOREAN_ACTORS
        if (token.lower_ == "korea" or actor) and before not in ("north", "south", "n.", "s."):
            span = doc[token.i : token.i + 1]
            span.label_ = "korea"
            found.append(span)
    return found


def _mention(
    doc: Doc, start: int, end: int, label: str, codes: dict[str, str], day: date
) -> Mention | None:
    text = doc[start:end].text
    if label == "korea":
        return Mention(start, end, "KOR", text, ambiguous_korea=True)
    if label.startswith("surname:"):
        if not _next_to_title(doc, start, end):
            return None
        label = label.removeprefix("surname:")
    code = codes.get(label, label)
    if code.startswith("head:") or label in _all_variants():
        head = head_for(label, day)
        if head is None:
            return None
        end = _with_government_word(doc, end)
        return Mention(start, end, head.code, doc[start:end].text, head=head)
    if text.casefold().startswith("america") and start and doc[start - 1].lower_ in _REGIONS:
        return None
    return Mention(start, end, code, text)


@functools.cache
def _all_variants() -> frozenset[str]:
    return frozenset(v for head in heads_of_government() for v in head.variants)


def _next_to_title(doc: Doc, start: int, end: int) -> bool:
    """A bare surname names a head of government only as "President Moon" or "the Moon
    administration"."""
    before = doc[start - 1].lower_ if start else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before in _TITLES or after in _GOVERNMENT_WORDS


def _with_government_word(doc: Doc, end: int) -> int:
    return end + 1 if end < len(doc) and doc[end].lower_ in _GOVERNMENT_WORDS else end


def resolve_bare_korea(mentions: list[Mention], north_named: bool) -> list[Mention]:
    """Keep a bare "Korea" as the Republic of Korea only when the same story names the North
    otherwise ("North Korea", "DPRK", "Pyongyang"): then "Korea" is the South by contrast.
    Otherwise the word is ambiguous and dropped, never guessed."""
    return [m for m in mentions if not m.ambiguous_korea or north_named]
