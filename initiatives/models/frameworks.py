import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .. import caching
from ..choices import DatePrecision, FrameworkKind, FrameworkScope, FrameworkStatus, Position
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import FrameworkQuerySet


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class StatusStep:
    """One dated step of a framework's life: proposed, adopted, opened for signature, in force."""

    date: dt.date
    precision: str
    label: str
    status: str

    @property
    def display(self) -> str:
        return display_partial_date(self.date, self.precision)


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
    status_note_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the status note describes (when it was last checked): views of earlier dates leave it out.",
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
    document_symbol = models.CharField(
        max_length=40,
        blank=True,
        help_text="The UN's symbol for a resolution or decision, e.g. A/RES/78/241.",
    )
    # Who could take part, where a source says so: the denominator of "n of N".
    eligible_members_of = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="open to the members of",
        help_text="E.g. the UN for a General Assembly resolution, the Council of Europe for its convention.",
    )
    eligible_also = models.ManyToManyField(
        "Actor",
        blank=True,
        related_name="+",
        verbose_name="and also to",
        help_text="Non-members who may take part, e.g. the states that took part in drafting, a summit's invitees.",
    )
    eligible_note = models.TextField(
        blank=True, help_text="Who could take part, in our words, and where it is said."
    )
    # A list known to be partial: "58 announced, 16 recorded".
    announced_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many signatories, members or co-sponsors the sources announce."
    )
    list_complete = models.BooleanField(
        default=True, help_text="Untick where the recorded list is known to be partial."
    )
    count_note = models.TextField(
        blank=True, help_text="Where the announced count comes from, and any conflict."
    )
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

    history = HistoricalRecords(excluded_fields=["co_proposers", "eligible_also"])
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
            Stance.objects.as_of(as_of, frameworks=[self.pk])
            .filter(position=Position.RATIFIES)
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

    def eligible_ids(self, day: dt.date) -> set[int] | None:
        """Who could take part on the day, where a source says so (the members of an organisation, and
        the others it names): the denominator of "n of N". None where no one has said."""
        if not self.eligible_members_of_id:
            return None
        from .actors import Membership  # noqa: PLC0415 - models import each other

        members = set(
            Membership.objects.active_on(day)
            .filter(organisation_id=self.eligible_members_of_id, role="member")
            .values_list("member_id", flat=True)
        )
        return members | set(self.eligible_also.values_list("pk", flat=True))

    def status_steps(self, day: dt.date | None = None) -> list[StatusStep]:
        """The dated steps of its life, in order, up to `day` (every known step if None).

        The entry into force of a treaty with a rule is computed from the ratifications recorded
        today: none made after `day` can bring it into force by `day`, the rule's delay lying between.
        Read once per instance and data version (the status and the timeline beside it both need it).
        """
        version = caching.versions([caching.DATA, caching.subject("framework", self.slug)])
        memo = self.__dict__.get("_status_steps")
        if memo is None or memo[0] != version or version is None:
            memo = self.__dict__["_status_steps"] = (version, self._all_status_steps())
        return [step for step in memo[1] if day is None or step.date <= day]

    def _all_status_steps(self) -> list[StatusStep]:
        steps = []
        if self.date_proposed:
            steps.append(
                StatusStep(
                    self.date_proposed, self.date_proposed_precision, "Proposed", FrameworkStatus.PROPOSED
                )
            )
        if self.date_adopted:
            steps.append(
                StatusStep(self.date_adopted, self.date_adopted_precision, "Adopted", FrameworkStatus.ADOPTED)
            )
        if self.date_opened_for_signature:
            steps.append(
                StatusStep(
                    self.date_opened_for_signature,
                    DatePrecision.DAY,
                    "Opened for signature",
                    FrameworkStatus.OPEN_FOR_SIGNATURE,
                )
            )
        if self.has_entry_into_force_rule:
            in_force = self.computed_entry_into_force()
            if in_force:
                steps.append(
                    StatusStep(
                        in_force,
                        DatePrecision.DAY,
                        "In force (computed from ratifications)",
                        FrameworkStatus.IN_FORCE,
                    )
                )
        elif self.date_in_force:
            steps.append(
                StatusStep(
                    self.date_in_force, self.date_in_force_precision, "In force", FrameworkStatus.IN_FORCE
                )
            )
        steps.sort(key=lambda step: step.date)
        return steps

    def status_on(self, day: dt.date) -> str | None:
        """The status in force on `day`, from the dated status timeline.

        Before its first dated step a framework had no status yet (None); between steps it has the
        status of the last step reached. Once every dated step has passed, the declared status
        stands (superseded or abandoned carry no date of their own), except that a treaty with an
        entry-into-force rule is in force only when its recorded ratifications put it in force.
        """
        steps = self.status_steps(None)
        reached = [step for step in steps if step.date <= day]
        declared = self.status
        if self.has_entry_into_force_rule and declared == FrameworkStatus.IN_FORCE:
            # Declared in force: only the recorded ratifications can put it in force.
            declared = FrameworkStatus.OPEN_FOR_SIGNATURE
        if len(reached) < len(steps):
            if reached:
                return reached[-1].status
            if steps[0].status != FrameworkStatus.IN_FORCE:
                return None  # proposed, adopted or opened only later: it did not exist yet
            # Its beginning is undated and only its entry into force lies ahead: declared, short of that.
            if declared == FrameworkStatus.IN_FORCE:
                return FrameworkStatus.ADOPTED
            return declared
        if reached and reached[-1].status == FrameworkStatus.IN_FORCE:
            return FrameworkStatus.IN_FORCE
        return declared

    def status_label_on(self, day: dt.date) -> str:
        status = self.status_on(day)
        return FrameworkStatus(status).label if status else "Not yet proposed"

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
