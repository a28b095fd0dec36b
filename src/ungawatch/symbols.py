"""UN document symbols: the one door through which a symbol string enters ungawatch.

Symbols are the primary keys of the UN world, but they reach us typed by people, extracted from
PDFs and catalogued by hand: "a/c.3/78/l. 39", "A/C.3/78/L.39/Rev. 1", "A/RES/217 (III)",
en or em dashes for hyphens, non-breaking spaces, a trailing ")." from running text. `parse_symbol`
accepts all of that and returns a `Symbol` whose `str()` is the one canonical spelling, so two
spellings of one document always meet in the database.

What is understood (General Assembly series "A/" only, which includes the Human Rights Council's
"A/HRC/"; Security Council "S/" and ECOSOC "E/" symbols are rejected, since nothing in ungawatch
models those bodies):

    A[/C.n | /HRC][/RES | /DEC | /INF | /BUR]/session/document[/Rev.n | /Add.n | /Corr.n | ...]
    A/RES/78/183 A          resolution part letter, after a space
    A/RES/217(III) A        pre-1976 resolutions: Roman-numeral regular session in parentheses
    A/C.3/L.1234, A/8000    pre-1976 documents carried no session; they parse with session None

Input is repaired only where no judgement is involved (case, spacing, dashes, punctuation
around the symbol). Anything else is rejected with a `SymbolError` saying why: a typo such as
"AA/78/481/Add.2" is left for the caller to repair, because only the caller knows whether a
guess is acceptable where the symbol came from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from ungawatch.errors import SymbolError
from ungawatch.vocabulary import Body, DocumentKind

__all__ = [
    "Symbol",
    "normalize_symbol",
    "parse_symbol",
]

# All patterns are ASCII-only: by the time they run the text has been checked to be ASCII, and
# re.ASCII keeps \d-style surprises (Arabic-Indic digits) out for good measure.
_COMMITTEE_RE = re.compile(r"C\.?([0-9]{1,2})", re.ASCII)
_SESSION_RE = re.compile(r"(?:(ES|S)-?)?([0-9]{1,3})", re.ASCII)
_DOCUMENT_RE = re.compile(r"(?:(L|PV|SR)\.?)?([0-9]{1,6})", re.ASCII)
_PART_RE = re.compile(r"(REV|ADD|CORR|AMEND)\.?([0-9]{1,3})", re.ASCII)
_OLD_STYLE_RE = re.compile(r"([0-9]{1,5})([A-Z])?\(([A-Z0-9-]+)\)", re.ASCII)
# A resolution part letter closes the symbol: "A/RES/78/183 A", "A/RES/217(III)A" once spaces
# are gone. Only a digit or ")" may precede it, so "A/78/L" is not read as "A/78/" + letter.
_LETTER_RE = re.compile(r"(?<=[0-9)])([A-Z])$", re.ASCII)

_COMMITTEES = {1: Body.C1, 2: Body.C2, 3: Body.C3, 4: Body.C4, 5: Body.C5, 6: Body.C6}
_PART_LABELS = {"REV": "Rev", "ADD": "Add", "CORR": "Corr", "AMEND": "Amend"}
# Document types written before the session ("A/RES/78/218"), by the body that issues them.
# The committees adopt no resolutions of their own: their drafts go to the plenary.
_PREFIX_TYPES: dict[Body, frozenset[str]] = {
    Body.PLENARY: frozenset({"RES", "DEC", "INF", "BUR"}),
    Body.HRC: frozenset({"RES", "DEC"}),
}
_ALL_PREFIX_TYPES = frozenset().union(*_PREFIX_TYPES.values())
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63", "-"))
_INVISIBLE_RE = re.compile(r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff]+")
_LEADING_JUNK = "([{\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
# "*" marks a reissued document ("A/78/251*"): same symbol, so the mark is not part of the key.
_TRAILING_JUNK = "*.,;:!?\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_ROMAN = (
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_KIND_OF_TYPE = {
    "RES": DocumentKind.RESOLUTION,
    "DEC": DocumentKind.DECISION,
    "PV": DocumentKind.MEETING_RECORD,
    "SR": DocumentKind.MEETING_RECORD,
}
_LAST_OLD_STYLE_SESSION = 30  # session 31 (1976) introduced "A/RES/31/1"


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed General Assembly or Human Rights Council document symbol.

    Build one with `parse_symbol`; `str()` gives the canonical spelling. Fields hold canonical
    pieces ("S-10", "Rev.1"), so two symbols compare equal exactly when their canonical strings do.
    """

    organ: str
    body: Body
    session: str | None
    doc_type: str | None
    number: str | None
    parts: tuple[str, ...]
    letter: str | None = None
    old_style: bool = False

    def __str__(self) -> str:
        if self.old_style:
            head = f"{self.organ}/RES/{self.number}({_roman(int(self.session or 0))})"
        else:
            head = "/".join(self._components())
        tail = "".join(f"/{part}" for part in self.parts)
        return head + tail + (f" {self.letter}" if self.letter else "")

    def _components(self) -> list[str]:
        components = [self.organ]
        if self.body is not Body.PLENARY:
            components.append(self.body.value)
        if self.doc_type in _ALL_PREFIX_TYPES:
            components.append(self.doc_type)
        if self.session is not None:
            components.append(self.session)
        if self.doc_type is None or self.doc_type in _ALL_PREFIX_TYPES:
            components.append(self.number or "")
        else:
            components.append(f"{self.doc_type}.{self.number}")
        return components

    @property
    def regular_session(self) -> int | None:
        """The session as a number, or None for special (S-n) and emergency (ES-n) sessions.

        The number is the body's own: HRC session 52 is not GA session 52, so check `body`
        before comparing sessions across the two tracks.
        """
        if self.session is None or not self.session.isdigit():
            return None
        return int(self.session)

    @property
    def kind(self) -> DocumentKind:
        """The best guess from the symbol alone; a catalogue record's own label beats it.

        An L document may also be a draft decision or an amendment; only its text says which.
        """
        if self.doc_type == "L":
            revised = any(part.startswith("Rev.") for part in self.parts)
            return (
                DocumentKind.REVISED_DRAFT_RESOLUTION if revised else DocumentKind.DRAFT_RESOLUTION
            )
        if self.doc_type in _KIND_OF_TYPE:
            return _KIND_OF_TYPE[self.doc_type]
        if self.doc_type is None and self.body is Body.PLENARY and self.session is not None:
            # Plain numbered plenary documents of a session are reports: the Secretary-General's
            # ("A/78/251") and the Main Committees' reports to the plenary ("A/78/481/Add.3").
            return DocumentKind.REPORT
        return DocumentKind.OTHER

    @property
    def base(self) -> Symbol:
        """The document this one revises or corrects: Rev. and Corr. parts dropped, Add. kept.

        An addendum is a document of its own (A/78/481/Add.3 is one Third Committee report
        section), whereas a revision or corrigendum replaces or amends the text it follows.
        """
        kept = tuple(part for part in self.parts if not part.startswith(("Rev.", "Corr.")))
        return self if kept == self.parts else replace(self, parts=kept)

    @property
    def is_draft(self) -> bool:
        return self.doc_type == "L"


