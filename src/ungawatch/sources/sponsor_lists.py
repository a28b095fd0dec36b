"""The grammar of sponsor lists as UN documents print them.

One parser for the 245 $c sponsor statement, the 515 "Additional sponsors" note and document
text (a draft's first page, a committee report's "… joined in sponsoring" sentences and its
recorded-vote lists): "A, B and C", names that themselves contain "and" or commas, and
"Cuba [on behalf of the Group of 77 and China]". Splitting "X and Y" is guided by the
registry: a piece is only split where both sides are known names, so "Bosnia and
Herzegovina" stays whole while "Egypt and Mexico" splits. A piece that cannot be split into
known names is kept whole, so the resolver reports it instead of it vanishing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

from ungawatch.models import SourceNote, SponsorEntry
from ungawatch.vocabulary import SponsorRole, VoteOption

NamePredicate = Callable[[str], bool]

# A list item runs to the next comma outside brackets: "Bolivia (Plurinational State of), Chile".
_ITEM = re.compile(r"(?:[^,(\[]|\([^)]*\)?|\[[^\]]*\]?)+")
# "[on behalf of the Group of 77 and China]", "(on behalf of the European Union)", and the
# catalogue's own typo "[on behalf of the of the Organization of Islamic Cooperation]".
_GROUP_BRACKET = re.compile(
    r"[\[(]\s*(?:on behalf of|for)\s+(?:the\s+(?:of\s+the\s+)?)?(?P<group>[^\[\]()]+?)\s*[\])]",
    re.IGNORECASE,
)
_HYPHEN_BREAK = re.compile(r"-\s*\n\s*")
_SPACES = re.compile(r"\s+")
_TRAILING_SYMBOL = re.compile(r"\((?P<symbol>A\s*/[^()]*)\)\s*\.?\s*$")
_ADDITIONAL = re.compile(r"^additional sponsors?\s*:\s*(?P<list>.*)$", re.IGNORECASE | re.DOTALL)
_ORIGINAL = re.compile(
    r"^(?P<list>.+?)\s+(?:is|are) (?:also )?(?:an )?original sponsors? of the", re.IGNORECASE
)
_WITHDRAWN = re.compile(
    r"^(?P<list>.+?)\s+(?:was|were) (?:removed|withdrawn) from the list of sponsors",
    re.IGNORECASE,
)
_SUBMITTED_BY = re.compile(r"^(?:submitted )?by the\b", re.IGNORECASE)


class ListedName(NamedTuple):
    name: str
    acting_for: str | None = None


def clean_text(text: str) -> str:
    """Undo PDF line breaks and hyphenation and fold white space ("Timor-\\nLeste")."""
    if "\n" not in text and "  " not in text and "\t" not in text:
        return text.strip()
    return _SPACES.sub(" ", _HYPHEN_BREAK.sub("-", text)).strip()


def is_submitted_by(statement: str) -> bool:
    """True for statements that name an organ, not states ("submitted by the Chair ...")."""
    return bool(_SUBMITTED_BY.match(statement.strip()))


def split_names(text: str, is_name: NamePredicate) -> list[ListedName]:
    """Split a printed list of states into names, keeping any "on behalf of" group."""
    items: list[ListedName] = []
    for chunk in _ITEM.findall(clean_text(text).rstrip(" .;")):
        if " and " not in chunk and "[" not in chunk and "(" not in chunk:
            # Most items are a plain name; only the rest needs the full grammar.
            name = chunk.strip()
            if name[:4] in ("and ", "And "):
                name = name[4:].lstrip()
            if name:
                items.append(ListedName(name))
            continue
        for segment in _group_segments(chunk):
            name, acting_for = _take_group(segment)
            pieces = _split_and(name, is_name)
            # "China and Cuba [on behalf of ...]": the bracket belongs to the name it follows.
            items.extend(ListedName(piece) for piece in pieces[:-1])
            if pieces:
                items.append(ListedName(pieces[-1], acting_for))
    return items


def _group_segments(chunk: str) -> list[str]:
    """Cut a chunk after each group bracket: "Cuba [on behalf of ...] and Kazakhstan"."""
    ends = [match.end() for match in _GROUP_BRACKET.finditer(chunk)]
    if not ends:
        return [chunk]
    cuts = [0, *ends, len(chunk)]
    return [chunk[a:b] for a, b in itertools.pairwise(cuts) if chunk[a:b].strip()]


def _take_group(segment: str) -> tuple[str, str | None]:
    """Separate "Cuba [on behalf of the Group of 77 and China]" into state and group."""
    match = _GROUP_BRACKET.search(segment)
    if match is None:
        return segment.strip(), None
    return segment[: match.start()].strip(), match.group("group").strip()


def _split_and(name: str, is_name: NamePredicate) -> list[str]:
    """Segment "A and B and C" into known names; keep the whole piece if no segmentation works."""
    name = _drop_leading_and(name.strip())
    if " and " not in name or is_name(name):
        return [name] if name else []
    segmentation = _segment(name.split(" and "), is_name)
    return segmentation if segmentation else [name]


def _drop_leading_and(name: str) -> str:
    """The last item of "A, B, and C" (a serial comma) arrives as "and C"."""
    return name[4:].lstrip() if name[:4].lower() == "and " else name


def _segment(words: list[str], is_name: NamePredicate) -> list[str] | None:
    """Find pieces, each a join of consecutive words on " and ", that are all known names."""
    if not words:
        return []
    for end in range(len(words), 0, -1):
        head = " and ".join(words[:end]).strip()
        if head and is_name(head):
            rest = _segment(words[end:], is_name)
            if rest is not None:
                return [head, *rest]
    return None


def sponsor_statement(
    statement: str, is_name: NamePredicate, *, field: str
) -> tuple[SponsorEntry, ...]:
    """Original sponsors from a draft's sponsor statement (MARC 245 $c or the first page)."""
    original = SponsorRole.ORIGINAL
    return tuple(
        [
            SponsorEntry(name, original, field, group)
            for name, group in split_names(statement, is_name)
        ]
    )


