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

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from importlib import resources
from string import Template
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from feeds.config import FeedConfig
from feeds.demo import wire
from feeds.demo.wire import LoopbackServer, Request, Response

__all__ = [
    "DemoFeed",
    "DemoPages",
    "DemoResponse",
    "DemoServer",
    "Scenario",
    "ScenarioFeed",
    "ScenarioStory",
    "demo_config_text",
    "load_pages",
    "load_scenario",
    "render_article",
]

_PACKAGE = "feeds.demo"
_TEXT_TYPE = "text/plain; charset=utf-8"
_HTML_TYPE = "text/html; charset=utf-8"
PLACEHOLDER_HOST = "demo.invalid"
"""Scenario links on this host are placeholders: feeds link to the server's own pages."""
ROBOTS_TXT = b"User-agent: *\nAllow: /articles/\nDisallow: /drafts/\n"


# --- the scenario -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioFeed:
    """One feed the demo serves."""

    key: str
    """URL-safe id: the feed is served at /feeds/<key>.xml."""
    name: str
    """Shown in the dashboard."""
    fail_after_hours: float | None = None
    """From this simulated hour on the feed answers 503; None means it never fails."""


@dataclass(frozen=True, slots=True)
class ScenarioStory:
    """One synthetic wire story, published at `at_hours` on every feed in `feeds`."""

    id: str
    """The RSS guid; the same in every feed that carries the story."""
    at_hours: float
    """Simulated hours after the scenario start when the story is published."""
    feeds: tuple[str, ...]
    title: str
    summary: str
    link: str
    claims: tuple[Mapping[str, Any], ...] = ()
    """What the story asserts (for tests and docs); never served."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A replayable timeline of stories across a few feeds."""

    start: datetime
    """UTC instant of simulated hour 0: every pubDate is start + at_hours."""
    duration_hours: float
    """Simulated length; the scenario is finished past it."""
    feeds: tuple[ScenarioFeed, ...]
    stories: tuple[ScenarioStory, ...]
    places: Mapping[str, Any] = field(default_factory=dict)
    """GeoNames name -> {"geonameid", "country", "forms"}: every place the stories name."""
    expected: Mapping[str, Any] = field(default_factory=dict)
    """What the dashboard should show at the end (final distances, controllers)."""
    fronts: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Build and check a scenario; raises ValueError naming the bad entry."""
        try:
            start = datetime.fromisoformat(str(data["start"]).replace("Z", "+00:00"))
            if start.tzinfo is None:
                raise ValueError("scenario start must carry a timezone (use Z for UTC)")
            feeds = tuple(
                ScenarioFeed(
                    key=str(f["key"]),
                    name=str(f["name"]),
                    fail_after_hours=(
                        None if f.get("fail_after_hours") is None else float(f["fail_after_hours"])
                    ),
                )
                for f in data["feeds"]
            )
            stories = tuple(
                ScenarioStory(
                    id=str(s["id"]),
                    at_hours=float(s["at_hours"]),
                    feeds=tuple(str(k) for k in s["feeds"]),
                    title=str(s["title"]),
                    summary=str(s.get("summary", "")),
                    link=str(s["link"]),
                    claims=tuple(s.get("claims", ())),
                )
                for s in data["stories"]
            )
            scenario = cls(
                start=start.astimezone(UTC),
                duration_hours=float(data["duration_hours"]),
                feeds=feeds,
                stories=stories,
                places=dict(data.get("places", {})),
                expected=dict(data.get("expected", {})),
                fronts=dict(data.get("fronts", {})),
            )
        except KeyError as err:
            raise ValueError(f"scenario: missing key {err}") from err
        scenario._check()
        return scenario

    def _check(self) -> None:
        keys = [f.key for f in self.feeds]
        if len(set(keys)) != len(keys):
            raise ValueError(f"scenario: duplicate feed keys in {keys}")
        seen: set[str] = set()
        for story in self.stories:
            if story.id in seen:
                raise ValueError(f"scenario: duplicate story id {story.id!r}")
            seen.add(story.id)
            unknown = set(story.feeds) - set(keys)
            if unknown or not story.feeds:
                raise ValueError(f"scenario: story {story.id!r} names unknown feeds {unknown}")
            if not 0 <= story.at_hours <= self.duration_hours:
                raise ValueError(
                    f"scenario: story {story.id!r} at hour {story.at_hours} is outside "
                    f"0..{self.duration_hours}"
                )

    def feed(self, key: str) -> ScenarioFeed | None:
        return next((f for f in self.feeds if f.key == key), None)

    def published(self, story: ScenarioStory) -> datetime:
        """The story's simulated publication time (UTC)."""
        return self.start + timedelta(hours=story.at_hours)


