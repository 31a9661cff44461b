"""The filter of /changes/, its CSV and /api/v1/changes/: position changes between two dates."""

from __future__ import annotations

import datetime as dt

from ..choices import Act
from ..models import Framework, Stance
from ..params import MIN_DAY
from .fields import PartialDateFilter, actor_codes, as_of_filter, choices, period_end, slugs
from .sets import BaseFilterSet


class ChangeFilter(BaseFilterSet):
    """Position changes: published stances dated in a range that change their actor's position on
    their framework (or are its first one), each with the position it replaced.

    Parameters:
      from       YYYY, YYYY-MM or YYYY-MM-DD: changes dated on or after (default: the earliest record)
      to         YYYY, YYYY-MM or YYYY-MM-DD: changes dated on or before, to the end of that period
                 (default: the as_of date, or today)
      actor      actor codes
      framework  framework slugs
      act        proposed, stated_support, stated_neutral, stated_opposition, co_sponsored, voted_for,
                 voted_against, abstained, signed, ratified, joined, did_not_sign, withdrew
      as_of      YYYY-MM-DD: the record up to that date (a range running later ends on it)
    """

    actor = actor_codes("actor", label="Actors")
    framework = slugs(Framework, "framework", "framework slug", label="Frameworks")
    act = choices("act", Act, "act", label="Act")
    as_of = as_of_filter(help_text="The record up to this date.")

    class Meta:
        model = Stance
        fields = []

    def validate(self):
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if start and end and start.value > period_end(end):
            self.form.add_error(
                "from",
                f"from ({start.iso()}) is after to ({end.iso()}): "
                "the range must start on or before the day it ends.",
            )

    @property
    def start(self) -> dt.date:
        """The first day of the range (the earliest date the tracker covers without `from`)."""
        start = self.form.cleaned_data.get("from") if self.is_valid() else None
        return start.value if start else MIN_DAY

    @property
    def end(self) -> dt.date:
        """The last day of the range: `to` at its precision, never later than the as_of day."""
        end = self.form.cleaned_data.get("to") if self.is_valid() else None
        return min(period_end(end), self.as_of.day) if end else self.as_of.day

    def at(self, queryset, as_of):
        return queryset.changed_between(self.start, self.end)

    def undated(self, queryset=None):
        """The position changes of unknown date that the other filters would keep: a range leaves them out."""
        queryset = queryset if queryset is not None else Stance.objects.all()
        for name in ("actor", "framework", "act"):
            value = self.form.cleaned_data.get(name)
            if value:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.undated_changes()


# "from" is a Python keyword: the two range filters are added by name.
ChangeFilter.base_filters["from"] = PartialDateFilter(field_name="date", method="keep", label="From")
ChangeFilter.base_filters["to"] = PartialDateFilter(field_name="date", method="keep", label="To")
