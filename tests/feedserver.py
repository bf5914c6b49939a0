"""A real HTTP server on 127.0.0.1 for the engine's tests: fixture feeds, faults on demand.

Each route is a `Route`: a status, headers and body, or a callable that sees the
request headers. Requests are recorded so tests can check what the poller sent.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    respond: Callable[[Mapping[str, str]], Route] | None = None
    """When set, called with the request headers to build the answer."""
    raw: Callable[[BaseHTTPRequestHandler], None] | None = None
    """When set, writes the whole answer itself (slow drips, endless bodies)."""


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {k: v for k, v in self.headers.items()}
                server.requests.append(Request(self.path, headers))
                route = server.routes.get(self.path, Route(404, b"not found"))
                if route.respond is not None:
                    route = route.respond(headers)
                if route.raw is not None:
                    # The client hangs up mid-answer, as it should on a bad one.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route.raw(self)
                    return
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    summary: str = ""
    link: str | None = None
    published: datetime | None = None


def rss(*items: Item, title: str = "Test wire") -> bytes:
    """An RSS 2.0 document with these items, properly escaped."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://wire.test/</link><description>t</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.summary:
            parts.append(f"<description>{escape(item.summary)}</description>")
        if item.published:
            parts.append(f"<pubDate>{format_datetime(item.published)}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()
