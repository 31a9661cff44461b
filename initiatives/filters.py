"""One filtering layer for the list pages, the CSV exports and the JSON API.

The same parameter names work everywhere: a dashboard form, an `/export/<kind>.csv` link and an
`/api/v1/...` request with the same query string return the same rows. Each FilterSet documents
its parameters in its docstring.

Conventions shared by every FilterSet:

- Lists: a parameter that takes several values accepts them repeated (`?actor=CHN&actor=USA`) or
  comma-separated (`?actor=CHN,USA`); values are ORed. Actor codes match case-insensitively,
  slugs too.
- Unknown values are errors, never silently ignored: an unknown actor code, a position that does
  not exist or a malformed date makes the whole request invalid (`FilterError`, shown as a 400).
- Dates: `date_from` / `date_to` take YYYY, YYYY-MM or YYYY-MM-DD and are inclusive at that
  precision (`date_to=2024` runs to 31 December 2024). `as_of` takes YYYY-MM-DD only.
- `as_of=YYYY-MM-DD`: the record as it stood on that date (AsOf): what happened later is left out
  (stances, articles and summits dated after it, frameworks proposed after it, memberships begun
  after it). Without it the view is of today, so `as_of=<today>` and no `as_of` give the same rows.
  Stances with `current=true` are each actor's position on each framework on that date
  (StanceQuerySet.as_of, the product's one rule).
- Parameters nobody reads are errors (a misspelt `positon=` would filter nothing): the same 400 on
  pages, CSV and API (check_parameter_names). Campaign-tracking parameters (utm_*, fbclid, gclid)
  are ignored everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from functools import wraps

import django_filters
from django import forms
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .as_of import AsOf, start_of_day
from .choices import (
    ActorKind,
    ArticleKind,
    FrameworkKind,
    FrameworkScope,
    FrameworkStatus,
    MembershipRole,
    Position,
    StanceOrigin,
    StanceStatus,
    SummitSeries,
    Verification,
)
from .models import Actor, Article, Framework, Membership, Mention, Stance, Summit
from .params import MAX_DAY, MIN_DAY, FilterError, invalid, parse_day, parse_int, parse_partial_date, read_day
from .partial_dates import PartialDate

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


class BaseFilterSet(django_filters.FilterSet):
    """Always bound (no parameters is a valid, empty filter) and exposes the cleaned `as_of` date."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data if data is not None else {}, queryset, request=request, prefix=prefix)

    def validate(self) -> None:
        """Cross-field checks after each field is clean: call self.form.add_error(name, message)."""

    def is_valid(self):
        # Memoised: validate() may query (known regions), and callers ask more than once.
        if not hasattr(self, "_valid"):
            self._valid = super().is_valid()
            if self._valid:
                self.validate()
                self._valid = not self.form.errors
        return self._valid

    @property
    def as_of(self) -> AsOf:
        """The day the rows are read on (AsOf: today when none is given)."""
        day = self.form.cleaned_data.get("as_of") if self.is_valid() else None
        return AsOf.on(day)

    def filter_queryset(self, queryset):
        return self.at(super().filter_queryset(queryset), self.as_of)

    def at(self, queryset, as_of: AsOf):
        """The rows as they stood on the day: each FilterSet says what that means for its records."""
        return queryset

    def keep(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.search(value) if value else queryset


class ActorFilter(BaseFilterSet):
    """Countries, blocs and other actors.

    Parameters:
      code       actor codes (CHN,USA,EU)
      kind       country, organisation, company, civil_society
      region     UN M49 region as stored ("Asia", "Europe"), case-insensitive
      member_of  organisation codes (G20): their members on as_of (today without it)
      q          text: name, code or any alias
      as_of      YYYY-MM-DD: the date member_of is read on
    """

    code = actor_codes("pk", label="Actor codes")
    kind = choices("kind", ActorKind, "actor kind", label="Kind")
    region = TextFilter( method="filter_region", label="Region")
    member_of = organisation_codes(method="filter_member_of", label="Members of")
    q = TextFilter( method="filter_text", label="Search")
    as_of = as_of_filter(help_text="Members of organisations on this date.")

    class Meta:
        model = Actor
        fields = []

    def validate(self):
        region = self.form.cleaned_data.get("region")
        if region and not Actor.objects.filter(region__iexact=region).exists():
            known = sorted(set(Actor.objects.exclude(region="").values_list("region", flat=True)))
            self.form.add_error("region", invalid(f"Unknown region: {region}. Use one of: {', '.join(known)}."))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__iexact=value) if value else queryset

    def filter_member_of(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=members_of(value, self.as_of.day))


