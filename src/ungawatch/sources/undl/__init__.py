"""The UN Digital Library: its MARCXML export format and its search API."""

from ungawatch.sources.undl.client import (
    AccessRefused,
    Backoff,
    LibraryUnreachable,
    Page,
    PageError,
    SearchQuery,
    StopSync,
    UndlClient,
    build_queries,
    draft_query,
    resolution_query,
    voting_query,
)
from ungawatch.sources.undl.marcxml import MARC_NS, parse_marcxml

__all__ = [
    "MARC_NS",
    "AccessRefused",
    "Backoff",
    "LibraryUnreachable",
    "Page",
    "PageError",
    "SearchQuery",
    "StopSync",
    "UndlClient",
    "build_queries",
    "draft_query",
    "parse_marcxml",
    "resolution_query",
    "voting_query",
]
