"""What prose says about an action on a text: how it was adopted, the counts, who voted how,
who introduced it and who dissociated, when, and which resolutions it recalls.

UN press releases and meeting summaries, and the news and NGO pages that the Human Rights
Council's records are often known from, state these facts in sentences rather than fields:
"approved by a recorded vote of 111 in favour to 19 against, with 55 abstentions", "adopted
by 30 votes against 6, with 11 abstentions", "Twenty-one countries voted in favor, with 9
against, and 16 abstaining", "(30:6:9)", "passed the resolution by consensus", "those
opposed were China, Cuba, …", "Gabon did not vote", "11 delegations dissociated", "the
representative of Hungary, speaking on behalf of the European Union". Each reader here takes
one sentence (or a block of lists) and returns what it says, or nothing; deciding which
text a sentence is about is the caller's business. Names go through the one list grammar of
`sponsor_lists` and are checked against the registry; nothing here resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ungawatch import countries
from ungawatch.errors import UnknownState
from ungawatch.models import Delegation, VoteTally
from ungawatch.sources.sponsor_lists import clean_text, drop_article, sentences, split_names
from ungawatch.vocabulary import DelegationAction, VoteOption

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|{'|'.join(_UNITS)})"
)
_NUMBER = rf"(?:\d{{1,3}}|{_WORD_NUMBER})"
# "[...]" marks a cut in a stored excerpt: what is on either side is not one sentence.
_CUT = re.compile(r"\[(?:\.\.\.|…)[^\]]*\]")


def cardinal(text: str) -> int | None:
    """ "21" → 21, "Twenty-one" → 21, "eleven" → 11; None for anything else."""
    word = text.strip().casefold()
    if word.isdigit():
        return int(word)
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    tens, _, unit = word.partition("-")
    if tens in _TENS and (not unit or unit in _UNITS):
        return (_TENS.index(tens) + 2) * 10 + (_UNITS.index(unit) + 1 if unit else 0)
    return None


def sentence_list(text: str) -> list[str]:
    """The sentences of a text: paragraphs (blank lines, cut marks) never run together."""
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n(?=[A-Z“\"])", _CUT.sub("\n\n", text)):
        found.extend(sentences(paragraph))
    return found


# --- how it was adopted ---------------------------------------------------------------------

_WITHOUT_VOTE = re.compile(
    r"\bwithout (?:a )?vote\b|\bby consensus\b|\bconsensual manner\b|\bapproved by acclamation\b"
    r"|\bconsensus,? without a vote\b|\bconsensus is (?:now )?back\b",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(r"\bunanimously\b", re.IGNORECASE)
# A vote took place: "by a recorded vote of", "by a vote of", "following a vote", "by recorded
# vote"; never "a recorded vote was not requested" nor "did not call for a vote".
_VOTE_TAKEN = re.compile(
    r"\b(?:by|following|after|through) a (?:recorded )?vote\b|\bby recorded vote\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MethodSignal:
    """What a sentence says of the adoption method; `unanimous` is weaker than both."""

    without_vote: bool
    vote_taken: bool
    unanimous: bool

    @property
    def any(self) -> bool:
        return self.without_vote or self.vote_taken or self.unanimous


def method_signal(sentence: str) -> MethodSignal:
    return MethodSignal(
        bool(_WITHOUT_VOTE.search(sentence)),
        bool(_VOTE_TAKEN.search(sentence)),
        bool(_UNANIMOUS.search(sentence)),
    )


# --- counts ---------------------------------------------------------------------------------

_LABELS = {
    VoteOption.YES: r"in favou?r|yes(?: votes?)?|for",
    VoteOption.NO: r"against|no votes?|opposed",
    VoteOption.ABSTAIN: r"abstentions?|abstaining|abstained",
}
# "30 votes against 6": the first number is the ayes, not a count of votes against.
_VOTES_AGAINST = re.compile(rf"\b({_NUMBER}) votes against ({_NUMBER})\b", re.IGNORECASE)
# "passed 28 to 5", "a vote of 30-6", "(30:6:9)".
_PAIR = re.compile(r"\b(\d{1,3})\s*(?:to|-|–|:)\s*(\d{1,3})(?:\s*:\s*(\d{1,3}))?\b")
_COUNTED = {
    option: re.compile(
        rf"\b({_NUMBER})\s+(?:(?:votes?|countries|states|members|delegations|others)"
        rf"(?:\s+of the \w+)?\s+)?(?:(?:voted|voting|were)\s+)?(?:{label})\b",
        re.IGNORECASE,
    )
    for option, label in _LABELS.items()
}


def counts(sentence: str, start: int = 0) -> VoteTally | None:
    """The in favour / against / abstaining counts a sentence states (from `start` on), any
    of them None when it does not say ("a vote of 30-6, with abstentions" has no abstention
    count)."""
    found: dict[VoteOption, int] = {}
    # Numbers before `start` are another body's counts: masked, so no pattern reads them.
    text = re.sub(r"\d", "#", sentence[:start]) + sentence[start:]
    idiom = _VOTES_AGAINST.search(text)
    if idiom:
        found[VoteOption.YES], found[VoteOption.NO] = _numbers(idiom.group(1), idiom.group(2))
        text = text[: idiom.start()] + text[idiom.end() :]
    for option, pattern in _COUNTED.items():
        match = pattern.search(text)
        if match and option not in found:
            value = cardinal(match.group(1))
            if value is not None:
                found[option] = value
    if VoteOption.YES not in found:
        pair = _PAIR.search(text)
        if pair and _near_vote_words(text, pair.start()):
            found[VoteOption.YES], found[VoteOption.NO] = int(pair.group(1)), int(pair.group(2))
            if pair.group(3):
                found[VoteOption.ABSTAIN] = int(pair.group(3))
    if VoteOption.YES not in found or VoteOption.NO not in found:
        return None
    return VoteTally(
        found.get(VoteOption.YES), found.get(VoteOption.NO), found.get(VoteOption.ABSTAIN)
    )


def _numbers(first: str, second: str) -> tuple[int, int]:
    return cardinal(first) or 0, cardinal(second) or 0


def _near_vote_words(text: str, position: int) -> bool:
    """A bare "28 to 5" is a vote only next to vote words ("passed", "vote", "Council")."""
    window = text[max(0, position - 100) : position].casefold()
    return any(word in window for word in ("vote", "passed", "adopted", "approved", "council"))


# --- who voted how --------------------------------------------------------------------------

_LIST_BLOCK = re.compile(
    r"(?P<label>In favou?r|Against|Abstentions?|Abstaining)\s*(?:\((?P<n>\d+)\))?\s*:\s*"
    r"(?P<names>.+?)(?:\.(?=\s|$)|$)",
    re.IGNORECASE | re.DOTALL,
)
_LIST_OPTIONS = {"in favour": VoteOption.YES, "in favor": VoteOption.YES}
_NAMED = (
    (
        VoteOption.NO,
        re.compile(
            r"\b(?:the negative votes were|(?:those|the states|the countries) (?:opposed|"
            r"voting against|that voted against) were)\s+(?P<names>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        VoteOption.ABSTAIN,
        re.compile(
            r"\b(?:among )?the (?:\w+ )?(?:abstentions|abstainers) were\s+(?P<names>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        VoteOption.NON_VOTING,
        re.compile(r"^(?P<names>[A-Z][\w’' -]+?) did not vote\b", re.IGNORECASE),
    ),
)


def list_votes(text: str) -> dict[VoteOption, list[str]]:
    """States per vote from printed lists: "In favour (21): A, B and C." "Against (9): …"
    "Abstentions (16): …" (each list closes at its full stop)."""
    found: dict[VoteOption, list[str]] = {}
    for match in _LIST_BLOCK.finditer(clean_text(text)):
        label = match.group("label").casefold()
        option = _LIST_OPTIONS.get(label) or (
            VoteOption.NO if label == "against" else VoteOption.ABSTAIN
        )
        names = match.group("names").strip()
        found[option] = [] if names.casefold() in ("none", "none.") else _names(names)
    return found


def named_votes(sentence: str) -> dict[VoteOption, list[str]]:
    """States a sentence names as voting one way: "The negative votes were Russia, …", "those
    opposed were …", "Among the democratic abstentions were …", "Gabon did not vote"."""
    found: dict[VoteOption, list[str]] = {}
    for option, pattern in _NAMED:
        match = pattern.search(sentence.strip())
        if match:
            names = _names(match.group("names"))
            if names:
                found[option] = names
    return found


