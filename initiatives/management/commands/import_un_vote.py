"""manage.py import_un_vote SOURCE: a recorded vote from the UN's own record.

SOURCE is a UN Digital Library voting record (its page or its MARCXML export) or UN meetings
coverage (press.un.org, the "In favour: … Against: … Abstain: …" paragraphs), given as a URL (fetched
through the safe fetcher) or a saved file. Each vote becomes a vote on its resolution with its
official totals, and one stance per state that voted; names that map to no state are reported.
"""

import datetime as dt

from django.core.management.base import CommandError

from initiatives.ledger.command import ImportCommand
from initiatives.ledger.official_records import vote_rows
from initiatives.ledger.report import ImportReport
from initiatives.ledger.votes import import_votes
from initiatives.records.errors import RecordError


class Command(ImportCommand):
    help = (
        "Import the recorded votes of a UN Digital Library voting record or of UN meetings coverage, from a "
        "URL or a saved file. Idempotent: running it again changes nothing; a curator's edit is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A URL or the path of a saved page, MARCXML export or text.")
        parser.add_argument(
            "--framework", default="", help="The resolution's slug, if its symbol is not on record."
        )
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="The day of the vote, for pasted text."
        )
        parser.add_argument(
            "--source-url", default="", help="For a saved file: the address it was saved from."
        )
        super().add_arguments(parser)

    def handle(self, *args, source, framework, date, source_url, dry_run, **options):
        report = ImportReport()
        try:
            rows = vote_rows(
                source, framework=framework, date=date, source_url=source_url, report=report, name=source
            )
        except RecordError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        if not rows:
            self.print_report(report)
            raise CommandError("Nothing imported: no vote in the record could be used (see above).")
        import_votes(rows, name=source, dry_run=dry_run, report=report)
        self.print_report(report)
