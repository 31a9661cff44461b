"""/changes/: what changed between two dates, as was -> now, on the page, in its CSV and in the API."""

import csv
import datetime as dt
import io
import re
from collections import defaultdict

import pytest
from django.core.cache import cache

from initiatives.choices import Act, Position, StanceStatus
from initiatives.models import Stance
from tests.factories import make_actor, make_framework, make_stance

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr id="change-(\d+)">')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def page_ids(client, query):
    """The ids of the changes listed on every page of /changes/?query, in order."""
    ids, number = [], 1
    while True:
        response = client.get(f"/changes/?{query}&page={number}")
        assert response.status_code == 200
        ids += [int(i) for i in ROW.findall(response.content.decode())]
        if number >= response.context["page"].paginator.num_pages:
            return ids
        number += 1


def csv_rows(client, query):
    response = client.get(f"/changes.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def api_ids(client, query):
    ids, url = [], f"/api/v1/changes/?{query}&page_size=1000"
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids


def reference_changes(start, end):
    """Position changes computed here from every published stance, without the queryset: per actor and
    framework in the as_of order (undated first, then by date, then by record), a stance whose position
    differs from the one before it (or is the first), dated in the range."""
    pairs = defaultdict(list)
    for stance in Stance.objects.filter(status=StanceStatus.PUBLISHED).order_by("pk"):
        pairs[stance.actor_id, stance.framework_id].append(stance)
    changes = {}
    for stances in pairs.values():
        stances.sort(key=lambda s: (s.date is not None, s.date or dt.date.min, s.pk))
        previous = None
        for stance in stances:
            if stance.position != previous and stance.date and start <= stance.date <= end:
                changes[stance.pk] = previous or ""
            previous = stance.position
    return changes


def test_it_lists_the_years_published_changes_on_the_starter_data_and_its_csv_has_the_same_rows(client):
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    query = "from=2025-01-01&to=2025-12-31"
    expected = reference_changes(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert len(expected) > 100  # the starter data's year has hundreds of signatures and votes

    listed = page_ids(client, query)
    assert len(listed) == len(set(listed)) == len(expected)
    assert set(listed) == set(expected)

    rows = csv_rows(client, query)
    assert [int(row["id"]) for row in rows] == listed  # the same rows, in the same order
    assert {int(row["id"]): row["previous_position"] for row in rows} == expected
    assert all(row["date"].startswith("2025") for row in rows)
    assert api_ids(client, query) == listed


@pytest.fixture
def world():
    """France supports the accord (undated), signs it in March 2025 (a second source repeats that in May),
    ratifies it in September 2025; Chile signs the pact in June 2025. A pending suggestion waits in July."""
    fra = make_actor(code="FRA", name="France")
    chl = make_actor(code="CHL", name="Chile")
    accord = make_framework(slug="accord", name="Open Accord")
    pact = make_framework(slug="pact", name="Pact on Models")
    stances = {
        "undated": make_stance(actor=fra, framework=accord, position=Position.SUPPORTS, date=None),
        "signs": make_stance(actor=fra, framework=accord, position=Position.SIGNS, date=dt.date(2025, 3, 4)),
        "repeat": make_stance(actor=fra, framework=accord, position=Position.SIGNS, date=dt.date(2025, 5, 1)),
        "ratifies": make_stance(
            actor=fra, framework=accord, position=Position.RATIFIES, date=dt.date(2025, 9, 1)
        ),
        "chile": make_stance(actor=chl, framework=pact, position=Position.SIGNS, date=dt.date(2025, 6, 1)),
        "pending": make_stance(
            actor=chl,
            framework=accord,
            position=Position.OPPOSES,
            date=dt.date(2025, 7, 1),
            status=StanceStatus.PENDING,
            evidence="A suggestion nobody reviewed.",
        ),
    }
    return {"fra": fra, "chl": chl, "accord": accord, "pact": pact, **stances}


def listed(client, query):
    return [Stance.objects.get(pk=pk) for pk in page_ids(client, query)]


def test_it_shows_each_change_as_was_then_now_and_leaves_out_restatements_and_suggestions(client, world):
    response = client.get("/changes/?from=2025-01-01&to=2025-12-31")
    page = response.content.decode()
    assert [s.pk for s in listed(client, "from=2025&to=2025")] == [
        world["ratifies"].pk,
        world["chile"].pk,
        world["signs"].pk,
    ]
    ratified = page.split(f'id="change-{world["ratifies"].pk}"')[1].split("</tr>")[0]
    assert ratified.index("Signs") < ratified.index("Ratifies")  # was signs, now ratifies
    signed = page.split(f'id="change-{world["signs"].pk}"')[1].split("</tr>")[0]
    assert signed.index("Supports") < signed.index("Signs")  # was: the undated stance before it
    chile = page.split(f'id="change-{world["chile"].pk}"')[1].split("</tr>")[0]
    assert "no recorded position" in chile
    assert "A suggestion nobody reviewed" not in page and f'id="change-{world["pending"].pk}"' not in page
    assert "3 changes of position" in page


def test_it_counts_the_undated_stances_it_cannot_place_in_a_range(client, world):
    note = client.get("/changes/?from=2025&to=2025").content.decode().split('id="undated-note"')[1]
    assert "1 published change of position has no known date" in note.split("</p>")[0]
    note = client.get("/changes/?from=2025&to=2025&actor=CHL").content.decode().split('id="undated-note"')[1]
    assert "none matches these filters" in note.split("</p>")[0]


def test_it_reads_a_range_at_the_precision_it_is_written_in(client, world):
    assert [s.pk for s in listed(client, "from=2025-03&to=2025-06")] == [world["chile"].pk, world["signs"].pk]
    assert [s.pk for s in listed(client, "from=2025-06-02&to=2025-09-01")] == [world["ratifies"].pk]
    assert listed(client, "from=2024&to=2024") == []
    # Without from, the range starts with the record; without to, it ends today.
    assert len(listed(client, "")) == 3


def test_it_filters_by_actor_framework_and_act_on_the_page_the_csv_and_the_api(client, world):
    cases = {
        "actor=CHL": [world["chile"].pk],
        "actor=fra,chl&framework=accord": [world["ratifies"].pk, world["signs"].pk],
        "framework=pact": [world["chile"].pk],
        f"act={Act.RATIFIED}": [world["ratifies"].pk],
        f"act={Act.SIGNED}&actor=FRA": [world["signs"].pk],
    }
    for query, expected in cases.items():
        query = f"from=2025&to=2025&{query}"
        assert page_ids(client, query) == expected, query
        assert [int(row["id"]) for row in csv_rows(client, query)] == expected, query
        assert api_ids(client, query) == expected, query


def test_it_ends_the_range_on_the_as_of_date(client, world):
    assert [s.pk for s in listed(client, "from=2025&to=2025&as_of=2025-08-31")] == [
        world["chile"].pk,
        world["signs"].pk,
    ]
    assert "to 31 August 2025" in client.get("/changes/?from=2025&as_of=2025-08-31").content.decode()


@pytest.mark.parametrize(
    ("query", "named", "message"),
    [
        ("from=2025-12-31&to=2025-01-01", "from", "is after to"),
        ("from=2025-02-30", "from", "YYYY"),
        ("to=yesterday", "to", "YYYY"),
        ("form=2025-01-01", "form", "Unknown parameter"),
        ("actor=ZZZ", "actor", "Unknown actor code: ZZZ"),
        ("framework=nope", "framework", "Unknown framework slug"),
        ("act=signs", "act", "Unknown act"),
        ("as_of=2025-13-01", "as_of", "YYYY-MM-DD"),
        ("from=99999", "from", "YYYY"),
    ],
)
def test_it_answers_bad_parameters_with_a_400_that_names_them(client, world, query, named, message):
    for url in (f"/changes/?{query}", f"/changes.csv?{query}", f"/api/v1/changes/?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        body = response.content.decode()
        assert named in body and message in body, (url, body[-600:])
    assert client.get("/changes/?page=abc").status_code == 400


def test_it_pages_the_changes(client, world):
    for day in range(1, 61):
        make_stance(
            actor=world["chl"],
            framework=make_framework(),
            position=Position.SUPPORTS,
            date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
        )
    first = client.get("/changes/?from=2025&to=2025")
    assert first.context["page"].paginator.num_pages == 2
    assert len(ROW.findall(first.content.decode())) == 50
    assert 'rel="next"' in first.content.decode()
    assert len(page_ids(client, "from=2025&to=2025")) == 63
    assert len(csv_rows(client, "from=2025&to=2025")) == 63


def test_it_reads_the_changes_in_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/changes/?from=2025&to=2025")
    for day in range(1, 30):
        make_stance(
            actor=make_actor(),
            framework=world["pact"],
            position=Position.SIGNS,
            date=dt.date(2025, 2, day % 28 + 1),
        )
    with django_assert_max_num_queries(8):
        client.get("/changes/?from=2025&to=2025")


def test_the_home_page_links_this_months_and_this_years_changes(client, world):
    page = client.get("/?as_of=2025-09-15").content.decode()
    assert 'href="/changes/?from=2025-09-01&amp;to=2025-09-15&amp;as_of=2025-09-15"' in page
    assert 'href="/changes/?from=2025-01-01&amp;to=2025-09-15&amp;as_of=2025-09-15"' in page
    today = dt.date.today()
    assert (
        f'href="/changes/?from={today:%Y-%m}-01&amp;to={today:%Y-%m-%d}"' in client.get("/").content.decode()
    )


def test_the_api_endpoint_is_read_only_and_in_the_schema(client, world):
    body = client.get("/api/v1/changes/?from=2025&to=2025").json()
    first = body["results"][0]
    assert (first["id"], first["previous_position"], first["position"]) == (
        world["ratifies"].pk,
        "signs",
        "ratifies",
    )
    assert body["results"][1]["previous_position"] is None
    assert client.post("/api/v1/changes/", {}).status_code in (403, 405)
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/changes/:" in schema
    changes = schema.split("/api/v1/changes/:")[1].split("\n  /api/")[0]
    assert "name: from" in changes and "name: to" in changes and "name: act" in changes
    assert "post:" not in changes


def test_it_serves_the_changes_from_the_page_cache_until_a_position_is_published(client, world):
    url = "/changes/?from=2025&to=2025"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    new = make_stance(
        actor=world["chl"], framework=world["accord"], position=Position.SUPPORTS, date=dt.date(2025, 10, 1)
    )
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert f'id="change-{new.pk}"' in response.content.decode()
