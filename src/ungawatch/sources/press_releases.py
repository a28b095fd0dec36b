"""UN press releases (meetings coverage, e.g. GA/SHC/4432 of the Third Committee) → one record
per draft the committee acted on.

A release is not the official record: it never names every sponsor, rarely the draft's
symbol, and words each action in its own way ("approved by a recorded vote of 111 in favour
to 19 against, with 55 abstentions", "approved by consensus, 11 delegations dissociated",
"The representative of Hungary, speaking on behalf of the European Union"). What it says of
each draft is read with `sources.statements` and kept as the release's own facts (source kind
`un-press-release`, ranked last), so that the committee reports and voting records, when
loaded, always win, and disagreements show as conflicts.

Which draft a sentence is about: the title it quotes or paraphrases ("the draft on the
situation of human rights in the Democratic People's Republic of Korea", "a draft on human
rights in Iran"), else the one state it names when the release is about human rights
situations, else the draft the previous sentence was about ("The draft, one of six measures
approved by the Committee today, passed by a vote of …"). A paraphrased title is written in
the UN's form, "Situation of human rights in …", with the release's words in a note.

The session and committee come from the release's text ("Sixty-ninth session", "Third
Committee", a date on the GA calendar, or a draft symbol); the `# key: value` provenance
header is not read, except its `symbol` when the text does not print the release's own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ungawatch import countries
from ungawatch.errors import SourceError
from ungawatch.models import (
    Delegation,
    SkippedPart,
    SourceNote,
    StateVote,
    UndlRecord,
    VoteTally,
)
from ungawatch.sessions import session_of_date
from ungawatch.sources import statements as st
from ungawatch.sources.doctext import TextRecord, ordinal_number, strip_provenance_header
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import AdoptionMethod, Body, DocumentKind

CONFIDENCE_PRESS = 0.7

_RELEASE = re.compile(r"\bGA/(?:SHC|EF|DIS|SPD|L|AB)/\d{3,5}\b")
_COMMITTEES = {"First": Body.C1, "Second": Body.C2, "Third": Body.C3, "Fourth": Body.C4}
_COMMITTEES |= {"Fifth": Body.C5, "Sixth": Body.C6}
_RELEASE_BODY = {"SHC": Body.C3, "EF": Body.C2, "DIS": Body.C1, "SPD": Body.C4, "AB": Body.C5}
_RELEASE_BODY |= {"L": Body.C6}
_COMMITTEE = re.compile(r"\b(First|Second|Third|Fourth|Fifth|Sixth) Committee\b")
_SESSION = re.compile(
    r"\b(?P<ordinal>[A-Z][a-z]+(?:-[a-z]+)?) (?:Session|session|General Assembly)\b"
)
_MEETING = re.compile(
    r"\b(\d+(?:st|nd|rd|th)(?: (?:&|and) \d+(?:st|nd|rd|th))? Meetings? \((?:AM|PM)"
    r"(?: (?:&|and) (?:AM|PM))?\))"
)
_DATELINE = re.compile(
    r"\bNEW YORK, (\d{1,2}) (January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\b"
)
_DRAFT = re.compile(r"\bA/C\.\d/\d+/L\.\d+(?:/Rev\.\d+)?")
_ACTION = re.compile(r"\b(?:approv\w*|adopt\w*|pass\w*)\b", re.I)
_NOT_THE_TEXT = re.compile(r"\bmotion\b|\bamendments?\b|\bparagraph\b", re.I)
_PLURAL = re.compile(r"\b(?:resolutions|texts|drafts|measures)\b", re.I)
_HUMAN_RIGHTS_IN = re.compile(
    r"\b(?:on|in|concerning|to) (?:the )?human rights (?:situation )?in (?:the )?"
    r"(?P<place>[A-Za-z][^,.;—–()]*?)"
    r"(?=,|\.|;|—|–| -- | which\b| was\b| would\b| the Committee\b|$)"
)
# Delegations speaking are not the draft's subject: "the representative of Hungary, speaking
# on behalf of the European Union", "Qatar’s representative".
_SPEAKERS = re.compile(
    r"representative of (?:the )?[A-Z][\w’' ]+|[A-Z][\w’' ]+[’'](?:s)? representative"
    r"|on behalf of (?:the )?[A-Z][^,.;]*"
)
_SINGULAR = re.compile(r"\b(?:the|a|this) (?:draft|text|resolution)\b(?! resolutions)", re.I)


@dataclass
class _Action:
    """What the release says of one draft."""

    title: str
    printed: str
    draft: str | None = None
    method: AdoptionMethod | None = None
    tally: VoteTally | None = None
    dissociated: int | None = None
    delegations: list[Delegation] = field(default_factory=list)
    orally_revised: bool = False
    sentences: list[str] = field(default_factory=list)
    votes: list[StateVote] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)


def is_press_release(head: bytes) -> bool:
    """Sniff: a provenance header naming a press release, a release symbol (GA/SHC/4432), or
    a committee's meetings coverage ("The Third Committee (Social, Humanitarian and
    Cultural) approved …")."""
    text = head.decode("utf-8", errors="replace")
    if re.search(r"^#\s*kind:\s*press-release\s*$", text, re.M):
        return True
    body = strip_provenance_header(text)
    return bool(_RELEASE.search(body)) or bool(
        re.search(r"Committee \((?:Social|Economic|Legal|Special|Disarmament)", body)
        and _ACTION.search(body)
    )


