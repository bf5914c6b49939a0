"""One loopback feed server and one feed writer: what the demo, the tests and the benchmarks serve.

`LoopbackServer` is a real HTTP/1.1 server on a loopback address (a free port) in a daemon
thread. It answers each request with whatever its `answer` callable returns: a `Response`,
or a `Writer` that writes the whole answer itself (a slow drip, a body cut short) for the
tests that need a misbehaving publisher. It never writes to stderr: the demo shares the
terminal with the dashboard.

`rss` and `atom` write a feed document from `Item`s, escaped by ElementTree, so titles may
hold & < > and quotes. `etag_of` and `not_modified` are the polite publisher's half of a
conditional GET, so the engine runs against loopback exactly the code path it runs
against real feeds.

Nothing here imports the engine: the demo is built on it (`feeds.demo.feed` writes its
feeds, `feeds.demo.server` serves them), `tests/` and `bench/` import it from the
installed package.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = [
    "RSS_TYPE",
    "Answer",
    "Item",
    "LoopbackServer",
    "Request",
    "Response",
    "Writer",
    "atom",
    "etag_of",
    "not_modified",
    "rss",
]

RSS_TYPE = "application/rss+xml; charset=utf-8"
_NO_BODY = frozenset({204, 304})
"""Statuses whose answer never has a body, so no Content-Length either."""


# --- requests and answers ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the server read it."""

    method: str
    """ "GET" or "HEAD"."""
    path: str
    """As sent, query string included."""
    headers: Mapping[str, str]
    """Header names as the client spelled them."""


@dataclass(frozen=True, slots=True)
class Response:
    """What the server answers to one request; Content-Length is added for you."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


Writer = Callable[[BaseHTTPRequestHandler], None]
"""An answer that writes itself, status line included, on the request's handler; the
connection is closed after it, and a client hanging up on it is not an error."""

Answer = Callable[[Request], Response | Writer]


# --- the server -------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    answer: Answer
    software: str
    always: Mapping[str, str]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer is normal; the dashboard owns stderr."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle keep-alive connection may hold a thread
    server: _HTTPServer

    def version_string(self) -> str:
        return self.server.software

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines on stderr would scribble over the dashboard."""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        request = Request(self.command, self.path, dict(self.headers.items()))
        answer = self.server.answer(request)
        if not isinstance(answer, Response):
            self.close_connection = True
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                answer(self)
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.status not in _NO_BODY:
            self.send_header("Content-Length", str(len(answer.body)))
        for name, value in self.server.always.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and answer.status not in _NO_BODY:
            self.wfile.write(answer.body)


class LoopbackServer:
    """Serves `answer` on `host` (a free port) from a daemon thread, until `stop()`.

    `name` is the Server header and names the thread; `headers` go on every answer that
    is not a `Writer`, after the answer's own.
    """

    def __init__(
        self,
        answer: Answer,
        *,
        host: str = "127.0.0.1",
        name: str = "frontwatch-wire",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.answer = answer
        self.host = host
        self.name = name
        self.headers = dict(headers or {})
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind a free port and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError(f"{self.name} already started")
        httpd = _HTTPServer((self.host, 0), _Handler)
        httpd.answer = self.answer
        httpd.software = self.name
        httpd.always = self.headers
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # seconds: how fast stop() is noticed
            name=f"{self.name}-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port. Safe to call twice."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError(f"{self.name} not started")
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        """http://HOST:PORT (server must be started)."""
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """The address of `path` ("/feed.xml") on this server (server must be started)."""
        return self.base + path


# --- conditional requests ---------------------------------------------------------------


def etag_of(body: bytes) -> str:
    """A strong validator for these exact bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored."""
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


def not_modified(
    headers: Mapping[str, str], etag: str, last_modified: datetime | None = None
) -> bool:
    """True when a conditional GET with these request `headers` (lower-case names) should get
    304: If-None-Match matches `etag`, or, without If-None-Match, If-Modified-Since is not
    before `last_modified` (RFC 9110 13.2.2)."""
    inm = headers.get("if-none-match")
    if inm is not None:
        return _etag_matches(inm, etag)
    ims = headers.get("if-modified-since")
    return ims is not None and last_modified is not None and _not_modified_since(ims, last_modified)


# --- the feed writer --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One story as a feed carries it."""

    guid: str
    title: str
    summary: str = ""
    """Plain text or escaped HTML; left out of the item when empty."""
    link: str | None = None
    published: datetime | None = None
    """UTC (a naive time is taken as UTC); left out when None."""


def _utc(when: datetime) -> datetime:
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)


def _http_date(when: datetime) -> str:
    return format_datetime(_utc(when), usegmt=True)


def _xml(root: ET.Element) -> bytes:
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def rss(
    *items: Item,
    title: str = "Loopback wire",
    link: str = "http://wire.test/",
    description: str = "Stories served on the loopback",
    language: str | None = None,
    built: datetime | None = None,
) -> bytes:
    """An RSS 2.0 document with these items, in this order."""
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = link
    ET.SubElement(channel, "description").text = description
    if language is not None:
        ET.SubElement(channel, "language").text = language
    if built is not None:
        ET.SubElement(channel, "lastBuildDate").text = _http_date(built)
    for item in items:
        element = ET.SubElement(channel, "item")
        ET.SubElement(element, "title").text = item.title
        if item.link is not None:
            ET.SubElement(element, "link").text = item.link
        ET.SubElement(element, "guid", isPermaLink="false").text = item.guid
        if item.summary:
            ET.SubElement(element, "description").text = item.summary
        if item.published is not None:
            ET.SubElement(element, "pubDate").text = _http_date(item.published)
    return _xml(root)


def atom(
    *items: Item,
    title: str = "Loopback wire",
    link: str = "http://wire.test/",
) -> bytes:
    """An Atom 1.0 document with these items, in this order (RFC 4287).

    An entry's `updated` is its published time; the feed's is the newest of them.
    """
    dates = [_utc(i.published) for i in items if i.published is not None]
    root = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "link", href=link)
    ET.SubElement(root, "id").text = link
    newest = max(dates, default=datetime(1970, 1, 1, tzinfo=UTC))
    ET.SubElement(root, "updated").text = newest.isoformat()
    for item in items:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = item.guid
        ET.SubElement(entry, "title").text = item.title
        if item.link is not None:
            ET.SubElement(entry, "link", href=item.link)
        if item.summary:
            ET.SubElement(entry, "summary").text = item.summary
        if item.published is not None:
            stamp = _utc(item.published).isoformat()
            ET.SubElement(entry, "published").text = stamp
            ET.SubElement(entry, "updated").text = stamp
    return _xml(root)
