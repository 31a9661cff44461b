"""The addresses that follow, in the admin: a superuser finds one and deletes it with its follows and
what was sent to it; curators and analysts never see them, and the private token is never shown."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from initiatives.follow.models import Digest, Follow, Follower
from tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower():
    follower = Follower.objects.create(email="reader@example.org")
    Follow.objects.create(follower=follower, framework=make_framework(), confirmed_at=timezone.now())
    Digest.objects.create(follower=follower, claimed_at=timezone.now(), sent_at=timezone.now())
    return follower


def test_a_superuser_finds_an_address_and_deletes_it_with_all_it_followed(client, follower):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    listing = client.get("/admin/initiatives/follower/?q=reader")
    assert listing.status_code == 200 and b"reader@example.org" in listing.content
    page = client.get(f"/admin/initiatives/follower/{follower.pk}/change/")
    assert page.status_code == 200 and follower.token.encode() not in page.content
    response = client.post(f"/admin/initiatives/follower/{follower.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Follower.objects.exists() and not Follow.objects.exists() and not Digest.objects.exists()


@pytest.mark.parametrize("role", ["curator", "analyst"])
def test_no_role_sees_the_addresses(client, follower, role):
    user = User.objects.create_user(role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    assert client.get("/admin/initiatives/follower/").status_code == 403
    assert client.get(f"/admin/initiatives/follower/{follower.pk}/change/").status_code == 403
    assert b"Followers" not in client.get("/admin/").content
