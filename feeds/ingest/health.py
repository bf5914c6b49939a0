"""Feed health: how each feed is doing, in words, relative to its own interval.

What a feed's poller must remember across restarts (its cache validators, the hash of the
last body, where it moved, whether it is gone) is one `FeedState`, held by its
`FeedHealth` and written to the journal as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

__all__ = ["FeedHealth", "FeedState", "FeedStatus"]

FeedStatus = Literal["waiting", "fresh", "delayed", "stale", "down", "gone"]


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a feed's poller must remember across restarts."""

    etag: str | None = None
    """The last 200's ETag, sent back as If-None-Match."""
    last_modified: str | None = None
    """The last 200's Last-Modified, sent back as If-Modified-Since."""
    body_hash: str | None = None
    """SHA-256 of the last body parsed: the same bytes again are not parsed again."""
    moved_to: str | None = None
    """Where the feed was polled when this was kept: the configured URL, or where it moved
    for good (301/308)."""
    gone: bool = False
    """The feed answered 410 Gone: it is never polled again."""
    url: str | None = None
    """The configured URL this state was kept for (None: unknown): a state kept for
    another URL is stale once the user changes the feed's URL."""


@dataclass(slots=True)
class FeedHealth:
    """What the feeds screen and `frontwatch check` show for one feed."""

    name: str
    url: str
    """Where the feed is polled now: the configured URL, or where it moved (301/308)."""
    interval_s: float
    """The configured interval, seconds."""
    ok: bool | None = None
    """Whether the last poll succeeded; None before the first poll."""
    last_poll: datetime | None = None
    last_success: datetime | None = None
    last_status: int | None = None
    error: str | None = None
    """The last problem in words; None when the last poll was clean."""
    note: str | None = None
    """Something worth knowing that is not a failure ("moved permanently to …")."""
    failures: int = 0
    """Failed polls in a row."""
    quiet_polls: int = 0
    """Successful polls in a row that brought nothing new (drives the adaptive interval)."""
    next_poll: datetime | None = None
    stories: int = 0
    """New stories read from this feed since start."""
    last_new: datetime | None = None
    latency_s: float | None = None
    retry_after_s: float | None = None
    state: FeedState = field(default_factory=FeedState)
    """Validators, body hash, gone: what is kept across restarts."""
    articles: dict[str, int] = field(default_factory=dict)
    """Article fetches by outcome for this feed's stories ("ok": 12, "paywall": 3)."""

    @property
    def etag(self) -> str | None:
        return self.state.etag

    @property
    def last_modified(self) -> str | None:
        return self.state.last_modified

    @property
    def body_hash(self) -> str | None:
        return self.state.body_hash

    @property
    def gone(self) -> bool:
        return self.state.gone

    def status(self, now: datetime) -> FeedStatus:
        """fresh / delayed / stale relative to the feed's own interval; down when failing."""
        if self.gone:
            return "gone"
        if self.ok is False:
            return "down"
        if self.last_success is None:
            return "waiting"
        age = now - self.last_success
        if age <= timedelta(seconds=2 * self.interval_s):
            return "fresh"
        if age <= timedelta(seconds=6 * self.interval_s):
            return "delayed"
        return "stale"

    def next_delay_s(self, *, max_interval_s: float, max_backoff_s: float) -> float:
        """Seconds until the next poll, before jitter.

        Failing: the interval doubles per failure (capped), and a server's Retry-After
        is never undercut. Quiet: each poll with nothing new adds half an interval, up
        to `max_interval_s`; one new story brings it back to the configured interval.
        """
        if self.failures:
            delay = min(max_backoff_s, self.interval_s * 2 ** min(self.failures - 1, 16))
        else:
            delay = min(
                max(max_interval_s, self.interval_s), self.interval_s * (1 + 0.5 * self.quiet_polls)
            )
        if self.retry_after_s is not None:
            delay = max(delay, self.retry_after_s)
        return delay
