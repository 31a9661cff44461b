"""Celery tasks for news ingestion: poll feeds, fetch articles, analyse them.

Tasks take ids, never objects, and return quietly when the row is gone. acks_late with
reject_on_worker_lost (settings) means a task whose worker dies is delivered again; every task is
idempotent, so a second delivery does no harm. Messages that were lost outright (a broker restart)
are covered by poll_due_feeds, which queues again any article left pending or fetched for too long.
Only network errors are retried; bad content is recorded on the row, since retrying cannot fix it.
"""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone

from .choices import FetchStatus
from .ingest import pipeline
from .ingest.articles import mark_failed
from .ingest.http import NetworkError

logger = logging.getLogger(__name__)

FETCH_RETRIES = 3


def _retry_delay(retries: int) -> int:
    # 1, 2, 4 minutes, with jitter so that a burst of failures from one outage does not return at once.
    return 60 * 2**retries + random.randint(0, 30)


def _after_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def poll_due_feeds() -> dict:
    """Beat's tick: poll every feed that is due, and queue again articles whose task was lost."""
    now = timezone.now()
    feed_ids = pipeline.claim_due_feeds(now)
    for feed_id in feed_ids:
        _after_commit(poll_feed, feed_id)
    fetch_ids, analyse_ids = pipeline.requeue_stale_articles(now)
    for article_id in fetch_ids:
        _after_commit(fetch_article, article_id)
    for article_id in analyse_ids:
        _after_commit(analyse_article, article_id)
    return {"feeds": len(feed_ids), "refetch": len(fetch_ids), "reanalyse": len(analyse_ids)}


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def poll_feed(feed_id: int) -> str | None:
    # No task-level retry: a failing feed is retried by its own back-off (next_poll_at).
    outcome = pipeline.poll_feed(feed_id)
    if outcome is None:
        return None
    for article_id in outcome.new_article_ids:
        _after_commit(fetch_article, article_id)
    return str(outcome)


@shared_task(bind=True, acks_late=True, max_retries=FETCH_RETRIES, soft_time_limit=90, time_limit=120)
def fetch_article(self, article_id: int) -> str | None:
    try:
        status = pipeline.fetch_article(article_id, final_attempt=self.request.retries >= self.max_retries)
    except NetworkError as error:
        raise self.retry(exc=error, countdown=_retry_delay(self.request.retries)) from error
    except SoftTimeLimitExceeded:
        mark_failed(article_id, "Fetching and reading the page took longer than 90 seconds.")
        return FetchStatus.FAILED
    if status == FetchStatus.FETCHED:
        _after_commit(analyse_article, article_id)
    return status


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def analyse_article(article_id: int) -> str | None:
    try:
        counts = pipeline.analyse_article(article_id)
    except SoftTimeLimitExceeded:
        mark_failed(
            article_id, "The analysis took longer than 120 seconds.", only_from=(FetchStatus.FETCHED,)
        )
        return None
    except Exception as error:
        # A bug, not bad input; recorded so that the article is not retried every tick, and re-raised for the log.
        mark_failed(article_id, f"The analysis failed: {error!r}", only_from=(FetchStatus.FETCHED,))
        raise
    return None if counts is None else str(counts)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def render_pages(paths: list[str]) -> dict[str, int]:
    """Render pages ahead for anonymous readers after a publish (initiatives.page_cache)."""
    from . import page_cache  # noqa: PLC0415

    return page_cache.render(paths)
