"""Read the whole story: fetch the page behind a feed item, politely, and keep its main text.

Feeds carry a headline and a sentence; the distances this dashboard lives on sit in
the article body. So for each story relevant to a front (or every story, per feed)
the `ArticleQueue` fetches the page at its link, and `feeds.ingest.page_text` pulls the
article out of it.

Fetching never delays a feed poll or the screen: the queue has its own worker tasks
and its own concurrency, shares the engine's httpx client (User-Agent names
frontwatch) and per-host `Limits`, asks `robots.txt` first, and caps each page in
bytes and seconds. Every story ends in one `Outcome`; anything but "ok" means the
story keeps its summary only.

Units: seconds, bytes, hours (`max_age_h`), UTC datetimes.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import itertools
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx

from feeds.config import ArticlesMode
from feeds.ingest.article_result import ArticleProgress, ArticleResult, Outcome
from feeds.ingest.fetch import BodyTooLarge, FetchError, HTTPStatusError, Limits, Timeout, fetch
from feeds.ingest.page_text import MIN_TEXT_CHARS, looks_like_consent_url, main_text
from feeds.ingest.robots import RobotsCache
from feeds.types import Story

__all__ = ["ARTICLE_DEADLINE_S", "ARTICLE_MAX_BYTES", "SEEN_CAP", "ArticleQueue", "OnDone"]

ARTICLE_MAX_BYTES = 4 * 1024 * 1024
"""Cap on one article page after decompression, bytes. News pages with inline scripts
run to 1-2 MB; past 4 MB it is not an article page."""
ARTICLE_DEADLINE_S = 30.0
"""Whole-exchange deadline for one page, seconds."""
SEEN_CAP = 20_000
"""Story ids remembered so one story is not fetched twice (bounded memory)."""

_HTML_TYPES = ("text/html", "application/xhtml+xml")


OnDone = Callable[[Story, ArticleResult], Awaitable[None] | None]


@dataclass(slots=True)
class _Counts:
    done: int = 0
    dropped: int = 0
    by_outcome: Counter[str] = field(default_factory=Counter)
    by_outlet: dict[str, Counter[str]] = field(default_factory=dict)


class ArticleQueue:
    """Its own queue and workers: article fetching never holds up a feed poll.

    Newest stories first; when full, the oldest queued story gives way. Stories
    published more than `max_age_h` hours before now (the news clock) are not
    fetched: after a long absence the backlog is mostly old news.
    """

    def __init__(
        self,
        client_factory: Callable[[], httpx.AsyncClient],
        limits: Limits,
        *,
        on_done: OnDone,
        workers: int = 2,
        max_age_h: float = 48.0,
        max_queue: int = 500,
        max_bytes: int = ARTICLE_MAX_BYTES,
        deadline_s: float = ARTICLE_DEADLINE_S,
        host_delay_s: float = 1.0,
        min_chars: int = MIN_TEXT_CHARS,
        robots: RobotsCache | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if workers < 1 or max_queue < 1:
            raise ValueError(f"workers and max_queue must be >= 1, got {workers=} {max_queue=}")
        self._client_factory = client_factory
        self._limits = limits
        self._on_done = on_done
        self.workers = workers
        self.max_age_h = max_age_h
        self.max_queue = max_queue
        self.max_bytes = max_bytes
        self.deadline_s = deadline_s
        self.host_delay_s = host_delay_s
        """Gap between two article requests to one host, seconds (on top of `Limits`)."""
        self.min_chars = min_chars
        self.robots = robots or RobotsCache()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._heap: list[tuple[float, int, Story]] = []
        self._seq = itertools.count()
        self._available = asyncio.Semaphore(0)
        self._idle = asyncio.Event()
        self._idle.set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._next_at: dict[str, float] = {}
        self._fetching = 0
        self._counts = _Counts()
        self._tasks: list[asyncio.Task[None]] = []
        self.last_error: str | None = None
        """The last exception raised by `on_done`, for the log; the worker carries on."""

    # --- feeding it -------------------------------------------------------------------

    def offer(self, story: Story, mode: ArticlesMode, relevant: bool) -> bool:
        """Queue the story's article if its feed's mode and its relevance call for it.

        False when not queued: mode "never", not relevant under "relevant", no http(s)
        link, published before the age cap, offered before, or the queue is full of
        newer stories.
        """
        if mode == "relevant" and not relevant:
            return False
        if not self.would_take(story, mode):
            return False
        key = -story.published.timestamp()
        if len(self._heap) >= self.max_queue:
            oldest = max(range(len(self._heap)), key=lambda i: self._heap[i][:2])
            if self._heap[oldest][0] <= key:
                self._counts.dropped += 1
                return False
            self._heap[oldest] = self._heap[-1]
            self._heap.pop()
            heapq.heapify(self._heap)
            self._counts.dropped += 1
        else:
            self._available.release()
        self._remember(story.id)
        heapq.heappush(self._heap, (key, next(self._seq), story))
        self._idle.clear()
        return True

    def would_take(self, story: Story, mode: ArticlesMode) -> bool:
        """Whether `offer` could queue this story, relevance aside: cheap, so that the
        caller can skip judging relevance for a story that would not be fetched anyway."""
        if mode == "never":
            return False
        if not story.link or urlsplit(story.link).scheme not in ("http", "https"):
            return False
        if story.published < self._clock() - timedelta(hours=self.max_age_h):
            return False
        return story.id not in self._seen

    def _remember(self, story_id: str) -> None:
        self._seen[story_id] = None
        while len(self._seen) > SEEN_CAP:
            self._seen.popitem(last=False)

    @property
    def progress(self) -> ArticleProgress:
        c = self._counts
        return ArticleProgress(
            queued=len(self._heap),
            fetching=self._fetching,
            done=c.done,
            dropped=c.dropped,
            by_outcome=dict(c.by_outcome),
            by_outlet={feed: dict(n) for feed, n in c.by_outlet.items()},
        )

    # --- life cycle -------------------------------------------------------------------

    async def run(self) -> None:
        """Work the queue until `stop()`."""
        self._tasks = [
            asyncio.create_task(self._work(), name=f"articles:{n}") for n in range(self.workers)
        ]
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def join(self) -> None:
        """Wait until nothing is queued or being fetched (tests, benchmarks)."""
        await self._idle.wait()

    # --- the work ---------------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            await self._available.acquire()
            _, _, story = heapq.heappop(self._heap)
            self._fetching += 1
            try:
                result = await self._fetch_one(story)
                self._count(result)
                try:
                    maybe = self._on_done(story, result)
                    if inspect.isawaitable(maybe):
                        await maybe
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    self.last_error = f"{type(exc).__name__}: {exc}"
            finally:
                self._fetching -= 1
                if not self._heap and not self._fetching:
                    self._idle.set()

    def _count(self, result: ArticleResult) -> None:
        c = self._counts
        c.done += 1
        c.by_outcome[result.outcome] += 1
        c.by_outlet.setdefault(result.feed, Counter())[result.outcome] += 1

    async def _fetch_one(self, story: Story) -> ArticleResult:
        """Robots, polite fetch, type check, extraction: one outcome, never an exception."""
        assert story.link is not None
        url = story.link
        started = time.monotonic()

        def result(
            outcome: Outcome,
            detail: str,
            *,
            text: str | None = None,
            status: int | None = None,
            final: str | None = None,
        ) -> ArticleResult:
            return ArticleResult(
                story.id,
                story.feed,
                url,
                outcome,
                text,
                status,
                detail,
                final_url=final,
                fetched_at=datetime.now(UTC),
                elapsed_s=time.monotonic() - started,
            )

        try:
            client = self._client_factory()
            allowed, why = await self.robots.allowed(client, url, self._limits)
            if not allowed:
                return result("robots_disallowed", why)
            await self._space_out(url)
            fetched = await fetch(
                client,
                url,
                limits=self._limits,
                max_bytes=self.max_bytes,
                deadline_s=self.deadline_s,
            )
        except HTTPStatusError as exc:
            return result("http_error", str(exc), status=exc.status)
        except BodyTooLarge:
            return result("too_large", f"page larger than {self.max_bytes / 1e6:g} MB")
        except Timeout as exc:
            return result("timeout", str(exc))
        except FetchError as exc:
            return result("error", str(exc))
        except httpx.HTTPError as exc:
            return result("error", _describe(exc))
        except Exception as exc:  # a bad link (httpx.InvalidURL is not an HTTPError)
            return result("error", f"{type(exc).__name__}: {exc}")
        final = fetched.url
        if final != url and looks_like_consent_url(final):
            return result(
                "consent_wall", f"redirected to a consent page ({final})", status=200, final=final
            )
        ctype = fetched.headers.get("content-type", "")
        media = ctype.split(";", 1)[0].strip().lower()
        if media not in _HTML_TYPES and not (media == "" and _sniff_html(fetched.body)):
            return result("not_html", f"not a web page ({media or 'no type'})", status=200)
        try:
            text, outcome = await asyncio.to_thread(
                main_text, fetched.body, final, title=story.title, min_chars=self.min_chars
            )
        except Exception as exc:
            return result("error", f"extraction failed: {type(exc).__name__}: {exc}", status=200)
        detail = {
            "ok": f"{len(text or '')} characters of article text",
            "too_little_text": f"less than {self.min_chars} characters of article text",
            "paywall": "behind a paywall",
            "consent_wall": "behind a cookie consent page",
        }.get(outcome, outcome)
        return result(outcome, detail, text=text, status=fetched.status, final=final)

    async def _space_out(self, url: str) -> None:
        """At most one article request per `host_delay_s` to a host, in request order."""
        if self.host_delay_s <= 0:
            return
        host = urlsplit(url).netloc.lower()
        now = time.monotonic()
        at = max(now, self._next_at.get(host, now))
        self._next_at[host] = at + self.host_delay_s
        if len(self._next_at) > 4 * SEEN_CAP // 10:  # forget hosts long idle
            self._next_at = {h: t for h, t in self._next_at.items() if t > now}
        if at > now:
            await asyncio.sleep(at - now)


def _sniff_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return f"{type(exc).__name__}: {exc}"
