"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered from the apps.

Two queues, so that each kind of work scales with its own workers (docker-compose.yml runs one
worker service per queue): `fetch` for the network-bound tasks (polling feeds, fetching pages),
which mostly wait and so want many processes, and `analysis` for the CPU-bound reading of articles,
which wants about one process per core. A worker started without -Q consumes every queue, as
`make worker` and the tests' workers do.
"""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

FETCH_QUEUE = "fetch"
ANALYSIS_QUEUE = "analysis"
DEFAULT_QUEUE = "celery"  # anything not routed below

app = Celery("governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue(FETCH_QUEUE), Queue(ANALYSIS_QUEUE), Queue(DEFAULT_QUEUE))
app.conf.task_default_queue = DEFAULT_QUEUE
app.conf.task_routes = {
    "initiatives.tasks.poll_due_feeds": {"queue": FETCH_QUEUE},
    "initiatives.tasks.poll_feed": {"queue": FETCH_QUEUE},
    "initiatives.tasks.fetch_article": {"queue": FETCH_QUEUE},
    "initiatives.tasks.analyse_article": {"queue": ANALYSIS_QUEUE},
    # Short database work after a publish: never queued behind a long analysis.
    "initiatives.tasks.render_pages": {"queue": DEFAULT_QUEUE},
    # Digests: small database reads and one e-mail each.
    "initiatives.follow.tasks.send_due_digests": {"queue": DEFAULT_QUEUE},
    "initiatives.follow.tasks.send_digest": {"queue": DEFAULT_QUEUE},
}
app.autodiscover_tasks()
app.autodiscover_tasks(["initiatives.follow"])  # follow/tasks.py: a package inside the app
