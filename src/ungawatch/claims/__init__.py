"""Checking news text against the record, claim by claim.

`check_text(store, text)` finds the checkable claims of a story (`extract`), resolves what
each names (states, times, bodies, the resolution), and gives each a verdict with its
evidence: first the UN record in the database (tier 1), then news reports and statements
ingested as reports (tier 2, always shown as "reported by ..."). A fact that is not loaded
never contradicts anything.

Heavy dependencies (spaCy, dateparser) load on first use, not on `import ungawatch`.
"""

from __future__ import annotations

# Raised whenever extraction changes what it reads from a text: stored reports' facts are
# re-read from their stored text by the checker, and re-stored by the next ingest.
EXTRACTOR_VERSION = 2

__all__ = ["EXTRACTOR_VERSION"]
