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


class Cell(BaseModel):
    """One state in one session on the dashboard's grids (a `Position`, abridged)."""

    session: int
    year: int
    sponsor_role: str
    vote: str
    committee_vote: str | None
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
    session: int
    year: int
    title: str
    draft: str | None
    resolution: str | None


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
    model_config = ConfigDict(extra="allow")
    session: int
    votes: int
    agree: float
    agreement: float


class Agreement(BaseModel):
    a: StateBrief
    b: StateBrief
    sessions: list[AgreementSession]


class StatePage(BaseModel):
    state: StateFacts
    timeline: list[TimelineEntry]
    agreement: list[Agreement]


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
