"""Site search (issue 14): the index's rebuild, and a search beside a plain list page in the same run.

In process with Django's test Client, on the data in the database (scale 1 in `make bench`). The
synthetic data is bulk-written (no signals), so the index is rebuilt first, and timed. Then the
median of `runs` requests each of: a search for a word of the busiest framework's name, grouped
and for one kind, and the summits list drawn afresh (past the page cache) as the baseline. The
figure to watch is the ratio: a search within a few times a list page.

    DEBUG=1 .venv/bin/python benchmarks/bench_search.py   # once, on the current database
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import quote


def _median_ms(client, url: str, runs: int, **headers) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(url, **headers).status_code
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, status


def bench_search(objects: dict, runs: int = 15) -> dict:
    from django.test import Client

    from initiatives.models import SearchDocument
    from initiatives.page_cache import RENDER_HEADER, render_token
    from initiatives.search.documents import rebuild

    started = time.perf_counter()
    rebuild()
    rebuild_s = time.perf_counter() - started
    framework = objects.get("framework")
    word = max((framework.name if framework else "summit").split(), key=len)
    client = Client()
    fresh = {RENDER_HEADER: render_token()}
    client.get("/summits/", **fresh)  # warm: templates and the first connection
    grouped, grouped_status = _median_ms(client, f"/search/?q={quote(word)}", runs)
    one_kind, kind_status = _median_ms(client, f"/search/?q={quote(word)}&kind=stance", runs)
    baseline, baseline_status = _median_ms(client, "/summits/", runs, **fresh)
    return {
        "documents": SearchDocument.objects.count(),
        "rebuild_s": rebuild_s,
        "word": word,
        "grouped_ms": grouped,
        "one_kind_ms": one_kind,
        "baseline_ms": baseline,
        "statuses": {grouped_status, kind_status, baseline_status},
    }


def lines(result: dict) -> list[str]:
    ratio = result["grouped_ms"] / result["baseline_ms"] if result["baseline_ms"] else float("nan")
    statuses = "" if result["statuses"] == {200} else f" (non-200 answers: {sorted(result['statuses'])})"
    return [
        f"Index: {result['documents']} documents, rebuilt in {result['rebuild_s']:.2f} s.{statuses}",
        "",
        "| request | p50 ms | vs the summits list |",
        "| --- | ---: | ---: |",
        f"| /search/?q={result['word']} (every kind, 5 each) | {result['grouped_ms']:.1f} | {ratio:.2f}x |",
        f"| /search/?q={result['word']}&kind=stance (20 a page) | {result['one_kind_ms']:.1f} | "
        f"{result['one_kind_ms'] / result['baseline_ms']:.2f}x |",
        f"| /summits/ drawn afresh (baseline) | {result['baseline_ms']:.1f} | 1.00x |",
    ]


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"  # the test Client's host, as run_all sets
    import django

    django.setup()
    from bench_pages import sample_objects

    print("\n".join(lines(bench_search(sample_objects(), runs=9))))
