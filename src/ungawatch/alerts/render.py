"""A briefing as Markdown (for pasting), as HTML (for the dashboard and `--format html`)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ungawatch.alerts.briefing import Briefing

LIBRARY = "https://digitallibrary.un.org/search?p="


def markdown(briefing: Briefing) -> str:
    """Headline, a section per heading, a paragraph per state asked about."""
    lines = [f"# {briefing.headline}", ""]
    for section in briefing.sections:
        lines += [f"## {section.heading}", ""]
        for sentence in section.sentences:
            lines += [sentence.text, ""]
    if briefing.states:
        lines += ["## States", ""]
        for state in briefing.states:
            lines += [" ".join(s.text for s in state.sentences), ""]
    return "\n".join(lines).rstrip() + "\n"


def linked(text: str, documents: Sequence[str]) -> Markup:
    """The sentence with each cited symbol linked to its UN Digital Library search."""
    html = str(escape(text))
    for symbol in sorted(set(documents), key=len, reverse=True):
        href = f"{LIBRARY}{quote(symbol, safe='')}"
        anchor = f'<a class="external" href="{href}" rel="noopener noreferrer">{escape(symbol)}</a>'
        html = html.replace(f"{escape(symbol)})", f"{anchor})").replace(
            f"{escape(symbol)};", f"{anchor};"
        )
    return Markup(html)


_ENVIRONMENT = Environment(
    loader=PackageLoader("ungawatch.alerts"), autoescape=select_autoescape(default=True)
)
_ENVIRONMENT.globals["linked"] = linked


def html_fragment(briefing: Briefing) -> str:
    """The briefing as an HTML `<article>` (the dashboard page embeds it)."""
    return _ENVIRONMENT.get_template("briefing.html").render(b=briefing)


def html_page(briefing: Briefing) -> str:
    """A standalone HTML document, for `ungawatch brief --format html > briefing.html`."""
    body = html_fragment(briefing)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(briefing.headline)}</title></head><body>\n{body}</body></html>\n"
    )
