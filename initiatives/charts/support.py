"""Support for a framework over time: how many actors hold each position, month by month."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..as_of import AsOf
from ..choices import POSITION_COLOURS, POSITION_ORDER
from ..models import Framework
from .figures import Chart, base_layout, build_figure, summit_marks, trace, undated_note
from .positions import first_dated, positions_at, related_summits, time_points


def support_over_time(framework: Framework, as_of: AsOf) -> Chart:
    end = as_of.day
    first = first_dated(framework)
    start = min(first, end) if first else end
    dates = time_points(start - dt.timedelta(days=1), end)
    at = positions_at(dates, ("position", "date"), frameworks=[framework])
    counts = {day: Counter(row[0] for row in rows) for day, rows in at.items()}
    undated = sum(1 for _position, date in at[end] if date is None)
    title = f"Support for {framework} over time"
    traces = []
    present = [p for p in POSITION_ORDER if any(counts[day][p.value] for day in dates)]
    for position in present:
        traces.append(
            trace(
                "scatter",
                x=[day.isoformat() for day in dates],
                y=[counts[day][position.value] for day in dates],
                name=position.label,
                mode="lines",
                stackgroup="positions",
                # Steps, not slopes: a count changes on a date, it does not drift between dates.
                line={"color": POSITION_COLOURS[position], "width": 1, "shape": "hv"},
                fillcolor=POSITION_COLOURS[position],
                hovertemplate=f"{position.label}: %{{y}} actors on %{{x|%-d %b %Y}}<extra></extra>",
            )
        )
    shapes, annotations = summit_marks(related_summits(framework, as_of), start, end)
    layout = base_layout(
        title,
        xaxis={"title": {"text": "Date"}, "type": "date", "showgrid": False},
        yaxis={
            "title": {"text": "Actors (countries and blocs)"},
            "rangemode": "tozero",
            # Whole actors only: no 0.2 of a country on the axis.
            "tick0": 0,
            "dtick": max(1, -(-max((sum(c.values()) for c in counts.values()), default=1) // 6)),
            "gridcolor": "#eaeef2",
        },
        legend={"title": {"text": "Position"}, "orientation": "h", "y": -0.25},
        showlegend=True,
        shapes=shapes,
        annotations=annotations,
        height=380,
        margin={"l": 60, "r": 20, "t": 95, "b": 90},
    )
    figure = build_figure(traces, layout)
    # The table keeps only the dates where something changed, so a long flat history stays short.
    rows, previous = [], None
    for day in dates:
        current = tuple(counts[day][p.value] for p in present)
        if current != previous:
            rows.append([day.isoformat(), *[str(n) for n in current]])
            previous = current
    return Chart(
        id=f"support-{framework.slug}",
        title=title,
        figure=figure,
        caption=f"Number of actors holding each position on {framework}, month by month up to {end:%-d %b %Y}; "
        "dotted lines mark related summits." + undated_note(undated),
        headers=["Date", *[p.label for p in present]],
        rows=rows,
        empty=not present,
    )
