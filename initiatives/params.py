"""The one bounded reader of query parameters: dates, numbers and page numbers.

Every view, filter, chart endpoint and export reads its dates and numbers here, so that the same
value gets the same answer everywhere and nothing a client can type reaches a date calculation or
an int() it could overflow: a bad value is a FilterError naming the parameter (a 400), never a 500.

- Dates lie between MIN_DAY and MAX_DAY: far enough for any history of AI governance and any
  planned summit, and far from the ends of the calendar, where adding a day or a month overflows.
- Numbers are ASCII digits only (str.isdigit() accepts "²" and int() accepts "٣"), at most as
  long as their largest allowed value.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from .partial_dates import PartialDate

MIN_DAY = dt.date(1900, 1, 1)
MAX_DAY = dt.date(2199, 12, 31)
MAX_PAGE = 1_000_000

_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
_DIGITS = re.compile(r"^[0-9]+$", re.ASCII)


class FilterError(Exception):
    """Parameters that cannot be used. `errors` maps each parameter name to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {name: [str(m) for m in messages] for name, messages in errors.items()}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors.items())


def invalid(message: str) -> forms.ValidationError:
    """A ValidationError whose text is never %-formatted again.

    Messages quote what the user sent, which may hold a "%"; Django formats a message with its
    params and django-filter's DRF bridge always does, so the text travels as a param.
    """
    return forms.ValidationError("%(message)s", params={"message": message})


def _shown(text: str, limit: int = 40) -> str:
    """What the client sent, quoted and cut short for an error message."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _within(day: dt.date, text: str) -> dt.date:
    if not MIN_DAY <= day <= MAX_DAY:
        raise invalid(f"{_shown(text)} is outside the dates this tracker covers ({MIN_DAY} to {MAX_DAY}).")
    return day


def parse_day(value) -> dt.date | None:
    """YYYY-MM-DD within the covered dates; None for nothing; ValidationError otherwise."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if _ISO_DAY.match(text):
        try:
            return _within(dt.date.fromisoformat(text), text)
        except ValueError:
            pass
    raise invalid(f"{_shown(text)} is not a date; write it as YYYY-MM-DD, e.g. 2025-02-11.")


def parse_partial_date(value) -> PartialDate | None:
    """YYYY, YYYY-MM or YYYY-MM-DD within the covered dates; None for nothing."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        parsed = PartialDate.parse(text) if text.isascii() else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(f"{_shown(text)} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD.")
    _within(parsed.value, text)
    return parsed


def parse_int(value, *, minimum: int, maximum: int, what: str) -> int | None:
    """A whole number between minimum and maximum; None for nothing."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not _DIGITS.match(text) or len(text) > len(str(maximum)) or not minimum <= int(text) <= maximum:
        raise invalid(f"{_shown(text)} is not {what} between {minimum} and {maximum}.")
    return int(text)


def _read(params, name: str, parse, **kwargs):
    try:
        return parse(params.get(name), **kwargs)
    except forms.ValidationError as exc:
        raise FilterError({name: exc.messages}) from exc


def read_day(params, name: str) -> dt.date | None:
    """A YYYY-MM-DD parameter, or None when absent or blank."""
    return _read(params, name, parse_day)


def read_int(params, name: str, *, default: int, minimum: int, maximum: int, what: str = "a number") -> int:
    value = _read(params, name, parse_int, minimum=minimum, maximum=maximum, what=what)
    return default if value is None else value


def read_page(params, name: str = "page") -> int:
    """A page number: 1 by default; the paginator shows the last page for one past the end."""
    return read_int(params, name, default=1, minimum=1, maximum=MAX_PAGE, what="a page number")
