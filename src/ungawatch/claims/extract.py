"""Finding the checkable claims in English news text.

The text is cut into paragraphs and sentences (spaCy's rule-based sentencizer on a blank
English pipeline); in each sentence the states it names (`lexicon`), its times (`times`) and
its trigger words (`rules`) are found, then each trigger takes its slots: the subjects nearest
to it, the time nearest after it, the body the sentence (or the story) names and the topic.
Nothing here reads the database: a `Claim` says what the text says, normalised; the checker
decides what the record says of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from ungawatch.claims.lexicon import Mention, find_states, nlp, resolve_bare_korea
from ungawatch.claims.model import Claim, TextSpan, Topic
from ungawatch.claims.rules import Trigger, find_triggers
from ungawatch.claims.times import TimeExpr, find_times
from ungawatch.vocabulary import Assertion, Body, Track

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Same-length substitutions so offsets into the normalised text are offsets into the story:
# curly quotes and dashes, and "co-sponsor" kept one token ("co_sponsor").
_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_CO_WORD = re.compile(r"\b(c)o-(?=spons|tabl|author)", re.I)
_PARAGRAPH = re.compile(r"\n\s*\n")

_BODIES: tuple[tuple[re.Pattern[str], Body | None, Track], ...] = (
    (re.compile(r"security council", re.I), None, Track.GA),  # another organ: see rules
    (re.compile(r"human rights council|\bUNHRC\b|\bHRC\b|\bGeneva\b", re.I), Body.HRC, Track.HRC),
    (re.compile(r"third committee|\bC\.3\b", re.I), Body.C3, Track.GA),
    (re.compile(r"first committee", re.I), Body.C1, Track.GA),
    (re.compile(r"fourth committee", re.I), Body.C4, Track.GA),
    (re.compile(r"sixth committee", re.I), Body.C6, Track.GA),
    (re.compile(r"\bcommittee\b", re.I), Body.C3, Track.GA),
    (re.compile(r"plenary|full assembly|general assembly|\bUNGA\b", re.I), Body.PLENARY, Track.GA),
)
_LEFT_BODY = re.compile(
    r"\b(?:withdr\w+|left|quit|pulled out)\s+(?:from\s+)?the\s+(?:U\.?N\.?\s+)?"
    r"(?:Human Rights Council|General Assembly)",
    re.I,
)
_TOPIC_BEFORE = frozenset(
    [
        "on",
        "condemning",
        "condemn",
        "condemned",
        "condemns",
        "criticizing",
        "criticising",
        "criticize",
        "criticise",
        "criticized",
        "criticised",
        "over",
        "about",
        "regarding",
        "concerning",
    ]
)
# "in", "of" and "against" make a topic only after a topic noun: "human rights in North
# Korea", "the embargo of Cuba", "imposed ... against Cuba"; not "the era of South Korea's".
_TOPIC_LINKS = frozenset(["in", "of", "against"])
_TOPIC_NOUNS = frozenset(
    [
        "rights",
        "situation",
        "violations",
        "abuses",
        "embargo",
        "integrity",
        "annexation",
        "aggression",
        "occupation",
        "question",
        "imposed",
        "resolution",
    ]
)
_TOPIC_AFTER = frozenset(
    [
        "human",
        "rights",
        "violations",
        "abuses",
        "situation",
        "embargo",
        "annexation",
        "aggression",
        "occupation",
        "resolution",
    ]
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "and",
        "or",
        "to",
        "for",
        "by",
        "with",
        "as",
        "at",
        "from",
        "that",
        "this",
        "these",
        "those",
        "its",
        "it",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "which",
        "who",
        "whom",
        "their",
        "his",
        "her",
        "our",
        "un",
        "u.n.",
        "united",
        "nations",
        "general",
        "assembly",
        "committee",
        "third",
        "resolution",
        "resolutions",
        "draft",
        "vote",
        "votes",
        "voted",
        "countries",
        "country",
        "member",
        "states",
        "state",
        "year",
        "years",
        "said",
        "says",
        "also",
        "more",
        "than",
        "but",
        "not",
        "after",
        "before",
        "during",
        "than",
        "will",
        "would",
        "which",
        "while",
        "however",
        "among",
        "including",
    ]
)
_SPONSOR_STORY = re.compile(r"\bco_?spons|\bsponsor|\bjoin(?:ed|s)?\b", re.I)


@dataclass
class Story:
    """What the whole story sets for its sentences: its date, and the body and topic that a
    sentence which names none inherits (from the title or the first sentence naming one)."""

    text: str
    day: date
    mentions_north: bool = False
    body: Body | None = None
    track: Track | None = None
    topic: Topic = field(default_factory=Topic)
    about_sponsorship: bool = False


@dataclass
class Sentence:
    doc: Doc
    span: Span
    base: int  # where the sentence's paragraph starts in the story
    mentions: list[Mention]
    topic_mentions: list[Mention]
    times: list[TimeExpr]
    body: Body | None
    track: Track | None
    topic: Topic

    @property
    def text(self) -> str:
        return str(self.span.text)

    @property
    def start_char(self) -> int:
        return self.base + int(self.span.start_char)


def normalise(text: str) -> str:
    """The text the rules read: same length as the story, so offsets carry over."""
    return _CO_WORD.sub(r"\1o_", text.translate(_SAME_LENGTH))


def extract(
    text: str, day: date, *, body: Body | None = None, about: tuple[str, ...] = ()
) -> list[Claim]:
    """The checkable claims of a story published on `day`, in text order.

    `body` and `about` are what is known of the text beforehand (a passage quoted in a
    Council record is about the Council's text on its situation): the body and the topic
    states a sentence that names none takes, and a bare "Korea" is the South's in a text
    about the North."""
    clean = normalise(text)
    story = Story(text, day, about_sponsorship=len(_SPONSOR_STORY.findall(clean)) >= 2)
    if body is not None:
        story.body, story.track = body, body.track
    if about:
        story.topic = Topic(states=about)
    sentences = list(_sentences(clean, story))
    _story_defaults(story, sentences)
    claims: list[Claim] = []
    previous: list[Claim] = []
    for sentence in sentences:
        found = _sentence_claims(sentence, story, previous)
        claims += found
        previous = found or previous
    return _deduplicated(_record_counts(claims), text)


def _record_counts(claims: list[Claim]) -> list[Claim]:
    """ "The vote tied the record of support ... The vote was 187 in favor": a record claim
    takes the count in favour of the vote stated next to it (same or next sentence)."""
    done = []
    for index, claim in enumerate(claims):
        if claim.assertion is Assertion.RECORD_HIGH and claim.number is None:
            later = [
                c
                for c in claims[index + 1 : index + 6]
                if c.assertion is Assertion.TALLY
                and c.yes is not None
                and c.sentence.start - claim.sentence.end <= 2
            ]
            if later:
                claim = replace(
                    claim,
                    number=later[0].yes,
                    first_year=later[0].first_year,
                    last_year=later[0].last_year,
                )
                claim = replace(claim, normalized=_normalized(claim))
        done.append(claim)
    return done


def _normalized(claim: Claim) -> str:
    from ungawatch.claims.describe import normalized

    return normalized(claim)


def _sentences(clean: str, story: Story) -> Iterator[Sentence]:
    paragraphs: list[tuple[int, str]] = []
    offset = 0
    for part in _PARAGRAPH.split(clean):
        start = clean.index(part, offset)
        offset = start + len(part)
        paragraphs.append((start, part))
    docs = [(start, nlp()(part)) for start, part in paragraphs]
    found = [
        [
            replace(m, start_char=m.start_char + start, end_char=m.end_char + start)
            for m in find_states(doc, story.day)
        ]
        for start, doc in docs
    ]
    story.mentions_north = "PRK" in story.topic.states or any(
        m.code == "PRK" and not m.ambiguous_korea for f in found for m in f
    )
    for (start, doc), mentions in zip(docs, found, strict=True):
        kept = resolve_bare_korea(mentions, story.mentions_north)
        for span in doc.sents:
            inside = [m for m in kept if span.start <= m.start < span.end]
            topic = [m for m in inside if _is_topic(doc, m)]
            body, track = _body(span.text)
            yield Sentence(
                doc=doc,
                span=span,
                base=start,
                mentions=[m for m in inside if m not in topic and not _is_modifier(doc, m)],
                topic_mentions=topic,
                times=find_times(span.text, start + span.start_char, story.day),
                body=body,
                track=track,
                topic=_topic(doc, span, topic),
            )


def _is_topic(doc: Doc, mention: Mention) -> bool:
    """A state the resolution is about ("condemning North Korea's human rights violations",
    "the American economic embargo of Cuba"), not one that acts."""
    before = [t.lower_ for t in doc[max(0, mention.start - 5) : mention.start] if t.lower_ != "the"]
    after = [t.lower_ for t in doc[mention.end : mention.end + 3] if t.lower_ not in ("'s", "'")]
    if before and before[-1] in _TOPIC_BEFORE:
        return True
    if before and before[-1] in _TOPIC_LINKS and _TOPIC_NOUNS & set(before[:-1]):
        return True
    return bool(after) and (after[0] in _TOPIC_AFTER or " ".join(after[:2]) == "economic embargo")


def _is_modifier(doc: Doc, mention: Mention) -> bool:
    """ "South Korea's Sunshine Policy": a possessive that names no actor of the sentence
    (unlike "Ukraine's resolution", which names its sponsor)."""
    following = doc[mention.end : mention.end + 2]
    return (
        len(following) == 2
        and following[0].lower_ in ("'s", "'")
        and following[1].lower_ not in ("resolution", "draft", "vote", "delegation", "name")
    )


def _topic(doc: Doc, span: Span, topic: list[Mention]) -> Topic:
    covered = {i for m in topic for i in range(m.start, m.end)}
    words = [
        t.lower_
        for t in span
        if t.is_alpha and len(t) > 3 and t.lower_ not in _STOP and t.i not in covered
    ]
    quoted = re.search(r'"([^"]{12,})"', span.text)
    return Topic(
        states=tuple(dict.fromkeys(m.code for m in topic)),
        words=tuple(dict.fromkeys(words)),
        quoted=quoted[1] if quoted else None,
    )


def _body(text: str) -> tuple[Body | None, Track | None]:
    """The body a sentence names; "the General Assembly's Third Committee" is the committee.
    A body a state left ("having withdrawn from the U.N. Human Rights Council") is not where
    the sentence's action took place."""
    text = _LEFT_BODY.sub(" ", text)
    for pattern, body, track in _BODIES:
        if pattern.search(text):
            if pattern.pattern.startswith("security"):
                continue
            return body, track
    return None, None


def _story_defaults(story: Story, sentences: list[Sentence]) -> None:
    for sentence in sentences:
        if story.body is None and sentence.body is not None:
            story.body, story.track = sentence.body, sentence.track
        if story.topic.empty and sentence.topic.states:
            story.topic = sentence.topic


def _sentence_claims(sentence: Sentence, story: Story, previous: list[Claim]) -> list[Claim]:
    triggers = find_triggers(sentence, story, previous)
    claims = []
    for trigger in triggers:
        claims.append(_claim(trigger, sentence, story))
    return claims


def _claim(trigger: Trigger, sentence: Sentence, story: Story) -> Claim:
    first, last, day, session = trigger.first_year, trigger.last_year, trigger.day, None
    time = trigger.time
    if time is not None:
        first, last, day, session = time.first_year, time.last_year, time.day, time.session
    body = trigger.body or sentence.body or story.body
    track = Track.HRC if body is Body.HRC else (Track.GA if body is not None else story.track)
    if session is not None:
        first = last = _session_year(session, track)
    if time is None and first is None and trigger.use_story_year:
        first = last = story.day.year
    topic = sentence.topic if sentence.topic.states or sentence.topic.quoted else story.topic
    start = min([trigger.start, *(m.start_char for m in trigger.subjects)])
    end = max([trigger.end, *(m.end_char for m in trigger.subjects)])
    if (
        time is not None
        and not trigger.time_shared
        and time.end - sentence.start_char <= len(sentence.text)
    ):
        end = max(end, time.end)
        start = min(start, time.start)
    text = story.text[start:end]
    claim = Claim(
        kind=trigger.kind,
        assertion=trigger.assertion,
        span=TextSpan(text, start, end),
        sentence=TextSpan(
            story.text[sentence.start_char : sentence.start_char + len(sentence.text)],
            sentence.start_char,
            sentence.start_char + len(sentence.text),
        ),
        normalized="",
        story_date=story.day.isoformat(),
        states=tuple(dict.fromkeys(m.code for m in trigger.subjects)),
        subject=", ".join(m.text for m in trigger.subjects) or None,
        vote=trigger.vote,
        yes=trigger.yes,
        no=trigger.no,
        abstain=trigger.abstain,
        number=trigger.number,
        qualifier=trigger.qualifier,
        stage=trigger.stage,
        ordinal=trigger.ordinal,
        first_year=first,
        last_year=last if last is not None else first,
        since_year=trigger.since_year,
        date=day.isoformat() if day else None,
        body=body,
        track=track,
        topic=topic,
        amendment=trigger.amendment,
        notes=tuple(trigger.notes),
    )
    return _with_heads(claim, trigger)


def _session_year(session: int, track: Track | None) -> int:
    from ungawatch.sessions import hrc_year_of_session, year_of_session

    return hrc_year_of_session(session) if track is Track.HRC else year_of_session(session)


def _with_heads(claim: Claim, trigger: Trigger) -> Claim:
    """A government named as subject gives its years when the text names none, and a note
    when the years named run past its term ("under the Moon Jae-in administration")."""
    from ungawatch.claims.describe import normalized

    heads = [m.head for m in trigger.subjects if m.head is not None]
    notes = list(claim.notes)
    first, last = claim.first_year, claim.last_year
    for head in heads:
        end_year = head.end.year if head.end else None
        if trigger.time is None and first is None:
            first, last = head.start.year, end_year or int(claim.story_date[:4])
        if last is not None and end_year is not None and last > end_year:
            notes.append(
                f"{head.name}'s term as {head.office} ended on {head.end}: "
                f"{last} falls (at least in part) under the next government"
            )
        if first is not None and first < head.start.year:
            notes.append(f"{head.name} took office on {head.start}, after {first} began")
    updated = replace(claim, first_year=first, last_year=last, notes=tuple(notes))
    return replace(updated, normalized=normalized(updated))


def _deduplicated(claims: list[Claim], text: str) -> list[Claim]:
    """A headline repeated in the body makes one claim twice: keep the first."""
    seen: set[str] = set()
    kept = []
    for claim in claims:
        if claim.normalized in seen:
            continue
        seen.add(claim.normalized)
        kept.append(claim)
    return kept