def read_press_release(data: bytes, location: str) -> list[TextRecord | SkippedPart]:
    """A record per draft the release reports action on (or introduction of)."""
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"not UTF-8 text ({error})", location=location) from error
    text = strip_provenance_header(raw)
    release = _release_symbol(text, raw, location)
    body = _body(text, release)
    session = _session(text)
    name = Path(location).name
    if session is None:
        return [
            SkippedPart(
                location,
                f"{name}: the text names no session, date or draft symbol to place {release} "
                "in a session of the General Assembly; not read",
            )
        ]
    actions = _actions(text)
    if not actions:
        return [SkippedPart(location, f"{name}: no action on a draft found; not read")]
    day = _action_date(text)
    meeting = _MEETING.search(text)
    return [
        _record(action, release, body, session, day, meeting.group(1) if meeting else None)
        for action in actions
    ]


def _release_symbol(text: str, raw: str, location: str) -> str:
    """The release's own symbol as it prints it, else as the file's header or name gives it."""
    printed = _RELEASE.search(text)
    if printed:
        return printed.group(0)
    header = re.search(r"^#\s*symbol:\s*(\S+)", raw, re.M)
    if header:
        return header.group(1)
    return Path(location).stem.replace("_", "/")


def _body(text: str, release: str) -> Body:
    committee = _COMMITTEE.search(text)
    if committee:
        return _COMMITTEES[committee.group(1)]
    kind = release.split("/")[1] if release.count("/") >= 2 else ""
    return _RELEASE_BODY.get(kind, Body.PLENARY)


def _session(text: str) -> int | None:
    """The GA session: "Sixty-ninth session", "Sixty-first General Assembly", a draft's
    symbol, or the first full date of the text on the GA calendar."""
    for match in _SESSION.finditer(text):
        number = ordinal_number(match.group("ordinal"))
        if number:
            return number
    draft = _DRAFT.search(text)
    if draft:
        return parse_symbol(draft.group(0)).regular_session
    days = st.dates(text)
    return session_of_date(days[0]) if days else None


def _action_date(text: str) -> str | None:
    """The day the committee acted: the dateline's day ("NEW YORK, 17 November") in the
    release's year, else the release's date."""
    days = st.dates(text)
    dateline = _DATELINE.search(text)
    if dateline and days:
        return st.dates(f"{dateline.group(1)} {dateline.group(2)} {days[0].year}")[0].isoformat()
    return days[0].isoformat() if days else None


