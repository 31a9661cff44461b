"""Saved filtered lists: a list page's URL, read by the filters of that page.

A reader who filtered /frameworks/ to binding treaties follows that list: a new position on any
framework the list shows is a change for them. The query string is validated by the list's own
FilterSet and parameter check (a bad one is the same 400 the page gives) and stored normalised, so
that the same list followed twice is one follow.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.db.models import Q
from django.http import QueryDict

from ..filters.responses import check_parameter_names
from ..filters.sets import ActorFilter, FrameworkFilter, StanceFilter, apply_filters
from ..params import FilterError

log = logging.getLogger(__name__)

# A follow wants what is new: a date that freezes the list, a page of it or "current rows only"
# would make it follow nothing new. They are dropped, not refused: links carry them.
DROPPED = {"page", "as_of", "current"}
MAX_QUERY = 1000  # Follow.list_query's length


@dataclass(frozen=True)
class SavedList:
    title: str
    filterset: type
    # What a stance must match to be in the list: a framework of it, an actor of it, or itself.
    matches: str


LISTS = {
    "/frameworks/": SavedList("Frameworks", FrameworkFilter, "framework"),
    "/actors/": SavedList("Actors", ActorFilter, "actor"),
    # The positions list, as the stances export and the API serve it.
    "/export/stances.csv": SavedList("Positions", StanceFilter, "stance"),
    "/api/stances/": SavedList("Positions", StanceFilter, "stance"),
}


def parse_list(url: str) -> tuple[str, str]:
    """'/frameworks/?kind=treaty&page=2' -> ('/frameworks/', 'kind=treaty'); FilterError if it cannot be followed."""
    parts = urlsplit((url or "").strip())
    spec = LISTS.get(parts.path)
    if spec is None:
        followable = ", ".join(sorted(LISTS))
        raise FilterError({"list": [f"Only these lists can be followed: {followable} (with their filters)."]})
    params = QueryDict(parts.query, mutable=True)
    for name in DROPPED:
        params.pop(name, None)
    check_parameter_names(params, spec.filterset.base_filters, "This list")
    apply_filters(spec.filterset, params)  # raises FilterError naming each bad parameter
    query = urlencode(sorted((name, value) for name in params for value in params.getlist(name)))
    if len(query) > MAX_QUERY:
        raise FilterError(
            {"list": [f"The list's filters are too long to follow (over {MAX_QUERY} characters)."]}
        )
    return parts.path, query


def stances_q(path: str, query: str) -> Q:
    """The stances a saved list covers. A list whose filters no longer read (a framework renamed)
    covers nothing, rather than everything."""
    spec = LISTS.get(path)
    if spec is None:
        return Q(pk__in=[])
    try:
        rows, _ = apply_filters(spec.filterset, QueryDict(query))
    except FilterError as error:
        log.info("saved list %s?%s no longer reads: %s", path, query, error.message)
        return Q(pk__in=[])
    if spec.matches == "framework":
        return Q(framework__in=rows.values("pk"))
    if spec.matches == "actor":
        return Q(actor__in=rows.values("pk"))
    return Q(pk__in=rows.order_by().values("pk"))


def describe(path: str, query: str) -> str:
    spec = LISTS.get(path)
    title = spec.title if spec else path
    if not query:
        return f"{title}: all"
    filters = QueryDict(query)
    return f"{title}: " + "; ".join(f"{name} {', '.join(filters.getlist(name))}" for name in filters)


def list_url(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