class FrameworkFilter(BaseFilterSet):
    """Treaties, declarations, laws and other frameworks.

    Parameters:
      slug         framework slugs
      kind         treaty, declaration, law, principles, proposed_organisation, initiative, resolution,
                   national_plan
      status       the declared status: proposed, under_negotiation, open_for_signature, adopted,
                   in_force, superseded, abandoned
      proposed_by  actor codes of the proposer
      binding      true/false
      scope        global, regional, national
      q            text: name, short name, slug, alias or summary
      as_of        YYYY-MM-DD: only frameworks proposed or adopted by then (undated ones are kept);
                   today without it
    """

    slug = slugs(Framework, "pk", "framework slug", label="Framework slugs")
    kind = choices("kind", FrameworkKind, "framework kind", label="Kind")
    status = choices("status", FrameworkStatus, "framework status", label="Status")
    proposed_by = actor_codes("proposed_by", label="Proposed by")
    binding = BooleanFilter( field_name="binding", label="Binding")
    scope = choices("scope", FrameworkScope, "scope", label="Scope")
    q = TextFilter( method="filter_text", label="Search")
    as_of = as_of_filter(help_text="Frameworks proposed or adopted by this date.")

    class Meta:
        model = Framework
        fields = []

    def at(self, queryset, as_of):
        return queryset.known_on(as_of.day)


class SummitFilter(BaseFilterSet):
    """Summits and high-level meetings.

    Parameters:
      slug    summit slugs
      series  ai_summits, apec, g7, g20, unga, waic, hap, other
      host    actor codes of the host
      year    the year it starts (e.g. 2025)
      q       text: name, city or venue
      as_of   YYYY-MM-DD: only summits that had started by then (undated ones are kept); without
              it, every summit, planned ones included
    """

    slug = slugs(Summit, "pk", "summit slug", label="Summit slugs")
    series = choices("series", SummitSeries, "summit series", label="Series")
    host = actor_codes("host", label="Host")
    year = YearFilter( field_name="start_date__year", label="Year")
    q = TextFilter( method="filter_summit_text", label="Search")
    as_of = as_of_filter(help_text="Summits that had started by this date.")

    class Meta:
        model = Summit
        fields = []

    def filter_summit_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(city__icontains=value) | Q(venue__icontains=value) | Q(slug=value)
        )

    def at(self, queryset, as_of):
        return as_of.summits(queryset)


