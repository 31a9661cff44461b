"""One entry point for the UN's vote records: give it a record in either format, get its votes.

``read_un_votes(SOURCE)`` is what ``import_un_vote SOURCE`` calls: SOURCE is a saved file or an
http(s) URL (fetched through the safe fetcher). It recognises a Digital Library voting record
(page or MARCXML) and meeting coverage by their content, not their address, so a saved copy reads
the same as the live page.
"""

from __future__ import annotations

import datetime as dt
import os

from . import decoding, press, undl
from .errors import UnrecognisedFormat
from .sources import load_source
from .votes import RecordedVote


def parse_un_votes(
    data: bytes | str, *, url: str = "", charset: str | None = None, date: dt.date | None = None
) -> list[RecordedVote]:
    """The votes in a UN record: one for a Digital Library record, one or more for meeting coverage.

    ``date`` is used for meeting coverage whose page gives no date (a pasted paragraph).
    """
    text = decoding.decode(data, declared=charset)
    if undl.looks_like_marcxml(text):
        return [undl.parse_marcxml(text, url=url)]
    if undl.looks_like_record_page(text):
        return [undl.parse_record_page(text, url=url)]
    lowered = text.casefold()
    if "recorded vote" in lowered or "without a vote" in lowered or "in favour:" in lowered:
        return press.parse_meeting_coverage(text, url=url, date=date)
    raise UnrecognisedFormat(
        "This is not a UN Digital Library voting record (page or MARCXML) and states no recorded vote "
        "or adoption without a vote, as UN meeting coverage does.",
        location=url,
    )


def read_un_votes(
    location: str | os.PathLike, *, date: dt.date | None = None, source_url: str = ""
) -> list[RecordedVote]:
    """Load SOURCE (a path or an http(s) URL) and parse the votes in it.

    ``source_url`` is the address a saved file was saved from (a fetched URL is its own); a saved
    Digital Library page or MARCXML export names its record itself.
    """
    source = load_source(location)
    url = source.location if source.is_url else source_url
    return parse_un_votes(source.content, url=url, charset=source.charset, date=date)
