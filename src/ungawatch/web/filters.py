"""Words and filters the page templates share: how each value of the vocabulary reads, and
sentences whose document symbols become links."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

from ungawatch.vocabulary import SponsorRole, VoteOption
from ungawatch.web.grid import VOTE_SYMBOL

ROLE_WORDS = {
    SponsorRole.ORIGINAL.value: "original sponsor",
    SponsorRole.ADDITIONAL.value: "additional sponsor",
    SponsorRole.WITHDRAWN.value: "withdrew as sponsor",
    SponsorRole.NOT_SPONSOR.value: "not a sponsor",
    SponsorRole.UNKNOWN.value: "sponsor list not in the database",
}
VOTE_WORDS = {
    VoteOption.YES.value: "voted yes",
    VoteOption.NO.value: "voted no",
    VoteOption.ABSTAIN.value: "abstained",
    VoteOption.NON_VOTING.value: "did not vote",
    VoteOption.NOT_MEMBER.value: "not a member",
    VoteOption.NO_VOTE_TAKEN.value: "adopted without a vote",
    VoteOption.UNKNOWN.value: "vote not in the database",
}


def link_symbols(sentence: str, symbols: list[str] | tuple[str, ...]) -> Markup:
    """The sentence, escaped, with each of `symbols` it names linked to its page."""
    text = str(escape(sentence))
    wanted = sorted({str(escape(s)) for s in symbols if s}, key=len, reverse=True)
    if not wanted:
        return Markup(text)
    pattern = re.compile("|".join(re.escape(symbol) for symbol in wanted))
    linked = pattern.sub(
        lambda match: (
            f'<a href="/resolutions/{quote(str(Markup(match.group(0)).unescape()), safe="/")}">'
            f"{match.group(0)}</a>"
        ),
        text,
    )
    return Markup(linked)  # built from escaped text and URL-quoted symbols only


GLOBALS = {"role_words": ROLE_WORDS, "vote_words": VOTE_WORDS, "vote_symbols": VOTE_SYMBOL}
