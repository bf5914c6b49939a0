"""The demo's feeds as served: RSS 2.0 of the stories published so far, with validators.

Pure (no sockets): `render_feed` answers one request at one simulated hour, as a polite
publisher does (ETag / Last-Modified, 304 on a matching conditional request).
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote, urlsplit

from feeds.demo.scenario import Scenario, ScenarioFeed, ScenarioStory

__all__ = ["PLACEHOLDER_HOST", "TEXT_TYPE", "DemoResponse", "article_path", "render_feed"]

_RSS_TYPE = "application/rss+xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
"""The type of the demo's plain answers (errors, robots.txt, the index)."""
PLACEHOLDER_HOST = "demo.invalid"
"""Scenario links on this host are placeholders: feeds link to the server's own pages."""


@dataclass(frozen=True, slots=True)
class DemoResponse:
    """What the server answers to one request."""

    status: int
    headers: Mapping[str, str]
    body: bytes


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
    """RSS 2.0, newest first. ElementTree escapes text, so titles may hold & < > quotes."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = feed.name
    ET.SubElement(channel, "link").text = f"http://demo.invalid/{feed.key}/"
    ET.SubElement(
        channel, "description"
    ).text = f"{feed.name}: synthetic stories from the frontwatch demo scenario"
    ET.SubElement(channel, "language").text = "en"
    built = scenario.published(items[0]) if items else scenario.start
    ET.SubElement(channel, "lastBuildDate").text = format_datetime(built, usegmt=True)
    for story in items:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = story.title
        ET.SubElement(item, "link").text = _link(story, base)
        ET.SubElement(item, "guid", isPermaLink="false").text = story.id
        ET.SubElement(item, "description").text = story.summary
        ET.SubElement(item, "pubDate").text = format_datetime(
            scenario.published(story), usegmt=True
        )
    out = io.BytesIO()
    ET.ElementTree(rss).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


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
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    last_modified = scenario.published(items[0]) if items else scenario.start
    validators = {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True)}
    inm = request_headers.get("if-none-match")
    ims = request_headers.get("if-modified-since")
    if (inm is not None and _etag_matches(inm, etag)) or (
        inm is None and ims is not None and _not_modified_since(ims, last_modified)
    ):
        return DemoResponse(304, validators, b"")
    return DemoResponse(200, {"Content-Type": _RSS_TYPE, **validators}, body)
