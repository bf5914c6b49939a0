"""The stand-in engine: satisfies `tui.source.EngineView` over a real `feeds.model.Model`.

Tests feed it hand-built (Story, Extraction) pairs (see `tests.support.stories`); it
applies them through the real model and hands the model's real events to the dashboard,
so a test states exactly what the extractor found, with no gazetteer and no network.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from feeds.events import AlertRaised, Event, FeedHealthChanged
from feeds.model import Front, Model, StoryRecord
from feeds.types import Alert, Extraction, Story
from tests.support.stories import NOW


@dataclass
class Health:
    """A feed's health as the header and the feeds screen read it (`tui.source.HealthView`)."""

    state: str = "fresh"
    url: str = "https://example.org/feed.xml"
    error: str | None = None
    last_poll: datetime | None = None
    next_poll: datetime | None = None
    stories: int = 0

    def status(self, now: datetime) -> str:
        return self.state


class StubEngine:
    """Satisfies tui.source.EngineView over a real Model; `feed` plays the part of a poll."""

    def __init__(
        self,
        fronts: Sequence[Front] = (),
        feeds: Sequence[str] = (),
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.model = Model(fronts)
        self.health = {name: Health(url=f"https://{name}.example.org/rss") for name in feeds}
        self.alerts: deque[Alert] = deque(maxlen=1000)
        self.last_poll: datetime | None = None
        self.polls = 0
        self.stopped = False
        self.failure: Exception | None = None
        self.clock = clock or (lambda: NOW)
        self._subscribers: list[Callable[[Sequence[Event]], None]] = []
        self._stop = asyncio.Event()

    def subscribe(self, callback: Callable[[Sequence[Event]], None]) -> None:
        self._subscribers.append(callback)

    async def run(self) -> None:
        if self.failure is not None:
            raise self.failure
        await self._stop.wait()

    async def stop(self) -> None:
        self.stopped = True
        self._stop.set()

    def poll_now(self) -> None:
        self.polls += 1

    def now(self) -> datetime:
        return self.clock()

    def story(self, story_id: str) -> StoryRecord | None:
        return self.model.stories.get(story_id)

    def set_health(self, feed: str, state: str, error: str | None = None) -> None:
        self.health[feed].state = state
        self.health[feed].error = error
        self.last_poll = NOW
        self.emit([FeedHealthChanged(feed)])

    def emit(self, events: Sequence[Event]) -> None:
        for callback in self._subscribers:
            callback(events)

    def apply(self, *items: tuple[Story, Extraction]) -> list[Event]:
        events: list[Event] = []
        for story, extraction in items:
            events += self.model.apply(story, extraction, now=NOW)
        return events

    def feed(self, *items: tuple[Story, Extraction], alerts: Sequence[Alert] = ()) -> None:
        events = self.apply(*items)
        for alert in alerts:
            self.alerts.append(alert)
            events.append(AlertRaised(alert))
        self.last_poll = NOW
        self.emit(events)
