"""Alignment: how often actors take the same side, as a heatmap, and an actor's closest peers."""

from __future__ import annotations

from django.db.models import Count

from ..as_of import AsOf
from ..models import Actor
from .figures import CIVIDIS, Chart, base_layout, build_figure, trace
from .positions import actor_set_ids, current_vectors
from .similarity import agreement, similarity_order

# The alignment heatmap stays readable up to about this many actors; "all" keeps the most active.
ALIGNMENT_MAX_ACTORS = 40


def alignment_set_ids(name: str, as_of: AsOf) -> list[int]:
    """Actors for an alignment heatmap: an organisation's members, or the most active actors for "all"."""
    ids = actor_set_ids(name, as_of.day)
    stances = as_of.stances(actors=ids)
    busiest = stances.values("actor_id").annotate(n=Count("id")).order_by("-n", "actor_id")
    return [row["actor_id"] for row in busiest[:ALIGNMENT_MAX_ACTORS]]


def closest_actors(actor: Actor, as_of: AsOf, limit: int = 10) -> list[dict]:
    """The actors that agree most with `actor` over the frameworks both have a position on."""
    vectors = current_vectors(as_of.day)
    mine = vectors.get(actor.pk, {})
    scores = []
    for other_id, theirs in vectors.items():
        if other_id == actor.pk:
            continue
        agree, shared = agreement(mine, theirs)
        if shared:
            scores.append((agree / shared, shared, other_id, agree))
    scores.sort(key=lambda s: (-s[0], -s[1], s[2]))
    top = scores[:limit]
    actors = Actor.objects.in_bulk([s[2] for s in top])
    return [
        {"code": actors[s[2]].code, "name": actors[s[2]].name, "share": s[0], "agree": s[3], "shared": s[1]}
        for s in top
    ]


def alignment(as_of: AsOf, *, actor_ids: list[int], title_suffix: str = "") -> Chart:
    vectors = current_vectors(as_of.day, actor_ids)
    actors = {a.pk: a for a in Actor.objects.filter(pk__in=vectors.keys())}
    order = similarity_order({pk: vectors[pk] for pk in actors})
    labels = [actors[pk].code for pk in order]
    z, text, rows = [], [], []
    for a in order:
        z_row, text_row = [], []
        for b in order:
            agree, shared = agreement(vectors[a], vectors[b])
            share = agree / shared if shared else None
            z_row.append(share)
            text_row.append(f"{share:.0%} of {shared}" if shared else "no shared framework")
            if a < b and shared:
                rows.append([actors[a].name, actors[b].name, f"{share:.0%}", str(shared)])
        z.append(z_row)
        text.append(text_row)
    title = "Alignment: how often actors take the same side" + title_suffix
    size = max(360, 160 + 26 * len(order))
    figure = build_figure(
        [
            trace(
                "heatmap",
                x=labels,
                y=labels,
                z=z,
                text=text,
                zmin=0,
                zmax=1,
                colorscale=CIVIDIS,
                colorbar={"title": {"text": "Agreement"}, "tickformat": ".0%", "thickness": 14},
                hovertemplate="%{y} and %{x}: agree on %{text}<extra></extra>",
                # Numbers in the cells: the colour alone would not tell 70% from 80%.
                texttemplate="%{z:.0%}" if len(order) <= 25 else None,
                textfont={"size": 11},
                xgap=1,
                ygap=1,
                hoverongaps=False,
            )
        ],
        base_layout(
            title,
            height=size,
            xaxis={"title": {"text": "Actor"}, "tickangle": -60, "automargin": True, "type": "category"},
            yaxis={
                "title": {"text": "Actor"},
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
            },
        ),
    )
    rows.sort(key=lambda r: (-int(r[2].rstrip("%")), r[0]))
    return Chart(
        id="alignment",
        title=title,
        figure=figure,
        caption="Share of the frameworks both actors have a position on where they take the same side "
        "(both supportive, both neutral or both opposed). Actors that side together are placed together.",
        headers=["Actor", "Actor", "Agreement", "Shared frameworks"],
        rows=rows,
        empty=len(order) < 2,
    )
