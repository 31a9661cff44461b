from django.core.management.base import BaseCommand, CommandError

from initiatives import tasks
from initiatives.ingest import pipeline
from initiatives.models import Feed


class Command(BaseCommand):
    help = (
        "Poll the feeds that are due (or one feed with --feed) now, in this process. New articles are "
        "queued for the workers (run in-process too when REDIS_URL is not set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="Poll this feed id now, due or not.")

    def handle(self, *args, feed=None, **options):
        if feed is not None:
            row = Feed.objects.filter(pk=feed).first()
            if row is None:
                raise CommandError(f"There is no feed {feed}.")
            if not row.is_active:
                raise CommandError(
                    f"Feed {feed} is disabled: {row.disabled_reason or 'not active'} "
                    "(tick 'is active' in the admin to poll it again)."
                )
            feed_ids = [feed]
        else:
            feed_ids = pipeline.claim_due_feeds()
            if not feed_ids:
                self.stdout.write("No feed is due.")
        failures = 0
        for feed_id in feed_ids:
            outcome = pipeline.poll_feed(feed_id)  # here, not queued, so that the result is reported
            if outcome is None:
                self.stdout.write(f"feed {feed_id}: gone")
                continue
            failures += outcome.status in ("failed", "disabled")
            self.stdout.write(str(outcome))
            for article_id in outcome.new_article_ids:
                tasks.fetch_article.delay(article_id)
        if feed is not None and failures:
            raise CommandError("The feed could not be polled; the error is recorded on the feed.")
