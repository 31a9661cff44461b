"""The position queries behind the charts: positions at many dates in one query, current position
vectors, the members of an actor set, and a framework's related summits.

Positions as of a date always come from StanceQuerySet.as_of, the product's one rule. Charts that
need the state of the world at many dates (the map's frames, support over time) ask it once per
date and send all dates in one UNION ALL query, so a chart costs one query however long its history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import DateField, Q, Value

from .. import caching
from ..models import Membership, Stance, Summit

# Animation frames and time points: monthly, thinned out so one chart never asks for more dates.
MAX_TIME_POINTS = 48

ACTOR_SETS = {"G20": "G20", "APEC": "APEC", "EU": "EU members", "all": "All actors with a position"}


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def time_points(start: dt.date, end: dt.date, limit: int = MAX_TIME_POINTS) -> list[dt.date]:
    """Month ends from start's month to end's, thinned to at most `limit`; always ending on `end`."""
    if start > end:
        start = end
    points = [start]
    day = month_end(start)
    while day < end:
        if day != start:
            points.append(day)
        day = month_end(day + dt.timedelta(days=1))
    if len(points) >= limit:
        step = -(-len(points) // (limit - 1))
        # Keep the latest points, so the thinning never hides a recent change.
        points = points[::-1][::step][::-1]
    points.append(end)
    return points


def first_dated(framework) -> dt.date | None:
    """The date of the first dated published stance on a framework: where its timelines start.
    (Cached: the map and the support chart of one page both start there.)"""
    return caching.cached(
        "first-dated",
        framework.pk,
        subjects=[caching.subject("framework", framework.slug)],
        build=lambda: (
            Stance.objects.published()
            .filter(framework=framework, date__isnull=False)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        ),
    )


def positions_at(dates: list[dt.date], fields=("actor_id", "framework_id", "position"), **restrictions):
    """{date: [row, ...]}: StanceQuerySet.as_of for each date (with its actors=/frameworks=
    restrictions), in one UNION ALL query."""
    parts = [
        Stance.objects.as_of(day, **restrictions)
        .order_by()
        .annotate(at=Value(day, output_field=DateField()))
        .values_list("at", *fields)
        for day in dates
    ]
    result = {day: [] for day in dates}
    if not parts:
        return result
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for at, *row in query:
        if isinstance(at, str):  # SQLite hands back a Value() date as text
            at = dt.date.fromisoformat(at)
        result[at].append(tuple(row))
    return result


def fetch_rows(queryset) -> list[tuple]:
    """A values_list queryset's rows as the database driver returns them, without Django's per-row
    iteration: for tens of thousands of ids and plain text, which need no conversion."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. actor_id__in=[]: Django would not ask the database either
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def current_vectors(day: dt.date, actor_ids=None) -> dict[int, dict[int, str]]:
    """{actor_id: {framework_id: position}} as of the day: one query."""
    vectors: dict[int, dict[int, str]] = defaultdict(dict)
    stances = Stance.objects.as_of(day, actors=actor_ids).values_list("actor_id", "framework_id", "position")
    for actor_id, framework_id, position in fetch_rows(stances):
        vectors[actor_id][framework_id] = position
    return dict(vectors)


def actor_set_ids(name: str, day: dt.date) -> list[int] | None:
    """Members of the named organisation on the day, or None for "all". (Cached: the matrix and the
    alignment chart of the home page ask for the same set.)"""
    if name == "all":
        return None
    return caching.cached(
        "actor-set",
        name,
        day,
        build=lambda: list(
            Membership.objects.active_on(day)
            .filter(organisation__code=name)
            .values_list("member_id", flat=True)
        ),
    )


def related_summits(framework, as_of) -> list:
    """Summits that launched the framework or where a position on it was stated, as the day's view
    shows summits (AsOf.summits)."""
    # Each link in a subquery of its own: ORing two joins (one of them onto every stance)
    # and removing the duplicates was the slowest part of a cold support chart.
    summits = Summit.objects.filter(
        Q(pk__in=Summit.outcomes.through.objects.filter(framework=framework).values("summit_id"))
        | Q(pk__in=Stance.objects.filter(framework=framework, summit__isnull=False).values("summit_id"))
    )
    # Cached: the page lists them and the support chart marks them.
    return caching.cached(
        "related-summits",
        framework.pk,
        as_of.key,
        build=lambda: list(as_of.summits(summits).order_by("start_date")),
        subjects=[caching.subject("framework", framework.slug)],
    )
