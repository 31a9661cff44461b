"""Template helpers for citing the tracker: the data version in every footer and the "cite this" box.

Both read only the cache (release.data_version) and the request: no query on a warm page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils import timezone

from .. import release
from ..as_of import AsOf

register = template.Library()


@register.simple_tag
def data_version() -> dict:
    """{% data_version as version %}: release, release_date, last_change (a date or None) and line."""
    version = release.data_version()
    return {**version, "line": release.version_line(version)}


@register.simple_tag(takes_context=True)
def citation(context, title: str) -> dict:
    """{% citation "Page title" as cite %}: the page's address (with its as_of date, if one was asked
    for, and nothing else), the day it was read and a suggested citation line."""
    request = context["request"]
    as_of = AsOf.from_request(request)
    # The origin as this request names it; a page rendered ahead (page_cache) names the first allowed
    # host, and app.js puts the reader's own origin in its place.
    origin = request.build_absolute_uri("/").rstrip("/")
    path = request.path + (f"?{urlencode(as_of.query)}" if as_of else "")
    accessed = timezone.localdate()
    version = release.data_version()
    view = f" As of {as_of.day:%-d %B %Y}." if as_of else ""
    return {
        "origin": origin,
        "path": path,
        "url": origin + path,
        "accessed": accessed,
        "release": version["release"],
        "before": f"AI Governance Tracker, “{title}”.{view} Data release {version['release']}. ",
        "after": f" (accessed {accessed:%-d %B %Y}).",
    }


@register.simple_tag(takes_context=True)
def chart_urls(context, chart) -> dict | None:
    """{% chart_urls chart as urls %}: the chart's JSON and CSV addresses (urls.json, urls.csv)."""
    from ..views.chart_data import chart_urls as urls_for  # noqa: PLC0415 - views import the template tags' app

    return urls_for(chart.id, context["request"])
