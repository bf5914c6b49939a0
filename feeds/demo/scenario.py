"""The demo's scenario: synthetic wire stories of a few offensives, on a simulated clock.

scenario.json (written for this project; real GeoNames places, invented events) lists
the feeds, and the stories each publishes at a simulated hour from `Scenario.start`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

__all__ = [
    "PACKAGE",
    "Scenario",
    "ScenarioFeed",
    "ScenarioStory",
    "demo_config_text",
    "load_scenario",
]

PACKAGE = "feeds.demo"
"""Where the demo's data files are packaged."""


@dataclass(frozen=True, slots=True)
class ScenarioFeed:
    """One feed the demo serves."""

    key: str
    """URL-safe id: the feed is served at /feeds/<key>.xml."""
    name: str
    """Shown in the dashboard."""
    fail_after_hours: float | None = None
    """From this simulated hour on the feed answers 503; None means it never fails."""


@dataclass(frozen=True, slots=True)
class ScenarioStory:
    """One synthetic wire story, published at `at_hours` on every feed in `feeds`."""

    id: str
    """The RSS guid; the same in every feed that carries the story."""
    at_hours: float
    """Simulated hours after the scenario start when the story is published."""
    feeds: tuple[str, ...]
    title: str
    summary: str
    link: str
    claims: tuple[Mapping[str, Any], ...] = ()
    """What the story asserts (for tests and docs); never served."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A replayable timeline of stories across a few feeds."""

    start: datetime
    """UTC instant of simulated hour 0: every pubDate is start + at_hours."""
    duration_hours: float
    """Simulated length; the scenario is finished past it."""
    feeds: tuple[ScenarioFeed, ...]
    stories: tuple[ScenarioStory, ...]
    places: Mapping[str, Any] = field(default_factory=dict)
    """GeoNames name -> {"geonameid", "country", "forms"}: every place the stories name."""
    expected: Mapping[str, Any] = field(default_factory=dict)
    """What the dashboard should show at the end (final distances, controllers)."""
    fronts: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Build and check a scenario; raises ValueError naming the bad entry."""
        try:
            start = datetime.fromisoformat(str(data["start"]).replace("Z", "+00:00"))
            if start.tzinfo is None:
                raise ValueError("scenario start must carry a timezone (use Z for UTC)")
            feeds = tuple(
                ScenarioFeed(
                    key=str(f["key"]),
                    name=str(f["name"]),
                    fail_after_hours=(
                        None if f.get("fail_after_hours") is None else float(f["fail_after_hours"])
                    ),
                )
                for f in data["feeds"]
            )
            stories = tuple(
                ScenarioStory(
                    id=str(s["id"]),
                    at_hours=float(s["at_hours"]),
                    feeds=tuple(str(k) for k in s["feeds"]),
                    title=str(s["title"]),
                    summary=str(s.get("summary", "")),
                    link=str(s["link"]),
                    claims=tuple(s.get("claims", ())),
                )
                for s in data["stories"]
            )
            scenario = cls(
                start=start.astimezone(UTC),
                duration_hours=float(data["duration_hours"]),
                feeds=feeds,
                stories=stories,
                places=dict(data.get("places", {})),
                expected=dict(data.get("expected", {})),
                fronts=dict(data.get("fronts", {})),
            )
        except KeyError as err:
            raise ValueError(f"scenario: missing key {err}") from err
        scenario._check()
        return scenario

    def _check(self) -> None:
        keys = [f.key for f in self.feeds]
        if len(set(keys)) != len(keys):
            raise ValueError(f"scenario: duplicate feed keys in {keys}")
        seen: set[str] = set()
        for story in self.stories:
            if story.id in seen:
                raise ValueError(f"scenario: duplicate story id {story.id!r}")
            seen.add(story.id)
            unknown = set(story.feeds) - set(keys)
            if unknown or not story.feeds:
                raise ValueError(f"scenario: story {story.id!r} names unknown feeds {unknown}")
            if not 0 <= story.at_hours <= self.duration_hours:
                raise ValueError(
                    f"scenario: story {story.id!r} at hour {story.at_hours} is outside "
                    f"0..{self.duration_hours}"
                )

    def feed(self, key: str) -> ScenarioFeed | None:
        return next((f for f in self.feeds if f.key == key), None)

    def published(self, story: ScenarioStory) -> datetime:
        """The story's simulated publication time (UTC)."""
        return self.start + timedelta(hours=story.at_hours)


def load_scenario() -> Scenario:
    """The scenario packaged with frontwatch (feeds/demo/scenario.json)."""
    text = resources.files(PACKAGE).joinpath("scenario.json").read_text(encoding="utf-8")
    return Scenario.from_dict(json.loads(text))


def demo_config_text() -> str:
    """The demo's config.toml text: fronts and alert rules, no [[feeds]] (added at run time)."""
    return resources.files(PACKAGE).joinpath("demo.toml").read_text(encoding="utf-8")
