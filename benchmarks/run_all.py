"""`make bench`: every benchmark in one run on PostgreSQL, written to BENCHMARKS.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/run_all.py

The database (default postgres://postgres@127.0.0.1:5432/bench) is a scratch database: it is created
if missing, migrated, and filled with the synthetic dataset at scale 0.1 and then scale 1
(generate_synthetic refuses a database holding real stances). In the same process it measures:
pages (p50/p95 server time and query count at both scales), chart endpoints beside their raw SQL,
EXPLAIN of every page query and of the hot paths, CSV export beside COPY (benchmarks/bench_export.py),
the analysis (benchmarks/bench_analysis.py, run as a script), and the front end: JavaScript bytes per
page and Lighthouse's mobile score (benchmarks/bench_frontend.py, run as a script on the starter data).
Missing parts say "not available".
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench"
TARGET_P50_MS = 150

os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
# Measured as production runs: DEBUG off (no debug toolbar of SQL logging), plain static storage
# so that no collectstatic is needed, the in-process cache (REDIS_URL unset) so that clearing it
# between scales touches nobody else's Redis.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ["STATIC_MANIFEST"] = "0"
# Plain HTTP in process, as behind the TLS proxy of production: no redirect to https.
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")


def create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def machine() -> dict:
    from django.db import connection

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "PostgreSQL": pg,
        "Python": platform.python_version(),
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def export_vs_copy(repeat: int) -> list[str]:
    if not (ROOT / "benchmarks" / "bench_export.py").exists():
        return ["not available (benchmarks/bench_export.py is missing)"]
    try:
        import bench_export

        exporter = bench_export.measure(bench_export.run_exporter, {}, repeat)
        copy = bench_export.measure(bench_export.run_copy, {}, repeat)
    except Exception as exc:
        return [f"not available ({type(exc).__name__}: {exc})"]
    ratio = exporter["rate"] / copy["rate"] if copy["rate"] else 0
    return [
        "| method | rows | seconds | rows/s | peak Python MB |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {r['rows']:,} | {r['seconds']:.2f} | {r['rate']:,.0f} | {r['peak'] / 1e6:.2f} |"
            for name, r in (("stances CSV export", exporter), ("COPY of the same SELECT", copy))
        ),
        "",
        f"Export at **{ratio:.2f}x** COPY's rows per second (target ≥ 0.5x): "
        f"**{'met' if ratio >= 0.5 else 'MISSED'}**.",
    ]


def analysis() -> list[str]:
    script = ROOT / "benchmarks" / "bench_analysis.py"
    if not script.exists():
        return ["not available (benchmarks/bench_analysis.py is missing)"]
    env = {**os.environ, "DEBUG": "1"}
    try:
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
    except subprocess.TimeoutExpired:
        return ["not available (bench_analysis.py ran past 15 minutes)"]
    out = result.stdout.strip() or result.stderr.strip()[-2000:]
    return [f"Output of `benchmarks/bench_analysis.py` (exit {result.returncode}):", "", "```", out, "```"]


def frontend(skip: bool) -> list[str]:
    """benchmarks/bench_frontend.py's section (its own server, on the starter data), as Markdown."""
    import bench_frontend

    if skip:
        return [bench_frontend.SECTION, "", "skipped (--skip-frontend)"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "STATIC_MANIFEST")}
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "bench_frontend.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    except subprocess.TimeoutExpired:
        return [bench_frontend.SECTION, "", "not available (bench_frontend.py ran past 30 minutes)"]
    if result.returncode:
        return [
            bench_frontend.SECTION,
            "",
            f"not available (exit {result.returncode}):",
            "",
            "```",
            result.stderr.strip()[-2000:],
            "```",
        ]
    return result.stdout.strip().splitlines()


def bench_publish_lines(objects) -> list[str]:
    import bench_publish

    try:
        return bench_publish.lines(bench_publish.bench_publish(objects))
    except Exception as exc:
        return [f"not available ({type(exc).__name__}: {exc})"]


def bench_search_lines(objects) -> list[str]:
    import bench_search

    try:
        return bench_search.lines(bench_search.bench_search(objects))
    except Exception as exc:
        return [f"not available ({type(exc).__name__}: {exc})"]


