"""The dashboard's charts: Plotly figures built on the server from aggregate queries.

Each builder returns a `Chart`: the figure as plain JSON (handed to the page through json_script and
drawn by the local plotly.js) and a table with the same numbers for screen readers. Positions are
coloured everywhere with POSITION_COLOURS, in POSITION_ORDER, and always labelled in words.

Positions as of a date come from StanceQuerySet.as_of, the product's one rule. Charts that need the
state of the world at many dates (the map's frames, support over time) ask it once per date and
send all dates in one UNION ALL query, so a chart costs one query however long its history is.

Chart data is cached. The key carries a data version that any save or delete of a stance,
membership, framework, summit or actor bumps (signals connected in every process by the app's
ready()), so a curator's edit shows on the next page load while a busy dashboard reads figures from
the cache; and the hash of this module, so a release never serves figures drawn by older code.
Bulk updates send no signals: entries also expire after CACHE_SECONDS.

Actors are ordered by a greedy nearest-neighbour chain over their position vectors rather than a
hierarchical clustering: that would need scipy and numpy, which the project does not install.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.models import Count, DateField, Q, Value
from django.db.models.functions import TruncWeek
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from plotly.colors import sequential

from .choices import POSITION_COLOURS, POSITION_DIRECTION, POSITION_ORDER, ActorKind, Position
from .models import Actor, Article, Framework, Membership, Mention, Stance, Summit
from .partial_dates import display_partial_date

# Chart data lives this long even if no signal fires (bulk updates send none).
CACHE_SECONDS = 60 * 60
# News volume changes with every analysed article, which sends no version bump: keep it short.
NEWS_CACHE_SECONDS = 5 * 60
VERSION_KEY = "charts:data-version"


def _code_version() -> str:
    """A new release may draw charts or pages differently: cached figures and page fragments from
    older code or templates must not be served after a deploy. The app's modules (views, template
    tags, labels, date display) and the templates make the version."""
    digest = hashlib.sha1()
    folders = [Path(__file__).parent, *map(Path, settings.TEMPLATES[0]["DIRS"])]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".html") and "migrations" not in p.parts):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


CODE_VERSION = _code_version()

# Animation frames and time points: monthly, thinned out so one chart never asks for more dates.
MAX_TIME_POINTS = 48

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
NO_POSITION_COLOUR = "#f4f4f1"
# (ISO-3, short name) of every country, for the map's "no recorded position" layer.
WORLD_COUNTRIES = sorted((c.alpha_3, getattr(c, "common_name", None) or c.name) for c in pycountry.countries)
# Okabe & Ito's colour-blind-safe palette, for series that are not positions (frameworks in the news).
# The alignment heatmap's scale, spelled out as plotly's Python Figure spelled out "Cividis".
CIVIDIS = [[i / (len(sequential.Cividis) - 1), colour] for i, colour in enumerate(sequential.Cividis)]
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

POSITION_INDEX = {position.value: i for i, position in enumerate(POSITION_ORDER)}
POSITION_LABELS = {position.value: position.label for position in Position}


# --- Cache -------------------------------------------------------------------------------------------


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start (or an evicted key) must not reuse an old version's entries: start from the clock.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def version() -> str:
    """What a page's cached fragment of a chart is keyed on: this module's code and the data version."""
    return f"{CODE_VERSION}:{data_version()}"


def bump_data_version(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def cached(name: str, *parts, build, seconds: int = CACHE_SECONDS):
    digest = hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:16]
    key = f"charts:{CODE_VERSION}:{data_version()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def cached_json(name: str, *parts, build, seconds: int = CACHE_SECONDS) -> bytes:
    """`build()`'s chart dict as the JSON bytes an endpoint sends, cached as bytes under the same rules.

    A warm request then reads one string and sends it: no unpickling of the figure's nested lists
    and no JSON encoding per request. The encoding is JsonResponse's (DjangoJSONEncoder).
    """
    return cached(
        f"{name}.json",
        *parts,
        build=lambda: json.dumps(build(), cls=DjangoJSONEncoder).encode(),
        seconds=seconds,
    )


def bump_on_change(**kwargs) -> None:
    """Signal receiver. Bumped now and again once the writer's transaction commits: a request that
    read the new version before the commit cached the old rows under it, and the second bump
    retires that entry."""
    bump_data_version()
    transaction.on_commit(bump_data_version)


for _model in (Stance, Membership, Framework, Summit, Actor):
    post_save.connect(bump_on_change, sender=_model, dispatch_uid=f"charts-save-{_model.__name__}")
    post_delete.connect(bump_on_change, sender=_model, dispatch_uid=f"charts-delete-{_model.__name__}")
for _through in (Summit.outcomes.through, Summit.participants.through):
    m2m_changed.connect(bump_on_change, sender=_through, dispatch_uid=f"charts-m2m-{_through.__name__}")

# What pages show of a stance's source.
CITED_FIELDS = {"url", "title", "publisher", "published_at"}


def bump_if_cited(sender, instance, update_fields=None, **kwargs) -> None:
    """Pages cache the sources of published stances (publisher, address) with their rows: a change to
    such a source is a change to the data. Articles the pipeline stores, cited by nobody yet, and
    saves of fields no page shows (fetch status, notes) are not."""
    if update_fields is not None and not CITED_FIELDS & set(update_fields):
        return
    if instance.pk and Stance.objects.published().filter(source_id=instance.pk).exists():
        bump_on_change()


post_save.connect(bump_if_cited, sender=Article, dispatch_uid="charts-save-cited-article")


# --- The chart object ----------------------------------------------------------------------------------


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


def _trace(kind: str, **props) -> dict:
    """One trace as plotly.js reads it. Figures are built as plain dicts: validating them through
    plotly's Python Figure and serialising that to JSON cost more than the queries behind a chart.
    Unset (None) properties are left out, as Figure.to_json() left them out."""
    trace = {key: value for key, value in props.items() if value is not None}
    trace["type"] = kind
    return trace


def _figure(data: list, layout: dict, frames: list | None = None) -> dict:
    # Empty lists of shapes, annotations, sliders or menus are left out, as Figure.to_json() did.
    layout = {key: value for key, value in layout.items() if value != []}
    if layout.get("template") == "none":
        layout["template"] = NO_TEMPLATE
    figure = {"data": data, "layout": layout}
    if frames:
        figure["frames"] = frames
    return figure


def _base_layout(title: str, **overrides) -> dict:
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


def _position_colourscale() -> list:
    """A stepped scale: position i of POSITION_ORDER is drawn in its own colour, nothing in between."""
    n = len(POSITION_ORDER)
    scale = []
    for i, position in enumerate(POSITION_ORDER):
        colour = POSITION_COLOURS[position]
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale


def _position_colorbar(title: str = "Position") -> dict:
    return {
        "title": {"text": title},
        "tickvals": list(range(len(POSITION_ORDER))),
        "ticktext": [p.label for p in POSITION_ORDER],
        "len": 0.9,
        "thickness": 14,
    }


# --- Time points and positions at many dates -------------------------------------------------------------


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def time_points(start: dt.date, end: dt.date, limit: int = MAX_TIME_POINTS) -> list[dt.date]:
    """Month ends from start's month to end's, thinned to at most `limit`; always ending on `end`."""
    if start > end:
        start = end
    points = [start]
    day = month_end(start)
    while day < end:
        if day != start:
            points.append(day)
        day = month_end(day + dt.timedelta(days=1))
    if len(points) >= limit:
        step = -(-len(points) // (limit - 1))
        # Keep the latest points, so the thinning never hides a recent change.
        points = points[::-1][::step][::-1]
    points.append(end)
    return points


def positions_at(dates: list[dt.date], stances=None, fields=("actor_id", "framework_id", "position")):
    """{date: [row, ...]}: StanceQuerySet.as_of for each date, in one UNION ALL query."""
    stances = stances if stances is not None else Stance.objects.all()
    parts = [
        stances.as_of(day)
        .order_by()
        .annotate(at=Value(day, output_field=DateField()))
        .values_list("at", *fields)
        for day in dates
    ]
    result = {day: [] for day in dates}
    if not parts:
        return result
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for at, *row in query:
        if isinstance(at, str):  # SQLite hands back a Value() date as text
            at = dt.date.fromisoformat(at)
        result[at].append(tuple(row))
    return result


def _current(as_of: dt.date | None, actor_ids=None):
    stances = Stance.objects.all() if actor_ids is None else Stance.objects.filter(actor_id__in=actor_ids)
    return stances.current(as_of)


def _rows(queryset) -> list[tuple]:
    """A values_list queryset's rows as the database driver returns them, without Django's per-row
    iteration: for tens of thousands of ids and plain text, which need no conversion."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. actor_id__in=[]: Django would not ask the database either
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def today() -> dt.date:
    return timezone.localdate()


