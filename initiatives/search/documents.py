"""What each record contributes to the search index, and the one write path that keeps it current.

- a framework: its name; its short name, aliases, seat, UN symbol, summary and status note;
- an actor: its name; its official name, code, aliases (names, leaders, capitals, demonyms) and description;
- a summit: its name; its city, venue, aliases and note;
- a published stance (never a pending or rejected suggestion): who did what on which framework;
  its evidence and note;
- a public article (ArticleQuerySet.public()): its title; its text.

sync() compares what the records say with what the index holds, by (kind, record), and writes only
the difference, counting insertions, updates, unchanged rows and deletions: running it again
changes nothing. The signals call it for the records a save touched; `rebuild_search_index` and the
starter loader for everything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils import timezone

from .models import SearchDocument, SearchKind

# PostgreSQL refuses a tsvector over 1 MB, and a longer text adds nothing a snippet could show:
# the index reads the first this-many characters of a body (an article's text is capped at fetch).
MAX_BODY_CHARS = 100_000
BATCH = 500

_UNINDEXABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL and the snippets' markers among them


def clean(text: str | None, limit: int | None = None) -> str:
    """Text as the index holds it: control characters (the snippets' markers) read as spaces."""
    text = _UNINDEXABLE.sub(" ", text or "").replace("…", " ")
    return text[:limit] if limit else text


def _body(*parts) -> str:
    seen, kept = set(), []
    for part in parts:
        part = clean(part).strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            kept.append(part)
    return " · ".join(kept)[:MAX_BODY_CHARS]  # a separator a snippet can show; no index reads it as a word


def _earliest(*days) -> dt.date | None:
    known = [day for day in days if day]
    return min(known) if known else None


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str
    body: str
    url: str
    context: str
    known_from: dt.date | None


_COMPARED = [f.name for f in fields(Document) if f.name not in ("kind", "object_id")]


def _frameworks(ids):
    from ..models import Framework  # noqa: PLC0415 - the models package imports this app's model

    records = Framework.objects.prefetch_related("aliases")
    for fw in records.filter(pk__in=ids) if ids is not None else records.all():
        yield Document(
            SearchKind.FRAMEWORK,
            fw.pk,
            clean(fw.name, 600),
            _body(
                fw.short_name,
                *(alias.text for alias in fw.aliases.all()),
                fw.headquarters and f"Seat: {fw.headquarters}",
                fw.document_symbol,
                fw.summary,
                fw.status_note,
            ),
            fw.get_absolute_url(),
            clean(fw.get_kind_display(), 300),
            _earliest(fw.date_proposed, fw.date_adopted),
        )


def _actors(ids):
    from django.urls import reverse  # noqa: PLC0415

    from ..models import Actor  # noqa: PLC0415

    records = Actor.objects.prefetch_related("aliases")
    for actor in records.filter(pk__in=ids) if ids is not None else records.all():
        yield Document(
            SearchKind.ACTOR,
            actor.pk,
            clean(actor.name, 600),
            _body(
                actor.official_name,
                actor.code,
                *(alias.text for alias in actor.aliases.all()),
                actor.description,
            ),
            reverse("initiatives:actor-detail", args=[actor.code]),
            clean(" · ".join(filter(None, [actor.get_kind_display(), actor.region])), 300),
            None,
        )


def _summits(ids):
    from ..models import Summit  # noqa: PLC0415

    records = Summit.objects.prefetch_related("aliases")
    for summit in records.filter(pk__in=ids) if ids is not None else records.all():
        yield Document(
            SearchKind.SUMMIT,
            summit.pk,
            clean(summit.name, 600),
            _body(
                summit.city and f"City: {summit.city}",
                summit.venue and f"Venue: {summit.venue}",
                *(alias.text for alias in summit.aliases.all()),
                summit.note,
            ),
            summit.get_absolute_url(),
            clean(" · ".join(filter(None, [summit.city, summit.dates_display])), 300),
            summit.start_date,
        )


def _stances(ids):
    from ..models import Stance  # noqa: PLC0415

    # Only what the row shows: a source's text may be long, and a country's ballots are many.
    records = (
        Stance.objects.published()
        .select_related("actor", "framework", "source", "source__outlet")
        .only(
            "act", "date", "date_precision", "evidence", "note", "actor__name", "framework__name",
            "framework__slug", "source__url", "source__publisher", "source__outlet__name",
        )
    )  # fmt: skip
    urls: dict[int, str] = {}  # reverse() once per framework, not once per ballot
    for stance in records.filter(pk__in=ids) if ids is not None else records.all():
        source = stance.source
        if stance.framework_id not in urls:
            urls[stance.framework_id] = stance.framework.get_absolute_url()
        yield Document(
            SearchKind.STANCE,
            stance.pk,
            clean(f"{stance.actor.name}: {stance.get_act_display()}, {stance.framework.name}", 600),
            _body(stance.evidence, stance.note),
            stance.framework.get_absolute_url(),
            clean(
                " · ".join(filter(None, [stance.date_display or "date unknown", source.publisher_name])), 300
            ),
            stance.date,
        )


def _articles(ids):
    from ..models import Article  # noqa: PLC0415

    records = Article.objects.public().select_related("outlet").order_by("pk")
    for article in records.filter(pk__in=ids) if ids is not None else records.iterator(chunk_size=200):
        published = timezone.localdate(article.published_at) if article.published_at else None
        yield Document(
            SearchKind.ARTICLE,
            article.pk,
            clean(article.title or article.url, 600),
            _body(article.text),
            article.get_absolute_url(),
            clean(
                " · ".join(filter(None, [article.publisher_name, published and published.isoformat()])), 300
            ),
            published,
        )


BUILDERS = {
    SearchKind.FRAMEWORK: _frameworks,
    SearchKind.ACTOR: _actors,
    SearchKind.SUMMIT: _summits,
    SearchKind.STANCE: _stances,
    SearchKind.ARTICLE: _articles,
}


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: Counts) -> None:
        for name in ("inserted", "updated", "unchanged", "deleted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def sync(kind: str, ids=None) -> Counts:
    """Make the index hold what the records of `kind` say: for the records `ids` (ids or a queryset),
    or every record of the kind (None). A record gone, or no longer searchable (a stance
    un-published, an article whose fetch failed), loses its row."""
    ids = None if ids is None else set(ids)
    counts = Counts()
    wanted = {doc.object_id: doc for doc in BUILDERS[kind](ids)}
    held = SearchDocument.objects.filter(kind=kind)
    if ids is not None:
        held = held.filter(object_id__in=ids)
    existing = {
        row[1]: row for row in held.values_list("pk", "object_id", *_COMPARED).iterator(chunk_size=200)
    }
    new, changed = [], []
    for object_id, doc in wanted.items():
        row = existing.get(object_id)
        values = [getattr(doc, name) for name in _COMPARED]
        if row is None:
            new.append(
                SearchDocument(kind=kind, object_id=object_id, **dict(zip(_COMPARED, values, strict=True)))
            )
        elif list(row[2:]) != values:
            changed.append(
                SearchDocument(
                    pk=row[0], kind=kind, object_id=object_id, **dict(zip(_COMPARED, values, strict=True))
                )
            )
        else:
            counts.unchanged += 1
    gone = [row[0] for object_id, row in existing.items() if object_id not in wanted]
    with transaction.atomic():
        SearchDocument.objects.bulk_create(new, batch_size=BATCH)
        SearchDocument.objects.bulk_update(changed, _COMPARED, batch_size=BATCH)
        for start in range(0, len(gone), BATCH):
            SearchDocument.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    counts.inserted, counts.updated, counts.deleted = len(new), len(changed), len(gone)
    return counts


def rebuild() -> dict[str, Counts]:
    """Every kind synced with its records (idempotent: a second run only counts unchanged rows)."""
    with transaction.atomic():
        return {kind: sync(kind) for kind in SearchKind.values}
