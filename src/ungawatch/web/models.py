"""Response models of the HTTP API: the shapes the OpenAPI document publishes.

The library's records (positions, series, changes, resolutions, search hits) are dataclasses
and serve as response models as they are, so the API cannot drift from the library. What is
declared here is the web's own: the error shape, pagination, and the page arrangements of the
dashboard (grid cells, chart data) that no library function returns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from ungawatch.positions.records import SeriesInfo

T = TypeVar("T")


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    suggestions: list[str] = []
    details: list[dict[str, Any]] = []


class ErrorBody(BaseModel):
    """The one error shape of the API (and the data behind the HTML error page)."""

    error: ErrorInfo


class Page(BaseModel, Generic[T]):
    """A slice of a list: `items[offset:offset+limit]` of `total`."""

    total: int
    limit: int
    offset: int
    items: list[T]


class SessionPage(Page[T], Generic[T]):
    """A page of a list asked for one session (given as a session or as a year): which
    session and year it is, and what a year was read as."""

    session: int | None = None
    year: int | None = None
    asked: str | None = None


class Computing(BaseModel):
    """An analysis being computed in the background for this database version (HTTP 202):
    ask again after `retry_after` seconds."""

    status: str = "computing"
    what: str
    started_seconds_ago: float
    retry_after: int


class Cell(BaseModel):
    """One state in one session on the dashboard's grids (a `Position`, abridged).

    `vote` is the plenary vote; `shown_vote` what the grid prints: the plenary vote, or the
    committee's when only that is loaded (`shown_vote_body` says which)."""

    session: int
    year: int
    sponsor_role: str
    vote: str
    committee_vote: str | None
    shown_vote: str
    shown_vote_body: str
    symbol: str
    draft: str | None
    resolution: str | None
    sources: list[str]


class GridRow(BaseModel):
    state_code: str
    state: str
    region: str
    cells: list[Cell | None]


class SessionColumn(BaseModel):
    """A column of a grid: one session with its year; `held` False when no document of the
    text is in the database for that session (a gap, shown as one)."""

    session: int
    year: int
    held: bool
    title: str | None
    draft: str | None
    resolution: str | None
    sponsors_known: bool


class SessionYear(BaseModel):
    session: int
    year: int
    held: bool


class Tally(BaseModel):
    """One body's action on one session's text: yes / no / abstain (None when not loaded)."""

    session: int
    year: int
    body: str
    method: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    date: str | None
    document: str | None


class SponsorCount(BaseModel):
    """Sponsors of one session's text; every count is null (unknown) when no list is loaded."""

    session: int
    year: int
    original: int | None
    additional: int | None
    withdrawn: int | None
    total: int | None
    listed_in: str | None


class SeriesPage(BaseModel):
    series: SeriesInfo
    sort: str
    group: str | None
    groups: dict[str, str]
    sessions: list[SessionColumn]
    sponsor_counts: list[SponsorCount]
    tallies: list[Tally]
    rows: list[GridRow]
    legend: dict[str, list[dict[str, str]]]


class FormerName(BaseModel):
    name: str
    until: str


class StateFacts(BaseModel):
    code: str
    name: str
    kind: str
    admitted: str | None
    ended: str | None
    former_names: list[FormerName]
    region: str
    region_name: str | None


class TimelineEntry(BaseModel):
    series_id: str
    name: str | None
    body: str | None
    sponsored: int
    cells: list[Cell]


class StateBrief(BaseModel):
    code: str
    name: str


class AgreementSession(BaseModel):
    """Plenary recorded votes both cast in one session, and how often they voted alike."""

    a: str
    b: str
    session: int
    year: int
    votes: int
    agree: int
    half: int
    opposite: int
    agreement: float


class Agreement(BaseModel):
    a: StateBrief
    b: StateBrief
    sessions: list[AgreementSession]


class StatePage(BaseModel):
    state: StateFacts
    sessions: list[SessionYear]
    timeline: list[TimelineEntry]
    agreement: list[Agreement]


class RegistryState(BaseModel):
    code: str
    name: str
    kind: str
    admitted: str | None
    ended: str | None
    region: str
    region_name: str


class Coverage(BaseModel):
    session: str
    body: str | None
    documents: int


class SourceFile(BaseModel):
    location: str
    source_kind: str
    bytes: int
    ingested_at: datetime


class Quarantined(BaseModel):
    location: str
    record_id: str
    field: str | None
    message: str
    first_seen: datetime


class Status(BaseModel):
    model_config = ConfigDict(extra="allow")
    database: str
    tables: dict[str, int]
    coverage: list[Coverage]
    sources: list[SourceFile]
    quarantine: list[Quarantined]
