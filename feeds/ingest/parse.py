"""The feed boundary: bytes and headers in, `Story` values out.

feedparser never touches the network here (it is handed bytes), and its dict never
travels past this module. A malformed ("bozo") feed keeps the entries it could read
and reports the problem; a body that yields nothing raises `FeedParseError`.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from feeds.types import Story

#: A publication date further than this in the future is not believed (UTC clocks drift, feeds lie).
FUTURE_SKEW = timedelta(minutes=10)
_TRACKING_PARAMS = re.compile(
    r"^(utm_.*|fbclid|gclid|mc_cid|mc_eid|at_medium|at_campaign|cmpid|ocid)$"
)


class FeedParseError(Exception):
    """The body is not a feed we can read at all. str() says why, for feed health."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    stories: list[Story]
    problem: str | None = None
    """A recoverable problem (malformed XML with good entries kept), for feed health."""
    title: str | None = None
    future_dated: int = 0
    """Entries dated further ahead than FUTURE_SKEW, given the first-seen time instead."""


def parse_feed(body: bytes, headers: Mapping[str, str], *, feed: str, now: datetime) -> ParsedFeed:
    """Parse one feed document. CPU-bound: call it in a worker thread."""
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=dict(headers))
    except Exception as exc:  # feedparser's own bugs must not take the engine down
        raise FeedParseError(f"unreadable feed ({type(exc).__name__}: {exc})") from exc
    entries = parsed.get("entries") or []
    problem = None
    if parsed.get("bozo"):
        problem = _bozo_message(parsed.get("bozo_exception"))
        if problem is None and not entries:
            problem = "no feed found"
    if not entries:
        version = parsed.get("version")
        if problem or not version:
            looks_html = body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html"))
            what = "an HTML page, not a feed" if looks_html else (problem or "no feed found")
            raise FeedParseError(f"not a feed: {what}")
    stories = []
    future = 0
    for entry in entries:
        published, in_future = _date(entry, now)
        story = _story(entry, feed=feed, published=published)
        if story is not None:
            stories.append(story)
            future += in_future
    title = _plain((parsed.get("feed") or {}).get("title") or "") or None
    return ParsedFeed(stories, problem, title, future)


def _bozo_message(exc: object) -> str | None:
    """What feed health says of feedparser's bozo flag; None for what is no problem."""
    if isinstance(exc, feedparser.NonXMLContentType):
        return None  # a missing or generic Content-Type: the bytes decide, and did
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return f"declared character encoding was wrong; read anyway ({str(exc)[:120]})"
    text = str(exc) if exc is not None else "malformed feed"
    return f"malformed feed, readable entries kept ({text[:200]})"


def _story(entry: Mapping[str, Any], *, feed: str, published: datetime) -> Story | None:
    title = _plain(entry.get("title") or "")
    summary = html_to_text(entry.get("summary") or entry.get("description") or "")
    link = entry.get("link") or None
    if not title and not summary:
        return None
    story_id = entry.get("id") or entry.get("guid") or None
    if not story_id and link:
        story_id = normalise_link(link)
    if not story_id:
        digest = hashlib.sha256(f"{title}\x00{published.isoformat()}".encode()).hexdigest()
        story_id = f"sha256:{digest[:32]}"
    return Story(
        id=str(story_id)[:2000],
        feed=feed,
        title=title or summary[:120],
        link=link,
        published=published,
        summary=summary,
    )


def _date(entry: Mapping[str, Any], now: datetime) -> tuple[datetime, bool]:
    """The entry's date, or `now` when it has none; True when it was in the future."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                when = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
            if when - now > FUTURE_SKEW:
                return now, True
            return when, False
    return now, False


def normalise_link(url: str) -> str:
    """One spelling per article: lower-case scheme and host, no fragment, no tracking params."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset(
        {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    )
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text from a summary's HTML: tags dropped, entities decoded, paragraphs kept."""
    if "<" not in markup and "&" not in markup:
        return _squash(markup)
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # html.parser is lenient, but never let a summary stop a feed
        return _squash(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return _squash("".join(collector.parts))


def _plain(text: str) -> str:
    """A title: markup removed, one line."""
    return " ".join(html_to_text(text).split())


def _squash(text: str) -> str:
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text))
    return "\n\n".join(p for p in paragraphs if p)
