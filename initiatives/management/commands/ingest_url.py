from django.core.management.base import BaseCommand, CommandError

from initiatives.choices import FetchStatus
from initiatives.ingest import pipeline
from initiatives.ingest.urls import InvalidURL, normalise_url
from initiatives.models import Article


class Command(BaseCommand):
    help = (
        "Fetch one web page now, store it as an article and analyse it (suggestions go to the review queue)."
    )

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument(
            "--refetch", action="store_true", help="Fetch again an article that failed before."
        )

    def handle(self, *args, url, refetch, **options):
        try:
            url = normalise_url(url)
        except InvalidURL as error:
            raise CommandError(str(error)) from error
        if len(url) > 1000:
            raise CommandError("The address is longer than 1,000 characters.")
        article, created = Article.objects.get_or_create(
            url=url, defaults={"fetch_status": FetchStatus.PENDING}
        )
        if not created:
            if article.fetch_status == FetchStatus.FAILED and refetch:
                Article.objects.filter(pk=article.pk).update(fetch_status=FetchStatus.PENDING, fetch_error="")
            elif article.fetch_status == FetchStatus.FAILED:
                raise CommandError(
                    f"Article {article.pk} failed before: {article.fetch_error} (use --refetch to try again)."
                )
            elif article.fetch_status == FetchStatus.REFERENCE:
                raise CommandError(f"Article {article.pk} is a reference entry; it is not fetched.")
        status = pipeline.fetch_article(article.pk, final_attempt=True)
        if status == FetchStatus.FAILED:
            article.refresh_from_db()
            raise CommandError(f"Article {article.pk} could not be ingested: {article.fetch_error}")
        counts = pipeline.analyse_article(article.pk)
        article.refresh_from_db()
        self.stdout.write(
            f"Article {article.pk} ({article.title or article.url}): {article.fetch_status}; {counts}"
        )
