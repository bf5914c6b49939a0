"""Ingest: feed bytes in, stories out; and the article behind a story, read politely.

- `client`: the one shared HTTP client (`make_client`, the User-Agent);
- `fetch`: bounded, polite HTTP fetches (`fetch`, `Limits`, the `FetchError` family);
- `failure`: a failed poll in one line of words (`describe_error`);
- `robots`: robots.txt, asked once per host and cached;
- `parse`: feed bytes to `Story` values (feedparser never travels past it);
- `health`: how each feed is doing (`FeedHealth`), and what its poller keeps (`FeedState`);
- `article_queue`, `article_result`: fetching the pages behind relevant stories;
- `page_text`: the article in a page, without navigation, banners and comments;
- `compose`: title, summary and article as the one text extraction reads.
"""

from feeds.ingest.article_queue import (
    ARTICLE_DEADLINE_S,
    ARTICLE_MAX_BYTES,
    SEEN_CAP,
    ArticleQueue,
    OnDone,
)
from feeds.ingest.article_result import OUTCOMES, ArticleProgress, ArticleResult, Outcome
from feeds.ingest.client import default_user_agent, make_client
from feeds.ingest.compose import Composed, Part, PartName, compose
from feeds.ingest.failure import describe_error
from feeds.ingest.fetch import (
    MAX_BODY_BYTES,
    PERMANENT_REDIRECTS,
    BadEncoding,
    BodyTooLarge,
    Fetched,
    FetchError,
    HTTPStatusError,
    Limits,
    Timeout,
    fetch,
    retry_after_s,
)
from feeds.ingest.health import FeedHealth, FeedState, FeedStatus
from feeds.ingest.page_text import (
    MIN_TEXT_CHARS,
    PAYWALL_TEASER_CHARS,
    looks_like_consent_url,
    main_text,
)
from feeds.ingest.parse import (
    FUTURE_SKEW,
    FeedParseError,
    ParsedFeed,
    html_to_text,
    normalise_link,
    parse_feed,
)
from feeds.ingest.robots import RobotsCache, RobotsRules, parse_robots, robots_url

__all__ = [
    "ARTICLE_DEADLINE_S",
    "ARTICLE_MAX_BYTES",
    "FUTURE_SKEW",
    "MAX_BODY_BYTES",
    "MIN_TEXT_CHARS",
    "OUTCOMES",
    "PAYWALL_TEASER_CHARS",
    "PERMANENT_REDIRECTS",
    "SEEN_CAP",
    "ArticleProgress",
    "ArticleQueue",
    "ArticleResult",
    "BadEncoding",
    "BodyTooLarge",
    "Composed",
    "FeedHealth",
    "FeedParseError",
    "FeedState",
    "FeedStatus",
    "FetchError",
    "Fetched",
    "HTTPStatusError",
    "Limits",
    "OnDone",
    "Outcome",
    "ParsedFeed",
    "Part",
    "PartName",
    "RobotsCache",
    "RobotsRules",
    "Timeout",
    "compose",
    "default_user_agent",
    "describe_error",
    "fetch",
    "html_to_text",
    "looks_like_consent_url",
    "main_text",
    "make_client",
    "normalise_link",
    "parse_feed",
    "parse_robots",
    "retry_after_s",
    "robots_url",
]
