"""Python side of the fault drills (benchmarks/drills/*.sh): set up, queue, watch and verify.

Run with the drill's own DATABASE_URL and REDIS_URL in the environment, e.g.
    .venv/bin/python benchmarks/drills/drill_helpers.py worker-setup 500
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from initiatives.choices import FetchStatus  # noqa: E402
from initiatives.models import Actor, Article, Feed, Framework, Mention, Stance  # noqa: E402

DRILL_PREFIX = "https://drill.invalid/worker/"


def worker_setup(n: int) -> None:
    """A fresh schema with the starter data and n fetched articles waiting for analysis."""
    call_command("migrate", verbosity=0)
    call_command("load_starter_data", verbosity=0)
    Stance.objects.filter(source__url__startswith=DRILL_PREFIX).delete()
    Mention.objects.filter(article__url__startswith=DRILL_PREFIX).delete()
    Article.objects.filter(url__startswith=DRILL_PREFIX).delete()
    countries = list(Actor.objects.countries().order_by("code")[:40])
    frameworks = list(Framework.objects.order_by("slug"))
    published = timezone.now() - dt.timedelta(days=3)
    Article.objects.bulk_create(
        Article(
            url=f"{DRILL_PREFIX}{i}",
            title=f"Drill report {i}",
            published_at=published,
            text=(
                f"{countries[i % len(countries)].name} signed the {frameworks[i % len(frameworks)].name} "
                f"on Monday, its foreign ministry said. {countries[(i + 7) % len(countries)].name} declined "
                f"to sign the {frameworks[i % len(frameworks)].name}. Report number {i} of the worker drill."
            ),
            fetch_status=FetchStatus.FETCHED,
        )
        for i in range(n)
    )
    print(f"{n} fetched articles ready")


def drill_articles():
    return Article.objects.filter(url__startswith=DRILL_PREFIX)


def worker_queue() -> None:
    from initiatives.tasks import analyse_article

    ids = list(drill_articles().order_by("id").values_list("id", flat=True))
    for article_id in ids:
        analyse_article.delay(article_id)
    print(f"queued {len(ids)} analyse_article tasks")


def worker_progress() -> None:
    """Articles done with, analysed or failed (a failure is checked by worker-verify)."""
    print(drill_articles().filter(fetch_status__in=[FetchStatus.ANALYSED, FetchStatus.FAILED]).count())


def worker_verify() -> None:
    """Every article analysed, each with one set of mentions and suggestions, as one in-process run gives."""
    from initiatives.ingest import pipeline

    articles = drill_articles()
    total = articles.count()
    analysed = articles.filter(fetch_status=FetchStatus.ANALYSED, analysed_at__isnull=False).count()
    duplicate_mentions = (
        Mention.objects.filter(article__in=articles)
        .values("article_id", "actor_id", "framework_id", "summit_id", "start")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    duplicate_stances = (
        Stance.objects.filter(source__in=articles)
        .values("source_id", "actor_id", "framework_id", "position")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    failures = list(
        articles.filter(fetch_status=FetchStatus.FAILED).values_list("fetch_error", flat=True)[:3]
    )
    mentions = Mention.objects.filter(article__in=articles).count()
    stances = Stance.objects.filter(source__in=articles).count()
    # Analysing again must change nothing: what the worker left is what one analysis gives.
    sample = list(articles.order_by("id").values_list("id", flat=True)[:: max(1, total // 20)])
    try:
        for article_id in sample:
            pipeline.analyse_article(article_id)
    except ImportError as error:  # the analysis is another issue's work; say so instead of a traceback
        print(
            f"FAIL: the analysis cannot run here ({error}); failed articles, e.g.: "
            f"{list(articles.exclude(fetch_error='').values_list('fetch_error', flat=True)[:1])}"
        )
        sys.exit(1)
    unchanged = (
        Mention.objects.filter(article__in=articles).count() == mentions
        and Stance.objects.filter(source__in=articles).count() == stances
    )
    print(
        f"articles {total}, analysed {analysed}, mentions {mentions}, suggestions {stances}, "
        f"duplicate mentions {duplicate_mentions}, duplicate suggestions {duplicate_stances}, "
        f"re-analysis of {len(sample)} unchanged: {unchanged}"
    )
    if failures:
        print(f"failed articles, e.g.: {failures}")
    ok = total > 0 and analysed == total and not duplicate_mentions and not duplicate_stances and unchanged
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def feed_setup(url: str) -> None:
    call_command("migrate", verbosity=0)
    Article.objects.filter(url__contains="/drill-feed/").delete()
    Feed.objects.filter(name="Drill feed").delete()
    feed = Feed.objects.create(url=url, name="Drill feed", poll_interval_minutes=1)
    print(feed.pk)


def feed_poller(feed_id: int, seconds: float) -> None:
    """Beat's part: ask for a poll of the feed every second; a tick that cannot reach the broker is lost."""
    from initiatives.tasks import poll_feed

    sent = lost = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            poll_feed.apply_async((feed_id,), retry=False)
            sent += 1
        except Exception as error:  # the broker is away: exactly what the drill is about
            lost += 1
            print(f"tick lost: {type(error).__name__}", flush=True)
        time.sleep(1)
    print(f"poll ticks sent {sent}, lost {lost}")


def feed_catch_up() -> None:
    """What poll_due_feeds does 30 minutes later: queue again the articles whose tasks the restart lost."""
    from initiatives.ingest import pipeline
    from initiatives.tasks import analyse_article, fetch_article

    later = timezone.now() + pipeline.STALE_AFTER + dt.timedelta(minutes=1)
    fetch_ids, analyse_ids = pipeline.requeue_stale_articles(later)
    for article_id in fetch_ids:
        fetch_article.delay(article_id)
    for article_id in analyse_ids:
        analyse_article.delay(article_id)
    print(f"queued again: {len(fetch_ids)} to fetch, {len(analyse_ids)} to analyse")


def feed_pending() -> None:
    print(Article.objects.filter(url__contains="/drill-feed/", fetch_status=FetchStatus.PENDING).count())


def feed_verify(expected: int) -> None:
    articles = Article.objects.filter(url__contains="/drill-feed/")
    urls = set(articles.values_list("url", flat=True))
    missing = [i for i in range(expected) if not any(u.endswith(f"/drill-feed/{i}") for u in urls)]
    statuses = dict(articles.values_list("fetch_status").annotate(n=Count("id")).order_by())
    unexplained = articles.filter(fetch_status=FetchStatus.FAILED, fetch_error="").count()
    print(
        f"entries served {expected}, articles stored {len(urls)}, missing {len(missing)} {missing[:10]}; "
        f"statuses {statuses}; failed without a reason {unexplained}"
    )
    ok = not missing and not statuses.get(FetchStatus.PENDING) and not unexplained
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    handlers = {
        "worker-setup": lambda: worker_setup(int(args[0])),
        "worker-queue": worker_queue,
        "worker-progress": worker_progress,
        "worker-verify": worker_verify,
        "feed-setup": lambda: feed_setup(args[0]),
        "feed-poller": lambda: feed_poller(int(args[0]), float(args[1])),
        "feed-catch-up": feed_catch_up,
        "feed-pending": feed_pending,
        "feed-verify": lambda: feed_verify(int(args[0])),
    }
    handlers[command]()
