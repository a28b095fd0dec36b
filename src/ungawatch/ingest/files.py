"""Reading source files: gzip or plain bytes, and the digest that identifies a file.

Every way a file can fail to be read becomes a `SourceError` naming the file and saying what
to do: a missing file, a folder, a pipe or device (reading one would wait forever), no
permission, a disk read error, and a gzip file that is truncated (Python's gzip raises
`EOFError`, which Click would print as a bare "Aborted!"), has a damaged header or CRC, or
holds a corrupt deflate stream (`zlib.error`). Errors raised while a parser is reading the
stream surface the same way, since they come out of `SourceFile.read`.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO

from ungawatch.errors import SourceError

GZIP_MAGIC = b"\x1f\x8b"


class SourceFile:
    """A source file as bytes, gunzipped when it is gzip-compressed; a binary stream whose
    read errors are `SourceError`s naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.compressed = _magic(path) == GZIP_MAGIC
        with _os_errors(path):
            raw: IO[bytes] = path.open("rb")
        self._stream: IO[bytes] | gzip.GzipFile = (
            gzip.GzipFile(fileobj=raw) if self.compressed else raw
        )
        self._raw = raw

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except EOFError as error:
            raise SourceError(
                "the gzip file is truncated (its compressed data ends early); download or "
                "copy it again",
                location=self.name,
            ) from error
        except (gzip.BadGzipFile, zlib.error) as error:
            raise SourceError(
                f"the gzip file is damaged ({error}); download or copy it again",
                location=self.name,
            ) from error
        except OSError as error:
            raise _read_error(self.path, error) from error

    def close(self) -> None:
        self._stream.close()
        self._raw.close()

    def __enter__(self) -> SourceFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_source(path: Path) -> SourceFile:
    """A source file as bytes, gunzipped when it is gzip-compressed."""
    return SourceFile(path)


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a source file (after gunzip), for format detection."""
    with open_source(path) as stream:
        return stream.read(size)


def read_all(path: Path) -> bytes:
    """A whole source file (after gunzip), for small formats read at once."""
    with open_source(path) as stream:
        return stream.read()


def sha256_of(*paths: Path) -> str:
    """One digest for a file, or for the set of files read together."""
    digest = hashlib.sha256()
    for path in paths:
        with _os_errors(path), path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def check_readable(path: Path) -> None:
    """Refuse what is no regular, readable file before anything opens it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError("no such file", location=str(path)) from None
    except OSError as error:
        raise _read_error(path, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(
            "is a folder; give the files in it (e.g. FOLDER/*.xml)", location=str(path)
        )
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(
            "is not a regular file (a pipe, socket or device): ungawatch reads saved files; "
            "save the data to a file first",
            location=str(path),
        )
    if not os.access(path, os.R_OK):
        raise SourceError("permission denied: this user cannot read the file", location=str(path))


def _magic(path: Path) -> bytes:
    check_readable(path)
    with _os_errors(path), path.open("rb") as probe:
        return probe.read(2)


@contextmanager
def _os_errors(path: Path) -> Iterator[None]:
    """OSError while opening or reading `path`, as a SourceError naming the file."""
    try:
        yield
    except OSError as error:
        raise _read_error(path, error) from error


def _read_error(path: Path, error: OSError) -> SourceError:
    if isinstance(error, PermissionError):
        return SourceError("permission denied: this user cannot read the file", location=str(path))
    if isinstance(error, FileNotFoundError):
        return SourceError("no such file", location=str(path))
    reason = error.strerror or str(error) or type(error).__name__
    return SourceError(
        f"cannot read the file ({reason}); check the disk or copy the file again",
        location=str(path),
    )
