"""Actors: the filtered list and each country's or organisation's profile.

A bloc's page keeps the bloc's own positions apart from its members': the EU signing a treaty is
the EU's act, so members are listed with their own recorded positions (or none), never as signers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import caching, charts
from ..as_of import AsOf
from ..choices import POSITION_ORDER, ActorKind
from ..filters import ActorFilter, apply_filters, reports_filter_errors
from ..models import Actor, Article, Framework, Membership, Stance
from ..partial_dates import display_partial_date
from ..templatetags.tracker import position_badge
from .common import page_as_of, paginate

RECENT_ARTICLES = 10
# The position changes listed on an actor's page; /changes/?actor= lists them all.
MAX_SHIFTS = 60


@reports_filter_errors("html", takes=("page",), filterset=ActorFilter)
def actor_list(request):
    as_of = page_as_of(request)
    actors, _filterset = apply_filters(ActorFilter, request.GET, Actor.objects.order_by("name"))
    page = paginate(request, actors)
    ids = [a.pk for a in page]
    tallies: dict[int, Counter] = defaultdict(Counter)
    for actor_id, position in Stance.objects.as_of(as_of.day, actors=ids).values_list("actor_id", "position"):
        tallies[actor_id][position] += 1
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
        "as_of": as_of.date,
        "page": page,
        "rows": rows,
        "params": request.GET,
        "kinds": ActorKind.choices,
        "regions": regions,
        "organisations": organisations,
    }
    return render(request, "initiatives/actor_list.html", context)


# What the profile page reads of each of the actor's own stances: the template's columns, not the
# source article's text or the stances' timestamps (parsing thousands of those dominated the page).
POSITION_FIELDS = (
    "framework",
    "framework__slug",
    "framework__name",
    "framework__short_name",
    "position",
    "position_detail",
    "date",
    "date_precision",
    "evidence",
    "act",
    "source_kind",
    "source__title",
    "source__outlet__name",
    "source__outlet__state_affiliated",
    "source__outlet__note",
    "vote",
    "summit",
    "summit__name",
    "source",
    "source__url",
    "source__publisher",
)


def _with_as_of(as_of: AsOf):
    """The query string that {% link %} adds, for URLs built here once per actor or framework."""
    return f"?{urlencode(as_of.query)}" if as_of else ""


@reports_filter_errors("html", takes=("as_of",))
def actor_detail(request, code):
    as_of = page_as_of(request)
    actor = get_object_or_404(Actor, code__iexact=code)
    suffix = _with_as_of(as_of)
    affiliations = list(
        Membership.objects.filter(member=actor).select_related("organisation").order_by("organisation__name")
    )
    active_ids = set(as_of.memberships(Membership.objects.filter(member=actor)).values_list("pk", flat=True))
    for membership in affiliations:
        membership.active = membership.pk in active_ids
    positions = list(
        as_of.stances(actors=[actor])
        .with_previous_position()
        .select_related("framework", "source", "source__outlet", "summit")
        .only(*POSITION_FIELDS)
        .order_by("framework__name")
    )
    framework_urls = {}
    for stance in positions:
        slug = stance.framework.slug
        if slug not in framework_urls:
            framework_urls[slug] = reverse("initiatives:framework-detail", args=[slug]) + suffix
        stance.framework_url = framework_urls[slug]
    record = _whole_record(actor, as_of, positions, suffix)
    members, member_positions = [], []
    if actor.kind == ActorKind.ORGANISATION:
        members = list(
            as_of.memberships(Membership.objects.filter(organisation=actor))
            .select_related("member")
            .only("role", "member", "member__code", "member__name")
            .order_by("member__name")
        )
        member_positions = _member_positions(as_of, members, positions, suffix)
    articles = list(Article.objects.recent_about(as_of.moment, RECENT_ARTICLES, actor=actor))
    context = {
        "as_of": as_of.date,
        "as_of_key": as_of.key,
        "actor": actor,
        "affiliations": affiliations,
        "positions": positions,
        "members": members,
        "member_positions": member_positions,
        "cache_subjects": [caching.subject("actor", actor.code)],
        "articles": articles,
        "record": record,
        # Every position change it made up to the day, newest first: was -> now.
        "shifts": list(
            as_of.history(Stance.objects.filter(actor=actor))
            .position_changes()
            .exclude(previous_or_none="")
            .select_related("framework")
            .only(
                "date",
                "date_precision",
                "position",
                "act",
                "framework__slug",
                "framework__name",
                "framework__short_name",
            )
            .order_by(F("date").desc(nulls_last=True), "-id")[:MAX_SHIFTS]
        ),
        "max_shifts": MAX_SHIFTS,
        # The "compare with…" picker: other actors by name (the page sends their codes).
        "others": Actor.objects.exclude(pk=actor.pk).order_by("name").values_list("code", "name"),
        # The charts' HTML (figure and data table) is cached as a page fragment ({% fragment %}):
        # read lazily, a chart is only built when its fragment is drawn anew.
        "charts": SimpleLazyObject(lambda: [charts.actor_timeline(actor, as_of)]),
        # A bloc's members side by side, each by its own positions only.
        "members_matrix": SimpleLazyObject(lambda: charts.matrix(as_of, actor_set=actor.code))
        if members
        else None,
    }
    return render(request, "initiatives/actor_detail.html", context)


def _whole_record(actor, as_of, positions, suffix) -> dict:
    """Every framework open to the actor on the day (FrameworkQuerySet.open_to) and every one it has a
    position on, by name: each with its position now and the one before it, or none recorded."""
    taken = {stance.framework_id for stance in positions}
    silent = [
        {"framework": framework, "stance": None}
        for framework in Framework.objects.open_to(actor, as_of.day)
        .exclude(pk__in=taken)
        .only("slug", "name", "short_name")
    ]
    for row in silent:
        row["framework_url"] = reverse("initiatives:framework-detail", args=[row["framework"].slug]) + suffix
    rows = [{"framework": s.framework, "framework_url": s.framework_url, "stance": s} for s in positions]
    rows.sort(key=lambda row: str(row["framework"]).casefold())
    silent.sort(key=lambda row: str(row["framework"]).casefold())
    return {
        "rows": rows + silent,
        "open": len(rows) + len(silent),
        "taken": len(rows),
        "silent": len(silent),
        "changed": sum(1 for s in positions if s.previous_position and s.previous_position != s.position),
    }


class _Memo(dict):
    """A function's results by argument, for one request (badges and numbers follow its language)."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, key):
        self[key] = value = self.function(*key) if isinstance(key, tuple) else self.function(key)
        return value


