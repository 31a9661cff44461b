"""Articles: the searchable list and one article with its mentions highlighted."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ..choices import ArticleKind
from ..filters import ArticleFilter, apply_filters, reports_filter_errors
from ..models import Article, Framework, Mention, Summit
from .common import page_as_of, paginate


@reports_filter_errors("html", takes=("page",), filterset=ArticleFilter)
def article_list(request):
    as_of = page_as_of(request)
    articles, _filterset = apply_filters(ArticleFilter, request.GET, Article.objects.public().defer("text"))
    page = paginate(request, articles.newest_first())
    # Mentions counted for this page's articles only: counting them for every match would read
    # the whole mentions table on each visit.
    counts = dict(
        Mention.objects.filter(article_id__in=[a.pk for a in page])
        .values_list("article_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for article in page:
        article.mention_count = counts.get(article.pk, 0)
    context = {
        "as_of": as_of.date,
        "page": page,
        "params": request.GET,
        "kinds": ArticleKind.choices,
        "frameworks": list(Framework.objects.order_by("name").values_list("slug", "name")),
        "summits": list(Summit.objects.order_by("-start_date").values_list("slug", "name")),
    }
    return render(request, "initiatives/article_list.html", context)


def highlight(text: str, mentions) -> list[dict]:
    """Cut `text` into plain and mentioned segments by the mentions' character offsets.

    Segments are plain text that the template escapes; a mention that overlaps an earlier one or
    runs past the text is left unmarked rather than guessed at.
    """
    segments, cursor = [], 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < cursor or mention.end > len(text) or mention.end <= mention.start:
            continue
        if mention.start > cursor:
            segments.append({"text": text[cursor : mention.start]})
        segments.append({"text": text[mention.start : mention.end], "mention": mention})
        cursor = mention.end
    if cursor < len(text):
        segments.append({"text": text[cursor:]})
    return segments


@reports_filter_errors("html", takes=("as_of",))
def article_detail(request, pk):
    as_of = page_as_of(request)
    article = get_object_or_404(Article.objects.public().select_related("feed", "story"), pk=pk)
    mentions = list(article.mentions.select_related("actor", "framework", "summit"))
    context = {
        "as_of": as_of.date,
        "article": article,
        "segments": highlight(article.text, mentions),
        "mentioned": sorted({str(m.actor or m.framework or m.summit) for m in mentions}),
        "mention_count": len(mentions),
        "stances": list(article.stances.published().select_related("actor", "framework")),
    }
    return render(request, "initiatives/article_detail.html", context)
