"""The world map of a framework: each country's position as of the day, animated month by month.

Blocs and organisations are listed beside the map, never painted onto their members.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

from ..as_of import AsOf
from ..choices import POSITION_COLOURS, POSITION_ORDER, Act, ActorKind, Position
from ..models import Framework
from ..partial_dates import display_partial_date
from .figures import (
    NO_POSITION_COLOUR,
    POSITION_INDEX,
    POSITION_LABELS,
    Chart,
    base_layout,
    build_figure,
    position_colorbar,
    position_colourscale,
    undated_note,
)
from .positions import first_dated, positions_at, time_points

# (ISO-3, short name) of every country, for the map's "no recorded position" layer.
WORLD_COUNTRIES = sorted((c.alpha_3, getattr(c, "common_name", None) or c.name) for c in pycountry.countries)
# States the 1:110m topology has no shape for (Singapore, Andorra, Malta, the Holy See…): drawn as
# markers at a point of their own (scripts/map_points.py), with the same colours.
MAP_POINTS = json.loads((Path(__file__).resolve().parent.parent / "data" / "map_points.json").read_text())[
    "points"
]
# Where a click on a state goes: its actor page (static/js/app.js follows customdata).
ACTOR_URL = "/actors/{code}/"
NAMES = dict(WORLD_COUNTRIES)
# Small states always drawn (grey-white without a position), as the shapes of larger ones are.
SMALL_MEMBERS = {code for code in MAP_POINTS if code in NAMES}


def world_map(framework: Framework, as_of: AsOf) -> Chart:
    end = as_of.day
    first = first_dated(framework)
    dates = time_points(min(first, end) if first else end, end)
    fields = (
        "actor__code", "actor__name", "actor__kind", "position", "date", "date_precision", "act",
        "source__publisher", "source__outlet__name",
    )  # fmt: skip
    at = positions_at(dates, fields, frameworks=[framework])
    suffix = f"?as_of={as_of.date.isoformat()}" if as_of else ""

    def tooltip(r):
        """Position, act and date, and who published the source."""
        when = display_partial_date(r[4], r[5])
        publisher = r[8] or r[7] or "source"
        act = Act(r[6]).label if r[6] else POSITION_LABELS[r[3]]
        return f"<b>{r[1]}</b>: {POSITION_LABELS[r[3]]}<br>{act}, {when}<br>Source: {publisher}"

    title = f"Positions on {framework} by country"

    # Every country is drawn once underneath, so that hovering one with no position says so
    # instead of nothing; the frames only replace the layer of positions on top of it.
    no_position = {
        "type": "choropleth",
        "locationmode": "ISO-3",
        "locations": [code for code, _name in WORLD_COUNTRIES],
        "z": [0] * len(WORLD_COUNTRIES),
        "text": [f"{name}: no recorded position" for _code, name in WORLD_COUNTRIES],
        "customdata": [ACTOR_URL.format(code=code) + suffix for code, _name in WORLD_COUNTRIES],
        "hovertemplate": "%{text}<extra></extra>",
        "colorscale": [[0, NO_POSITION_COLOUR], [1, NO_POSITION_COLOUR]],
        "showscale": False,
        "name": "No recorded position",
        "marker": {"line": {"color": "#c8c8c8", "width": 0.5}},
    }

    def positions_trace(rows):
        countries = sorted(
            (r for r in rows if r[2] == ActorKind.COUNTRY and len(r[0]) == 3), key=lambda r: r[1]
        )
        return {
            "type": "choropleth",
            "locationmode": "ISO-3",
            "locations": [r[0] for r in countries],
            "z": [POSITION_INDEX[r[3]] for r in countries],
            "text": [tooltip(r) for r in countries],
            "customdata": [ACTOR_URL.format(code=r[0]) + suffix for r in countries],
            "hovertemplate": "%{text}<extra></extra>",
            "colorscale": position_colourscale(),
            "zmin": -0.5,
            "zmax": len(POSITION_ORDER) - 0.5,
            "colorbar": position_colorbar(),
            "name": "Position",
            "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        }

    def markers_trace(rows):
        """The small states as points: coloured by position where they hold one, grey-white otherwise."""
        held = {r[0]: r for r in rows if r[2] == ActorKind.COUNTRY}
        codes = [code for code in MAP_POINTS if code in held or code in SMALL_MEMBERS]
        return {
            "type": "scattergeo",
            "mode": "markers",
            "lon": [MAP_POINTS[code][0] for code in codes],
            "lat": [MAP_POINTS[code][1] for code in codes],
            "text": [
                tooltip(held[code]) if code in held else f"{NAMES.get(code, code)}: no recorded position"
                for code in codes
            ],
            "customdata": [ACTOR_URL.format(code=code) + suffix for code in codes],
            "hovertemplate": "%{text}<extra></extra>",
            "marker": {
                "size": 7,
                "color": [
                    POSITION_COLOURS[Position(held[code][3])] if code in held else NO_POSITION_COLOUR
                    for code in codes
                ],
                "line": {"color": "#57606a", "width": 0.75},
            },
            "name": "Small states",
            "showlegend": False,
        }

    frames = [
        {
            "name": day.isoformat(),
            "data": [positions_trace(at[day]), markers_trace(at[day])],
            "traces": [1, 2],
        }
        for day in dates
    ]
    slider = {
        "active": len(dates) - 1,
        "currentvalue": {"prefix": "As of ", "font": {"size": 13, "color": "#1f2328"}},
        "pad": {"t": 10, "b": 0},
        # Dozens of month labels would overlap: the current value above the slider names the date.
        "font": {"color": "rgba(0,0,0,0)"},
        "ticklen": 3,
        "len": 0.84,
        "x": 0.16,
        "steps": [
            {
                "label": day.strftime("%b %Y") if day != end else day.strftime("%-d %b %Y"),
                "method": "animate",
                "args": [
                    [day.isoformat()],
                    {
                        "mode": "immediate",
                        "frame": {"duration": 0, "redraw": True},
                        "transition": {"duration": 0},
                    },
                ],
            }
            for day in dates
        ],
    }
    layout = base_layout(
        title,
        geo={
            "projection": {"type": "natural earth"},
            "resolution": 110,
            "showframe": False,
            "showcoastlines": False,
            "showcountries": True,
            "countrycolor": "#c8c8c8",
            "showland": True,
            "landcolor": NO_POSITION_COLOUR,
            "showocean": False,
            "lataxis": {"range": [-58, 85]},
        },
        margin={"l": 0, "r": 0, "t": 40, "b": 10},
        height=470,
        sliders=[slider] if len(dates) > 1 else [],
        updatemenus=[play_buttons()] if len(dates) > 1 else [],
    )
    figure = build_figure([no_position, *frames[-1]["data"]], layout, frames if len(dates) > 1 else [])

    now_rows = at[end]
    countries = sorted((r for r in now_rows if r[2] == ActorKind.COUNTRY), key=lambda r: r[1])
    blocs = sorted((r for r in now_rows if r[2] != ActorKind.COUNTRY), key=lambda r: r[1])

    return Chart(
        id=f"map-{framework.slug}",
        title=title,
        figure=figure,
        caption=f"Countries' positions on {framework} as of {end:%-d %b %Y}. Grey-white: no recorded position. "
        "States too small for the map's shapes are drawn as dots. Select a state to open its page. "
        "Blocs and organisations are listed beside the map, not painted onto their members."
        + undated_note(sum(1 for r in countries if r[4] is None)),
        headers=["Country", "Position", "Since", "Act", "Source"],
        rows=[
            [
                r[1],
                POSITION_LABELS[r[3]],
                display_partial_date(r[4], r[5]),
                Act(r[6]).label,
                r[8] or r[7] or "",
            ]
            for r in countries
        ],
        empty=not countries,
        extra={
            "blocs": [
                {"code": r[0], "name": r[1], "position": r[3], "since": display_partial_date(r[4], r[5])}
                for r in blocs
            ],
            "frames": len(dates),
        },
    )


def play_buttons() -> dict:
    """Play the map month by month from the first frame; pause where it stands."""
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 0.0,
        "xanchor": "left",
        "y": 0.0,
        "yanchor": "top",
        "pad": {"t": 38, "r": 6},
        "buttons": [
            {
                "label": "▶ Play",
                "method": "animate",
                "args": [
                    None,
                    {
                        "mode": "immediate",
                        "fromcurrent": False,
                        "frame": {"duration": 350, "redraw": True},
                        "transition": {"duration": 0},
                    },
                ],
            },
            {
                "label": "❚❚ Pause",
                "method": "animate",
                "args": [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}],
            },
        ],
    }
