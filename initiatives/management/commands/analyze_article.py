"""Show what the workers would make of one text: mentions and stance suggestions. Writes nothing."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from initiatives.analysis import ExtractionError, analyse, read_document
from initiatives.ingest import alias_index


class Command(BaseCommand):
    help = "Analyse one file (.html/.htm extracted first, anything else read as text) and print the result."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--published", help="The article's date, YYYY-MM-DD (decides which leaders count)."
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, path, published=None, format="json", **options):
        day = None
        if published:
            try:
                day = dt.date.fromisoformat(published)
            except ValueError as error:
                raise CommandError(f"--published must be a date as YYYY-MM-DD, not {published!r}.") from error
        try:
            article = read_document(path)
        except ExtractionError as error:
            raise CommandError(str(error)) from error
        try:
            index = alias_index.load()
        except DatabaseError as error:
            raise CommandError(
                f"The alias tables could not be read ({error}). Run `make setup` (migrate and load the "
                "starter data) first, or point DATABASE_URL at the tracker's database."
            ) from error
        result = analyse(article.text, index, published=day or article.published, title=article.title)
        data = result.to_json()
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        actors = [f"{a['name']} ({a['code']}) x{a['mentions']}" for a in data["actors"]]
        self.stdout.write("Actors: " + (", ".join(actors) or "-"))
        self.stdout.write("Frameworks: " + (", ".join(f["name"] for f in data["frameworks"]) or "-"))
        self.stdout.write("Summits: " + (", ".join(s["name"] for s in data["summits"]) or "-"))
        for stance in data["stances"]:
            self.stdout.write(
                f"- {stance['actor']} {stance['position']} {stance['framework']} ({stance['confidence']}, "
                f"cue {stance['cue']!r}): {stance['evidence']}"
            )