class _Invalid(Exception):
    """Why a cleaned string is no symbol; `parse_symbol` turns it into a SymbolError."""


@functools.lru_cache(maxsize=65536)
def parse_symbol(text: str) -> Symbol:
    """Parse a symbol as found in the wild, or raise SymbolError naming the text and why.

    Cached: the same report and agenda symbols recur in thousands of records.
    """
    try:
        return _parse(_clean(text))
    except _Invalid as invalid:
        raise SymbolError(text, str(invalid)) from None


def normalize_symbol(text: str) -> str:
    """The canonical spelling of a symbol: `str(parse_symbol(text))`."""
    return str(parse_symbol(text))


def _clean(text: str) -> str:
    """Undo what typing, PDFs and running text do to a symbol; nothing that needs a guess.

    Spaces are dropped everywhere (PDF extraction breaks "L. 39" and "A /RES"); the one space a
    canonical symbol has, before a resolution letter, is restored by `Symbol.__str__`.
    """
    cleaned = unicodedata.normalize("NFKC", text).translate(_DASHES)
    cleaned = _INVISIBLE_RE.sub("", cleaned)
    cleaned = _strip_surrounding(cleaned)
    if not cleaned:
        raise _Invalid("empty")
    odd = next((char for char in cleaned if not char.isascii()), None)
    if odd is not None:
        raise _Invalid(f"contains {odd!r}, which no UN symbol has")
    return cleaned.upper()


