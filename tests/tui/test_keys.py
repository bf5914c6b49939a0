"""Every binding and every drill-down path, driven with Pilot on the fixed scenario."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support.dashboard import scenario_app
from tests.support.places import SUKHNAH
from tests.support.stories import NOW, alert, distance_story
from tui.app import REDRAW_S, FrontwatchApp
from tui.screens import (
    AlertsScreen,
    DashboardScreen,
    FeedsScreen,
    FrontPicker,
    HistoryScreen,
    MapScreen,
    StoryScreen,
)
from tui.widgets import AlertTail, FrontsPanel, ObjectivesPanel, StoriesPanel, TownsPanel
from tui.widgets.map import MapView
from tui.widgets.plot import DistancePlot

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause(REDRAW_S + 0.05)


async def started(pilot: Pilot[None]) -> FrontwatchApp:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, FrontwatchApp)
    return app


async def test_drill_down_front_objective_plot_story_and_back() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter")  # front -> objectives
        assert app.focused is app.dashboard.query_one(ObjectivesPanel)
        assert app.dashboard.query_one(ObjectivesPanel).cursor_key == str(SUKHNAH.geonameid)
        await pilot.press("enter")  # objective -> its history with the plot
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        plot = screen.query_one(DistancePlot)
        assert plot.data is not None and len(plot.data.points) == len(screen.objective.history)
        assert "● reported" in "".join(s.text for s in plot.render_line(plot.size.height - 1))
        await pilot.press("enter")  # newest point -> its story
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.record.story.id == "d7"
        assert app.screen.marked("distance") == ["within 5 km"]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_stories_and_alerts_drill_down_to_their_story() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.dashboard.query_one(StoriesPanel).focus()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.record.story.id == "c4"
        await pilot.press("escape")
        tail = app.dashboard.query_one(AlertTail)
        tail.focus()
        await pilot.press("enter")  # the last alert: d6
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.record.story.id == "d6"


async def test_f_picks_a_front_and_escape_cancels() -> None:
    app = scenario_app()
    app.engine.model.fronts["Second front"] = type(app.engine.model.fronts["Desert road"])(
        name="Second front"
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FrontPicker)
        await pilot.press("escape")
        await pilot.pause()
        assert app.dashboard.front == "Desert road"
        await pilot.press("f", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.dashboard.front == "Second front"
        assert app.dashboard.query_one(FrontsPanel).cursor_key == "Second front"
        assert app.dashboard.query_one(ObjectivesPanel).row_count == 0


async def test_slash_filters_stories_and_towns_fuzzily_and_escape_clears() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        stories = app.dashboard.query_one(StoriesPanel)
        towns = app.dashboard.query_one(TownsPanel)
        total = stories.row_count
        await pilot.press("slash", *"sndstrm")
        await pilot.pause()
        assert stories.row_keys == ["p1"]
        await pilot.press("enter")
        assert app.focused is stories
        await pilot.press("slash", "backspace", *"aaaaaaaa"[:0])
        app.dashboard.query_one("#filter").value = "tdmr"
        await pilot.pause()
        assert towns.row_keys == ["163808"]
        await pilot.press("escape")
        await pilot.pause()
        assert stories.row_count == total and towns.row_count == 4


async def test_a_opens_all_alerts_and_new_ones_arrive_there() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        tail = screen.query_one(AlertTail)
        assert tail.row_count == 3
        app.engine.feed(alerts=[alert("Kabajeb besieged", hours_ago=0)])
        await settle(pilot)
        assert tail.row_count == 4 and tail.cursor_row == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_alert_tail_follows_stops_when_scrolled_up_and_resumes_at_the_bottom() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        tail = app.dashboard.query_one(AlertTail)
        tail.focus()
        app.engine.feed(alerts=[alert("one", hours_ago=0)])
        await settle(pilot)
        assert tail.cursor_row == tail.row_count - 1  # following
        await pilot.press("k", "k")
        app.engine.feed(alerts=[alert("two", hours_ago=0)])
        await settle(pilot)
        assert tail.cursor_row == tail.row_count - 4  # left where the reader is
        await pilot.press("end")
        app.engine.feed(alerts=[alert("three", hours_ago=0)])
        await settle(pilot)
        assert tail.cursor_row == tail.row_count - 1  # following again


async def test_m_opens_the_map_and_keys_zoom_pan_and_fit() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        view = app.screen.query_one(MapView)
        await pilot.pause()
        assert "As Sukhnah" in "".join(
            s.text for y in range(view.size.height) for s in view.render_line(y)
        )
        fitted = view.viewport
        assert fitted is not None
        await pilot.press("plus")
        assert view.viewport.km_per_dot == pytest.approx(fitted.km_per_dot / 2)
        await pilot.press("minus", "minus")
        assert view.viewport.km_per_dot == pytest.approx(fitted.km_per_dot * 2)
        await pilot.press("l")
        assert view.viewport.lon > fitted.lon
        await pilot.press("k")
        assert view.viewport.lat > fitted.lat
        await pilot.press("0")
        await pilot.pause()
        assert view.viewport == fitted
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_capital_f_opens_feeds_r_polls_t_toggles_theme() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "2/3 feeds fresh, 1 down · polled 2 min ago" in app.sub_title
        assert app.sub_title.startswith("3 Mar 12:00 UTC")  # the news clock, not the wall's
        await pilot.press("r")
        assert app.engine.polls == 1
        theme = app.theme
        await pilot.press("t")
        assert app.theme != theme and app.current_theme.dark is False
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("escape")


async def test_o_opens_http_links_only(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    app = scenario_app()
    app.engine.apply(distance_story("evil", 4, hours_ago=0.1, link="javascript:alert(1)"))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.dashboard.query_one(StoriesPanel).focus()
        await pilot.press("o")  # the newest story: the javascript: link
        await pilot.pause()
        assert opened == []
        assert any("Not a web link" in n.message for n in app._notifications)
        await pilot.press("j", "enter")  # p2 has an https link
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("o")
        assert opened == ["https://example.org/p2"]


async def test_h_and_l_scroll_a_wide_table() -> None:
    app = scenario_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        table = app.dashboard.query_one(ObjectivesPanel)
        table.focus()
        await pilot.press("l")
        await pilot.pause()
        assert table.scroll_x > 0
        await pilot.press("h")
        await pilot.pause()
        assert table.scroll_x == 0


async def test_palette_offers_every_action() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for action in ("Poll now", "Pick a front", "Filter stories and towns", "Map"):
            assert action in titles
        for action in ("Alerts", "Feeds", "Keys", "Toggle dark / light", "Quit"):
            assert action in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"map", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MapScreen)


async def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = scenario_app()
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "3 Mar 12:00 UTC" in app.sub_title


async def test_objective_row_shows_both_ways_and_times_on_the_news_clock() -> None:
    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        objectives = app.dashboard.query_one(ObjectivesPanel)
        key = str(SUKHNAH.geonameid)
        assert objectives.cell_text(key, "when") == "2 h ago"  # NOW minus 2 h, not wall time
        assert NOW.hour == 12
        assert objectives.cell_text(key, "distance") == "5 km"
        assert objectives.cell_text(key, "how") == "ʀ"
        assert objectives.cell_text(key, "other") == "33.5 km ᴅ"  # the 8 km SW projection
        assert objectives.cell_text(key, "change") == "\u221217 km"  # 22 km a day ago
        assert objectives.cell_text(key, "rate") != "—"
        assert objectives.cell_text(key, "eta").startswith("~")


async def test_a_fact_from_one_more_source_updates_its_alert_row_and_does_not_toast_again() -> None:
    import dataclasses

    app = scenario_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        tail = app.dashboard.query_one(AlertTail)
        rows = tail.row_count
        first = dataclasses.replace(
            alert("Kabajeb changed hands", hours_ago=0, severity="critical"), key="town:1"
        )
        app.engine.feed(alerts=[first])
        await settle(pilot)
        toasts = len(app._notifications)
        again = dataclasses.replace(first, revision=1, sources=("wire", "other wire"))
        app.engine.feed(alerts=[again])
        await settle(pilot)
        assert tail.row_count == rows + 1
        assert tail.cell_text(f"alert-{tail.written - 1}", "feeds") == "2 feeds"
        assert len(app._notifications) == toasts
