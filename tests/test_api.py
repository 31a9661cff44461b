"""The read-only JSON API: same filters as the pages, published stances only for the public, a valid schema."""

import datetime as dt
import re

import pytest
import schemathesis
import yaml
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from initiatives.choices import DatePrecision, Position, StanceStatus
from initiatives.models import Actor, Membership

from .factories import make_actor, make_article, make_framework, make_organisation, make_stance, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttles():
    # Throttle counters live in the cache (Redis under PostgreSQL runs): start every test at zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    chn = make_actor(code="CHN", name="China", region="Asia")
    civ = make_actor(code="CIV", name="Côte d'Ivoire", region="Africa")
    make_organisation(code="G20", members=[chn])
    framework = make_framework(slug="cets-225", name="Framework Convention")
    summit = make_summit(slug="paris-2025")
    make_stance(actor=chn, framework=framework, position=Position.SUPPORTS, date=dt.date(2024, 1, 5))
    make_stance(
        actor=chn,
        framework=framework,
        position=Position.SIGNS,
        date=dt.date(2025, 2, 1),
        date_precision=DatePrecision.MONTH,
        summit=summit,
        source=make_article(title="China signs"),
    )
    pending = make_stance(actor=civ, framework=framework, status=StanceStatus.PENDING)
    return {"chn": chn, "civ": civ, "framework": framework, "pending": pending}


def test_api_root_redirects_to_the_current_version(client):
    response = client.get("/api/")
    assert response.status_code == 307
    assert response["Location"] == "/api/v1/"
    response = client.get("/api/stances/?position=signs")
    assert response["Location"] == "/api/v1/stances/?position=signs"
    assert client.get("/api/v1/").status_code == 200


def test_it_lists_stances_with_codes_slugs_and_partial_dates(client, world):
    data = client.get("/api/v1/stances/").json()
    assert data["count"] == 2
    signed = next(s for s in data["results"] if s["position"] == "signs")
    assert signed["actor"] == "CHN"
    assert signed["framework"] == "cets-225"
    assert signed["summit"] == "paris-2025"
    assert signed["date"] == "2025-02"
    assert signed["source"]["title"] == "China signs"
    assert signed["status"] == "published"
    assert "last_updated" in signed


def test_it_takes_the_same_filters_and_as_of_as_the_pages(client, world):
    data = client.get("/api/v1/stances/?as_of=2024-12-31").json()
    assert [s["position"] for s in data["results"]] == ["supports"]
    data = client.get("/api/v1/actors/?member_of=G20").json()
    assert [a["code"] for a in data["results"]] == ["CHN"]
    data = client.get("/api/v1/actors/?region=africa").json()
    assert [a["code"] for a in data["results"]] == ["CIV"]


def test_details_are_found_by_code_slug_or_id(client, world):
    assert client.get("/api/v1/actors/CIV/").json()["name"] == "Côte d'Ivoire"
    assert client.get("/api/v1/frameworks/cets-225/").json()["name"] == "Framework Convention"
    assert client.get("/api/v1/summits/paris-2025/").status_code == 200
    membership = Membership.objects.get()
    assert client.get(f"/api/v1/memberships/{membership.pk}/").json()["organisation"] == "G20"


def test_a_lookup_with_a_nul_character_is_not_found(client, world):
    assert client.get("/api/v1/actors/C%00N/").status_code == 404


def test_basic_credentials_with_a_nul_character_are_refused_not_a_500(client, world):
    import base64

    token = base64.b64encode(b"ad\x00min:secret").decode()
    for url in ("/api/v1/actors/", "/api/schema/"):
        assert client.get(url, HTTP_AUTHORIZATION=f"Basic {token}").status_code in (401, 403)


def test_pending_stances_are_hidden_from_the_public_even_by_id(client, world):
    pending = world["pending"]
    assert client.get(f"/api/v1/stances/{pending.pk}/").status_code == 404
    response = client.get("/api/v1/stances/?status=pending")
    assert response.status_code == 400
    assert "Only published stances are public" in response.json()["status"][0]


