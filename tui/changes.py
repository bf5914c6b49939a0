"""Which panels an event batch made stale: the coalescing step between events and redraws.

The engine may emit thousands of events in a burst (a first poll of many feeds).
Each batch only marks panels dirty here; the app redraws dirty panels on a timer,
a few times a second at most, so a burst costs a handful of redraws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from feeds.events import (
    AlertRaised,
    Event,
    FeedHealthChanged,
    FrontDiscovered,
    ObjectiveMoved,
    StoryAdded,
    StorySourced,
    TownChanged,
)
from feeds.types import Alert


@dataclass(slots=True)
class Changes:
    """Dirty flags per panel, plus alerts not yet written to the tail."""

    fronts: bool = False
    objectives: bool = False
    towns: bool = False
    stories: bool = False
    header: bool = False
    alerts: list[Alert] = field(default_factory=list)

    def note(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, StoryAdded):
                self.stories = True
            elif isinstance(event, StorySourced):
                # More feeds for a story change its row and the source counts of objectives.
                self.stories = self.objectives = True
            elif isinstance(event, ObjectiveMoved | FrontDiscovered):
                self.fronts = self.objectives = True
            elif isinstance(event, TownChanged):
                # A capture can change an objective's status without moving it.
                self.towns = self.objectives = self.fronts = True
            elif isinstance(event, FeedHealthChanged):
                self.header = True
            elif isinstance(event, AlertRaised):
                self.alerts.append(event.alert)

    def everything(self) -> None:
        """Mark all panels stale (the clock moved: "2 h ago" cells need rewriting)."""
        self.fronts = self.objectives = self.towns = self.stories = self.header = True

    def __bool__(self) -> bool:
        return bool(
            self.fronts
            or self.objectives
            or self.towns
            or self.stories
            or self.header
            or self.alerts
        )

    def take(self) -> Changes:
        """Return the pending changes and start afresh."""
        taken = Changes(
            self.fronts, self.objectives, self.towns, self.stories, self.header, self.alerts
        )
        self.fronts = self.objectives = self.towns = self.stories = self.header = False
        self.alerts = []
        return taken
