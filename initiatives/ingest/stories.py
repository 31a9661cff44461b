"""One story, many outlets: articles that report the same event share a Story.

Two articles are the same story when they were published within STORY_WINDOW of each other and
either their titles are near-identical (token Jaccard) or the openings of their texts share most
word trigrams (agency copy rewritten by each outlet keeps its lead). A wrong grouping costs little:
stories only merge review items that suggest the very same actor, framework and position.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from ..choices import FetchStatus
from ..models import Article, Story

STORY_WINDOW = dt.timedelta(days=3)
TITLE_THRESHOLD = 0.6
MIN_TITLE_TOKENS = 4
LEAD_CHARS = 2000
LEAD_THRESHOLD = 0.45
# The newest candidates in the window are plenty: a story's copies appear within hours.
MAX_CANDIDATES = 400

_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "over",
        "says",
        "said",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "after",
        "amid",
        "new",
    ]
)


def title_tokens(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.casefold()) if w not in STOPWORDS)


def shingles(text: str, size: int = 3) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text[:LEAD_CHARS].casefold())
    return frozenset(tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 0)))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_story(title_a, lead_a, title_b, lead_b) -> bool:
    ta, tb = title_tokens(title_a), title_tokens(title_b)
    if min(len(ta), len(tb)) >= MIN_TITLE_TOKENS and jaccard(ta, tb) >= TITLE_THRESHOLD:
        return True
    return jaccard(shingles(lead_a), shingles(lead_b)) >= LEAD_THRESHOLD


def find_story_mate(article: Article) -> Article | None:
    """The most recent earlier-stored article that reports the same event, if any."""
    when = article.published_at or article.created_at or timezone.now()
    candidates = (
        Article.objects.filter(fetch_status__in=[FetchStatus.FETCHED, FetchStatus.ANALYSED])
        .exclude(pk=article.pk)
        .filter(
            Q(published_at__range=(when - STORY_WINDOW, when + STORY_WINDOW))
            | Q(published_at__isnull=True, created_at__range=(when - STORY_WINDOW, when + STORY_WINDOW))
        )
        .annotate(lead=Substr("text", 1, LEAD_CHARS))
        .only("id", "title", "story_id", "published_at")
        .order_by(F("story_id").desc(nulls_last=True), "-id")[:MAX_CANDIDATES]
    )
    for candidate in candidates:
        if same_story(article.title, article.text, candidate.title, candidate.lead):
            return candidate
    return None


def assign_story(article: Article) -> Story | None:
    """Put the article in the story of its closest match, creating the story if needed.

    Call inside the transaction that writes the article's suggestions, so that two workers do not
    each open a story for the same event.
    """
    if article.story_id:
        return article.story
    mate = find_story_mate(article)
    if mate is None:
        return None
    story = mate.story
    dates = [d for d in (article.published_at, mate.published_at) if d]
    if story is None:
        story = Story.objects.create(
            title=(mate.title or article.title)[:500], first_published_at=min(dates, default=None)
        )
        Article.objects.filter(pk=mate.pk).update(story=story)
    elif dates and (story.first_published_at is None or min(dates) < story.first_published_at):
        story.first_published_at = min(dates)
        story.save(update_fields=["first_published_at"])
    article.story = story
    Article.objects.filter(pk=article.pk).update(story=story)
    return story
