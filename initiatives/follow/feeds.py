"""A follower's private Atom feed: the position changes on everything they follow.

The URL's token is the only key, as with a private calendar feed. The entries are the public feeds'
(syndication.ChangesFeed); unlike them the list is not cached under the data version, since it
also changes when the follower follows something new.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ..models import Stance
from ..syndication import ENTRIES_PER_FEED, ChangesFeed, position_changes
from .digests import followed_q
from .models import Follower


class FollowerFeed(ChangesFeed):
    """/follow/feed/<token>.atom"""

    def get_object(self, request, token):
        return get_object_or_404(Follower, token=token[:64])

    def title(self, follower):
        return "AI Governance Tracker: what you follow"

    def subtitle(self, follower):
        return "Each new published position on the frameworks, actors and lists you follow."

    def link(self, follower):
        return "/"

    def filter_changes(self, follower, stances):
        return stances.filter(followed_q(follower.follows.confirmed(), since_followed=False))

    def items(self, follower):
        changes = position_changes(self.filter_changes(follower, Stance.objects.all())).select_related(
            "actor", "framework", "source", "summit"
        )
        stances = list(changes[:ENTRIES_PER_FEED])
        for stance in stances:
            stance.previous_position = stance.previous_or_none
        return stances

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response
