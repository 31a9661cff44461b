"""Reading reference pages by their titles: the starter data's sources, which are never fetched.

A reference page (fetch_status "reference") holds no text, only the title a curator wrote for it
("Korea Herald report on the Korea-proposed APEC AI Initiative"). That title is what the analysis reads:
its mentions make the page findable by what it is about (/articles/?framework=...) and feed the news
charts; the stances it suggests are pending suggestions for the review queue, never published ones.
A mention's offsets are then offsets in the title, as the page has no text to point into.

Idempotent: an article whose mentions would come out as they are stored is left alone (no delete, no
insert, no history row), so running it again changes nothing; only articles whose reading changed (a
new title, a new alias, a corrected date) are written again.
"""

from __future__ import annotations

from ..analysis import analyse
from ..choices import FetchStatus, StanceOrigin, StanceStatus
from ..ledger.report import Counts
from ..models import Actor, Article, Framework, Mention, Stance, Summit
from .suggestions import store_suggestions

TARGET_FIELDS = {"actor": (Actor, "code"), "framework": (Framework, "slug"), "summit": (Summit, "slug")}


def _stored(article_ids) -> dict[int, set[tuple]]:
    stored: dict[int, set[tuple]] = {}
    rows = Mention.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "actor__code", "framework__slug", "summit__slug", "start", "end", "published_at"
    )
    for article_id, actor, framework, summit, start, end, published in rows:
        key = ("actor", actor) if actor else ("framework", framework) if framework else ("summit", summit)
        stored.setdefault(article_id, set()).add((*key, start, end, published))
    return stored


def _wanted(hits, published) -> set[tuple]:
    return {(target_type, key, start, end, published) for target_type, key, start, end, _hit in _kept(hits)}


def _kept(hits):
    """The hits store_mentions keeps: a known kind of target, the first at each span."""
    spans = set()
    for hit in hits:
        if hit.target_type in TARGET_FIELDS and (hit.start, hit.end) not in spans:
            spans.add((hit.start, hit.end))
            yield hit.target_type, hit.key, hit.start, hit.end, hit


def _write_mentions(readings) -> None:
    """store_mentions for many articles at once: one delete, three look-ups, one insert."""
    Mention.objects.filter(article_id__in=[article.pk for article, _result in readings]).delete()
    keys = {name: set() for name in TARGET_FIELDS}
    for _article, result in readings:
        for target_type, key, *_rest in _kept(result.mentions):
            keys[target_type].add(key)
    ids = {
        name: dict(model.objects.filter(**{f"{field}__in": keys[name]}).values_list(field, "id"))
        for name, (model, field) in TARGET_FIELDS.items()
    }
    rows = [
        Mention(
            article=article,
            matched_text=(hit.matched_text or "")[:300],
            start=start,
            end=end,
            snippet=hit.snippet or "",
            published_at=article.published_at,
            **{f"{target_type}_id": ids[target_type][key]},
        )
        for article, result in readings
        for target_type, key, start, end, hit in _kept(result.mentions)
        if key in ids[target_type]
    ]
    Mention.objects.bulk_create(rows)


def analyse_reference_titles(index, *, counts: Counts | None = None) -> Counts:
    """Mentions and pending suggestions from the titles of every reference page. Call in a transaction."""
    counts = counts if counts is not None else Counts()
    articles = list(
        Article.objects.filter(fetch_status=FetchStatus.REFERENCE)
        .exclude(title="")
        .only("id", "title", "published_at", "story_id")
    )
    stored = _stored([article.pk for article in articles])
    # Articles with suggestions of their own to update or withdraw; the others need store_suggestions
    # only when the title suggests something (few do, and it is the slow part otherwise).
    suggesting = set(
        Stance.objects.filter(
            source__in=articles, status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED
        ).values_list("source_id", flat=True)
    )
    readings = []
    for article in articles:
        published = article.published_at.date() if article.published_at else None
        result = analyse(article.title, index, published=published)
        if _wanted(result.mentions, article.published_at) == stored.get(article.pk, set()):
            counts.unchanged += 1
            continue
        readings.append((article, result))
        if article.pk in stored:
            counts.updated += 1
        else:
            counts.inserted += 1
    _write_mentions(readings)
    for article, result in readings:
        if result.stances or article.pk in suggesting:
            store_suggestions(article, result.stances)
    return counts
