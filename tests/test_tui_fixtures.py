"""Fixed data and a fixed clock for the dashboard's Pilot, snapshot and benchmark runs.

Everything here is deterministic: `NOW` is a constant, the stand-in engine's news
clock and the app's wall clock both return it, and every story is hand-built with
the extraction a test wants, then applied through the real `feeds.model.Model`.
(No tests in this module: it is imported by tests/test_tui_*.py and bench/ui.py.)
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from feeds.events import AlertRaised, Event, FeedHealthChanged
from feeds.model import Front, Model, Objective, StoryRecord
from feeds.types import (
    Alert,
    ControlEvent,
    ControlKind,
    DistanceClaim,
    Extraction,
    Mention,
    Place,
    Sentence,
    Story,
)
from tui.app import FrontwatchApp

NOW = datetime(2024, 3, 3, 12, 0, tzinfo=UTC)
"""The fixed news clock and wall clock of every deterministic run."""

SUKHNAH = Place(172425, "As Sukhnah", "SY", 34.88533, 38.8711, 12000)
DEIR = Place(170794, "Deir ez-Zor", "SY", 35.33588, 40.14084, 271800)
TADMUR = Place(163808, "Tadmur", "SY", 34.5624, 38.28402, 51015)
ARAK = Place(174000, "Arak", "SY", 34.7167, 38.5667, 900)
KABAJEB = Place(174001, "Kabajeb", "SY", 35.0667, 39.3333, 700)
SHULA = Place(174002, "Ash Shulah", "SY", 35.15, 39.6167, 1500)


@dataclass
class Health:
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


def desert_front() -> Front:
    return Front(
        name="Desert road",
        attacker=("government forces",),
        defender=("Daesh",),
        countries=("SY",),
        objectives={SUKHNAH.geonameid: Objective(SUKHNAH), DEIR.geonameid: Objective(DEIR)},
    )


def distance_story(
    sid: str,
    km: float,
    *,
    hours_ago: float,
    feed: str = "wire",
    title: str | None = None,
    place: Place = SUKHNAH,
    direction: str | None = None,
    link: str | None = None,
) -> tuple[Story, Extraction]:
    """A story whose summary puts government forces `km` km from `place`."""
    bearing = {"SW": " southwest", "NE": " northeast"}.get(direction or "", "")
    phrase = f"{km:g} km{bearing} of" if direction else f"within {km:g} km of"
    summary = (
        f"Government forces had moved to {phrase} {place.name}, a monitor said. "
        "Fighting continued overnight."
    )
    story = Story(
        sid,
        feed,
        title or f"Army closes on {place.name} ({sid})",
        link if link is not None else f"https://example.org/{sid}",
        NOW - timedelta(hours=hours_ago),
        summary,
    )
    text = story.text
    s_start = text.index("Government forces")
    s_end = text.index("said.") + len("said.")
    sentence = Sentence(text[s_start:s_end], s_start, s_end)
    d_start = text.index(phrase)
    ref_start = text.index(place.name, s_start)
    claim = DistanceClaim(
        float(km), float(km), float(km), "exact" if direction else "within", direction, place,
        place.name, "government forces", "force_position", d_start,
        d_start + len(phrase) - 3, sentence,
    )  # fmt: skip
    mention = Mention(place.name, ref_start, ref_start + len(place.name), place)
    return story, Extraction(text, places=(mention,), distances=(claim,))


def control_story(
    sid: str,
    place: Place,
    *,
    hours_ago: float,
    event: ControlKind = "captured",
    actor: str = "government forces",
    feed: str = "wire",
) -> tuple[Story, Extraction]:
    title = f"{actor.capitalize()} {event} {place.name}"
    story = Story(sid, feed, title, None, NOW - timedelta(hours=hours_ago))
    text = story.text
    sentence = Sentence(text, 0, len(text))
    start = text.index(event)
    control = ControlEvent(event, place, place.name, actor, start, len(text), sentence)
    at = text.index(place.name)
    mention = Mention(place.name, at, at + len(place.name), place)
    return story, Extraction(text, places=(mention,), control=(control,))


def plain_story(
    sid: str, title: str, *, hours_ago: float, feed: str = "wire"
) -> tuple[Story, Extraction]:
    story = Story(sid, feed, title, f"https://example.org/{sid}", NOW - timedelta(hours=hours_ago))
    return story, Extraction(story.text)


def alert(
    message: str, *, hours_ago: float, severity: str = "warning", story: str | None = None
) -> Alert:
    return Alert(
        NOW - timedelta(hours=hours_ago),
        severity,
        "rule",
        message,
        story,
        None,
        ("wire",),  # type: ignore[arg-type]
    )


def scenario_engine() -> StubEngine:
    """A desk two days into an offensive: distances closing, towns changing hands, alerts."""
    engine = StubEngine([desert_front()], feeds=["wire", "agency", "monitor"])
    items = [
        control_story("c1", TADMUR, hours_ago=50, event="recaptured"),
        distance_story("d1", 40, hours_ago=44, feed="agency"),
        distance_story("d2", 31, hours_ago=38),
        plain_story("p1", "Sandstorm grounds flights across the east", hours_ago=36),
        distance_story("d3", 22, hours_ago=30, feed="monitor"),
        control_story("c2", ARAK, hours_ago=26),
        distance_story("d4", 15, hours_ago=20, feed="agency"),
        distance_story("d5", 8, hours_ago=8, place=SUKHNAH, direction="SW"),
        control_story("c3", KABAJEB, hours_ago=6, event="besieged"),
        distance_story("d6", 5, hours_ago=3, feed="agency"),
        distance_story(
            "d7", 5, hours_ago=2, feed="monitor", title="Monitor: troops 5 km from As Sukhnah"
        ),
        control_story("c4", SHULA, hours_ago=1, event="held", actor="Daesh"),
        plain_story("p2", "Aid agency warns of fuel shortages in the east", hours_ago=0.5),
    ]
    engine.apply(*items)
    for s in ("d6",):
        engine.model.apply(
            Story(s, "wire", "", None, NOW), Extraction(""), now=NOW
        )  # the same story from a second feed
    engine.alerts.extend(
        [
            alert(
                "Tadmur changed hands: unknown → government forces",
                hours_ago=50,
                severity="critical",
                story="c1",
            ),
            alert(
                "Desert road: As Sukhnah now 8 km away (derived), below 10 km",
                hours_ago=8,
                story="d5",
            ),
            alert(
                "Desert road: As Sukhnah now 5 km away (reported), below 10 km",
                hours_ago=3,
                story="d6",
            ),
        ]
    )
    engine.health["monitor"].state = "down"
    engine.health["monitor"].error = "HTTP 503 Service Unavailable"
    for name, health in engine.health.items():
        health.last_poll = NOW - timedelta(minutes=2)
        health.next_poll = NOW + timedelta(minutes=3)
        health.stories = 4 if name != "monitor" else 0
    engine.last_poll = NOW - timedelta(minutes=2)
    return engine


def scenario_app() -> FrontwatchApp:
    """The fixed scenario on the fixed clocks: what the snapshots show."""
    return FrontwatchApp(scenario_engine(), title="frontwatch — test", wall_clock=lambda: NOW)
