"""Frameworks: the filtered list and each framework's page (status, who stands where, map, sources)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import F, Q
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from .. import caching, charts
from ..choices import (
    ACT_ORDER,
    POSITION_DIRECTION,
    VOTE_ACTS,
    Act,
    ActorKind,
    FrameworkKind,
    FrameworkScope,
    FrameworkStatus,
    Position,
    SourceKind,
)
from ..filters import FilterError, FrameworkFilter, apply_filters, reports_filter_errors
from ..models import Article, Framework, Membership, Stance, Tally, Vote
from .common import cached_chart, page_as_of, paginate, source_records

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


def _source_kind(request) -> str | None:
    value = request.GET.get("source_kind") or None
    if value is not None and value not in SourceKind.values:
        raise FilterError({"source_kind": [f"Use primary or secondary, not {value[:40]!r}."]})
    return value


@reports_filter_errors("html", takes=("as_of", "source_kind"))
def framework_detail(request, slug):
    as_of = page_as_of(request)
    source_kind = _source_kind(request)
    framework = get_object_or_404(
        Framework.objects.select_related("proposed_by", "parent", "eif_members_of"), slug=slug
    )
    articles = list(Article.objects.recent_about(as_of.moment, RECENT_ARTICLES, framework=framework))
    subjects = [caching.subject("framework", framework.slug)]
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
        "positions": SimpleLazyObject(lambda: _positions(framework, as_of, source_kind)),
        "source_kind": source_kind,
        "votes": SimpleLazyObject(lambda: _votes(framework, as_of)),
        "sources": source_records(framework.source_urls),
        "official": source_records([framework.official_url])[0] if framework.official_url else None,
        "as_of_key": as_of.key,
        "cache_subjects": subjects,
        "summits": charts.related_summits(framework, as_of),
        "articles": articles,
        "charts": [
            cached_chart(
                "map",
                as_of,
                framework.pk,
                build=lambda: charts.world_map(framework, as_of),
                subjects=subjects,
            ),
            cached_chart(
                "support",
                as_of,
                framework.pk,
                build=lambda: charts.support_over_time(framework, as_of),
                subjects=subjects,
            ),
        ],
        "news": cached_chart(
            "news",
            as_of,
            26,
            framework.pk,
            build=lambda: charts.news_volume(as_of, framework=framework),
            seconds=caching.NEWS_SECONDS,
        ),
    }
    return render(request, "initiatives/framework_detail.html", context)


def _positions(framework, as_of, source_kind: str | None) -> dict:
    """Who stands where on the day, by act (organisations first), with how many rest on primary
    sources; the reach of the main act ("n of N"); and the full record."""
    current = as_of.stances(frameworks=[framework])
    history = as_of.history(Stance.objects.filter(framework=framework))
    if source_kind:
        current, history = current.filter(source_kind=source_kind), history.filter(source_kind=source_kind)
    current = list(
        current.select_related("actor", "source", "source__outlet", "summit", "vote").order_by("actor__name")
    )
    groups = []
    for act in ACT_ORDER:
        held = [s for s in current if s.act == act]
        if held:
            groups.append(
                {
                    "act": act,
                    "label": Act(act).label,
                    "count": len(held),
                    "primary": sum(1 for s in held if s.is_primary),
                    "countries": [s for s in held if s.actor.kind == ActorKind.COUNTRY],
                    "others": [s for s in held if s.actor.kind != ActorKind.COUNTRY],
                    "by_vote": _by_vote(held) if act in VOTE_ACTS else None,
                }
            )
    history = list(
        history.select_related("actor", "source", "source__outlet").order_by(
            F("date").desc(nulls_last=True), "-id"
        )[:HISTORY_ROWS]
    )
    return {
        "groups": groups,
        "count": len(current),
        "primary": sum(1 for s in current if s.is_primary),
        "undated": sum(1 for s in current if s.date is None),
        "reach": _reach(framework, as_of, current),
        "history": history,
        "history_truncated": len(history) == HISTORY_ROWS,
    }


def _by_vote(ballots) -> list[tuple]:
    """Ballots grouped by their vote, latest vote first: [(vote, [stance, ...]), ...]."""
    votes: dict[int, tuple] = {}
    for stance in ballots:
        votes.setdefault(stance.vote_id, (stance.vote, []))[1].append(stance)
    return sorted(votes.values(), key=lambda item: (item[0].date is None, item[0].date), reverse=True)


def _reach(framework, as_of, current) -> dict:
    """The denominators a source gives: who could take part, how many a list announces, and how far a
    treaty is from entering into force."""
    counted = Counter(s.act for s in current if s.act not in VOTE_ACTS)
    main_act = counted.most_common(1)[0][0] if counted else None
    reach = {
        "main_act": Act(main_act).label.lower() if main_act else "",
        "recorded": counted.get(main_act, 0),
    }
    eligible = framework.eligible_ids(as_of.day)
    if eligible is not None:
        joined = {s.actor_id for s in current if s.act == main_act} if main_act else set()
        reach.update(
            eligible=len(eligible), of_eligible=len(joined & eligible), outside=len(joined - eligible)
        )
    if framework.announced_count and not framework.list_complete:
        reach["announced"] = framework.announced_count
    if framework.has_entry_into_force_rule:
        ratified = {s.actor_id for s in current if s.act == Act.RATIFIED}
        reach["ratified"] = len(ratified)
        reach["needed"] = framework.eif_ratifications_required
        if framework.eif_members_of_id:
            members = set(
                Membership.objects.active_on(as_of.day)
                .filter(organisation_id=framework.eif_members_of_id, role="member")
                .values_list("member_id", flat=True)
            )
            reach["ratified_members"] = len(ratified & members)
            reach["members_needed"] = framework.eif_min_members
    return reach


def _votes(framework, as_of) -> list[dict]:
    """Each recorded vote on the framework by the day: its tally beside the official totals, its roll
    call by side, and who did not vote (when the roll call is complete and the membership known)."""
    votes = list(
        Vote.objects.filter(framework=framework)
        .filter(Q(date__lte=as_of.day) | Q(date__isnull=True))
        .select_related("source", "source__outlet")
        .prefetch_related("other_sources")
        .order_by(F("date").asc(nulls_first=True), "body")
    )
    ballots: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for vote_id, act, code, name in (
        Stance.objects.filter(vote__in=votes)
        .order_by("actor__name")
        .values_list("vote_id", "act", "actor__code", "actor__name")
    ):
        ballots[vote_id][act].append((code, name))
    eligible = {}
    rows = []
    for vote in votes:
        recorded = {act: len(names) for act, names in ballots[vote.pk].items()}
        tally = Tally(vote, recorded)
        not_voting = None
        if tally.complete and vote.date and framework.eligible_members_of_id:
            if vote.date not in eligible:
                eligible[vote.date] = dict(
                    Membership.objects.active_on(vote.date)
                    .filter(organisation_id=framework.eligible_members_of_id, role="member")
                    .values_list("member__code", "member__name")
                )
            voted = {code for names in ballots[vote.pk].values() for code, _name in names}
            not_voting = sorted(
                ((code, name) for code, name in eligible[vote.date].items() if code not in voted),
                key=lambda item: item[1],
            )
        rows.append(
            {
                "vote": vote,
                "tally": tally,
                "for": ballots[vote.pk][Act.VOTED_FOR],
                "against": ballots[vote.pk][Act.VOTED_AGAINST],
                "abstain": ballots[vote.pk][Act.ABSTAINED],
                "not_voting": not_voting,
            }
        )
    return rows