class StanceFilter(BaseFilterSet):
    """Positions taken by actors on frameworks.

    Only published stances are shown unless `status` is given by a user with the
    initiatives.view_stance permission (curators and analysts); anyone else asking for pending or
    rejected stances gets an error.

    Parameters:
      actor         actor codes
      framework     framework slugs
      position      proposes, supports, signs, ratifies, neutral, opposes, declines, withdraws
      status        published, pending, rejected (default: published)
      origin        curated, ingested
      verification  primary, secondary, unconfirmed
      summit        summit slugs (where the position was stated)
      member_of     organisation codes: stances of their members (membership on as_of, else today)
      date_from     YYYY, YYYY-MM or YYYY-MM-DD: stances dated on or after
      date_to       YYYY, YYYY-MM or YYYY-MM-DD: stances dated on or before (end of that period)
      q             text in the evidence, the actor's name or the framework's name
      as_of         YYYY-MM-DD: the record up to that date (stances dated later are left out; those of
                    unknown date are kept)
      current       true: each actor's position on each framework on the as_of date, or today (one row
                    per pair; published stances only)
    """

    actor = actor_codes("actor", label="Actors")
    framework = slugs(Framework, "framework", "framework slug", label="Frameworks")
    position = choices("position", Position, "position", label="Position")
    status = choices("status", StanceStatus, "status", label="Status")
    origin = choices("origin", StanceOrigin, "origin", label="Origin")
    verification = choices("verification", Verification, "verification", label="Verification")
    summit = slugs(Summit, "summit", "summit slug", label="Summits")
    member_of = organisation_codes(method="filter_member_of", label="Members of")
    date_from = PartialDateFilter( method="filter_date_from", label="From")
    date_to = PartialDateFilter( method="filter_date_to", label="To")
    q = TextFilter( method="filter_stance_text", label="Search")
    as_of = as_of_filter(help_text="The record up to this date.")
    current = BooleanFilter(method="keep", label="Current positions only")

    class Meta:
        model = Stance
        fields = []

    @property
    def can_see_unpublished(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(user and user.is_authenticated and user.has_perm(UNPUBLISHED_STANCE_PERMISSION))

    def validate(self):
        if self.form.cleaned_data.get("current") and set(self.form.cleaned_data.get("status") or []) - {
            StanceStatus.PUBLISHED
        }:
            self.form.add_error("current", "Current positions are read from published stances only.")
        status = self.form.cleaned_data.get("status") or []
        if set(status) - {StanceStatus.PUBLISHED} and not self.can_see_unpublished:
            self.form.add_error(
                "status",
                "Only published stances are public; pending and rejected ones need a login with "
                "review access.",
            )
        date_from = self.form.cleaned_data.get("date_from")
        date_to = self.form.cleaned_data.get("date_to")
        if date_from and date_to and date_from.value > period_end(date_to):
            self.form.add_error("date_to", "date_to is before date_from.")

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.published()
        return super().filter_queryset(queryset)

    def filter_member_of(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(actor_id__in=members_of(value, self.as_of.day))

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(date__gte=value.value) if value else queryset

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(date__lte=period_end(value)) if value else queryset

    def filter_stance_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(evidence__icontains=value) | Q(actor__name__icontains=value) | Q(framework__name__icontains=value)
        )

    def at(self, queryset, as_of):
        if self.form.cleaned_data.get("current"):
            # The one as-of rule; the other filters narrow the rows, never which stance is latest.
            return queryset.as_of(
                as_of.day,
                actors=self.form.cleaned_data.get("actor") or None,
                frameworks=self.form.cleaned_data.get("framework") or None,
            )
        return queryset.filter(Q(date__lte=as_of.day) | Q(date__isnull=True))


class ArticleFilter(BaseFilterSet):
    """Source documents: news reports, official pages, analyses.

    Parameters:
      actor      actor codes mentioned in the article
      framework  framework slugs mentioned
      summit     summit slugs mentioned
      kind       news, official, analysis
      date_from  YYYY, YYYY-MM or YYYY-MM-DD: published on or after
      date_to    YYYY, YYYY-MM or YYYY-MM-DD: published on or before (end of that period)
      q          text in the title, publisher or URL
      as_of      YYYY-MM-DD: only articles published by the end of that day, and undated reference
                 pages (listed last)
    """

    actor = actor_codes("actor", method="filter_mentioned", label="Mentions actors")
    framework = slugs(Framework, "framework", "framework slug", method="filter_mentioned", label="Mentions frameworks")
    summit = slugs(Summit, "summit", "summit slug", method="filter_mentioned", label="Mentions summits")
    kind = choices("kind", ArticleKind, "article kind", label="Kind")
    date_from = PartialDateFilter( method="filter_date_from", label="From")
    date_to = PartialDateFilter( method="filter_date_to", label="To")
    q = TextFilter( method="filter_article_text", label="Search")
    as_of = as_of_filter(help_text="Articles published by the end of this day.")

    class Meta:
        model = Article
        fields = []

    def filter_mentioned(self, queryset, name, value):
        # A subquery rather than a join: an article mentioning two chosen actors stays one row.
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Mention.objects.filter(**{f"{name}_id__in": value}).values("article_id")
        )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=start_of_day(value.value)) if value else queryset

    def filter_date_to(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(published_at__lt=start_of_day(period_end(value) + dt.timedelta(days=1)))

    def filter_article_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(url__icontains=value)
        )

    def at(self, queryset, as_of):
        return as_of.articles(queryset)


