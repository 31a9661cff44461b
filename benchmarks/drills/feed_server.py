"""A growing RSS feed on 127.0.0.1 for the Redis drill: one more entry every INTERVAL seconds up to N.

    python benchmarks/drills/feed_server.py PORT_FILE N INTERVAL

Serves /feed.xml (the newest 20 entries, as real feeds do: an entry missed while the worker was
cut off from its broker is gone from the feed after 20 more) and /drill-feed/<i> article pages.
Writes the chosen port to PORT_FILE.
"""

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, N, INTERVAL = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
STARTED = time.monotonic()
WINDOW = 20


def available() -> int:
    return min(N, 1 + int((time.monotonic() - STARTED) / INTERVAL))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, body: str, content_type: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        host = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.startswith("/feed.xml"):
            count = available()
            items = "".join(
                f"<item><title>Drill entry {i}</title><link>{host}/drill-feed/{i}</link>"
                f"<guid>{host}/drill-feed/{i}</guid><pubDate>Mon, 01 Sep 2025 10:{i % 60:02d}:00 GMT</pubDate></item>"
                for i in range(max(0, count - WINDOW), count)
            )
            self._send(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Drill</title><link>{host}/</link>'
                f"<description>drill</description>{items}</channel></rss>",
                "application/rss+xml",
            )
        elif self.path.startswith("/drill-feed/"):
            i = self.path.rsplit("/", 1)[1]
            paragraph = (
                f"Entry {i} of the Redis drill. Delegates discussed artificial intelligence rules at length. "
                * 4
            )
            self._send(
                f"<html><head><title>Drill entry {i}</title></head><body><article><h1>Drill entry {i}</h1>"
                f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>",
                "text/html; charset=utf-8",
            )
        else:
            self.send_error(404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_port))
server.serve_forever()
