"""Query logic, chained by views, charts, exports and the API.

The one rule of the product lives here: an actor's position on a framework as of a date is its
latest published stance on or before that date (StanceQuerySet.as_of).
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone

from .choices import ActorKind, FetchStatus, StanceStatus


class ActorQuerySet(models.QuerySet):
    def countries(self):
        return self.filter(kind=ActorKind.COUNTRY)

    def organisations(self):
        return self.filter(kind=ActorKind.ORGANISATION)

    def search(self, text: str):
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(code__iexact=text) | Q(aliases__text__icontains=text)
        ).distinct()


class MembershipQuerySet(models.QuerySet):
    def active_on(self, date: dt.date | None = None):
        """Memberships in force on a date (today if None). Undated starts count as long-standing."""
        date = date or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=date)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=date)
        )


class FrameworkQuerySet(models.QuerySet):
    def search(self, text: str):
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(short_name__icontains=text)
            | Q(slug__icontains=text)
            | Q(aliases__text__icontains=text)
            | Q(summary__icontains=text)
        ).distinct()

    def known_on(self, date: dt.date | None):
        """Frameworks that existed (were proposed or adopted) by a date; undated ones are kept."""
        if date is None:
            return self
        return self.filter(
            Q(date_proposed__lte=date)
            | Q(date_adopted__lte=date)
            | Q(date_proposed__isnull=True, date_adopted__isnull=True)
        )


class SummitQuerySet(models.QuerySet):
    def between(self, start: dt.date | None, end: dt.date | None):
        qs = self.exclude(start_date__isnull=True)
        if start:
            qs = qs.filter(start_date__gte=start)
        if end:
            qs = qs.filter(start_date__lte=end)
        return qs


class StanceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=StanceStatus.PUBLISHED)

    def pending(self):
        return self.filter(status=StanceStatus.PENDING)

    def as_of(self, date: dt.date | None = None):
        """Each actor's current position on each framework as of `date` (None: today, all known).

        The latest published stance on or before the date wins; ties on the same date go to the
        later record. An undated stance only counts when no date is asked for, and then only if
        the pair has no dated stance.
        """
        latest = self.model.objects.filter(
            status=StanceStatus.PUBLISHED, actor=OuterRef("actor"), framework=OuterRef("framework")
        )
        if date is not None:
            latest = latest.filter(date__lte=date)
        latest = latest.order_by(F("date").desc(nulls_last=True), "-id").values("id")[:1]
        qs = self.published()
        if date is not None:
            qs = qs.filter(date__lte=date)
        return qs.filter(id=Subquery(latest))

    def current(self, date: dt.date | None = None):
        """The rows of as_of(date), read the way that is cheapest for the database.

        On PostgreSQL the same rule is one DISTINCT ON over the published stances (latest date first,
        undated last, later record first on the same date) instead of a correlated subquery per
        stance: about 3x faster over thousands of positions, and it keeps the planner from compiling
        the query (JIT) on its estimate of those subqueries. Elsewhere (SQLite) it is as_of itself.
        Filter only by actor or framework, before or after calling (on PostgreSQL any other filter
        would apply before DISTINCT ON and pick a different row), and read the result with
        values_list(), not aggregated (count its rows in Python).
        tests/test_charts.py holds the two readings to the same rows.
        """
        if not connections[self.db].features.can_distinct_on_fields:
            return self.as_of(date).order_by()
        qs = self.published()
        if date is not None:
            qs = qs.filter(date__lte=date)
        return qs.order_by("actor_id", "framework_id", F("date").desc(nulls_last=True), "-id").distinct(
            "actor_id", "framework_id"
        )

    def history_until(self, date: dt.date | None = None):
        """Every published stance up to a date: the raw material of timelines."""
        qs = self.published()
        if date is not None:
            qs = qs.filter(date__lte=date)
        return qs


# Newest first, undated last. Sorting on "is it undated?" first, rather than NULLS LAST, gives an
# order that an index on the same three expressions serves on PostgreSQL and SQLite alike.
ARTICLES_NEWEST_FIRST = (
    IsNull(F("published_at"), True).asc(),
    F("published_at").desc(),
    F("id").desc(),
)


def _distinct_articles(mentions, limit: int) -> set[int]:
    """The first `limit` distinct articles of some ordered mentions, read in chunks on their index
    (an article may mention its subject many times; a DISTINCT would read every mention first)."""
    found: set[int] = set()
    chunk, offset = max(limit, 1) * 20, 0
    while len(found) < limit:
        rows = list(mentions.values_list("article_id", flat=True)[offset : offset + chunk])
        for article_id in rows:
            found.add(article_id)
            if len(found) == limit:
                break
        if len(rows) < chunk:
            break
        offset += chunk
    return found


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(*ARTICLES_NEWEST_FIRST)

    def recent_about(self, moment: dt.datetime, limit: int, **subject):
        """The newest `limit` articles known by the moment that mention the subject (actor=, framework=
        or summit=) or are cited as the source of a stance on it (a stance's reference page is about
        its framework even when no mention was found in it), undated ones last.

        Asked as one filter over all articles, the planner walks every article newest first, which
        crawls when the subject was last in the news years ago. Instead the candidates come from the
        subject's own rows: its newest mentions (they carry their article's date, on an index per
        subject), its undated mentions and its stances' sources; one last query orders those.
        """
        from .models import Mention, Stance  # noqa: PLC0415 - the models import this module

        mentions = Mention.objects.filter(**subject)
        # Newest first on the subject's index, ties broken as newest_first() breaks them.
        dated = mentions.filter(published_at__lt=moment).order_by("-published_at", "-article_id")
        # Undated articles are reference pages, few per subject: read with the published stances'
        # sources in one query (suggestions' sources are articles that mention it anyway).
        undated = mentions.filter(published_at__isnull=True).order_by().values_list("article_id", flat=True)
        sources = Stance.objects.published().filter(**subject).order_by().values_list("source_id", flat=True)
        candidates = _distinct_articles(dated, limit) | set(undated.union(sources))
        return self.filter(pk__in=candidates).recent_links(moment, limit)

    def recent_links(self, moment: dt.datetime, limit: int):
        """The newest `limit` articles known by the moment, with only the columns a list of links shows
        (an article's text can be long)."""
        return self.known_by(moment).only("title", "url", "publisher", "published_at").newest_first()[:limit]

    def known_by(self, moment: dt.datetime):
        """Articles published before the moment, and undated ones (reference pages cited by curated
        stances carry no publication date): newest_first() lists those last."""
        return self.filter(Q(published_at__lt=moment) | Q(published_at__isnull=True))

    def published_between(self, start: dt.datetime | None, end: dt.datetime | None):
        qs = self
        if start:
            qs = qs.filter(published_at__gte=start)
        if end:
            qs = qs.filter(published_at__lt=end)
        return qs

    def fetched(self):
        return self.filter(fetch_status__in=[FetchStatus.FETCHED, FetchStatus.ANALYSED])

    def public(self):
        """The articles anyone may see listed (pages, API, CSV): every one but failed fetches (refused
        addresses, internal ones included, unreadable pages, duplicates), which hold no text and whose
        address may be an internal one. A failed one that a published stance cites stays: it is that
        stance's source. Curators see them all in the admin."""
        from .models import Stance  # noqa: PLC0415 - the models import this module

        cited = Stance.objects.published().values("source_id")
        return self.filter(~Q(fetch_status=FetchStatus.FAILED) | Q(pk__in=cited))


class FeedQuerySet(models.QuerySet):
    def due(self, now: dt.datetime | None = None):
        """Active feeds whose next poll time has come (or that were never polled)."""
        now = now or timezone.now()
        return self.filter(is_active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
