"""A real Celery worker sends the digest: follow -> a curator publishes -> beat's task -> one e-mail.

Runs where CI runs it: with a PostgreSQL DATABASE_URL and a REDIS_URL (a Redis db of your own).
The worker is a subprocess pointed at the test database; it writes its mail with Django's file
backend into a temporary folder, which the test reads.
"""

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from initiatives.choices import FrameworkKind, Position, StanceOrigin, StanceStatus
from initiatives.follow import tasks
from initiatives.follow.models import DigestItem, Follower
from tests.factories import make_actor, make_framework, make_stance
from tests.test_worker import celery_worker, skip_reason, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_worker(tmp_path):
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    outbox = tmp_path / "mail"
    outbox.mkdir()
    mail = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "SITE_URL": "http://tracker.example",
    }
    with celery_worker(tmp_path, "follow-test", **mail) as process:
        process.outbox = outbox
        yield process


def sent_mail(outbox: Path):
    """The messages the worker's file backend wrote (one file per connection, messages split by a rule)."""
    messages = []
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk, policy=policy.default))
    return messages


def test_a_real_worker_mails_the_published_position_once_and_its_unsubscribe_link_works(mail_worker):
    cache.clear()
    france = make_actor(code="FRA", name="France")
    cets = make_framework(slug="cets-225", name="Framework Convention on AI", kind=FrameworkKind.TREATY)
    reader = Client()
    reader.force_login(User.objects.create_user("ana", email="ana@example.org"))
    assert reader.post("/follow/?framework=cets-225", {"frequency": "instant"}).status_code == 302
    follower = Follower.objects.get()

    pending = make_stance(
        actor=france,
        framework=cets,
        position=Position.SIGNS,
        status=StanceStatus.PENDING,
        origin=StanceOrigin.INGESTED,
    )
    curator = User.objects.create_user("cora", is_staff=True)
    curator.groups.add(Group.objects.get(name="curator"))
    desk = Client()
    desk.force_login(curator)
    response = desk.post(
        reverse("admin:initiatives_suggestion_changelist"),
        {"action": "approve_selected", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302

    # What beat runs: through Redis to the worker, which queues one send per follower.
    assert tasks.send_due_digests.delay("instant").get(timeout=60) == 1
    messages = wait_for(lambda: sent_mail(mail_worker.outbox), mail_worker)
    wait_for(
        lambda: DigestItem.objects.filter(stance=pending, digest__sent_at__isnull=False).exists(), mail_worker
    )
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "ana@example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "France signs Framework Convention on AI" in text
    unsubscribe = "".join(str(message["List-Unsubscribe"]).split()).strip("<>")  # unfolded
    assert unsubscribe.startswith("http://tracker.example/follow/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Sent once: the same task again, through the worker, finds nothing new.
    assert tasks.send_digest.delay(follower.pk).get(timeout=60) == 0
    assert len(sent_mail(mail_worker.outbox)) == 1

    path = re.sub(r"^https?://[^/]+", "", unsubscribe)
    assert Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None
    assert tasks.send_due_digests.delay("instant").get(timeout=60) == 0