class MembershipFilter(BaseFilterSet):
    """Who belongs to which organisation, and when.

    Parameters:
      organisation  organisation codes
      member        actor codes of members
      role          member, participant, observer
      active_on     YYYY-MM-DD: memberships in force on that date
      as_of         YYYY-MM-DD: the record up to that date (memberships begun later are left out)
    """

    organisation = actor_codes("organisation", noun="organisation code", label="Organisations")
    member = actor_codes("member", noun="member code", label="Members")
    role = choices("role", MembershipRole, "role", label="Role")
    active_on = IsoDayFilter( method="filter_active_on", label="Active on")
    as_of = as_of_filter()

    class Meta:
        model = Membership
        fields = []

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset

    def at(self, queryset, as_of):
        return queryset.filter(Q(start_date__lte=as_of.day) | Q(start_date__isnull=True))


def parameter_help(filterset_class) -> str:
    """The "Parameters:" block of a FilterSet's docstring: the one place its parameters are described."""
    lines = (filterset_class.__doc__ or "").splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "Parameters:":
            block = lines[index + 1 :]
            indent = min((len(x) - len(x.lstrip()) for x in block if x.strip()), default=0)
            return "\n".join(x[indent:] for x in block).strip()
    return ""


# --- Applying filters and reporting errors -----------------------------------------------------------


def apply_filters(filterset_class, params, queryset=None, request=None):
    """Filter `queryset` (the model's default manager if None) by `params`; return (queryset, filterset).

    Raises FilterError with every problem at once when any parameter is invalid.
    """
    filterset = filterset_class(params, queryset, request=request)
    if not filterset.is_valid():
        raise FilterError({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset.qs, filterset


def bad_filters_response(request, error: FilterError, style: str = "html") -> HttpResponse:
    """A 400 that says what was wrong: a short page, a JSON body or plain text."""
    if style == "json":
        return JsonResponse({"detail": error.message, "errors": error.errors}, status=400)
    if style == "text":
        lines = ["Bad request: some parameters could not be used.", ""]
        lines += [f"{name}: {message}" for name, messages in error.errors.items() for message in messages]
        return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")
    return render(request, "data/bad_filters.html", {"error": error}, status=400)


# Added by campaign links and share buttons; no filter is called so, and refusing them would break
# links people paste. Ignored on pages, CSV and API alike.
TRACKING_PARAMETERS = {"fbclid", "gclid", "mc_cid", "mc_eid", "igshid"}


def check_parameter_names(params, allowed, where: str) -> None:
    """A misspelt parameter (`positon=`) would silently return everything: name it instead (a 400).

    `where` completes "… takes:", e.g. "This page", "The stances export", "This endpoint".
    """
    allowed = set(allowed)
    unknown = sorted(
        name for name in params if name not in allowed and name not in TRACKING_PARAMETERS and not name.startswith("utm_")
    )
    if unknown:
        message = f"Unknown parameter. {where} takes: {', '.join(sorted(allowed)) or 'no parameters'}."
        raise FilterError({name[:60]: [message] for name in unknown})


def reports_filter_errors(style: str = "html", *, takes=(), filterset=None):
    """View decorator: a FilterError raised by the view becomes a 400 in the given style.

    With `takes` (parameter names) and/or `filterset` (whose parameters it also takes), any other
    parameter is a 400 too, as in the CSV exports and the API.
    Usage: @reports_filter_errors("text") above a CSV view, ("html", takes=("as_of",)) above a page.
    """
    allowed = set(takes) | set(filterset.base_filters if filterset else ())

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if allowed:
                    check_parameter_names(request.GET, allowed, "This page")
                return view(request, *args, **kwargs)
            except FilterError as error:
                return bad_filters_response(request, error, style)

        return wrapped

    return decorator
