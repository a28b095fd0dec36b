"""The one exception tree of the library.

Library code raises these; only the CLI and the web layer turn them into messages for people.
"""

from __future__ import annotations

from collections.abc import Sequence


class UngawatchError(Exception):
    """Base of every error ungawatch raises on purpose."""


class SourceError(UngawatchError):
    """A source file or record could not be read; names the file, record and field."""

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.record_id = record_id
        self.field = field
        super().__init__(self.__str__())

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
        return f"{where}: {self.message}" if where else self.message


class UnknownState(UngawatchError):
    """A name that resolves to no member state, observer or group; carries the closest names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f" Closest known names: {', '.join(self.suggestions)}." if self.suggestions else ""
        super().__init__(f"unknown state or group name {name!r}.{hint}")


class SymbolError(UngawatchError):
    """A string that is not a UN document symbol."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"not a UN document symbol: {text!r} ({reason})")


class NotFound(UngawatchError):
    """A symbol, series or query with no match in the database; carries the closest matches."""

    def __init__(self, what: str, suggestions: Sequence[str] = ()) -> None:
        self.what = what
        self.suggestions = tuple(suggestions)
        hint = f" Did you mean: {'; '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"{what} is not in the database.{hint}")


class AmbiguousQuery(UngawatchError):
    """A title query that matches several different recurring resolutions."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        listed = "\n  ".join(self.candidates)
        super().__init__(
            f"{query!r} matches {len(self.candidates)} different titles; "
            f"use more words or a symbol:\n  {listed}"
        )


class StoreError(UngawatchError):
    """The database could not be opened or written."""


class InvalidRange(UngawatchError):
    """Sessions or years asked for that contradict each other or name no regular session."""


class WriteRefused(StoreError):
    """The database refused one write (a value out of range, a duplicate key): the data was
    bad, not the database. Raised inside a transaction, which the caller then rolls back."""