# --- Ordering actors so that similar ones sit together ------------------------------------------------------


# Distances in quarters, so that they are whole numbers: same position 0, same direction 1, one of the
# two without a position 2, opposite directions 4.
def _distance(a: dict, b: dict, keys) -> float:
    """The distance similarity_order minimises, spelled out key by key (the reference for its bit sums)."""
    total = 0.0
    for key in keys:
        pa, pb = a.get(key), b.get(key)
        if pa == pb:
            continue
        if pa is None or pb is None:
            total += 0.5
        elif POSITION_DIRECTION[Position(pa)] == POSITION_DIRECTION[Position(pb)]:
            total += 0.25
        else:
            total += 1.0
    return total


def _agreement_bits(vector: dict, bit: dict, width: int) -> int:
    """A position vector as one bit set: per key, its direction three times over (so that a shared
    direction counts 3) and its position once (a shared position counts 1 more)."""
    bits = 0
    for key, position in vector.items():
        at = bit[key]
        direction = (POSITION_DIRECTION[position] + 1) * width
        bits |= (
            (1 << (at + direction))
            | (1 << (at + direction + 3 * width))
            | (1 << (at + direction + 6 * width))
        )
        bits |= 1 << (at + (9 + POSITION_INDEX[position]) * width)
    return bits


