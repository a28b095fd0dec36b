"""The embedded DuckDB store: schema, idempotent writes by source record, provenance.

Only this package imports duckdb. Facts belong to the source record that states them, so a
record seen again with the same content hash is left alone, and a changed one replaces
exactly its own rows inside the caller's transaction.
"""

from ungawatch.store.database import Store, open_attached, open_store, updating
from ungawatch.store.writer import RecordWriter

__all__ = ["RecordWriter", "Store", "open_attached", "open_store", "updating"]