def _names(text: str) -> list[str]:
    """Known state names of a printed list; a piece that names no state ends the list."""
    names = []
    for item in split_names(text.rstrip(" ."), countries.is_known_name):
        name = drop_article(item.name.strip())
        if not countries.is_known_name(name):
            break
        names.append(name)
    return names


# --- delegations ----------------------------------------------------------------------------

_STATE_WORDS = r"(?P<state>[A-Z][\w’'-]*(?: (?:[A-Z][\w’'-]*|of|and|the))*)"
_INTRODUCED = (
    # "The representative of Hungary, speaking on behalf of the European Union"
    re.compile(rf"\b[Tt]he representative of (?:the )?{_STATE_WORDS}"),
    # "introduced by Belgium on behalf of …", "drafted by Sweden", "introduced by Qatar’s
    # representative"
    re.compile(rf"\b(?:introduced|drafted|presented|submitted|tabled) by (?:the )?{_STATE_WORDS}"),
    # "Ireland, on behalf of the European Union and Japan, presented a resolution"
    re.compile(rf"^{_STATE_WORDS},? on behalf of [^,]+,? (?:presented|introduced|tabled)\b"),
)
_ON_BEHALF = re.compile(
    r"^[^.;]{0,40}?\bon behalf of (?P<group>(?:the )?[A-Z][^,.;]*?)"
    r"(?=,|\.|;|$| was\b| and was\b| along\b| to\b| of the text\b)"
)