def similarity_order(vectors: dict) -> list:
    """Order keys so that neighbours have similar position vectors: greedy nearest neighbour.

    A hierarchical clustering would need scipy and numpy, which the project does not install; a
    greedy chain, started from the actor with the most positions, puts like next to like, which is
    what a reader of the matrix needs. Ties go to the smaller str(key).

    The chain compares every actor with every other one, so _distance is not looped over the
    frameworks for each pair. Counted in quarters it is 2 for each framework that only one of the
    two has a position on, 1 where both have one in the same direction but not the same position,
    4 where their directions differ; that is 2 * (positions of a + positions of b) minus 3 per
    shared direction and 1 per shared position: one AND of two bit sets and a bit count per pair.
    """
    if not vectors:
        return []
    keys = sorted({k for vector in vectors.values() for k in vector}, key=str)
    bit = {key: i for i, key in enumerate(keys)}
    items = sorted(vectors, key=lambda item: (-len(vectors[item]), str(item)))
    n = len(items)
    # Ties on distance go to the smaller str(item), then to the earlier item in that start order.
    rank = {i: r for r, i in enumerate(sorted(range(n), key=lambda i: (str(items[i]), i)))}
    # Per item: 2 * its positions * n + its rank, so that one integer compares (distance, rank).
    remaining = [
        (2 * len(vectors[item]) * n + rank[i], _agreement_bits(vectors[item], bit, len(keys)), item)
        for i, item in enumerate(items)
    ]
    _base, shared, first = remaining.pop(0)
    order = [first]
    while remaining:
        scores = [base - (shared & bits).bit_count() * n for base, bits, _item in remaining]
        _base, shared, item = remaining.pop(scores.index(min(scores)))
        order.append(item)
    return order


def agreement(a: dict, b: dict) -> tuple[int, int]:
    """(agreements, frameworks both have a position on): agreeing means the same direction."""
    shared = a.keys() & b.keys()
    agree = sum(
        POSITION_DIRECTION[Position(a[key])] == POSITION_DIRECTION[Position(b[key])] for key in shared
    )
    return agree, len(shared)


# --- 1. World map ---------------------------------------------------------------------------------------


def world_map(framework: Framework, as_of: dt.date | None) -> Chart:
    return Chart(**cached("map", framework.pk, as_of, build=lambda: _world_map(framework, as_of).as_dict()))


