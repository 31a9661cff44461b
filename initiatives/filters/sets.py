"""The FilterSets of the lists, exports and API: one per kind of record, each documenting its
parameters in its docstring."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q

from ..as_of import AsOf, start_of_day
from ..choices import (
    Act,
    ActorKind,
    ArticleKind,
    FrameworkKind,
    FrameworkScope,
    FrameworkStatus,
    MembershipRole,
    Position,
    SourceKind,
    StanceOrigin,
    StanceStatus,
    SummitSeries,
    VoteBody,
)
from ..models import Actor, Article, Framework, Membership, Mention, Stance, Summit, Vote
from ..params import FilterError, invalid
from .fields import (
    UNPUBLISHED_STANCE_PERMISSION,
    BooleanFilter,
    IsoDayFilter,
    PartialDateFilter,
    TextFilter,
    YearFilter,
    actor_codes,
    as_of_filter,
    choices,
    members_of,
    organisation_codes,
    period_end,
    slugs,
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
    region = TextFilter(method="filter_region", label="Region")
    member_of = organisation_codes(method="filter_member_of", label="Members of")
    q = TextFilter(method="filter_text", label="Search")
    as_of = as_of_filter(help_text="Members of organisations on this date.")

    class Meta:
        model = Actor
        fields = []

    def validate(self):
        region = self.form.cleaned_data.get("region")
        if region and not Actor.objects.filter(region__iexact=region).exists():
            known = sorted(set(Actor.objects.exclude(region="").values_list("region", flat=True)))
            self.form.add_error(
                "region", invalid(f"Unknown region: {region}. Use one of: {', '.join(known)}.")
            )

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
    binding = BooleanFilter(field_name="binding", label="Binding")
    scope = choices("scope", FrameworkScope, "scope", label="Scope")
    q = TextFilter(method="filter_text", label="Search")
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
    year = YearFilter(field_name="start_date__year", label="Year")
    q = TextFilter(method="filter_summit_text", label="Search")
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
      act           proposed, stated_support, stated_neutral, stated_opposition, co_sponsored, voted_for,
                    voted_against, abstained, signed, ratified, joined, did_not_sign, withdrew
      source_kind   primary, secondary
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
    act = choices("act", Act, "act", label="Act")
    source_kind = choices("source_kind", SourceKind, "source kind", label="Source kind")
    summit = slugs(Summit, "summit", "summit slug", label="Summits")
    member_of = organisation_codes(method="filter_member_of", label="Members of")
    date_from = PartialDateFilter(method="filter_date_from", label="From")
    date_to = PartialDateFilter(method="filter_date_to", label="To")
    q = TextFilter(method="filter_stance_text", label="Search")
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
            Q(evidence__icontains=value)
            | Q(actor__name__icontains=value)
            | Q(framework__name__icontains=value)
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
    framework = slugs(
        Framework, "framework", "framework slug", method="filter_mentioned", label="Mentions frameworks"
    )
    summit = slugs(Summit, "summit", "summit slug", method="filter_mentioned", label="Mentions summits")
    kind = choices("kind", ArticleKind, "article kind", label="Kind")
    date_from = PartialDateFilter(method="filter_date_from", label="From")
    date_to = PartialDateFilter(method="filter_date_to", label="To")
    q = TextFilter(method="filter_article_text", label="Search")
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
    active_on = IsoDayFilter(method="filter_active_on", label="Active on")
    as_of = as_of_filter()

    class Meta:
        model = Membership
        fields = []

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset

    def at(self, queryset, as_of):
        return queryset.filter(Q(start_date__lte=as_of.day) | Q(start_date__isnull=True))


class VoteFilter(BaseFilterSet):
    """Recorded votes on resolutions, and adoptions without a vote.

    Parameters:
      framework             framework slugs (the resolution voted on)
      body                  plenary, first_committee, other
      adopted_without_vote  true/false
      date_from             YYYY, YYYY-MM or YYYY-MM-DD: votes on or after
      date_to               YYYY, YYYY-MM or YYYY-MM-DD: votes on or before (end of that period)
      as_of                 YYYY-MM-DD: the record up to that date (votes of unknown date are kept)
    """

    framework = slugs(Framework, "framework", "framework slug", label="Frameworks")
    body = choices("body", VoteBody, "body", label="Body")
    adopted_without_vote = BooleanFilter(field_name="adopted_without_vote", label="Adopted without a vote")
    date_from = PartialDateFilter(method="filter_date_from", label="From")
    date_to = PartialDateFilter(method="filter_date_to", label="To")
    as_of = as_of_filter(help_text="The record up to this date.")

    class Meta:
        model = Vote
        fields = []

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(date__gte=value.value) if value else queryset

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(date__lte=period_end(value)) if value else queryset

    def at(self, queryset, as_of):
        return queryset.filter(Q(date__lte=as_of.day) | Q(date__isnull=True))


def parameter_help(filterset_class) -> str:
    """The "Parameters:" block of a FilterSet's docstring: the one place its parameters are described."""
    lines = (filterset_class.__doc__ or "").splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "Parameters:":
            block = lines[index + 1 :]
            indent = min((len(x) - len(x.lstrip()) for x in block if x.strip()), default=0)
            return "\n".join(x[indent:] for x in block).strip()
    return ""


def apply_filters(filterset_class, params, queryset=None, request=None):
    """Filter `queryset` (the model's default manager if None) by `params`; return (queryset, filterset).

    Raises FilterError with every problem at once when any parameter is invalid.
    """
    filterset = filterset_class(params, queryset, request=request)
    if not filterset.is_valid():
        raise FilterError({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset.qs, filterset
