"""The demo's feeds as served: RSS 2.0 of the stories published so far, with validators.

Pure (no sockets): `render_feed` answers one request at one simulated hour, as a polite
publisher does (ETag / Last-Modified, 304 on a matching conditional request), with
`feeds.demo.wire`'s feed writer and validators, the ones the tests and benchmarks use too.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from feeds.demo import wire
from feeds.demo.scenario import Scenario, ScenarioFeed, ScenarioStory
from feeds.demo.wire import Response

__all__ = ["PLACEHOLDER_HOST", "TEXT_TYPE", "DemoResponse", "article_path", "render_feed"]

TEXT_TYPE = "text/plain; charset=utf-8"
"""The type of the demo's plain answers (errors, robots.txt, the index)."""
PLACEHOLDER_HOST = "demo.invalid"
"""Scenario links on this host are placeholders: feeds link to the server's own pages."""


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
        return DemoResponse(404, {"Content-Type": TEXT_TYPE}, b"no such demo feed\n")
    if feed.fail_after_hours is not None and hours >= feed.fail_after_hours:
        message = (
            f"503 Service Unavailable: '{feed.name}' fails on purpose from hour "
            f"{feed.fail_after_hours:g} of the demo scenario.\n"
        )
        return DemoResponse(503, {"Content-Type": TEXT_TYPE}, message.encode())
    items = [s for s in scenario.stories if key in s.feeds and s.at_hours <= hours]
    items.sort(key=lambda s: (s.at_hours, s.id), reverse=True)
    body = _rss(scenario, feed, items, base)
    etag = wire.etag_of(body)
    last_modified = scenario.published(items[0]) if items else scenario.start
    validators = {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True)}
    if wire.not_modified(request_headers, etag, last_modified):
        return DemoResponse(304, validators, b"")
    return DemoResponse(200, {"Content-Type": wire.RSS_TYPE, **validators}, body)
