"""Chart data: built from the as_of rule, one colour scheme, cached until the data changes, served offline."""

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command

from initiatives import caching, charts
from initiatives.as_of import AsOf
from initiatives.choices import POSITION_COLOURS, POSITION_ORDER, Position, StanceStatus
from initiatives.models import Stance
from tests.dashboard_world import build_world
from tests.factories import make_actor, make_framework, make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def test_it_spaces_time_points_by_month_and_ends_on_the_day_asked():
    points = charts.time_points(dt.date(2025, 1, 15), dt.date(2025, 4, 10))
    assert points == [
        dt.date(2025, 1, 15),
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 31),
        dt.date(2025, 4, 10),
    ]


def test_it_thins_long_histories_to_a_bounded_number_of_points():
    points = charts.time_points(dt.date(2000, 1, 1), dt.date(2025, 6, 30))
    assert len(points) <= charts.MAX_TIME_POINTS
    assert points[-1] == dt.date(2025, 6, 30)
    assert points == sorted(points)


def test_it_reads_positions_at_many_dates_exactly_as_the_as_of_rule_does(world):
    make_stance(
        actor=world["usa"], framework=world["waico"], position=Position.SUPPORTS, date=dt.date(2025, 11, 3)
    )
    dates = [dt.date(2024, 1, 1), dt.date(2025, 7, 26), dt.date(2025, 9, 30), dt.date(2025, 12, 31)]
    at = charts.positions_at(dates)
    for day in dates:
        expected = sorted(Stance.objects.as_of(day).values_list("actor_id", "framework_id", "position"))
        assert sorted(at[day]) == expected


def test_it_paints_only_countries_on_the_map_and_lists_blocs_beside_it(world):
    chart = charts.world_map(world["cets"], AsOf.today())
    positions = chart.figure["data"][1]
    assert positions["locations"] == ["FRA", "USA"]
    assert "EU" not in positions["locations"]
    assert [b["code"] for b in chart.extra["blocs"]] == ["EU"]
    assert positions["z"] == [POSITION_ORDER.index(Position.SIGNS)] * 2
    # Germany is a member of the EU but signed nothing itself: only the "no position" layer
    # beneath, which holds every country, shows it.
    beneath = chart.figure["data"][0]
    assert "DEU" in beneath["locations"]
    assert len(beneath["locations"]) > 200
    assert set(beneath["z"]) == {0}


def test_it_animates_the_map_month_by_month_up_to_as_of(world):
    chart = charts.world_map(world["cets"], AsOf.on(dt.date(2025, 2, 15)))
    frames = chart.figure["frames"]
    assert frames[0]["name"] == "2024-09-05"
    assert frames[-1]["name"] == "2025-02-15"
    # Frames replace only the layers of positions (the shapes, trace 1, and the small states' dots,
    # trace 2), not the map of every country beneath.
    assert all(f["traces"] == [1, 2] and len(f["data"]) == 2 for f in frames)
    assert frames[-1]["data"][0]["locations"] == ["USA"]  # France signed in March
    assert len(chart.figure["layout"]["sliders"][0]["steps"]) == len(frames)
    assert [row[:3] for row in chart.rows] == [["United States", "Signs", "5 Sep 2024"]]


def test_it_counts_support_over_time_cumulatively_with_summits_marked(world):
    chart = charts.support_over_time(world["waico"], AsOf.on(dt.date(2025, 9, 30)))
    traces = {t["name"]: t for t in chart.figure["data"]}
    assert set(traces) == {"Proposes", "Opposes"}
    assert traces["Proposes"]["y"][-1] == 1
    assert traces["Opposes"]["y"][-1] == 1
    assert traces["Opposes"]["y"][0] == 0
    annotations = chart.figure["layout"]["annotations"]
    assert [a["text"] for a in annotations] == ["World AI Conference 2025"]


