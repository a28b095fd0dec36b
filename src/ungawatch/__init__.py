"""ungawatch: who sponsors, joins and votes for UN General Assembly resolutions.

The Python API is these functions; the CLI and (later) the web app are thin skins over them::

    from ungawatch import open_store, ingest_paths, resolution, history, changes

    with open_store("ungawatch.duckdb") as store:
        ingest_paths(store, [Path("export.xml")])
        view = resolution(store, "A/RES/78/218")
"""

from ungawatch.countries import resolve as resolve_state
from ungawatch.ingest import IngestReport, ingest_paths
from ungawatch.positions.changes import changes
from ungawatch.positions.history import history, history_frame
from ungawatch.positions.resolution import resolution
from ungawatch.store import Store, open_store
from ungawatch.symbols import normalize_symbol

__version__ = "0.1.0"

__all__ = [
    "IngestReport",
    "Store",
    "changes",
    "history",
    "history_frame",
    "ingest_paths",
    "normalize_symbol",
    "open_store",
    "resolution",
    "resolve_state",
]
