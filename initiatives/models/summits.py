from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import DatePrecision, ParticipationRole, SourceKind, SummitSeries, SummitStatus
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import SummitQuerySet


class Summit(models.Model):
    """A summit or high-level meeting where positions are stated and frameworks launched."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    series = models.CharField(max_length=20, choices=SummitSeries.choices, default=SummitSeries.OTHER)
    status = models.CharField(max_length=10, choices=SummitStatus.choices, default=SummitStatus.HELD)
    # PROTECT: hosts are reference data.
    host = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summits_hosted",
        help_text="The host country.",
    )
    organiser = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summits_organised",
        help_text="The organisation or country under whose name it meets (APEC, UN, G7).",
    )
    chair = models.ForeignKey(
        "Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="summits_chaired"
    )
    co_hosts = models.ManyToManyField("Actor", blank=True, related_name="summits_co_hosted")
    city = models.CharField(max_length=120, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    participants = models.ManyToManyField(
        "Actor",
        blank=True,
        through="Participation",
        related_name="summits_attended",
        help_text="Attendance records; signatories of its outcomes are participants too (see attendees()).",
    )
    outcomes = models.ManyToManyField(
        "Framework", blank=True, related_name="launched_at", help_text="Frameworks launched or adopted there."
    )
    note = models.TextField(blank=True)
    source_urls = models.JSONField(
        default=list, blank=True, help_text="Where the dates and places come from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["co_hosts", "participants", "outcomes"])
    objects = SummitQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [
            # Summits marked on timelines: "summits between two dates".
            models.Index(fields=["start_date"], name="initiatives_summit_start"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:summit-detail", args=[self.slug])

    def attendees(self):
        """Who took part: the attendance records, and whoever took a position there (a signatory
        of its declaration was there). {actor: [participation or stance, ...]}, by name."""
        found: dict = {}
        for participation in self.participations.select_related("actor", "source").order_by("actor__name"):
            found.setdefault(participation.actor, []).append(participation)
        for stance in self.stances.published().select_related("actor", "source").order_by("actor__name"):
            found.setdefault(stance.actor, []).append(stance)
        return dict(sorted(found.items(), key=lambda item: item[0].name))

    @property
    def dates_display(self) -> str:
        start = display_partial_date(self.start_date, self.start_precision) if self.start_date else ""
        if not self.end_date or self.end_date == self.start_date:
            return start or "date unknown"
        return f"{start} – {display_partial_date(self.end_date, self.end_precision)}"

    @property
    def start_iso(self) -> str:
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_iso(self) -> str:
        return format_partial_date(self.end_date, self.end_precision)


class Participation(models.Model):
    """An attendance record: an actor attended (or was invited to) a summit, on a source's evidence."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="participations")
    # PROTECT: countries are reference data.
    actor = models.ForeignKey("Actor", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=10, choices=ParticipationRole.choices, default=ParticipationRole.ATTENDED
    )
    source = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.SECONDARY)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["summit", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "actor", "role"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self):
        return f"{self.actor_id} {self.role} {self.summit_id}"