def _member_positions(as_of, members, positions, suffix) -> list[dict]:
    """For each framework the bloc took a position on: the members' own positions on it.

    A large bloc's table lists thousands of member stances, so the HTML of each framework's tally
    and list of members is joined here: each member's link and name escaped once, each badge,
    date and number formatted once, instead of a template loop over every stance (which cost most
    of the page's time). It reads exactly as the template's loops did.
    """
    member_ids = [m.member_id for m in members]
    listed = {}
    for rank, m in enumerate(members):
        m.url = reverse("initiatives:actor-detail", args=[m.member.code]) + suffix
        listed.setdefault(m.member_id, (rank, f'<li><a href="{escape(m.url)}">{escape(m.member.name)}</a> '))
    badge = _Memo(position_badge)
    number = _Memo(localize)  # as {{ n }} shows it
    when = _Memo(lambda date, precision: escape(display_partial_date(date, precision)))
    own = {s.framework_id: s for s in positions}
    by_framework: dict[int, list] = defaultdict(list)
    for framework_id, actor_id, position, date, precision in as_of.stances(
        actors=member_ids, frameworks=list(own.keys())
    ).values_list("framework_id", "actor_id", "position", "date", "date_precision"):
        rank, opening = listed[actor_id]
        html = f'{opening}{badge[position]} <span class="meta">{when[date, precision]}</span></li>'
        by_framework[framework_id].append((rank, position, html))
    rows = []
    for framework_id, bloc_stance in own.items():
        # In the order of the members' names, as the members are listed.
        theirs = sorted(by_framework[framework_id], key=lambda item: item[0])
        counts = Counter(position for _rank, position, _html in theirs)
        tally = "".join(
            f'{badge[p.value]}<span class="times">×{number[counts[p.value]]}</span> '
            for p in POSITION_ORDER
            if counts[p.value]
        )
        rows.append(
            {
                "framework": bloc_stance.framework,
                "framework_url": bloc_stance.framework_url,
                "bloc": bloc_stance,
                "bloc_badge": badge[bloc_stance.position],
                "counts_html": mark_safe(tally or '<span class="meta">none recorded</span>'),
                "members_html": mark_safe("".join(html for _rank, _position, html in theirs)),
                "silent": len(member_ids) - len(theirs),
            }
        )
    return rows
