"""The trigger rules: which words in a sentence make a claim, and which slots each takes.

Each rule is a pattern over the sentence (the extractor's normalised text, same offsets as the
story) and yields `Trigger`s; then the states the sentence names are handed to the nearest
trigger that takes subjects, a trigger without subjects inherits the last ones ("Seoul was a
joint sponsor from 2008-18, withdrew from 2019-21 and rejoined in 2022"), and each trigger
takes the time nearest after it (else before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ungawatch.claims.lexicon import Mention
from ungawatch.claims.numbers import NUMBER, ORDINAL, cardinal, ordinal
from ungawatch.claims.times import TimeExpr
from ungawatch.vocabulary import Assertion, Body, ClaimKind, VoteOption

if TYPE_CHECKING:
    from ungawatch.claims.extract import Sentence, Story
    from ungawatch.claims.model import Claim

_N = rf"(?P<n>{NUMBER})"
_SPONSOR_WORD = r"(?:co_?sponsor\w*|sponsor(?:ed|s|ing|ship)?|co_tabled)"
_NEGATIVE = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|do not|not to|opted not to|decided not to|"
    r"chose not to|declined to|declines to|decline to|refused to|refrained from|refrain from|"
    r"failed to|stopped|will not|won't|has not|have not|had not|is not|was not|were not)\s+"
    r"(?:\w+\s+){0,2}?(?:co_?sponsor\w*|sponsor\w*|take part|taking part|join\w*|doing so|"
    r"participat\w*\s+(?:in|as)\s+(?:a\s+)?(?:co_?spons\w*|co-?writ\w*|co-?draft\w*))",
    re.I,
)
_NOT_AMONG = re.compile(r"\bnot\s+(?:initially\s+|originally\s+)?among\s+the\s+\w+", re.I)
_WITHDREW = re.compile(
    r"\b(?:withdr(?:ew|aw|awn|awing|aws)|pulled out|pull out|dropped out)\b"
    r"(?!\s+from\s+the\s+(?:U\.?N\.?\s+)?Human Rights Council)"
    r"(?:\s+(?:its|their)\s+name)?"
    r"(?:\s+(?:from|as)\s+(?:a\s+|the\s+)?(?:co_?sponsor\w*|sponsor\w*|list of co_?sponsors))?",
    re.I,
)
_RETURNED = re.compile(
    r"\b(?:returned|rejoined|re-joined|resumed|came back|return(?:s|ing)?)\b(?!\s+to\s+vote)"
    r"(?:\s+(?:its\s+|their\s+)?(?:co_?sponsorship|sponsorship|as\s+(?:a\s+)?co_?sponsors?))?",
    re.I,
)
_JOINED = re.compile(
    r"\b(?P<later>(?:later|subsequently|then|also)\s+)?(?:has\s+|have\s+)?join(?:ed|s)?\b"
    r"(?!\s+(?:in\s+)?the\s+consensus)(?=[^.;]{0,70}?\b(?:resolution|co_?sponsor|sponsor|group|"
    r"list|draft|nations|countries|states|text)\b)",
    re.I,
)
_SPONSORED = re.compile(
    rf"\b(?:{_SPONSOR_WORD}|joint sponsor|supported (?:similar |the |a )?(?:draft )?resolutions?"
    r"|took part|take part|taking part|(?:consistently|repeatedly|always) doing so)\b",
    re.I,
)
_MAIN = re.compile(
    r"\b(?:drafted|tabled|co_tabled|proposed|introduced|put forward|presented|penned|"
    r"authored|submitted|led)\s+by\b",
    re.I,
)
_VOTE_WORDS: tuple[tuple[re.Pattern[str], VoteOption], ...] = (
    (re.compile(r"\b(?:voted|voting|votes?|vote was)\s+(?:against|no)\b", re.I), VoteOption.NO),
    (re.compile(r"\b(?:voted|voting)\s+(?:in favou?r|for|yes)\b", re.I), VoteOption.YES),
    (re.compile(r"\b(?:opposed|opposing)\b", re.I), VoteOption.NO),
    (re.compile(r"\babstain(?:ed|ing|s)?\b", re.I), VoteOption.ABSTAIN),
)
_CHANGED = re.compile(r"\bchanged (?:its|their|his|her) vote to (?P<v>yes|no|abstain\w*)", re.I)
_CONSECUTIVE = re.compile(
    rf"\b(?:for\s+(?:the|a)\s+)?(?P<o>{ORDINAL})\s+(?:consecutive|straight|successive|running)"
    rf"\s+(?:year|time|session)s?\b|\bfor\s+{_N}\s+(?:consecutive|straight|successive)\s+years\b"
    rf"|\b(?:for\s+(?:the|a)\s+)?(?P<o2>{ORDINAL})\s+(?:year|time)\s+(?:in\s+a\s+row|running)\b",
    re.I,
)
_FIRST_SINCE = re.compile(
    rf"\bfor the first time (?:since (?P<y>(?:19|20)\d\d)|in {_N} years)\b|"
    r"\bfirst time since (?P<y2>(?:19|20)\d\d)\b",
    re.I,
)
_FIRST_ADOPTED = re.compile(
    r"\bfirst (?:adopted|approved|passed)\b[^.;]{0,80}?\bin (?P<y>(?:19|20)\d\d)\b", re.I
)
_FIRST_TIME = re.compile(r"\bfor the first time\b(?!\s+(?:since|in\s+\w+\s+years))", re.I)
_WITHOUT_VOTE = re.compile(
    r"\bby consensus\b(?:\s*\(?(?:and\s+)?without (?:a |any )?(?:formal |recorded )?vote\)?)?|"
    r"\bwithout (?:a |any )?(?:formal |recorded )?vote\b|"
    r"\bno (?:\w+ ){0,2}(?:called|asked|requested) for a (?:recorded )?vote\b",
    re.I,
)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.I)
_RECORDED = re.compile(r"\bput to (?:a )?vote\b|\bvoted overwhelmingly\b", re.I)
_ADOPTED = re.compile(
    r"\b(?:adopted|passed|approved|adopts|passes)\b|"
    r"\b(?:U\.?N\.?|United Nations|General Assembly|UNGA|Assembly|world body)\s+(?:also\s+)?"
    r"(?:condemned|criticized|criticised|censured)\b",
    re.I,
)
_EXPECTED = re.compile(
    r"\b(?:will|would|is expected to|are expected to|is set to|is due to)\s+(?:then\s+)?"
    r"(?:be\s+)?(?:submitted|presented|put|adopted|voted|considered|go|taken up)\b",
    re.I,
)
_PROCEDURE = re.compile(
    r"\btwo-thirds majority\b|\bsimple majority\b|"
    r"\bSecurity Council\b[^.;]{0,60}?\b(?:failed|veto\w*|rejected|blocked)\b",
    re.I,
)
_COUNT = re.compile(
    rf"\b(?:(?P<q>more than|over|about|approximately|around|nearly|some|at least|almost|"
    rf"roughly|fewer than|less than)\s+)?{_N}\s+(?P<other>other\s+)?"
    rf"(?:co_?sponsor\w*|sponsoring|sponsors|countries|member states|member countries|nations|"
    rf"states|members)\b",
    re.I,
)
_AMONG = re.compile(
    rf"\bamong\s+(?:the\s+)?(?P<stage>first\s+|initial\s+|original\s+)?{_N}\b(?!\s*(?:-|–))",
    re.I,
)
_TOTAL = re.compile(
    rf"\b(?:total|tally)(?:\s+number)?(?:\s+of\s+co_?sponsors)?\s+(?:to|of|at)\s+{_N}\b", re.I
)
_RECORD_HIGH = re.compile(
    r"\b(?:tied|matched|equall?ed|broke|set)\s+(?:the|a)\s+(?:\w+\s+)?record\b|"
    r"\brecord (?:high|number|level)\b|\bhighest (?:ever|number)\b",
    re.I,
)
_SPONSOR_CONTEXT = re.compile(
    r"co_?sponsor|sponsor|backing|supporting the draft|joined|drafted by|list", re.I
)
_VOTE_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}(?:voted|voting|abstain|in favou?r|against)", re.I)
_TALLY_PARTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_N}\s+(?:votes?\s+)?in favou?r\b", re.I), "yes"),
    (re.compile(rf"\b{_N}\s+(?:affirmative|yes)\s+votes\b", re.I), "yes"),
    (re.compile(rf"\bsupported by {_N}\b(?!\s+(?:countries\s+)?co)", re.I), "yes"),
    (re.compile(rf"\b{_N}\s+for\b", re.I), "yes"),
    (re.compile(rf"\b{_N}\s*(?:-|–)[^-–]{{0,80}}(?:-|–)\s*voted\s+(?:no|against)\b", re.I), "no"),
    (
        re.compile(
            rf"\b{_N}(?:\s+[\w.]+){{0,3}}?\s+(?:(?:voted|voting)\s+)?(?:against|no\b)", re.I
        ),
        "no",
    ),
    (re.compile(rf"\b{_N}\s+(?:\w+\s+)?opposing votes\b", re.I), "no"),
    (re.compile(rf"\b{_N}\s+abstentions?\b", re.I), "abstain"),
    (
        re.compile(
            rf"\b{_N}(?:\s+(?:countries|states|members|nations|others))?\s+abstain(?:ed|ing)\b",
            re.I,
        ),
        "abstain",
    ),
    (re.compile(rf"\b(?:up|down) from {_N}\b", re.I), "yes_series"),
    (re.compile(rf"\band {_N} in (?:19|20)\d\d\b", re.I), "yes_series"),
    (re.compile(rf"\bvote of {_N}\b", re.I), "yes_series"),
    (re.compile(rf"\(\s*{_N}\s+votes\s*\)", re.I), "yes_series"),
)
_BY_A_VOTE = re.compile(
    rf"\bby a (?:recorded )?vote of (?P<a>{NUMBER})\s*(?:to|-|–)\s*(?P<b>{NUMBER})"
    rf"(?:,?\s*(?:with|and)\s+(?P<c>{NUMBER})\s+abstentions?)?",
    re.I,
)
_DASHED = re.compile(r"\b(?P<a>\d{1,3})\s*-\s*(?P<b>\d{1,3})\s*-\s*(?P<c>\d{1,3})\b")
_COMPARED = re.compile(r"\b(?:than|exceeding|compared|versus|vs)\b", re.I)
_COREFERENCE = re.compile(rf"^\s*(?:These|Those|The)\s+(?P<n>{NUMBER})\s+(?:are|were)\b", re.I)
_INCLUDING = re.compile(r"\b(?:including|includes|included|such as|among them|like)\s*$", re.I)
_LIST_GLUE = re.compile(r"^[\s,]*(?:and|or|as well as|&)?[\s,]*(?:the\s+)?$", re.I)
_SUBJECT_TAKERS = frozenset(
    {
        Assertion.SPONSOR,
        Assertion.NOT_SPONSOR,
        Assertion.WITHDREW,
        Assertion.RETURNED,
        Assertion.JOINED_LATER,
        Assertion.MAIN_SPONSOR,
        Assertion.VOTED,
        Assertion.FIRST_SINCE,
        Assertion.SPONSOR_COUNT,
    }
)
_NEEDS_SUBJECT = _SUBJECT_TAKERS - {Assertion.SPONSOR_COUNT}


@dataclass
class Trigger:
    """A claim in the making: what it asserts, where (story offsets), and its slots."""

    kind: ClaimKind
    assertion: Assertion
    start: int
    end: int
    subjects: list[Mention] = field(default_factory=list)
    time: TimeExpr | None = None
    first_year: int | None = None
    last_year: int | None = None
    day: date | None = None
    body: Body | None = None
    vote: VoteOption | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    number: int | None = None
    qualifier: str = "exact"
    stage: str | None = None
    ordinal: int | None = None
    since_year: int | None = None
    amendment: bool = False
    notes: list[str] = field(default_factory=list)
    use_story_year: bool = True
    subjects_after: bool = False  # "drafted by X", "co-sponsored by X": subjects follow
    fixed_time: bool = False
    time_shared: bool = False  # the sentence's opening time: not part of this claim's words


def find_triggers(sentence: Sentence, story: Story, previous: list[Claim]) -> list[Trigger]:
    """Every claim trigger of one sentence, with subjects and times assigned."""
    text, base = sentence.text, sentence.start_char
    triggers: list[Trigger] = []
    taken: list[tuple[int, int]] = []

    def add(trigger: Trigger) -> None:
        if any(trigger.start < b and a < trigger.end for a, b in taken):
            return
        taken.append((trigger.start, trigger.end))
        triggers.append(trigger)

    for rule in (
        _tallies,
        _vote_changes,
        _counts,
        _streaks,
        _sponsorships,
        _votes,
        _adoptions,
    ):
        for trigger in rule(text, base, sentence, story, previous):
            add(trigger)
    triggers.sort(key=lambda t: t.start)
    _assign_subjects(triggers, sentence, previous)
    _assign_times(triggers, sentence)
    return _finished(triggers, sentence, story)


# --- rules ---------------------------------------------------------------------------------


def _tallies(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    """Vote counts: "by a vote of 81 to 37, with 67 abstentions", "119-19-48", "120 votes in
    favor, while 45 abstained and 14 ... voted no", "up from 185 last year and 184 in 2021"."""
    amendment = bool(re.search(r"\bamendment", text, re.I))
    whole = _BY_A_VOTE.search(text) or _DASHED.search(text)
    found: list[Trigger] = []
    if whole and not _is_year_range(whole.group(0)):
        counts = [cardinal(whole[k]) if whole[k] else None for k in ("a", "b", "c")]
        found.append(
            Trigger(
                ClaimKind.VOTE,
                Assertion.TALLY,
                base + whole.start(),
                base + whole.end(),
                yes=counts[0],
                no=counts[1],
                abstain=counts[2],
                amendment=amendment,
            )
        )
        return found
    parts: list[tuple[int, int, str, int]] = []
    for pattern, role in _TALLY_PARTS:
        for match in pattern.finditer(text):
            value = cardinal(match["n"])
            if value is None or 1900 < value < 2100 or _overlaps(parts, match.span()):
                continue
            if role != "yes_series" and re.search(r"out of\s*$", text[: match.start()], re.I):
                continue
            parts.append((match.start(), match.end(), role, value))
    series = [p for p in parts if p[2] == "yes_series"]
    if series and not re.search(
        r'\byes"?\s+votes?\b|\bvotes? in favou?r\b|\baffirmative votes\b', text, re.I
    ):
        parts = [p for p in parts if p[2] != "yes_series"]
    if not parts:
        return found
    if any(p[2] == "yes_series" for p in parts):
        return _yes_series(parts, text, base, sentence, amendment)
    parts.sort()
    trigger = Trigger(
        ClaimKind.VOTE,
        Assertion.TALLY,
        base + parts[0][0],
        base + parts[-1][1],
        amendment=amendment,
    )
    for _, _, role, value in parts:
        if getattr(trigger, role) is None:
            setattr(trigger, role, value)
    return [trigger]


