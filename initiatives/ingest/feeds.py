"""Reading RSS 2.0, RSS 1.0 (RDF) and Atom feeds from bytes the project's own client fetched.

feedparser is never given a URL (it would fetch with no timeout or address checks) nor raw bytes
(it would try them as a file name first): it gets a BytesIO. Its own XML handling expands
entities, so every document is first read by defusedxml, which refuses entity declarations
(the "billion laughs" and external-entity attacks) before feedparser sees it.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from .urls import InvalidURL, normalise_url


class FeedError(ValueError):
    """The document is not a feed that can be read; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    url: str  # normalised
    title: str
    published: dt.datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    version: str  # feedparser's: rss20, rss10, atom10...
    entries: list[FeedEntry]
    skipped: int  # entries without a usable link


def parse_feed(content: bytes) -> ParsedFeed:
    if not content.strip():
        raise FeedError("The feed is empty.")
    well_formed = True
    try:
        defused_fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(
            f"The feed declares XML entities or external references, which are refused for safety ({error.__class__.__name__})."
        ) from error
    except ET.ParseError:
        # Many real feeds are slightly broken XML; feedparser's lenient parser may still read them.
        well_formed = False
    parsed = feedparser.parse(io.BytesIO(content), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        kind = "not well-formed XML" if not well_formed else "not an RSS or Atom feed"
        raise FeedError(f"The document is {kind}{detail}.")
    entries, seen, skipped = [], set(), 0
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id") or ""
        try:
            url = normalise_url(link)
        except InvalidURL:
            skipped += 1
            continue
        if len(url) > 1000 or url in seen:
            skipped += url not in seen
            continue
        seen.add(url)
        entries.append(
            FeedEntry(url=url, title=(entry.get("title") or "").strip()[:500], published=_entry_date(entry))
        )
    if not well_formed and not entries:
        raise FeedError(
            f"The feed is not well-formed XML and no entry with a link could be read from it "
            f"({parsed.get('bozo_exception') or 'broken markup'})."
        )
    return ParsedFeed(
        title=(parsed.feed.get("title") or "").strip(),
        version=parsed.get("version", ""),
        entries=entries,
        skipped=skipped,
    )


def _entry_date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC)
            except (TypeError, ValueError):
                continue
    return None