def _strip_surrounding(text: str) -> str:
    """Drop punctuation around the symbol: "(A/78/481/Add.3).", "A/RES/217(III))"."""
    previous = None
    while text != previous:
        previous = text
        text = text.lstrip(_LEADING_JUNK).rstrip(_TRAILING_JUNK)
        closer = text[-1:]
        # A closing bracket belongs to the symbol only when it closes one: "A/RES/217(III)".
        if closer in _CLOSERS and text.count(closer) > text.count(_CLOSERS[closer]):
            text = text[:-1]
    return text


def _parse(text: str) -> Symbol:
    letter_match = _LETTER_RE.search(text)
    letter = letter_match[1] if letter_match else None
    if letter_match:
        text = text[: letter_match.start()]
    if text.endswith("/"):
        raise _Invalid("ends with '/': the document number is missing")
    if "/" not in text:
        raise _Invalid("no '/': a symbol reads like A/C.3/78/L.39")
    components = text.split("/")
    if "" in components:
        raise _Invalid("empty component between two '/'")
    organ, rest = components[0], components[1:]
    if organ != "A":
        raise _Invalid(
            f"series {organ!r} is not supported: GA and HRC symbols start with 'A/', "
            "as in A/C.3/78/L.39"
        )
    body, rest = _take_body(rest)
    doc_type, rest = _take_prefix_type(body, rest)
    head, parts = _split_parts(rest)
    symbol = _head_symbol(body, doc_type, head, parts)
    return _with_letter(symbol, letter)


def _take_body(rest: list[str]) -> tuple[Body, list[str]]:
    committee = _COMMITTEE_RE.fullmatch(rest[0])
    if committee:
        number = int(committee[1])
        if number not in _COMMITTEES:
            raise _Invalid(f"there is no Main Committee C.{number}; the six are C.1 to C.6")
        return _COMMITTEES[number], rest[1:]
    if rest[0] == "HRC":
        return Body.HRC, rest[1:]
    return Body.PLENARY, rest


def _take_prefix_type(body: Body, rest: list[str]) -> tuple[str | None, list[str]]:
    if not rest or rest[0] not in _ALL_PREFIX_TYPES:
        return None, rest
    if rest[0] not in _PREFIX_TYPES.get(body, frozenset()):
        raise _Invalid(f"{_body_label(body)} issues no {rest[0]} series")
    return rest[0], rest[1:]