def test_it_orders_the_matrix_so_that_similar_actors_sit_together(world):
    frameworks = [make_framework(slug=f"m-{i}") for i in range(4)]
    pattern = {
        "A1": ["signs", "signs", "opposes", "opposes"],
        "B1": ["opposes", "opposes", "signs", "signs"],
        "A2": ["signs", "signs", "opposes", "declines"],
        "B2": ["opposes", "declines", "signs", "signs"],
    }
    actors = {}
    for code, positions in pattern.items():
        actors[code] = make_actor(code=code, name=code)
        for framework, position in zip(frameworks, positions, strict=True):
            make_stance(actor=actors[code], framework=framework, position=position)
    chart = charts.matrix(AsOf.today(), actor_set="chosen", actor_ids=[a.pk for a in actors.values()])
    order = [label.split("(")[1].rstrip(")") for label in chart.figure["data"][0]["y"]]
    assert {frozenset(order[:2]), frozenset(order[2:])} == {frozenset({"A1", "A2"}), frozenset({"B1", "B2"})}


def _greedy_reference(vectors: dict) -> list:
    """similarity_order as first written: the nearest by _distance, looped over every framework."""
    if not vectors:
        return []
    keys = sorted({k for vector in vectors.values() for k in vector})
    remaining = sorted(vectors, key=lambda item: (-len(vectors[item]), str(item)))
    order = [remaining.pop(0)]
    while remaining:
        last = vectors[order[-1]]
        best = min(remaining, key=lambda item: (charts.distance(last, vectors[item], keys), str(item)))
        remaining.remove(best)
        order.append(best)
    return order


def test_it_orders_by_bit_counts_exactly_as_by_the_distance_spelled_out():
    rng = random.Random(7)
    positions = [p.value for p in Position]
    for trial in range(200):
        keys = list(range(rng.randint(1, 12)))
        vectors = {
            (f"A{rng.randint(0, 99)}" if trial % 2 else rng.randint(0, 99)): {
                key: rng.choice(positions) for key in keys if rng.random() < 0.6
            }
            for _ in range(rng.randint(0, 30))
        }
        assert charts.similarity_order(vectors) == _greedy_reference(vectors), trial


def reference_as_of(day, actor_ids=None):
    """The as-of rule spelled out in Python: per pair, the latest published stance dated on or before
    the day, undated counting as the earliest, the later record winning a tie."""
    latest = {}
    for stance in Stance.objects.published().order_by("id"):
        if stance.date is not None and stance.date > day:
            continue
        if actor_ids is not None and stance.actor_id not in actor_ids:
            continue
        key = (stance.actor_id, stance.framework_id)
        rank = (stance.date is not None, stance.date or dt.date.min, stance.id)
        if key not in latest or rank > latest[key][0]:
            latest[key] = (rank, stance.id)
    return sorted(stance_id for _rank, stance_id in latest.values())


def test_the_as_of_reading_is_the_rule_on_this_database(world):
    """On PostgreSQL this holds its DISTINCT ON reading to the rule; on SQLite its subqueries."""
    make_stance(actor=world["chn"], framework=world["cets"], position=Position.SUPPORTS, date=None)
    make_stance(actor=world["usa"], framework=world["cets"], position=Position.NEUTRAL, date=None)
    make_stance(
        actor=world["usa"], framework=world["cets"], position=Position.SIGNS, date=dt.date(2025, 3, 1)
    )
    # Two stances on one day: the later record wins.
    make_stance(
        actor=world["fra"], framework=world["waico"], position=Position.OPPOSES, date=dt.date(2025, 8, 1)
    )
    make_stance(
        actor=world["fra"], framework=world["waico"], position=Position.SUPPORTS, date=dt.date(2025, 8, 1)
    )
    assert (
        Stance.objects.as_of(None).get(actor=world["fra"], framework=world["waico"]).position
        == Position.SUPPORTS
    )
    for day in [
        dt.date.today(),
        dt.date(2024, 1, 1),
        dt.date(2025, 3, 1),
        dt.date(2025, 9, 1),
        dt.date(2030, 1, 1),
    ]:
        assert sorted(Stance.objects.as_of(day).values_list("id", flat=True)) == reference_as_of(day), day
        some = [world["usa"].pk, world["eu"].pk]
        restricted = Stance.objects.as_of(day, actors=some).values_list("id", flat=True)
        assert sorted(restricted) == reference_as_of(day, set(some)), day


def test_it_builds_the_matrix_for_a_blocs_members_on_the_date(world):
    chart = charts.matrix(AsOf.today(), actor_set="EU")
    assert chart.figure["data"][0]["y"] == ["France (FRA)"]  # Germany has no position at all
    assert chart.figure["data"][0]["x"] == ["CETS 225"]
    assert chart.rows == [["France (FRA)", "Signs"]]


