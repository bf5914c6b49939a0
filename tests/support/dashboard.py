"""The fixed desk scenario the Pilot tests and the snapshots show, on the fixed clocks.

Everything is deterministic: `NOW` is a constant, the stand-in engine's news clock and
the app's wall clock both return it, and every story is hand-built.
"""

from __future__ import annotations

from datetime import timedelta

from feeds.types import Extraction, Story
from tests.support.places import ARAK, KABAJEB, SHULA, SUKHNAH, TADMUR, desert_front
from tests.support.stand_in import StubEngine
from tests.support.stories import (
    NOW,
    alert,
    control_story,
    distance_story,
    plain_story,
)
from tui.app import FrontwatchApp


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
