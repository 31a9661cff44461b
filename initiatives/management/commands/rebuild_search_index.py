"""manage.py rebuild_search_index: bring the site search's index up to date with every record."""

from django.core.management.base import BaseCommand

from initiatives.search.documents import rebuild


class Command(BaseCommand):
    help = (
        "Index every framework, actor, summit, published stance and public article for the site search. "
        "Idempotent: it writes only what differs, and a second run counts every row unchanged. Run it "
        "after a bulk import (saves through the admin and the workers keep the index current by themselves)."
    )

    def handle(self, *args, **options):
        for kind, counts in rebuild().items():
            self.stdout.write(
                f"{kind}: {counts.inserted} inserted, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.deleted} deleted"
            )
