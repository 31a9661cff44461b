"""The ingestion steps, one function per Celery task, usable without Celery (commands, tests).

Each step takes an id, fetches the row again and returns quietly (None) when it is gone. Network
I/O happens outside transactions; each step's final write is one atomic block on a locked row,
so running a step twice, or two workers running it at once, stores the result once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..analysis.candidates import find_candidates
from ..analysis.extract import ExtractionError, extract_article
from ..choices import FetchStatus
from ..models import Article, Feed
from . import http
from .articles import mark_failed, plain_text_document, store_text
from .candidates import store_candidates
from .feeds import FeedError, ParsedFeed, parse_feed
from .stories import assign_story
from .suggestions import StoreCounts, store_mentions, store_suggestions

FEED_BACKOFF_CAP = dt.timedelta(hours=24)
# A claimed feed is not handed out again for this long, even if its poll task dies.
FEED_LEASE = dt.timedelta(minutes=15)
# Longer than any task's hard time limit (CELERY_TASK_TIME_LIMIT, 5 min): an article still pending or
# fetched after this lost its task (worker killed, broker restarted) and is queued again.
STALE_AFTER = dt.timedelta(minutes=30)
REQUEUE_BATCH = 500
# pg_advisory_xact_lock key: analysis writes (story grouping + suggestion merging) run one at a time.
ANALYSIS_LOCK_KEY = 0x41475431


@dataclass
class PollOutcome:
    feed_id: int
    status: str  # ok, not_modified, failed, disabled, skipped
    message: str = ""
    new_article_ids: list[int] = field(default_factory=list)

    def __str__(self):
        if self.status == "ok":
            return f"feed {self.feed_id}: {self.message}"
        return f"feed {self.feed_id}: {self.status}" + (f" ({self.message})" if self.message else "")


# --- Feeds -------------------------------------------------------------------------------------


def poll_feed(feed_id: int) -> PollOutcome | None:
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    if not feed.is_active:
        return PollOutcome(feed.pk, "skipped", feed.disabled_reason or "The feed is not active.")
    try:
        result = http.fetch(
            feed.url, accept=http.FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
        )
        parsed = None if result.not_modified else parse_feed(result.content, charset=result.charset)
    except (http.FetchError, FeedError) as error:
        return record_feed_failure(feed.pk, str(error))
    return record_feed_success(feed.pk, result, parsed)


def feed_backoff(interval_minutes: int, failures: int) -> dt.timedelta:
    """Doubling delay after each consecutive failure, capped at a day."""
    return min(dt.timedelta(minutes=max(interval_minutes, 1)) * (2 ** min(failures, 16)), FEED_BACKOFF_CAP)


def record_feed_failure(feed_id: int, reason: str) -> PollOutcome | None:
    now = timezone.now()
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
        if feed is None:
            return None
        feed.failure_count += 1
        feed.last_error = reason[:2000]
        feed.last_polled_at = now
        feed.next_poll_at = now + feed_backoff(feed.poll_interval_minutes, feed.failure_count)
        status = "failed"
        if feed.failure_count >= settings.FEED_MAX_FAILURES:
            feed.is_active = False
            feed.disabled_reason = (
                f"Disabled on {now:%Y-%m-%d %H:%M} UTC after {feed.failure_count} consecutive failures. "
                f"Last error: {reason} Fix the address and tick 'is active' to poll it again."
            )[:2000]
            status = "disabled"
        feed.save()
    return PollOutcome(feed_id, status, reason)


def record_feed_success(
    feed_id: int, result: http.FetchResult, parsed: ParsedFeed | None
) -> PollOutcome | None:
    now = timezone.now()
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
        if feed is None:
            return None
        new_ids = [] if parsed is None else _create_articles(feed, parsed)
        changes = {
            "etag": (result.etag or feed.etag)[:300],
            "last_modified": (result.last_modified or feed.last_modified)[:100],
            "last_polled_at": now,
            "last_success_at": now,
            "next_poll_at": now + dt.timedelta(minutes=feed.poll_interval_minutes),
        }
        if parsed and parsed.title and not feed.name:
            changes["name"] = parsed.title[:200]
        if feed.failure_count or feed.last_error or "name" in changes:
            # A change a curator cares about: saved with history.
            for name, value in {**changes, "failure_count": 0, "last_error": ""}.items():
                setattr(feed, name, value)
            feed.save()
        else:
            # Routine poll: no history row for every tick.
            Feed.objects.filter(pk=feed.pk).update(**changes, updated_at=now)
    if parsed is None:
        return PollOutcome(feed_id, "not_modified", "Not modified since the last poll.")
    message = f"{len(parsed.entries)} entries, {len(new_ids)} new"
    if parsed.skipped:
        message += f", {parsed.skipped} without a usable link"
    return PollOutcome(feed_id, "ok", message, new_ids)


def _create_articles(feed: Feed, parsed: ParsedFeed) -> list[int]:
    urls = [entry.url for entry in parsed.entries]
    known = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    new_ids = []
    for entry in parsed.entries:
        if entry.url in known:
            continue
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    url=entry.url,
                    title=entry.title,
                    published_at=entry.published,
                    feed=feed,
                    kind=feed.article_kind,
                    fetch_status=FetchStatus.PENDING,
                )
        except IntegrityError:
            continue  # another feed listed the same story a moment ago
        new_ids.append(article.pk)
    return new_ids


def claim_due_feeds(now: dt.datetime | None = None) -> list[int]:
    """Feeds due for a poll, each claimed with a conditional UPDATE so that one tick polls it once."""
    now = now or timezone.now()
    claimed = []
    for feed_id in (
        Feed.objects.due(now).order_by("next_poll_at").values_list("id", flat=True)[:REQUEUE_BATCH]
    ):
        if Feed.objects.due(now).filter(pk=feed_id).update(next_poll_at=now + FEED_LEASE):
            claimed.append(feed_id)
    return claimed


def requeue_stale_articles(now: dt.datetime | None = None) -> tuple[list[int], list[int]]:
    """Articles whose task was lost: (ids to fetch again, ids to analyse again)."""
    now = now or timezone.now()
    stale = Article.objects.filter(updated_at__lt=now - STALE_AFTER)
    result = []
    for status in (FetchStatus.PENDING, FetchStatus.FETCHED):
        ids = list(
            stale.filter(fetch_status=status).order_by("id").values_list("id", flat=True)[:REQUEUE_BATCH]
        )
        # Touch them so that the next tick does not queue them again while they wait.
        Article.objects.filter(pk__in=ids, fetch_status=status).update(updated_at=now)
        result.append(ids)
    return result[0], result[1]


# --- Articles ----------------------------------------------------------------------------------


def fetch_article(article_id: int, *, final_attempt: bool = True) -> str | None:
    """Fetch and extract a pending article. Returns its status afterwards (None if it is gone).

    A network failure is raised for the caller to retry unless this is the final attempt; any other
    failure is recorded on the article with its reason.
    """
    article = Article.objects.filter(pk=article_id).only("id", "url", "fetch_status").first()
    if article is None:
        return None
    if article.fetch_status != FetchStatus.PENDING:
        return article.fetch_status
    try:
        result = http.fetch(article.url, accept=http.PAGE_TYPES)
        if result.is_html:
            extracted = extract_article(result.content, url=result.url)
        else:
            extracted = plain_text_document(result.text())
    except http.NetworkError as error:
        if not final_attempt:
            raise
        mark_failed(article_id, f"{error} Gave up after several attempts.")
    except (http.FetchError, ExtractionError) as error:
        mark_failed(article_id, str(error))
    else:
        store_text(article_id, extracted)
    return Article.objects.filter(pk=article_id).values_list("fetch_status", flat=True).first()


def _serialise_analysis_writes() -> None:
    # SQLite transactions here are IMMEDIATE and already one at a time; PostgreSQL needs a lock so that
    # two workers analysing two copies of one story do not each open a story and a review item.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ANALYSIS_LOCK_KEY])


def analyse_article(article_id: int, *, index=None) -> StoreCounts | None:
    """Find mentions and suggest stances for a fetched (or already analysed) article."""
    from ..analysis import analyse
    from . import alias_index

    readable = [FetchStatus.FETCHED, FetchStatus.ANALYSED]
    article = Article.objects.filter(pk=article_id, fetch_status__in=readable).first()
    if article is None:
        return None
    index = index or alias_index.load()
    published = article.published_at.date() if article.published_at else None
    result = analyse(article.text, index, published=published, title=article.title)
    candidates = find_candidates(article.text, index)
    with transaction.atomic():
        _serialise_analysis_writes()
        article = Article.objects.select_for_update().filter(pk=article_id, fetch_status__in=readable).first()
        if article is None:
            return None
        assign_story(article)
        mentions = store_mentions(article, result.mentions)
        counts = store_suggestions(article, result.stances)
        counts.mentions = mentions
        store_candidates(article, candidates)
        article.fetch_status = FetchStatus.ANALYSED
        article.fetch_error = ""
        article.analysed_at = timezone.now()
        article.save(update_fields=["fetch_status", "fetch_error", "analysed_at", "updated_at"])
    return counts


def ingest_document(url: str, extracted, *, note: str = "", published: dt.datetime | None = None) -> Article:
    """Store a document read outside the fetcher (a file, an offline corpus) as a fetched article.

    Returns the article now holding the text: the existing one when the URL or the text is known.
    """
    article, created = Article.objects.get_or_create(
        url=url, defaults={"fetch_status": FetchStatus.PENDING, "note": note, "published_at": published}
    )
    if not created and article.fetch_status != FetchStatus.PENDING:
        return article
    stored = store_text(article.pk, extracted)
    if stored is not None:
        return stored
    article.refresh_from_db()
    return article
