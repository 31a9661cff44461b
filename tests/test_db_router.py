"""Which requests may read from a replica (governance.db_router); the real replica is in test_read_replicas."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.test import RequestFactory

from governance import db_router


@pytest.fixture
def request_for():
    factory = RequestFactory()

    def request_for(method, path, user=None):
        request = factory.generic(method, path)
        request.user = user or AnonymousUser()
        return request

    cache.delete(db_router.RECENT_WRITE_KEY)
    return request_for


def test_an_anonymous_readers_page_may_read_from_a_replica(request_for):
    assert db_router.may_read_from_a_replica(request_for("GET", "/frameworks/waico/"))
    assert db_router.may_read_from_a_replica(request_for("HEAD", "/"))


def test_a_signed_in_curator_reads_from_the_primary(request_for):
    curator = User(username="curator", is_staff=True)
    assert not db_router.may_read_from_a_replica(request_for("GET", "/frameworks/waico/", user=curator))


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/frameworks/"), ("GET", "/admin/"), ("GET", "/admin/login/")]
)
def test_writes_and_the_admin_read_from_the_primary(request_for, method, path):
    assert not db_router.may_read_from_a_replica(request_for(method, path))


def test_public_reads_stay_on_the_primary_just_after_a_write(request_for):
    cache.set(db_router.RECENT_WRITE_KEY, 1, 30)
    assert not db_router.may_read_from_a_replica(request_for("GET", "/"))


def test_the_router_writes_and_migrates_only_on_the_primary():
    router = db_router.ReplicaRouter()
    assert router.db_for_write(User) == "default"
    assert router.allow_migrate("default", "initiatives") and not router.allow_migrate(
        "replica_1", "initiatives"
    )
    assert router.db_for_read(User) == "default"  # outside a request
