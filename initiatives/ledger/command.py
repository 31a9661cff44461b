"""What the import commands share: one way to print a report, and --dry-run."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from .report import ImportReport


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, write nothing."
        )

    def print_report(self, report: ImportReport) -> None:
        for line in report.lines():
            self.stdout.write(line)
        for note in report.notes():
            self.stderr.write(self.style.WARNING(note))
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            # The importers write in bulk (no signals): bring the site search up to date.
            from ..search.documents import rebuild  # noqa: PLC0415

            changed = sum(c.inserted + c.updated + c.deleted for c in rebuild().values())
            self.stdout.write(f"Search index: {changed} rows written.")
