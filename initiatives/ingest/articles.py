"""Articles: turning a fetched page or a file into stored text, once per text.

The same text at two addresses (syndicated copy, an outlet's mobile and desktop URLs) is one
Article: the later address is kept as a row marked failed with the reason "duplicate of …" (so a
feed re-listing it does not fetch it again) and is noted on the original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..analysis.extract import ExtractedArticle, ExtractionError
from ..choices import FetchStatus
from ..models import Article

_SPACE = re.compile(r"\s+")
MAX_ERROR_CHARS = 2000


def content_hash(text: str) -> str:
    """SHA-256 of the text with case and whitespace folded: re-wrapped copies hash alike."""
    return hashlib.sha256(_SPACE.sub(" ", text.casefold()).strip().encode("utf-8")).hexdigest()


def plain_text_document(text: str) -> ExtractedArticle:
    """A text/plain page or file: the first non-empty line is the title."""
    text = text.strip()
    if "\x00" in text:
        raise ExtractionError("The document looks like a binary file, not text.")
    if not text:
        raise ExtractionError("The document is empty.")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return ExtractedArticle(title=title[:500], text=text, published=None, language="", publisher="")


def mark_failed(article_id: int, reason: str, *, only_from: tuple[str, ...] = (FetchStatus.PENDING,)) -> bool:
    """Record why an article could not be fetched or read. Returns False if it was not in `only_from`."""
    with transaction.atomic():
        article = (
            Article.objects.select_for_update().filter(pk=article_id, fetch_status__in=only_from).first()
        )
        if article is None:
            return False
        article.fetch_status = FetchStatus.FAILED
        article.fetch_error = reason[:MAX_ERROR_CHARS]
        article.fetched_at = timezone.now()
        article.save(update_fields=["fetch_status", "fetch_error", "fetched_at", "updated_at"])
    return True


def _published(extracted: ExtractedArticle, known: dt.datetime | None) -> dt.datetime | None:
    # A feed's timestamp is more precise than the day trafilatura reads off the page.
    if known:
        return known
    if extracted.published:
        return dt.datetime.combine(extracted.published, dt.time(), tzinfo=dt.UTC)
    return None


def store_text(article_id: int, extracted: ExtractedArticle) -> Article | None:
    """Store an extracted text on a pending article. Returns the article if it is now fetched.

    Returns None when the row is gone, was already fetched by another worker, or is a duplicate
    (then it is marked failed with the original's id and address).
    """
    digest = content_hash(extracted.text)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.fetch_status != FetchStatus.PENDING:
            return None
        original = Article.objects.filter(content_hash=digest).exclude(pk=article.pk).first()
        if original is None:
            article.title = (extracted.title or article.title)[:500]
            article.text = extracted.text
            article.content_hash = digest
            article.publisher = (article.publisher or extracted.publisher)[:200]
            article.language = (extracted.language or article.language)[:8]
            article.published_at = _published(extracted, article.published_at)
            article.fetch_status = FetchStatus.FETCHED
            article.fetch_error = ""
            article.fetched_at = timezone.now()
            try:
                with transaction.atomic():
                    article.save()
                return article
            except IntegrityError:
                # Another worker stored the same text a moment ago.
                original = Article.objects.filter(content_hash=digest).first()
                if original is None:
                    raise
        _mark_duplicate(article, original)
    return None


def _mark_duplicate(article: Article, original: Article) -> None:
    article.refresh_from_db()
    article.fetch_status = FetchStatus.FAILED
    article.fetch_error = (
        f"Duplicate: the same text is already stored as article {original.pk} ({original.url})."
    )
    article.fetched_at = timezone.now()
    article.story_id = original.story_id
    article.save(update_fields=["fetch_status", "fetch_error", "fetched_at", "story", "updated_at"])
    line = f"Also published at {article.url}"
    if line not in original.note:
        original.note = f"{original.note}\n{line}".strip()
        original.save(update_fields=["note", "updated_at"])
