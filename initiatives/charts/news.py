"""News volume: mentions per framework per week in analysed articles."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, DateField
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..as_of import AsOf, start_of_day
from ..models import Framework, Mention
from .figures import QUALITATIVE, Chart, base_layout, build_figure, trace


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekly(mentions) -> list:
    # Weeks as dates (not aware datetimes made one by one in Python) and frameworks by id, their
    # names read once afterwards: the rows are one per framework and week, thousands of them.
    return list(
        mentions.annotate(week=TruncWeek("published_at", output_field=DateField()))
        .values_list("week", "framework_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def news_volume(as_of: AsOf, *, weeks: int = 26, top: int = 6, framework: Framework | None = None) -> Chart:
    end = as_of.day
    first_week = week_start(end) - dt.timedelta(weeks=weeks - 1)
    start, stop = start_of_day(first_week), as_of.moment
    known = Mention.objects.filter(framework__isnull=False, published_at__lt=stop)
    if framework is not None:
        known = known.filter(framework=framework)
    rows = _weekly(known.filter(published_at__gte=start))
    latest = None
    if not rows:
        # Nothing in the weeks before the day (a fresh install's starter news is older): the weeks up to
        # the latest news before it instead, said so in the caption, rather than a blank chart. Two more
        # queries, only for an empty window.
        latest = known.order_by("-published_at").values_list("published_at", flat=True).first()
        if latest is not None:
            end = timezone.localdate(latest)
            first_week = week_start(end) - dt.timedelta(weeks=weeks - 1)
            rows = _weekly(known.filter(published_at__gte=start_of_day(first_week)))
    frameworks = {
        pk: (slug, short or name)
        for pk, slug, short, name in Framework.objects.filter(pk__in={r[1] for r in rows}).values_list(
            "pk", "slug", "short_name", "name"
        )
    }
    totals = Counter()
    counts = defaultdict(Counter)
    names = {}
    for week, framework_id, n in rows:
        day = week.date() if isinstance(week, dt.datetime) else week
        slug, names[slug] = frameworks[framework_id]
        counts[slug][day] += n
        totals[slug] += n
    # The most mentioned (ties by slug).
    leaders = sorted(totals, key=lambda slug: (-totals[slug], slug))[:top]
    week_days = [first_week + dt.timedelta(weeks=i) for i in range(weeks)]
    traces = [
        trace(
            "scatter",
            x=[d.isoformat() for d in week_days],
            y=[counts[slug][d] for d in week_days],
            name=names[slug],
            mode="lines+markers",
            line={"color": QUALITATIVE[i % len(QUALITATIVE)], "width": 2},
            marker={"size": 5},
            hovertemplate=f"{names[slug]}: %{{y}} mentions in the week of %{{x|%-d %b %Y}}<extra></extra>",
        )
        for i, slug in enumerate(leaders)
    ]
    title = (
        "News volume: mentions per framework per week" if framework is None else f"News volume: {framework}"
    )
    layout = base_layout(
        title,
        height=360,
        xaxis={"title": {"text": "Week starting"}, "type": "date", "showgrid": False},
        yaxis={"title": {"text": "Mentions"}, "rangemode": "tozero", "gridcolor": "#eaeef2"},
        legend={"orientation": "h", "y": -0.3, "title": {"text": "Framework"}},
        margin={"l": 60, "r": 20, "t": 50, "b": 100},
    )
    figure = build_figure(traces, layout)
    return Chart(
        id="news-volume" if framework is None else f"news-{framework.slug}",
        title=title,
        figure=figure,
        caption=f"Mentions in analysed articles, per week, for the {weeks} weeks up to {end:%-d %b %Y}"
        + (f", the latest news before {as_of.day:%-d %b %Y}" if latest is not None else "")
        + ("; the most mentioned frameworks." if framework is None else "."),
        headers=["Week starting", *[names[slug] for slug in leaders]],
        rows=[
            [d.isoformat(), *[str(counts[slug][d]) for slug in leaders]]
            for d in week_days
            if any(counts[s][d] for s in leaders)
        ],
        empty=not leaders,
    )
