"""The demo's loopback feed server: plays a scenario of synthetic wire stories in real time.

`frontwatch --demo` starts a `DemoServer` inside its own process and points the engine
at `server.feeds`. The whole scenario (days of simulated time) plays in a few real
minutes, so each poll finds new stories, distances shrink, towns change hands and one
feed starts failing halfway: everything a new user should see, with no network.

The server speaks plain RSS 2.0 over HTTP/1.1 on 127.0.0.1 and behaves like a polite
publisher (ETag / Last-Modified, 304 on a matching conditional request), so the engine
runs exactly the code path it runs against real feeds.

Every story also has an article page at /articles/<id>.html (feeds/demo/pages/): the
summary as its lede, then paragraphs written for the demo, inside the navigation,
cookie banner, "Most read" box and comments of a real news page. Some claims are in
the body only, so a new user sees claims arrive from article text. /robots.txt
allows them. The scenario's placeholder links (http://demo.invalid/...) become these
pages' loopback addresses in the served feeds.

Time: `clock` returns real seconds (monotonic); scenario time is in simulated hours
from `Scenario.start` (UTC). Every pubDate is simulated time, never the wall clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from feeds.config import FeedConfig
from feeds.demo.feed import TEXT_TYPE, DemoResponse, article_path, render_feed
from feeds.demo.pages import load_pages, render_article
from feeds.demo.scenario import Scenario, load_scenario

__all__ = ["ROBOTS_TXT", "DemoFeed", "DemoServer"]

ROBOTS_TXT = b"User-agent: *\nAllow: /articles/\nDisallow: /drafts/\n"


@dataclass(frozen=True, slots=True)
class DemoFeed:
    """A feed as the engine should poll it."""

    key: str
    name: str
    url: str
    """http://127.0.0.1:PORT/feeds/<key>.xml"""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer is normal; the dashboard owns stderr."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "frontwatch-demo"
    sys_version = ""
    timeout = 30  # seconds an idle keep-alive connection may hold a thread
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines on stderr would scribble over the dashboard."""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        demo = self.server.demo
        path = self.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        if path.startswith("/feeds/") and path.endswith(".xml"):
            key = path.removeprefix("/feeds/").removesuffix(".xml")
            response = render_feed(demo.scenario, key, demo.scenario_hours(), headers, demo.base)
        elif path.startswith("/articles/") and path.endswith(".html"):
            story_id = unquote(path.removeprefix("/articles/").removesuffix(".html"))
            response = render_article(demo.scenario, demo.pages, story_id, demo.scenario_hours())
        elif path == "/robots.txt":
            response = DemoResponse(200, {"Content-Type": TEXT_TYPE}, ROBOTS_TXT)
        elif path == "/":
            lines = [f"{f.name}: {f.url}" for f in demo.feeds]
            body = ("frontwatch demo feeds\n" + "\n".join(lines) + "\n").encode()
            response = DemoResponse(200, {"Content-Type": TEXT_TYPE}, body)
        else:
            response = DemoResponse(404, {"Content-Type": TEXT_TYPE}, b"not found\n")
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body and response.status != 304:
            self.wfile.write(response.body)


class DemoServer:
    """Serves a scenario's feeds on 127.0.0.1 (a free port) from a daemon thread.

    Time compression: the whole scenario (`duration_hours`) plays in `minutes / speed`
    real minutes; the scenario clock starts at `start()`. Pass `clock` (real seconds) to
    drive it from a test.
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        speed: float = 1.0,
        minutes: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed <= 0 or minutes <= 0:
            raise ValueError(f"speed and minutes must be > 0, got {speed=} {minutes=}")
        self.scenario = scenario if scenario is not None else load_scenario()
        self.pages = load_pages()
        self._hours_per_second = self.scenario.duration_hours * speed / (minutes * 60.0)
        self._clock = clock
        self._started_at: float | None = None
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> None:
        """Bind 127.0.0.1:0 and serve in a daemon thread; starts the scenario clock."""
        if self._httpd is not None:
            raise RuntimeError("demo server already started")
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.demo = self
        self._httpd = httpd
        self._started_at = self._clock()
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # seconds: how fast stop() is noticed
            name="frontwatch-demo-server",
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

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # what the engine and the dashboard read

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("demo server not started")
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT (server must be started)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def feeds(self) -> list[DemoFeed]:
        """The scenario's feeds with their loopback URLs (server must be started)."""
        base = self.base
        return [DemoFeed(f.key, f.name, f"{base}/feeds/{f.key}.xml") for f in self.scenario.feeds]

    def article_url(self, story_id: str) -> str:
        """Where a story's article page is served (server must be started)."""
        return self.base + article_path(story_id)

    def feed_configs(self, interval_s: float = 3.0) -> tuple[FeedConfig, ...]:
        """The feeds as config entries, polled every `interval_s` real seconds."""
        return tuple(FeedConfig(name=f.name, url=f.url, interval_s=interval_s) for f in self.feeds)

    def _elapsed_hours(self) -> float:
        if self._started_at is None:
            return 0.0
        return max(0.0, self._clock() - self._started_at) * self._hours_per_second

    def scenario_hours(self) -> float:
        """Simulated hours elapsed since start(), capped at the scenario's duration."""
        return min(self._elapsed_hours(), self.scenario.duration_hours)

    def scenario_time(self) -> datetime:
        """The simulated now (UTC), for a dashboard clock."""
        return self.scenario.start + timedelta(hours=self.scenario_hours())

    @property
    def finished(self) -> bool:
        """True once the scenario clock has passed its end: no story is left to publish."""
        return self._elapsed_hours() > self.scenario.duration_hours
