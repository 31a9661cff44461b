"""The fetcher connects to exactly the address it checked, keeps TLS name checks, and keeps one deadline.

The outside internet is stood in for (this machine has none): a resolver (socket.getaddrinfo) answers
the test's host names, and a connection to the one public address used here is carried to a local
server playing that public site. Any other public address fails at once, without sending anything.
Every real connection is to a server on 127.0.0.1.
"""

import errno
import socket
import ssl
import threading
import time

import pytest
import trustme
from django.test import override_settings

from initiatives.ingest import http
from tests.httpserver import LocalWeb

PUBLIC = "93.184.216.34"  # a globally routable address; never really connected to here
PAGE = "<html><head><title>Secret</title></head><body><p>internal only</p></body></html>"


class StandInInternet:
    """Resolves the names a test gives it; records every connection; refuses any that would leave the machine."""

    def __init__(self, monkeypatch):
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        self.connections: list[str] = []
        self.public_site = None  # the LocalWeb that plays the site at PUBLIC
        real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

        def getaddrinfo(host, port, *args, **kwargs):
            if isinstance(host, bytes):
                host = host.decode()
            if host not in self.answers:
                return real_getaddrinfo(host, port, *args, **kwargs)
            self.lookups.append(host)
            queue = self.answers[host]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, int(port or 0)),
                )
                for a in addresses
            ]

        def create_connection(address, *args, **kwargs):
            # Never a real connection to anything but loopback: a name is resolved by the stand-in
            # resolver above, PUBLIC is carried to the local site playing it, the rest is unreachable.
            host, port = address[0], address[1]
            candidates = [info[4][0] for info in getaddrinfo(host, port)] if host in self.answers else [host]
            for candidate in candidates:
                self.connections.append(candidate)
                if candidate == PUBLIC and self.public_site:
                    return real_connect(
                        ("127.0.0.1", self.public_site.server.server_address[1]), *args, **kwargs
                    )
                if candidate in ("127.0.0.1", "::1"):
                    return real_connect((candidate, port), *args, **kwargs)
            raise OSError(errno.ENETUNREACH, "Network is unreachable (stand-in for the outside internet)")

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)

    def answer(self, host: str, *answers: list[str]):
        """Each lookup of `host` gets the next answer; the last one is repeated."""
        self.answers[host] = list(answers)


@pytest.fixture
def internet(monkeypatch):
    return StandInInternet(monkeypatch)


@pytest.fixture
def public_site(internet):
    """A local server playing the public site at PUBLIC."""
    site = LocalWeb().start()
    internet.public_site = site
    yield site
    site.stop()


@override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=False)
def test_a_rebinding_resolver_cannot_make_the_fetcher_reach_loopback(web, internet, public_site):
    web.add("/secret", PAGE)  # an internal service on loopback
    public_site.add("/secret", "<html><body><p>the public site</p></body></html>")
    port = web.server.server_address[1]
    # Public for the check, loopback for the connection: what a DNS rebinding server answers.
    internet.answer("rebind.test", [PUBLIC], ["127.0.0.1"])
    result = http.fetch(f"http://rebind.test:{port}/secret")
    assert b"the public site" in result.content
    assert not web.hits("/secret"), "the fetcher reached the loopback server"
    assert internet.lookups == ["rebind.test"], "the name is resolved once"
    assert internet.connections == [PUBLIC], "the connection goes to the address that was checked"
    assert public_site.hits("/secret")[0]["Host"] == f"rebind.test:{port}"


@override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=False)
def test_a_name_with_any_internal_address_is_refused_before_connecting(web, internet):
    port = web.server.server_address[1]
    internet.answer("mixed.test", [PUBLIC, "127.0.0.1"])
    with pytest.raises(http.BlockedAddress, match="127.0.0.1, a loopback address"):
        http.fetch(f"http://mixed.test:{port}/secret")
    assert internet.connections == []


