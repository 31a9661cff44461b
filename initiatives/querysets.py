"""Query logic, chained by views, charts, exports and the API.

The one rule of the product lives here: an actor's position on a framework as of a date is its
latest published stance on or before that date (StanceQuerySet.as_of).
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone

from .choices import ActorKind, FetchStatus, FrameworkScope, MembershipRole, StanceStatus


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

    def open_to(self, actor, day: dt.date):
        """Frameworks whose scope admits `actor` on `day`, known by then (known_on).

        Where a source says who could take part (eligible_members_of, eligible_also): the members of
        that organisation on the day, and those named. Where nobody has said, a global framework is
        open to every country; a regional or national one to no one in particular (the actor's page
        lists it where the actor has a position on it, which shows it was open).
        """
        actor_model = self.model._meta.get_field("eligible_members_of").related_model
        memberships = actor_model._meta.get_field("affiliations").related_model.objects
        organisations = (
            memberships.active_on(day)
            .filter(member=actor, role=MembershipRole.MEMBER)
            .values("organisation_id")
        )
        named = self.model.eligible_also.through.objects.filter(actor=actor).values("framework_id")
        admitted = Q(eligible_members_of__in=organisations) | Q(pk__in=named)
        if actor.kind == ActorKind.COUNTRY:
            admitted |= Q(eligible_members_of__isnull=True, scope=FrameworkScope.GLOBAL)
        return self.known_on(day).filter(admitted)


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

    def as_of(self, day: dt.date | None = None, *, actors=None, frameworks=None):
        """Each actor's position on each framework as of `day` (None: today): the product's one rule.

        The latest published stance dated on or before the day wins; ties on the same date go to
        the later record. A stance of unknown date counts as the earliest: it stays in every
        dated view (shown as "date unknown") until a dated stance follows it.

        `actors` and `frameworks` (ids, instances or querysets) restrict which pairs are read;
        give them rather than filtering the pairs afterwards, so the database reads only those.
        Any other filter, before or after, narrows the rows returned, never which row is latest.
        The result is an ordinary queryset: filter, order, count or join it further.
        """
        day = day or timezone.localdate()

        def restrict(queryset):
            queryset = queryset.filter(status=StanceStatus.PUBLISHED).filter(_on_or_before(day))
            if actors is not None:
                queryset = queryset.filter(actor__in=actors)
            if frameworks is not None:
                queryset = queryset.filter(framework__in=frameworks)
            return queryset

        candidates = restrict(self.model.objects.all())
        if connections[self.db].features.can_distinct_on_fields:
            # PostgreSQL: one DISTINCT ON over the candidates (latest date first, undated last,
            # later record first) instead of a correlated subquery per stance: about 3x faster
            # over thousands of positions, and no JIT compilation on the subqueries' estimate.
            latest = (
                candidates.order_by("actor_id", "framework_id", F("date").desc(nulls_last=True), "-id")
                .distinct("actor_id", "framework_id")
                .values("id")
            )
            return self.filter(pk__in=latest)
        latest = (
            candidates.filter(actor=OuterRef("actor"), framework=OuterRef("framework"))
            .order_by(F("date").desc(nulls_last=True), "-id")
            .values("id")[:1]
        )
        return restrict(self).filter(pk=Subquery(latest))

    def history_until(self, day: dt.date | None = None):
        """Every published stance dated on or before a day (None: today), and the undated ones: the
        raw material of timelines and full records."""
        return self.published().filter(_on_or_before(day or timezone.localdate()))

    def with_previous_position(self):
        """Annotate `previous_position`: the position of the same actor's published stance on the same
        framework just before this one, in the order of as_of (undated first, then by date, then
        by record), or '' for its first.
        """
        pair = self.model.objects.filter(
            status=StanceStatus.PUBLISHED, actor=OuterRef("actor"), framework=OuterRef("framework")
        )
        undated_before = pair.filter(date__isnull=True, id__lt=OuterRef("id")).order_by("-id")
        dated_before = pair.filter(
            Q(date__lt=OuterRef("date"))
            | Q(date=OuterRef("date"), id__lt=OuterRef("id"))
            | Q(date__isnull=True)
        ).order_by(F("date").desc(nulls_last=True), "-id")
        return self.annotate(
            previous_position=Case(
                When(date__isnull=True, then=Subquery(undated_before.values("position")[:1])),
                default=Subquery(dated_before.values("position")[:1]),
            )
        )

    def position_changes(self):
        """Published stances that change their actor's position on their framework, or are its first:
        "France signs", then "France ratifies", not a second source repeating that France signs.
        Each carries `previous_position` (with_previous_position: NULL for a first position), so a row
        reads was -> now; the same reading as the Atom feed of changes (syndication.position_changes).
        """
        return (
            self.published()
            .with_previous_position()
            .annotate(previous_or_none=Coalesce("previous_position", Value("")))
            .exclude(previous_or_none=F("position"))
        )

    def changed_between(self, start: dt.date, end: dt.date):
        """position_changes() dated from `start` to `end`, both included. A stance of unknown date
        cannot be placed in a range: it is never among them (count them with undated_changes())."""
        return self._changes().filter(date__gte=start, date__lte=end)

    def undated_changes(self):
        """position_changes() of unknown date: what a range of dates leaves out."""
        return self._changes().filter(date__isnull=True)

    def _changes(self):
        """position_changes() for a range of the whole record: which stances change their position is
        read in one pass of LAG over every published stance (the correlated reading of the previous
        position, per stance, took 2 s for every change at 100,000 stances); previous_position is then
        read only for the rows shown."""
        return self.published().filter(id__in=_changing_stance_ids(self.model)).with_previous_position()


def _changing_stance_ids(model) -> RawSQL:
    """The ids of the published stances whose position differs from the one before it on the same pair
    (or that are its first), in as_of's order: undated first, then by date, then by record."""
    table = connections[model.objects.db].ops.quote_name(model._meta.db_table)
    return RawSQL(
        "SELECT id FROM (SELECT id, position, LAG(position) OVER (PARTITION BY actor_id, framework_id"
        " ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, id) AS was"
        f" FROM {table} WHERE status = %s) AS ordered WHERE was IS NULL OR was <> position",
        [StanceStatus.PUBLISHED],
    )


