"""New initiatives the news names and the registry lacks, waiting for a curator (the review queue)."""

from django.db import models

from .aliases import Alias
from .articles import Article
from .frameworks import Framework
from .summits import Summit


class CandidateKind(models.TextChoices):
    FRAMEWORK = "framework", "Framework"
    SUMMIT = "summit", "Summit"
    BODY = "body", "Body or organisation"


class CandidateStatus(models.TextChoices):
    OPEN = "open", "Open"
    ADDED = "added", "Added to the registry"
    DISMISSED = "dismissed", "Dismissed"


class InitiativeCandidate(models.Model):
    """A name the analysis read as an AI framework, body or summit that no alias matches.

    One per normalised name: sightings in several articles merge here. A curator adds it to the
    registry (a new framework, a new summit, or an alias of a framework) or dismisses it; either way
    later sightings are still recorded, and an added one links to what it became.
    """

    name = models.CharField(max_length=300, help_text="The name as first written in the news.")
    normalised = models.CharField(
        max_length=300,
        unique=True,
        help_text="Folded (case, accents, spellings, AI = artificial intelligence): the key sightings merge on.",
    )
    kind = models.CharField(
        max_length=10,
        choices=CandidateKind.choices,
        default=CandidateKind.FRAMEWORK,
        help_text="A guess from the name's head noun (Declaration, Summit, Organization…).",
    )
    status = models.CharField(max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    first_seen = models.DateTimeField(
        null=True, blank=True, help_text="The earliest article naming it (published, else stored)."
    )
    last_seen = models.DateTimeField(null=True, blank=True, help_text="The latest article naming it.")
    # SET_NULL: deleting what it became leaves the candidate as a record of the decision.
    framework = models.ForeignKey(
        Framework,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        help_text="The framework it became (added as a new framework, or as an alias of this one).",
    )
    summit = models.ForeignKey(
        Summit, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    alias = models.ForeignKey(
        Alias,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        help_text="The alias it became, when added as another name of an existing framework.",
    )
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-status", "-last_seen"]  # open, dismissed, added
        verbose_name = "new initiative to review"
        verbose_name_plural = "new initiatives to review"
        indexes = [
            # The queue: open candidates, most recently seen first.
            models.Index(fields=["status", "-last_seen"], name="initiatives_candidate_queue"),
        ]

    def __str__(self):
        return self.name


class CandidateSighting(models.Model):
    """One sentence of one article that names a candidate."""

    candidate = models.ForeignKey(InitiativeCandidate, on_delete=models.CASCADE, related_name="sightings")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="candidate_sightings")
    matched_text = models.CharField(max_length=300)
    start = models.PositiveIntegerField(help_text="Character offset of the name in the article text.")
    sentence = models.TextField()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "article", "start"], name="%(app_label)s_%(class)s_unique_place"
            ),
        ]

    def __str__(self):
        return self.matched_text
