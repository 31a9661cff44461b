"""Benchmark: the streaming stance CSV export against PostgreSQL's own COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench_export \\
        .venv/bin/python benchmarks/bench_export.py --rows 1000000 --create-db --drop

PostgreSQL only. It migrates the scratch database, fills it with N published stances (250 actors
x 50 frameworks, one source article per ten stances) with INSERT ... SELECT generate_series, then
in the same process measures:

- the exporter: initiatives.exports.export_blocks("stances", ...), exactly the bytes that
  /export/stances.csv and `manage.py export_csv` send (on PostgreSQL it has the database write
  the CSV with COPY, see initiatives/exports/sql.py);
- the Python writer: the same SELECT through a server-side cursor and the csv module, the path
  the exporter takes on other databases (shown for comparison: it is why the exporter uses COPY);
- the baseline: `COPY (<the exporter's own SELECT>) TO STDOUT WITH (FORMAT csv, HEADER)` read
  through psycopg 3's cursor.copy();

each timed (best of --repeat runs), then again under tracemalloc for the peak of Python memory, at two
sizes (all rows, and about a tenth of them through the export's own date_to filter) to show
whether memory grows with the row count. Target: the exporter at >= 0.5x COPY's rows per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")

ACTORS = 250
FRAMEWORKS = 50
STANCES_PER_ARTICLE = 10
FIRST_DAY = dt.date(2000, 1, 1)


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000, help="stances to generate (default 100,000)")
    parser.add_argument(
        "--create-db", action="store_true", help="create the database named in DATABASE_URL if missing"
    )
    parser.add_argument("--drop", action="store_true", help="drop the generated rows afterwards")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method; the best is kept")
    parser.add_argument(
        "--reuse", action="store_true", help="keep rows from an earlier run if the count matches"
    )
    return parser.parse_args()


def create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def generate(rows: int) -> None:
    """Fill the tables in SQL: Python-side inserts would take longer than the benchmark itself."""
    from django.db import connection

    from initiatives.models import Actor, Article, Framework, Stance

    articles = max(1, rows // STANCES_PER_ARTICLE)
    pairs = ACTORS * FRAMEWORKS
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {Stance._meta.db_table}, {Article._meta.db_table}, {Framework._meta.db_table}, "
            f"{Actor._meta.db_table} RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            f"""INSERT INTO {Actor._meta.db_table}
                (code, name, official_name, kind, region, iso_alpha2, description, website, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 4, '0'), 'Bench country ' || g || ', "Côte" Türkiye', '', 'country',
                   'Europe', '', '', '', now(), now()
            FROM generate_series(1, %s) g""",
            [ACTORS],
        )
        cursor.execute(
            f"""INSERT INTO {Framework._meta.db_table}
                (slug, name, short_name, kind, status, status_note, date_proposed_precision,
                 date_adopted_precision, date_in_force_precision, binding, scope, summary, official_url,
                 headquarters, created_at, updated_at)
            SELECT 'bench-framework-' || g, 'Bench framework ' || g || ' on AI, "governance"', '', 'declaration',
                   'adopted', '', 'day', 'day', 'day', false, 'global', '', '', '', now(), now()
            FROM generate_series(1, %s) g""",
            [FRAMEWORKS],
        )
        cursor.execute(
            f"""INSERT INTO {Article._meta.db_table}
                (url, title, publisher, published_at, language, text, content_hash, kind, fetch_status,
                 fetch_error, note, created_at, updated_at)
            SELECT 'https://news.example.org/bench/' || g, 'Bench story ' || g || ': leaders sign, again',
                   'Example News', now() - (g || ' minutes')::interval, 'en', '', '', 'news', 'reference',
                   '', '', now(), now()
            FROM generate_series(1, %s) g""",
            [articles],
        )
        # Each (actor, framework) pair gets consecutive days, so (actor, framework, date, source) is unique.
        cursor.execute(
            f"""INSERT INTO {Stance._meta.db_table}
                (actor_id, framework_id, position, position_detail, date, date_precision, source_id, evidence,
                 cue, note, status, origin, confidence, verification, last_verified, created_at, updated_at)
            SELECT 1 + (g %% %s), 1 + ((g / %s) %% %s),
                   (ARRAY['proposes','supports','signs','ratifies','neutral','opposes','declines','withdraws'])[1 + g %% 8],
                   '', %s::date + (g / %s), (ARRAY['day','month','year'])[1 + g %% 3], 1 + (g %% %s),
                   'The government said on Tuesday that it would sign the declaration, "with reservations", '
                   || 'according to a statement from the ministry (' || g || ').',
                   '', '', 'published', 'curated', 1.0, 'secondary', NULL, now(), now()
            FROM generate_series(0, %s - 1) g""",
            [ACTORS, ACTORS, FRAMEWORKS, FIRST_DAY, pairs, articles, rows],
        )
        cursor.execute(f"ANALYZE {Stance._meta.db_table}")
    print(f"generated {rows:,} stances, {articles:,} articles in {time.perf_counter() - started:.1f} s")


def drop_rows() -> None:
    from django.db import connection

    from initiatives.models import Actor, Article, Framework, Stance

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {Stance._meta.db_table}, {Article._meta.db_table}, {Framework._meta.db_table}, "
            f"{Actor._meta.db_table} RESTART IDENTITY CASCADE"
        )
    print("dropped the generated rows")


def run_exporter(params) -> tuple[int, int]:
    from initiatives.exports import export_blocks

    _filename, blocks = export_blocks("stances", params)
    lines = size = 0
    for block in blocks:
        size += len(block)
        lines += block.count(b"\n")
    return lines - 1, size


def run_python_writer(params) -> tuple[int, int]:
    from initiatives.exports import EXPORTS
    from initiatives.exports.columns import CHUNK_SIZE, csv_blocks

    export = EXPORTS["stances"]
    values = export.values(export.filtered(params))
    lines = size = 0
    for block in csv_blocks(export.header, values.iterator(chunk_size=CHUNK_SIZE)):
        size += len(block)
        lines += block.count(b"\n")
    return lines - 1, size


def run_copy(params) -> tuple[int, int]:
    from django.db import connection

    from initiatives.exports import EXPORTS

    export = EXPORTS["stances"]
    sql, sql_params = export.values(export.filtered(params)).query.sql_with_params()
    lines = size = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", sql_params) as copy:
            for data in copy:
                size += len(data)
                lines += bytes(data).count(b"\n")
    return lines - 1, size


def measure(function, params, repeat: int) -> dict:
    # Best of `repeat`: the machine is shared, and the fastest run is the least disturbed one.
    seconds = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        rows, size = function(params)
        seconds = min(seconds, time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    function(params)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "rate": rows / seconds if seconds else 0,
        "peak": peak,
    }


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL must point to a PostgreSQL scratch database (this benchmark compares against COPY)."
        )
    if args.create_db:
        create_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from initiatives.models import Stance

    call_command("migrate", verbosity=0)
    if not (args.reuse and Stance.objects.count() == args.rows):
        generate(args.rows)

    days = -(-args.rows // (ACTORS * FRAMEWORKS))
    tenth_day = FIRST_DAY + dt.timedelta(days=max(0, days // 10 - 1))
    sizes = [("all", {}), ("about 1/10", {"date_to": tenth_day.isoformat()})]

    results = []
    for label, params in sizes:
        exporter = measure(run_exporter, params, args.repeat)
        python = measure(run_python_writer, params, args.repeat)
        copy = measure(run_copy, params, args.repeat)
        assert exporter["rows"] == python["rows"] == copy["rows"], (
            exporter["rows"],
            python["rows"],
            copy["rows"],
        )
        results.append((label, exporter, copy, python))

    print()
    print(
        f"{'rows':>10} {'method':<14} {'seconds':>8} {'rows/s':>10} {'MB out':>8} {'peak MB':>8} {'vs COPY':>8}"
    )
    for _label, exporter, copy, python in results:
        for name, result in (("exporter", exporter), ("python writer", python), ("COPY", copy)):
            ratio = result["rate"] / copy["rate"] if copy["rate"] else 0
            print(
                f"{result['rows']:>10,} {name:<14} {result['seconds']:>8.2f} {result['rate']:>10,.0f} "
                f"{result['bytes'] / 1e6:>8.1f} {result['peak'] / 1e6:>8.2f} {ratio:>7.2f}x"
            )
    big, small = results[0][1], results[1][1]
    print()
    print(
        f"exporter at {big['rows']:,} rows: {big['rate'] / results[0][2]['rate']:.2f}x COPY's rows/s (target >= 0.5x)"
    )
    print(
        f"exporter peak Python memory: {small['peak'] / 1e6:.2f} MB at {small['rows']:,} rows, "
        f"{big['peak'] / 1e6:.2f} MB at {big['rows']:,} rows"
    )
    print(f"process peak RSS (ru_maxrss): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.drop:
        drop_rows()


if __name__ == "__main__":
    main()
