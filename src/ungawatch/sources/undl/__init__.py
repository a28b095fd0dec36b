"""The UN Digital Library: its MARCXML export format (and, later, its search API)."""

from ungawatch.sources.undl.marcxml import MARC_NS, parse_marcxml

__all__ = ["MARC_NS", "parse_marcxml"]
