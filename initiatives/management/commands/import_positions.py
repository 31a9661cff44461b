"""manage.py import_positions FILE: positions (signatures, endorsements, memberships, co-sponsorships,
statements…) from a CSV or JSON file in the documented format (initiatives/ledger/positions.py)."""

from pathlib import Path

from django.core.management.base import CommandError

from initiatives.ledger.command import ImportCommand
from initiatives.ledger.positions import import_positions, read_positions
from initiatives.ledger.report import DataError


class Command(ImportCommand):
    help = (
        "Load positions from FILE (CSV or JSON: actor, framework, act, date, source_url, source_kind, note; "
        "optional evidence, summit, detail, also_sources, source_title, source_publisher). Idempotent; each "
        "bad row is reported with its number and the rest are loaded; a curator's edit is never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)

    def handle(self, *args, file, dry_run, **options):
        try:
            report = import_positions(read_positions(file), dry_run=dry_run)
        except DataError as exc:
            raise CommandError(f"Nothing loaded: {exc}") from exc
        self.print_report(report)
