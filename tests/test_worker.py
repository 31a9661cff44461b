"""A real Celery worker against the real Redis and PostgreSQL: feed -> article -> suggestion -> approved stance.

Runs where CI runs it: with a PostgreSQL DATABASE_URL and a REDIS_URL (use a Redis db of your own).
The worker is a subprocess pointed at the test database; rows are committed (transactional_db) so
that it sees them. The flush after the test emits post_migrate, which gives the roles back.
"""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.urls import reverse

from initiatives import tasks
from initiatives.choices import FetchStatus, Position, StanceStatus
from initiatives.models import Article, Feed, Stance
from tests.httpserver import news_page, rss

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent
PAGE = news_page(
    "China proposes World AI Cooperation Organization",
    "China proposed the World AI Cooperation Organization on Saturday, saying the body would help "
    "developing countries share the benefits of artificial intelligence.",
    "Officials said talks with other governments would start next year, and that the headquarters "
    "could be in Shanghai.",
)


def skip_reason() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL): the worker is another process and cannot see an SQLite test database"
    if not settings.REDIS_URL:
        return "needs REDIS_URL: a real worker needs a real broker"
    return None


def test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@contextmanager
def celery_worker(tmp_path, name: str, **env):
    """A real Celery worker (solo pool) on the test database and REDIS_URL, with `env` added to its
    environment; its log in tmp_path/worker.log (process.log_path). Stopped warm on exit."""
    from governance.celery import app

    app.control.purge()  # nothing left over from an earlier run
    environment = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DB_CONN_MAX_AGE": "0",
        **env,
    }
    celery = Path(sys.executable).with_name("celery")
    command = [
        str(celery), "-A", "governance", "worker", "-P", "solo", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}-{os.getpid()}@%h",
    ]  # fmt: skip
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        process.log_path = log_path
        try:
            yield process
        finally:
            process.terminate()  # warm shutdown: the solo pool finishes its task and exits
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            app.control.purge()


@pytest.fixture
def worker(tmp_path, fresh_alias_index):
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with celery_worker(tmp_path, "ingest-test", INGEST_ALLOW_PRIVATE_NETWORKS="1") as process:
        yield process


def wait_for(check, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if process.poll() is not None:
            break
        time.sleep(0.5)
    output = Path(process.log_path).read_text()[-4000:]
    pytest.fail(f"The worker did not finish in {timeout}s (exit code {process.poll()}). Its log:\n{output}")


def test_a_real_worker_takes_a_feed_entry_to_a_suggestion_a_curator_approves(
    worker, web, governance_world, client
):
    page = web.add("/waico", PAGE)
    feed = Feed.objects.create(url=web.add("/rss", rss(("WAICO", page)), content_type="application/rss+xml"))

    tasks.poll_feed.delay(feed.pk)  # through Redis to the worker, which queues the fetch and the analysis

    stance = wait_for(
        lambda: Stance.objects.filter(status=StanceStatus.PENDING, actor=governance_world["CHN"]).first(),
        worker,
    )
    article = Article.objects.get()
    assert article.fetch_status == FetchStatus.ANALYSED
    assert (stance.framework, stance.position, stance.source) == (
        governance_world["waico"],
        Position.PROPOSES,
        article,
    )

    curator = User.objects.create_user("cora", is_staff=True)
    curator.groups.add(Group.objects.get(name="curator"))
    client.force_login(curator)
    response = client.post(
        reverse("admin:initiatives_suggestion_changelist"),
        {"action": "approve_selected", "_selected_action": [stance.pk]},
    )
    assert response.status_code == 302
    stance.refresh_from_db()
    assert stance.status == StanceStatus.PUBLISHED
    assert stance.reviewed_by == curator
    assert stance in Stance.objects.as_of()
