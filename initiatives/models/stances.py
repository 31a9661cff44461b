from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..choices import (
    POSITION_COLOURS,
    DatePrecision,
    Position,
    RatificationKind,
    StanceOrigin,
    StanceStatus,
    Verification,
)
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import StanceQuerySet


class Stance(models.Model):
    """An actor's position on a framework, stated on a date, on the evidence of a source.

    Positions change: an actor's position as of a date is its latest published stance on or before
    that date (StanceQuerySet.as_of). A bloc's stance is the bloc's own: the EU signing is never
    recorded as its members signing.
    """

    # PROTECT: a published position must not vanish because reference data was deleted.
    actor = models.ForeignKey("Actor", on_delete=models.PROTECT, related_name="stances")
    framework = models.ForeignKey("Framework", on_delete=models.PROTECT, related_name="stances")
    position = models.CharField(max_length=12, choices=Position.choices)
    position_detail = models.CharField(
        max_length=20,
        choices=RatificationKind.choices,
        blank=True,
        help_text="For 'ratifies': ratification, acceptance, approval or accession.",
    )
    date = models.DateField(null=True, blank=True, help_text="When the position was taken or stated.")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    summit = models.ForeignKey(
        "Summit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stances",
        help_text="Where it was stated, if at a summit.",
    )
    source = models.ForeignKey(
        "Article",
        on_delete=models.PROTECT,
        related_name="stances",
        help_text="The document that shows the position; every stance has one.",
    )
    evidence = models.TextField(
        help_text="The sentence from the source, or for curated entries the curator's wording."
    )
    cue = models.CharField(
        max_length=80, blank=True, help_text="The word or phrase that fired, for suggestions."
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=StanceStatus.choices, default=StanceStatus.PENDING)
    origin = models.CharField(max_length=10, choices=StanceOrigin.choices, default=StanceOrigin.CURATED)
    confidence = models.FloatField(default=1.0, help_text="0–1; 1 for curated entries.")
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.SECONDARY
    )
    last_verified = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = StanceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "framework", "date", "source"],
                name="%(app_label)s_%(class)s_unique_actor_framework_date_source",
            ),
            # NULLs are distinct in unique constraints: undated stances need their own.
            models.UniqueConstraint(
                fields=["actor", "framework", "source"],
                condition=models.Q(date__isnull=True),
                name="%(app_label)s_%(class)s_unique_undated",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(position_detail="") | models.Q(position=Position.RATIFIES),
                name="%(app_label)s_%(class)s_detail_only_for_ratifies",
            ),
        ]
        indexes = [
            # as_of(): latest published stance per (actor, framework) on or before a date.
            models.Index(fields=["actor", "framework", "status", "date"], name="initiatives_stance_asof"),
            # Framework pages and charts: all published stances on one framework by date.
            models.Index(fields=["framework", "status", "date"], name="initiatives_stance_fw_date"),
            # The review queue: pending suggestions, newest first.
            models.Index(
                fields=["-created_at"],
                name="initiatives_stance_pending",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.actor.code} {self.position} {self.framework.slug} ({self.date_iso or 'undated'})"

    @classmethod
    def from_db(cls, db, field_names, values):
        # The status it was read with: un-publishing a stance changes public pages (signals.py).
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def colour(self) -> str:
        return POSITION_COLOURS[Position(self.position)]

    @property
    def date_display(self) -> str:
        return display_partial_date(self.date, self.date_precision)

    @property
    def date_iso(self) -> str:
        return format_partial_date(self.date, self.date_precision)


class StanceSource(models.Model):
    """One more article that shows the same suggested stance: one story, many outlets, one review item."""

    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="corroborations")
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="stance_sources")
    evidence = models.TextField()
    cue = models.CharField(max_length=80, blank=True)
    confidence = models.FloatField(default=0.5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stance", "article"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.stance_id}"
