import datetime as dt

from django.db import models
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from ..choices import AliasKind

# One name per target and language for each start date: a leader who served two separate terms
# (Trump, 2017-2021 and from 2025) has one row per term. An undated alias counts as one start date.
VALID_FROM_OR_ALWAYS = Coalesce("valid_from", models.Value(dt.date(1, 1, 1)))


class Alias(models.Model):
    """A name under which an actor, framework or summit appears in text.

    Exactly one target is set. A leader's name carries the dates of their term, and is only read
    as the country within them ("Xi Jinping" for China from 2013).
    """

    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.NAME)
    language = models.CharField(max_length=8, default="en", help_text="BCP 47 code, e.g. en, fr, zh.")
    valid_from = models.DateField(null=True, blank=True, help_text="E.g. the first day of a leader's term.")
    valid_to = models.DateField(null=True, blank=True, help_text="Blank: still valid.")
    # CASCADE: an alias means nothing without what it names.
    actor = models.ForeignKey(
        "Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    framework = models.ForeignKey(
        "Framework", null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    summit = models.ForeignKey(
        "Summit", null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    note = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(
        max_length=500, blank=True, help_text="Where the name or the term dates come from."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(actor__isnull=False, framework__isnull=True, summit__isnull=True)
                    | models.Q(actor__isnull=True, framework__isnull=False, summit__isnull=True)
                    | models.Q(actor__isnull=True, framework__isnull=True, summit__isnull=False)
                ),
                name="%(app_label)s_%(class)s_exactly_one_target",
            ),
            models.UniqueConstraint(
                "actor",
                "text",
                "language",
                VALID_FROM_OR_ALWAYS,
                condition=models.Q(actor__isnull=False),
                name="%(app_label)s_%(class)s_unique_actor_text",
                violation_error_message="This name is already an alias of it, from the same date.",
            ),
            models.UniqueConstraint(
                "framework",
                "text",
                "language",
                VALID_FROM_OR_ALWAYS,
                condition=models.Q(framework__isnull=False),
                name="%(app_label)s_%(class)s_unique_framework_text",
                violation_error_message="This name is already an alias of it, from the same date.",
            ),
            models.UniqueConstraint(
                "summit",
                "text",
                "language",
                VALID_FROM_OR_ALWAYS,
                condition=models.Q(summit__isnull=False),
                name="%(app_label)s_%(class)s_unique_summit_text",
                violation_error_message="This name is already an alias of it, from the same date.",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def target(self):
        return self.actor or self.framework or self.summit
