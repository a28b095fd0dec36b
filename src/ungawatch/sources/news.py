"""News stories and official statements saved as text: the article, never anyone's notes.

The format (a Markdown copy of a web page): a `# title` line, a header block of `- key: value`
lines (url, outlet, date, title, language), then an `## Article text` section. Where that
section quotes the article in blockquotes (`> ...`), only the quoted words are the outlet's;
a summary or paraphrase around them is someone else's and is not read. Every later `##`
section (for instance hand-made `## Claims` labels) is not read at all: the parser stops at
the end of the article section.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import date
from pathlib import Path

from ungawatch.errors import SourceError
from ungawatch.models import NewsReport

_FIELD = re.compile(r"^-\s+(?P<key>[a-z][a-z -]*):\s*(?P<value>.*)$")
_ARTICLE = re.compile(r"^##\s+(?:article|text|story|statement)\b", re.I)
_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_WRITTEN = re.compile(
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?P<d>\d{1,2}),\s+(?P<y>\d{4})"
)
_MONTHS = {name: index for index, name in enumerate(calendar.month_name) if name}


def is_news_report(head: bytes) -> bool:
    """A saved story: a `# ` heading, `- url:` and `- outlet:` header lines and an article
    section, all in the first bytes."""
    text = head.decode("utf-8", errors="replace")
    return (
        text.lstrip().startswith("# ")
        and re.search(r"^- url:", text, re.M) is not None
        and re.search(r"^- outlet:", text, re.M) is not None
        and re.search(r"^##\s+(?:article|text|story|statement)\b", text, re.M | re.I) is not None
    )


def read_news(path: Path) -> NewsReport:
    """Parse one saved story; a file without outlet or article text is an error naming it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"not UTF-8 text: {error}", location=str(path)) from error
    return parse_news(text, str(path))


def parse_news(text: str, location: str) -> NewsReport:
    fields = _header(text)
    outlet = fields.get("outlet")
    if not outlet:
        raise SourceError("no '- outlet:' line in the header", location=location, field="outlet")
    article = article_text(text)
    if not article.strip():
        raise SourceError(
            "no article text under '## Article text'", location=location, field="text"
        )
    published, precision = parse_published(fields.get("date", ""))
    title = fields.get("title") or _heading(text)
    url = fields.get("url") or None
    body = f"{title}\n\n{article}" if title else article
    return NewsReport(
        record_id=url or Path(location).name,
        content_hash=hashlib.sha256(
            "\n".join([url or "", outlet, fields.get("date", ""), body]).encode()
        ).hexdigest(),
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        date_precision=precision,
        date_text=fields.get("date"),
        language=fields.get("language"),
        text=body,
        location=location,
    )


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("## "):
            break
        match = _FIELD.match(line.strip())
        if match and match["key"] not in fields:
            fields[match["key"]] = match["value"].strip()
    return fields


def _heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            # "# 01 — Title": a leading file number is the saver's, not the outlet's.
            return re.sub(r"^\d+\s+[—-]\s+", "", line[2:].strip()) or None
    return None


def article_text(text: str) -> str:
    """The article's own words: the blockquoted passages of the article section if it has
    any, else the section's paragraphs. Reading stops at the next `##` heading."""
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = bool(_ARTICLE.match(line))
            continue
        if inside:
            lines.append(line)
    quoted = [line for line in lines if line.lstrip().startswith(">")]
    if quoted:
        paragraphs = "\n".join(line.lstrip()[1:].strip() for line in quoted)
        return re.sub(r"\n{2,}", "\n\n", paragraphs).strip()
    return "\n".join(lines).strip()


def parse_published(value: str) -> tuple[date | None, str]:
    """The header's date: "2025-11-12", "2025-11 (exact date not in ...)" (-> 30 November),
    "2015 (page dated Friday, October 30, 2015)" (-> the written day)."""
    iso = _ISO.match(value.strip())
    if iso and iso["d"]:
        return date(int(iso["y"]), int(iso["m"]), int(iso["d"])), "day"
    written = _WRITTEN.search(value)
    if written:
        day = date(int(written["y"]), _MONTHS[written["mon"]], int(written["d"]))
        return day, "day"
    if iso and iso["m"]:
        year, month = int(iso["y"]), int(iso["m"])
        return date(year, month, calendar.monthrange(year, month)[1]), "month"
    if iso:
        return date(int(iso["y"]), 12, 31), "year"
    return None, "none"
