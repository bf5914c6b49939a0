"""The engine: one polling loop per feed feeding parse -> extract -> model -> alerts.

It runs headless on any asyncio loop. The dashboard and `frontwatch tail` both
subscribe to it; subscribers are plain callables that receive each batch of
events on the engine's loop, so a Textual app can post them as messages and a
headless command can print them.

CPU work (feedparser, extraction) runs in ONE worker thread: with the GIL, more
threads would not parse faster, they would only starve the event loop (and the
dashboard's input with it). Only the cheap model bookkeeping runs on the loop, in
chunks, yielding between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import hashlib
import itertools
import random
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from feeds.alerts import Alerts, Hooks
from feeds.config import Config, FeedConfig
from feeds.events import AlertRaised, ArticleFetched, Event, FeedHealthChanged
from feeds.extract import Extractor
from feeds.geo import Gazetteer, LearnedPlaces
from feeds.ingest import (
    MAX_BODY_BYTES,
    ArticleQueue,
    ArticleResult,
    FeedHealth,
    Fetched,
    HTTPStatusError,
    Limits,
    ParsedFeed,
    compose,
    describe_error,
    fetch,
    make_client,
    parse_feed,
)
from feeds.model import StoryRecord, build_model, is_relevant
from feeds.store import Store, StoredArticle, StoredStory
from feeds.types import Alert, Extraction, Story

#: Backoff after failures: interval doubles per failure up to this many seconds.
MAX_BACKOFF_S = 3600.0
RETENTION_EVERY_S = 3600.0
APPLY_CHUNK = 10
"""Stories applied to the model between two yields to the event loop."""
_T = TypeVar("_T")
ALERT_TAIL = 1000
"""Alerts kept in memory for the dashboard's tail (older ones are in the store)."""

Subscriber = Callable[[Sequence[Event]], None]


