"""The first reader after a publish (issue 13): does the first visit to a page a curator's publish
changed pay for its render?

In process, on the data in the database (scale 1 in `make bench`), with the in-process cache and
eager tasks as the embedded default runs: warm the framework's page, publish a stance on it (the
commit renders the affected pages ahead, initiatives.page_cache), then time the first visit.
Beside it, the same page's cold render (its versions bumped by hand, nothing rendered ahead), and
a page the publish did not touch (another framework's), which must stay cached.
"""

from __future__ import annotations

import datetime as dt
import time


def _get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, response.status_code, response.get("X-Page-Cache", "")


def bench_publish(objects: dict) -> dict:
    from django.db import transaction
    from django.test import Client

    from initiatives import caching
    from initiatives.models import Actor, Article, Framework, Stance

    client = Client()
    framework = objects["framework"]
    other = Framework.objects.exclude(pk=framework.pk).order_by("pk").first()
    url, other_url = f"/frameworks/{framework.slug}/", f"/frameworks/{other.slug}/"
    for page in (url, other_url, "/"):
        client.get(page)
    actor = Actor.objects.countries().exclude(stances__framework=framework).order_by("pk").first()
    source = Article.objects.order_by("pk").first()
    started = time.perf_counter()
    with transaction.atomic():
        stance = Stance.objects.create(
            actor=actor,
            framework=framework,
            act="signed",
            date=dt.date.today(),
            source=source,
            evidence="Benchmark publish.",
            status="published",
        )
    publish_ms = (time.perf_counter() - started) * 1000  # the commit, with the pages rendered ahead
    first = _get(client, url)
    untouched = _get(client, other_url)
    home = _get(client, "/")
    caching.bump(caching.subject("framework", framework.slug))
    cold = _get(client, url)
    Stance.objects.filter(pk=stance.pk).delete()
    return {
        "url": url,
        "other": other_url,
        "publish_ms": publish_ms,
        "first": first,
        "untouched": untouched,
        "home": home,
        "cold": cold,
    }


def lines(result: dict) -> list[str]:
    def row(label, measured):
        ms, status, state = measured
        return f"| {label} | {ms:.1f} | {status} | {state or '–'} |"

    first_ms, status, state = result["first"]
    met = status == 200 and (state == "hit" or first_ms <= 300)
    return [
        "In process, after a curator publishes a stance on the framework (the commit renders the affected pages "
        "ahead). Target: the first visit after a publish at most 300 ms, or served from a page rendered ahead.",
        "",
        "| request | ms | status | page cache |",
        "|---|---:|---:|---|",
        row(f"first visit to `{result['url']}` after the publish", result["first"]),
        row("`/` after the publish", result["home"]),
        row(
            f"another framework's page `{result['other']}` (the publish did not touch it)",
            result["untouched"],
        ),
        row(f"`{result['url']}` cold (its version bumped, nothing rendered ahead)", result["cold"]),
        "",
        f"The publish's commit, rendering the pages ahead, took {result['publish_ms']:.0f} ms (a task's work in "
        "production, not the curator's). First visit after a publish: "
        f"**{'met' if met else 'MISSED'}** ({first_ms:.1f} ms, {state or 'not cached'}).",
    ]
