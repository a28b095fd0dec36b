"""Response models of the HTTP API: the shapes the OpenAPI document publishes.

They describe the dicts the library and `web.views` return; the API validates every response
against them, so a change of shape in the library shows up as a failing API test.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

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


class SearchHit(BaseModel):
    kind: str
    id: str
    label: str | None
    detail: str | None
    url: str


class SeriesEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str | int
    name: str | None
    sessions: list[int]
    body: str | None


class HistoryRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    session: int
    year: int
    state_code: str
    state: str
    title: str
    draft: str | None
    resolution: str | None
    sponsor_role: str
    vote: str | None
    sources: list[str]
    series_id: str | None = None
    series: str | None = None


class Cell(BaseModel):
    session: int
    sponsor_role: str
    vote: str | None
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
    session: int
    original: int
    additional: int
    withdrawn: int
    total: int


class SeriesPage(BaseModel):
    series: SeriesEntry
    sort: str
    group: str | None
    groups: dict[str, str]
    sessions: list[SessionColumn]
    sponsor_counts: list[SponsorCount]
    rows: list[GridRow]
    legend: dict[str, list[dict[str, str]]]


class Document(BaseModel):
    symbol: str | None
    kind: str
    kind_label: str | None
    title: str | None
    body: str | None
    session: str | None
    regular_session: int | None
    date: str | None
    agenda: list[str] | None
    submitted_by: str | None
    undl_record: str


class Link(BaseModel):
    from_symbol: str
    to_symbol: str
    relation: str


class Adoption(BaseModel):
    body: str | None
    date: str | None
    method: str
    meeting: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None
    total: int | None
    note: str | None
    undl_record: str


class Sponsor(BaseModel):
    state_code: str
    state: str
    acting_for: str | None
    listed_in: str
    field: str
    printed_name: str
    undl_record: str


class Vote(BaseModel):
    state_code: str
    state: str
    vote: str
    undl_record: str


class Note(BaseModel):
    symbol: str | None
    field: str
    message: str
    undl_record: str


class StateRow(BaseModel):
    state_code: str
    state: str
    region: str
    iso_numeric: str | None
    sponsor_role: str
    vote: str | None


class Resolution(BaseModel):
    model_config = ConfigDict(extra="allow")
    symbol: str
    resolution: str | None
    draft: str | None
    title: str | None
    session: str | None
    year: int | None
    body: str | None
    agenda: list[str]
    date: str | None
    submitted_by: str | None
    documents: list[Document]
    related: list[Link]
    adoption: Adoption | None
    sponsors: dict[str, list[Sponsor]]
    votes: list[Vote]
    notes: list[Note]
    states: list[StateRow]
    vote_counts: dict[str, int]
    library: dict[str, str]
    series_id: str | None


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


class Change(BaseModel):
    session: int
    previous_session: int
    title: str
    state_code: str
    state: str
    change: str
    detail: str
    sources: list[str]


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
