"""The OpenAPI schema says which links may be null, as the answers do."""

import pytest

from .factories import make_actor, make_framework, make_stance, make_summit

pytestmark = pytest.mark.django_db

OPTIONAL_LINKS = {
    "Framework": ["proposed_by", "parent"],
    "Stance": ["summit"],
    "Summit": ["host", "organiser"],
}
REQUIRED_LINKS = {"Stance": ["actor", "framework"], "Membership": ["organisation", "member"]}


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()["components"]["schemas"]


def test_optional_links_are_declared_nullable(schema):
    for component, fields in OPTIONAL_LINKS.items():
        for name in fields:
            assert schema[component]["properties"][name].get("nullable") is True, f"{component}.{name}"


def test_required_links_are_not(schema):
    for component, fields in REQUIRED_LINKS.items():
        for name in fields:
            assert not schema[component]["properties"][name].get("nullable"), f"{component}.{name}"


def test_the_answers_carry_the_nulls_the_schema_declares(client):
    framework = make_framework(slug="alone")
    make_summit(slug="no-host")
    make_stance(actor=make_actor(), framework=framework)
    assert client.get("/api/v1/frameworks/alone/").json()["proposed_by"] is None
    assert client.get("/api/v1/frameworks/alone/").json()["parent"] is None
    summit = client.get("/api/v1/summits/no-host/").json()
    assert summit["host"] is None and summit["organiser"] is None
    assert client.get("/api/v1/stances/").json()["results"][0]["summit"] is None
