"""What an ingest did, record by record: the report the library returns and the CLI prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Problem:
    location: str
    record_id: str | None
    field: str | None
    message: str


@dataclass
class IngestReport:
    """What an ingest did, per record, ready to print or emit as JSON."""

    files: list[str] = field(default_factory=list)
    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    documents: int = 0
    sponsorships: int = 0
    votes: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
