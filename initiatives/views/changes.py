"""What changed between two dates: /changes/?from=D1&to=D2, its CSV, with the same rows.

A change is a published stance dated in the range whose position differs from its actor's previous
position on its framework, or is its first (StanceQuerySet.changed_between): shown as was -> now.
Stances of unknown date cannot be placed in a range: the page counts them in a footnote.
"""

from __future__ import annotations

import datetime as dt

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..choices import Act
from ..exports.columns import csv_blocks
from ..filters import apply_filters, reports_filter_errors
from ..filters.changes import ChangeFilter
from ..models import Actor, Framework, Stance
from ..partial_dates import format_partial_date
from .common import page_as_of, paginate

# Newest first; within a day by framework and actor, so that pages and the CSV keep one order.
CHANGE_ORDER = ("-date", "framework__name", "actor__name", "-id")

# The CSV's columns, and the field each is read from.
CSV_COLUMNS = [
    ("id", "pk"),
    ("date", None),
    ("actor_code", "actor__code"),
    ("actor_name", "actor__name"),
    ("framework_slug", "framework__slug"),
    ("framework_name", "framework__name"),
    ("previous_position", "previous_position"),
    ("position", "position"),
    ("act", "act"),
    ("summit_slug", "summit__slug"),
    ("source_url", "source__url"),
    ("source_title", "source__title"),
    ("source_kind", "source_kind"),
]


def changes_in(request):
    """The filtered, ordered changes of a request and its FilterSet (FilterError for bad parameters)."""
    page_as_of(request)  # a malformed as_of is named as such, before the other filters
    changes, filterset = apply_filters(ChangeFilter, request.GET, Stance.objects.all(), request=request)
    return changes.order_by(*CHANGE_ORDER), filterset


def _ranges(day: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The quick ranges offered, ending on the day of the view."""
    return [
        ("This month", day.replace(day=1), day),
        ("This year", day.replace(month=1, day=1), day),
        ("The last 12 months", day - dt.timedelta(days=364), day),
    ]


@require_GET
@reports_filter_errors("html", takes=("page",), filterset=ChangeFilter)
def changes(request):
    as_of = page_as_of(request)
    rows, filterset = changes_in(request)
    page = paginate(request, rows.select_related("actor", "framework", "source", "source__outlet", "summit"))
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    actors = list(Actor.objects.order_by("name").values_list("code", "name"))
    actor = request.GET.get("actor", "").strip().upper()
    context = {
        "as_of": as_of.date,
        "page": page,
        "start": filterset.start,
        "end": filterset.end,
        "from_given": bool(filterset.form.cleaned_data.get("from")),
        "params": request.GET,
        "ranges": _ranges(as_of.day),
        "undated": filterset.undated().count(),
        "csv_url": reverse("initiatives:changes-csv") + (f"?{csv_query.urlencode()}" if csv_query else ""),
        "csv_query": csv_query.urlencode(),
        # The pickers: names to choose by, codes and slugs sent.
        "actors": actors,
        "actor_other": bool(actor) and actor not in {code.upper() for code, _name in actors},
        "frameworks": list(Framework.objects.order_by("name").values_list("slug", "name")),
        "acts": Act.choices,
    }
    return render(request, "initiatives/changes.html", context)


def csv_rows(changes):
    """The CSV's rows of some changes, in the page's order: one query, whatever the count."""
    fields = [field for _name, field in CSV_COLUMNS if field] + ["date", "date_precision"]
    for values in changes.values_list(*fields).iterator(chunk_size=2000):
        row = dict(zip(fields, values, strict=True))
        yield [
            format_partial_date(row["date"], row["date_precision"]) if field is None else row[field]
            for _name, field in CSV_COLUMNS
        ]


@require_GET
@reports_filter_errors("text", takes=("page",), filterset=ChangeFilter)
def changes_csv(request):
    """The rows of /changes/ with the same parameters, every page of them (`page` is accepted and ignored)."""
    rows, filterset = changes_in(request)
    response = StreamingHttpResponse(
        csv_blocks([name for name, _field in CSV_COLUMNS], csv_rows(rows)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"changes-{filterset.start.isoformat()}-to-{filterset.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
