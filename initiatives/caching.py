"""One versioned cache for everything derived from the data: charts, page fragments, whole pages and
the alias index.

Each kind of derived value lives under a *namespace* with a version number stored in the cache
itself (Redis in production, so every process agrees). A save that changes what a namespace shows
bumps its version (the table in signals.py); entries are keyed on the version, so the next reader
computes afresh while old entries simply expire. Keys also carry CODE_VERSION, a hash of the app's
modules and templates, so a release never serves values drawn by older code.

When the cache cannot be reached, everything here behaves the same way: the value is computed
afresh and not stored, the version reads as None, bumps are skipped, and one warning is logged per
minute. Pages stay up; they are only slower.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

logger = logging.getLogger(__name__)

# Everything the public pages show. Bumped by edits of reference data (actors, frameworks, summits,
# memberships, publishers: their names and links appear everywhere) and by bulk loads.
DATA = "data"
# Figures drawn from every position (the home page, the lists, the matrix, alignment, closest peers):
# bumped by any published stance.
AGGREGATES = "aggregates"
# What the analysis knows: aliases and the names of actors, frameworks and summits.
ALIAS_INDEX = "alias-index"

# Entries live this long even if no bump fires (bulk updates send no signals).
DEFAULT_SECONDS = 60 * 60
# What changes with every analysed article (news volume, "in the news"), which bumps no version.
NEWS_SECONDS = 5 * 60

_WARN_EVERY_SECONDS = 60
_last_warning = 0.0


def _code_version() -> str:
    """A new release may draw charts or pages differently: entries from older code or templates must
    not be served after a deploy. The app's modules and the templates make the version."""
    digest = hashlib.sha1()
    folders = [Path(__file__).parent, *map(Path, settings.TEMPLATES[0]["DIRS"])]
    for folder in folders:
        paths = (p for p in folder.rglob("*") if p.suffix in (".py", ".html") and "migrations" not in p.parts)
        for path in sorted(paths):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


CODE_VERSION = _code_version()


def _cache_down(action: str) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("Cache unreachable (%s): computing without it", action, exc_info=True)


def _version_key(namespace: str) -> str:
    return f"version:{namespace}"


def current_version(namespace: str = DATA) -> int | None:
    """The namespace's version, or None when the cache cannot be reached."""
    key = _version_key(namespace)
    try:
        version = cache.get(key)
        if version is None:
            # A fresh cache (or an evicted key) must not reuse an old version's entries: start from the clock.
            cache.add(key, time.time_ns(), None)
            version = cache.get(key)
        return version
    except Exception:
        _cache_down(f"reading the {namespace} version")
        return None


def bump(namespace: str = DATA) -> None:
    """Retire every entry of the namespace."""
    key = _version_key(namespace)
    try:
        cache.incr(key)
    except ValueError:  # no version yet
        try:
            cache.set(key, time.time_ns(), None)
        except Exception:
            _cache_down(f"bumping the {namespace} version")
    except Exception:
        _cache_down(f"bumping the {namespace} version")


def bump_now_and_on_commit(*namespaces: str) -> None:
    """Bump now and again once the writer's transaction commits: a reader that saw the new version
    before the commit cached the old rows under it, and the second bump retires that entry."""
    namespaces = namespaces or (DATA,)
    for namespace in namespaces:
        bump(namespace)
    transaction.on_commit(lambda: [bump(namespace) for namespace in namespaces])


def subject(kind: str, key) -> str:
    """The namespace of one record's own pages: framework:waico, actor:CHN, summit:apec-aelm-2025."""
    return f"{kind}:{key}"


def versions(namespaces) -> list | None:
    """The versions of several namespaces in one round trip, or None when the cache is away."""
    keys = [_version_key(namespace) for namespace in namespaces]
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        for key in missing:
            cache.add(key, time.time_ns(), None)
        if missing:
            found.update(cache.get_many(missing))
        return [found[key] for key in keys]
    except Exception:
        _cache_down("reading versions")
        return None


def version(namespace: str = DATA) -> str:
    """What a page fragment or a whole page is keyed on: the code and the namespace's version."""
    return f"{CODE_VERSION}:{current_version(namespace)}"


def key_for(name: str, *parts, namespace: str = DATA, subjects=()) -> str | None:
    """The cache key of one value, or None when the cache is away (nothing is read or stored).

    A value that shows only some records (one framework's page) names them as `subjects`: it is kept
    until the data as a whole or one of them changes, and outlives changes to other records.
    """
    current = versions([namespace, *subjects]) if subjects else [current_version(namespace)]
    if current is None or None in current:
        return None
    digest = hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:16]
    return f"{namespace}:{CODE_VERSION}:{'.'.join(map(str, current))}:{name}:{digest}"


def cached(
    name: str, *parts, build: Callable, seconds: int = DEFAULT_SECONDS, namespace: str = DATA, subjects=()
):
    """build()'s value, computed once per version of the namespace (and subjects) and `parts`."""
    key = key_for(name, *parts, namespace=namespace, subjects=subjects)
    if key is None:
        return build()
    try:
        value = cache.get(key)
    except Exception:
        _cache_down(f"reading {name}")
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, seconds)
        except Exception:
            _cache_down(f"storing {name}")
    return value


def cached_json(
    name: str, *parts, build: Callable, seconds: int = DEFAULT_SECONDS, namespace: str = DATA, subjects=()
) -> bytes:
    """build()'s value as the JSON bytes an endpoint sends, cached as bytes: a warm request reads one
    string and sends it, with no unpickling of nested lists and no encoding (JsonResponse's encoder)."""
    return cached(
        f"{name}.json",
        *parts,
        build=lambda: json.dumps(build(), cls=DjangoJSONEncoder).encode(),
        seconds=seconds,
        namespace=namespace,
        subjects=subjects,
    )
