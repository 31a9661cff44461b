"""Dates known only to the month or the year.

A partial date is stored as two columns: the first day of the period it names (so that it sorts
and compares in SQL) and its precision. It is shown at its precision, never with an invented day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .choices import DatePrecision

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    value: dt.date
    precision: str = DatePrecision.DAY

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; None for empty input; ValueError for anything else."""
        if text is None or str(text).strip() == "":
            return None
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        if day:
            return cls(dt.date(int(year), int(month), int(day)), DatePrecision.DAY)
        if month:
            return cls(dt.date(int(year), int(month), 1), DatePrecision.MONTH)
        return cls(dt.date(int(year), 1, 1), DatePrecision.YEAR)

    def iso(self) -> str:
        return format_partial_date(self.value, self.precision)

    def __str__(self) -> str:
        return display_partial_date(self.value, self.precision)


def format_partial_date(value: dt.date | None, precision: str | None) -> str:
    """ISO text at the stored precision: 2025-09-02, 2025-09 or 2025."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def display_partial_date(value: dt.date | None, precision: str | None) -> str:
    """Human text at the stored precision: 2 Sep 2025, Sep 2025 or 2025."""
    if value is None:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%b %Y")
    return f"{value.day} {value.strftime('%b %Y')}"
