"""Numbers as news writes them: "61", "sixty-one", "forty-six", "third", "21st", "18th"."""

from __future__ import annotations

import re

_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|"
    r"one hundred)"
)
# A cardinal in text: digits (with thousands commas) or words up to ninety-nine.
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})*|{_WORD_NUMBER})"
_ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"(?:twenty|thirty|forty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"thirtieth|fortieth)"
)
ORDINAL = rf"(?:\d{{1,3}}(?:st|nd|rd|th)|{_ORDINAL_WORDS})"


def cardinal(text: str) -> int | None:
    """The value of a cardinal as written: "61", "1,200", "sixty-one", "fifteen"."""
    from number_parser import parse_number

    cleaned = text.strip().replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    value = parse_number(cleaned.casefold())
    return int(value) if isinstance(value, int | float) else None


def ordinal(text: str) -> int | None:
    """The value of an ordinal as written: "21st", "third", "twenty-first"."""
    from number_parser import parse_ordinal

    cleaned = text.strip()
    digits = _ORDINAL_DIGITS.match(cleaned)
    if digits:
        return int(digits[1])
    value = parse_ordinal(cleaned.casefold())
    return int(value) if isinstance(value, int | float) else None