def _split_parts(rest: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Split "78/L.39/REV.1" into the head ["78", "L.39"] and the parts ("Rev.1",)."""
    first = next((i for i, item in enumerate(rest) if _PART_RE.fullmatch(item)), len(rest))
    parts = []
    for item in rest[first:]:
        match = _PART_RE.fullmatch(item)
        if match is None:
            raise _Invalid(f"{item!r} cannot follow a Rev./Add./Corr. part")
        parts.append(f"{_PART_LABELS[match[1]]}.{_positive(match[2], 'part number')}")
    return rest[:first], tuple(parts)


def _head_symbol(
    body: Body, doc_type: str | None, head: list[str], parts: tuple[str, ...]
) -> Symbol:
    """Read "[session/]document" (or an old-style "217(III)") after the body and series."""
    if not head:
        raise _Invalid("no document number")
    if len(head) > 2:
        raise _Invalid(f"too many components in {'/'.join(head)!r}")
    if doc_type == "RES" and len(head) == 1 and "(" in head[0]:
        return _old_style(head[0], parts)
    session = _session(head[0], body) if len(head) == 2 else None
    if session is None and (doc_type is not None or body is Body.HRC):
        example = "A/HRC/52/L.21" if body is Body.HRC else f"A/{doc_type}/78/1"
        raise _Invalid(f"no session: symbols of this series carry one, as in {example}")
    kind, number = _document(head[-1], doc_type)
    return Symbol("A", body, session, kind, number, parts)


def _session(text: str, body: Body) -> str:
    match = _SESSION_RE.fullmatch(text)
    if match is None:
        raise _Invalid(f"{text!r} is not a session such as 78, S-27 or ES-10")
    special, number = match[1], _positive(match[2], "session")
    if special == "ES" and body is Body.HRC:
        raise _Invalid("the Human Rights Council holds no emergency special sessions")
    return f"{special}-{number}" if special else number


def _document(text: str, doc_type: str | None) -> tuple[str | None, str]:
    match = _DOCUMENT_RE.fullmatch(text)
    if match is None:
        raise _Invalid(f"{text!r} is not a document number such as 481, L.39, PV.50 or SR.45")
    if doc_type is not None and match[1] is not None:
        raise _Invalid(f"a {doc_type} number is plain, as in A/{doc_type}/78/1, not {text!r}")
    return doc_type or match[1], _positive(match[2], "document number")


def _old_style(text: str, parts: tuple[str, ...]) -> Symbol:
    """Read "217(III)" or "217A(III)": numbered across sessions, session in Roman numerals."""
    match = _OLD_STYLE_RE.fullmatch(text)
    if match is None:
        raise _Invalid(f"{text!r} is not an old-style resolution number such as 217(III)")
    session = _from_roman(match[3])
    if session is None or session > _LAST_OLD_STYLE_SESSION:
        raise _Invalid(
            f"({match[3]}) is not a regular session I to XXX; old-style symbols are understood "
            "only for regular sessions before 1976"
        )
    number = _positive(match[1], "resolution number")
    return Symbol("A", Body.PLENARY, str(session), "RES", number, parts, match[2], True)


def _with_letter(symbol: Symbol, letter: str | None) -> Symbol:
    if letter is None:
        return symbol
    if symbol.doc_type != "RES":
        raise _Invalid(f"only resolutions carry a part letter (A/RES/78/183 A), not {symbol}")
    if symbol.letter is not None:
        raise _Invalid("two part letters")
    return replace(symbol, letter=letter)


def _positive(digits: str, what: str) -> str:
    """Canonical digits without leading zeros; 0 is never a session or document number."""
    value = int(digits)
    if value == 0:
        raise _Invalid(f"{what} 0 does not exist; numbering starts at 1")
    return str(value)


def _body_label(body: Body) -> str:
    if body is Body.PLENARY:
        return "the General Assembly plenary"
    if body is Body.HRC:
        return "the Human Rights Council"
    return f"Main Committee {body.value}"


def _roman(value: int) -> str:
    """Roman numerals up to XXXIX, enough for the old-style sessions I to XXX."""
    digits = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        digits.append(numeral * count)
    return "".join(digits)


def _from_roman(text: str) -> int | None:
    """The value of a canonically written numeral I to XXX; None for anything else ("IIII")."""
    return next((n for n in range(1, _LAST_OLD_STYLE_SESSION + 1) if _roman(n) == text), None)
