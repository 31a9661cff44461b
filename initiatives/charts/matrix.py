"""Actors × frameworks: each actor's current position on each framework, similar actors together."""

from __future__ import annotations

from collections import Counter

from ..as_of import AsOf
from ..choices import POSITION_ORDER
from ..models import Actor, Framework
from .figures import (
    POSITION_INDEX,
    POSITION_LABELS,
    Chart,
    base_layout,
    build_figure,
    position_colorbar,
    position_colourscale,
    trace,
)
from .positions import ACTOR_SETS, actor_set_ids, current_vectors
from .similarity import cluster_order


def matrix(as_of: AsOf, *, actor_set: str = "G20", actor_ids=None, max_frameworks: int = 30) -> Chart:
    if actor_ids is None:
        actor_ids = actor_set_ids(actor_set, as_of.day)
    by_actor = current_vectors(as_of.day, actor_ids)
    # Names in two small queries rather than joined onto every stance.
    actors, names = {}, {}
    for pk, code, name in Actor.objects.filter(pk__in=by_actor.keys()).values_list("pk", "code", "name"):
        actors[pk], names[code] = code, name
    fw_counts = Counter(framework_id for vector in by_actor.values() for framework_id in vector)
    fw_names = {
        pk: short or name
        for pk, short, name in Framework.objects.filter(pk__in=fw_counts.keys()).values_list(
            "pk", "short_name", "name"
        )
    }
    label = ACTOR_SETS.get(actor_set, f"{actor_set} members")
    title = f"Current positions: {label}" + (f" as of {as_of.day:%-d %b %Y}" if as_of else "")
    vectors = {actors[actor_id]: vector for actor_id, vector in by_actor.items()}
    # The most common frameworks (ties by name, then by id).
    frameworks = sorted(fw_counts, key=lambda pk: (-fw_counts[pk], fw_names[pk], pk))[:max_frameworks]
    shown = set(frameworks)
    order = cluster_order({code: {f: p for f, p in v.items() if f in shown} for code, v in vectors.items()})
    x = [fw_names[pk] for pk in frameworks]
    y = [f"{names[code]} ({code})" for code in order]
    z, text = [], []
    for code in order:
        vector = vectors[code]
        row = [vector.get(pk) for pk in frameworks]
        z.append([POSITION_INDEX.get(position) for position in row])
        text.append([POSITION_LABELS.get(position, "no recorded position") for position in row])
    height = max(320, 150 + 22 * len(order))
    figure = build_figure(
        [
            trace(
                "heatmap",
                x=x,
                y=y,
                z=z,
                text=text,
                hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
                colorscale=position_colourscale(),
                zmin=-0.5,
                zmax=len(POSITION_ORDER) - 0.5,
                colorbar=position_colorbar(),
                xgap=2,
                ygap=2,
                hoverongaps=False,
            )
        ],
        base_layout(
            title,
            height=height,
            xaxis={"title": {"text": "Framework"}, "side": "top", "tickangle": -35, "automargin": True},
            yaxis={"title": {"text": "Actor"}, "autorange": "reversed", "automargin": True},
            # Room on the right for the last column's slanted label.
            margin={"l": 10, "r": 110, "t": 150, "b": 20},
        ),
    )
    return Chart(
        id=f"matrix-{actor_set.lower()}",
        title=title,
        figure=figure,
        caption=f"Each actor's current position on each framework ({label}). Rows are ordered by average-linkage "
        "hierarchical clustering of the actors' positions, so that actors with similar positions sit together; "
        "empty cells: no recorded position.",
        headers=["Actor", *x],
        rows=[[y[i], *row] for i, row in enumerate(text)],
        empty=not order,
    )