def _is_year_range(text: str) -> bool:
    return bool(re.match(r"^(?:19|20)\d\d\s*-", text))


def _overlaps(parts: list[tuple[int, int, str, int]], span: tuple[int, int]) -> bool:
    return any(span[0] < b and a < span[1] for a, b, _, _ in parts)


def _yes_series(
    parts: list[tuple[int, int, str, int]],
    text: str,
    base: int,
    sentence: Sentence,
    amendment: bool,
) -> list[Trigger]:
    """ "The 'yes' vote was up from 185 last year and 184 in 2021, and tied the 2019 vote of
    187": each number is the yes count of the year next to it."""
    found = []
    for start, end, _, value in sorted(parts):
        inside = [t for t in sentence.times if base + start <= t.start and t.end <= base + end]
        time = inside[0] if inside else _time_near(sentence, base + start, base + end, window=14)
        trigger = Trigger(
            ClaimKind.VOTE,
            Assertion.TALLY,
            base + start,
            base + end,
            yes=value,
            amendment=amendment,
            time=time,
            fixed_time=True,
        )
        found.append(trigger)
    return found


def _time_near(sentence: Sentence, start: int, end: int, window: int) -> TimeExpr | None:
    """The time written next to a number ("185 last year", "last year (111 votes)"), not one
    it is compared with ("(112 votes) than last year", "exceeding last year's result")."""
    base = sentence.start_char

    def between(a: int, b: int) -> str:
        return sentence.text[a - base : b - base]

    close = [
        t
        for t in sentence.times
        if ((0 <= t.start - end <= window) and not _COMPARED.search(between(end, t.start)))
        or ((0 <= start - t.end <= window) and not _COMPARED.search(between(t.end, start)))
    ]
    return min(close, key=lambda t: min(abs(t.start - end), abs(start - t.end))) if close else None


