"""One truth on any date: every reader of positions agrees with the one as-of rule.

A property test draws random stance histories (dated and undated, several on one day, some pending)
and random days, and holds each reader to a Python statement of the rule: the framework page, the
map and support chart JSON, the matrix, the actor page, the stances CSV and API with current=true,
and the Atom feed's previous positions. It runs on whichever database the suite runs on (SQLite
here, PostgreSQL in CI, where as_of reads by DISTINCT ON).
"""

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.as_of import AsOf
from initiatives.charts.figures import POSITION_LABELS
from initiatives.choices import POSITION_DIRECTION, ActorKind, Position, StanceStatus
from initiatives.models import Article, Stance
from initiatives.syndication import position_changes
from tests.factories import make_actor, make_framework, make_organisation

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
DAYS = [None, dt.date(2023, 11, 1), dt.date(2024, 5, 21), dt.date(2024, 9, 5), dt.date(2025, 2, 11), TODAY]
POSITIONS = [Position.SIGNS, Position.SUPPORTS, Position.OPPOSES, Position.NEUTRAL, Position.WITHDRAWS]


def reference_positions(day):
    """{(actor_id, framework_id): stance} by the rule, from every published stance, in Python."""
    latest = {}
    for stance in Stance.objects.published().order_by("id"):
        if stance.date is not None and stance.date > day:
            continue
        rank = (stance.date is not None, stance.date or dt.date.min, stance.id)
        key = (stance.actor_id, stance.framework_id)
        if key not in latest or rank > latest[key][0]:
            latest[key] = (rank, stance)
    return {key: stance for key, (_rank, stance) in latest.items()}


def reference_previous():
    """{stance id: the position before it on its pair ('' for the first)}, in Python."""
    previous, last = {}, {}
    ordered = sorted(
        Stance.objects.published(), key=lambda s: (s.date is not None, s.date or dt.date.min, s.id)
    )
    for stance in ordered:
        key = (stance.actor_id, stance.framework_id)
        previous[stance.id] = last.get(key, "")
        last[key] = stance.position
    return previous


@pytest.fixture
def cast():
    countries = [
        make_actor(code=code, name=name)
        for code, name in [("FRA", "France"), ("JPN", "Japan"), ("BRA", "Brazil"), ("KEN", "Kenya")]
    ]
    bloc = make_organisation(code="G20", name="Group of Twenty", members=countries)
    frameworks = [make_framework(slug="treaty"), make_framework(slug="declaration")]
    # One source per stance of a history: two stances of a pair on one day are two reports.
    sources = [
        Article.objects.create(url=f"https://example.org/{i}", title="Source", publisher="Example")
        for i in range(14)
    ]
    return [*countries, bloc], frameworks, sources


histories = st.lists(
    st.tuples(
        st.integers(0, 4),  # actor
        st.integers(0, 1),  # framework
        st.sampled_from(POSITIONS),
        st.sampled_from(DAYS),
        st.booleans(),  # published (or pending)
    ),
    max_size=14,
)
views = st.sampled_from(
    [TODAY, dt.date(2024, 1, 1), dt.date(2024, 9, 5), dt.date(2025, 6, 30), dt.date(2030, 1, 1)]
)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_ids(response):
    return sorted(int(row["id"]) for row in csv.DictReader(io.StringIO(_body(response).decode())))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, day=views)
