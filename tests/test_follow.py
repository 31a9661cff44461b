"""Follow and alerts: follow a framework, an actor or a list; get each published change once by e-mail."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from initiatives.choices import FrameworkKind, Position, StanceOrigin, StanceStatus
from initiatives.follow import digests, tasks
from initiatives.follow.mail import CONFIRM_SALT
from initiatives.follow.models import Digest, DigestItem, Follow, Follower
from tests.factories import make_actor, make_framework, make_stance

# Tasks run in-process even where REDIS_URL names a broker (CI); tests/test_follow_worker.py uses a real worker.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

FOLLOW = "/follow/"


def links(text):
    return re.findall(r"https?://\S+", text)


def link_to(message, fragment):
    return next(url for url in links(message.body) if fragment in url)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # the subscribe form's counters live in the cache, which outlives a test


@pytest.fixture
def world():
    return {
        "fra": make_actor(code="FRA", name="France"),
        "jpn": make_actor(code="JPN", name="Japan"),
        "cets": make_framework(
            slug="cets-225",
            name="Framework Convention on AI",
            short_name="CETS 225",
            kind=FrameworkKind.TREATY,
        ),
        "hiroshima": make_framework(
            slug="hiroshima", name="Hiroshima Process", kind=FrameworkKind.DECLARATION
        ),
    }


@pytest.fixture
def curator_client():
    curator = User.objects.create_user("cora", is_staff=True)
    curator.groups.add(Group.objects.get(name="curator"))
    client = Client()
    client.force_login(curator)
    return client


def analyst(client, email="ana@example.org"):
    user = User.objects.create_user("ana", email=email)
    client.force_login(user)
    return user


def publish_through_review(curator_client, stance):
    response = curator_client.post(
        reverse("admin:initiatives_suggestion_changelist"),
        {"action": "approve_selected", "_selected_action": [stance.pk]},
    )
    assert response.status_code == 302
    stance.refresh_from_db()
    assert stance.status == StanceStatus.PUBLISHED


def suggestion(actor, framework, **fields):
    return make_stance(
        actor=actor, framework=framework, status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED, **fields
    )


def test_a_user_follows_a_framework_and_the_digest_names_the_position_a_curator_published(
    client, curator_client, world
):
    make_stance(actor=world["jpn"], framework=world["cets"], position=Position.SIGNS)  # before: not sent
    analyst(client)
    response = client.post(f"{FOLLOW}?framework=cets-225", {"frequency": "instant"})
    assert response.status_code == 302
    follower = Follower.objects.get(email="ana@example.org")
    assert response["Location"] == reverse("initiatives:follow:manage", args=[follower.token])
    assert follower.follows.get().confirmed_at is not None  # a signed-in user needs no opt-in

    france = suggestion(world["fra"], world["cets"], position=Position.SIGNS, date=dt.date(2025, 3, 1))
    still_pending = suggestion(
        world["jpn"], world["cets"], position=Position.RATIFIES, date=dt.date(2025, 4, 1)
    )
    tasks.send_due_digests.delay("instant")
    assert mail.outbox == []  # a suggestion is never sent

    publish_through_review(curator_client, france)
    make_stance(actor=world["fra"], framework=world["hiroshima"])  # not followed
    assert tasks.send_due_digests.delay("instant").get() == 1

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["ana@example.org"]
    assert "France signs Framework Convention on AI (2025-03-01)" in digest.body
    assert f"/frameworks/cets-225/#stance-{france.pk}" in digest.body
    assert "Japan" not in digest.body and "Hiroshima" not in digest.body
    assert still_pending.pk not in DigestItem.objects.values_list("stance_id", flat=True)
    html = digest.alternatives[0][0]
    assert "France signs Framework Convention on AI" in html

    # One-click unsubscribe: the link, and the headers of RFC 8058.
    unsubscribe = link_to(digest, "/follow/unsubscribe/")
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Sent once: another run, a redelivered task, sends nothing.
    assert tasks.send_digest.delay(follower.pk).get() == 0
    assert tasks.send_due_digests.delay("instant").get() == 1
    assert len(mail.outbox) == 1

    page = client.get(path_of(unsubscribe))
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    follower.refresh_from_db()
    assert follower.unsubscribed_at is None  # a GET (a link scanner) unsubscribes no one
    done = client.post(path_of(unsubscribe))
    assert done.status_code == 200 and b"You are unsubscribed" in done.content
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None

    make_stance(
        actor=world["jpn"], framework=world["cets"], position=Position.RATIFIES, date=dt.date(2025, 6, 1)
    )
    tasks.send_due_digests.delay("instant")
    assert len(mail.outbox) == 1  # nothing after unsubscribing


def test_a_mail_client_unsubscribes_with_one_post_and_no_csrf_token(world):
    follower = Follower.objects.create(email="reader@example.org")
    Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    from initiatives.follow.mail import unsubscribe_url

    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(unsubscribe_url(follower)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None


def test_a_forged_unsubscribe_link_is_a_400(client, world):
    follower = Follower.objects.create(email="reader@example.org")
    forged = signing.dumps({"follower": follower.pk, "email": follower.email}, salt="another-salt")
    response = client.post(f"/follow/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_an_address_follows_an_actor_after_confirming_by_double_opt_in(client, world):
    response = client.get(f"{FOLLOW}?actor=fra")
    assert response.status_code == 200 and b"Follow" in response.content and b"France" in response.content

    response = client.post(f"{FOLLOW}?actor=FRA", {"email": "Reader@Example.org", "frequency": "daily"})
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["reader@example.org"]
    follower = Follower.objects.get(email="reader@example.org")

    make_stance(actor=world["fra"], framework=world["cets"], position=Position.SUPPORTS)
    tasks.send_due_digests.delay("daily")
    assert len(mail.outbox) == 1  # not confirmed: nothing is sent

    confirm = client.get(path_of(link_to(confirmation, "/follow/confirm/")))
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("initiatives:follow:manage", args=[follower.token])
    tasks.send_due_digests.delay("daily")
    assert len(mail.outbox) == 1  # what was published before confirming is not mailed

    make_stance(actor=world["fra"], framework=world["hiroshima"], position=Position.SIGNS)
    assert tasks.send_due_digests.delay("instant").get() == 0  # a daily follower waits for the daily run
    tasks.send_due_digests.delay("daily")
    assert len(mail.outbox) == 2
    assert "France signs Hiroshima Process" in mail.outbox[1].body
    # The earlier change is in the private feed, which lists all of it.
    feed = client.get(f"/follow/feed/{follower.token}.atom")
    assert feed.status_code == 200
    assert b"France signs Hiroshima Process" in feed.content
    assert b"France supports Framework Convention on AI" in feed.content


def test_an_expired_or_forged_confirmation_link_is_a_400(client, world):
    follower = Follower.objects.create(email="reader@example.org")
    follow = Follow.objects.create(follower=follower, actor=world["fra"])
    forged = signing.dumps({"follow": follow.pk, "email": follower.email}, salt="not-ours")
    assert client.get(f"/follow/confirm/{forged}/").status_code == 400
    token = signing.dumps({"follow": follow.pk, "email": follower.email}, salt=CONFIRM_SALT)
    with override_settings(FOLLOW_CONFIRM_MAX_AGE=-1):
        response = client.get(f"/follow/confirm/{token}/")
    assert response.status_code == 400 and b"expired" in response.content
    follow.refresh_from_db()
    assert follow.confirmed_at is None


def test_a_saved_list_follows_what_its_filters_show(client, world):
    analyst(client)
    response = client.post(f"{FOLLOW}?list=/frameworks/%3Fkind%3Dtreaty%26page%3D2", {"frequency": "instant"})
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.list_path, follow.list_query) == ("/frameworks/", "kind=treaty")  # page dropped

    make_stance(actor=world["fra"], framework=world["cets"], position=Position.SIGNS)
    make_stance(actor=world["jpn"], framework=world["hiroshima"], position=Position.SUPPORTS)
    tasks.send_due_digests.delay("instant")
    assert len(mail.outbox) == 1
    assert "France signs Framework Convention on AI" in mail.outbox[0].body
    assert "Hiroshima" not in mail.outbox[0].body


def test_the_positions_list_is_followed_with_its_filters(client, world):
    analyst(client)
    assert (
        client.post(
            f"{FOLLOW}?list=/api/stances/%3Fposition%3Dratifies", {"frequency": "instant"}
        ).status_code
        == 302
    )
    make_stance(actor=world["fra"], framework=world["cets"], position=Position.SIGNS)
    make_stance(actor=world["jpn"], framework=world["cets"], position=Position.RATIFIES)
    tasks.send_due_digests.delay("instant")
    assert "Japan ratifies" in mail.outbox[0].body and "France" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("list=/frameworks/%3Fkind%3Dnonsense", b"kind"),
        ("list=/frameworks/%3Fkinds%3Dtreaty", b"Unknown parameter"),
        ("list=/positions/", b"Only these lists can be followed"),
        ("list=/api/stances/%3Fstatus%3Dpending", b"Only published stances are public"),
        ("", b"Say what to follow"),
        ("framework=cets-225&actor=FRA", b"Say what to follow"),
        ("framework=cets-225&colour=red", b"Unknown parameter"),
    ],
)
def test_what_cannot_be_followed_is_a_400_that_says_why(client, world, target, message):
    response = client.get(f"{FOLLOW}?{target}")
    assert response.status_code == 400
    assert message in response.content


def test_an_unknown_framework_is_a_404(client, world):
    assert client.get(f"{FOLLOW}?framework=nothing-here").status_code == 404
    assert client.get(f"{FOLLOW}?actor=ZZZ").status_code == 404


def test_a_bad_address_is_a_400_with_the_form_again(client, world):
    response = client.post(f"{FOLLOW}?framework=cets-225", {"email": "not an address", "frequency": "daily"})
    assert response.status_code == 400
    assert b"valid email address" in response.content
    assert Follower.objects.count() == 0


@override_settings(FOLLOW_RATE_LIMIT=2)
def test_the_subscribe_form_is_rate_limited_per_client_address(client, world):
    for n in range(2):
        form = {"email": f"r{n}@example.org", "frequency": "daily"}
        assert client.post(f"{FOLLOW}?framework=cets-225", form).status_code == 200
    response = client.post(f"{FOLLOW}?framework=cets-225", {"email": "r9@example.org", "frequency": "daily"})
    assert response.status_code == 429
    assert b"Too many subscriptions" in response.content
    assert not Follower.objects.filter(email="r9@example.org").exists()


def test_one_address_gets_one_confirmation_however_often_it_is_entered(client, world):
    for target in ("framework=cets-225", "framework=hiroshima", "actor=FRA"):
        response = client.post(f"{FOLLOW}?{target}", {"email": "victim@example.org", "frequency": "daily"})
        assert response.status_code == 200 and b"Check your inbox" in response.content
    assert len(mail.outbox) == 1


def test_a_bot_filling_the_hidden_field_is_answered_but_nothing_is_stored(client, world):
    form = {"email": "bot@example.org", "frequency": "daily", "website": "http://spam.example"}
    response = client.post(f"{FOLLOW}?framework=cets-225", form)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert Follower.objects.count() == 0 and mail.outbox == []


def test_the_private_feed_lists_only_published_changes_on_what_is_followed(client, world):
    follower = Follower.objects.create(email="reader@example.org")
    Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    make_stance(actor=world["fra"], framework=world["cets"], position=Position.SIGNS)
    suggestion(world["jpn"], world["cets"], position=Position.RATIFIES)
    make_stance(actor=world["jpn"], framework=world["hiroshima"], position=Position.SUPPORTS)
    response = client.get(f"/follow/feed/{follower.token}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"France signs Framework Convention on AI" in response.content
    assert b"Japan" not in response.content
    assert "private" in response["Cache-Control"]
    assert client.get("/follow/feed/not-a-token.atom").status_code == 404


def test_the_settings_page_changes_frequency_and_unfollows(client, world):
    follower = Follower.objects.create(email="reader@example.org")
    follow = Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    page = client.get(f"/follow/me/{follower.token}/")
    assert page.status_code == 200
    assert b"Framework Convention on AI" in page.content
    assert f"/follow/feed/{follower.token}.atom".encode() in page.content
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    client.post(f"/follow/me/{follower.token}/", {"frequency": "instant"})
    follower.refresh_from_db()
    assert follower.frequency == "instant"
    client.post(f"/follow/me/{follower.token}/", {"unfollow": str(follow.pk)})
    assert not Follow.objects.exists()
    assert client.get("/follow/me/wrong-token/").status_code == 404


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=8151
)
def test_a_digest_that_could_not_be_sent_is_sent_by_the_next_run(world):
    # Nothing listens on 127.0.0.1:8151: the SMTP connection is refused, as when the server is down.
    follower = Follower.objects.create(email="reader@example.org", frequency="instant")
    Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    make_stance(actor=world["fra"], framework=world["cets"])
    with pytest.raises(OSError):
        digests.send_digest(follower.pk)
    assert not Digest.objects.exists() and not DigestItem.objects.exists()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert digests.send_digest(follower.pk) == 1
    assert len(mail.outbox) == 1 and Digest.objects.get().sent_at is not None


def test_a_claim_a_dead_worker_left_unsent_is_released_and_sent(world):
    follower = Follower.objects.create(email="reader@example.org", frequency="instant")
    Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    stance = make_stance(actor=world["fra"], framework=world["cets"])
    claimed, changes = digests.claim(follower)  # the worker died here, before sending
    assert changes == [stance]
    assert digests.send_digest(follower.pk) == 0  # a fresh claim: maybe still being sent
    Digest.objects.filter(pk=claimed.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    assert digests.send_digest(follower.pk) == 1
    assert len(mail.outbox) == 1


def test_framework_and_actor_pages_have_a_follow_button(client, world):
    page = client.get("/frameworks/cets-225/")
    assert b'href="/follow/?framework=cets-225"' in page.content
    page = client.get("/actors/FRA/")
    assert b'href="/follow/?actor=FRA"' in page.content


def test_an_address_typed_by_a_signed_in_user_is_not_linked_to_their_account_before_it_is_confirmed(
    client, world
):
    user = User.objects.create_user("nomail")  # an account without an address
    client.force_login(user)
    response = client.post(
        f"{FOLLOW}?framework=cets-225", {"email": "someone@example.org", "frequency": "daily"}
    )
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert Follower.objects.get().user is None
    assert client.get("/follow/mine/").status_code == 200  # "you follow nothing yet", not their page


def test_following_again_after_unsubscribing_asks_for_confirmation_again(client, world):
    follower = Follower.objects.create(email="reader@example.org", unsubscribed_at=timezone.now())
    Follow.objects.create(follower=follower, framework=world["cets"], confirmed_at=timezone.now())
    client.post(f"{FOLLOW}?framework=cets-225", {"email": "reader@example.org", "frequency": "instant"})
    assert len(mail.outbox) == 1
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None  # a stranger cannot turn someone's e-mail back on
    client.get(path_of(link_to(mail.outbox[0], "/follow/confirm/")))
    follower.refresh_from_db()
    assert follower.unsubscribed_at is None and follower.frequency == "instant"


@pytest.mark.parametrize("followed", [1, 6])
def test_a_digest_takes_the_same_queries_however_much_is_followed(followed, django_assert_num_queries):
    follower = Follower.objects.create(email="reader@example.org", frequency="instant")
    for _ in range(followed):
        framework, actor = make_framework(), make_actor()
        Follow.objects.create(follower=follower, framework=framework, confirmed_at=timezone.now())
        Follow.objects.create(follower=follower, actor=actor, confirmed_at=timezone.now())
        make_stance(actor=actor, framework=framework)
    Follow.objects.create(
        follower=follower, list_path="/frameworks/", list_query="kind=treaty", confirmed_at=timezone.now()
    )
    # The follower, stale claims, the follows, the changes; the claim (savepoint, digest, items); sent.
    with django_assert_num_queries(9):
        assert digests.send_digest(follower.pk) == followed


def test_beat_schedules_the_instant_and_the_daily_digests():
    from django.conf import settings

    from governance.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    runs = {entry["args"][0]: entry["task"] for entry in schedule.values() if "follow" in entry["task"]}
    assert runs == {
        "instant": "initiatives.follow.tasks.send_due_digests",
        "daily": "initiatives.follow.tasks.send_due_digests",
    }
    assert "initiatives.follow.tasks.send_due_digests" in app.tasks
    assert "initiatives.follow.tasks.send_digest" in app.tasks