def test_it_measures_alignment_over_the_frameworks_both_have_a_position_on(world):
    ids = [world[k].pk for k in ("chn", "usa", "eu")]
    chart = charts.alignment(AsOf.today(), actor_ids=ids, measure="shared")
    heat, few = chart.figure["data"]
    row = heat["y"].index("USA")
    cell = dict(zip(heat["x"], heat["customdata"][row], strict=True))
    assert "agree on 1 of 1" in cell["EU"]  # both signed CETS 225
    assert "agree on 0 of 1" in cell["CHN"]  # opposite sides on WAICO
    # One framework in common is too few to colour: the cell is grey and says its n.
    assert heat["z"][row] == [None, None, None]
    assert dict(zip(few["x"], few["z"][row], strict=True)) == {"USA": None, "EU": 1, "CHN": 1}
    assert dict(zip(few["x"], few["text"][row], strict=True))["EU"] == "n=1"
    assert dict(zip(heat["x"], heat["text"][row], strict=True))["EU"] == ""  # written once, by the grey trace
    assert ["European Union", "United States", "100%", "1", ""] in chart.rows or [
        "United States",
        "European Union",
        "100%",
        "1",
        "",
    ] in chart.rows


def test_it_draws_one_actors_positions_over_time(world):
    chart = charts.actor_timeline(world["usa"], AsOf.today())
    names = {t["name"] for t in chart.figure["data"]}
    assert names == {"Signs", "Opposes"}
    assert chart.rows == [["CETS 225", "Signs", "5 Sep 2024"], ["WAICO", "Opposes", "1 Sep 2025"]]


def test_it_counts_mentions_per_framework_per_week(world):
    chart = charts.news_volume(AsOf.on(dt.date(2025, 8, 3)), weeks=4)
    trace = chart.figure["data"][0]
    assert trace["name"] == "WAICO"
    assert dict(zip(trace["x"], trace["y"], strict=True))["2025-07-21"] == 1
    assert sum(trace["y"]) == 1


def test_it_uses_the_position_colours_everywhere(world):
    scale = charts.figures.position_colourscale()
    assert [scale[2 * i][1] for i in range(len(POSITION_ORDER))] == [
        POSITION_COLOURS[p] for p in POSITION_ORDER
    ]
    css = Path(settings.BASE_DIR, "static/css/app.css").read_text()
    for position, colour in POSITION_COLOURS.items():
        assert re.search(rf"\.badge\.pos-{str(position)} {{ background: {colour};", css), position


def test_it_gives_every_chart_a_title_axis_labels_and_a_text_alternative(world):
    built = [
        charts.world_map(world["waico"], AsOf.today()),
        charts.support_over_time(world["waico"], AsOf.today()),
        charts.matrix(AsOf.today(), actor_set="G20"),
        charts.actor_timeline(world["chn"], AsOf.today()),
        charts.alignment(AsOf.today(), actor_ids=[world["chn"].pk, world["usa"].pk]),
        charts.news_volume(AsOf.on(dt.date(2025, 8, 3))),
    ]
    for chart in built:
        layout = chart.figure["layout"]
        assert layout["title"]["text"], chart.id
        assert chart.headers and chart.rows and chart.caption, chart.id
        if "xaxis" in layout:
            assert layout["xaxis"]["title"]["text"], chart.id


def test_it_recomputes_a_chart_when_a_stance_changes(world):
    before = charts.world_map(world["waico"], AsOf.today())
    assert "CHN" in before.figure["data"][1]["locations"]
    make_stance(
        actor=world["fra"], framework=world["waico"], position=Position.SUPPORTS, date=dt.date(2025, 10, 1)
    )
    after = charts.world_map(world["waico"], AsOf.today())
    assert "FRA" in after.figure["data"][1]["locations"]


def test_whoever_serves_a_chart_caches_it_while_nothing_changes(world, client, django_assert_num_queries):
    first = client.get("/charts/map.json?framework=waico")
    with django_assert_num_queries(0):
        again = client.get("/charts/map.json?framework=waico")
    assert again.content == first.content


