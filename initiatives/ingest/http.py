"""The project's one HTTP client for the outside world: feeds and article pages.

Every request has a clear User-Agent, a timeout per read and one deadline for the whole fetch
(INGEST_DEADLINE_SECONDS: connecting, redirects, headers and body); bodies are streamed and cut off
past INGEST_MAX_BYTES; redirects are followed by hand, each hop on its own connection check.

Server-side request forgery (a feed entry pointing at http://169.254.169.254/ or at the database):
every connection is opened by CheckedBackend, which resolves the host once, refuses it if any of
its addresses is not globally routable (addresses.py says which), and connects to the addresses it
checked. The name is never resolved a second time, so a DNS server that answers "public" to the
check and "127.0.0.1" to the connection (DNS rebinding) gets nowhere.

Errors are FetchError subclasses with messages written for a curator reading the admin.
NetworkError (and its subclasses) are the only ones worth retrying.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

from .addresses import refusal
from .encodings import web_encoding

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
        # An unknown or non-text charset (charset=base64) reads as UTF-8 rather than failing.
        return self.content.decode(web_encoding(self.charset) or "utf-8", errors="replace")


def _looks_like_html(content: bytes) -> bool:
    head = content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _allow_private() -> bool:
    return settings.INGEST_ALLOW_PRIVATE_NETWORKS


def _split_url(url: str) -> tuple[str, int]:
    """The host and port of an http(s) URL; BlockedAddress for any other scheme or a broken address."""
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
    return host, port


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to, in the resolver's order, each once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NetworkError(f"The host name {host!r} could not be resolved ({error}).") from error
    return list(dict.fromkeys(info[4][0].split("%", 1)[0] for info in infos))


def checked_addresses(host: str, port: int) -> list[str]:
    """Resolve the host once and check every address; refuse the host if any address is refused
    (a name that also points at a private address is not trusted with its public one)."""
    addresses = resolve(host, port)
    for address in addresses:
        reason = refusal(address, allow_private=_allow_private())
        if reason:
            raise BlockedAddress(f"Refused to fetch from {host}: it resolves to {address}, {reason}.")
    return addresses


def check_url(url: str) -> None:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a refused address.

    fetch() does not rely on this answer: it checks the addresses again when it connects, and
    connects to exactly the address it checked (see CheckedBackend).
    """
    checked_addresses(*_split_url(url))


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the fetch's deadline.

    httpx's timeouts apply to each read: a server sending a byte every few seconds, in the headers
    or the body, would otherwise hold a worker for as long as it liked.
    """

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self._stream = stream
        self._deadline = deadline

    def _time_left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error("The fetch's deadline has passed.")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        # server_hostname is the URL's host: SNI and the certificate's name check use it, not the address.
        tls = self._stream.start_tls(
            ssl_context, server_hostname, self._time_left(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class CheckedBackend(httpcore.NetworkBackend):
    """Opens the fetch's connections: resolves the host once, checks every address, and connects to
    those addresses (never to the name, which a rebinding DNS server could answer differently the
    second time). Host header, SNI and certificate checks still use the URL's host name."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self._tcp = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        error: Exception | None = None
        for address in checked_addresses(host, port):
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("The fetch's deadline has passed.")
            try:
                stream = self._tcp.connect_tcp(
                    address,
                    port,
                    timeout=left if timeout is None else min(timeout, left),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure  # the next address may answer
                continue
            return DeadlineStream(stream, self.deadline)
        raise error or httpcore.ConnectError(f"{host} has no address.")

    def connect_unix_socket(self, *args, **kwargs):
        raise BlockedAddress("Local sockets are never fetched.")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport (request and response handling, error mapping) over a connection pool
    that opens its connections through CheckedBackend."""

    def __init__(self, deadline: float):
        ssl_context = _ssl_context()
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx builds its pool without a way to pass a network backend: this one replaces it
        # (httpx is pinned in constraints.txt; tests/test_ingest_fetch_guard.py covers the pool).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=4, network_backend=CheckedBackend(deadline)
        )


def _ssl_context() -> ssl.SSLContext:
    bundle = settings.INGEST_CA_BUNDLE
    return ssl.create_default_context(cafile=bundle) if bundle else httpx.create_ssl_context()


def _media_type(header: str) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    # An RFC 2231 parameter (charset*=...) comes back as a tuple: no server means one here.
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


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
    # One deadline for the whole fetch (connecting, every redirect, headers and body): httpx's
    # timeouts are per read, so a server trickling a byte a second would otherwise hold a worker.
    limit = settings.INGEST_DEADLINE_SECONDS
    deadline = time.monotonic() + limit
    redirects: list[str] = []
    current = url
    transport = CheckedTransport(deadline)
    try:
        with httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers=headers,
            trust_env=False,  # no proxy from the environment: it would connect where we did not check
        ) as client:
            while True:
                _split_url(current)
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
        if time.monotonic() >= deadline:
            raise FetchTimeout(
                f"Fetching {current} took longer than the limit of {limit:g} seconds for the whole "
                "fetch (connecting, headers and body); it was stopped."
            ) from error
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
            raise FetchTimeout(
                f"{url} took longer than the limit of {settings.INGEST_DEADLINE_SECONDS:g} seconds "
                "for the whole fetch (connecting, headers and body); it was stopped."
            )
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
