"""Whole pages for anonymous readers (initiatives.page_cache): served from the cache with no query,
answered 304 when the reader has them, retired exactly by what changes them, rendered ahead after a
publish; never for a signed-in curator."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from initiatives.choices import Position, StanceStatus
from tests.factories import make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_reader_gets_the_page_from_the_cache_with_no_query(
    client, dashboard_world, django_assert_num_queries
):
    first = client.get("/frameworks/waico/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get("/frameworks/waico/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"]
    assert "Cookie" in again["Vary"]


def test_no_reader_can_make_a_request_skip_the_cache(client, dashboard_world):
    """Only the render-ahead, which knows the secret derived from SECRET_KEY, renders a stored page again."""
    from initiatives.page_cache import render_token

    client.get("/frameworks/")
    for value in ("1", "true", render_token()[:-1], ""):
        assert client.get("/frameworks/", HTTP_X_TRACKER_RENDER_AHEAD=value)["X-Page-Cache"] == "hit", value
    assert client.get("/frameworks/", HTTP_X_TRACKER_RENDER_AHEAD=render_token())["X-Page-Cache"] == "miss"


def test_a_reader_who_has_the_page_gets_304(client, dashboard_world):
    etag = client.get("/frameworks/").headers["ETag"]
    assert client.get("/frameworks/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_browser_that_accepts_gzip_gets_the_stored_page_gzipped(client, dashboard_world):
    """Compressed once when stored: the same page, a tenth of the bytes, with its own validator."""
    import gzip

    plain = client.get("/frameworks/waico/")
    zipped = client.get("/frameworks/waico/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["X-Page-Cache"] == "hit" and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    assert int(zipped["Content-Length"]) == len(zipped.content)
    assert zipped["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert "Content-Encoding" not in plain
    again = client.get("/frameworks/waico/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304
    assert "Content-Encoding" not in client.get("/frameworks/waico/", HTTP_ACCEPT_ENCODING="identity")


def test_the_address_and_its_query_string_make_the_key(client, dashboard_world):
    client.get("/frameworks/")
    assert client.get("/frameworks/?kind=treaty")["X-Page-Cache"] == "miss"
    assert client.get("/frameworks/?as_of=2025-01-01")["X-Page-Cache"] == "miss"


def test_a_signed_in_curator_always_gets_a_fresh_page(client, dashboard_world):
    user = User.objects.create_user("cora", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client.get("/frameworks/waico/")  # cached for anonymous readers
    client.force_login(user)
    response = client.get("/frameworks/waico/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_publish_retires_what_it_changes_and_nothing_else(
    client, dashboard_world, django_capture_on_commit_callbacks, eager_celery
):
    world = dashboard_world
    for url in ("/frameworks/waico/", "/frameworks/cets-225/", "/", "/actors/FRA/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        make_stance(
            actor=world["fra"],
            framework=world["waico"],
            position=Position.SUPPORTS,
            date=dt.date(2025, 10, 1),
        )
    # Rendered ahead by the commit's task: the first reader gets the new page from the cache.
    waico = client.get("/frameworks/waico/")
    assert waico["X-Page-Cache"] == "hit" and "France" in waico.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/actors/FRA/")["X-Page-Cache"] == "hit"
    # The other framework's page was not touched: it is the copy from before.
    assert client.get("/frameworks/cets-225/")["X-Page-Cache"] == "hit"


def test_a_pending_suggestion_retires_no_page(client, dashboard_world, django_capture_on_commit_callbacks):
    world = dashboard_world
    before = client.get("/frameworks/waico/")
    with django_capture_on_commit_callbacks(execute=True):
        make_stance(
            actor=world["fra"],
            framework=world["waico"],
            position=Position.SUPPORTS,
            status=StanceStatus.PENDING,
        )
    again = client.get("/frameworks/waico/")
    assert again["X-Page-Cache"] == "hit" and again["ETag"] == before["ETag"]


def test_pages_that_cannot_be_cached_are_not(client, dashboard_world):
    assert "X-Page-Cache" not in client.get("/frameworks/nope/")  # a 404
    assert "X-Page-Cache" not in client.get("/frameworks/?knd=treaty")  # a 400
    assert "X-Page-Cache" not in client.get("/export/stances.csv")  # a stream
