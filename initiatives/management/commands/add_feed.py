from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from initiatives.choices import ArticleKind
from initiatives.models import Feed


class Command(BaseCommand):
    help = "Add an RSS or Atom feed for the workers to poll."

    def add_arguments(self, parser):
        parser.add_argument("url", help="The feed's http(s) address.")
        parser.add_argument("--name", default="", help="A display name (default: the feed's own title).")
        parser.add_argument("--interval", type=int, default=60, help="Minutes between polls (default 60).")
        parser.add_argument("--kind", choices=ArticleKind.values, default=ArticleKind.NEWS)

    def handle(self, *args, url, name, interval, kind, **options):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise CommandError(f"{url!r} is not an http(s) address.") from error
        if len(url) > 1000:
            raise CommandError("The address is longer than 1,000 characters.")
        if interval < 1:
            raise CommandError("--interval must be at least 1 minute.")
        existing = Feed.objects.filter(url=url).first()
        if existing:
            raise CommandError(f"This feed is already registered as feed {existing.pk} ({existing}).")
        feed = Feed.objects.create(url=url, name=name, poll_interval_minutes=interval, article_kind=kind)
        self.stdout.write(
            f"Added feed {feed.pk}: {feed}. Poll it now with: manage.py poll_feeds --feed {feed.pk}"
        )
