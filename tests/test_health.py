"""When the database goes away the site says so with a 503, and recovers by itself."""

import pytest
from django.db import connection


@pytest.fixture
def database_away(transactional_db):
    """Point the connection at a port where nothing listens, as if PostgreSQL had stopped.

    Yields a function that brings the database back.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite's in-memory test database cannot be taken away and brought back; runs on PostgreSQL"
        )
    original = dict(connection.settings_dict)

    def bring_back():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    connection.close()
    connection.settings_dict.update(PORT="1", OPTIONS={**original.get("OPTIONS", {}), "connect_timeout": 2})
    yield bring_back
    bring_back()


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_503_with_a_clear_page_while_the_database_is_away(client, database_away):
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    page = client.get("/frameworks/waico/")
    assert page.status_code == 503
    assert "temporarily unavailable" in page.content.decode()
    assert page["Retry-After"] == "30"


def test_the_site_recovers_by_itself_once_the_database_is_back(client, database_away):
    assert client.get("/healthz").status_code == 503
    database_away()
    assert client.get("/healthz").status_code == 200
    assert client.get("/frameworks/no-such-framework/").status_code == 404