def load_scenario() -> Scenario:
    """The scenario packaged with frontwatch (feeds/demo/scenario.json)."""
    text = resources.files(_PACKAGE).joinpath("scenario.json").read_text(encoding="utf-8")
    return Scenario.from_dict(json.loads(text))


def demo_config_text() -> str:
    """The demo's config.toml text: fronts and alert rules, no [[feeds]] (added at run time)."""
    return resources.files(_PACKAGE).joinpath("demo.toml").read_text(encoding="utf-8")


# --- rendering (pure: no sockets) -------------------------------------------------------


DemoResponse = Response
"""What the server answers to one request: the loopback server's `Response`."""


def article_path(story_id: str) -> str:
    """Where the demo server serves a story's article page."""
    return f"/articles/{quote(story_id, safe='')}.html"


def _link(story: ScenarioStory, base: str | None) -> str:
    if base is not None and urlsplit(story.link).hostname == PLACEHOLDER_HOST:
        return base + article_path(story.id)
    return story.link


def _rss(
    scenario: Scenario, feed: ScenarioFeed, items: list[ScenarioStory], base: str | None = None
) -> bytes:
    """RSS 2.0, newest first (the loopback wire's writer escapes & < > and quotes)."""
    return wire.rss(
        *(
            wire.Item(s.id, s.title, s.summary, _link(s, base), scenario.published(s))
            for s in items
        ),
        title=feed.name,
        link=f"http://demo.invalid/{feed.key}/",
        description=f"{feed.name}: synthetic stories from the frontwatch demo scenario",
        language="en",
        built=scenario.published(items[0]) if items else scenario.start,
    )


def render_feed(
    scenario: Scenario,
    key: str,
    hours: float,
    request_headers: Mapping[str, str],
    base: str | None = None,
) -> DemoResponse:
    """Answer GET /feeds/<key>.xml at simulated hour `hours`.

    Only stories with at_hours <= hours are in the feed; a feed past its fail_after_hours
    answers 503. `request_headers` keys are lower-case. With `base` (the server's
    http://127.0.0.1:PORT), placeholder links point at the server's article pages.
    """
    feed = scenario.feed(key)
    if feed is None:
        return DemoResponse(404, {"Content-Type": _TEXT_TYPE}, b"no such demo feed\n")
    if feed.fail_after_hours is not None and hours >= feed.fail_after_hours:
        message = (
            f"503 Service Unavailable: '{feed.name}' fails on purpose from hour "
            f"{feed.fail_after_hours:g} of the demo scenario.\n"
        )
        return DemoResponse(503, {"Content-Type": _TEXT_TYPE}, message.encode())
    items = [s for s in scenario.stories if key in s.feeds and s.at_hours <= hours]
    items.sort(key=lambda s: (s.at_hours, s.id), reverse=True)
    body = _rss(scenario, feed, items, base)
    etag = wire.etag_of(body)
    last_modified = scenario.published(items[0]) if items else scenario.start
    validators = {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True)}
    if wire.not_modified(request_headers, etag, last_modified):
        return DemoResponse(304, validators, b"")
    return DemoResponse(200, {"Content-Type": wire.RSS_TYPE, **validators}, body)


# --- article pages (pure: no sockets) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPage:
    """What the article page of one story says beyond its summary."""

    body: tuple[str, ...] = ()
    """Paragraphs after the lede (the lede is the story's summary)."""
    claims: tuple[Mapping[str, Any], ...] = ()
    """What only the body asserts, as scenario claims (for tests and docs; never served)."""
    comments: tuple[str, ...] = ()
    kind: str = "article"
    """ "article", or "paywall" for a subscriber-only stub."""


