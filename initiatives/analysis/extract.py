"""Main-text extraction from web pages and plain files, with trafilatura.

The analysis only ever sees the article body: navigation, link lists, "Related" boxes and footers are
where most false mentions come from (every outlet's menu names "China" and "Europe"), so they are
dropped here, before any matching.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Below this many characters of body text a page is a stub, an index page or an error page.
MIN_TEXT_CHARS = 40


class ExtractionError(ValueError):
    """Nothing usable could be read from a page or file; the message says why."""


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    text: str
    published: datetime.date | None
    language: str
    publisher: str


def extract_article(html: str | bytes, *, url: str | None = None) -> ExtractedArticle:
    """Title, body text, publication date, language and publisher of one HTML page."""
    if isinstance(html, bytes):
        if not html.strip():
            raise ExtractionError("The page is empty.")
    elif not html or not html.strip():
        raise ExtractionError("The page is empty.")
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_links=False,
            favor_precision=True,
        )
    except Exception as error:  # trafilatura raises assorted lxml/encoding errors on broken input
        raise ExtractionError(f"The page could not be parsed: {error}") from error
    if document is None:
        raise ExtractionError(
            "No main text was found in the page (it may be an index, a login or an error page)."
        )
    text = (document.text or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(
            f"The page's main text is too short to analyse ({len(text)} characters after removing boilerplate)."
        )
    return ExtractedArticle(
        title=(document.title or "").strip(),
        text=text,
        published=_parse_date(document.date),
        language=(document.language or _declared_language(html) or "").strip(),
        publisher=(document.sitename or document.hostname or "").strip(),
    )


def read_document(path: str | Path) -> ExtractedArticle:
    """An article from a file: HTML is extracted, anything else read as UTF-8 plain text."""
    path = Path(path)
    if not path.is_file():
        raise ExtractionError(f"No such file: {path}")
    data = path.read_bytes()
    if path.suffix.lower() in HTML_SUFFIXES:
        return extract_article(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(f"{path} is not UTF-8 text: {error}") from error
    if "\x00" in text:
        raise ExtractionError(f"{path} looks like a binary file, not text.")
    text = text.strip()
    if not text:
        raise ExtractionError(f"{path} is empty.")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return ExtractedArticle(title=title, text=text, published=None, language="", publisher="")


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


_LANG_ATTR = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _declared_language(html: str | bytes) -> str:
    """The page's own <html lang>, when trafilatura's language detector is not installed."""
    head = html[:4096] if isinstance(html, bytes) else html[:4096].encode("utf-8", "replace")
    match = _LANG_ATTR.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


__all__ = ["ExtractedArticle", "ExtractionError", "extract_article", "read_document"]
