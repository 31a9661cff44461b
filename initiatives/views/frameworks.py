"""Frameworks: the filtered list and each framework's page (status, who stands where, map, sources)."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from .. import charts
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
from ..partial_dates import display_partial_date
from .common import day_range, end_of, page_as_of, paginate

RECENT_ARTICLES = 10
HISTORY_ROWS = 200


@reports_filter_errors("html")
def framework_list(request):
    as_of = page_as_of(request)
    frameworks, filterset = apply_filters(
        FrameworkFilter, request.GET, Framework.objects.select_related("proposed_by").order_by("name")
    )
    page = paginate(request, frameworks)
    ids = [f.pk for f in page]
    tallies: dict[int, dict] = defaultdict(lambda: {"for": 0, "neutral": 0, "against": 0})
    current = Stance.objects.filter(framework_id__in=ids).current(as_of)
    for framework_id, position in current.values_list("framework_id", "position"):
        direction = {1: "for", 0: "neutral", -1: "against"}[POSITION_DIRECTION[Position(position)]]
        tallies[framework_id][direction] += 1
    rows = [
        # current_status: treaties with an entry-into-force rule compute theirs from ratifications.
        {"framework": f, "status": f.current_status_display(as_of), "tally": tallies[f.pk]}
        for f in page
    ]
    context = {
        "as_of": as_of,
        "page": page,
        "rows": rows,
        "filterset": filterset,
        "params": request.GET,
        "kinds": FrameworkKind.choices,
        "statuses": FrameworkStatus.choices,
        "scopes": FrameworkScope.choices,
    }
    return render(request, "initiatives/framework_list.html", context)


def _status_timeline(framework: Framework, as_of):
    """The dated steps of a framework's life up to as_of, each at its known precision."""
    end = end_of(as_of)
    steps = []
    if framework.date_proposed:
        steps.append((framework.date_proposed, framework.date_proposed_display, "Proposed"))
    if framework.date_opened_for_signature:
        day = framework.date_opened_for_signature
        steps.append((day, display_partial_date(day, "day"), "Opened for signature"))
    if framework.date_adopted:
        steps.append((framework.date_adopted, framework.date_adopted_display, "Adopted"))
    if framework.has_entry_into_force_rule:
        in_force = framework.computed_entry_into_force(as_of)
        if in_force:
            steps.append(
                (in_force, display_partial_date(in_force, "day"), "In force (computed from ratifications)")
            )
    elif framework.date_in_force:
        steps.append(
            (
                framework.date_in_force,
                display_partial_date(framework.date_in_force, framework.date_in_force_precision),
                "In force",
            )
        )
    return [{"display": display, "label": label} for day, display, label in sorted(steps) if day <= end]


@reports_filter_errors("html")
def framework_detail(request, slug):
    as_of = page_as_of(request)
    framework = get_object_or_404(
        Framework.objects.select_related("proposed_by", "parent", "eif_members_of"), slug=slug
    )
    end = end_of(as_of)
    articles = list(
        Article.objects.recent_about(day_range(end, end)[1], RECENT_ARTICLES, framework=framework)
    )
    context = {
        "as_of": as_of,
        "framework": framework,
        "status": framework.current_status_display(as_of),
        "timeline": _status_timeline(framework, as_of),
        "co_proposers": list(framework.co_proposers.all()),
        "children": list(framework.children.order_by("name")),
        # Hundreds of rows of positions and history: rendered once into the page cache (keyed on the
        # charts' data version, which every stance, framework and cited source's change bumps) and
        # read from the database only when that fragment is drawn anew.
        "positions": SimpleLazyObject(lambda: _positions(framework, as_of)),
        "chart_version": charts.version(),
        "chart_seconds": charts.CACHE_SECONDS,
        "summits": charts.related_summits(framework),
        "articles": articles,
        "charts": [charts.world_map(framework, as_of), charts.support_over_time(framework, as_of)],
        "news": charts.news_volume(as_of, framework=framework),
    }
    return render(request, "initiatives/framework_detail.html", context)


def _positions(framework, as_of) -> dict:
    """Who stands where as of the date, by position (organisations first), and the full record."""
    current = list(
        Stance.objects.as_of(as_of)
        .filter(framework=framework)
        .select_related("actor", "source", "summit")
        .order_by("actor__name")
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
        Stance.objects.history_until(as_of)
        .filter(framework=framework)
        .select_related("actor", "source")
        .order_by("-date", "-id")[:HISTORY_ROWS]
    )
    return {
        "groups": groups,
        "count": len(current),
        "history": history,
        "history_truncated": len(history) == HISTORY_ROWS,
    }