def _actions(text: str) -> list[_Action]:
    """Each draft the release reports action on, with what it says of it."""
    situations = bool(
        re.search(r"human rights situations?|situations? of human rights", text, re.I)
    )
    found: dict[str, _Action] = {}
    current: _Action | None = None
    for sentence in st.sentence_list(text):
        topic = _topic(sentence, situations)
        if topic is not None:
            title, printed = topic
            current = found.setdefault(title, _Action(title, printed))
        # "Texts on Country Situation Findings" speaks of several drafts; "The draft, one of
        # six measures approved …" of one.
        several = _PLURAL.search(sentence) and not _SINGULAR.search(sentence)
        if current is None or (several and topic is None):
            continue
        _read(current, sentence)
    return [action for action in found.values() if action.method or action.delegations]


def _topic(sentence: str, situations: bool) -> tuple[str, str] | None:
    """The draft a sentence names: (title in the UN's form, the release's words)."""
    title = st.title_phrase(sentence)
    if title:
        return title, title
    place = _HUMAN_RIGHTS_IN.search(sentence)
    if place:
        where = place.group("place").strip()
        return f"Situation of human rights in {where}", f"human rights in {where}"
    if not situations:
        return None
    named = [
        code
        for code in st.states_named(_SPEAKERS.sub(" ", sentence))
        if countries.state(code).kind == "member"
    ]
    if len(named) != 1:
        return None
    state = countries.state(named[0])
    return f"Situation of human rights in {_with_article(state.name)}", state.name


def _with_article(name: str) -> str:
    """ "Democratic People's Republic of Korea" takes "the" in a title; "Myanmar" does not."""
    starts = r"(?:Democratic|Islamic|Syrian|Republic|United|Russian)"
    return f"the {name}" if re.match(starts, name) else name


def _read(action: _Action, sentence: str) -> None:
    """What one sentence adds to the draft's action."""
    about_text = not _NOT_THE_TEXT.search(sentence)
    signal = st.method_signal(sentence)
    tally = st.counts(sentence) if about_text else None
    if about_text and _ACTION.search(sentence) and (tally or signal.any):
        action.method = AdoptionMethod.RECORDED_VOTE if tally else AdoptionMethod.WITHOUT_VOTE
        action.tally = tally or action.tally
        action.sentences.append(sentence)
    draft = _DRAFT.search(sentence)
    if draft and action.draft is None:
        action.draft = str(parse_symbol(draft.group(0)))
    if re.search(r"\borally revised\b", sentence, re.I):
        action.orally_revised = True
    count, named = st.dissociations(sentence)
    action.dissociated = count or action.dissociated
    action.delegations.extend(named)
    action.delegations.extend(st.introductions(sentence))


def _record(
    action: _Action,
    release: str,
    body: Body,
    session: int,
    day: str | None,
    meeting: str | None,
) -> TextRecord:
    notes = [SourceNote("press release", f"{release}: {s}") for s in action.sentences]
    if action.printed != action.title:
        notes.append(SourceNote("title", f"the release names the draft by {action.printed!r}"))
    tally = action.tally
    record = UndlRecord(
        record_id=f"press:{release}:{_slug(action.title)}",
        content_hash=_digest(repr((action, release, body, session, day, meeting))),
        symbol=action.draft,
        kind=DocumentKind.DRAFT_RESOLUTION,
        title=action.title,
        date=day,
        adoption=action.method,
        tally=tally,
        meeting=meeting,
        action_note=_note(action, release),
        notes=tuple(notes),
        reported_in=release,
        orally_revised=action.orally_revised,
        dissociated=action.dissociated,
        delegations=tuple(dict.fromkeys(action.delegations)),
        votes=tuple(action.votes),
    )
    return TextRecord(record, session, body, None, CONFIDENCE_PRESS)


def _note(action: _Action, release: str) -> str | None:
    if action.method is AdoptionMethod.WITHOUT_VOTE:
        count = action.dissociated
        dissociated = f", {count} delegations dissociating" if count else ""
        return f"Approved without a vote in committee{dissociated} ({release})"
    if action.method is AdoptionMethod.RECORDED_VOTE and action.tally:
        t = action.tally
        return f"Approved {t.yes}-{t.no}-{t.abstain} in committee ({release})"
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


__all__ = ["CONFIDENCE_PRESS", "is_press_release", "read_press_release"]
