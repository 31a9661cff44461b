"""manage.py import_treaty_chart SOURCE --framework SLUG: signatures and ratifications from the
Council of Europe Treaty Office's chart (its JSON, or the chart page as a browser renders it)."""

from django.core.management.base import CommandError

from initiatives.ledger.command import ImportCommand
from initiatives.ledger.official_records import treaty_chart_positions
from initiatives.ledger.positions import import_positions
from initiatives.records.errors import RecordError


class Command(ImportCommand):
    help = (
        "Import each state's signature and ratification (acceptance, approval, accession) of a Council of "
        "Europe treaty from the Treaty Office's chart, as primary-source positions. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A URL of the chart's JSON, or a saved file (JSON or chart page).")
        parser.add_argument(
            "--framework", required=True, help="The treaty's slug, e.g. coe-framework-convention-ai."
        )
        parser.add_argument(
            "--source-url", default="", help="For a saved file: the chart's address, to cite."
        )
        super().add_arguments(parser)

    def handle(self, *args, source, framework, source_url, dry_run, **options):
        try:
            positions = treaty_chart_positions(source, framework=framework, source_url=source_url)
        except RecordError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        if not positions.sources:
            raise CommandError(
                "Nothing imported: a saved file needs --source-url, the chart's address, to cite."
            )
        self.print_report(import_positions(positions, dry_run=dry_run))
