"""What the engine tells its subscribers: small frozen dataclasses, one per kind of change.

The dashboard turns each batch into Textual messages; `frontwatch tail` prints the
alerts among them. They carry ids and values, never a model object, so they can cross a
broker unchanged (DESIGN.md, "Scale").
"""

from __future__ import annotations

from dataclasses import dataclass

from feeds.types import Alert, ControlKind

__all__ = [
    "AlertRaised",
    "ArticleFetched",
    "Event",
    "FeedHealthChanged",
    "FrontDiscovered",
    "ObjectiveMoved",
    "StoryAdded",
    "StoryRevised",
    "StorySourced",
    "TownChanged",
]


@dataclass(frozen=True, slots=True)
class StoryAdded:
    story_id: str
    feed: str


@dataclass(frozen=True, slots=True)
class StorySourced:
    """A story already known arrived from one more feed."""

    story_id: str
    feed: str


@dataclass(frozen=True, slots=True)
class StoryRevised:
    """A feed changed a story it had already given (same id, new title or summary)."""

    story_id: str
    feed: str


@dataclass(frozen=True, slots=True)
class ObjectiveMoved:
    """An objective's current distance changed (km, None when unknown before)."""

    front: str
    geonameid: int
    old_km: float | None
    new_km: float
    story_id: str


@dataclass(frozen=True, slots=True)
class TownChanged:
    """A town's control status changed."""

    geonameid: int
    old_controller: str | None
    new_controller: str | None
    event: ControlKind
    story_id: str


@dataclass(frozen=True, slots=True)
class FrontDiscovered:
    front: str


@dataclass(frozen=True, slots=True)
class FeedHealthChanged:
    feed: str


@dataclass(frozen=True, slots=True)
class ArticleFetched:
    """The page behind a story was fetched: its outcome ("ok", "paywall", ...)."""

    story_id: str
    feed: str
    outcome: str


@dataclass(frozen=True, slots=True)
class AlertRaised:
    alert: Alert


Event = (
    StoryAdded
    | StorySourced
    | StoryRevised
    | ObjectiveMoved
    | TownChanged
    | FrontDiscovered
    | FeedHealthChanged
    | ArticleFetched
    | AlertRaised
)
