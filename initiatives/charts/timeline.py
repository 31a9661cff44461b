"""One actor across frameworks over time: each position as a bar from the day it was stated."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from ..as_of import AsOf
from ..choices import POSITION_COLOURS, POSITION_ORDER
from ..models import Actor, Stance, Summit
from .figures import POSITION_LABELS, Chart, base_layout, build_figure, summit_marks, trace


def actor_timeline(actor: Actor, as_of: AsOf) -> Chart:
    end = as_of.day
    rows = list(
        as_of.history(Stance.objects.filter(actor=actor))
        .order_by("framework_id", "date", "id")
        .values_list("framework_id", "framework__short_name", "framework__name", "position", "date")
    )
    # Positions of unknown date have no place on a time axis: the page lists them, the caption counts them.
    history = [row for row in rows if row[4] is not None]
    undated = len(rows) - len(history)
    title = f"{actor.name}: positions over time"
    by_framework = defaultdict(list)
    for fw_id, short, name, position, date in history:
        by_framework[(fw_id, short or name)].append((date, position))
    segments = defaultdict(lambda: {"x": [], "y": [], "text": []})
    markers = defaultdict(lambda: {"x": [], "y": [], "text": []})
    start = min((date for *_rest, date in history), default=end)
    for (_fw, fw_name), events in by_framework.items():
        # Each stated position runs until the next one on the same framework (the as_of rule, drawn).
        for i, (date, position) in enumerate(events):
            until = events[i + 1][0] if i + 1 < len(events) else end
            seg = segments[position]
            seg["x"] += [date.isoformat(), until.isoformat(), None]
            seg["y"] += [fw_name, fw_name, None]
            mark = markers[position]
            mark["x"].append(date.isoformat())
            mark["y"].append(fw_name)
            mark["text"].append(f"{fw_name}: {POSITION_LABELS[position]} from {date:%-d %b %Y}")
    traces = []
    for position in POSITION_ORDER:
        if position.value not in segments:
            continue
        colour = POSITION_COLOURS[position]
        traces.append(
            trace(
                "scatter",
                x=segments[position.value]["x"],
                y=segments[position.value]["y"],
                mode="lines",
                line={"color": colour, "width": 10},
                name=position.label,
                legendgroup=position.value,
                hoverinfo="skip",
            )
        )
        traces.append(
            trace(
                "scatter",
                x=markers[position.value]["x"],
                y=markers[position.value]["y"],
                text=markers[position.value]["text"],
                mode="markers",
                marker={"color": colour, "size": 12, "line": {"color": "#ffffff", "width": 1.5}},
                name=position.label,
                legendgroup=position.value,
                showlegend=False,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    summits = (
        Summit.objects.filter(
            Q(pk__in=Summit.participants.through.objects.filter(actor=actor).values("summit_id"))
            | Q(pk__in=Stance.objects.filter(actor=actor, summit__isnull=False).values("summit_id"))
        )
        .filter(start_date__lte=end)
        .order_by("start_date")
        .only("name", "start_date")
    )
    shapes, annotations = summit_marks(list(summits), start, end)
    height = max(300, 140 + 36 * len(by_framework))
    layout = base_layout(
        title,
        height=height,
        xaxis={
            "title": {"text": "Date"},
            "type": "date",
            "range": [(start - dt.timedelta(days=30)).isoformat(), (end + dt.timedelta(days=15)).isoformat()],
        },
        yaxis={"title": {"text": ""}, "automargin": True, "type": "category"},
        legend={"title": {"text": "Position"}, "orientation": "h", "y": -0.2},
        shapes=shapes,
        annotations=annotations,
        margin={"l": 10, "r": 20, "t": 100, "b": 80},
    )
    figure = build_figure(traces, layout)
    return Chart(
        id=f"timeline-{actor.code.lower()}",
        title=title,
        figure=figure,
        caption=f"Each bar is one position {actor.name} held on a framework, from the date it was stated until "
        "the next; dotted lines mark summits it attended."
        + (
            f" {undated} position{'s' if undated != 1 else ''} of unknown date {'are' if undated != 1 else 'is'} listed on the page, not drawn."
            if undated
            else ""
        ),
        headers=["Framework", "Position", "From"],
        rows=[
            [fw_name, POSITION_LABELS[position], f"{date:%-d %b %Y}"]
            for (_fw, fw_name), events in sorted(by_framework.items(), key=lambda kv: kv[0][1])
            for date, position in events
        ],
        empty=not history,
    )
