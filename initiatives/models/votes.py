from django.db import models
from simple_history.models import HistoricalRecords

from ..choices import Act, SourceKind, VoteBody
from ..querysets import VoteQuerySet


class Vote(models.Model):
    """A recorded vote on a resolution (the framework): who voted for, against or abstained.

    Its ballots are the stances of the states that voted, one per state. The official totals are the
    record's own; a roll call is complete when the ballots recorded match them, and the page says how
    many names are missing otherwise. A resolution adopted without a vote has no totals and no
    ballots; its co-sponsors are co-sponsors, never voters. A First Committee vote and the plenary
    vote on the same text are two votes, each with its own date.
    """

    # PROTECT: a recorded vote is part of the record of its resolution.
    framework = models.ForeignKey("Framework", on_delete=models.PROTECT, related_name="votes")
    body = models.CharField(max_length=20, choices=VoteBody.choices, default=VoteBody.PLENARY)
    date = models.DateField(
        null=True, blank=True, help_text="The day of the vote; blank where no source gives it."
    )
    symbol = models.CharField(
        max_length=40, blank=True, help_text="The resolution or decision voted on, e.g. A/RES/78/241."
    )
    draft_symbol = models.CharField(
        max_length=40, blank=True, help_text="The draft voted on, e.g. A/C.1/78/L.56."
    )
    meeting_record = models.CharField(
        max_length=200,
        blank=True,
        help_text="The meeting record or coverage, e.g. A/78/PV.50 or GA/DIS/3731.",
    )
    adopted_without_vote = models.BooleanField(
        default=False, help_text="Adopted by consensus: no totals and no ballots."
    )
    official_for = models.PositiveSmallIntegerField(null=True, blank=True)
    official_against = models.PositiveSmallIntegerField(null=True, blank=True)
    official_abstain = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey(
        "Article",
        on_delete=models.PROTECT,
        related_name="votes",
        help_text="Where the totals and the roll call were read.",
    )
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.SECONDARY)
    primary_record = models.URLField(
        max_length=500,
        blank=True,
        help_text="The UN's own record of the vote (Digital Library), where known.",
    )
    other_sources = models.ManyToManyField("Article", blank=True, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["other_sources"])
    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["framework__name", "date", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "body", "date"],
                name="%(app_label)s_%(class)s_unique_framework_body_date",
            ),
            models.CheckConstraint(
                condition=models.Q(adopted_without_vote=False)
                | models.Q(
                    official_for__isnull=True, official_against__isnull=True, official_abstain__isnull=True
                ),
                name="%(app_label)s_%(class)s_consensus_has_no_totals",
            ),
        ]

    def __str__(self):
        when = self.date.isoformat() if self.date else "date unknown"
        return f"{self.symbol or self.framework} ({self.get_body_display()}, {when})"

    @property
    def has_totals(self) -> bool:
        return None not in (self.official_for, self.official_against, self.official_abstain)

    def tally(self) -> "Tally":
        """The recorded ballots counted, beside the official totals."""
        counts = dict(self.ballots.values_list("act").annotate(n=models.Count("id")).order_by())
        return Tally(self, counts)


class Tally:
    """A vote's official totals beside the ballots recorded, and what is missing from the roll call."""

    def __init__(self, vote: Vote, recorded: dict[str, int]):
        self.vote = vote
        self.recorded_for = recorded.get(Act.VOTED_FOR, 0)
        self.recorded_against = recorded.get(Act.VOTED_AGAINST, 0)
        self.recorded_abstain = recorded.get(Act.ABSTAINED, 0)

    @property
    def recorded(self) -> int:
        return self.recorded_for + self.recorded_against + self.recorded_abstain

    @property
    def official(self) -> int | None:
        vote = self.vote
        return vote.official_for + vote.official_against + vote.official_abstain if vote.has_totals else None

    @property
    def missing(self) -> dict[str, int] | None:
        """Names missing per side (None without official totals)."""
        vote = self.vote
        if not vote.has_totals:
            return None
        return {
            "for": max(vote.official_for - self.recorded_for, 0),
            "against": max(vote.official_against - self.recorded_against, 0),
            "abstain": max(vote.official_abstain - self.recorded_abstain, 0),
        }

    @property
    def missing_total(self) -> int | None:
        missing = self.missing
        return None if missing is None else sum(missing.values())

    @property
    def complete(self) -> bool:
        vote = self.vote
        return vote.has_totals and (self.recorded_for, self.recorded_against, self.recorded_abstain) == (
            vote.official_for,
            vote.official_against,
            vote.official_abstain,
        )

    @property
    def disagrees(self) -> bool:
        """More names recorded than the record's total on some side: a transcription to check."""
        vote = self.vote
        return vote.has_totals and (
            self.recorded_for > vote.official_for
            or self.recorded_against > vote.official_against
            or self.recorded_abstain > vote.official_abstain
        )
