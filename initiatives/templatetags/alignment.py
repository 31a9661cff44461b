"""{% alignment_peers actor as_of as peers %}: an actor's closest and furthest peers by each alignment
measure (charts.alignment.peers), cached until a published stance changes (AGGREGATES), so that the
actor page's view needs nothing more in its context."""

from django import template

from .. import caching
from ..as_of import AsOf
from ..charts.alignment import peers

register = template.Library()


@register.simple_tag
def alignment_peers(actor, as_of=None) -> dict:
    """`as_of`: the page's AsOf, its date, or None for today."""
    view = AsOf.coerce(as_of)
    return caching.cached(
        "alignment-peers",
        actor.pk,
        view.key,
        build=lambda: peers(actor, view),
        subjects=[caching.AGGREGATES],
    )