def introductions(sentence: str) -> list[Delegation]:
    """Who introduced (presented, drafted) a text, and for whom, as a sentence names them."""
    found: list[Delegation] = []
    for pattern in _INTRODUCED:
        for match in pattern.finditer(sentence):
            state = _known_state(match.group("state"))
            if state is None:
                continue
            behalf = _ON_BEHALF.search(sentence[match.end("state") :])
            group = behalf.group("group").strip() if behalf else None
            found.append(Delegation(state, DelegationAction.INTRODUCED, group))
    return list(dict.fromkeys(found))


def _known_state(text: str) -> str | None:
    """The longest leading run of words that names a state ("Qatar’s" → "Qatar")."""
    words = text.strip().split()
    for size in range(len(words), 0, -1):
        name = drop_article(re.sub(r"[’']s$", "", " ".join(words[:size])))
        if is_state_phrase(name):
            return name
    return None


_DISSOCIATED_COUNT = re.compile(
    rf"\b(?P<n>{_NUMBER}) delegations (?:dissociated|disassociated)", re.IGNORECASE
)
_NOT_JOINED = re.compile(
    r"^(?P<names>.+?) did not join the consensus|\b(?:dissociated|disassociated) "
    r"(?:themselves )?from the (?:consensus|text)",
    re.IGNORECASE,
)


def dissociations(sentence: str) -> tuple[int | None, list[Delegation]]:
    """How many delegations dissociated (when stated) and those named: "11 delegations
    dissociated from the text", "China, Eritrea and Cuba did not join the consensus"."""
    count = None
    counted = _DISSOCIATED_COUNT.search(sentence)
    if counted:
        count = cardinal(counted.group("n"))
    named: list[Delegation] = []
    joined = _NOT_JOINED.search(sentence.strip())
    if joined and joined.group("names"):
        named = [Delegation(name, DelegationAction.DISSOCIATED) for name in _names(joined["names"])]
    return count, named


def mentions_dissociation(sentence: str) -> bool:
    return bool(_NOT_JOINED.search(sentence.strip()) or _DISSOCIATED_COUNT.search(sentence))


