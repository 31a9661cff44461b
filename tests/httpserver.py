"""A local web for the ingestion tests: a threaded http.server on 127.0.0.1 serving what a test adds.

Stands in for the outside internet (the machine has none): feeds, pages, redirects, slow answers,
huge bodies and non-HTML files, each added by the test that needs it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # send this many bytes in chunks instead of `body`, without Content-Length
    etag: str = ""  # answer 304 when If-None-Match matches


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients that hang up mid-answer (size caps, time-outs) are what the tests provoke.
        pass


class LocalWeb:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                web.requests.append((self.path, dict(self.headers)))
                # Query strings (tracking parameters the ingester strips) do not change the page.
                route = web.routes.get(self.path) or web.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", "", {"ETag": route.etag})
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.stream_bytes:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Connection", "close")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 65530 + b"</p>"
                    sent = 0
                    try:
                        while sent < route.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return
                self._send(route.status, route.body, route.content_type, headers)

            def _send(self, status, body, content_type, headers):
                try:
                    self.send_response(status)
                    if content_type:
                        self.send_header("Content-Type", content_type)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes = b"", **options) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, status=status, content_type="text/plain", headers={"Location": to})

    def hits(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p == path]


def news_page(title: str, *paragraphs: str, date: str = "2025-11-01") -> str:
    """A news article page as outlets serve it: navigation and footer around the story."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="{date}T09:00:00Z">
</head><body><nav><ul><li><a href="/world">World</a></li><li><a href="/china">China</a></li>
<li><a href="/europe">Europe</a></li></ul></nav>
<article><h1>{title}</h1><p class="byline">By a correspondent, {date}</p>{body}</article>
<footer><p>Copyright Example Wire. All rights reserved.</p></footer></body></html>"""


def rss(*items: tuple[str, str]) -> str:
    """An RSS 2.0 feed of (title, link) items."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link></item>" for t, link in items)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>{entries}</channel></rss>'
    )
