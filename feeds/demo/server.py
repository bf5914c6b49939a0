"""The demo's loopback feed server: plays a scenario of synthetic wire stories in real time.

`frontwatch --demo` starts a `DemoServer` inside its own process and points the engine
at `server.feeds`. The whole scenario (days of simulated time) plays in a few real
minutes, so each poll finds new stories, distances shrink, towns change hands and one
feed starts failing halfway: everything a new user should see, with no network.

The server (`feeds.demo.wire`'s loopback server, the one the tests and benchmarks use
too) speaks plain RSS 2.0 over HTTP/1.1 on 127.0.0.1 and behaves like a polite publisher
(ETag / Last-Modified, 304 on a matching conditional request), so the engine runs exactly
the code path it runs against real feeds.

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

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from urllib.parse import unquote

from feeds.config import FeedConfig
from feeds.demo.feed import TEXT_TYPE, DemoResponse, article_path, render_feed
from feeds.demo.pages import load_pages, render_article
from feeds.demo.scenario import Scenario, load_scenario
from feeds.demo.wire import LoopbackServer, Request, Response

__all__ = ["ROBOTS_TXT", "DemoFeed", "DemoServer"]

ROBOTS_TXT = b"User-agent: *\nAllow: /articles/\nDisallow: /drafts/\n"


@dataclass(frozen=True, slots=True)
class DemoFeed:
    """A feed as the engine should poll it."""

    key: str
    name: str
    url: str
    """http://127.0.0.1:PORT/feeds/<key>.xml"""


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
        self._server: LoopbackServer | None = None

    # lifecycle

    def start(self) -> None:
        """Bind 127.0.0.1:0 and serve in a daemon thread; starts the scenario clock."""
        if self._server is not None:
            raise RuntimeError("demo server already started")
        server = LoopbackServer(
            self._answer, name="frontwatch-demo", headers={"Cache-Control": "no-cache"}
        )
        self._started_at = self._clock()
        server.start()
        self._server = server

    def stop(self) -> None:
        """Stop serving and free the port. Safe to call twice."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

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

    def _answer(self, request: Request) -> Response:
        path = request.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in request.headers.items()}
        if path.startswith("/feeds/") and path.endswith(".xml"):
            key = path.removeprefix("/feeds/").removesuffix(".xml")
            return render_feed(self.scenario, key, self.scenario_hours(), headers, self.base)
        if path.startswith("/articles/") and path.endswith(".html"):
            story_id = unquote(path.removeprefix("/articles/").removesuffix(".html"))
            return render_article(self.scenario, self.pages, story_id, self.scenario_hours())
        if path == "/robots.txt":
            return DemoResponse(200, {"Content-Type": TEXT_TYPE}, ROBOTS_TXT)
        if path == "/":
            lines = [f"{f.name}: {f.url}" for f in self.feeds]
            body = ("frontwatch demo feeds\n" + "\n".join(lines) + "\n").encode()
            return DemoResponse(200, {"Content-Type": TEXT_TYPE}, body)
        return DemoResponse(404, {"Content-Type": TEXT_TYPE}, b"not found\n")

    # what the engine and the dashboard read

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("demo server not started")
        return self._server.port

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
