"""Every Textual message the dashboard posts, as small dataclasses.

`EngineEvents` carries one engine batch up to the app; the others carry a user's
choice from a panel up to the screen that owns the panels (attributes down,
messages up: panels never call each other).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from feeds.events import Event


@dataclass
class EngineEvents(Message):
    """One batch of engine events, as the engine emitted it (one message per batch)."""

    events: tuple[Event, ...]


@dataclass
class FrontHighlighted(Message):
    """The cursor in the fronts panel rests on this front; the objectives panel follows."""

    front: str


@dataclass
class ObjectiveChosen(Message):
    """Enter on an objective: open its distance history."""

    front: str
    geonameid: int


@dataclass
class StoryChosen(Message):
    """Enter on a story (or a history point): open the story with its highlights."""

    story_id: str


@dataclass
class LinkRequested(Message):
    """`o` on a story: open its link in the browser (the app checks the scheme)."""

    story_id: str
