import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from initiatives.choices import FetchStatus
from initiatives.ingest import alias_index, pipeline
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
        articles = Article.objects.filter(fetch_status__in=[FetchStatus.FETCHED, FetchStatus.ANALYSED])
        if since:
            try:
                start = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), tzinfo=dt.UTC)
            except ValueError as error:
                raise CommandError(f"--since must be a date as YYYY-MM-DD, not {since!r}.") from error
            articles = articles.filter(
                Q(published_at__gte=start) | Q(published_at__isnull=True, created_at__gte=start)
            )
        index = alias_index.fresh()
        total, done = StoreCounts(), 0
        for article_id in articles.order_by("id").values_list("id", flat=True).iterator():
            counts = pipeline.analyse_article(article_id, index=index)
            if counts is None:
                continue
            done += 1
            for name in ("mentions", "created", "updated", "corroborated", "kept", "removed"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        self.stdout.write(f"Re-analysed {done} articles: {total}.")
