"""Title keys: the normalized form under which one recurring resolution is recognised each year."""

from __future__ import annotations

import re
import unicodedata

import ftfy


def title_key(title: str) -> str:
    """Fold case, accents, apostrophes, punctuation and a leading "the" out of a title.

    "Situation of human rights in the Democratic People’s Republic of Korea" and the same title
    with a straight apostrophe or cataloguing colon give the same key.
    """
    if title.isascii() and "&" not in title:
        # Nothing for ftfy (mojibake, entities) or accent folding to do: the ingest of a large
        # export spends a fifth of its resolve stage here otherwise.
        text = title.casefold()
    else:
        text = unicodedata.normalize("NFKD", ftfy.fix_text(title))
        text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = re.sub(r"[’'ʼ`]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)
