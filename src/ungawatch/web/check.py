"""Checking a pasted story: `POST /api/v1/check` (JSON) and the `/check` page.

Both call the library's `check_text` on the request's snapshot of the database and return
its `CheckReport` as it is (the page adds the text cut into highlighted pieces). The page's
form posts URL-encoded fields, read here without a form-parsing dependency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, TypeAdapter

from ungawatch.claims.model import CheckReport, Finding
from ungawatch.web import models
from ungawatch.web.pages import templates_of
from ungawatch.web.responses import LeaseDep

MAX_TEXT = 50_000
api = APIRouter(
    prefix="/api/v1",
    responses={422: {"model": models.ErrorBody, "description": "Invalid request body."}},
)
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_REPORT = TypeAdapter(CheckReport)


class CheckRequest(BaseModel):
    """A story to check: its text, and its date if known (else one found in the text, else
    today)."""

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The story's text.")
    date: dt.date | None = Field(default=None, description="The story's date, YYYY-MM-DD.")


def run_check(lease: Any, text: str, day: dt.date | None) -> CheckReport:
    """The library's check on this request's database snapshot."""
    from ungawatch.claims.check import check_text

    return check_text(lease.store, text, day)


@api.post("/check", response_model=CheckReport)
def check(lease: LeaseDep, body: CheckRequest) -> Response:
    """Every checkable claim of a story, with its verdict, evidence and character offsets."""
    report = run_check(lease, body.text, body.date)
    return Response(_REPORT.dump_json(report), media_type="application/json")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the story's text: plain, or a claim's words with its number and verdict."""

    text: str
    number: int | None = None
    verdict: str | None = None


def pieces(text: str, findings: tuple[Finding, ...]) -> list[Piece]:
    """The text cut at claim spans, in order; where spans overlap, the earlier claim keeps
    the shared words."""
    out: list[Piece] = []
    position = 0
    ordered = sorted(enumerate(findings, 1), key=lambda item: item[1].claim.span.start)
    for number, finding in ordered:
        start = max(finding.claim.span.start, position)
        end = finding.claim.span.end
        if end <= start:
            continue
        if start > position:
            out.append(Piece(text[position:start]))
        out.append(Piece(text[start:end], number, finding.verdict.value))
        position = end
    if position < len(text):
        out.append(Piece(text[position:]))
    return out


@pages.get("/check")
def check_page(request: Request) -> Response:
    template = templates_of(request).get_template("check.html")
    return HTMLResponse(template.render(text="", day="", report=None, pieces=[], error=None))


@pages.post("/check")
async def check_form(request: Request, lease: LeaseDep) -> Response:
    fields = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    text = (fields.get("text") or [""])[0]
    day_text = (fields.get("date") or [""])[0].strip()
    template = templates_of(request).get_template("check.html")
    error = _problem(text, day_text)
    if error:
        page = template.render(text=text, day=day_text, report=None, pieces=[], error=error)
        return HTMLResponse(page, status_code=422)
    report = run_check(lease, text, dt.date.fromisoformat(day_text) if day_text else None)
    return HTMLResponse(
        template.render(
            text=text, day=day_text, report=report, pieces=pieces(text, report.findings), error=None
        )
    )


def _problem(text: str, day: str) -> str | None:
    if not text.strip():
        return "Paste the story's text first."
    if len(text) > MAX_TEXT:
        return f"The text is longer than {MAX_TEXT:,} characters; check it in parts."
    if day:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return f"The date must read YYYY-MM-DD, not {day!r}."
    return None
