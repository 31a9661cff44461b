"""manage.py load_starter_data: load or refresh the sourced starter dataset (safe to run again)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from initiatives.starter_data import DATA_DIR, StarterDataError, load_starter_data


class Command(BaseCommand):
    help = (
        "Load every country (pycountry), the organisations with their members, and the sourced frameworks, "
        "summits, stances and aliases of initiatives/data/. Idempotent: a second run inserts and updates "
        "nothing, and records edited by a curator are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder with starter.json and organisations.json."
        )

    def handle(self, *args, **options):
        try:
            report = load_starter_data(data_dir=options["data_dir"])
        except (StarterDataError, FileNotFoundError) as exc:
            raise CommandError(f"Starter data not loaded (nothing was changed): {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        for note in report.notes():
            self.stderr.write(self.style.WARNING(note))
