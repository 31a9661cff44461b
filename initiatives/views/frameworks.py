"""Frameworks: the filtered list and each framework's page (status, who stands where, map, sources)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from .. import caching, charts
from ..choices import (
    POSITION_DIRECTION,
    POSITION_ORDER,
    ActorKind,
    FrameworkKind,
    FrameworkScope,
    FrameworkStatus,
    Position,
)
from ..filters import FrameworkFilter, apply_filters, reports_filter_errors
from ..models import Article, Framework, Stance
from .common import cached_chart, page_as_of, paginate

RECENT_ARTICLES = 10
HISTORY_ROWS = 200


@reports_filter_errors("html", takes=("page",), filterset=FrameworkFilter)
def framework_list(request):
    as_of = page_as_of(request)
    frameworks, filterset = apply_filters(
        FrameworkFilter, request.GET, Framework.objects.select_related("proposed_by").order_by("name")
    )
    page = paginate(request, frameworks)
    ids = [f.pk for f in page]
    tallies: dict[int, dict] = defaultdict(lambda: {"for": 0, "neutral": 0, "against": 0})
    current = Stance.objects.as_of(as_of.day, frameworks=ids)
    for framework_id, position in current.values_list("framework_id", "position"):
        direction = {1: "for", 0: "neutral", -1: "against"}[POSITION_DIRECTION[Position(position)]]
        tallies[framework_id][direction] += 1
    rows = [
        # current_status: treaties with an entry-into-force rule compute theirs from ratifications.
        {"framework": f, "status": f.status_label_on(as_of.day), "tally": tallies[f.pk]}
        for f in page
    ]
    context = {
        "as_of": as_of.date,
        "page": page,
        "rows": rows,
        "filterset": filterset,
        "params": request.GET,
        "kinds": FrameworkKind.choices,
        "statuses": FrameworkStatus.choices,
        "scopes": FrameworkScope.choices,
    }
    return render(request, "initiatives/framework_list.html", context)


@reports_filter_errors("html", takes=("as_of",))
def framework_detail(request, slug):
    as_of = page_as_of(request)
    framework = get_object_or_404(
        Framework.objects.select_related("proposed_by", "parent", "eif_members_of"), slug=slug
    )
    articles = list(Article.objects.recent_about(as_of.moment, RECENT_ARTICLES, framework=framework))
    context = {
        "as_of": as_of.date,
        "framework": framework,
        "status": as_of.status_label(framework),
        "status_note": framework.status_note if as_of.shows_note(framework.status_note_date) else "",
        "timeline": framework.status_steps(as_of.day),
        "co_proposers": list(framework.co_proposers.all()),
        "children": list(framework.children.order_by("name")),
        # Hundreds of rows of positions and history: rendered once into a cached fragment (keyed on
        # the data version, which every stance, framework and cited source's change bumps) and read
        # from the database only when that fragment is drawn anew.
        "positions": SimpleLazyObject(lambda: _positions(framework, as_of)),
        "as_of_key": as_of.key,
        "summits": charts.related_summits(framework, as_of),
        "articles": articles,
        "charts": [
            cached_chart("map", as_of, framework.pk, build=lambda: charts.world_map(framework, as_of)),
            cached_chart("support", as_of, framework.pk, build=lambda: charts.support_over_time(framework, as_of)),
        ],
        "news": cached_chart(
            "news", as_of, 26, framework.pk,
            build=lambda: charts.news_volume(as_of, framework=framework),
            seconds=caching.NEWS_SECONDS,
        ),
    }
    return render(request, "initiatives/framework_detail.html", context)


def _positions(framework, as_of) -> dict:
    """Who stands where as of the date, by position (organisations first), and the full record."""
    current = list(
        as_of.stances(frameworks=[framework]).select_related("actor", "source", "summit").order_by("actor__name")
    )
    groups = []
    for position in POSITION_ORDER:
        held = [s for s in current if s.position == position]
        if held:
            groups.append(
                {
                    "position": position,
                    "count": len(held),
                    "countries": [s for s in held if s.actor.kind == ActorKind.COUNTRY],
                    "others": [s for s in held if s.actor.kind != ActorKind.COUNTRY],
                }
            )
    history = list(
        as_of.history(Stance.objects.filter(framework=framework))
        .select_related("actor", "source")
        .order_by(F("date").desc(nulls_last=True), "-id")[:HISTORY_ROWS]
    )
    return {
        "groups": groups,
        "count": len(current),
        "undated": sum(1 for s in current if s.date is None),
        "history": history,
        "history_truncated": len(history) == HISTORY_ROWS,
    }
