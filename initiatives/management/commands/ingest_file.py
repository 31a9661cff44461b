import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from initiatives.analysis.extract import ExtractionError, read_document
from initiatives.choices import FetchStatus
from initiatives.ingest import pipeline
from initiatives.ingest.urls import InvalidURL, normalise_url


class Command(BaseCommand):
    help = (
        "Store a file from an offline corpus as an article and analyse it. .html/.htm files are "
        "extracted like web pages; anything else is read as UTF-8 text. Without --url the article's "
        "address is urn:file:<sha256 of the file's bytes>, so ingesting the same file twice stores it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--url", help="The address the document was published at, if known.")
        parser.add_argument(
            "--published", help="Publication date, YYYY-MM-DD (dates leaders' terms and stances)."
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Refuse a larger file (default: INGEST_MAX_BYTES, the limit on fetched pages, 5 MiB).",
        )

    def handle(self, *args, path, url=None, published=None, max_bytes=None, **options):
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        # The same cap as a fetched page: the analysis of a 50 MB file ran for minutes in gigabytes.
        limit = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
        size = path.stat().st_size
        if size > limit:
            raise CommandError(
                f"{path} is {size:,} bytes, over the limit of {limit:,} bytes for one document "
                "(split it, or raise the limit with --max-bytes)."
            )
        published_at = None
        if published:
            try:
                published_at = dt.datetime.combine(dt.date.fromisoformat(published), dt.time(), tzinfo=dt.UTC)
            except ValueError as error:
                raise CommandError(f"--published must be a date as YYYY-MM-DD, not {published!r}.") from error
        try:
            document = read_document(path)
        except ExtractionError as error:
            raise CommandError(f"{path} could not be read: {error}") from error
        if url:
            try:
                url = normalise_url(url)
            except InvalidURL as error:
                raise CommandError(str(error)) from error
        else:
            url = f"urn:file:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        article = pipeline.ingest_document(
            url, document, note=f"Ingested from the file {path.name}.", published=published_at
        )
        if article.fetch_status == FetchStatus.FAILED:
            raise CommandError(f"Article {article.pk} not stored: {article.fetch_error}")
        counts = pipeline.analyse_article(article.pk)
        article.refresh_from_db()
        self.stdout.write(
            f"Article {article.pk} ({article.url}): {article.fetch_status}; {counts or 'nothing new'}"
        )
