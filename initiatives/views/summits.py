"""Summits: the filtered list and each summit's page (participants, outcomes, stances stated there)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ..choices import SummitSeries
from ..filters import SummitFilter, apply_filters, reports_filter_errors
from ..models import Article, Summit
from .common import page_as_of, paginate, source_records

RECENT_ARTICLES = 10


@reports_filter_errors("html", takes=("page",), filterset=SummitFilter)
def summit_list(request):
    as_of = page_as_of(request)
    summits, _filterset = apply_filters(
        SummitFilter,
        request.GET,
        Summit.objects.select_related("host", "organiser").annotate(
            participant_count=Count("participants", distinct=True),
            outcome_count=Count("outcomes", distinct=True),
        ),
    )
    page = paginate(request, summits.order_by("-start_date", "name"))
    context = {
        "as_of": as_of.date,
        "page": page,
        "params": request.GET,
        "series": SummitSeries.choices,
    }
    return render(request, "initiatives/summit_list.html", context)


@reports_filter_errors("html", takes=("as_of",))
def summit_detail(request, slug):
    as_of = page_as_of(request)
    summit = get_object_or_404(Summit.objects.select_related("host", "organiser", "chair"), slug=slug)
    stances = (
        as_of.history(summit.stances.all())
        .select_related("actor", "framework", "source", "source__outlet")
        .order_by("framework__name", "actor__name")
    )
    context = {
        "as_of": as_of.date,
        "summit": summit,
        "participants": summit.attendees(),
        "sources": source_records(summit.source_urls),
        "co_hosts": list(summit.co_hosts.order_by("name")),
        "outcomes": list(summit.outcomes.order_by("name")),
        "stances": list(stances),
        "articles": list(Article.objects.recent_about(as_of.moment, RECENT_ARTICLES, summit=summit)),
    }
    return render(request, "initiatives/summit_detail.html", context)
