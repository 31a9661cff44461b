"""Login limits (django-axes) on the admin and on the API's Basic authentication.

Wrong passwords are counted per username and address; past LOGIN_FAILURE_LIMIT the pair is locked out
(429) for the cool-off, whatever the password. Bad API credentials get 401 with a challenge.
"""

import base64
import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-curator-password"


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    # What is under test is counting and locking, not the password hasher's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password=PASSWORD, is_staff=True, is_superuser=True)


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_wrong_admin_passwords_lock_the_username_out(client, curator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = admin_login(client, "curator", "wrong")
        assert response.status_code == 200 and b"Please enter the correct username" in response.content
    locked = admin_login(client, "curator", "wrong")
    assert locked.status_code == 429
    assert b"too many login attempts" in locked.content.lower()
    # Locked out: even the right password is refused, and no session is opened.
    assert admin_login(client, "curator", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_username_and_address(client, curator, settings):
    User.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "curator", "wrong")
    assert admin_login(client, "colleague", PASSWORD).status_code == 302  # a colleague at the same desk
    elsewhere = Client(REMOTE_ADDR="203.0.113.7")
    assert admin_login(elsewhere, "curator", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, curator, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "curator", "wrong")
    assert admin_login(client, "curator", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    )
    assert admin_login(client, "curator", PASSWORD).status_code == 302


def test_bad_api_credentials_get_401_with_a_challenge(client, curator):
    response = client.get("/api/v1/actors/", **basic("curator", "wrong"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert client.get("/api/v1/actors/", **basic("curator", PASSWORD)).status_code == 200


def test_missing_credentials_get_401_with_a_challenge_when_the_api_requires_login(client, settings):
    settings.API_REQUIRE_LOGIN = True
    response = client.get("/api/v1/actors/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_api_basic_auth_brute_force_gets_429(client, curator, settings):
    answers = [client.get("/api/v1/actors/", **basic("curator", f"guess-{n}")).status_code for n in range(8)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [401] * (limit - 1)
    assert set(answers[limit - 1 :]) == {429}
    locked = client.get("/api/v1/actors/", **basic("curator", PASSWORD))
    assert locked.status_code == 429, "locked out: the right password does not get through either"
    assert int(locked["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "too many login attempts" in locked.json()["detail"].lower()
    # The admin counts the same failures: the username is locked there too.
    assert admin_login(client, "curator", PASSWORD).status_code == 429