def test_every_reader_agrees_with_the_one_rule(client, cast, history, day):
    actors, frameworks, sources = cast
    Stance.objects.all().delete()
    cache.clear()
    for (a, f, position, date, published), source in zip(history, sources, strict=False):
        Stance.objects.create(
            actor=actors[a],
            framework=frameworks[f],
            position=position,
            date=date,
            source=source,
            evidence="e",
            status=StanceStatus.PUBLISHED if published else StanceStatus.PENDING,
        )
    rule = reference_positions(day)
    query = AsOf.on(day).query
    as_of = f"&as_of={day.isoformat()}" if query else ""

    # The stances CSV and API with current=true: one row per pair, the rule's rows.
    expected_ids = sorted(stance.id for stance in rule.values())
    assert _csv_ids(client.get(f"/export/stances.csv?current=1{as_of}")) == expected_ids
    api = client.get(f"/api/v1/stances/?current=true&page_size=1000{as_of}").json()
    assert sorted(row["id"] for row in api["results"]) == expected_ids

    for framework in frameworks:
        mine = {key[0]: stance for key, stance in rule.items() if key[1] == framework.pk}
        # The framework page's "who stands where".
        page = client.get(f"/frameworks/{framework.slug}/?{as_of[1:]}")
        shown = {
            s.id
            for group in page.context["positions"]["groups"]
            for s in group["countries"] + group["others"]
        }
        assert shown == {s.id for s in mine.values()}
        # The map: countries painted, blocs listed beside it.
        chart = client.get(f"/charts/map.json?framework={framework.slug}{as_of}").json()
        painted = dict(
            zip(chart["figure"]["data"][1]["locations"], chart["figure"]["data"][1]["text"], strict=True)
        )
        countries = {s.actor.code: s for s in mine.values() if s.actor.kind == ActorKind.COUNTRY}
        assert set(painted) == set(countries)
        for code, stance in countries.items():
            assert painted[code].split("<br>")[0].endswith(POSITION_LABELS[stance.position])
        assert {b["code"] for b in chart["extra"]["blocs"]} == {
            s.actor.code for s in mine.values() if s.actor.kind != ActorKind.COUNTRY
        }
        # Support over time: on the day of the view, the counts per position.
        support = client.get(f"/charts/support.json?framework={framework.slug}{as_of}").json()
        counts = {trace["name"]: trace["y"][-1] for trace in support["figure"]["data"]}
        expected = Counter(Position(s.position).label for s in mine.values())
        assert {name: n for name, n in counts.items() if n} == dict(expected)

    # The matrix of all actors.
    matrix = client.get(f"/charts/matrix.json?set=all{as_of}").json()
    cells = {}
    for row in matrix["rows"]:
        for slug_label, cell in zip(matrix["headers"][1:], row[1:], strict=True):
            if cell != "no recorded position":
                cells[(row[0], slug_label)] = cell
    expected_cells = {
        (f"{s.actor.name} ({s.actor.code})", s.framework.short_name or s.framework.name): POSITION_LABELS[
            s.position
        ]
        for s in rule.values()
    }
    assert cells == expected_cells

    # Each actor's page.
    for actor in actors:
        page = client.get(f"/actors/{actor.code}/?{as_of[1:]}")
        assert {s.id for s in page.context["positions"]} == {
            s.id for k, s in rule.items() if k[0] == actor.pk
        }

    # The Atom feed: a change is a stance whose previous position differs; previous as the rule orders.
    previous = reference_previous()
    changes = {s.id: s.previous_or_none for s in position_changes()}
    assert changes == {sid: before for sid, before in previous.items() if before != _position(sid)}


def _position(stance_id):
    return Stance.objects.get(pk=stance_id).position


# --- as_of=<today> is no as_of ---------------------------------------------------------------------------


@pytest.fixture
def world():
    from tests.dashboard_world import build_world

    return build_world()


SAME_TODAY = [
    "/",
    "/frameworks/",
    "/frameworks/cets-225/",
    "/actors/",
    "/actors/USA/",
    "/actors/EU/",
    "/summits/",
    "/articles/",
    "/compare/?actors=CHN,USA,EU",
    "/charts/map.json?framework=waico",
    "/charts/support.json?framework=cets-225",
    "/charts/matrix.json?set=all",
    "/charts/alignment.json?set=G20",
    "/charts/actor-timeline.json?actor=USA",
    "/charts/news.json",
    *[
        f"/export/{kind}.csv"
        for kind in ("actors", "frameworks", "summits", "stances", "articles", "memberships", "matrix")
    ],
    "/export/stances.csv?current=1",
    *[
        f"/api/v1/{kind}/"
        for kind in ("actors", "frameworks", "summits", "stances", "articles", "memberships")
    ],
    "/api/v1/stances/?current=true",
]


@pytest.mark.parametrize("url", SAME_TODAY)
def test_as_of_today_gives_the_same_answer_as_no_as_of(client, world, url):
    cache.clear()
    plain = client.get(url)
    cache.clear()
    joiner = "&" if "?" in url else "?"
    dated = client.get(f"{url}{joiner}as_of={dt.date.today().isoformat()}")
    assert plain.status_code == dated.status_code == 200
    if url.startswith("/export/"):
        assert _body(dated) == _body(plain)
    elif url.startswith(("/api/", "/charts/")):
        assert dated.json() == plain.json()
    else:
        # Pages differ only in the date shown in the as-of form, which names today either way.
        assert dated.content.decode() == plain.content.decode()


def test_a_misspelt_parameter_is_the_same_400_on_pages_csv_and_api(client, world):
    page = client.get("/frameworks/?knd=treaty")
    export = client.get("/export/frameworks.csv?knd=treaty")
    api = client.get("/api/v1/frameworks/?knd=treaty")
    assert page.status_code == export.status_code == api.status_code == 400
    assert "knd" in page.content.decode() and "Unknown parameter" in page.content.decode()
    assert "knd: Unknown parameter" in export.content.decode()
    assert "Unknown parameter" in api.json()["knd"][0]
    # Campaign links keep working.
    assert client.get("/frameworks/?utm_source=newsletter").status_code == 200


def test_direction_of_every_position_is_known():
    assert set(POSITION_DIRECTION) == set(Position)
