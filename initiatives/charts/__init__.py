"""The dashboard's charts: Plotly figures built on the server from aggregate queries.

Each builder takes the request's AsOf value and returns a `Chart`: the figure as plain JSON (handed
to the page through json_script and drawn by the local plotly.js) and a table with the same numbers
for screen readers. Builders do not cache: whoever serves a chart (a page, the JSON endpoint)
caches it once, through initiatives.caching.

- figures.py    the Chart object, plain-dict traces and layouts, the shared look
- positions.py  the position queries: positions at many dates, current vectors, actor sets
- similarity.py position distances and the clustered order (pure functions; the agreement
                measures and the clustering itself are in initiatives.analysis.agreement)
- map.py, support.py, matrix.py, timeline.py, alignment.py, news.py: one chart family each
"""

from .alignment import (
    ALIGNMENT_MAX_ACTORS,
    MEASURES,
    alignment,
    alignment_set_ids,
    closest_actors,
    peers,
    read_measure,
)
from .figures import Chart
from .map import world_map
from .matrix import matrix
from .news import news_volume
from .positions import ACTOR_SETS, MAX_TIME_POINTS, positions_at, related_summits, time_points
from .similarity import agreement, distance, similarity_order
from .support import support_over_time
from .timeline import actor_timeline

__all__ = [
    "ACTOR_SETS",
    "ALIGNMENT_MAX_ACTORS",
    "MAX_TIME_POINTS",
    "MEASURES",
    "Chart",
    "actor_timeline",
    "agreement",
    "alignment",
    "alignment_set_ids",
    "closest_actors",
    "distance",
    "matrix",
    "news_volume",
    "peers",
    "positions_at",
    "read_measure",
    "related_summits",
    "similarity_order",
    "support_over_time",
    "time_points",
    "world_map",
]