def test_a_pending_suggestion_leaves_every_cached_chart_in_place(world, django_capture_on_commit_callbacks):
    namespaces = [
        caching.DATA,
        caching.AGGREGATES,
        caching.subject("framework", "waico"),
        caching.subject("actor", "FRA"),
    ]
    before = caching.versions(namespaces)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = make_stance(
            actor=world["fra"],
            framework=world["waico"],
            position=Position.SUPPORTS,
            status=StanceStatus.PENDING,
        )
        suggestion.evidence = "corrected by a curator before approving"
        suggestion.save()
    assert caching.versions(namespaces) == before
    with django_capture_on_commit_callbacks(execute=True):
        suggestion.status = StanceStatus.PUBLISHED
        suggestion.save()
    after = caching.versions(namespaces)
    # Publishing retires what shows it (the framework's and the actor's pages, the aggregates), not the rest.
    assert after[0] == before[0] and all(a > b for a, b in zip(after[1:], before[1:], strict=True))
    # Un-publishing it changes the pages too.
    before = caching.versions(namespaces)
    suggestion.status = StanceStatus.REJECTED
    suggestion.save()
    assert caching.versions(namespaces)[2] > before[2]


def test_a_publish_on_one_framework_keeps_another_frameworks_charts(world, client, django_assert_num_queries):
    client.get("/charts/map.json?framework=cets-225")
    make_stance(
        actor=world["fra"], framework=world["waico"], position=Position.SUPPORTS, date=dt.date(2025, 10, 1)
    )
    with django_assert_num_queries(0):
        client.get("/charts/map.json?framework=cets-225")
    assert "FRA" in client.get("/charts/map.json?framework=waico").json()["figure"]["data"][1]["locations"]


def test_with_the_cache_down_charts_are_drawn_afresh(world, client, settings):
    # Nothing listens on port 1: every cache call fails as it does when Redis is away.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/charts/map.json?framework=waico")
    assert response.status_code == 200
    assert response.json()["id"] == "map-waico"
    assert caching.current_version() is None


def test_it_bumps_the_data_version_on_membership_and_framework_changes(world):
    version = caching.current_version()
    world["waico"].save()
    assert caching.current_version() > version
    version = caching.current_version()
    world["eu"].memberships.first().delete()
    assert caching.current_version() > version


# --- Offline assets ----------------------------------------------------------------------------------


def plotly_js_version(path: Path) -> str:
    return re.search(r"plotly\.js v(\d+\.\d+\.\d+)", path.read_text(errors="replace")[:600]).group(1)


def test_it_serves_the_dashboards_own_partial_plotly_bundle():
    found = finders.find("vendor/plotly-dashboard.min.js")
    assert found and Path(found).is_relative_to(Path(settings.BASE_DIR, "static"))
    assert 1_000_000 < Path(found).stat().st_size < 1_500_000  # the full bundle is 4.8 MB
    assert finders.find("vendor/topojson/world_110m.json")
    assert not finders.find("vendor/plotly.min.js")


def test_the_bundle_is_the_plotly_js_version_package_json_pins_and_the_python_package_builds_for():
    import plotly

    bundle = Path(settings.BASE_DIR, "static/vendor/plotly-dashboard.min.js")
    pinned = json.loads(Path(settings.BASE_DIR, "package.json").read_text())["devDependencies"]["plotly.js"]
    python_packages_js = Path(plotly.__file__).parent / "package_data/plotly.min.js"
    assert plotly_js_version(bundle) == pinned == plotly_js_version(python_packages_js)


def test_it_collects_plotly_js_and_the_map_topology_for_production(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "vendor/plotly-dashboard.min.js").stat().st_size > 1_000_000
    assert (tmp_path / "vendor/topojson/world_110m.json").exists()
    assert not (tmp_path / "vendor/plotly.min.js").exists()
    assert not (tmp_path / "vendor/widgetbundle.js").exists()


def test_a_cited_source_bumps_the_data_version_only_for_what_pages_show(
    world, django_capture_on_commit_callbacks
):
    source = Stance.objects.published().filter(actor=world["chn"]).first().source
    before = caching.current_version()
    source.fetch_error = "retried"
    source.save(update_fields=["fetch_error"])
    assert caching.current_version() == before
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        source.publisher = "Xinhua"
        source.save(update_fields=["publisher"])
    # Once now and once after the commit, so nothing cached in between outlives it.
    assert caching.current_version() == before + 2
    assert len(callbacks) == 1
