"""The project's one HTTP client for the outside world: feeds and article pages.

Every request has a timeout and a clear User-Agent; bodies are streamed and cut off past
INGEST_MAX_BYTES; redirects are followed by hand so that every hop's address is checked: private,
loopback, link-local, multicast and reserved addresses are refused (server-side request forgery:
a feed entry pointing at http://169.254.169.254/ or at the database must not be fetched).
INGEST_ALLOW_PRIVATE_NETWORKS lets private and loopback addresses through (tests, intranets);
link-local (cloud metadata), multicast, reserved and unspecified addresses are refused always.

Errors are FetchError subclasses with messages written for a curator reading the admin.
NetworkError (and its subclasses) are the only ones worth retrying.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

# What each kind of fetch accepts. Feeds are often served as text/xml, text/plain or even
# application/octet-stream by misconfigured servers; the feed parser has the last word on those.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "text/plain",
        "application/octet-stream",
    }
)
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """A fetch that failed for a reason a curator can read."""

    retryable = False


class NetworkError(FetchError):
    """The network failed (connection refused, reset, DNS); trying again later may work."""

    retryable = True


class FetchTimeout(NetworkError):
    """The server took too long."""


class ServerBusy(NetworkError):
    """429, 502, 503 or 504: the server is overloaded or restarting; worth another try later."""

    def __init__(self, message: str, status_code: int):
        super().__init__(message)
        self.status_code = status_code


class BlockedAddress(FetchError):
    """The address is on a private, loopback, link-local or otherwise non-public network."""


class TooManyRedirects(FetchError):
    pass


class TooLarge(FetchError):
    pass


class UnsupportedContentType(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, status_code: int):
        super().__init__(message)
        self.status_code = status_code


@dataclass
class FetchResult:
    url: str  # after redirects
    status_code: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES or (not self.content_type and _looks_like_html(self.content))

    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")


def _looks_like_html(content: bytes) -> bool:
    head = content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be fetched, or None if it may be."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return None if settings.INGEST_ALLOW_PRIVATE_NETWORKS else "a loopback address (this machine)"
    if address.is_private:
        return None if settings.INGEST_ALLOW_PRIVATE_NETWORKS else "a private network address"
    if address.is_reserved:
        return "a reserved address"
    return None


def check_url(url: str) -> None:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a refused address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddress(f"Only http and https addresses are fetched, not {url!r}.")
    host = parts.hostname
    if not host:
        raise BlockedAddress(f"The address {url!r} has no host name.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise BlockedAddress(f"The address {url!r} has an invalid port.") from error
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NetworkError(f"The host name {host!r} could not be resolved ({error}).") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        reason = _refusal(address)
        if reason:
            raise BlockedAddress(f"Refused to fetch {url}: {host} resolves to {address}, {reason}.")


def _media_type(header: str) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    return message.get_content_type().lower(), message.get_param("charset")


def fetch(
    url: str,
    *,
    accept: frozenset[str] = PAGE_TYPES,
    etag: str = "",
    last_modified: str = "",
) -> FetchResult:
    """GET a URL within the ingestion limits. 304 (with etag/last_modified given) returns no content."""
    timeout = settings.INGEST_TIMEOUT_SECONDS
    max_bytes = settings.INGEST_MAX_BYTES
    headers = {"User-Agent": settings.INGEST_USER_AGENT, "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # One deadline for the whole fetch: httpx's timeouts are per read, so a server trickling a byte
    # a second would otherwise hold a worker for as long as it likes.
    deadline = time.monotonic() + timeout * 2
    redirects: list[str] = []
    current = url
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, headers=headers) as client:
            while True:
                check_url(current)
                with client.stream("GET", current) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        if len(redirects) >= settings.INGEST_MAX_REDIRECTS:
                            raise TooManyRedirects(
                                f"More than {settings.INGEST_MAX_REDIRECTS} redirects, starting at {url}."
                            )
                        redirects.append(current)
                        current = urljoin(current, response.headers["location"])
                        continue
                    return _read(response, current, accept, max_bytes, deadline, redirects)
    except httpx.TimeoutException as error:
        raise FetchTimeout(f"The server at {current} did not answer within {timeout:g} seconds.") from error
    except httpx.TransportError as error:
        raise NetworkError(
            f"Could not reach {current}: {error.__class__.__name__} {error}".strip()
        ) from error
    except httpx.InvalidURL as error:
        raise BlockedAddress(f"Not a valid address: {current!r} ({error}).") from error


def _read(response, url, accept, max_bytes, deadline, redirects) -> FetchResult:
    etag = response.headers.get("etag", "")
    last_modified = response.headers.get("last-modified", "")
    if response.status_code == 304:
        return FetchResult(
            url=url, status_code=304, etag=etag, last_modified=last_modified, redirects=redirects
        )
    if response.status_code in RETRY_STATUSES:
        raise ServerBusy(
            f"The server answered {response.status_code} {response.reason_phrase} for {url}; it may be busy.",
            response.status_code,
        )
    if response.status_code >= 400:
        raise HTTPStatusError(
            f"The server answered {response.status_code} {response.reason_phrase} for {url}.",
            response.status_code,
        )
    if response.status_code != 200:
        raise HTTPStatusError(f"Unexpected answer {response.status_code} for {url}.", response.status_code)
    content_type, charset = _media_type(response.headers.get("content-type", ""))
    if content_type and content_type not in accept:
        raise UnsupportedContentType(
            f"{url} is {content_type}, not a web page or feed that can be read "
            f"(accepted: {', '.join(sorted(accept))})."
        )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url} is {int(declared):,} bytes, over the limit of {max_bytes:,} bytes.")
    chunks, size = [], 0
    for chunk in response.iter_bytes(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(
                f"{url} is larger than the limit of {max_bytes:,} bytes; the download was stopped."
            )
        if time.monotonic() > deadline:
            raise FetchTimeout(f"{url} took too long to download; the download was stopped.")
        chunks.append(chunk)
    return FetchResult(
        url=url,
        status_code=200,
        content=b"".join(chunks),
        content_type=content_type,
        charset=charset,
        etag=etag,
        last_modified=last_modified,
        redirects=redirects,
    )