def _world_map(framework: Framework, as_of: dt.date | None) -> Chart:
    end = as_of or today()
    stances = Stance.objects.filter(framework=framework)
    first = stances.published().filter(date__lte=end).order_by("date").values_list("date", flat=True).first()
    dates = time_points(first or end, end)
    fields = ("actor__code", "actor__name", "actor__kind", "position", "date", "date_precision")
    at = positions_at(dates, stances, fields)
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
            "colorscale": _position_colourscale(),
            "zmin": -0.5,
            "zmax": len(POSITION_ORDER) - 0.5,
            "colorbar": _position_colorbar(),
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
    layout = _base_layout(
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
        updatemenus=[_play_buttons()] if len(dates) > 1 else [],
    )
    figure = _figure([no_position, *frames[-1]["data"]], layout, frames if len(dates) > 1 else [])

    now_rows = at[end]
    countries = sorted((r for r in now_rows if r[2] == ActorKind.COUNTRY), key=lambda r: r[1])
    blocs = sorted((r for r in now_rows if r[2] != ActorKind.COUNTRY), key=lambda r: r[1])

    return Chart(
        id=f"map-{framework.slug}",
        title=title,
        figure=figure,
        caption=f"Countries' positions on {framework} as of {end:%-d %b %Y}. Grey-white: no recorded position. "
        "Blocs and organisations are listed beside the map, not painted onto their members.",
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


def _play_buttons() -> dict:
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


# --- 2. Support over time --------------------------------------------------------------------------------


def support_over_time(framework: Framework, as_of: dt.date | None) -> Chart:
    return Chart(**cached("support", framework.pk, as_of, build=lambda: _support(framework, as_of).as_dict()))


def _summit_marks(summits, start: dt.date, end: dt.date) -> tuple[list, list]:
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


def related_summits(framework: Framework):
    return list(
        # Each link in a subquery of its own: ORing two joins (one of them onto every stance)
        # and removing the duplicates was the slowest part of a cold support chart.
        Summit.objects.filter(
            Q(pk__in=Summit.outcomes.through.objects.filter(framework=framework).values("summit_id"))
            | Q(pk__in=Stance.objects.filter(framework=framework, summit__isnull=False).values("summit_id"))
        ).order_by("start_date")
    )


def _support(framework: Framework, as_of: dt.date | None) -> Chart:
    end = as_of or today()
    stances = Stance.objects.filter(framework=framework)
    first = stances.published().filter(date__lte=end).order_by("date").values_list("date", flat=True).first()
    start = first or end
    dates = time_points(start - dt.timedelta(days=1), end)
    at = positions_at(dates, stances, ("position",))
    counts = {day: Counter(row[0] for row in rows) for day, rows in at.items()}
    title = f"Support for {framework} over time"
    traces = []
    present = [p for p in POSITION_ORDER if any(counts[day][p.value] for day in dates)]
    for position in present:
        traces.append(
            _trace(
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
    shapes, annotations = _summit_marks(related_summits(framework), start, end)
    layout = _base_layout(
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
    figure = _figure(traces, layout)
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
        "dotted lines mark related summits.",
        headers=["Date", *[p.label for p in present]],
        rows=rows,
        empty=not present,
    )


# --- 3. Actor × framework matrix ------------------------------------------------------------------------

ACTOR_SETS = {"G20": "G20", "APEC": "APEC", "EU": "EU members", "all": "All actors with a position"}


def actor_set_ids(name: str, as_of: dt.date | None) -> list[int] | None:
    """Members of the named organisation on the date, or None for "all"."""
    if name == "all":
        return None
    return list(
        Membership.objects.active_on(as_of)
        .filter(organisation__code=name)
        .values_list("member_id", flat=True)
    )


def matrix(
    as_of: dt.date | None, *, actor_set: str = "G20", actor_ids=None, max_frameworks: int = 30
) -> Chart:
    key = (as_of, actor_set, sorted(actor_ids) if actor_ids is not None else None, max_frameworks)
    return Chart(
        **cached("matrix", *key, build=lambda: _matrix(as_of, actor_set, actor_ids, max_frameworks).as_dict())
    )


def _matrix(as_of, actor_set, actor_ids, max_frameworks) -> Chart:
    if actor_ids is None:
        actor_ids = actor_set_ids(actor_set, as_of)
    by_actor: dict[int, dict] = defaultdict(dict)
    for actor_id, framework_id, position in _rows(
        _current(as_of, actor_ids).values_list("actor_id", "framework_id", "position")
    ):
        by_actor[actor_id][framework_id] = position
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
    title = f"Current positions: {label}" + (f" as of {as_of:%-d %b %Y}" if as_of else "")
    vectors = {actors[actor_id]: vector for actor_id, vector in by_actor.items()}
    # The most common frameworks (ties by name, then by id).
    frameworks = sorted(fw_counts, key=lambda pk: (-fw_counts[pk], fw_names[pk], pk))[:max_frameworks]
    shown = set(frameworks)
    order = similarity_order(
        {code: {f: p for f, p in v.items() if f in shown} for code, v in vectors.items()}
    )
    x = [fw_names[pk] for pk in frameworks]
    y = [f"{names[code]} ({code})" for code in order]
    z, text = [], []
    for code in order:
        vector = vectors[code]
        row = [vector.get(pk) for pk in frameworks]
        z.append([POSITION_INDEX.get(position) for position in row])
        text.append([POSITION_LABELS.get(position, "no recorded position") for position in row])
    height = max(320, 150 + 22 * len(order))
    figure = _figure(
        [
            _trace(
                "heatmap",
                x=x,
                y=y,
                z=z,
                text=text,
                hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
                colorscale=_position_colourscale(),
                zmin=-0.5,
                zmax=len(POSITION_ORDER) - 0.5,
                colorbar=_position_colorbar(),
                xgap=2,
                ygap=2,
                hoverongaps=False,
            )
        ],
        _base_layout(
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
        caption=f"Each actor's current position on each framework ({label}). Rows are ordered so that actors "
        "with similar positions sit together; empty cells: no recorded position.",
        headers=["Actor", *x],
        rows=[[y[i], *row] for i, row in enumerate(text)],
        empty=not order,
    )


# --- 4. One actor across frameworks over time ---------------------------------------------------------------


def actor_timeline(actor: Actor, as_of: dt.date | None) -> Chart:
    return Chart(
        **cached("actor-timeline", actor.pk, as_of, build=lambda: _actor_timeline(actor, as_of).as_dict())
    )


def _actor_timeline(actor: Actor, as_of: dt.date | None) -> Chart:
    end = as_of or today()
    history = list(
        Stance.objects.history_until(end)
        .filter(actor=actor, date__isnull=False)
        .order_by("framework_id", "date", "id")
        .values_list("framework_id", "framework__short_name", "framework__name", "position", "date")
    )
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
            _trace(
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
            _trace(
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
        .order_by("start_date")
        .only("name", "start_date")
    )
    shapes, annotations = _summit_marks(list(summits), start, end)
    height = max(300, 140 + 36 * len(by_framework))
    layout = _base_layout(
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
    figure = _figure(traces, layout)
    return Chart(
        id=f"timeline-{actor.code.lower()}",
        title=title,
        figure=figure,
        caption=f"Each bar is one position {actor.name} held on a framework, from the date it was stated until "
        "the next; dotted lines mark summits it attended.",
        headers=["Framework", "Position", "From"],
        rows=[
            [fw_name, POSITION_LABELS[position], f"{date:%-d %b %Y}"]
            for (_fw, fw_name), events in sorted(by_framework.items(), key=lambda kv: kv[0][1])
            for date, position in events
        ],
        empty=not history,
    )


# --- 5. Alignment -------------------------------------------------------------------------------------------


# The alignment heatmap stays readable up to about this many actors; "all" keeps the most active.
ALIGNMENT_MAX_ACTORS = 40


def alignment_set_ids(name: str, as_of: dt.date | None) -> list[int]:
    """Actors for an alignment heatmap: an organisation's members, or the most active actors for "all"."""

    def build():
        ids = actor_set_ids(name, as_of)
        stances = Stance.objects.as_of(as_of)
        if ids is not None:
            stances = stances.filter(actor_id__in=ids)
        busiest = stances.values("actor_id").annotate(n=Count("id")).order_by("-n", "actor_id")
        return [row["actor_id"] for row in busiest[:ALIGNMENT_MAX_ACTORS]]

    return cached("alignment-set", name, as_of, build=build)


def current_vectors(as_of: dt.date | None, actor_ids=None) -> dict[int, dict[int, str]]:
    """{actor_id: {framework_id: position}} as of the date: one query."""
    vectors: dict[int, dict[int, str]] = defaultdict(dict)
    stances = _current(as_of, actor_ids).values_list("actor_id", "framework_id", "position")
    for actor_id, framework_id, position in _rows(stances):
        vectors[actor_id][framework_id] = position
    return dict(vectors)


def closest_actors(actor: Actor, as_of: dt.date | None, limit: int = 10) -> list[dict]:
    """The actors that agree most with `actor` over the frameworks both have a position on."""

    def build():
        vectors = current_vectors(as_of)
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
            {
                "code": actors[s[2]].code,
                "name": actors[s[2]].name,
                "share": s[0],
                "agree": s[3],
                "shared": s[1],
            }
            for s in top
        ]

    return cached("closest", actor.pk, as_of, limit, build=build)


def alignment(as_of: dt.date | None, *, actor_ids: list[int], title_suffix: str = "") -> Chart:
    return Chart(
        **cached(
            "alignment",
            as_of,
            sorted(actor_ids),
            title_suffix,
            build=lambda: _alignment(as_of, actor_ids, title_suffix).as_dict(),
        )
    )


def _alignment(as_of, actor_ids, title_suffix) -> Chart:
    vectors = current_vectors(as_of, actor_ids)
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
    figure = _figure(
        [
            _trace(
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
        _base_layout(
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


# --- 6. News volume ----------------------------------------------------------------------------------------


def news_volume(
    as_of: dt.date | None, *, weeks: int = 26, top: int = 6, framework: Framework | None = None
) -> Chart:
    return Chart(
        **cached(
            "news",
            as_of,
            weeks,
            top,
            framework.pk if framework else None,
            build=lambda: _news_volume(as_of, weeks, top, framework).as_dict(),
            seconds=NEWS_CACHE_SECONDS,
        )
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _news_volume(as_of, weeks, top, framework) -> Chart:
    end = as_of or today()
    first_week = week_start(end) - dt.timedelta(weeks=weeks - 1)
    start = timezone.make_aware(dt.datetime.combine(first_week, dt.time.min))
    stop = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    mentions = Mention.objects.filter(framework__isnull=False, published_at__gte=start, published_at__lt=stop)
    if framework is not None:
        mentions = mentions.filter(framework=framework)
    # Weeks as dates (not aware datetimes made one by one in Python) and frameworks by id, their
    # names read once afterwards: the rows are one per framework and week, thousands of them.
    rows = list(
        mentions.annotate(week=TruncWeek("published_at", output_field=DateField()))
        .values_list("week", "framework_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    frameworks = {
        pk: (slug, short or name)
        for pk, slug, short, name in Framework.objects.filter(pk__in={r[1] for r in rows}).values_list(
            "pk", "slug", "short_name", "name"
        )
    }
    totals = Counter()
    counts = defaultdict(Counter)
    names = {}
    for week, framework_id, n in rows:
        day = week.date() if isinstance(week, dt.datetime) else week
        slug, names[slug] = frameworks[framework_id]
        counts[slug][day] += n
        totals[slug] += n
    # The most mentioned (ties by slug).
    leaders = sorted(totals, key=lambda slug: (-totals[slug], slug))[:top]
    week_days = [first_week + dt.timedelta(weeks=i) for i in range(weeks)]
    traces = [
        _trace(
            "scatter",
            x=[d.isoformat() for d in week_days],
            y=[counts[slug][d] for d in week_days],
            name=names[slug],
            mode="lines+markers",
            line={"color": QUALITATIVE[i % len(QUALITATIVE)], "width": 2},
            marker={"size": 5},
            hovertemplate=f"{names[slug]}: %{{y}} mentions in the week of %{{x|%-d %b %Y}}<extra></extra>",
        )
        for i, slug in enumerate(leaders)
    ]
    title = (
        "News volume: mentions per framework per week" if framework is None else f"News volume: {framework}"
    )
    layout = _base_layout(
        title,
        height=360,
        xaxis={"title": {"text": "Week starting"}, "type": "date", "showgrid": False},
        yaxis={"title": {"text": "Mentions"}, "rangemode": "tozero", "gridcolor": "#eaeef2"},
        legend={"orientation": "h", "y": -0.3, "title": {"text": "Framework"}},
        margin={"l": 60, "r": 20, "t": 50, "b": 100},
    )
    figure = _figure(traces, layout)
    return Chart(
        id="news-volume" if framework is None else f"news-{framework.slug}",
        title=title,
        figure=figure,
        caption=f"Mentions in analysed articles, per week, for the {weeks} weeks up to {end:%-d %b %Y}"
        + ("; the most mentioned frameworks." if framework is None else "."),
        headers=["Week starting", *[names[slug] for slug in leaders]],
        rows=[
            [d.isoformat(), *[str(counts[slug][d]) for slug in leaders]]
            for d in week_days
            if any(counts[s][d] for s in leaders)
        ],
        empty=not leaders,
    )
