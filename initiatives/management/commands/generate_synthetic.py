"""Fill a scratch database with a large, deterministic, recognisably fake dataset (see initiatives/synthetic.py)."""

import datetime as dt

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from initiatives.synthetic import SyntheticDataError, clear, generate

ALIAS = "synthetic"


class Command(BaseCommand):
    help = (
        "Generate synthetic actors, frameworks, summits, stances, articles and mentions for benchmarks. "
        "Scale 1: ~250 actors, 300 frameworks, 100,000 stances, 200,000 articles, 1,000,000 mentions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until",
            type=dt.date.fromisoformat,
            default=None,
            help="Last day of the ten years covered (default today). Same seed and day, same data.",
        )
        parser.add_argument("--database-url", help="Write to this database instead of DATABASE_URL.")
        parser.add_argument("--replace", action="store_true", help="Remove earlier synthetic data first.")
        parser.add_argument(
            "--clear", action="store_true", dest="clear_only", help="Only remove synthetic data."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database holds non-synthetic stances (mixes fake and real data).",
        )

    def handle(self, *args, scale, seed, until, database_url, replace, clear_only, force, **options):
        using = "default"
        if database_url:
            using = ALIAS
            # configure_settings fills in Django's defaults (and insists on a 'default' entry).
            databases = {**connections.settings, ALIAS: dj_database_url.parse(database_url)}
            connections.settings[ALIAS] = connections.configure_settings(databases)[ALIAS]
        if clear_only:
            removed = clear(using)
            self.stdout.write("Removed " + ", ".join(f"{v} {k}" for k, v in removed.items()))
            return
        if scale <= 0:
            raise CommandError("--scale must be positive")
        try:
            report = generate(scale=scale, seed=seed, until=until, using=using, force=force, replace=replace)
        except SyntheticDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{v} {k}" for k, v in report.counts.items()))
        self.stdout.write(
            "Seconds: "
            + ", ".join(f"{k} {v}" for k, v in report.seconds.items())
            + f"; total {sum(report.seconds.values()):.1f}"
        )
