"""Repairing text that picked up the wrong encoding on its way to us ("TÃ¼rkiye").

ftfy does the repair; it is the slowest step of reading names and titles, and most of them are
plain printable ASCII, which it leaves exactly as it is. `repair_text` skips those.
"""

from __future__ import annotations

import functools
import re

import ftfy

# Printable ASCII without "&" (ftfy may unescape HTML entities) and without control
# characters, carriage returns or escapes (ftfy removes or rewrites those).
_PLAIN = re.compile(r"[\x20-\x25\x27-\x7e\n\t]*")


@functools.lru_cache(maxsize=65536)
def repair_text(text: str) -> str:
    """`ftfy.fix_text(text)`, without the cost for text it would not change."""
    if _PLAIN.fullmatch(text):
        return text
    return ftfy.fix_text(text)
