"""Site-wide search: every kind of record in groups, or one kind page by page (`?kind=`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from ..filters import reports_filter_errors
from ..params import FilterError, read_page
from ..search import query as search_query
from ..search.models import SearchKind
from .common import page_as_of

PER_GROUP = 5  # each group's first matches; its "more" link lists the rest, PAGE_SIZE at a time
PAGE_SIZE = 20
PARAMETERS = ("q", "kind", "page", "as_of")


def read_kind(params, name: str = "kind") -> str:
    """'' for every kind, or one of SearchKind's values (anything else is a 400 that lists them)."""
    value = (params.get(name) or "").strip()
    if value and value not in SearchKind.values:
        raise FilterError({name: [f"Not a kind of result; use one of: {', '.join(SearchKind.values)}."]})
    return value


class KindHits:
    """One kind's matches as a sequence the Paginator slices: it asks the index for one page only."""

    def __init__(self, query, kind: str, day, total: int):
        self.query, self.kind, self.day, self.total = query, kind, day, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop or self.total
        return search_query.hits(self.query, self.kind, day=self.day, limit=stop - start, offset=start)


@reports_filter_errors("html", takes=PARAMETERS)
def search(request):
    as_of = page_as_of(request)
    text, query = search_query.read_query(request.GET)
    kind = read_kind(request.GET)
    labels = dict(SearchKind.choices)
    context = {"as_of": as_of.date, "q": text, "kind": kind, "searched": bool(text), "query": query}
    if kind:
        total = search_query.counts(query, day=as_of.date, kinds=[kind])[kind]
        page = Paginator(KindHits(query, kind, as_of.date, total), PAGE_SIZE).get_page(read_page(request.GET))
        context.update(page=page, total=total, kind_label=labels[kind])
    else:
        results = search_query.search(query, day=as_of.date, per_kind=PER_GROUP)
        context["total"] = results.total
        context["groups"] = [
            {"kind": k, "label": labels[k], "count": results.counts[k], "hits": results.hits[k]}
            for k in SearchKind.values
        ]
    return render(request, "initiatives/search.html", context)
