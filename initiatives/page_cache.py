"""Whole pages for anonymous readers, and the pages rendered ahead when a curator publishes.

Analysts outnumber curators, and the data behind a page changes only when a curator publishes. So an
anonymous GET of a dashboard page is answered from the cache: the key is the page's full address,
the day (a page of today differs tomorrow) and the versions of what the page shows (caching.py: the
data as a whole and the page's subject, e.g. framework:waico, or the aggregates for the lists). A
publish bumps exactly the versions of what it changes (signals.py), so other pages stay cached.
Every cached page carries an ETag and Last-Modified: ConditionalGetMiddleware answers a reader who
has it with 304. A page is stored gzipped, compressed once when it is drawn; a reader whose browser
accepts gzip gets those bytes as they are, any other reader the page inflated. A framework page at
scale 1 is ~460 KB of HTML, about a tenth of that gzipped. These pages are the same for every anonymous reader and hold no secret, so
compressing them gives nothing away (BREACH needs a secret in a page that reflects the reader's input).
Signed-in users (curators) always get a fresh page, never stored.

The first reader after a publish does not pay for the render: the affected pages (its framework's,
its actor's and its blocs', its summit's, the home page and the lists) are rendered ahead by a task.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import http_date

from . import caching

logger = logging.getLogger(__name__)

PAGE_SECONDS = 24 * 60 * 60
# Pages that show what changes without a publish (articles as they arrive, the review queue's size).
NEWS_PAGES = {"home", "article-list", "article-detail"}
LISTS = {"home", "framework-list", "actor-list", "summit-list", "article-list", "compare", "changes"}
# The request header a render-ahead sends: it renders the page even if a copy is stored. Its value is
# a secret derived from SECRET_KEY, so that no reader can make every request skip the cache.
RENDER_HEADER = "HTTP_X_TRACKER_RENDER_AHEAD"
# Below this size gzip saves less than its own header costs.
GZIP_MIN_BYTES = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def render_token() -> str:
    return salted_hmac("initiatives.page_cache.render-ahead", "render").hexdigest()


def _rendering_ahead(request) -> bool:
    return constant_time_compare(request.META.get(RENDER_HEADER, ""), render_token())


def page_subjects(path: str) -> list[str] | None:
    """What the page at `path` shows, as caching namespaces; None for a page that is not cached."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "initiatives" and match.url_name not in (
        "feed-changes",
        "feed-framework",
        "feed-actor",
    ):
        return None
    name, kwargs = match.url_name, match.kwargs
    if name in LISTS or name == "feed-changes":
        return [caching.AGGREGATES]
    if name in ("framework-detail", "feed-framework"):
        return [caching.subject("framework", kwargs["slug"])]
    if name in ("actor-detail", "feed-actor"):
        # An actor's page names the actors it agrees with most, read from every position.
        return [caching.subject("actor", kwargs["code"].upper()), caching.AGGREGATES]
    if name == "summit-detail":
        return [caching.subject("summit", kwargs["slug"])]
    if name == "article-detail":
        return [caching.subject("article", kwargs["pk"])]
    return None  # chart JSON caches itself


def _key(request, subjects) -> str | None:
    address = request.get_full_path()
    return caching.key_for(
        "page", request.method == "HEAD", address, timezone.localdate().isoformat(), subjects=subjects
    )


class PageCacheMiddleware:
    """Place after AuthenticationMiddleware (it reads request.user) and under ConditionalGetMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        subjects = self._subjects(request)
        if subjects is None:
            return self._fresh(request)
        key = _key(request, subjects)
        if key is None:  # the cache is away: pages are drawn afresh
            return self._fresh(request)
        name = resolve(request.path_info).url_name
        if not _rendering_ahead(request):
            try:
                stored = cache.get(key)
            except Exception:
                stored = None
            if stored is not None:
                return _response(stored, "hit", request)
        response = self.get_response(request)
        if _storable(response):
            # Kept gzipped only (a reader without gzip gets it inflated): a tenth of the bytes to
            # fetch from the cache and unpickle on every request.
            compressed = len(response.content) >= GZIP_MIN_BYTES
            stored = {
                "content": None if compressed else response.content,
                "gzip": gzip.compress(response.content, 6, mtime=0) if compressed else None,
                "status": response.status_code,
                "headers": {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")},
                "etag": f'"{hashlib.sha1(response.content).hexdigest()[:20]}"',
                "last_modified": http_date(),
            }
            try:
                cache.set(key, stored, caching.NEWS_SECONDS if name in NEWS_PAGES else PAGE_SECONDS)
            except Exception:
                logger.warning("Page not stored (cache unreachable)", exc_info=True)
            return _response(stored, "miss", request)
        return response

    def _subjects(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return page_subjects(request.path_info)

    def _fresh(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.method in ("GET", "HEAD"):
            # A curator's view is never kept by a browser or a shared cache.
            response.setdefault("Cache-Control", "private, no-cache")
        return response


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").split(";")[0]
        in ("text/html", "application/atom+xml", "application/json")
    )


def _accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _response(stored: dict, state: str, request) -> HttpResponse:
    compressed = stored.get("gzip") if _accepts_gzip(request) else None
    if compressed:
        body = compressed
    else:
        body = stored["content"] if stored.get("content") is not None else gzip.decompress(stored["gzip"])
    response = HttpResponse(body, status=stored["status"])
    for name, value in stored["headers"].items():
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(compressed))
        # Another representation of the page, so another validator (as Apache's mod_deflate does).
        response["ETag"] = stored["etag"][:-1] + '-gzip"'
    else:
        response["ETag"] = stored["etag"]
    response["Last-Modified"] = stored["last_modified"]
    # Readers' browsers may keep the page, asking each time whether it changed (a 304 is cheap).
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Vary"] = "Cookie, Accept-Encoding"
    response["X-Page-Cache"] = state
    return response


# --- Rendering ahead --------------------------------------------------------------------------------


def pages_for(namespaces) -> list[str]:
    """The addresses to render ahead after a change to these namespaces."""
    paths = []
    for namespace in namespaces:
        kind, _, key = namespace.partition(":")
        if namespace == caching.AGGREGATES:
            paths += ["/", "/frameworks/", "/actors/", "/summits/"]
        elif kind == "framework":
            paths.append(f"/frameworks/{key}/")
        elif kind == "actor":
            paths.append(f"/actors/{key}/")
        elif kind == "summit":
            paths.append(f"/summits/{key}/")
    return list(dict.fromkeys(paths))


def render(paths: list[str]) -> dict[str, int]:
    """Render each page as an anonymous reader gets it, storing it in the page cache."""
    from django.conf import settings  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415 - the full middleware stack, in process

    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    client = Client(
        raise_request_exception=False,
        HTTP_HOST=hosts[0] if hosts else "localhost",
        **{RENDER_HEADER: render_token()},
    )
    return {path: client.get(path, secure=not settings.DEBUG).status_code for path in paths}
