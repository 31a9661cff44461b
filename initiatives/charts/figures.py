"""What every chart is made of: the Chart object, plain-dict figures and the shared look.

Figures are built as plain dicts, as plotly.js reads them: validating them through plotly's Python
Figure and serialising that to JSON cost more than the queries behind a chart. Positions are
coloured everywhere with POSITION_COLOURS, in POSITION_ORDER, and always labelled in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plotly.colors import sequential

from ..choices import POSITION_COLOURS, POSITION_ORDER, Position

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
NO_POSITION_COLOUR = "#f4f4f1"
# Okabe & Ito's colour-blind-safe palette, for series that are not positions (frameworks in the news).
# The alignment heatmap's scale, spelled out as plotly's Python Figure spelled out "Cividis".
CIVIDIS = [[i / (len(sequential.Cividis) - 1), colour] for i, colour in enumerate(sequential.Cividis)]
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

POSITION_INDEX = {position.value: i for i, position in enumerate(POSITION_ORDER)}
POSITION_LABELS = {position.value: position.label for position in Position}


@dataclass
class Chart:
    """A figure and its text alternative. `figure` is plain JSON; `table` holds caption, headers and rows."""

    id: str
    title: str
    figure: dict
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    def as_dict(self) -> dict:
        return self.__dict__.copy()


# plotly's Python Figure(...).to_json() turned layout.template="none" into this; plotly.js takes it as is.
NO_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


def trace(kind: str, **props) -> dict:
    """One trace as plotly.js reads it. Figures are built as plain dicts: validating them through
    plotly's Python Figure and serialising that to JSON cost more than the queries behind a chart.
    Unset (None) properties are left out, as Figure.to_json() left them out."""
    trace = {key: value for key, value in props.items() if value is not None}
    trace["type"] = kind
    return trace


def build_figure(data: list, layout: dict, frames: list | None = None) -> dict:
    # Empty lists of shapes, annotations, sliders or menus are left out, as Figure.to_json() did.
    layout = {key: value for key, value in layout.items() if value != []}
    if layout.get("template") == "none":
        layout["template"] = NO_TEMPLATE
    figure = {"data": data, "layout": layout}
    if frames:
        figure["frames"] = frames
    return figure


def base_layout(title: str, **overrides) -> dict:
    layout = {
        "template": "none",
        "title": {
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12, "l": 8},
            "font": {"size": 16},
        },
        "font": {"family": FONT, "size": 12, "color": "#1f2328"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "autosize": True,
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(overrides)
    return layout


def position_colourscale() -> list:
    """A stepped scale: position i of POSITION_ORDER is drawn in its own colour, nothing in between."""
    n = len(POSITION_ORDER)
    scale = []
    for i, position in enumerate(POSITION_ORDER):
        colour = POSITION_COLOURS[position]
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale


def position_colorbar(title: str = "Position") -> dict:
    return {
        "title": {"text": title},
        "tickvals": list(range(len(POSITION_ORDER))),
        "ticktext": [p.label for p in POSITION_ORDER],
        "len": 0.9,
        "thickness": 14,
    }


def summit_marks(summits, start: dt.date, end: dt.date) -> tuple[list, list]:
    shapes, annotations = [], []
    for i, summit in enumerate(s for s in summits if s.start_date and start <= s.start_date <= end):
        day = summit.start_date.isoformat()
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#57606a", "width": 1, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": day,
                "xref": "x",
                "yref": "paper",
                "y": 1.0,
                "yshift": 2 + 13 * (i % 3),
                "text": summit.name if len(summit.name) <= 28 else summit.name[:26] + "…",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 10, "color": "#57606a"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    return shapes, annotations


def undated_note(count: int) -> str:
    """The footnote of a chart that counts positions of unknown date (they hold at every date shown)."""
    if not count:
        return ""
    return (
        f" {count} position{'s' if count != 1 else ''} of unknown date "
        f"{'are' if count != 1 else 'is'} counted at every date."
    )