class Engine:
    """Polls the configured feeds and keeps the model; see the module docstring."""

    def __init__(
        self,
        config: Config,
        *,
        gazetteer: Gazetteer,
        client: httpx.AsyncClient | None = None,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.gazetteer = gazetteer
        self.learned = LearnedPlaces(
            store.path.parent / "learned-places.json" if store is not None else None
        )
        """Names the text placed that no gazetteer knows; the installed gazetteer wins."""
        self.learned.prune(gazetteer)
        self.extractor = Extractor(gazetteer, memory=self.learned)
        self.model = build_model(config, gazetteer)
        self.alerts: deque[Alert] = deque(maxlen=ALERT_TAIL)
        self.health: dict[str, FeedHealth] = {
            f.name: FeedHealth(f.name, f.url, f.interval_s) for f in config.feeds
        }
        self.max_body_bytes = MAX_BODY_BYTES
        """Cap on one feed body after decompression, bytes."""
        self._limits = Limits(per_host=config.settings.per_host)
        self._feeds = {f.name: f for f in config.feeds}
        self.articles = ArticleQueue(
            lambda: self._require_client(),
            self._limits,
            on_done=self._article_done,
            clock=lambda: self.now(),
        )
        """Fetches the page behind relevant stories; see feeds.ingest.article_queue."""
        self._articles_final: set[str] = set()
        """Stories whose page gave a final outcome (stored): never fetched again."""
        self._rules = Alerts(config.alerts, health=self.health.get)
        self._hooks = Hooks(
            config.on_alert,
            timeout_s=config.settings.hook_timeout_s,
            on_failure=self._hook_failed,
            clock=lambda: self.now(),
        )
        self._countries = tuple(sorted({c for f in config.fronts for c in f.countries}))
        self._client = client
        self._client_users = 0
        self._subscribers: list[Subscriber] = []
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontwatch-cpu")
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self.last_poll: datetime | None = None
        self.store = store
        if store is not None:
            self._articles_final = store.article_ids()
        self.now: Callable[[], datetime] = clock or _now
        """The news clock (UTC) that stories and alerts are stamped with: real time, or the
        demo scenario's. Feed health always uses real time."""
        if store is not None:
            self._restore(store)

    def _restore(self, store: Store) -> None:
        """Rebuild the model from the journal, so the screen has it before the first poll."""
        with self.model.restoring():
            for stored in store.stories():
                story = stored.story
                self.model.apply(story, stored.extraction, now=stored.first_seen)
                for feed in stored.sources[1:]:
                    self.model.apply(
                        dataclasses.replace(story, feed=feed),
                        stored.extraction,
                        now=stored.first_seen,
                    )
        latest: dict[str, Alert] = {}  # the newest revision of each fact, in journal order
        for n, alert in enumerate(store.alerts(limit=ALERT_TAIL * 4)):
            latest.pop(alert.key or f"#{n}", None)
            latest[alert.key or f"#{n}"] = alert
        self.alerts.extend(latest.values())
        states = store.feed_states()
        for name, health in self.health.items():
            state = states.get(name)
            if state is None or state.url not in (None, self._feeds[name].url):
                continue  # kept for another URL: the user re-pointed the feed
            health.state = state
            if state.moved_to and state.moved_to != health.url:
                health.url = state.moved_to
                health.note = f"moved permanently to {state.moved_to}"
            if state.gone:  # a 410 is for good: not polled again after a restart either
                health.last_status = 410
                health.error = str(HTTPStatusError(410, "Gone"))

    # --- subscribers ---------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> None:
        self._subscribers.append(callback)

    def _emit(self, events: Sequence[Event]) -> None:
        if events:
            for callback in list(self._subscribers):
                callback(events)

    # --- life cycle ----------------------------------------------------------------

    async def run(self) -> None:
        """Poll every feed until `stop()`; one task per feed."""
        self._stopping = False
        async with self._client_open():
            self._tasks = [
                asyncio.create_task(self._feed_loop(f), name=f"feed:{f.name}")
                for f in self.config.feeds
            ]
            self._tasks.append(asyncio.create_task(self._housekeeping(), name="retention"))
            self._tasks.append(asyncio.create_task(self.articles.run(), name="articles"))
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _housekeeping(self) -> None:
        """Retention now and then every RETENTION_EVERY_S, so weeks of running stay bounded."""
        while not self._stopping:
            self.apply_retention()
            await asyncio.sleep(RETENTION_EVERY_S)

    def apply_retention(self) -> int:
        """Forget stories the user chose not to keep (settings keep_days / keep_stories).

        Returns how many stories left the model. Objectives, towns and fronts keep the
        points those stories gave (with the sentence), so a trend stays drawn after its
        stories are gone; with keep_days, points older than that go too, short of what the
        current estimates read (Model.trim).
        """
        settings = self.config.settings
        if settings.keep_days is None and settings.keep_stories is None:
            return 0
        if self.store is not None:
            self.store.prune(keep_days=settings.keep_days, keep_stories=settings.keep_stories)
        stories = self.model.stories
        drop = max(0, len(stories) - settings.keep_stories) if settings.keep_stories else 0
        doomed = list(itertools.islice(stories, drop))
        if settings.keep_days is not None:
            cutoff = self.now() - timedelta(days=settings.keep_days)
            for story_id, record in itertools.islice(stories.items(), drop, None):
                if record.first_seen >= cutoff:
                    break  # arrival order: the rest are newer
                doomed.append(story_id)
        self.model.forget(doomed)
        if settings.keep_days is not None:
            self.model.trim(self.now() - timedelta(days=settings.keep_days))
        return len(doomed)

    async def poll_once(self) -> None:
        """Poll every feed once, concurrently (`frontwatch check`)."""
        async with self._client_open():
            await asyncio.gather(*(self.poll(f) for f in self.config.feeds))

    @contextlib.asynccontextmanager
    async def _client_open(self) -> AsyncIterator[None]:
        """Make the shared client if there is none; the last user out closes the one it made."""
        if self._client is not None:
            self._client_users += 1
            try:
                yield
            finally:
                self._client_users -= 1
            return
        self._client = client = make_client(self.config)
        try:
            yield
        finally:
            while self._client_users:  # concurrent polls still reading through it
                await asyncio.sleep(0.01)
            self._client = None
            await client.aclose()

    async def stop(self) -> None:
        self._stopping = True
        await self.articles.stop()
        await self._hooks.drain()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def poll_now(self) -> None:
        """Wake every feed loop for an immediate poll."""
        for event in self._wake.values():
            event.set()

    def story(self, story_id: str) -> StoryRecord | None:
        return self.model.stories.get(story_id)

    # --- polling -------------------------------------------------------------------

    async def _feed_loop(self, feed: FeedConfig) -> None:
        wake = self._wake.setdefault(feed.name, asyncio.Event())
        health = self.health[feed.name]
        settings = self.config.settings
        while not self._stopping and not health.gone:
            await self.poll(feed)
            if health.gone:
                break
            delay = health.next_delay_s(
                max_interval_s=settings.max_interval_s, max_backoff_s=MAX_BACKOFF_S
            )
            delay *= random.uniform(0.9, 1.1)  # jitter: feeds polled together drift apart
            health.next_poll = _now() + timedelta(seconds=delay)
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=delay)

    async def poll(self, feed: FeedConfig) -> int:
        """Fetch, parse and ingest one feed once. Returns how many new stories it gave."""
        async with self._client_open():
            return await self._poll(feed)

    async def _poll(self, feed: FeedConfig) -> int:
        health = self.health[feed.name]
        if health.gone:
            return 0
        assert self._client is not None
        started = _now()
        new = 0
        health.retry_after_s = None
        try:
            fetched = await fetch(
                self._client,
                health.url,
                etag=health.etag,
                last_modified=health.last_modified,
                limits=self._limits,
                max_bytes=self.max_body_bytes,
                deadline_s=self.config.settings.timeout_s * 3,
            )
            health.last_status = fetched.status
            health.error = None
            if fetched.moved_to:
                health.url = fetched.moved_to
                health.note = f"moved permanently to {fetched.moved_to}; polling the new address"
            if fetched.status != 304:
                new = await self._take(feed, health, fetched, started)
            health.ok, health.failures, health.last_success = True, 0, _now()
            health.quiet_polls = 0 if new else health.quiet_polls + 1
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            health.ok = False
            health.failures += 1
            health.error = describe_error(exc)
            if isinstance(exc, HTTPStatusError):
                health.last_status = exc.status
                health.retry_after_s = exc.retry_after_s
                if exc.status == 410:
                    health.state = dataclasses.replace(health.state, gone=True)
                    self._keep_state(feed, health)
        finally:
            health.last_poll = _now()
            health.latency_s = (health.last_poll - started).total_seconds()
            self.last_poll = health.last_poll
        if new:
            health.last_new = health.last_poll
        health.stories += new
        self._emit(self._alerted([FeedHealthChanged(feed.name)]))
        return new

    async def _take(
        self, feed: FeedConfig, health: FeedHealth, fetched: Fetched, started: datetime
    ) -> int:
        """A 200: remember its validators; parse and ingest it unless the bytes are unchanged."""
        health.state = dataclasses.replace(
            health.state,
            etag=fetched.headers.get("etag"),
            last_modified=fetched.headers.get("last-modified"),
        )
        digest = hashlib.sha256(fetched.body).hexdigest()
        new = 0
        if digest != health.body_hash:
            parsed: ParsedFeed = await self._in_worker(
                parse_feed, fetched.body, fetched.headers, feed=feed.name, now=self.now()
            )
            new = await self.ingest(parsed.stories)
            health.error = parsed.problem
            if parsed.future_dated:
                health.note = (
                    f"{parsed.future_dated} entries dated in the future; "
                    "shown at the time they were first seen"
                )
            health.state = dataclasses.replace(health.state, body_hash=digest)
        self._keep_state(feed, health)
        return new

    def _keep_state(self, feed: FeedConfig, health: FeedHealth) -> None:
        """Journal what the feed's poller must remember across restarts."""
        if self.store is not None:
            state = dataclasses.replace(health.state, moved_to=health.url, url=feed.url)
            self.store.put_feed_state(feed.name, feed.url, state)

    async def ingest(self, stories: Sequence[Story]) -> int:
        """Extract and apply stories (from a feed, or a test). Returns how many were new."""
        fresh: list[Story] = []
        revised: list[Story] = []
        events: list[Event] = []
        now = self.now()
        for story in stories:
            known = self.model.stories.get(story.id)
            if known is None:
                fresh.append(story)
            elif story.feed == known.story.feed and (story.title, story.summary) != (
                known.story.title,
                known.story.summary,
            ):
                revised.append(story)  # only the feed that first gave it may rewrite it
            else:
                events += self._apply_known(story)
        extractions: list[Extraction] = []
        if fresh or revised:
            extractions = await self._in_worker(self._extract_all, [*revised, *fresh])
        for story, extraction in zip(revised, extractions, strict=False):
            events += self.model.revise(story, extraction, now=now)
            if self.store is not None:
                record = self.model.stories[story.id]
                self.store.put_story(StoredStory(story, extraction, record.sources, now))
        extractions = extractions[len(revised) :]
        new = 0
        for n, (story, extraction) in enumerate(zip(fresh, extractions, strict=True)):
            if n and n % APPLY_CHUNK == 0:
                await asyncio.sleep(0)  # let input and redraws in between chunks
            if story.id in self.model.stories:  # the same story twice in one feed
                events += self._apply_known(story)
                continue
            events += self.model.apply(story, extraction, now=now)
            new += 1
            if self.store is not None:
                self.store.put_story(StoredStory(story, extraction, [story.feed], now))
            self._offer_article(story, extraction)
        self._emit(self._alerted(events))
        return new

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the engine's HTTP client is closed")
        return self._client

    def _offer_article(self, story: Story, extraction: Extraction) -> None:
        feed = self._feeds.get(story.feed)
        if feed is None or story.id in self._articles_final:
            return
        if not self.articles.would_take(story, feed.articles):
            return
        relevant = is_relevant(story, extraction, self.model.fronts.values())
        self.articles.offer(story, feed.articles, relevant)

    async def _article_done(self, story: Story, result: ArticleResult) -> None:
        """Keep what the page said: its text, its claims, and the outcome per outlet."""
        retry_later = result.outcome in ("timeout", "error") or (
            result.outcome == "http_error" and (result.status or 0) >= 500
        )
        if not retry_later:
            self._articles_final.add(story.id)
        record = self.model.stories.get(story.id)
        events: list[Event] = [ArticleFetched(story.id, story.feed, result.outcome)]
        text = result.text if result.outcome == "ok" else None
        if text and record is not None:
            composed = compose(record.story, text)
            extraction = await self._in_worker(
                self.extractor.extract, composed.text, countries=self._countries
            )
            article = composed.part("article")
            assert article is not None  # compose() adds it whenever there is text
            since = article.start
            events += self.model.amend(story.id, extraction, since=since, now=self.now())
            if self.store is not None:
                self.store.put_extraction(story.id, extraction)
        if self.store is not None and not retry_later:
            fetched = StoredArticle(
                result.outcome, result.status, result.detail, result.url, text, self.now()
            )
            self.store.put_article(story.id, fetched)
        health = self.health.get(story.feed)
        if health is not None:
            health.articles = dict(self.articles.progress.by_outlet.get(story.feed, {}))
            events.append(FeedHealthChanged(story.feed))
        self._emit(self._alerted(events))

    # --- alerts --------------------------------------------------------------------

    def _alerted(self, events: list[Event]) -> list[Event]:
        """`events` plus the alerts they raise; each alert is kept, stored and handed on."""
        for alert in self._rules.check(events, self.model, now=self.now()):
            self._record(alert)
            events.append(AlertRaised(alert))
            self._hooks.submit(alert)
        return events

    def _record(self, alert: Alert) -> None:
        """Keep an alert; a new revision of one (another source) replaces it in the tail."""
        if alert.revision:
            for i in range(len(self.alerts) - 1, -1, -1):
                if self.alerts[i].key == alert.key:
                    del self.alerts[i]
                    break
        self.alerts.append(alert)
        if self.store is not None:
            self.store.put_alert(alert)

    def _hook_failed(self, alert: Alert) -> None:
        self._record(alert)
        self._emit([AlertRaised(alert)])

    def _apply_known(self, story: Story) -> list[Event]:
        """A story already in the model, from this or another feed: at most a new source."""
        record = self.model.stories[story.id]
        events = self.model.apply(story, record.extraction, now=self.now())
        if events and self.store is not None:
            self.store.put_sources(story.id, record.sources)
        return events

    async def _in_worker(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, functools.partial(fn, *args, **kwargs))

    def _extract_all(self, stories: Sequence[Story]) -> list[Extraction]:
        """In the worker thread, which alone touches the learned places (and saves them)."""
        out = [self.extractor.extract(s.text, countries=self._countries) for s in stories]
        self.learned.save()
        return out


def _now() -> datetime:
    return datetime.now(UTC)