# --- when -----------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}),? (\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTHS}) (\d{{1,2}}),? (\d{{4}})\b")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def dates(text: str) -> list[date]:
    """Every full date a text prints: "23 March 2018", "April 4, 2025", "2012年3月22日"."""
    found: list[tuple[int, date]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        found.append((match.start(), _date(match.group(3), match.group(2), match.group(1))))
    for match in _MONTH_DAY_YEAR.finditer(text):
        found.append((match.start(), _date(match.group(3), match.group(1), match.group(2))))
    for match in _CHINESE_DATE.finditer(text):
        year, month, day = (int(part) for part in match.groups())
        found.append((match.start(), date(year, month, day)))
    return [day for _, day in sorted(found)]


def _date(year: str, month: str, day: str) -> date:
    return datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()


def years(sentence: str) -> tuple[set[int], int | None]:
    """The years a sentence names, and the first year of a "since 2016" in it."""
    named = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", sentence)}
    since = re.search(r"\bsince ((?:19|20)\d\d)\b", sentence)
    return named, int(since.group(1)) if since else None


# --- what the text is -----------------------------------------------------------------------

_TITLE = re.compile(
    r"(?P<title>(?:the )?(?:situation of human rights|human rights situation)s? (?:in|of) "
    r"(?:the )?[A-Z].*?)(?=[.,;:”\"()\]—–]| -- | which\b| that\b| was\b| were\b| would\b"
    r"| approved\b| adopted\b| with\b|$)",
)
_QUOTED = re.compile(r"“(?P<a>[A-Z][^”]{10,200}?)\.?”|\"(?P<b>[A-Z][^\"]{10,200}?)\.?\"")


_TEXT_WORDS = re.compile(r"\b(?:resolution|draft|text|entitled)\b", re.IGNORECASE)


def title_phrase(sentence: str) -> str | None:
    """A text's title as prose names it: quoted (“Situation of human rights in …”) or as
    "the situation of human rights in <state>" shortly after "resolution", "draft", "text"
    or "entitled" (not a mandate's name: "the Special Rapporteur on the situation of …").
    The phrase ends where the state's name does."""
    quoted = _QUOTED.search(sentence)
    if quoted and "human rights" in (quoted.group("a") or quoted.group("b")).casefold():
        return _trim_title(quoted.group("a") or quoted.group("b"))
    match = _TITLE.search(sentence)
    if match is None or not _TEXT_WORDS.search(
        sentence[max(0, match.start() - 40) : match.start()]
    ):
        return None
    title = _trim_title(match.group("title")) or ""
    # Prose words it either way round; the UN's title of a situation reads "Situation of
    # human rights in …".
    return _SITUATION_FIRST.sub(r"Situation of human rights \1 ", title) or None


_SITUATION_FIRST = re.compile(r"^(?:The )?[Hh]uman rights situations? (in|of) ")


def _trim_title(title: str) -> str | None:
    """Cut the phrase after the last state name it holds ("… in the DPRK with additional
    language" → "… in the DPRK"); None when it names no state or place."""
    title = re.sub(r"\s+", " ", title).strip().rstrip(".")
    title = re.sub(r"^the ", "", title)
    words = title.split(" ")
    end = None
    for index in range(len(words)):
        for size in range(min(8, len(words) - index), 0, -1):
            if is_state_phrase(" ".join(words[index : index + size])):
                end = index + size
                break
    kept = " ".join(words[:end]) if end else title
    return kept[:1].upper() + kept[1:]


def is_state_phrase(phrase: str) -> bool:
    """Whether words name a state: a known name whose first word (after "the") is
    capitalized and that is more than a short code-like word ("and", "in" are ISO codes)."""
    core = [word for word in phrase.split() if word.casefold() != "the"]
    if not core or not core[0][:1].isupper() or not phrase.split()[-1][:1].isupper():
        return False
    if len(core) == 1 and len(core[0]) < 4:
        return False
    return countries.is_known_name(phrase)


def states_named(text: str) -> list[str]:
    """Registry codes of the states a text names, in order, each once ("North Korea’s",
    "the DPRK", "Democratic People’s Republic of Korea")."""
    words = re.findall(r"[\w’'-]+", text)
    found: list[str] = []
    index = 0
    while index < len(words):
        code, used = _state_at(words, index)
        if code and code not in found:
            found.append(code)
        index += used or 1
    return found


def _state_at(words: list[str], index: int) -> tuple[str | None, int]:
    if not words[index][:1].isupper():
        return None, 0
    for size in range(min(8, len(words) - index), 0, -1):
        phrase = re.sub(r"[’‘']s?$", "", " ".join(words[index : index + size]))
        if phrase.endswith("n") and not is_state_phrase(phrase):
            phrase = phrase[:-1]  # "North Korean", "Syrian"
        if not is_state_phrase(phrase):
            continue
        try:
            return countries.resolve(phrase).code, size
        except UnknownState:
            return None, 0
    return None, 0


# --- what it recalls ------------------------------------------------------------------------

_CITED = re.compile(
    r"\b(?P<who>Council|Assembly|its)?\s*(?:resolutions?|decisions?)\s+"
    rf"(?P<list>\d{{1,2}}/\d{{1,3}}(?:(?:(?!Assembly|Council)[^.;])*?\d{{1,2}}/\d{{1,3}})*"
    rf"(?: of \d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})?)",
    re.IGNORECASE,
)
_CITED_ONE = re.compile(
    rf"(?P<number>\d{{1,2}}/\d{{1,3}})(?: of (?P<date>\d{{1,2}} (?:{_MONTHS})\s+\d{{4}}))?"
)
_CHINESE_CITED = re.compile(
    r"(?P<who>理事会|大会)(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?第(?P<number>\d+/\d+)号决议"
)


@dataclass(frozen=True, slots=True)
class Citation:
    """A resolution a text recalls: the Council's or the Assembly's, with the date printed."""

    council: bool
    number: str
    day: date | None


def citations(text: str, *, council_text: bool) -> list[Citation]:
    """Resolutions a preamble recalls: "Recalling its resolutions 16/9 of 24 March 2011, …",
    "Council resolution 43/25 of 22 June 2020 and Assembly resolution 75/190 …", and the
    Chinese "理事会2012年3月22日第19/13号决议". "its" is the body whose text it is."""
    flat = re.sub(r"\s+", " ", text)
    found: list[Citation] = []
    for match in _CITED.finditer(flat):
        who = (match.group("who") or "").casefold()
        council = who == "council" or (who in ("its", "") and council_text)
        for one in _CITED_ONE.finditer(match.group("list")):
            day = one.group("date")
            found.append(Citation(council, one.group("number"), _parse_day(day) if day else None))
    for match in _CHINESE_CITED.finditer(flat):
        day = None
        if match.group("y"):
            day = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        found.append(Citation(match.group("who") == "理事会", match.group("number"), day))
    return found


def _parse_day(text: str) -> date:
    return datetime.strptime(re.sub(r"\s+", " ", text), "%d %B %Y").date()
