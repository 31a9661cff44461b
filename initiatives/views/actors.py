"""Actors: the filtered list and each country's or organisation's profile.

A bloc's page keeps the bloc's own positions apart from its members': the EU signing a treaty is
the EU's act, so members are listed with their own recorded positions (or none), never as signers.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from .. import charts
from ..choices import POSITION_ORDER, ActorKind
from ..filters import ActorFilter, apply_filters, reports_filter_errors
from ..models import Actor, Article, Membership, Mention, Stance
from .common import day_range, end_of, page_as_of, paginate

RECENT_ARTICLES = 10


@reports_filter_errors("html")
def actor_list(request):
    actors, filterset = apply_filters(ActorFilter, request.GET, Actor.objects.order_by("name"))
    as_of = filterset.as_of
    page = paginate(request, actors)
    ids = [a.pk for a in page]
    tallies: dict[int, Counter] = defaultdict(Counter)
    for actor_id, position, n in (
        Stance.objects.as_of(as_of)
        .filter(actor_id__in=ids)
        .values_list("actor_id", "position")
        .annotate(n=Count("id"))
        .order_by()
    ):
        tallies[actor_id][position] += n
    rows = [
        {
            "actor": a,
            "total": sum(tallies[a.pk].values()),
            "positions": [(p, tallies[a.pk][p.value]) for p in POSITION_ORDER if tallies[a.pk][p.value]],
        }
        for a in page
    ]
    regions = sorted(set(Actor.objects.exclude(region="").values_list("region", flat=True)))
    organisations = list(
        Actor.objects.organisations().filter(memberships__isnull=False).distinct().order_by("code")
    )
    context = {
        "as_of": as_of,
        "page": page,
        "rows": rows,
        "params": request.GET,
        "kinds": ActorKind.choices,
        "regions": regions,
        "organisations": organisations,
    }
    return render(request, "initiatives/actor_list.html", context)


@reports_filter_errors("html")
def actor_detail(request, code):
    as_of = page_as_of(request)
    actor = get_object_or_404(Actor, code__iexact=code)
    end = end_of(as_of)
    affiliations = list(
        Membership.objects.filter(member=actor).select_related("organisation").order_by("organisation__name")
    )
    active_ids = set(Membership.objects.active_on(as_of).filter(member=actor).values_list("pk", flat=True))
    for membership in affiliations:
        membership.active = membership.pk in active_ids
    positions = list(
        Stance.objects.as_of(as_of)
        .filter(actor=actor)
        .select_related("framework", "source", "summit")
        .order_by("framework__name")
    )
    members, member_positions = [], []
    if actor.kind == ActorKind.ORGANISATION:
        members = list(
            Membership.objects.active_on(as_of)
            .filter(organisation=actor)
            .select_related("member")
            .order_by("member__name")
        )
        member_ids = [m.member_id for m in members]
        own = {s.framework_id: s for s in positions}
        by_framework: dict[int, list] = defaultdict(list)
        for stance in (
            Stance.objects.as_of(as_of)
            .filter(actor_id__in=member_ids, framework_id__in=own.keys())
            .select_related("actor")
            .order_by("actor__name")
        ):
            by_framework[stance.framework_id].append(stance)
        for framework_id, bloc_stance in own.items():
            theirs = by_framework[framework_id]
            counts = Counter(s.position for s in theirs)
            member_positions.append(
                {
                    "framework": bloc_stance.framework,
                    "bloc": bloc_stance,
                    "counts": [(p, counts[p.value]) for p in POSITION_ORDER if counts[p.value]],
                    "stances": theirs,
                    "silent": len(member_ids) - len(theirs),
                }
            )
    articles = list(
        Article.objects.filter(pk__in=Mention.objects.filter(actor=actor).values("article_id"))
        .filter(published_at__lt=day_range(end, end)[1])
        .newest_first()[:RECENT_ARTICLES]
    )
    context = {
        "as_of": as_of,
        "actor": actor,
        "affiliations": affiliations,
        "positions": positions,
        "members": members,
        "member_positions": member_positions,
        "closest": charts.closest_actors(actor, as_of),
        "articles": articles,
        "charts": [charts.actor_timeline(actor, as_of)],
        # A bloc's members side by side, each by its own positions only.
        "members_matrix": charts.matrix(as_of, actor_set=actor.code) if members else None,
    }
    return render(request, "initiatives/actor_detail.html", context)
