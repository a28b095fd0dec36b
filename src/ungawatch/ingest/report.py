"""What an ingest did, file by file and record by record: the report the library returns and
the CLI prints (as a table, or as JSON)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about one file or record: where (file or URL), which record, which field."""

    location: str
    record_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.location,
                f"record {self.record_id}" if self.record_id else None,
                f"field {self.field}" if self.field else None,
            )
            if part
        )
        return f"{where}: {self.message}"


@dataclass
class IngestReport:
    """What an ingest did, ready to print or emit as JSON.

    `files` are the files committed (each in its own transaction); `files_rejected` the files
    refused or abandoned as a whole, with the reason (nothing of them was stored). `rejected`
    are the records quarantined, each with file, record id, field and reason; `duplicates`
    the copies of a record that a later copy in the same input replaced.
    """

    files: list[str] = field(default_factory=list)
    files_rejected: list[Problem] = field(default_factory=list)
    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    documents: int = 0
    sponsorships: int = 0
    votes: int = 0
    rejected: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No file refused and no record quarantined (exit status 0)."""
        return not self.rejected and not self.files_rejected

    def merge(self, other: IngestReport) -> None:
        """Add what one committed file did to the whole run's report."""
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            setattr(self, item.name, mine + theirs)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "files_committed": len(self.files), "clean": self.clean}
