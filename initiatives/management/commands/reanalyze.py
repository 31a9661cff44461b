import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from initiatives.choices import FetchStatus
from initiatives.ingest import pipeline
from initiatives.ingest.suggestions import StoreCounts
from initiatives.models import Article


class Command(BaseCommand):
    help = (
        "Run the analysis again over stored articles (after aliases change). Mentions and pending "
        "suggestions are replaced; stances a curator published, rejected or corrected are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="Only articles published (or, if undated, stored) on or after YYYY-MM-DD."
        )

    def handle(self, *args, since=None, **options):
        from initiatives.analysis import AliasIndex

        articles = Article.objects.filter(fetch_status__in=[FetchStatus.FETCHED, FetchStatus.ANALYSED])
        if since:
            try:
                start = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), tzinfo=dt.UTC)
            except ValueError as error:
                raise CommandError(f"--since must be a date as YYYY-MM-DD, not {since!r}.") from error
            articles = articles.filter(
                Q(published_at__gte=start) | Q(published_at__isnull=True, created_at__gte=start)
            )
        index = fresh_index(AliasIndex)
        total, done = StoreCounts(), 0
        for article_id in articles.order_by("id").values_list("id", flat=True).iterator():
            counts = pipeline.analyse_article(article_id, index=index)
            if counts is None:
                continue
            done += 1
            for name in ("mentions", "created", "updated", "corroborated", "kept", "removed"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        self.stdout.write(f"Re-analysed {done} articles: {total}.")


def clear_index_cache(alias_index) -> None:
    """Forget the alias index cached in this process, whatever form the cache takes."""
    for name in ("clear_cache", "invalidate", "reset"):
        if callable(getattr(alias_index, name, None)):
            getattr(alias_index, name)()
    if callable(getattr(alias_index.from_database, "cache_clear", None)):
        alias_index.from_database.cache_clear()


def fresh_index(alias_index):
    """The alias index built from the aliases as they are now, not the copy cached in this process.

    The shared version is bumped too, so that workers and web processes rebuild theirs on next use even
    when the aliases were changed by bulk writes, which send no signals.
    """
    clear_index_cache(alias_index)
    try:
        from initiatives.analysis.freshness import bump_index_version
    except ImportError:  # an analysis without a shared version: this process's cache is all there is
        pass
    else:
        bump_index_version()
    return alias_index.from_database()