def test_analysts_may_ask_for_pending_stances(client, world):
    analyst = User.objects.create_user("analyst", password="x")
    analyst.groups.add(Group.objects.get(name="analyst"))
    client.force_login(analyst)
    data = client.get("/api/v1/stances/?status=pending").json()
    assert [s["id"] for s in data["results"]] == [world["pending"].pk]


@pytest.mark.parametrize(
    "url, field, message",
    [
        ("/api/v1/stances/?actor=CHN,XXX", "actor", "Unknown actor code: XXX."),
        ("/api/v1/stances/?position=likes", "position", "Unknown position: likes."),
        ("/api/v1/stances/?as_of=2025-02-30", "as_of", "is not a date"),
        ("/api/v1/frameworks/?binding=perhaps", "binding", "is not true or false"),
        ("/api/v1/articles/?date_from=soon", "date_from", "is not a date"),
        ("/api/v1/stances/?positon=signs", "positon", "Unknown parameter."),
        ("/api/v1/stances/?actor=100%25s", "actor", "Unknown actor code: 100%s."),
    ],
)
def test_bad_filters_get_a_400_naming_the_parameter(client, world, url, field, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_login_can_be_required(client, world, settings):
    settings.API_REQUIRE_LOGIN = True
    assert client.get("/api/v1/actors/").status_code in (401, 403)
    client.force_login(User.objects.create_user("reader"))
    assert client.get("/api/v1/actors/").status_code == 200


def test_anonymous_clients_are_throttled(client, world):
    from rest_framework.throttling import AnonRateThrottle

    limit, _period = AnonRateThrottle().parse_rate(AnonRateThrottle().get_rate())
    statuses = [client.get("/api/v1/frameworks/").status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429


def test_the_stance_list_runs_a_fixed_number_of_queries(client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/stances/?member_of=G20").status_code == 200
        return len(queries)

    before = count()
    g20 = Actor.objects.get(code="G20")
    for _ in range(20):
        actor = make_actor()
        Membership.objects.create(organisation=g20, member=actor)
        make_stance(actor=actor, framework=world["framework"], summit=make_summit())
    assert count() == before


def test_the_openapi_schema_validates(client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert served["openapi"].startswith("3.")
    assert {"/api/v1/actors/", "/api/v1/stances/{id}/", "/api/v1/frameworks/{slug}/"} <= set(served["paths"])


def test_the_docs_page_is_served_from_this_origin(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    external = [
        url
        for url in re.findall(r"""(?:src|href)=["']([^"']+)""", html)
        if url.startswith(("http:", "https:", "//"))
    ]
    assert external == []
    script = client.get("/api/docs/?script")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.fixture
def wsgi_app(settings):
    """The real WSGI application, inside the test's transaction.

    Django's own test client detaches close_old_connections from the request signals so that a
    request does not close the connection holding the test transaction; do the same here.
    """
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis's WSGI client says Host: localhost
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_errors(world, wsgi_app):
    """Generated requests for every operation (bounded: a few dozen each) never get a 5xx."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16  # seven lists, seven records, the changes (list only) and the search
    calls = []
    for operation in operations:

        @hypothesis_settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            cache.clear()  # stay under the throttle: it is not what this test is about
            case.call_and_validate(checks=[not_a_server_error])
            calls.append(case.operation.label)

        check()
    assert len(set(calls)) == 16
    assert len(calls) >= 16 * 5, "generated cases actually ran"


@pytest.mark.parametrize("code", ["CIV", "civ"])
def test_filter_by_values_with_unicode_names(client, world, code):
    data = client.get(f"/api/v1/actors/?code={code}").json()
    assert [a["name"] for a in data["results"]] == ["Côte d'Ivoire"]
