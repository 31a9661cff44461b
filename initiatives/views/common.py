"""What every dashboard page shares: the as_of date, pagination, and the one 400 for bad parameters."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.utils import timezone

from ..filters import FilterError, parse_as_of, start_of_day

PAGE_SIZE = 50


def page_as_of(request) -> dt.date | None:
    """The page's as_of date from the query string; a malformed one raises FilterError (a 400)."""
    return parse_as_of(request.GET.get("as_of"))


def end_of(as_of: dt.date | None) -> dt.date:
    return as_of or timezone.localdate()


def day_range(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes from the start of `first` to the start of the day after `last`."""
    return start_of_day(first), start_of_day(last + dt.timedelta(days=1))


def paginate(request, queryset, size: int = PAGE_SIZE):
    """A page of `queryset`; a page number that is not a positive integer is a 400, one past the end the last page."""
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise FilterError({"page": [f"{raw!r} is not a page number."]})
    return Paginator(queryset, size).get_page(int(raw))


def codes_from(request, name: str) -> list[str]:
    """`?actors=CHN,USA&actors=EU` -> ["CHN", "USA", "EU"] (upper-cased, in order, without repeats)."""
    values = [part.strip().upper() for raw in request.GET.getlist(name) for part in raw.split(",")]
    return list(dict.fromkeys(v for v in values if v))
