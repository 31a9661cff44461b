"""The filters' building blocks: form fields that parse list, choice, code, date and text
parameters strictly (an unknown value is an error naming it), and the filter classes built on them.
Dates and numbers are read by initiatives.params, the one bounded reader."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..choices import MembershipRole
from ..models import Actor, Membership
from ..params import (
    MAX_DAY,
    MIN_DAY,
    invalid,
    parse_day,
    parse_int,
    parse_partial_date,
    read_day,
)
from ..partial_dates import PartialDate

# A query string is not a bulk interface: a list longer than this is a mistake or an attack, and
# every value becomes a bound SQL parameter.
MAX_LIST_VALUES = 500

# Who may see pending and rejected stances through the public filters.
UNPUBLISHED_STANCE_PERMISSION = "initiatives.view_stance"


def parse_as_of(value: str | None, name: str = "as_of") -> dt.date | None:
    """Parse an `as_of` value (YYYY-MM-DD). None or '' means "no date"; anything else malformed raises."""
    return read_day({name: value}, name)


def period_end(partial: PartialDate) -> dt.date:
    """The last day of the period a partial date names (2024-02 -> 2024-02-29)."""
    value = partial.value
    if partial.precision == "year":
        return dt.date(value.year, 12, 31)
    if partial.precision == "month":
        return dt.date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


# --- Form fields and widgets ----------------------------------------------------------------------


class ListWidget(forms.TextInput):
    """Reads `?x=a,b` and `?x=a&x=b` alike, and renders a list back as "a,b"."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        raw = getlist(name) if getlist else data.get(name)
        if raw is None:
            return []
        if isinstance(raw, str):
            raw = [raw]
        return [part.strip() for item in raw for part in str(item).split(",") if part.strip()]

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(str(item) for item in value)
        return super().format_value(value)


def _check_values(values: list[str]) -> None:
    if len(values) > MAX_LIST_VALUES:
        raise invalid(f"At most {MAX_LIST_VALUES} values are accepted; got {len(values)}.")
    # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the query.
    if any("\x00" in value for value in values):
        raise invalid("Values cannot contain NUL characters.")


class ChoiceListField(forms.Field):
    """A list of choice values (positions, kinds...). Unknown values are an error naming the valid ones."""

    widget = ListWidget

    def __init__(self, *, choices, noun: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.valid = {str(value).lower(): str(value) for value, _label in choices}
        self.noun = noun

    def clean(self, value):
        values = value or []
        if isinstance(values, str):
            values = [values]
        _check_values(values)
        unknown = [v for v in values if v.lower() not in self.valid]
        if unknown:
            raise invalid(
                f"Unknown {self.noun}: {', '.join(unknown)}. Use one of: {', '.join(self.valid.values())}."
            )
        return list(dict.fromkeys(self.valid[v.lower()] for v in values))


class CodeListField(forms.Field):
    """A list of codes or slugs naming rows of `queryset`; cleans to their primary keys.

    An unknown code is an error that names it, so that a typo never widens or empties a result
    without saying so.
    """

    widget = ListWidget

    def __init__(self, *, queryset, to_field: str, noun: str, normalise: Callable[[str], str], **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.queryset = queryset
        self.to_field = to_field
        self.noun = noun
        self.normalise = normalise

    def clean(self, value):
        values = value or []
        if isinstance(values, str):
            values = [values]
        if not values:
            return []
        _check_values(values)
        candidates = set(values) | {self.normalise(v) for v in values}
        found = {
            str(key).lower(): pk
            for pk, key in self.queryset.filter(**{f"{self.to_field}__in": candidates}).values_list(
                "pk", self.to_field
            )
        }
        unknown = [v for v in values if v.lower() not in found]
        if unknown:
            raise invalid(f"Unknown {self.noun}: {', '.join(unknown)}.")
        return list(dict.fromkeys(found[v.lower()] for v in values))


class StrictBooleanField(forms.Field):
    """true/false, 1/0, yes/no, on/off; anything else is an error (a NullBooleanField would ignore it)."""

    TRUE = {"1", "true", "yes", "on"}
    FALSE = {"0", "false", "no", "off"}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise invalid(f"{value!r} is not true or false (use true/false, 1/0 or yes/no).")


class PartialDateField(forms.Field):
    """YYYY, YYYY-MM or YYYY-MM-DD, cleaned to a PartialDate (params.parse_partial_date)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_partial_date(value)


class IsoDayField(forms.Field):
    """A full date written YYYY-MM-DD (what `as_of` takes; params.parse_day)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_day(value)


class YearField(forms.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_int(value, minimum=MIN_DAY.year, maximum=MAX_DAY.year, what="a year")


class TextField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


# --- Filters ---------------------------------------------------------------------------------------


class ListFilter(django_filters.Filter):
    """Keeps rows whose `field_name` is any of the cleaned values."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


# The schema annotations tell drf-spectacular what each custom filter takes, for /api/schema/.
@extend_schema_field(OpenApiTypes.STR)
class TextFilter(django_filters.Filter):
    field_class = TextField


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2024-09"})
class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


@extend_schema_field(OpenApiTypes.DATE)
class IsoDayFilter(django_filters.Filter):
    field_class = IsoDayField


@extend_schema_field({"type": "integer", "minimum": MIN_DAY.year, "maximum": MAX_DAY.year})
class YearFilter(django_filters.Filter):
    field_class = YearField


class ChoiceListFilter(ListFilter):
    field_class = ChoiceListField


@extend_schema_field(OpenApiTypes.STR)
class CodeListFilter(ListFilter):
    field_class = CodeListField


def actor_codes(field_name: str, noun: str = "actor code", queryset=None, **kwargs) -> CodeListFilter:
    return CodeListFilter(
        field_name=field_name,
        queryset=queryset if queryset is not None else Actor.objects.all(),
        to_field="code",
        noun=noun,
        normalise=str.upper,
        **kwargs,
    )


def organisation_codes(**kwargs) -> CodeListFilter:
    """`member_of`: organisation codes. The filtering itself needs the as_of date, hence a method."""
    return CodeListFilter(
        queryset=Actor.objects.organisations(),
        to_field="code",
        noun="organisation code",
        normalise=str.upper,
        **kwargs,
    )


def slugs(model, field_name: str, noun: str, **kwargs) -> CodeListFilter:
    return CodeListFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field="slug",
        noun=noun,
        normalise=str.lower,
        **kwargs,
    )


def choices(field_name: str, choice_class, noun: str, **kwargs) -> ChoiceListFilter:
    list_filter = ChoiceListFilter(field_name=field_name, choices=choice_class.choices, noun=noun, **kwargs)
    # One value in the schema; several comma-separated are accepted too (see the module docstring).
    return extend_schema_field({"type": "string", "enum": list(choice_class.values)})(list_filter)


def as_of_filter(help_text: str = "") -> django_filters.Filter:
    # Read by BaseFilterSet.as_of and applied after every other filter (BaseFilterSet.filter_queryset).
    return IsoDayFilter(method="keep", label="As of (YYYY-MM-DD)", help_text=help_text)


def members_of(organisation_ids: list[int], on: dt.date | None):
    """Ids of actors that are members (role 'member') of any of the organisations on a date (today if None)."""
    return (
        Membership.objects.active_on(on)
        .filter(organisation_id__in=organisation_ids, role=MembershipRole.MEMBER)
        .values("member_id")
    )