def sponsor_note(
    note: str, is_name: NamePredicate, *, field: str
) -> tuple[tuple[SponsorEntry, ...], tuple[SourceNote, ...]]:
    """Sponsors and other facts from a 515 note.

    The note is a run of sentences joined by " - ": "Additional sponsors: A, B and C
    (A/78/481/Add.2)." then optionally "Sudan was removed from the list of sponsors ...",
    "X and Y are original sponsors of the draft resolution (A/78/479)." or the committee's
    action on an amendment. The document that lists the sponsors is the symbol in
    parentheses closing the sentence, or else the last one in the note.
    """
    note = clean_text(note)
    fallback = _last_symbol(note)
    entries: list[SponsorEntry] = []
    notes: list[SourceNote] = []
    for sentence in re.split(r"\.?\s+-\s+", note):
        sentence = sentence.strip()
        listed_in = _last_symbol(sentence) or fallback
        body = _TRAILING_SYMBOL.sub("", sentence).strip().rstrip(".")
        role, names = _classify(body)
        if role is None:
            notes.append(SourceNote(field, body))
            continue
        entries.extend(
            SponsorEntry(item.name, role, field, acting_for=item.acting_for, listed_in=listed_in)
            for item in split_names(names, is_name)
        )
    return tuple(entries), tuple(notes)


def _classify(sentence: str) -> tuple[SponsorRole | None, str]:
    for pattern, role in (
        (_ADDITIONAL, SponsorRole.ADDITIONAL),
        (_ORIGINAL, SponsorRole.ORIGINAL),
        (_WITHDRAWN, SponsorRole.WITHDRAWN),
    ):
        match = pattern.match(sentence)
        if match:
            return role, match.group("list")
    return None, sentence


def _last_symbol(text: str) -> str | None:
    found = re.findall(r"\((A\s*/[^()]*)\)", text)
    return found[-1].strip() if found else None


# Committee reports: "Subsequently, A and B joined in sponsoring the draft resolution." and
# "17. At the same meeting, Tuvalu joined in sponsoring the draft resolution."
_JOINED = re.compile(
    r"^(?:\d+\.\s+)?(?:(?:subsequently|later|also|(?:also\s+)?at (?:the same|its [\w-]+) "
    r"meeting(?:,? on \d{1,2} \w+ \d{4})?)\s*,\s*)?(?P<list>.+?)\s+(?:also\s+)?joined in "
    r"(?:co-?)?sponsoring\b",
    re.IGNORECASE,
)
# "…(A/C.3/78/L.41), submitted by Albania, …, and the United States of America."
_SUBMITTED = re.compile(r"\bsubmitted by\s+(?P<list>.+?)\s*$", re.IGNORECASE)
# "In favour: … Against: … Abstaining: …" closes at the first full stop after the last list.
_VOTE_LISTS = re.compile(
    r"In favour\s*:\s*(?P<Y>.*?)\s*Against\s*:\s*(?P<N>.*?)\s*Abstaining\s*:\s*(?P<A>.*?)"
    r"\.(?=\s|$)",
    re.IGNORECASE | re.DOTALL,
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9\u201c\"])")


def sentences(text: str) -> list[str]:
    """Cut cleaned prose into sentences; state names never contain a full stop."""
    return [part.strip() for part in _SENTENCE_END.split(clean_text(text)) if part.strip()]


def drop_article(name: str) -> str:
    """Prose writes "the Republic of Moldova"; the list grammar keeps the name itself."""
    return name[4:] if name[:4].lower() == "the " else name


def joined_sponsors(
    sentence: str, is_name: NamePredicate, *, field: str, listed_in: str | None
) -> tuple[SponsorEntry, ...]:
    """Additional sponsors from a report sentence "… A, B and C joined in sponsoring …"."""
    match = _JOINED.match(sentence.strip())
    if match is None:
        return ()
    return tuple(
        SponsorEntry(
            drop_article(item.name),
            SponsorRole.ADDITIONAL,
            field,
            acting_for=item.acting_for,
            listed_in=listed_in,
        )
        for item in split_names(match.group("list"), is_name)
    )


def submitted_by(sentence: str) -> str | None:
    """The list after "submitted by" in a report sentence, or None when there is none."""
    match = _SUBMITTED.search(sentence.strip().rstrip("."))
    return match.group("list") if match else None


def vote_lists(text: str, is_name: NamePredicate) -> dict[VoteOption, list[ListedName]] | None:
    """The states in favour, against and abstaining as a committee report prints them.

    "Against: None." is an empty list, not a state called None.
    """
    match = _VOTE_LISTS.search(clean_text(text))
    if match is None:
        return None
    found: dict[VoteOption, list[ListedName]] = {}
    for option in (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN):
        listed = match.group(option.value).strip()
        if listed.casefold() in ("", "none", "none."):
            found[option] = []
            continue
        found[option] = [
            ListedName(drop_article(item.name), item.acting_for)
            for item in split_names(listed, is_name)
        ]
    return found
