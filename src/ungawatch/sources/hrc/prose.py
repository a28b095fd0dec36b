"""The prose sections of a Council record (UN Geneva summaries, news, NGO and government
statements), read sentence by sentence with `sources.statements`. A sentence speaks for the
file's resolution unless it names other years, several texts or another situation."""

from __future__ import annotations

import re

from ungawatch.models import SourceNote
from ungawatch.sources import statements as st
from ungawatch.sources.hrc.model import Reading, Subject
from ungawatch.sources.hrc.sections import read_document_text
from ungawatch.vocabulary import AdoptionMethod

_SESSION_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) (?:regular )?session\b", re.I)
_DRAFT_NUMBER = re.compile(r"\b(?:Resolution|draft resolution)\s+L\.?\s?(\d{1,3})\b", re.I)
_DRAFT_SYMBOL = re.compile(r"\bA/HRC/\d+/L\.\d+(?:/Rev\.\d+)?")
_ADOPT_WORDS = re.compile(r"\b(?:adopt\w*|pass\w*|approv\w*|resolved|established)\b", re.I)
_PLURAL = re.compile(r"\b(?:resolutions|texts|drafts|mandates)\b", re.I)
# The note field of a sentence about sponsorship: never a sponsor list, but the claim checker
# reads these sentences as reports (`claims.reports`), each under its section's outlet.
SPONSOR_PROSE = "sponsors (prose)"
_SPONSOR_WORDS = re.compile(
    r"co-?sponsor|sponsor|joint proposal|co-writing|co-tabl|drawn up by|drafted by|submitted"
    r"|submit|presented|introduced|main sponsor",
    re.I,
)


def read_prose(reading: Reading, subject: Subject) -> None:
    text = reading.section.text
    read_document_text(reading, text, subject)
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


def _about_subject(sentence: str, subject: Subject) -> bool:
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


def _read_sentence(reading: Reading, sentence: str) -> None:
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
        reading.notes.append(SourceNote(SPONSOR_PROSE, f"{reading.section.where}: {sentence}"))


def _decide_method(reading: Reading, signals: list[st.MethodSignal]) -> None:
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
