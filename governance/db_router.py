"""Reads that scale out: the public pages read from PostgreSQL streaming replicas.

Analysts far outnumber curators, and what they read changes only when a curator publishes. With
DATABASE_REPLICA_URLS set (see settings), ReplicaReadsMiddleware marks a request as one whose reads
may go to a replica, and ReplicaRouter sends them there. Everything else reads from the primary:

- every write, always (a replica is read-only);
- signed-in users (curators see their own edits at once, never a replica's slightly older copy);
- the admin, and any method but GET, HEAD and OPTIONS;
- code outside a request: management commands, Celery tasks, the shell;
- for REPLICA_LAG_SECONDS after any write to the tracker's records: a page rendered then from a
  replica that has not replayed the write yet would be cached under the new data version with the
  old rows (initiatives.charts keys its cache on that version), so those few seconds read the primary.

The request's choice lives in a context variable, so each thread (gunicorn, runserver) and each
task (ASGI) keeps its own.
"""

from __future__ import annotations

import contextvars
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_replica_reads = contextvars.ContextVar("replica_reads", default=False)

RECENT_WRITE_KEY = "replicas:recent-write"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_ONLY_PATHS = ("/admin/",)
# Only these apps' records appear on public pages; sessions and the like must not hold reads on the primary.
PUBLIC_APPS = {"initiatives"}


def replicas() -> list[str]:
    return list(getattr(settings, "REPLICA_DATABASES", []))


class ReplicaRouter:
    """Reads to a replica when the current request allows it; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if _replica_reads.get() and (aliases := replicas()):
            return random.choice(aliases)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas follow the primary's schema by streaming it


def may_read_from_a_replica(request) -> bool:
    """An anonymous reader's safe request outside the admin, with no recent write still replaying."""
    if request.method not in SAFE_METHODS or request.path.startswith(PRIMARY_ONLY_PATHS):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not cache.get(RECENT_WRITE_KEY)


class ReplicaReadsMiddleware:
    """Decides, per request, whether its reads may use a replica. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas():
            return self.get_response(request)
        token = _replica_reads.set(may_read_from_a_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)


def note_recent_write(sender, **kwargs) -> None:
    """Signal receiver: public reads stay on the primary until the replicas have replayed this write."""
    if not replicas() or sender._meta.app_label not in PUBLIC_APPS:
        return

    def mark():
        cache.set(RECENT_WRITE_KEY, time.time(), settings.REPLICA_LAG_SECONDS)

    mark()
    transaction.on_commit(mark)  # the lag counts from the commit, which is when replicas can see it


post_save.connect(note_recent_write, dispatch_uid="replicas-note-recent-write-save")
post_delete.connect(note_recent_write, dispatch_uid="replicas-note-recent-write-delete")