def fmt(value, spec=".0f"):
    return format(value, spec) if isinstance(value, int | float) else "–"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="0.1,1")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--skip-analysis", action="store_true")
    parser.add_argument("--skip-frontend", action="store_true", help="no JavaScript bytes or Lighthouse")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "make bench needs PostgreSQL: set DATABASE_URL to a scratch database (default "
            + DEFAULT_URL
            + ")"
        )
    create_database(url)

    import django

    django.setup()
    from bench_charts import bench_charts
    from bench_pages import bench_pages, explain_page_queries, hot_path_plans, sample_objects
    from django.core.cache import cache
    from django.core.management import call_command

    from initiatives.synthetic import SyntheticDataError, generate

    call_command("migrate", verbosity=0)
    scales = [float(s) for s in args.scales.split(",")]
    until = dt.date.today()
    as_of = until - dt.timedelta(days=3 * 365)
    pages, loads, charts, findings, plans, publish_lines = {}, {}, {}, [], [], ["not available"]
    search_lines = ["not available"]
    for scale in scales:
        print(f"== scale {scale}: generating", flush=True)
        started = time.perf_counter()
        try:
            report = generate(scale=scale, seed=args.seed, until=until, replace=True)
        except SyntheticDataError as exc:
            sys.exit(f"{exc}\n(benchmarks use a scratch database; this one is {url})")
        loads[scale] = (time.perf_counter() - started, report)
        cache.clear()
        objects = sample_objects()
        print(f"== scale {scale}: pages", flush=True)
        pages[scale] = bench_pages(objects, as_of.isoformat(), runs=args.runs)
        for label, r in pages[scale].items():
            print(
                f"  {label:<32} {fmt(r.get('p50_ms'), '8.1f')} ms p50  {r.get('queries', '-')} queries "
                f"{r.get('error', '')}",
                flush=True,
            )
        if scale == scales[-1]:
            print("== charts", flush=True)
            charts = bench_charts(objects, as_of)
            print("== EXPLAIN", flush=True)
            findings = explain_page_queries(pages[scale])
            plans = hot_path_plans(objects, as_of)
            print("== first reader after a publish", flush=True)
            publish_lines = bench_publish_lines(objects)
            print("== site search", flush=True)
            search_lines = bench_search_lines(objects)
    print("== export vs COPY", flush=True)
    export_lines = export_vs_copy(repeat=3)
    print("== analysis", flush=True)
    analysis_lines = ["skipped (--skip-analysis)"] if args.skip_analysis else analysis()
    print("== front end (JavaScript bytes, Lighthouse)", flush=True)
    frontend_lines = frontend(args.skip_frontend)

    lines = write_report(scales, pages, loads, charts, findings, plans, export_lines, analysis_lines, as_of)
    lines += ["", f"## The first reader after a publish (scale {scales[-1]})", "", *publish_lines]
    lines += ["", f"## Site search (scale {scales[-1]})", "", *search_lines]
    lines += ["", *frontend_lines]
    Path(args.output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {args.output}")


def write_report(scales, pages, loads, charts, findings, plans, export_lines, analysis_lines, as_of):
    small, big = scales[0], scales[-1]
    info = machine()
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (benchmarks/run_all.py); the load test (benchmarks/load_test.sh) appends "
        "its section below. Figures are from one run on the machine described here; they move with the "
        "machine's other load, so compare ratios within one run rather than absolute times across runs.",
        "",
        "## Machine",
        "",
        *(f"- {k}: {v}" for k, v in info.items()),
        "",
        "## Synthetic data",
        "",
    ]
    for scale, (seconds, report) in loads.items():
        c = report.counts
        lines.append(
            f"- scale {scale}: {c.get('actors', 0):,} actors, {c.get('frameworks', 0):,} frameworks, "
            f"{c.get('summits', 0)} summits, {c.get('stances', 0):,} stances, {c.get('articles', 0):,} articles, "
            f"{c.get('mentions', 0):,} mentions; loaded in {seconds:.1f} s (including removing the previous scale)"
        )
    lines += [
        "",
        f"## Pages (Django test Client in-process, DEBUG off, {as_of} as as_of)",
        "",
        f"Server time in ms over repeated requests after one warm-up request (`first` is that first, "
        f"cold-cache request). p50 and p95: the page drawn afresh (its charts and fragments cached, not the "
        f"whole page); `cached`: the page as anonymous readers get it, from the page cache. Target: p50 ≤ "
        f"{TARGET_P50_MS} ms at scale {big}; the same query count at both scales.",
        "",
        f"| page | p50 @{small} | p95 @{small} | queries @{small} | first @{big} | p50 @{big} | p95 @{big} "
        f"| queries @{big} | cached p50 @{big} | p50 ratio | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, r_big in pages.get(big, {}).items():
        r_small = pages.get(small, {}).get(label, {})
        if "error" in r_big or "error" in r_small:
            lines.append(f"| {label} | {r_small.get('error', '')} {r_big.get('error', '')} ||||||||||")
            continue
        ratio = r_big["p50_ms"] / r_small["p50_ms"] if r_small.get("p50_ms") else None
        verdict = []
        if r_big["status"] != 200:
            verdict.append(f"NOT MEASURED (HTTP {r_big['status']})")
        verdict.append("p50 ok" if r_big["p50_ms"] <= TARGET_P50_MS else "p50 SLOW")
        verdict.append("queries flat" if r_big["queries"] == r_small.get("queries") else "queries GROW")
        lines.append(
            f"| `{r_big['url']}` | {fmt(r_small.get('p50_ms'), '.1f')} | {fmt(r_small.get('p95_ms'), '.1f')} "
            f"| {r_small.get('queries', '–')} | {r_big['first_ms']:.0f} | {r_big['p50_ms']:.1f} | {r_big['p95_ms']:.1f} "
            f"| {r_big['queries']} | {r_big['cached_p50_ms']:.1f} | {fmt(ratio, '.2f')} | {', '.join(verdict)} |"
        )
    lines += [
        "",
        f"## Chart endpoints beside their raw SQL (scale {big})",
        "",
        "Cold: chart cache cleared before each request (the cost of building the figure). Warm: served from the "
        "chart cache. SQL: one hand-written PostgreSQL query returning the numbers the chart draws "
        "(benchmarks/bench_charts.py). Target: within 2x of the SQL.",
        "",
        "| chart | cold ms | warm ms | SQL ms | cold / SQL | warm / SQL | verdict |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    if not charts:
        lines.append("| not available | | | | | | |")
    for name, r in charts.items():
        if "error" in r:
            lines.append(f"| {name} | not available: {r['error']} |||||")
            continue
        verdict = (
            "cold ok" if r["cold_ratio"] <= 2 else ("warm ok, cold SLOW" if r["warm_ratio"] <= 2 else "SLOW")
        )
        lines.append(
            f"| `{r['url']}` | {r['cold_ms']:.1f} | {r['warm_ms']:.1f} | {r['sql_ms']:.1f} | {r['cold_ratio']:.1f}x "
            f"| {r['warm_ratio']:.2f}x | {verdict} |"
        )
    lines += ["", f"## Query plans (scale {big})", ""]
    if findings:
        lines.append("Sequential scans of big tables (stance, article, mention, history) in page queries:")
        lines.append("")
        for f in findings:
            lines += [
                f"- **{f['page']}** scans {', '.join(sorted(set(f['tables'])))}:",
                "",
                "```sql",
                f["sql"][:1500],
                "```",
                "",
                "```",
                f["plan"][:3000],
                "```",
                "",
            ]
    else:
        lines.append(
            "No page query at this scale reads a big table (stance, article, mention, history) with a "
            "sequential scan."
        )
    for p in plans:
        lines += [
            "",
            f"Hot path: {p['query']} (EXPLAIN ANALYZE)"
            + (f" — **Seq Scan on {', '.join(p['tables'])}**" if p["tables"] else " — no sequential scan"),
            "",
            "```",
            p["plan"],
            "```",
        ]
    lines += ["", f"## CSV export beside COPY (scale {big}: every stance)", "", *export_lines]
    lines += ["", "## Analysis", "", *analysis_lines]
    return lines


if __name__ == "__main__" and importlib.util.find_spec("django"):
    main()
