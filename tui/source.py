"""What the dashboard needs from an engine, as a Protocol.

`feeds.engine.Engine` satisfies it. Naming only these members keeps the TUI from
depending on the engine's internals, and lets tests drive the dashboard with a
small stand-in that applies hand-made extractions without a gazetteer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from feeds.events import Event
from feeds.model import Model, StoryRecord
from feeds.types import Alert


class HealthView(Protocol):
    """The part of `feeds.ingest.FeedHealth` the header and the feeds screen read."""

    @property
    def url(self) -> str: ...

    @property
    def error(self) -> str | None:
        """The last problem in words; None when the last poll was clean."""
        ...

    @property
    def last_poll(self) -> datetime | None: ...

    @property
    def next_poll(self) -> datetime | None: ...

    @property
    def stories(self) -> int:
        """New stories read from this feed since start."""
        ...

    def status(self, now: datetime) -> str:
        """ "waiting", "fresh", "delayed", "stale", "down" or "gone" (see feeds.ingest.health)."""
        ...


class EngineView(Protocol):
    """The engine as the dashboard sees it; see `feeds.engine.Engine`."""

    @property
    def model(self) -> Model: ...

    @property
    def health(self) -> Mapping[str, HealthView]: ...

    @property
    def alerts(self) -> deque[Alert]: ...

    @property
    def last_poll(self) -> datetime | None: ...

    def subscribe(self, callback: Callable[[Sequence[Event]], None]) -> None: ...

    async def run(self) -> None: ...

    async def stop(self) -> None: ...

    def poll_now(self) -> None: ...

    def now(self) -> datetime:
        """The news clock (UTC): real time, or the demo scenario's simulated time."""
        ...

    def story(self, story_id: str) -> StoryRecord | None: ...
