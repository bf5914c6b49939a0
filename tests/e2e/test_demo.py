"""The whole path: the demo server plays its scenario, the real engine polls it, the app shows it.

The scenario is played fast (a few seconds) with a short poll interval; when it has
ended and been polled once more, the objectives panel must show what the scenario
implies, and the keys a new user tries first must work.
"""

from __future__ import annotations

import asyncio
import dataclasses

from feeds.config import parse_config
from feeds.demo import DemoServer, demo_config_text, load_scenario
from feeds.engine import Engine
from tui.app import FrontwatchApp
from tui.screens import DashboardScreen, HelpScreen, StoryScreen
from tui.widgets import FrontsPanel, ObjectivesPanel, StoriesPanel, TownsPanel

POLL_S = 0.3
PLAY_S = 6.0


def km_text(km: float) -> str:
    return f"{km:g} km"


async def test_the_demo_plays_to_its_end_on_screen(gazetteer):
    scenario = load_scenario()
    server = DemoServer(scenario, minutes=PLAY_S / 60)
    config = parse_config(demo_config_text(), None)
    settings = dataclasses.replace(config.settings, max_interval_s=POLL_S, timeout_s=2.0)
    with server:
        config = dataclasses.replace(config, feeds=server.feed_configs(POLL_S), settings=settings)
        engine = Engine(config, gazetteer=gazetteer, clock=server.scenario_time)
        app = FrontwatchApp(engine, title="frontwatch — demo")
        async with app.run_test(size=(160, 45)) as pilot:
            for _ in range(int(PLAY_S * 4) + 40):
                await asyncio.sleep(0.25)
                if server.finished and engine.last_poll and engine.health["Demo Wire"].last_poll:
                    break
            assert server.finished
            await asyncio.sleep(POLL_S * 4)  # one more round of polls after the end
            await pilot.pause(0.5)

            fronts = app.dashboard.query_one(FrontsPanel)
            objectives = app.dashboard.query_one(ObjectivesPanel)
            for expected in scenario.expected["objectives"]:
                front = expected["front"]
                fronts.move_cursor(row=fronts.get_row_index(front))
                await pilot.pause(0.3)
                assert objectives.front == front
                shown = objectives.cell_text(str(expected["geonameid"]), "distance")
                assert shown == km_text(expected["km"]), (front, expected["objective"], shown)

            towns = app.dashboard.query_one(TownsPanel)
            for expected in scenario.expected["controllers"]:
                held_by = towns.cell_text(str(expected["geonameid"]), "controller")
                front = engine.model.fronts[expected["front"]]
                side = front.attacker if expected["controller"] == "attacker" else front.defender
                assert held_by == side[0], (expected["place"], held_by)

            # What the fronts work computes shows while the demo plays: a discovered front,
            # a corroborated claim, a derived distance beside a reported one, a change of
            # hands alerted.
            (found,) = scenario.expected["discovered"]
            discovered = [f for f in engine.model.fronts.values() if f.discovered]
            assert any(
                o.place.geonameid == found["geonameid"]
                and o.current
                and o.current.km == found["km"]
                for f in discovered
                for o in f.objectives.values()
            ), [f.name for f in discovered]
            objectives_all = [
                o for f in engine.model.fronts.values() for o in f.objectives.values()
            ]
            assert any(o.tier() == "corroborated" for o in objectives_all)
            assert any(o.latest("reported") and o.latest("derived") for o in objectives_all)
            assert any(a.rule == "control_change" for a in engine.alerts)

            # The failing feed says why; the others are fine.
            health = engine.health["Eastern Front Monitor"]
            assert health.ok is False and health.error == "HTTP 503 Service Unavailable"
            assert engine.health["Demo Wire"].ok

            # Keys: Enter on a story opens it, Escape returns, ? helps, q quits.
            app.dashboard.query_one(StoriesPanel).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StoryScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert any("q" in keys for _, keys, _ in app.screen.lines)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0
