"""Each chart's data endpoint (/charts/<name>.json) beside the raw SQL aggregate behind it.

The endpoint is timed cold (cache cleared before every run: the cost of building the figure) and
warm (what a visitor gets between data changes). The baseline is one hand-written PostgreSQL query
returning the same numbers the chart draws: positions at up to 48 month ends for the map and the
support chart, current positions for the matrix and alignment, one actor's stances, mentions per
framework per week, the plenary ballots for the UN-vote alignment. Target: the endpoint within 2x
of its SQL. The alignment is measured three ways (measure=open, the default: over the frameworks
open to both, which also reads who each framework is open to; shared; un_votes): the SQL of the
first two is the same pair count over current positions.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client

# Positions at 48 month ends: the state the map and the support chart draw for each frame.
_AT_MONTH_ENDS = """
SELECT d.day, s.position, count(*) FROM (
  SELECT (date_trunc('month', g) + interval '1 month - 1 day')::date AS day
  FROM generate_series(%(end)s::date - interval '47 months', %(end)s::date, interval '1 month') g
) d
CROSS JOIN LATERAL (
  SELECT DISTINCT ON (actor_id) actor_id, position FROM initiatives_stance
  WHERE framework_id = %(framework)s AND status = 'published' AND date <= d.day
  ORDER BY actor_id, date DESC, id DESC
) s
GROUP BY d.day, s.position
"""
_CURRENT = """
SELECT DISTINCT ON (actor_id, framework_id) actor_id, framework_id, position FROM initiatives_stance
WHERE status = 'published' AND date <= %(end)s {actors}
ORDER BY actor_id, framework_id, date DESC, id DESC
"""
RAW_SQL: dict[str, str] = {
    "map": _AT_MONTH_ENDS,
    "support": _AT_MONTH_ENDS,
    "matrix": "SELECT count(*), min(position) FROM (" + _CURRENT.format(actors="") + ") c "
    "GROUP BY actor_id, framework_id",
    "actor-timeline": """
        SELECT s.date, f.slug, s.position FROM initiatives_stance s
        JOIN initiatives_framework f ON f.id = s.framework_id
        WHERE s.actor_id = %(actor)s AND s.status = 'published' AND s.date <= %(end)s ORDER BY s.date""",
    "alignment": """
        WITH c AS ("""
    + _CURRENT.format(actors="AND actor_id = ANY(%(actors)s)")
    + """),
        v AS (SELECT actor_id, framework_id, CASE WHEN position IN ('proposes','supports','signs','ratifies')
              THEN 1 WHEN position = 'neutral' THEN 0 ELSE -1 END AS dir FROM c)
        SELECT a.actor_id, b.actor_id, count(*) FILTER (WHERE a.dir = b.dir), count(*)
        FROM v a JOIN v b ON a.framework_id = b.framework_id AND a.actor_id < b.actor_id
        GROUP BY 1, 2""",
    # Voeten's index over the plenary votes both cast: yes 1, abstain 2, no 3, 1 - |a - b| / 2 per vote.
    "alignment-un-votes": """
        WITH b AS (
          SELECT s.actor_id, s.vote_id, CASE s.act WHEN 'voted_for' THEN 1 WHEN 'abstained' THEN 2 ELSE 3 END AS code
          FROM initiatives_stance s JOIN initiatives_vote v ON v.id = s.vote_id
          WHERE s.status = 'published' AND v.body = 'plenary' AND (s.date <= %(end)s OR s.date IS NULL))
        SELECT a.actor_id, c.actor_id, sum(1 - abs(a.code - c.code) / 2.0), count(*)
        FROM b a JOIN b c ON a.vote_id = c.vote_id AND a.actor_id < c.actor_id
        GROUP BY 1, 2""",
    "news": """
        SELECT f.slug, date_trunc('week', m.published_at) AS week, count(*) FROM initiatives_mention m
        JOIN initiatives_framework f ON f.id = m.framework_id
        WHERE m.framework_id IS NOT NULL AND m.published_at >= %(start)s AND m.published_at < %(stop)s
        GROUP BY 1, 2""",
}


def _best(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_charts(objects: dict, as_of: dt.date, runs: int = 7) -> dict[str, dict]:
    framework, actors = objects["framework"], objects["actors"]
    from initiatives.models import Stance

    busiest = list(Stance.objects.as_of(as_of).values_list("actor_id", flat=True).order_by().distinct()[:40])
    codes = ",".join(a.code for a in actors)
    start = dt.datetime.combine(as_of - dt.timedelta(weeks=26), dt.time(), tzinfo=dt.UTC)
    stop = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    params = {
        "framework": framework.pk,
        "end": as_of,
        "actor": actors[0].pk,
        "actors": busiest,
        "start": start,
        "stop": stop,
    }
    chosen = f"actors={codes}" if len(actors) >= 2 else "set=G20"
    # Row name: (chart, query).
    endpoints = {
        "map": ("map", f"framework={framework.slug}"),
        "support": ("support", f"framework={framework.slug}"),
        "matrix": ("matrix", "set=all"),
        "actor-timeline": ("actor-timeline", f"actor={actors[0].code}"),
        "alignment": ("alignment", chosen),
        "alignment-shared": ("alignment", chosen + "&measure=shared"),
        "alignment-un-votes": ("alignment", "set=all&measure=un_votes"),
        "news": ("news", "weeks=26"),
    }
    RAW_SQL.setdefault("alignment-shared", RAW_SQL["alignment"])
    client = Client()
    results = {}
    for name, (chart, query) in endpoints.items():
        url = f"/charts/{chart}.json?{query}&as_of={as_of.isoformat()}"
        try:
            response = client.get(url)
            if response.status_code != 200:
                results[name] = {"url": url, "error": f"HTTP {response.status_code}"}
                continue

            def cold(url=url):
                cache.clear()
                client.get(url)

            cold_s = _best(cold, runs)
            warm_s = _best(lambda url=url: client.get(url), runs)

            def raw(name=name):
                with connection.cursor() as cursor:
                    cursor.execute(RAW_SQL[name], params)
                    cursor.fetchall()

            sql_s = _best(raw, runs)
            results[name] = {
                "url": url,
                "cold_ms": cold_s * 1000,
                "warm_ms": warm_s * 1000,
                "sql_ms": sql_s * 1000,
                "cold_ratio": cold_s / sql_s,
                "warm_ratio": warm_s / sql_s,
                "bytes": len(response.content),
            }
        except Exception as exc:
            results[name] = {"url": url, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return results
