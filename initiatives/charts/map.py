"""The world map of a framework: each country's position as of the day, animated month by month.

Blocs and organisations are listed beside the map, never painted onto their members.
"""

from __future__ import annotations

import pycountry

from ..as_of import AsOf
from ..choices import POSITION_ORDER, ActorKind
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


def world_map(framework: Framework, as_of: AsOf) -> Chart:
    end = as_of.day
    first = first_dated(framework)
    dates = time_points(min(first, end) if first else end, end)
    fields = ("actor__code", "actor__name", "actor__kind", "position", "date", "date_precision")
    at = positions_at(dates, fields, frameworks=[framework])
    title = f"Positions on {framework} by country"

    # Every country is drawn once underneath, so that hovering one with no position says so
    # instead of nothing; the frames only replace the layer of positions on top of it.
    no_position = {
        "type": "choropleth",
        "locationmode": "ISO-3",
        "locations": [code for code, _name in WORLD_COUNTRIES],
        "z": [0] * len(WORLD_COUNTRIES),
        "text": [f"{name}: no recorded position" for _code, name in WORLD_COUNTRIES],
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
            "text": [f"{r[1]}: {POSITION_LABELS[r[3]]}" for r in countries],
            "hovertemplate": "%{text}<extra></extra>",
            "colorscale": position_colourscale(),
            "zmin": -0.5,
            "zmax": len(POSITION_ORDER) - 0.5,
            "colorbar": position_colorbar(),
            "name": "Position",
            "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        }

    frames = [{"name": day.isoformat(), "data": [positions_trace(at[day])], "traces": [1]} for day in dates]
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
        "Blocs and organisations are listed beside the map, not painted onto their members."
        + undated_note(sum(1 for r in countries if r[4] is None)),
        headers=["Country", "Position", "Since"],
        rows=[[r[1], POSITION_LABELS[r[3]], display_partial_date(r[4], r[5])] for r in countries],
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
