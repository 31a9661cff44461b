"""The home page (what changed, what is in the news) and the side-by-side comparison of actors."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import render

from .. import caching, charts
from ..as_of import AsOf, start_of_day
from ..choices import POSITION_ORDER
from ..filters import ActorFilter, FilterError, StrictBooleanField, apply_filters, reports_filter_errors
from ..models import Actor, Article, Framework, Mention, Stance
from .common import cached_chart, codes_from, page_as_of

# Rows read for the "latest changes" table, grouped into at most LATEST_GROUPS lines: a summit
# where forty countries sign one declaration is one line, not forty.
LATEST_CHANGES = 80
LATEST_GROUPS = 12
IN_THE_NEWS = 8
MAX_COMPARED = 30
COMPARE_PRESETS = [
    ("China, the United States and the EU", "CHN,USA,EU"),
    ("The UN Security Council's permanent members", "CHN,FRA,RUS,GBR,USA"),
    ("The G7 and the EU", "CAN,FRA,DEU,ITA,JPN,GBR,USA,EU"),
    ("BRICS founders", "BRA,RUS,IND,CHN,ZAF"),
]


def actor_set_from(request) -> str:
    name = request.GET.get("set") or "G20"
    if name not in charts.ACTOR_SETS:
        raise FilterError(
            {"set": [f"Unknown actor set {name!r}. Use one of: {', '.join(charts.ACTOR_SETS)}."]}
        )
    return name


def _stance_summary(as_of: AsOf) -> dict:
    # Each change with the position stated just before it, so a row can read "signs (was: supports)".
    changes = list(
        as_of.history()
        .exclude(date__isnull=True)
        .with_previous_position()
        .select_related("actor", "framework", "source", "summit")
        .order_by("-date", "framework_id", "act", "-id")[:LATEST_CHANGES]
    )
    for stance in changes:
        stance.previous = stance.previous_position or None
    # Failing news, the map shows the framework with the most positions.
    current = as_of.stances()
    top = current.values("framework_id").annotate(n=Count("id")).order_by("-n", "framework_id").first()
    return {
        "counts": {
            "frameworks": Framework.objects.known_on(as_of.day).count(),
            "actors": current.values("actor_id").distinct().count(),
            "stances": as_of.history().count(),
        },
        "changes": _grouped(changes),
        "featured": Framework.objects.filter(pk=top["framework_id"]).first() if top else None,
    }


def _grouped(changes) -> list[dict]:
    """Stances with the same date, framework and act (adjacent in this ordering), as one line."""
    groups: list[dict] = []
    for stance in changes:
        last = groups[-1] if groups else None
        if last and (last["date"], last["framework"].pk, last["act"]) == (
            stance.date,
            stance.framework_id,
            stance.act,
        ):
            last["stances"].append(stance)
            continue
        if len(groups) == LATEST_GROUPS:
            break
        groups.append(
            {
                "date": stance.date,
                "framework": stance.framework,
                "act": stance.act,
                "position": stance.position,
                "stances": [stance],
            }
        )
    for group in groups:
        group["first"] = group["stances"][0]
        group["sources"] = list({s.source.url: s.source for s in group["stances"]}.values())[:3]
    return groups


def _in_the_news(month) -> dict:
    frameworks = list(
        Mention.objects.filter(framework__isnull=False, published_at__gte=month[0], published_at__lt=month[1])
        .values("framework__slug", "framework__name", "framework__short_name")
        .annotate(mentions=Count("id"), articles=Count("article_id", distinct=True))
        .order_by("-mentions", "framework__name")[:IN_THE_NEWS]
    )
    featured = Framework.objects.filter(slug=frameworks[0]["framework__slug"]).first() if frameworks else None
    return {"frameworks": frameworks, "featured": featured}


@reports_filter_errors("html", takes=("as_of", "set", "measure"))
def home(request):
    as_of = page_as_of(request)
    actor_set = actor_set_from(request)
    measure = charts.read_measure(request.GET)
    end = as_of.day
    week = (start_of_day(end - dt.timedelta(days=6)), as_of.moment)
    month = (start_of_day(end - dt.timedelta(days=29)), as_of.moment)
    # The stance-derived figures change only when a curator saves something: cached under the
    # data version, so the busy front page does not scan the stances on every visit.
    summary = caching.cached(
        "home-summary", as_of.key, build=lambda: _stance_summary(as_of), subjects=[caching.AGGREGATES]
    )
    counts = {
        **summary["counts"],
        "articles_this_week": Article.objects.public().published_between(*week).count(),
        "awaiting_review": Stance.objects.pending().count(),
    }
    news = caching.cached(
        "home-news", as_of.key, build=lambda: _in_the_news(month), seconds=caching.NEWS_SECONDS
    )
    in_the_news = news["frameworks"]
    featured = news["featured"] or summary["featured"]
    alignment_ids = caching.cached(
        "alignment-set",
        actor_set,
        as_of.key,
        build=lambda: charts.alignment_set_ids(actor_set, as_of),
        subjects=[caching.AGGREGATES],
    )
    context = {
        "as_of": as_of.date,
        "end": end,
        "week_from": end - dt.timedelta(days=6),
        "counts": counts,
        "changes": summary["changes"],
        "in_the_news": in_the_news,
        "featured": featured,
        "actor_set": actor_set,
        "actor_sets": charts.ACTOR_SETS,
        "measure": measure,
        "measures": charts.MEASURES,
        "charts": [
            c
            for c in (
                cached_chart(
                    "map",
                    as_of,
                    featured.pk,
                    build=lambda: charts.world_map(featured, as_of),
                    subjects=[caching.subject("framework", featured.slug)],
                )
                if featured
                else None,
                cached_chart(
                    "news",
                    as_of,
                    26,
                    None,
                    build=lambda: charts.news_volume(as_of),
                    seconds=caching.NEWS_SECONDS,
                ),
                cached_chart(
                    "matrix", as_of, actor_set, build=lambda: charts.matrix(as_of, actor_set=actor_set)
                ),
                cached_chart(
                    "alignment",
                    as_of,
                    sorted(alignment_ids),
                    actor_set,
                    measure,
                    build=lambda: charts.alignment(
                        as_of,
                        actor_ids=alignment_ids,
                        title_suffix=f" ({charts.ACTOR_SETS[actor_set]})",
                        measure=measure,
                    ),
                ),
            )
            if c
        ],
    }
    return render(request, "initiatives/home.html", context)


def _only_differences(request) -> bool:
    try:
        return bool(StrictBooleanField().clean(request.GET.get("only_differences")))
    except ValidationError as exc:
        raise FilterError({"only_differences": exc.messages}) from exc


@reports_filter_errors("html", takes=("as_of", "actors", "only_differences"))
def compare(request):
    as_of = page_as_of(request)
    codes = codes_from(request, "actors")
    only_differences = _only_differences(request)
    if len(codes) > MAX_COMPARED:
        raise FilterError({"actors": [f"Compare at most {MAX_COMPARED} actors at once; got {len(codes)}."]})
    context = {"as_of": as_of.date, "codes": codes, "actors": [], "rows": [], "pairs": []}
    if codes:
        # The shared filter layer validates the codes: an unknown one is a 400 that names it.
        chosen, _filterset = apply_filters(ActorFilter, {"code": ",".join(codes)})
        found = {actor.code.upper(): actor for actor in chosen}
        actors = [found[code] for code in codes if code in found]
        ids = [actor.pk for actor in actors]
        stances = as_of.stances(actors=ids).select_related("framework", "source")
        by_framework: dict[int, dict] = {}
        for stance in stances:
            entry = by_framework.setdefault(stance.framework_id, {"framework": stance.framework, "cells": {}})
            entry["cells"][stance.actor_id] = stance
        rows = sorted(by_framework.values(), key=lambda e: (-len(e["cells"]), str(e["framework"])))
        for entry in rows:
            entry["cells"] = [entry["cells"].get(pk) for pk in ids]
        vectors = {pk: {} for pk in ids}
        for entry in rows:
            for pk, stance in zip(ids, entry["cells"], strict=True):
                if stance:
                    vectors[pk][entry["framework"].pk] = stance.position
        pairs = []
        for a, b in itertools.combinations(actors, 2):
            agree, shared = charts.agreement(vectors[a.pk], vectors[b.pk])
            pairs.append(
                {
                    "a": a,
                    "b": b,
                    "agree": agree,
                    "shared": shared,
                    "share": agree / shared if shared else None,
                }
            )
        pairs.sort(key=lambda p: (p["share"] is None, -(p["share"] or 0), -p["shared"]))
        # "Only differences": the frameworks where they do not all hold the same position (no recorded
        # position counting as one); the agreement above is still read over every framework.
        for entry in rows:
            entry["differs"] = len({s.position if s else None for s in entry["cells"]}) > 1
        context["same_rows"] = sum(not entry["differs"] for entry in rows)
        if only_differences:
            rows = [entry for entry in rows if entry["differs"]]
        context.update(actors=actors, rows=rows, pairs=pairs)
        if len(actors) >= 2:
            context["charts"] = [
                cached_chart(
                    "alignment",
                    as_of,
                    sorted(ids),
                    "chosen",
                    build=lambda: charts.alignment(as_of, actor_ids=ids, title_suffix=" (chosen actors)"),
                )
            ]
    context["only_differences"] = only_differences
    # The picker adds an actor by name (its code is sent).
    context["choices"] = Actor.objects.order_by("name").values_list("code", "name")
    context["position_order"] = POSITION_ORDER
    context["presets"] = COMPARE_PRESETS
    return render(request, "initiatives/compare.html", context)
