"""CLI command `ungawatch check`: a story's claims, each with its verdict and evidence."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ungawatch.cli.common import DbOption, JsonOption, console, edge, errors, print_json
from ungawatch.settings import DB

if TYPE_CHECKING:
    from ungawatch.claims.model import CheckReport, Finding

_COLOURS = {
    "supported": "green",
    "contradicted": "red",
    "not_in_record": "yellow",
    "not_checkable": "dim",
}


def check(
    path: Annotated[
        str,
        typer.Argument(
            help="A text file with the story (a saved story with '- url:'/'- date:' header "
            "lines is read as such), or - for standard input."
        ),
    ],
    story_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The story's date, YYYY-MM-DD (reads 'this year', 'last year', 'on "
            "Wednesday'); default: a date found in the text, else today.",
        ),
    ] = None,
    db: DbOption = Path(DB.default),
    as_json: JsonOption = False,
) -> None:
    """Check a news story against the record, claim by claim.

    Each claim found (sponsorship, streak, vote, adoption, count) gets a verdict: supported,
    contradicted, not_in_record (no loaded document, nor two independent reports, decides
    it) or not_checkable, with the UN documents (or, second, the ingested reports) behind it.

    Example: ungawatch check story.txt --date 2025-11-12
    """
    from ungawatch.claims.check import check_report, check_text
    from ungawatch.errors import SourceError
    from ungawatch.sources.news import is_news_report, parse_news

    day = _day(story_date)
    text = sys.stdin.read() if path == "-" else _read(path)
    with edge(db) as store:
        assert store is not None
        if is_news_report(text[:4096].encode()):
            try:
                story = parse_news(text, path)
            except SourceError as error:
                errors.print(f"[red]error:[/red] {error}", highlight=False)
                raise typer.Exit(2) from None
            if day is not None:
                from dataclasses import replace

                story = replace(story, published=day)
            report = check_report(store, story)
        else:
            report = check_text(store, text, day)
    if as_json:
        print_json(report.to_dict())
        return
    _print(report)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--date must be YYYY-MM-DD, not {text!r}") from None


def _read(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise typer.BadParameter(f"no such file: {path}")
    try:
        return file.read_text("utf-8")
    except UnicodeDecodeError:
        raise typer.BadParameter(f"{path} is not UTF-8 text") from None


def _print(report: CheckReport) -> None:
    counts = ", ".join(f"{n} {v}" for v, n in report.counts.items())
    console.print(
        f"Story dated {report.story_date} ({report.date_source}); {len(report.findings)} "
        f"claims: {counts}",
        highlight=False,
    )
    for note in report.excluded_reports:
        console.print(f"  not used as evidence: {escape(note)}", highlight=False)
    for number, finding in enumerate(report.findings, 1):
        _print_finding(number, finding)


def _print_finding(number: int, finding: Finding) -> None:
    claim = finding.claim
    colour = _COLOURS[finding.verdict.value]
    console.print()
    console.print(
        f"[bold]{number}.[/bold] [{colour}]{finding.verdict.value.upper()}[/{colour}] "
        f"({claim.kind.value}; evidence: {finding.tier.value}) "
        f"chars {claim.span.start}-{claim.span.end}: “{escape(claim.span.text)}”",
        highlight=False,
    )
    console.print(f"   claim: {escape(claim.normalized)}", highlight=False)
    if finding.resolved:
        console.print(f"   about: {escape(finding.resolved)}", highlight=False)
    console.print(f"   why: {escape(finding.explanation)}", highlight=False)
    if finding.instead:
        says = "the record says" if finding.tier.value == "un_record" else "reports say"
        console.print(f"   [red]{says} instead:[/red] {escape(finding.instead)}", highlight=False)
    for confusion in finding.confusions:
        console.print(f"   [magenta]mix-up:[/magenta] {escape(confusion)}", highlight=False)
    documents = sorted({d for e in finding.evidence for d in e.documents})
    if documents:
        console.print(f"   documents: {', '.join(documents)}", highlight=False)
    twin = finding.twin
    if twin is not None:
        # The other body's text, decided on its own evidence: printed apart, never mixed.
        console.print(f"   other body: {escape(twin.explanation)}", highlight=False)
        documents = sorted({d for e in twin.evidence for d in e.documents})
        if documents:
            console.print(f"   other body's documents: {', '.join(documents)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the `ungawatch` app."""
    app.command()(check)
