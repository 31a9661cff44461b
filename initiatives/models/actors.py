from django.db import models
from simple_history.models import HistoricalRecords

from ..choices import ActorKind, DatePrecision, MembershipRole
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import ActorQuerySet, MembershipQuerySet


class Actor(models.Model):
    """A country or economy, a bloc or intergovernmental organisation, a company or a civil-society group."""

    code = models.CharField(
        max_length=16,
        unique=True,
        help_text="ISO 3166-1 alpha-3 for countries (CHN, USA); short codes for organisations (EU, APEC, COE).",
    )
    name = models.CharField(
        max_length=200, help_text="The name analysts expect to read, e.g. 'Chinese Taipei'."
    )
    official_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.COUNTRY)
    region = models.CharField(max_length=60, blank=True, help_text="UN M49 region, e.g. 'Asia', 'Europe'.")
    iso_alpha2 = models.CharField(
        "ISO alpha-2", max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 where it exists."
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    code_is_abbreviation = models.BooleanField(
        default=True,
        help_text=(
            "Organisations only: news texts name it by its code (EU, OECD, APEC), so the analysis reads the "
            "code as its abbreviation. Off where the code is ours or stands for other things in the news "
            "(AU, COE, IFAD): the organisation is then found by its name and aliases alone."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_alpha2"],
                condition=~models.Q(iso_alpha2=""),
                name="%(app_label)s_%(class)s_unique_iso_alpha2",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_organisation(self) -> bool:
        return self.kind == ActorKind.ORGANISATION


class Membership(models.Model):
    """A member actor in an organisation actor, for a period (the AU in the G20 from September 2023)."""

    # PROTECT: countries and organisations are reference data; deleting one must not erase history.
    organisation = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="memberships")
    member = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="affiliations")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    start_date = models.DateField(
        null=True, blank=True, help_text="Blank: a founding or long-standing member."
    )
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True, help_text="Blank: still a member.")
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    source_url = models.URLField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__code", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "member", "role"],
                condition=models.Q(start_date__isnull=True),
                name="%(app_label)s_%(class)s_unique_undated",
            ),
            models.UniqueConstraint(
                fields=["organisation", "member", "role", "start_date"],
                name="%(app_label)s_%(class)s_unique_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("member")),
                name="%(app_label)s_%(class)s_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.member.code} in {self.organisation.code}"

    @property
    def start_display(self) -> str:
        return display_partial_date(self.start_date, self.start_precision) if self.start_date else ""

    @property
    def start_iso(self) -> str:
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_iso(self) -> str:
        return format_partial_date(self.end_date, self.end_precision)
