"""Server time and query count of every dashboard page, in-process with Django's test Client.

The pages are discovered from initiatives.urls at run time and their arguments are taken from the
data (the framework and actor with the most stances, the summit with most participants, the newest
article, the three busiest actors to compare), each page with and without as_of. Called by
benchmarks/run_all.py after django.setup(); `explain_page_queries` runs EXPLAIN on every query a page
made and flags sequential scans of the big tables.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

BIG_TABLES = ("initiatives_stance", "initiatives_article", "initiatives_mention", "initiatives_historical")


def sample_objects() -> dict:
    from initiatives.models import Actor, Article, Framework, Summit

    framework = Framework.objects.annotate(n=Count("stances")).order_by("-n", "pk").first()
    actors = list(Actor.objects.annotate(n=Count("stances")).order_by("-n", "pk")[:3])
    organisation = Actor.objects.organisations().annotate(n=Count("memberships")).order_by("-n", "pk").first()
    summit = Summit.objects.annotate(n=Count("participants")).order_by("-n", "pk").first()
    article = Article.objects.exclude(published_at__isnull=True).order_by("-published_at", "-id").first()
    return {
        "framework": framework,
        "actors": actors,
        "organisation": organisation,
        "summit": summit,
        "article": article,
    }


def discover_urls(objects: dict, as_of: str) -> list[tuple[str, str]]:
    """(label, url) for every page of initiatives.urls, with and without as_of."""
    import initiatives.urls as urls

    pages: list[tuple[str, str]] = []
    for pattern in urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        name = pattern.name
        if name.startswith("chart"):
            continue  # the chart endpoints are measured by bench_charts beside their SQL
        if name.endswith("-csv"):
            continue  # exports (the changes CSV is every change, 17 MB at scale 1) are measured beside COPY
        converters = getattr(pattern.pattern, "converters", {})
        variants: list[tuple[str, dict]] = []
        if not converters:
            variants.append((name, {}))
        elif "slug" in converters and "framework" in name and objects["framework"]:
            variants.append((name, {"slug": objects["framework"].slug}))
        elif "slug" in converters and "summit" in name and objects["summit"]:
            variants.append((name, {"slug": objects["summit"].slug}))
        elif "code" in converters and "actor" in name and objects["actors"]:
            variants.append((f"{name} (country)", {"code": objects["actors"][0].code}))
            if objects["organisation"]:
                variants.append((f"{name} (bloc)", {"code": objects["organisation"].code}))
        elif "pk" in converters and "article" in name and objects["article"]:
            variants.append((name, {"pk": objects["article"].pk}))
        else:
            pages.append((f"{name} (no sample for {', '.join(converters)})", ""))
            continue
        for label, kwargs in variants:
            url = reverse(f"initiatives:{pattern.name}", kwargs=kwargs)
            if name == "compare":
                url += "?actors=" + ",".join(a.code for a in objects["actors"])
            pages.append((label, url))
            pages.append((f"{label} as_of", url + ("&" if "?" in url else "?") + f"as_of={as_of}"))
    return pages


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_page(client: Client, url: str, runs: int) -> dict:
    """The first (cold) request; then the page drawn afresh (its charts and fragments cached, the
    whole page not: what the first reader after a change would pay without the render-ahead); then
    the page as readers get it, from the page cache."""
    from initiatives.page_cache import RENDER_HEADER, render_token

    fresh = {RENDER_HEADER: render_token()}
    started = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - started
    # The log is a bounded deque: once full its length stops growing and the capture would count 0.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **fresh)
    # Read now: the capture is a view of the connection's log, which later requests may reset.
    captured = [q["sql"] for q in queries.captured_queries]
    times, cached = [], []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, **fresh)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        client.get(url)
        cached.append(time.perf_counter() - started)
    return {
        "status": response.status_code,
        "first_ms": first * 1000,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "cached_p50_ms": statistics.median(cached) * 1000,
        "queries": len(captured),
        "sql": captured,
        "bytes": len(response.content),
    }


def bench_pages(objects: dict, as_of: str, runs: int = 15) -> dict[str, dict]:
    client = Client()
    results = {}
    for label, url in discover_urls(objects, as_of):
        if not url:
            results[label] = {"url": "", "error": "not available"}
            continue
        try:
            results[label] = {"url": url, **time_page(client, url, runs)}
        except Exception as exc:  # a broken page is a finding to report, not a reason to stop
            results[label] = {"url": url, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return results


def seq_scans(sql: str, analyse: bool = False) -> tuple[list[str], str]:
    """Big tables read by a sequential scan in the plan of one query, and the plan itself. Analysed,
    a scan the executor never ran (one side of an OR that no row reached) is not counted."""
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return [], ""
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN ANALYZE " if analyse else "EXPLAIN ") + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    flagged = []
    for line in plan.splitlines():
        if "Seq Scan on " in line and "(never executed)" not in line:
            table = line.split("Seq Scan on ", 1)[1].split()[0]
            if table.startswith(BIG_TABLES):
                flagged.append(table)
    return flagged, plan


def explain_page_queries(results: dict[str, dict]) -> list[dict]:
    findings = []
    for label, result in results.items():
        for sql in result.get("sql", []):
            try:
                tables, plan = seq_scans(sql, analyse=True)
            except Exception as exc:
                findings.append({"page": label, "sql": sql, "tables": [], "plan": f"EXPLAIN failed: {exc}"})
                continue
            if tables:
                findings.append({"page": label, "sql": sql, "tables": tables, "plan": plan})
    return findings


def hot_path_plans(objects: dict, as_of) -> list[dict]:
    """EXPLAIN ANALYZE of the two queries every framework page and the home page depend on."""
    from django.db.models.functions import TruncWeek

    from initiatives.models import Mention, Stance

    framework = objects["framework"]
    plans = []
    queries = {
        "as_of stances for one framework": Stance.objects.as_of(as_of, frameworks=[framework]),
        # The same filter as charts._news_volume: a range on the raw column, so the index can serve it.
        "news volume (mentions per framework per week, 26 weeks)": Mention.objects.filter(
            framework__isnull=False,
            published_at__gte=dt.datetime.combine(as_of - dt.timedelta(weeks=26), dt.time(), tzinfo=dt.UTC),
            published_at__lt=dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
        )
        .annotate(week=TruncWeek("published_at"))
        .values("framework_id", "week")
        .annotate(n=Count("id"))
        .order_by(),
    }
    for label, qs in queries.items():
        sql, params = qs.query.sql_with_params()
        tables, plan = seq_scans(connection.ops.compose_sql(sql, params), analyse=True)
        plans.append({"query": label, "tables": tables, "plan": plan})
    return plans
