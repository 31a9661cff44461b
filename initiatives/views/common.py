"""What every dashboard page shares: the request's AsOf value, pagination, cached charts, and the
one 400 for bad parameters."""

from __future__ import annotations

from django.core.paginator import Paginator

from .. import caching
from ..as_of import AsOf
from ..charts import Chart
from ..models import Article, Publisher
from ..models.articles import domain_of
from ..params import read_page

PAGE_SIZE = 50


def page_as_of(request) -> AsOf:
    """The request's AsOf value (parsed once); a malformed date raises FilterError (a 400)."""
    return AsOf.from_request(request)


def paginate(request, queryset, size: int = PAGE_SIZE):
    """A page of `queryset`; a page number that is not a positive integer is a 400, one past the end the last page."""
    return Paginator(queryset, size).get_page(read_page(request.GET))


def cached_chart(
    name: str,
    as_of: AsOf,
    *parts,
    build,
    subjects=(caching.AGGREGATES,),
    seconds: int = caching.DEFAULT_SECONDS,
) -> Chart:
    """A chart as a page shows it, built once per day, parameters and version of what it draws: the
    records it is about (`subjects`), or every position (caching.AGGREGATES)."""
    return Chart(
        **caching.cached(
            f"chart-{name}",
            as_of.key,
            *parts,
            build=lambda: build().as_dict(),
            seconds=seconds,
            subjects=subjects,
        )
    )


def source_records(urls: list[str]) -> list[Article]:
    """Source addresses as records to show (publisher and title), in the order given; an address no
    record describes is shown by its publisher's name, found by its domain."""
    known = {a.url: a for a in Article.objects.filter(url__in=urls).select_related("outlet")}
    outlets = Publisher.objects.for_domains({domain_of(url) for url in urls if url not in known})
    return [known.get(url) or Article(url=url, outlet=outlets.get(domain_of(url))) for url in urls]


def codes_from(request, name: str) -> list[str]:
    """`?actors=CHN,USA&actors=EU` -> ["CHN", "USA", "EU"] (upper-cased, in order, without repeats)."""
    values = [part.strip().upper() for raw in request.GET.getlist(name) for part in raw.split(",")]
    return list(dict.fromkeys(v for v in values if v))
