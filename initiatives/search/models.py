"""The search index: one row per searchable record, with its text as the search page shows it.

Kept current by the signals of search/signals.py and rebuilt by `manage.py rebuild_search_index`
(and by the starter loader, whose bulk writes send no signals). The full-text index over it is the
database's own, made by migration 0013: on PostgreSQL the `search` column, a weighted tsvector
filled by a trigger and read through a GIN index; on SQLite an FTS5 table over title and body,
kept in step by triggers. Neither is declared here: each exists on its vendor only.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchKind(models.TextChoices):
    """What a search result is, in the order the search page groups them."""

    FRAMEWORK = "framework", "Frameworks"
    ACTOR = "actor", "Actors"
    SUMMIT = "summit", "Summits"
    STANCE = "stance", "Stance evidence"
    ARTICLE = "article", "Articles"


class SearchDocument(models.Model):
    """One searchable record: a framework, an actor, a summit, a published stance or a public article."""

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.BigIntegerField(help_text="The primary key of the record of that kind.")
    title = models.CharField(max_length=600)
    body = models.TextField(blank=True, help_text="Aliases, summaries, notes, evidence or article text.")
    url = models.CharField(max_length=300, help_text="The record's page on this site.")
    context = models.CharField(
        max_length=300, blank=True, help_text="A line shown under the title: kind, date, source."
    )
    known_from = models.DateField(
        null=True,
        blank=True,
        help_text="The day the record became known (published, dated, proposed, held): views as of an "
        "earlier day leave it out. Blank: always shown.",
    )
    # PostgreSQL only: filled by a trigger (title weighted A, body B), read through a GIN index.
    # On SQLite the column stays empty and FTS5 answers instead.
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="%(app_label)s_%(class)s_unique_record"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"
