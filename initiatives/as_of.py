"""The date a request views the world on: one value, read once per request, that answers every
question a page asks of time.

`AsOf.from_request(request)` parses `?as_of=YYYY-MM-DD` once (a malformed or out-of-range date is a
FilterError, shown as a 400) and keeps the result on the request. Asking for today is the same as
asking for nothing: both give the view of today, with the same figures, the same cache entries and
the same links, so `as_of=<today>` and no `as_of` never disagree.

What a view as of day D shows:
- positions: each actor's latest published stance per framework dated on or before D; a stance of
  unknown date counts as the earliest (it stays in every dated view, marked "date unknown", until a
  dated stance follows it) — StanceQuerySet.as_of;
- a framework's status: the step of its dated status timeline in force on D (declared status once
  every dated step has passed, computed for treaties with an entry-into-force rule);
- notes written later than D (a framework's status note) are left out;
- articles published by the end of D, and undated reference pages (listed last, marked undated);
- summits that had started by D (undated ones are kept; the view of today lists planned ones too);
- memberships in force on D.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .params import read_day

_REQUEST_ATTRIBUTE = "_tracker_as_of"


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class AsOf:
    day: dt.date
    """The date of the view: the one asked for, or today."""
    date: dt.date | None = None
    """The date asked for when it is not today (None: the view of today). Links and forms carry it."""

    # --- making one ----------------------------------------------------------------------------------

    @classmethod
    def on(cls, day: dt.date | None, today: dt.date | None = None) -> AsOf:
        today = today or timezone.localdate()
        if day is None or day == today:
            return cls(day=today)
        return cls(day=day, date=day)

    @classmethod
    def today(cls) -> AsOf:
        return cls.on(None)

    @classmethod
    def from_request(cls, request) -> AsOf:
        """The request's view date, parsed once; FilterError for a malformed one."""
        found = getattr(request, _REQUEST_ATTRIBUTE, None)
        if found is None:
            found = cls.on(read_day(request.GET, "as_of"))
            setattr(request, _REQUEST_ATTRIBUTE, found)
        return found

    @classmethod
    def coerce(cls, value) -> AsOf:
        """An AsOf from an AsOf, a date or None (scripts, commands and tests)."""
        return value if isinstance(value, cls) else cls.on(value)

    # --- reading it ----------------------------------------------------------------------------------

    def __bool__(self) -> bool:
        """True when a date other than today was asked for (templates: {% if as_of %})."""
        return self.date is not None

    @property
    def key(self) -> str:
        """What cache keys carry: the day of the view, so that today's entries end at midnight."""
        return self.day.isoformat()

    @property
    def query(self) -> dict[str, str]:
        """The query parameter that keeps a link on this date ({} for today)."""
        return {"as_of": self.date.isoformat()} if self.date else {}

    @property
    def moment(self) -> dt.datetime:
        """The end of the day of the view (an aware datetime): what was published before it is known."""
        return start_of_day(self.day + dt.timedelta(days=1))

    def isoformat(self) -> str:
        return self.day.isoformat()

    # --- what a view shows on its day ------------------------------------------------------------------

    def stances(self, queryset=None, **restrictions):
        """Each actor's position on each framework on the day (StanceQuerySet.as_of)."""
        from .models import Stance  # noqa: PLC0415 - the models use this module's helpers

        queryset = queryset if queryset is not None else Stance.objects.all()
        return queryset.as_of(self.day, **restrictions)

    def history(self, queryset=None):
        """Every published stance dated on or before the day, and the undated ones."""
        from .models import Stance  # noqa: PLC0415

        queryset = queryset if queryset is not None else Stance.objects.all()
        return queryset.history_until(self.day)

    def articles(self, queryset):
        return queryset.known_by(self.moment)

    def summits(self, queryset):
        """Summits that had started by the day. The view of today lists planned summits too: what
        is announced now is known now (of a past day, we cannot tell what had been announced)."""
        if not self:
            return queryset
        return queryset.filter(Q(start_date__lte=self.day) | Q(start_date__isnull=True))

    def memberships(self, queryset):
        return queryset.active_on(self.day)

    def status(self, framework) -> str:
        return framework.status_on(self.day)

    def status_label(self, framework) -> str:
        return framework.status_label_on(self.day)

    def shows_note(self, written_on: dt.date | None) -> bool:
        """A note written after the day (a status note of 2026 in a view of 2024) is left out."""
        return written_on is None or written_on <= self.day
