"""Score the analysis on labelled texts against the starter data, in a throw-away database."""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from initiatives.analysis.evaluation import file_results, format_details, format_scores, scores_of


class Command(BaseCommand):
    help = (
        "Precision, recall and F1 of the analysis on labelled folders (tests/data/analysis/dev, heldout), "
        "with what was missed and found wrongly per file. The starter data is loaded into a throw-away "
        "test database, so the tracker's own database is neither read nor changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directories", nargs="+", type=Path)
        parser.add_argument("--all", action="store_true", help="list every file, with every suggestion")

    def handle(self, *args, directories, all=False, **options):
        with starter_data_index() as index:
            for directory in directories:
                results = file_results(directory, index)
                self.stdout.write("\n".join(format_details(results, everything=all)))
                self.stdout.write("\n".join(format_scores(scores_of(results), directory.name)))


@contextmanager
def starter_data_index():
    """The alias index of the starter data, loaded into a throw-away test database for the duration (the
    tracker's own database is neither read nor changed). Also used by benchmarks/bench_analysis.py."""
    from initiatives.ingest import alias_index
    from initiatives.starter_data import load_starter_data

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_starter_data()
        yield alias_index.build()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
