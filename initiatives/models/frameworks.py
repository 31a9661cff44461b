import calendar
import datetime as dt

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import DatePrecision, FrameworkKind, FrameworkScope, FrameworkStatus, Position
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import FrameworkQuerySet


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Framework(models.Model):
    """A treaty, declaration, law, set of principles, resolution, plan or proposed body that governs AI."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=400)
    short_name = models.CharField(max_length=120, blank=True, help_text="Shown where space is short.")
    kind = models.CharField(max_length=30, choices=FrameworkKind.choices)
    status = models.CharField(
        max_length=30,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.PROPOSED,
        help_text="The declared status. For a treaty with an entry-into-force rule the shown status is computed "
        "from recorded ratifications (see current_status).",
    )
    status_note = models.TextField(
        blank=True, help_text="What the sources say about the status, in our words."
    )
    # PROTECT: a proposer is reference data; deleting the country must not orphan the record silently.
    proposed_by = models.ForeignKey(
        "Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="frameworks_proposed"
    )
    co_proposers = models.ManyToManyField("Actor", blank=True, related_name="frameworks_co_proposed")
    date_proposed = models.DateField(null=True, blank=True)
    date_proposed_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default="day")
    date_adopted = models.DateField(null=True, blank=True)
    date_adopted_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default="day")
    date_opened_for_signature = models.DateField(null=True, blank=True)
    date_in_force = models.DateField(
        null=True, blank=True, help_text="For laws; a treaty with a rule below computes its own."
    )
    date_in_force_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default="day")
    binding = models.BooleanField(default=False, help_text="Legally binding on those who join it.")
    scope = models.CharField(max_length=20, choices=FrameworkScope.choices, default=FrameworkScope.GLOBAL)
    summary = models.TextField(blank=True)
    official_url = models.URLField(max_length=500, blank=True)
    source_urls = models.JSONField(
        default=list, blank=True, help_text="Where the dates, status and summary come from."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="E.g. the Friends Group under the Hiroshima AI Process.",
    )
    headquarters = models.CharField(max_length=120, blank=True, help_text="Proposed or actual seat.")
    # Entry-into-force rule (CETS 225: five ratifications, three by Council of Europe members,
    # in force on the first day of the month after three months).
    eif_ratifications_required = models.PositiveSmallIntegerField(
        "ratifications required", null=True, blank=True
    )
    eif_members_of = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="of which members of",
        help_text="Organisation whose members must make up part of them.",
    )
    eif_min_members = models.PositiveSmallIntegerField("minimum members among them", null=True, blank=True)
    eif_delay_months = models.PositiveSmallIntegerField(
        "months before entry into force",
        null=True,
        blank=True,
        help_text="In force on the first day of the month after this many months following the last needed ratification.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["co_proposers"])
    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eif_ratifications_required__isnull=True)
                | models.Q(eif_ratifications_required__gt=0),
                name="%(app_label)s_%(class)s_eif_positive",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("initiatives:framework-detail", args=[self.slug])

    @property
    def has_entry_into_force_rule(self) -> bool:
        return self.eif_ratifications_required is not None

    def computed_entry_into_force(self, as_of: dt.date | None = None) -> dt.date | None:
        """The date the rule puts the treaty in force, from published ratifications up to as_of."""
        if not self.has_entry_into_force_rule:
            return None
        from .actors import Membership  # noqa: PLC0415 - models import each other
        from .stances import Stance  # noqa: PLC0415

        ratifications = (
            Stance.objects.as_of(as_of)
            .filter(framework=self, position=Position.RATIFIES)
            .exclude(date__isnull=True)
            .select_related("actor")
            .order_by("date")
        )
        member_ids = set()
        if self.eif_members_of_id:
            member_ids = set(
                Membership.objects.active_on(as_of)
                .filter(organisation_id=self.eif_members_of_id)
                .values_list("member_id", flat=True)
            )
        members = 0
        for count, stance in enumerate(ratifications, start=1):
            members += stance.actor_id in member_ids
            if count >= self.eif_ratifications_required and members >= (self.eif_min_members or 0):
                # "The first day of the month following the expiration of a period of N months".
                period_ends = _add_months(stance.date, self.eif_delay_months or 0)
                in_force = _add_months(period_ends.replace(day=1), 1)
                if as_of is None or in_force <= as_of:
                    return in_force
                return None
        return None

    def current_status(self, as_of: dt.date | None = None) -> str:
        """The status to show: computed for treaties with a rule, declared otherwise."""
        if self.has_entry_into_force_rule:
            if self.computed_entry_into_force(as_of):
                return FrameworkStatus.IN_FORCE
            if self.status == FrameworkStatus.IN_FORCE:
                # Declared in force but the recorded ratifications do not show it: trust the record.
                return FrameworkStatus.OPEN_FOR_SIGNATURE
        return self.status

    def current_status_display(self, as_of: dt.date | None = None) -> str:
        return FrameworkStatus(self.current_status(as_of)).label

    @property
    def date_proposed_display(self) -> str:
        return (
            display_partial_date(self.date_proposed, self.date_proposed_precision)
            if self.date_proposed
            else ""
        )

    @property
    def date_adopted_display(self) -> str:
        return (
            display_partial_date(self.date_adopted, self.date_adopted_precision) if self.date_adopted else ""
        )

    @property
    def date_proposed_iso(self) -> str:
        return format_partial_date(self.date_proposed, self.date_proposed_precision)

    @property
    def date_adopted_iso(self) -> str:
        return format_partial_date(self.date_adopted, self.date_adopted_precision)