def _vote_changes(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    found = []
    for match in _CHANGED.finditer(text):
        word = match["v"].casefold()
        vote = (
            VoteOption.YES
            if word == "yes"
            else VoteOption.NO
            if word == "no"
            else VoteOption.ABSTAIN
        )
        end = re.search(r"\babstention\b|$", text[match.end() :])
        stop = match.end() + (end.end() if end and end.group(0) else 0)
        trigger = Trigger(ClaimKind.VOTE, Assertion.VOTED, base + match.start(), base + stop)
        trigger.vote = vote
        trigger.notes.append("a vote changed after the vote: the record shows the final vote")
        found.append(trigger)
    return found


def _counts(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    """Co-sponsor counts: "61 co-sponsors", "among the first 41", "approximately 40 other
    nations", "bringing the total number of co-sponsors to sixty-one"."""
    found: list[Trigger] = []
    sponsor_context = bool(_SPONSOR_CONTEXT.search(text))
    initial = bool(re.search(r"\b(?:first|initial(?:ly)?|original(?:ly)?|released)\b", text, re.I))
    final = bool(
        re.search(r"\b(?:total|at adoption|bringing|final|in all|adopted|passed)\b", text, re.I)
    )
    for match in _TOTAL.finditer(text):
        value = cardinal(match["n"])
        if value is not None and sponsor_context:
            found.append(_count(base, match, value, "exact", "final"))
    for match in _AMONG.finditer(text):
        value = cardinal(match["n"])
        if value is None or not sponsor_context or 1900 < value < 2100:
            continue
        trigger = _count(base, match, value, "exact", "initial" if match["stage"] else None)
        trigger.subjects_after = False
        found.append(trigger)
    for match in _COUNT.finditer(text):
        value = cardinal(match["n"])
        after = text[match.end() :]
        if value is None or not sponsor_context or _VOTE_AFTER.match(after) or value > 193:
            continue
        if re.search(
            r"(?:out of|of the|the first|among(?: the)?(?: first)?)\s*$",
            text[: match.start()],
            re.I,
        ):
            continue
        qualifier = _qualifier(match["q"])
        trigger = _count(base, match, value + (1 if match["other"] else 0), qualifier, None)
        if re.search(r"\b(?:additional|more|further)\s*$", text[: match.start()], re.I) or re.match(
            r"\s*(?:\w+\s+)?joined\b", after, re.I
        ):
            trigger.stage = "additional"
        if match["other"]:
            trigger.notes.append(f"{value} others and the subject: {value + 1} in all")
        found.append(trigger)
    for trigger in found:
        if trigger.stage is None:
            trigger.stage = "initial" if initial else "final" if final else None
    for match in _RECORD_HIGH.finditer(text):
        found.append(
            Trigger(
                ClaimKind.COUNT, Assertion.RECORD_HIGH, base + match.start(), base + match.end()
            )
        )
    return found


def _count(
    base: int, match: re.Match[str], value: int, qualifier: str, stage: str | None
) -> Trigger:
    return Trigger(
        ClaimKind.COUNT,
        Assertion.SPONSOR_COUNT,
        base + match.start(),
        base + match.end(),
        number=value,
        qualifier=qualifier,
        stage=stage,
    )


def _qualifier(word: str | None) -> str:
    if not word:
        return "exact"
    word = word.casefold()
    if word in ("more than", "over"):
        return "more_than"
    if word == "at least":
        return "at_least"
    if word in ("fewer than", "less than"):
        return "fewer_than"
    return "about"


def _streaks(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    found = []
    for match in _CONSECUTIVE.finditer(text):
        value = (
            ordinal(match["o"] or match["o2"])
            if match["o"] or match["o2"]
            else cardinal(match["n"])
        )
        if value is None:
            continue
        trigger = Trigger(
            ClaimKind.STREAK, Assertion.CONSECUTIVE, base + match.start(), base + match.end()
        )
        trigger.ordinal = value
        found.append(trigger)
    for match in _FIRST_SINCE.finditer(text):
        trigger = Trigger(
            ClaimKind.STREAK, Assertion.FIRST_SINCE, base + match.start(), base + match.end()
        )
        year = match["y"] or match["y2"]
        if year:
            trigger.since_year = int(year)
        else:
            years = cardinal(match["n"])
            trigger.notes.append(f"in {years} years")
            trigger.ordinal = years
        trigger.vote = (
            VoteOption.NO if _NEGATIVE.search(text) or re.search(r"\bdeclin", text, re.I) else None
        )
        found.append(trigger)
    for match in _FIRST_ADOPTED.finditer(text):
        trigger = Trigger(
            ClaimKind.STREAK, Assertion.FIRST_ADOPTED, base + match.start(), base + match.end()
        )
        trigger.since_year = int(match["y"])
        trigger.first_year = trigger.last_year = int(match["y"])
        trigger.fixed_time = True
        found.append(trigger)
    if not found:
        for match in _FIRST_TIME.finditer(text):
            if not sentence.mentions:
                found.append(
                    Trigger(
                        ClaimKind.STREAK,
                        Assertion.FIRST_TIME,
                        base + match.start(),
                        base + match.end(),
                    )
                )
    return found


def _sponsorships(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    found = []
    for match in _NEGATIVE.finditer(text):
        found.append(_sponsor(base, match, Assertion.NOT_SPONSOR))
    for match in _NOT_AMONG.finditer(text):
        trigger = _sponsor(base, match, Assertion.NOT_SPONSOR)
        if re.search(r"initially|originally", match.group(0), re.I):
            trigger.stage = "initial"
        found.append(trigger)
    if story.about_sponsorship or _SPONSOR_CONTEXT.search(text):
        for match in _WITHDREW.finditer(text):
            found.append(_sponsor(base, match, Assertion.WITHDREW))
        for match in _RETURNED.finditer(text):
            found.append(_sponsor(base, match, Assertion.RETURNED))
    for match in _JOINED.finditer(text):
        later = match["later"] and match["later"].strip().casefold() in ("later", "subsequently")
        found.append(_sponsor(base, match, Assertion.JOINED_LATER if later else Assertion.SPONSOR))
    for match in _MAIN.finditer(text):
        trigger = _sponsor(base, match, Assertion.MAIN_SPONSOR)
        trigger.subjects_after = True
        found.append(trigger)
    for match in _SPONSORED.finditer(text):
        word = match.group(0).casefold()
        before = text[: match.start()]
        if re.search(rf"(?:{NUMBER}|\bthe|\bof|\bamong)\s*$", before, re.I):
            continue  # a noun: "41 co-sponsoring countries", "the co-sponsors"
        if re.search(
            rf"^\s*by\s+(?:(?:more than|about|some)\s+)?{NUMBER}\b", text[match.end() :], re.I
        ):
            continue  # "co-sponsored by 61 countries": a count
        if word.startswith("supported") and not story.about_sponsorship:
            continue
        trigger = _sponsor(base, match, Assertion.SPONSOR)
        trigger.subjects_after = bool(re.match(r"\s*by\b", text[match.end() :], re.I))
        if word.startswith("supported"):
            trigger.notes.append(
                "'supported' read as co-sponsored (the story is about co-sponsors)"
            )
        found.append(trigger)
    return found


def _sponsor(base: int, match: re.Match[str], assertion: Assertion) -> Trigger:
    return Trigger(ClaimKind.SPONSORSHIP, assertion, base + match.start(), base + match.end())


def _votes(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    found = []
    for pattern, vote in _VOTE_WORDS:
        for match in pattern.finditer(text):
            trigger = Trigger(
                ClaimKind.VOTE, Assertion.VOTED, base + match.start(), base + match.end()
            )
            trigger.vote = vote
            found.append(trigger)
    coreference = _COREFERENCE.match(text)
    if coreference and previous:
        value = cardinal(coreference["n"])
        for claim in previous:
            for role, vote in (
                ("no", VoteOption.NO),
                ("abstain", VoteOption.ABSTAIN),
                ("yes", VoteOption.YES),
            ):
                if claim.assertion is Assertion.TALLY and getattr(claim, role) == value:
                    trigger = Trigger(
                        ClaimKind.VOTE,
                        Assertion.VOTED,
                        base + coreference.start(),
                        base + coreference.end(),
                    )
                    trigger.vote = vote
                    trigger.subjects_after = True
                    trigger.first_year, trigger.last_year = claim.first_year, claim.last_year
                    trigger.fixed_time = True
                    return [trigger]
    return found


def _adoptions(
    text: str, base: int, sentence: Sentence, story: Story, previous: list[Claim]
) -> list[Trigger]:
    found = []
    for pattern, assertion in (
        (_WITHOUT_VOTE, Assertion.WITHOUT_VOTE),
        (_UNANIMOUS, Assertion.UNANIMOUS),
        (_RECORDED, Assertion.RECORDED_VOTE),
        (_EXPECTED, Assertion.EXPECTED),
        (_PROCEDURE, Assertion.PROCEDURE),
    ):
        for match in pattern.finditer(text):
            found.append(
                Trigger(ClaimKind.ADOPTION, assertion, base + match.start(), base + match.end())
            )
    merged = _merge_without_vote(found)
    if not any(
        t.assertion in (Assertion.WITHOUT_VOTE, Assertion.UNANIMOUS, Assertion.RECORDED_VOTE)
        for t in merged
    ):
        merged += _plain_adoptions(text, base, sentence)
    return merged


def _merge_without_vote(found: list[Trigger]) -> list[Trigger]:
    """ "by consensus, without a vote" and "No member called for a vote ... without a formal
    vote" are one claim each sentence."""
    without = [t for t in found if t.assertion is Assertion.WITHOUT_VOTE]
    if len(without) < 2:
        return found
    first = without[0]
    first.end = max(t.end for t in without)
    return [t for t in found if t not in without[1:]]


def _plain_adoptions(text: str, base: int, sentence: Sentence) -> list[Trigger]:
    """ "adopted ... on December 17", "passed by the Third Committee", "the UN also condemned
    North Korea": an adoption claimed with a day, a body or a topic, and no method."""
    found = []
    for match in _ADOPTED.finditer(text):
        named_day = any(t.day is not None for t in sentence.times)
        condemned = "condemn" in match.group(0).casefold() or "critici" in match.group(0).casefold()
        by_body = re.match(r"\s*by the\b[^.;,]{0,40}\bcommittee", text[match.end() :], re.I)
        if named_day or condemned or by_body:
            trigger = Trigger(
                ClaimKind.ADOPTION, Assertion.ADOPTED, base + match.start(), base + match.end()
            )
            found.append(trigger)
            break
    return found


# --- slots ---------------------------------------------------------------------------------


def _groups(mentions: list[Mention], text: str, base: int) -> list[list[Mention]]:
    """States listed together ("China, Cuba, Russia, ... and Lebanon") form one group."""
    groups: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: m.start_char):
        if groups:
            between = text[groups[-1][-1].end_char - base : mention.start_char - base]
            if _LIST_GLUE.match(between):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _assign_subjects(triggers: list[Trigger], sentence: Sentence, previous: list[Claim]) -> None:
    """Each group of states goes to its nearest trigger; a sponsorship trigger keeps only the
    nearest group before it ("... that Seoul has declined"), or the first after it when it
    has none before ("co-sponsored by South Korea"); a vote trigger keeps every group ("Among
    the countries that voted against ... were China, Cuba, ...")."""
    takers = [t for t in triggers if t.assertion in _SUBJECT_TAKERS]
    text, base = sentence.text, sentence.start_char
    offered: dict[int, list[list[Mention]]] = {}
    for group in _groups(sentence.mentions, text, base):
        start, end = group[0].start_char, group[-1].end_char
        if not takers:
            break
        included = bool(_INCLUDING.search(text[: start - base]))
        best = min(takers, key=lambda t: _distance(t, start, end))
        if included and best.kind in (ClaimKind.SPONSORSHIP, ClaimKind.COUNT) and best.end <= start:
            # "had Korea among 41 countries including Germany, the U.K., ...", "joined the
            # group that includes Australia, Britain": the listed states are co-sponsors
            # (a claim of their own), not the trigger's subject.
            twin = Trigger(ClaimKind.SPONSORSHIP, Assertion.SPONSOR, start, end, stage=best.stage)
            twin.subjects = list(group)
            if best.assertion is Assertion.SPONSOR_COUNT and not offered.get(id(best)):
                offered.setdefault(id(best), []).append(group)
                continue
            triggers.append(twin)
            continue
        offered.setdefault(id(best), []).append(group)
    for trigger in takers:
        groups = offered.get(id(trigger), [])
        if trigger.kind is ClaimKind.VOTE or trigger.assertion is Assertion.SPONSOR_COUNT:
            chosen = groups
        else:
            before = [g for g in groups if g[-1].end_char <= trigger.start]
            after = [g for g in groups if g[0].start_char >= trigger.start]
            chosen = after[:1] if trigger.subjects_after and after else before[-1:] or after[:1]
        for group in chosen:
            between = text[group[-1].end_char - base : max(trigger.start - base, 0)]
            # "South Korea and the United States, which did co-sponsor": the relative clause
            # is about the last state named.
            trigger.subjects.extend(
                group[-1:] if re.match(r"^,?\s*(?:which|who)\b", between) else group
            )
    _inherit(triggers, previous)


def _distance(trigger: Trigger, start: int, end: int) -> float:
    if trigger.subjects_after:
        return start - trigger.end if start >= trigger.end else 10_000 + trigger.start - end
    if end <= trigger.start:
        return trigger.start - end
    if start >= trigger.end:
        return (start - trigger.end) * 1.2
    return 0


def _inherit(triggers: list[Trigger], previous: list[Claim]) -> None:
    """A trigger with no subject of its own takes the last subject before it in the sentence,
    else the subject of the previous sentence's sponsorship claims."""
    last: list[Mention] = []
    earlier = [
        c for c in previous if c.kind in (ClaimKind.SPONSORSHIP, ClaimKind.STREAK) and c.states
    ]
    for trigger in sorted(triggers, key=lambda t: t.start):
        if trigger.subjects:
            last = trigger.subjects
            continue
        if trigger.assertion not in _NEEDS_SUBJECT or trigger.assertion is Assertion.VOTED:
            continue
        later = [
            t.subjects
            for t in sorted(triggers, key=lambda t: t.start)
            if t.start > trigger.start and t.subjects and t.kind is not ClaimKind.VOTE
        ]
        if last:
            trigger.subjects = list(last)
        elif later and trigger.kind is not ClaimKind.VOTE:
            trigger.subjects = list(later[0])
        elif earlier:
            claim = earlier[-1]
            trigger.subjects = [
                Mention(
                    0,
                    0,
                    code,
                    claim.subject or code,
                    start_char=trigger.start,
                    end_char=trigger.start,
                )
                for code in claim.states
            ]
            trigger.notes.append(f"subject carried from the previous sentence: {claim.subject}")


def _assign_times(triggers: list[Trigger], sentence: Sentence) -> None:
    """Each trigger takes the time nearest after it (a time before it counts a little more far)
    unless a nearer trigger stands between them."""
    starts = sorted(t.start for t in triggers)
    for trigger in triggers:
        if trigger.fixed_time or trigger.time is not None:
            continue
        if trigger.assertion is Assertion.TALLY:
            trigger.time = _tally_time(trigger, sentence)
            continue
        best: tuple[float, TimeExpr] | None = None
        for time in sentence.times:
            if time.kind == "prior" and trigger.assertion is not Assertion.SPONSOR:
                continue
            inside = trigger.start <= time.start and time.end <= trigger.end
            if inside and trigger.kind is ClaimKind.STREAK:
                continue  # "for the first time since 2008": 2008 is not the claim's year
            if any(
                other is not trigger and other.start <= time.start and time.end <= other.end
                for other in triggers
            ):
                continue  # a time inside another trigger's words is that trigger's
            if time.start >= trigger.end:
                if any(trigger.end <= s < time.start for s in starts if s != trigger.start):
                    continue
                gap = float(time.start - trigger.end)
            elif time.end <= trigger.start:
                if any(time.end <= s < trigger.start for s in starts if s != trigger.start):
                    continue
                gap = (trigger.start - time.end) * 1.5 + 5
            else:
                gap = 0.0
            if best is None or gap < best[0]:
                best = (gap, time)
        if best is not None:
            trigger.time = best[1]
    _opening_time(triggers, sentence)


def _opening_time(triggers: list[Trigger], sentence: Sentence) -> None:
    """ "In 2008, South Korea voted in favour, Japan voted against and ...": a time that opens
    the sentence, before all its triggers, is the time of every trigger left without one."""
    if not triggers or not sentence.times:
        return
    first = sentence.times[0]
    if first.kind == "prior" or any(t.start < first.end for t in triggers):
        return
    for trigger in triggers:
        if trigger.time is None and not trigger.fixed_time and trigger.kind is not ClaimKind.STREAK:
            trigger.time, trigger.time_shared = first, True


def _tally_time(trigger: Trigger, sentence: Sentence) -> TimeExpr | None:
    """A vote count's year: one written right after it ("185 last year") or anywhere before
    it in the sentence ("In 2014 the vote was 111"); a time further on is another fact's
    ("... 112 votes, exceeding last year's result")."""
    adjacent = _time_near(sentence, trigger.start, trigger.end, window=14)
    if adjacent is not None and adjacent.start >= trigger.end:
        return adjacent
    before = [t for t in sentence.times if t.end <= trigger.start and t.kind != "prior"]
    return before[-1] if before else None


def _finished(triggers: list[Trigger], sentence: Sentence, story: Story) -> list[Trigger]:
    """Drop triggers that lack what they need; a sponsorship over several years is a streak;
    a sponsor verb that a streak in the same sentence already covers goes."""
    kept = []
    streak_subjects = {
        m.code for t in triggers if t.assertion is Assertion.CONSECUTIVE for m in t.subjects
    }
    for trigger in triggers:
        if trigger.assertion in _NEEDS_SUBJECT and not trigger.subjects:
            continue
        if trigger.assertion is Assertion.CONSECUTIVE and not trigger.subjects:
            # "South Korea has joined the resolution ... for a third consecutive year": the
            # state's streak of co-sponsoring, not the resolution's of being adopted; "did
            # not co-sponsor it for the fourth consecutive year": its streak of staying out.
            sponsors = [
                t
                for t in triggers
                if t.assertion
                in (
                    Assertion.SPONSOR,
                    Assertion.JOINED_LATER,
                    Assertion.RETURNED,
                    Assertion.NOT_SPONSOR,
                )
                and t.subjects
                and t.start < trigger.start
            ]
            if sponsors:
                trigger.subjects = list(sponsors[-1].subjects)
                if sponsors[-1].assertion is Assertion.NOT_SPONSOR:
                    trigger.vote = VoteOption.NO
        time = trigger.time
        if trigger.kind is ClaimKind.SPONSORSHIP and time is not None and time.kind == "range":
            trigger.kind = ClaimKind.STREAK
        if trigger.time is not None and trigger.time.kind == "prior":
            trigger.notes.append("in prior years: the sessions before the story's")
        kept.append(trigger)
    kept += _abstained_as_not_sponsoring(kept)
    # A sponsor verb that a streak of the same polarity covers is that streak's.
    covered: dict[Assertion, set[str]] = {Assertion.SPONSOR: set(), Assertion.NOT_SPONSOR: set()}
    for t in kept:
        if t.assertion is Assertion.CONSECUTIVE:
            polarity = Assertion.NOT_SPONSOR if t.vote is VoteOption.NO else Assertion.SPONSOR
            covered[polarity] |= {m.code for m in t.subjects}
    covered[Assertion.SPONSOR] |= streak_subjects
    return [
        t
        for t in kept
        if not (
            t.assertion in covered
            and t.kind is ClaimKind.SPONSORSHIP
            and t.time is None
            and covered[t.assertion]
            and {m.code for m in t.subjects} <= covered[t.assertion]
        )
    ]


def _abstained_as_not_sponsoring(triggers: list[Trigger]) -> list[Trigger]:
    """ "co-sponsored the resolution from 2008 to 2018 but abstained from 2019 to 2021": the
    writer means did not co-sponsor. The vote claim stays (it is what was written, and is
    checked as a vote); a twin says what was meant, with the mix-up named."""
    sponsors = {m.code for t in triggers if t.kind is not ClaimKind.VOTE for m in t.subjects}
    twins = []
    for trigger in triggers:
        if (
            trigger.assertion is Assertion.VOTED
            and trigger.vote is VoteOption.ABSTAIN
            and any(m.code in sponsors for m in trigger.subjects)
            and any(t.assertion is Assertion.SPONSOR for t in triggers)
        ):
            note = (
                "'abstained' next to 'co-sponsored': abstaining is a vote, not co-sponsoring; "
                "read as 'did not co-sponsor' as well"
            )
            trigger.notes.append(note)
            kind = (
                ClaimKind.STREAK
                if trigger.time and trigger.time.kind == "range"
                else ClaimKind.SPONSORSHIP
            )
            twin = Trigger(kind, Assertion.NOT_SPONSOR, trigger.start, trigger.end)
            twin.subjects, twin.time, twin.notes = list(trigger.subjects), trigger.time, [note]
            twins.append(twin)
    return twins
