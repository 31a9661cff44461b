"""Reading RSS 2.0, RSS 1.0 (RDF) and Atom feeds from bytes the project's own client fetched.

feedparser is never given a URL (it would fetch with no timeout or address checks) nor raw bytes
(it would try them as a file name first): it gets a BytesIO. Its own XML handling expands
entities, so every document is first read by defusedxml, which refuses entity declarations
(the "billion laughs" and external-entity attacks) before feedparser sees it.

Both parsers sit on expat, which reads no multi-byte legacy encoding (Shift_JIS, GB2312, Big5,
EUC-KR, GB18030: the news of East Asia). So the document is decoded here first, in the encoding
its byte-order mark, its XML declaration or the server names (each tried strictly, the way
browsers read these labels: GB2312 as GB18030, Shift_JIS as Windows-31J...), then handed on as
UTF-8 with its declaration saying so. Characters XML forbids (NUL, other controls, character
references to surrogates or past U+10FFFF) become U+FFFD rather than a crash.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from .encodings import web_encoding
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


BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:()-]{1,40})["']""")
_DECLARATION = re.compile(r"""^\s*<\?xml[^>]{0,200}?\?>""")
_ENCODING_ATTRIBUTE = re.compile(r"""encoding\s*=\s*(["'])[^"']*\1""")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
# What XML 1.0 forbids in a document (section 2.2), surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def decode_feed(content: bytes, charset: str | None = None) -> tuple[str, str]:
    """The document as text, and the encoding it was read in.

    A byte-order mark decides; otherwise the first of UTF-8 (when the bytes are valid UTF-8: other
    encodings' non-ASCII text almost never is), the XML declaration's encoding, the server's charset
    and Windows-1252 that decodes the bytes strictly. Failing all, UTF-8 with U+FFFD for what it
    cannot read.
    """
    for mark, encoding in BYTE_ORDER_MARKS:
        if content.startswith(mark):
            return content[len(mark) :].decode(encoding, errors="replace"), encoding
    if content.startswith(b"<\x00?\x00"):
        return content.decode("utf-16-le", errors="replace"), "utf-16-le"
    if content.startswith(b"\x00<\x00?"):
        return content.decode("utf-16-be", errors="replace"), "utf-16-be"
    declared = _DECLARED.match(content)
    named = [declared and declared.group(1).decode("ascii"), charset]
    # ASCII bytes read alike in UTF-8 and every ASCII-based encoding, but not in the 7-bit ones
    # (ISO-2022-JP, HZ): there the names come first.
    candidates = [*named, "utf-8"] if content.isascii() else ["utf-8", *named]
    candidates.append("cp1252")
    for label in candidates:
        encoding = web_encoding(label)
        if encoding is None:
            continue
        try:
            return content.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("utf-8", errors="replace"), "utf-8"


def _valid_reference(match: re.Match) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code > 0x10FFFF or _NOT_XML.match(chr(code)):
        return "\ufffd"
    return match.group()


def as_utf8_xml(text: str) -> bytes:
    """The text as UTF-8 XML that expat can read: its declaration says UTF-8, and nothing XML forbids
    (controls, NUL, references to surrogates) is left in it."""
    text = _NOT_XML.sub("\ufffd", text.lstrip("\ufeff"))
    text = _CHARACTER_REFERENCE.sub(_valid_reference, text)
    declaration = _DECLARATION.match(text)
    if declaration:
        fixed = _ENCODING_ATTRIBUTE.sub('encoding="utf-8"', declaration.group().lstrip())
        text = fixed + text[declaration.end() :]
    return text.encode("utf-8")


def parse_feed(content: bytes, charset: str | None = None) -> ParsedFeed:
    """Read a feed's entries. `charset` is the one the server declared, if any. Raises FeedError only."""
    if not content.strip():
        raise FeedError("The feed is empty.")
    text, _encoding = decode_feed(content, charset)
    content = as_utf8_xml(text)
    well_formed = True
    try:
        defused_fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(
            f"The feed declares XML entities or external references, which are refused for safety ({error.__class__.__name__})."
        ) from error
    except (ET.ParseError, ValueError):
        # Many real feeds are slightly broken XML; feedparser's lenient parser may still read them.
        well_formed = False
    try:
        parsed = feedparser.parse(io.BytesIO(content), sanitize_html=True, resolve_relative_uris=False)
    except (
        Exception
    ) as error:  # a lenient parser of hostile input: whatever it trips on, the feed is unreadable
        raise FeedError(f"The feed could not be read ({error.__class__.__name__}: {error}).") from error
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
            FeedEntry(url=url, title=_plain(entry.get("title"))[:500], published=_entry_date(entry))
        )
    if not well_formed and not entries:
        raise FeedError(
            f"The feed is not well-formed XML and no entry with a link could be read from it "
            f"({parsed.get('bozo_exception') or 'broken markup'})."
        )
    return ParsedFeed(
        title=_plain(parsed.feed.get("title")),
        version=parsed.get("version", ""),
        entries=entries,
        skipped=skipped,
    )


def _plain(value) -> str:
    """A title as stored: text, without what XML or PostgreSQL refuse (NUL, controls, surrogates)."""
    return _NOT_XML.sub("\ufffd", value if isinstance(value, str) else "").strip()


def _entry_date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC)
            except (TypeError, ValueError):
                continue
    return None