@override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=False)
def test_each_redirect_hop_is_checked_on_its_own_connection(web, internet, public_site):
    port = web.server.server_address[1]
    web.add("/secret", PAGE)
    internet.answer("news.test", [PUBLIC])
    internet.answer("internal.test", ["127.0.0.1"])
    public_site.redirect("/story", f"http://internal.test:{port}/secret")
    public_site.redirect("/metadata", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(http.BlockedAddress, match="internal.test: it resolves to 127.0.0.1, a loopback"):
        http.fetch("http://news.test/story")
    with pytest.raises(http.BlockedAddress, match="cloud metadata service"):
        http.fetch("http://news.test/metadata")
    assert public_site.hits("/story") and public_site.hits("/metadata")
    assert not web.hits("/secret")
    assert set(internet.connections) == {PUBLIC}


@pytest.mark.parametrize(
    "address", ["100.100.100.200", "192.0.0.192", "2002:a9fe:a9fe::1", "169.254.169.254"]
)
def test_a_metadata_address_is_never_connected_to_even_with_private_networks_allowed(internet, address):
    internet.answer("metadata.test", [address])
    with pytest.raises(http.BlockedAddress, match="metadata"):
        http.fetch("http://metadata.test/latest/meta-data/")
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(http.BlockedAddress, match="metadata"):
        http.fetch(f"http://{literal}/latest/meta-data/")
    assert internet.connections == []


# --- TLS: the name is checked against the certificate although the connection goes to an address ---


@pytest.fixture
def tls_web(web, tmp_path, settings):
    """The local web over TLS with a certificate for news.test from a test authority the fetcher trusts."""
    authority = trustme.CA()
    certificate = authority.issue_cert("news.test")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    web.server_names = []
    context.sni_callback = lambda sock, name, ctx: web.server_names.append(name)
    web.server.socket = context.wrap_socket(web.server.socket, server_side=True)
    bundle = tmp_path / "authority.pem"
    authority.cert_pem.write_to_path(str(bundle))
    settings.INGEST_CA_BUNDLE = str(bundle)
    return web


def test_tls_checks_the_certificate_against_the_host_name_and_sends_it_as_sni_and_host(tls_web, internet):
    port = tls_web.server.server_address[1]
    tls_web.add("/story", PAGE)
    internet.answer("news.test", ["127.0.0.1"])
    result = http.fetch(f"https://news.test:{port}/story")
    assert b"internal only" in result.content
    assert internet.connections == ["127.0.0.1"]
    assert tls_web.server_names == ["news.test"]
    assert tls_web.hits("/story")[0]["Host"] == f"news.test:{port}"


def test_tls_refuses_a_certificate_for_another_name(tls_web, internet):
    port = tls_web.server.server_address[1]
    tls_web.add("/story", PAGE)
    internet.answer("other.test", ["127.0.0.1"])
    with pytest.raises(http.NetworkError, match="certificate|CERTIFICATE"):
        http.fetch(f"https://other.test:{port}/story")
    assert not tls_web.hits("/story")


# --- One deadline for connecting, headers and body ---------------------------------------------


class TricklingServer:
    """A raw HTTP server on 127.0.0.1 that sends its answer a few bytes at a time, for at most `lasts` s."""

    def __init__(self, *, slow_headers: bool, bytes_per_second: int = 10, lasts: float = 20.0):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.slow_headers, self.rate, self.lasts = slow_headers, bytes_per_second, lasts
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.listener.settimeout(self.lasts)
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n"
            if self.slow_headers:
                trickle, head = headers + b"X-Padding: " + b"a" * 100000, b""
            else:
                trickle, head = b"<p>" + b"x" * 100000, headers + b"\r\n"
            ends = time.monotonic() + self.lasts
            try:
                connection.sendall(head)
                for start in range(0, len(trickle), self.rate):
                    if time.monotonic() > ends:
                        break
                    connection.sendall(trickle[start : start + self.rate])
                    time.sleep(1)
            except OSError:
                pass  # the fetcher hung up: what the test wants

    def close(self):
        self.listener.close()
        self.thread.join(timeout=25)


@pytest.mark.parametrize("slow_headers", [False, True], ids=["slow body", "slow headers"])
@override_settings(INGEST_TIMEOUT_SECONDS=2, INGEST_DEADLINE_SECONDS=2.5)
def test_one_deadline_covers_connecting_headers_and_body(slow_headers):
    server = TricklingServer(slow_headers=slow_headers)
    try:
        started = time.monotonic()
        with pytest.raises(http.FetchTimeout, match="limit of 2.5 seconds for the whole fetch"):
            http.fetch(f"http://127.0.0.1:{server.port}/")
        # Each read gets bytes well within its own 2 s timeout: only the deadline can stop it.
        assert time.monotonic() - started < 10
    finally:
        server.close()
