"""Words and filters the page templates share: how each value of the vocabulary reads, and
sentences whose document symbols become links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ungawatch.errors import SymbolError
from ungawatch.symbols import parse_symbol
from ungawatch.vocabulary import DocumentKind, SponsorRole, VoteOption
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
    """The sentence, escaped, with each of `symbols` it names linked: a resolution or draft
    to its page here, any other document (a committee report) to the UN Digital Library."""
    text = str(escape(sentence))
    wanted = sorted({s for s in symbols if s}, key=len, reverse=True)
    if not wanted:
        return Markup(text)
    targets = {str(escape(symbol)): _target(symbol) for symbol in wanted}
    pattern = re.compile("|".join(re.escape(symbol) for symbol in targets))
    return Markup(pattern.sub(lambda match: targets[match.group(0)], text))  # escaped text


def _target(symbol: str) -> str:
    try:
        kind = parse_symbol(symbol).kind
    except SymbolError:
        kind = None
    shown = escape(symbol)
    if kind in _PAGES:
        return f'<a href="/resolutions/{quote(symbol, safe="/")}">{shown}</a>'
    url = escape(library_url(symbol))
    return f'<a class="external" href="{url}" rel="noopener noreferrer" target="_blank">{shown}</a>'


_PAGES = (
    DocumentKind.RESOLUTION,
    DocumentKind.DRAFT_RESOLUTION,
    DocumentKind.REVISED_DRAFT_RESOLUTION,
)
LIBRARY_SEARCH = "https://digitallibrary.un.org/search?p="


def library_url(symbol: str) -> str:
    """The UN Digital Library search for a symbol: a link for the reader, never fetched."""
    return LIBRARY_SEARCH + quote(symbol, safe="")


def page_path(symbol: str | None) -> str:
    """The URL path of a text's page here (`/resolutions/` + this), or "" for a text the
    database knows only by a keyed id: a document text printed without its symbol is stored
    as "text:61/C.3/71a8df2c" and has no page to link to."""
    if not symbol:
        return ""
    try:
        parse_symbol(symbol)
    except SymbolError:
        return ""
    return quote(symbol, safe="/")


def grid_cells(
    cells: list[dict[str, Any] | None],
    columns: list[tuple[int, str]],
    anchor: str,
) -> Markup:
    """A grid row's cells (`web.grid.cell`), built here rather than in the template: a series
    grid has thousands, and one call per row keeps the page fast to render. `columns` are the
    sessions with their resolution paths (`page_path`), `anchor` the state on the resolution
    page."""
    parts = []
    for cell, (session, link) in zip(cells, columns, strict=True):
        if cell is None:
            parts.append(f'<td class="cell no-document" data-session="{session}"></td>')
            continue
        role, shown = cell["sponsor_role"], cell["shown_vote"]
        committee = cell["shown_vote_body"] == "committee"
        where = " in committee" if committee else ""
        # The title names the session and the values; the row's header names the state.
        title = (
            f"{cell['session']} ({cell['year']}): {ROLE_WORDS[role]}; {VOTE_WORDS[shown]}{where}"
        )
        mark = (
            f'<span class="sym vote-{shown}{" committee" if committee else ""}" '
            f'aria-hidden="true">{cell["symbol"]}</span>'
        )
        # A text with no page here (see `page_path`) gets no link, only the title.
        inner = (
            f'<a href="/resolutions/{link}{anchor}" title="{title}">{mark}</a>'
            if link
            else f'<span title="{title}">{mark}</span>'
        )
        parts.append(f'<td class="cell role-{role}" data-session="{cell["session"]}">{inner}</td>')
    return Markup("".join(parts))  # only values from the vocabulary and quoted paths


GLOBALS = {
    "role_words": ROLE_WORDS,
    "vote_words": VOTE_WORDS,
    "vote_symbols": VOTE_SYMBOL,
    "grid_cells": grid_cells,
    "page_path": page_path,
}
