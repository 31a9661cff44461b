"""Each chart's data as JSON (the figure and its table, for scripts, notebooks and the benchmarks) and
as CSV (exactly the chart's table: its headers and rows, read from the same cached JSON).

GET /charts/<name>.json and /charts/<name>.csv with the chart's parameters and as_of:
  map, support        framework=<slug>
  matrix              set=G20|APEC|EU|all, or a bloc's code (its members, as on the bloc's page)
  actor-timeline      actor=<code>
  alignment           actors=<codes> (2 to 30) or set=G20|APEC|EU; measure=open|shared|un_votes
  news                framework=<slug> (optional), weeks=1..104
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .. import caching, charts
from ..choices import ActorKind
from ..exports.columns import csv_blocks
from ..filters import ActorFilter, FilterError, apply_filters, check_parameter_names, reports_filter_errors
from ..models import Actor, Framework
from ..params import read_int
from .common import codes_from, page_as_of
from .dashboard import MAX_COMPARED, actor_set_from


def _framework(request, required=True):
    slug = request.GET.get("framework")
    if not slug:
        if required:
            raise FilterError({"framework": ["This chart needs a framework slug, e.g. framework=waico."]})
        return None
    return get_object_or_404(Framework, slug=slug)


def _weeks(request) -> int:
    return read_int(request.GET, "weeks", default=26, minimum=1, maximum=104, what="a number of weeks")


def _alignment_ids(request, as_of) -> list[int]:
    codes = codes_from(request, "actors")
    if codes:
        if not 2 <= len(codes) <= MAX_COMPARED:
            raise FilterError({"actors": [f"Give between 2 and {MAX_COMPARED} actor codes."]})
        chosen, _filterset = apply_filters(ActorFilter, {"code": ",".join(codes)})
        return [actor.pk for actor in chosen]
    return charts.alignment_set_ids(actor_set_from(request), as_of)  # cached with the endpoint


# The query parameters each chart is drawn from (besides as_of): the key of its cached JSON, so that
# a warm request is answered without looking up its framework or actor, and other parameters
# (cache busters) neither change the answer nor add entries.
PARAMETERS = {
    "map": ("framework",),
    "support": ("framework",),
    "matrix": ("set",),
    "actor-timeline": ("actor",),
    "alignment": ("actors", "set", "measure"),
    "news": ("framework", "weeks"),
}


def _chart_json(request, name) -> bytes:
    """The chart's JSON as the endpoint sends it, cached once per day, parameters and data version."""
    if name not in PARAMETERS:
        raise Http404(f"No chart called {name!r}.")
    check_parameter_names(request.GET, {"as_of", *PARAMETERS[name]}, f"The {name} chart")
    as_of = page_as_of(request)
    params = [request.GET.get(param) for param in PARAMETERS[name]]
    seconds = caching.NEWS_SECONDS if name == "news" else caching.DEFAULT_SECONDS
    return caching.cached_json(
        f"endpoint-{name}",
        as_of.key,
        *params,
        build=lambda: _chart(request, name, as_of).as_dict(),
        seconds=seconds,
        subjects=_subjects(name, request),
    )


@reports_filter_errors("json")
def chart_data(request, name):
    return HttpResponse(_chart_json(request, name), content_type="application/json")


@reports_filter_errors("text")
def chart_csv(request, name):
    """The chart's table as CSV: the same headers and rows as its JSON (and its page's data table)."""
    chart = json.loads(_chart_json(request, name))
    as_of = page_as_of(request)
    rows = [[_number_or_text(cell) for cell in row] for row in chart["rows"]]
    response = HttpResponse(b"".join(csv_blocks(chart["headers"], rows)), content_type="text/csv")
    filename = f"{chart['id']}-{as_of.day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def _number_or_text(cell):
    """A table cell that is a plain number ("-1.00", a negative κ) is written as the number it is: the
    CSV's formula guard marks text starting with "-", and no number can run as a formula."""
    if isinstance(cell, str) and _NUMBER.fullmatch(cell):
        return Decimal(cell)
    return cell


def chart_source(chart_id: str, request) -> dict | None:
    """Which endpoint draws the chart a page shows, found from its id and the page's parameters:
    {"name", "params"} (as_of included when the page has one), or None for a chart no endpoint draws."""
    prefix, _, rest = chart_id.partition("-")
    if prefix in ("map", "support") and rest:
        name, params = prefix, {"framework": rest}
    elif prefix == "matrix" and rest:
        name, params = "matrix", {"set": "all" if rest == "all" else rest.upper()}
    elif prefix == "timeline" and rest:
        name, params = "actor-timeline", {"actor": rest.upper()}
    elif prefix == "news":
        name, params = "news", {} if rest == "volume" else {"framework": rest}
    elif chart_id == "alignment":
        codes = codes_from(request, "actors")
        name = "alignment"
        params = {"actors": ",".join(codes)} if codes else {"set": actor_set_from(request)}
    else:
        return None
    as_of = page_as_of(request)
    params.update(as_of.query)
    return {"name": name, "params": params}


def chart_urls(chart_id: str, request) -> dict | None:
    """The chart's JSON and CSV addresses, or None."""
    source = chart_source(chart_id, request)
    if source is None:
        return None
    query = f"?{urlencode(source['params'])}" if source["params"] else ""
    return {
        "json": reverse("initiatives:chart-data", args=[source["name"]]) + query,
        "csv": reverse("initiatives:chart-csv", args=[source["name"]]) + query,
    }


def _matrix_set(request) -> str:
    """An actor set of the home page, or a bloc whose members an organisation's page draws side by side."""
    name = request.GET.get("set") or "G20"
    if name in charts.ACTOR_SETS or Actor.objects.filter(code=name, kind=ActorKind.ORGANISATION).exists():
        return name
    return actor_set_from(request)  # the 400 that lists the sets


def _subjects(name, request) -> list[str]:
    """What a chart draws: one framework's or actor's positions, or every position."""
    if name in ("map", "support") and request.GET.get("framework"):
        return [caching.subject("framework", request.GET["framework"])]
    if name == "actor-timeline" and request.GET.get("actor"):
        return [caching.subject("actor", request.GET["actor"].upper())]
    return [caching.AGGREGATES]


def _chart(request, name, as_of) -> charts.Chart:
    if name == "map":
        return charts.world_map(_framework(request), as_of)
    if name == "support":
        return charts.support_over_time(_framework(request), as_of)
    if name == "matrix":
        return charts.matrix(as_of, actor_set=_matrix_set(request))
    if name == "actor-timeline":
        code = request.GET.get("actor")
        if not code:
            raise FilterError({"actor": ["This chart needs an actor code, e.g. actor=CHN."]})
        return charts.actor_timeline(get_object_or_404(Actor, code__iexact=code), as_of)
    if name == "alignment":
        measure = charts.read_measure(request.GET)
        return charts.alignment(as_of, actor_ids=_alignment_ids(request, as_of), measure=measure)
    return charts.news_volume(as_of, weeks=_weeks(request), framework=_framework(request, required=False))