@dataclass(frozen=True, slots=True)
class DemoPages:
    """The page template and each story's page text (feeds/demo/pages/)."""

    template: str
    pages: Mapping[str, DemoPage]

    def page(self, story_id: str) -> DemoPage:
        return self.pages.get(story_id, DemoPage())


def load_pages() -> DemoPages:
    """The article pages packaged with frontwatch."""
    folder = resources.files(_PACKAGE).joinpath("pages")
    template = folder.joinpath("article.html").read_text(encoding="utf-8")
    data = json.loads(folder.joinpath("articles.json").read_text(encoding="utf-8"))
    pages = {
        str(sid): DemoPage(
            body=tuple(str(p) for p in entry.get("body", ())),
            claims=tuple(entry.get("claims", ())),
            comments=tuple(str(c) for c in entry.get("comments", ())),
            kind=str(entry.get("kind", "article")),
        )
        for sid, entry in data["stories"].items()
    }
    return DemoPages(template, pages)


_PAYWALL_SCHEMA = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
)
_DEFAULT_COMMENTS = ("Thanks for the update.", "Stay safe, everyone.")


def _links(stories: Sequence[ScenarioStory], tag: str) -> str:
    return "\n".join(
        f'      <{tag}><a href="{escape(article_path(s.id))}">{escape(s.title)}</a></{tag}>'
        for s in stories
    )


def render_article(
    scenario: Scenario, pages: DemoPages, story_id: str, hours: float
) -> DemoResponse:
    """Answer GET /articles/<id>.html at simulated hour `hours`: 404 before it is published.

    Around the article: the newest other stories in "Most read" and earlier stories
    of the same front in "More on this story", headlines with distances in them, as
    on a real site; trafilatura must leave them out.
    """
    story = next((s for s in scenario.stories if s.id == story_id), None)
    if story is None or story.at_hours > hours:
        return DemoResponse(404, {"Content-Type": _TEXT_TYPE}, b"no such article\n")
    page = pages.page(story_id)
    published = scenario.published(story)
    paragraphs = [story.summary, *page.body] if story.summary else list(page.body)
    if page.kind == "paywall":
        paragraphs = [
            *paragraphs[:2],
            "Subscribe to continue reading. Already a subscriber? Log in.",
        ]
    others = sorted(
        (s for s in scenario.stories if s.at_hours <= hours and s.id != story.id),
        key=lambda s: (s.at_hours, s.id),
        reverse=True,
    )
    front = story.id.split("-", 1)[0]
    related = [s for s in others if s.id.startswith(front) and s.at_hours < story.at_hours]
    feed = scenario.feed(story.feeds[0])
    comments = page.comments or _DEFAULT_COMMENTS
    html = Template(pages.template).substitute(
        title=escape(story.title),
        outlet=escape(feed.name if feed else "Demo Wire"),
        published=published.isoformat(),
        published_text=format_datetime(published, usegmt=True),
        story_id=escape(story.id),
        schema=_PAYWALL_SCHEMA if page.kind == "paywall" else "",
        body="\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs),
        most_read=_links(others[:4], "li"),
        related=_links(related[:3], "li"),
        comments="\n".join(
            f'    <div class="comment"><p class="comment-author">reader{n + 1}</p>'
            f"<p>{escape(c)}</p></div>"
            for n, c in enumerate(comments)
        ),
    )
    return DemoResponse(200, {"Content-Type": _HTML_TYPE}, html.encode("utf-8"))


# --- the HTTP server --------------------------------------------------------------------


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
            return DemoResponse(200, {"Content-Type": _TEXT_TYPE}, ROBOTS_TXT)
        if path == "/":
            lines = [f"{f.name}: {f.url}" for f in self.feeds]
            body = ("frontwatch demo feeds\n" + "\n".join(lines) + "\n").encode()
            return DemoResponse(200, {"Content-Type": _TEXT_TYPE}, body)
        return DemoResponse(404, {"Content-Type": _TEXT_TYPE}, b"not found\n")

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
