"""Atom feeds of position changes, for analysts who follow the tracker in a feed reader.

A position change is a published stance whose position differs from the same actor's previous
published stance on the same framework (or its first one): "France signs", then "France ratifies",
but not a second source repeating that France signs.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import caching
from .choices import Position
from .models import Actor, Framework, Stance

ENTRIES_PER_FEED = 100


def position_changes(stances=None):
    """Published stances that change their actor's position on their framework, newest first.

    The previous position is StanceQuerySet.with_previous_position(), the same reading the home
    page's changes and the actor timeline use, so the feed and the as-of rule agree on what came before.
    """
    stances = (stances if stances is not None else Stance.objects.all()).published()
    return (
        stances.with_previous_position()
        .annotate(previous_or_none=Coalesce("previous_position", Value("")))
        .exclude(previous_or_none=F("position"))
        .order_by(F("date").desc(nulls_last=True), "-id")
    )


def framework_url(framework: Framework) -> str:
    try:
        return framework.get_absolute_url()
    except NoReverseMatch:
        return f"/frameworks/{framework.slug}/"


def actor_url(actor: Actor) -> str:
    try:
        return reverse("initiatives:actor-detail", args=[actor.code])
    except NoReverseMatch:
        return f"/actors/{actor.code}/"


class ChangesFeed(Feed):
    """/feeds/changes.atom: every published position change."""

    feed_type = Atom1Feed
    title = "AI Governance Tracker: position changes"
    subtitle = "Each time an actor takes a new position on an AI governance framework, with its source."

    def link(self):
        return "/"

    def filter_changes(self, obj, stances):
        return stances

    def items(self, obj=None):
        # The window over every published stance is the costly part, and feed readers poll: keep
        # the list of changes under the data version (bumped by every stance, actor or framework
        # saved), and read the entries themselves fresh by primary key.
        def latest_changes():
            changes = position_changes(self.filter_changes(obj, Stance.objects.all())).only("id", "position")
            return [(stance.pk, stance.previous_or_none) for stance in changes[:ENTRIES_PER_FEED]]

        previous = dict(
            caching.cached(
                "feed-changes",
                type(self).__name__,
                getattr(obj, "pk", None),
                build=latest_changes,
                subjects=[caching.AGGREGATES],
            )
        )
        stances = (
            Stance.objects.filter(pk__in=previous)
            .select_related("actor", "framework", "source", "summit")
            .order_by(F("date").desc(nulls_last=True), "-id")
        )
        stances = list(stances)
        for stance in stances:
            stance.previous_position = previous[stance.pk]
        return stances

    def item_title(self, stance):
        position = Position(stance.position).label.lower()
        when = f" ({stance.date_iso})" if stance.date else ""
        title = f"{stance.actor.name} {position} {stance.framework.name}{when}"
        if stance.previous_position:
            title += f"; previously {Position(stance.previous_position).label.lower()}"
        return title

    def item_description(self, stance):
        # Atom writes this as <summary type="html">: a reader renders it as HTML once the XML is read,
        # so text from outside pages (evidence, titles, publishers) is escaped here as well as in the XML.
        source = stance.source.title or stance.source.url
        publisher = f" ({stance.source.publisher})" if stance.source.publisher else ""
        at = f" At {stance.summit.name}." if stance.summit else ""
        return escape(f"“{stance.evidence}”{at} Source: {source}{publisher}, {stance.source.url}")

    def item_link(self, stance):
        # One entry per stance: the fragment keeps entry links (and Atom ids) unique.
        return f"{framework_url(stance.framework)}#stance-{stance.pk}"

    def item_pubdate(self, stance):
        if stance.date:
            return dt.datetime.combine(stance.date, dt.time.min, tzinfo=dt.UTC)
        return stance.created_at

    def item_updateddate(self, stance):
        return stance.updated_at

    def item_categories(self, stance):
        return [stance.position, stance.framework.slug, stance.actor.code]


class FrameworkFeed(ChangesFeed):
    """/feeds/frameworks/<slug>.atom: position changes on one framework."""

    def get_object(self, request, slug):
        return get_object_or_404(Framework, slug=slug)

    def title(self, framework):
        return f"AI Governance Tracker: positions on {framework.name}"

    def subtitle(self, framework):
        return (
            f"Who proposes, supports, signs, ratifies, opposes, declines or withdraws from {framework.name}."
        )

    def link(self, framework):
        return framework_url(framework)

    def filter_changes(self, framework, stances):
        return stances.filter(framework=framework)


class ActorFeed(ChangesFeed):
    """/feeds/actors/<code>.atom: one actor's position changes across frameworks."""

    def get_object(self, request, code):
        if "\x00" in code:  # PostgreSQL cannot compare text with NUL; no code holds one
            raise Http404
        return get_object_or_404(Actor, code__iexact=code)

    def title(self, actor):
        return f"AI Governance Tracker: positions of {actor.name}"

    def subtitle(self, actor):
        return f"Each new position {actor.name} takes on an AI governance framework."

    def link(self, actor):
        return actor_url(actor)

    def filter_changes(self, actor, stances):
        return stances.filter(actor=actor)

    def item_link(self, stance):
        return f"{actor_url(stance.actor)}#stance-{stance.pk}"
