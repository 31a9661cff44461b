"""Getting a record: from a saved file, or from an http(s) URL through the project's safe fetcher.

The importers take one argument, SOURCE, that is either; this is the one place that tells them apart.
Fetching goes through ``initiatives.ingest.http.fetch`` (timeouts, size cap, refused addresses), so
a URL here obeys the same rules as a feed. Failures of either kind become ``SourceUnavailable``
with the reason in the message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import SourceUnavailable

# What the record sources serve: web pages, the Digital Library's MARCXML export, and the
# Treaty Office's JSON (the chart page itself is a JavaScript shell around that JSON).
RECORD_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/xml",
        "text/xml",
        "application/marcxml+xml",
        "application/json",
    }
)
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A record's bytes and where they came from (a path, or the URL after redirects)."""

    content: bytes
    location: str
    content_type: str = ""
    charset: str | None = None

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def load_source(location: str | os.PathLike) -> Source:
    """Read a saved file, or fetch an http(s) URL, and return its bytes with their origin."""
    text = os.fspath(location)
    scheme = urlsplit(text).scheme
    if scheme in ("http", "https"):
        return _fetch(text)
    if scheme and len(scheme) > 1:  # "C:" on Windows is a drive, not a scheme
        raise SourceUnavailable(
            f"Only http(s) addresses and file paths can be read, not a {scheme}: address.", location=text
        )
    return _read_file(Path(text))


def _read_file(path: Path) -> Source:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceUnavailable(
                f"The file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes.", location=str(path)
            )
        return Source(content=path.read_bytes(), location=str(path))
    except FileNotFoundError as error:
        raise SourceUnavailable("There is no such file.", location=str(path)) from error
    except IsADirectoryError as error:
        raise SourceUnavailable("That is a folder, not a file.", location=str(path)) from error
    except OSError as error:
        raise SourceUnavailable(
            f"The file could not be read: {error.strerror or error}.", location=str(path)
        ) from error


def _fetch(url: str) -> Source:
    from initiatives.ingest import http  # imported here: it needs Django settings, the parsers do not

    try:
        result = http.fetch(url, accept=RECORD_TYPES)
    except http.FetchError as error:
        raise SourceUnavailable(str(error), location=url) from error
    return Source(
        content=result.content, location=result.url, content_type=result.content_type, charset=result.charset
    )
