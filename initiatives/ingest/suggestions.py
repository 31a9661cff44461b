"""Writing one article's analysis: its Mentions and its suggested Stances.

Re-running it for an article replaces what the previous run wrote (mentions, pending suggestions,
the article's corroborations of pending suggestions) and never touches a decision: a stance from
this article that a curator published, rejected or entered by hand, or that once had the same
actor and framework (a curator may have corrected it), is left alone and not suggested again.

Within a story, the same actor, framework and position suggested by several articles is one
Stance (the first article is its source) with a StanceSource row for every other article.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ..choices import DatePrecision, Position, StanceOrigin, StanceStatus
from ..models import Actor, Article, Framework, Mention, Stance, StanceSource, Summit


@dataclass
class StoreCounts:
    mentions: int = 0
    created: int = 0
    updated: int = 0
    corroborated: int = 0
    kept: int = 0  # suggestions skipped because a curator already decided
    removed: int = 0

    def __str__(self):
        return (
            f"{self.mentions} mentions, {self.created} new suggestions, {self.updated} updated, "
            f"{self.corroborated} added to a story's existing suggestion, {self.kept} already decided, "
            f"{self.removed} withdrawn"
        )


def _clamp(value) -> float:
    try:
        return min(max(float(value), 0.0), 1.0)
    except (TypeError, ValueError):
        return 0.5


def store_mentions(article: Article, mentions) -> int:
    article.mentions.all().delete()
    keys = {"actor": set(), "framework": set(), "summit": set()}
    for hit in mentions:
        if hit.target_type in keys:
            keys[hit.target_type].add(hit.key)
    targets = {
        "actor": dict(Actor.objects.filter(code__in=keys["actor"]).values_list("code", "id")),
        "framework": dict(Framework.objects.filter(slug__in=keys["framework"]).values_list("slug", "id")),
        "summit": dict(Summit.objects.filter(slug__in=keys["summit"]).values_list("slug", "id")),
    }
    rows, spans = [], set()
    for hit in mentions:
        target_id = targets.get(hit.target_type, {}).get(hit.key)
        if target_id is None or (hit.start, hit.end) in spans:
            continue
        spans.add((hit.start, hit.end))
        rows.append(
            Mention(
                article=article,
                matched_text=(hit.matched_text or "")[:300],
                start=hit.start,
                end=hit.end,
                snippet=hit.snippet or "",
                published_at=article.published_at,
                **{f"{hit.target_type}_id": target_id},
            )
        )
    Mention.objects.bulk_create(rows)
    return len(rows)


def _best_suggestions(article: Article, stances) -> dict[tuple[int, int], object]:
    """One suggestion per (actor, framework) for the article: the most confident.

    A stance is unique per actor, framework, date and source, and one report rarely shows an actor
    taking two positions on one framework; when the analysis offers two, the stronger evidence wins.
    """
    actors = dict(Actor.objects.filter(code__in={s.actor for s in stances}).values_list("code", "id"))
    frameworks = dict(
        Framework.objects.filter(slug__in={s.framework for s in stances}).values_list("slug", "id")
    )
    best: dict[tuple[int, int], object] = {}
    for suggestion in stances:
        actor_id, framework_id = actors.get(suggestion.actor), frameworks.get(suggestion.framework)
        if actor_id is None or framework_id is None or suggestion.position not in Position.values:
            continue
        key = (actor_id, framework_id)
        if key not in best or _clamp(suggestion.confidence) > _clamp(best[key].confidence):
            best[key] = suggestion
    return best


def _decided_pairs(article: Article) -> set[tuple[int, int]]:
    """(actor, framework) pairs this article's decided stances have, or had before a curator's correction."""
    decided = Stance.objects.filter(source=article).exclude(
        status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED
    )
    ids = list(decided.values_list("id", flat=True))
    pairs = set(decided.values_list("actor_id", "framework_id"))
    if ids:
        pairs |= set(Stance.history.filter(id__in=ids).values_list("actor_id", "framework_id"))
    corroborated = StanceSource.objects.filter(article=article).exclude(stance__status=StanceStatus.PENDING)
    pairs |= set(corroborated.values_list("stance__actor_id", "stance__framework_id"))
    return pairs


def _withdraw(stance: Stance) -> None:
    """A pending suggestion its article no longer makes: hand it to a corroborating article, or delete it."""
    for extra in stance.corroborations.select_related("article").order_by("id"):
        date = extra.article.published_at.date() if extra.article.published_at else None
        clash = Stance.objects.filter(
            actor_id=stance.actor_id, framework_id=stance.framework_id, source=extra.article, date=date
        ).exists()
        if clash:
            continue
        stance.source, stance.date = extra.article, date
        stance.evidence, stance.cue, stance.confidence = extra.evidence, extra.cue, extra.confidence
        extra.delete()
        stance.save()
        return
    stance.delete()


def store_suggestions(article: Article, stances) -> StoreCounts:
    """Call inside a transaction, with the article's story already assigned."""
    counts = StoreCounts()
    date = article.published_at.date() if article.published_at else None
    decided = _decided_pairs(article)
    previous = {
        (s.actor_id, s.framework_id): s
        for s in Stance.objects.filter(
            source=article, status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED
        )
    }
    StanceSource.objects.filter(article=article, stance__status=StanceStatus.PENDING).delete()

    for (actor_id, framework_id), suggestion in _best_suggestions(article, stances).items():
        fields = {
            "evidence": suggestion.evidence or "",
            "cue": (suggestion.cue or "")[:80],
            "confidence": _clamp(suggestion.confidence),
        }
        if (actor_id, framework_id) in decided:
            counts.kept += 1
            continue
        own = previous.pop((actor_id, framework_id), None)
        if own is not None:
            own.position, own.date = suggestion.position, date
            for name, value in fields.items():
                setattr(own, name, value)
            own.save()
            counts.updated += 1
            continue
        if article.story_id:
            mate = (
                Stance.objects.filter(
                    actor_id=actor_id,
                    framework_id=framework_id,
                    position=suggestion.position,
                    origin=StanceOrigin.INGESTED,
                )
                .filter(
                    Q(source__story_id=article.story_id)
                    | Q(corroborations__article__story_id=article.story_id)
                )
                .exclude(source=article)
                .order_by("id")
                .first()
            )
            if mate is not None:
                StanceSource.objects.update_or_create(stance=mate, article=article, defaults=fields)
                counts.corroborated += 1
                continue
        Stance.objects.create(
            actor_id=actor_id,
            framework_id=framework_id,
            position=suggestion.position,
            date=date,
            date_precision=DatePrecision.DAY,
            source=article,
            status=StanceStatus.PENDING,
            origin=StanceOrigin.INGESTED,
            **fields,
        )
        counts.created += 1

    for stance in previous.values():
        _withdraw(stance)
        counts.removed += 1
    return counts
