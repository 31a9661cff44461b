"""The alias index's version, shared by every process through Django's cache (Redis in production).

Web, worker and management commands each keep their own AliasIndex in memory. Any save or delete of
an Alias, Actor, Framework or Summit bumps the version stored in the cache (signals connected from
InitiativesConfig.ready() by importing this module); each process compares the version of its index
with the shared one on every AliasIndex.from_database() call and rebuilds on its next use after a
change. Bulk writes (bulk_create, QuerySet.update) send no signals: whoever makes them calls
bump_index_version() (reanalyze rebuilds its own index regardless).
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "analysis:alias-index-version"


def index_version():
    """The shared version, or None when the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # A fresh cache (or an evicted key) must not match an index built before: start from the clock.
            cache.add(VERSION_KEY, time.time_ns(), None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # the cache being away must not stop the analysis
        logger.warning("Alias index version unavailable (cache unreachable)", exc_info=True)
        return None


def bump_index_version(**kwargs) -> None:
    """Tell every process that its alias index is stale. Signal receiver; also callable directly."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:
        logger.warning("Alias index version not bumped (cache unreachable)", exc_info=True)


def bump_on_change(**kwargs) -> None:
    """Signal receiver. Bumped now and again once the writer's transaction commits: a process that
    read the new version before the commit built its index from the old aliases, and the second
    bump tells it to build again."""
    bump_index_version()
    transaction.on_commit(bump_index_version)


def _connect() -> None:
    from ..models import Actor, Alias, Framework, Summit

    for model in (Alias, Actor, Framework, Summit):
        post_save.connect(bump_on_change, sender=model, dispatch_uid=f"alias-index-save-{model.__name__}")
        post_delete.connect(bump_on_change, sender=model, dispatch_uid=f"alias-index-delete-{model.__name__}")


_connect()
