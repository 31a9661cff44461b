from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..choices import (
    ACT_POSITION,
    POSITION_ACT,
    POSITION_COLOURS,
    VOTE_ACTS,
    Act,
    DatePrecision,
    Position,
    RatificationKind,
    SourceKind,
    StanceOrigin,
    StanceStatus,
)
from ..partial_dates import display_partial_date, format_partial_date
from ..querysets import StanceQuerySet


def _position_follows_act() -> models.Q:
    condition = models.Q()
    for act, position in ACT_POSITION.items():
        condition |= models.Q(act=act, position=position)
    return condition


class Stance(models.Model):
    """An act by which an actor took a position on a framework, on a date, on the evidence of a source.

    The act is what the record shows (signed, voted against, co-sponsored, stated support…); the
    position, the category charts colour, follows from it (ACT_POSITION). Positions change: an
    actor's position as of a date is its latest published stance on or before that date
    (StanceQuerySet.as_of). A bloc's stance is the bloc's own: the EU signing is never recorded as
    its members signing. A vote in a recorded vote is a stance of its Vote, one per state that voted.
    """

    # PROTECT: a published position must not vanish because reference data was deleted.
    actor = models.ForeignKey("Actor", on_delete=models.PROTECT, related_name="stances")
    framework = models.ForeignKey("Framework", on_delete=models.PROTECT, related_name="stances")
    act = models.CharField(
        max_length=20, choices=Act.choices, help_text="What the record shows the actor did."
    )
    position = models.CharField(
        max_length=12, choices=Position.choices, editable=False, help_text="Follows from the act."
    )
    position_detail = models.CharField(
        max_length=20,
        choices=RatificationKind.choices,
        blank=True,
        help_text="For 'ratified': ratification, acceptance, approval or accession.",
    )
    vote = models.ForeignKey(
        "Vote",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballots",
        help_text="The recorded vote this is one state's vote in (voted for, voted against, abstained).",
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
    source_kind = models.CharField(
        max_length=10,
        choices=SourceKind.choices,
        default=SourceKind.SECONDARY,
        help_text="Primary: the depositary, the host government, the UN's or the organisation's own record, "
        "a state's own statement of its own act. Secondary: news, analysis, third-party datasets.",
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
            # One source shows one act once (a proposer that co-sponsors the same day took two acts).
            models.UniqueConstraint(
                fields=["actor", "framework", "act", "date", "source"],
                name="%(app_label)s_%(class)s_unique_act_date_source",
            ),
            # NULLs are distinct in unique constraints: undated stances need their own.
            models.UniqueConstraint(
                fields=["actor", "framework", "act", "source"],
                condition=models.Q(date__isnull=True),
                name="%(app_label)s_%(class)s_unique_act_undated",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(position_detail="") | models.Q(act=Act.RATIFIED),
                name="%(app_label)s_%(class)s_detail_only_for_ratified",
            ),
            # The position follows from the act, in the database too.
            models.CheckConstraint(
                condition=_position_follows_act(),
                name="%(app_label)s_%(class)s_position_follows_act",
            ),
            # A vote's stances are votes, and a state votes once in it.
            models.CheckConstraint(
                condition=models.Q(vote__isnull=True) | models.Q(act__in=sorted(VOTE_ACTS)),
                name="%(app_label)s_%(class)s_vote_acts",
            ),
            models.UniqueConstraint(
                fields=["vote", "actor"],
                condition=models.Q(vote__isnull=False),
                name="%(app_label)s_%(class)s_one_ballot_per_state",
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
        return f"{self.actor.code} {self.act} {self.framework.slug} ({self.date_iso or 'undated'})"

    def save(self, *args, **kwargs):
        # The position follows from the act (a check constraint holds the database to it).
        self.position = self.position_of(self.act, self.position)
        if not self.act:
            self.act = POSITION_ACT[Position(self.position)]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "act" in update_fields:
            kwargs["update_fields"] = {*update_fields, "position"}
        super().save(*args, **kwargs)

    @staticmethod
    def position_of(act: str, position: str = "") -> str:
        """The position an act takes; for a record that names only a position (the news analysis
        suggests positions), that position, and save() gives it the act most often behind it."""
        return ACT_POSITION[Act(act)] if act else position

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
    def is_primary(self) -> bool:
        return self.source_kind == SourceKind.PRIMARY

    @property
    def date_display(self) -> str:
        return display_partial_date(self.date, self.date_precision)

    @property
    def date_iso(self) -> str:
        return format_partial_date(self.date, self.date_precision)


class StanceSource(models.Model):
    """One more document that shows the same stance: for a suggestion, one story from many outlets as
    one review item; for a curated stance, the page cited before a primary record was found."""

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
