"""The errors the record parsers raise: each message says, for a curator, what is missing or wrong."""

from __future__ import annotations


class RecordError(ValueError):
    """A record that cannot be read. ``location`` is the file or URL it came from, if known."""

    def __init__(self, message: str, *, location: str = ""):
        super().__init__(f"{message} ({location})" if location else message)
        self.location = location


class SourceUnavailable(RecordError):
    """The file or URL could not be read at all (missing file, refused or failed fetch)."""


class UnrecognisedFormat(RecordError):
    """The document is none of the formats this parser reads."""


class MalformedRecord(RecordError):
    """The document is of the right kind but lacks something the record needs, or is cut short."""
