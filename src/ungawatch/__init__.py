"""ungawatch: who sponsors, joins and votes for UN General Assembly resolutions.

The Python API is these functions; the CLI and the web app are thin skins over them::

    from ungawatch import open_store, ingest_paths, resolution, history, changes

    with open_store("ungawatch.duckdb") as store:
        ingest_paths(store, [Path("export.xml")])
        view = resolution(store, "A/RES/78/218")

They are imported on first use, so that `import ungawatch` (and `ungawatch --help`) stays
cheap: the heavy libraries behind them (DuckDB, pandas, scipy) load only when needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "IngestReport": "ungawatch.ingest",
    "ingest_paths": "ungawatch.ingest",
    "Store": "ungawatch.store",
    "open_store": "ungawatch.store",
    "changes": "ungawatch.positions.changes",
    "history": "ungawatch.positions.history",
    "history_frame": "ungawatch.positions.history",
    "list_series": "ungawatch.positions.history",
    "resolution": "ungawatch.positions.resolution",
    "normalize_symbol": "ungawatch.symbols",
}
__all__ = [
    "IngestReport",
    "Store",
    "changes",
    "history",
    "history_frame",
    "ingest_paths",
    "list_series",
    "normalize_symbol",
    "open_store",
    "resolution",
    "resolve_state",
]

if TYPE_CHECKING:
    from ungawatch.countries import resolve as resolve_state
    from ungawatch.ingest import IngestReport, ingest_paths
    from ungawatch.positions.changes import changes
    from ungawatch.positions.history import history, history_frame, list_series
    from ungawatch.positions.resolution import resolution
    from ungawatch.store import Store, open_store
    from ungawatch.symbols import normalize_symbol


def __getattr__(name: str) -> Any:
    if name == "resolve_state":
        return importlib.import_module("ungawatch.countries").resolve
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'ungawatch' has no attribute {name!r}")