def _on_or_before(day: dt.date) -> Q:
    return Q(date__lte=day) | Q(date__isnull=True)


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
        # Models of the rows that point at articles (the models import this module, not the other way).
        mentions = self.model._meta.get_field("mentions").related_model.objects.filter(**subject)
        stances = self.model._meta.get_field("stances").related_model.objects
        # Newest first on the subject's index, ties broken as newest_first() breaks them.
        dated = mentions.filter(published_at__lt=moment).order_by("-published_at", "-article_id")
        # Undated articles are reference pages, few per subject: read with the published stances'
        # sources in one query (suggestions' sources are articles that mention it anyway).
        undated = mentions.filter(published_at__isnull=True).order_by().values_list("article_id", flat=True)
        sources = stances.published().filter(**subject).order_by().values_list("source_id", flat=True)
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
        stances = self.model._meta.get_field("stances").related_model.objects  # no import: models import this
        # EXISTS on the stance's source index, asked only of failed articles; an IN list would read
        # every published stance on each listing.
        cited = Exists(stances.published().filter(source_id=OuterRef("pk")))
        return self.filter(~Q(fetch_status=FetchStatus.FAILED) | cited)


class VoteQuerySet(models.QuerySet):
    def with_recorded_counts(self):
        """Annotate recorded_for, recorded_against and recorded_abstain: the ballots recorded per side."""
        return self.annotate(
            recorded_for=models.Count("ballots", filter=Q(ballots__act="voted_for")),
            recorded_against=models.Count("ballots", filter=Q(ballots__act="voted_against")),
            recorded_abstain=models.Count("ballots", filter=Q(ballots__act="abstained")),
        )


class PublisherQuerySet(models.QuerySet):
    def for_domains(self, domains) -> dict:
        """{domain: publisher} for each domain, a subdomain (news.cgtn.com) taking its parent's record."""
        candidates = {domain: _parents(domain) for domain in domains if domain}
        found = {
            p.domain: p for p in self.filter(domain__in={d for names in candidates.values() for d in names})
        }
        return {
            domain: next((found[name] for name in names if name in found), None)
            for domain, names in candidates.items()
        }


def _parents(domain: str) -> list[str]:
    """news.cgtn.com -> [news.cgtn.com, cgtn.com] (never a bare top-level domain)."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


class FeedQuerySet(models.QuerySet):
    def due(self, now: dt.datetime | None = None):
        """Active feeds whose next poll time has come (or that were never polled)."""
        now = now or timezone.now()
        return self.filter(is_active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
