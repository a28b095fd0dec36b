"""Reading source files: gzip or plain bytes, and the digest that identifies a file."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import IO


def open_source(path: Path) -> IO[bytes]:
    """A source file as bytes, gunzipped when it is gzip-compressed."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]  # GzipFile is a binary IO
    return path.open("rb")


def sha256_of(*paths: Path) -> str:
    """One digest for a file, or for the set of files read together."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
