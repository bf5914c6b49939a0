"""The dashboard driven with Pilot: what a desk user sees and which keys do what.

Most tests use `StubEngine`, a stand-in that applies hand-made extractions to a real
`feeds.model.Model` and emits the model's real events, so each test states exactly
what the extractor found. The last tests drive a real `feeds.engine.Engine` with the
session gazetteer, from story text to screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from feeds.geo import Gazetteer
from feeds.model import Front, Model
from feeds.types import Alert, Extraction, Story
from tests.support import stories
from tests.support.places import DEIR, DESERT_ROAD, SUKHNAH, TADMUR, desert_front
from tests.support.stand_in import StubEngine as FixtureEngine
from tui.app import REDRAW_S, FrontwatchApp
from tui.messages import EngineEvents
from tui.screens import DashboardScreen, FeedsScreen, HelpScreen, HistoryScreen, StoryScreen
from tui.screens.feeds import FeedsTable
from tui.widgets import AlertTail, FrontsPanel, ObjectivesPanel, StoriesPanel, TownsPanel
from tui.widgets.stories import WINDOW, story_rows

NOW = datetime.now(UTC).replace(microsecond=0)
HOSTILE = "[bold red]x[/]\x1b[31m"
SIZE = (120, 40)

pytestmark = pytest.mark.asyncio


# --- a stand-in engine over a real Model ------------------------------------------------


class StubEngine(FixtureEngine):
    """The support's stand-in engine on the real clock (these tests say "2 h ago" of now)."""

    def __init__(self, fronts: Sequence[Front] = (), feeds: Sequence[str] = ()) -> None:
        super().__init__(fronts, feeds, clock=lambda: datetime.now(UTC))


# The support's story builders, dated hours before the real now.
distance_story = partial(stories.distance_story, now=NOW)
capture_story = partial(stories.control_story, place=TADMUR, now=NOW)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the coalesced redraw (the app redraws at most every REDRAW_S seconds)."""
    await pilot.pause(REDRAW_S + 0.1)


def rendered(widget: DataTable[object]) -> str:
    """What the terminal shows of a table, as plain text lines."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    )


# --- tests -----------------------------------------------------------------------------


async def test_objective_shows_km_and_follows_a_second_story_live() -> None:
    engine = StubEngine([desert_front()], feeds=["wire", "agency"])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(distance_story("s1", 5, hours_ago=2))
        await settle(pilot)
        table = app.dashboard.query_one(ObjectivesPanel)
        key = str(SUKHNAH.geonameid)
        assert table.cell_text(key, "distance") == "5 km"
        assert table.cell_text(key, "how") == "ʀ"  # reported
        assert table.cell_text(key, "other") == ""  # nothing derived yet
        assert table.cell_text(key, "change") == "—"  # one point: no change yet
        assert table.cell_text(key, "when") == "2 h ago"
        assert table.cell_text(key, "sources") == "1 src"
        assert table.cell_text(str(DEIR.geonameid), "distance") == "—"
        assert "5 km" in rendered(table)
        assert "2/2 feeds fresh · polled" in app.sub_title

        engine.feed(distance_story("s2", 3, hours_ago=1, feed="agency"))
        await settle(pilot)
        assert table.cell_text(key, "distance") == "3 km"
        assert table.cell_text(key, "change") == "\u22122 km"
        fronts = app.dashboard.query_one(FrontsPanel)
        assert fronts.cell_text("Desert road", "closest") == "3 km"


async def test_enter_on_a_story_shows_its_claims_highlighted_and_escape_returns() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(distance_story("s1", 5, hours_ago=2))
        await settle(pilot)
        app.dashboard.query_one(StoriesPanel).focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        sentence = "Government forces had moved to within 5 km of As Sukhnah, a monitor said."
        assert screen.marked("sentence") == [sentence]
        assert screen.marked("distance") == ["within 5 km"]
        assert screen.marked("place") == ["As Sukhnah"]
        assert all(screen.style_at(mark) for mark in screen.marks)
        assert screen.claims == [
            "force position: within 5 km of As Sukhnah — reported, subject: government forces"
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_enter_on_an_objective_opens_its_history_and_a_point_opens_its_story() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(distance_story("s1", 5, hours_ago=2), distance_story("s2", 3, hours_ago=1))
        await settle(pilot)
        app.dashboard.query_one(ObjectivesPanel).focus()
        await pilot.press("enter")  # the nearest objective is first: As Sukhnah
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.geonameid == SUKHNAH.geonameid
        table = history.query_one("#history", DataTable)
        assert table.row_count == 2
        await pilot.press("enter")  # newest point first
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.record.story.id == "s2"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is history
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_towns_panel_shows_who_took_a_town() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(capture_story("c1", hours_ago=3))
        await settle(pilot)
        towns = app.dashboard.query_one(TownsPanel)
        key = str(TADMUR.geonameid)
        assert towns.cell_text(key, "controller") == "government forces"
        assert towns.cell_text(key, "event") == "captured"
        assert towns.cell_text(key, "since") == "3 h ago"
        # The capture is derived progress toward both objectives, with its unit.
        objectives = app.dashboard.query_one(ObjectivesPanel)
        assert objectives.cell_text(str(SUKHNAH.geonameid), "how") == "ᴅ"  # derived
        assert objectives.cell_text(str(SUKHNAH.geonameid), "distance").endswith(" km")


async def test_question_mark_lists_the_bindings_and_escape_closes() -> None:
    app = FrontwatchApp(StubEngine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        keys_for = {what: keys.split(" / ") for _, keys, what in screen.lines}
        assert "q" in keys_for["Quit"]
        assert keys_for["Poll"] == ["r"]
        assert keys_for["Feeds"] == ["F"]
        assert keys_for["Front"] == ["f"]
        assert keys_for["Zoom in"] == ["+"]
        assert "j" in keys_for["Cursor down"]
        assert "Esc" in keys_for["Back"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_q_quits_and_stops_the_engine() -> None:
    engine = StubEngine()
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert engine.stopped
    assert app.return_code == 0


async def test_r_polls_now_and_feed_health_shows_in_header_toast_and_f_screen() -> None:
    engine = StubEngine(feeds=["wire", "agency"])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert engine.polls == 1
        engine.set_health("agency", "down", error="HTTP 503 Service Unavailable")
        await settle(pilot)
        assert "1/2 feeds fresh, 1 down · polled" in app.sub_title
        notes = [n.message for n in app._notifications]
        assert "agency: HTTP 503 Service Unavailable" in notes
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        table = app.screen.query_one(FeedsTable)
        assert table.cell_text("agency", "status") == "down"
        assert table.cell_text("agency", "problem") == "HTTP 503 Service Unavailable"


async def test_tab_moves_focus_across_the_panels() -> None:
    app = FrontwatchApp(StubEngine([desert_front()]))
    async with app.run_test(size=SIZE) as pilot:
        order = []
        for _ in range(5):
            assert app.focused is not None
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["fronts", "objectives", "stories", "towns", "alerts"]
        assert app.focused is not None and app.focused.id == "fronts"  # and round again
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "alerts"


async def test_j_and_k_move_the_story_cursor_and_new_stories_do_not_steal_it() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(*(distance_story(f"s{i}", 20 - i, hours_ago=10 - i) for i in range(5)))
        await settle(pilot)
        stories = app.dashboard.query_one(StoriesPanel)
        stories.focus()
        assert stories.cursor_key == "s4"  # newest first
        await pilot.press("j", "j")
        assert stories.cursor_key == "s2"
        await pilot.press("k")
        assert stories.cursor_key == "s3"
        # A new story does not move the row being read...
        engine.feed(distance_story("s5", 9, hours_ago=0.5))
        await settle(pilot)
        assert stories.cursor_key == "s3"
        # ...but a cursor on the newest story follows the news.
        await pilot.press("k", "k")
        assert stories.cursor_key == "s5"
        engine.feed(distance_story("s6", 8, hours_ago=0.2))
        await settle(pilot)
        assert stories.cursor_key == "s6"


async def test_hostile_title_is_shown_literally_and_inert() -> None:
    evil_front = Front(name="[b]Evil[/b]\x1b]0;pwned\x07")  # a title-setting OSC sequence
    engine = StubEngine([desert_front(), evil_front])
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(distance_story("evil", 5, hours_ago=1, title=HOSTILE))
        await settle(pilot)
        fronts = app.dashboard.query_one(FrontsPanel)
        assert fronts.cell_text(evil_front.name, "front") == "[b]Evil[/b]"
        assert "pwned" not in rendered(fronts)
        stories = app.dashboard.query_one(StoriesPanel)
        assert stories.cell_text("evil", "title") == "[bold red]x[/]"
        shown = rendered(stories)
        assert "[bold red]x[/]" in shown
        assert "\x1b" not in shown
        stories.focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        assert screen.body.plain.startswith("[bold red]x[/]\n\n")  # offsets still line up:
        assert screen.marked("distance") == ["within 5 km"]


async def test_a_burst_of_stories_costs_few_redraws_and_a_bounded_table() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    batches: list[EngineEvents] = []

    def hook(message: object) -> None:
        if isinstance(message, EngineEvents):
            batches.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        before = app.redraws
        for i in range(1000):  # one batch each, as a thousand tiny polls would
            if i % 100:
                story = Story(f"b{i}", "wire", f"Item {i}", None, NOW - timedelta(hours=1))
                engine.feed((story, Extraction(story.title)))
            else:
                engine.feed(distance_story(f"b{i}", 50 - i % 40, hours_ago=1))
        await settle(pilot)
        stories = app.dashboard.query_one(StoriesPanel)
        assert stories.row_count == WINDOW
        assert stories.row_keys[0] == "b999"
        assert stories.border_title == "Stories (1000)"
        assert len(batches) == 1000  # one message per engine batch...
        assert app.redraws - before <= 3  # ...but a handful of redraws


async def test_stories_read_as_a_timeline_even_when_feeds_deliver_late() -> None:
    model = Model([desert_front()])
    for story, extraction in (
        distance_story("fresh", 5, hours_ago=1),
        distance_story("late-but-old", 9, hours_ago=6),  # arrives last, happened first
        distance_story("middle", 7, hours_ago=3),
    ):
        model.apply(story, extraction, now=NOW)
    assert [key for key, _ in story_rows(model, NOW)] == ["fresh", "middle", "late-but-old"]
    assert [key for key, _ in story_rows(model, NOW, window=2)] == ["middle", "late-but-old"]


async def test_alerts_are_tailed_newest_last_and_open_their_story() -> None:
    engine = StubEngine([desert_front()])
    app = FrontwatchApp(engine)
    first = Alert(NOW, "warning", "distance_below", "As Sukhnah now 5 km away", "s1")
    second = Alert(NOW, "info", "control_change", f"Tadmur captured {HOSTILE}", "c1")
    async with app.run_test(size=SIZE) as pilot:
        engine.feed(distance_story("s1", 5, hours_ago=1), alerts=[first, second])
        await settle(pilot)
        tail = app.dashboard.query_one(AlertTail)
        first_key, second_key = tail.row_keys
        assert tail.cell_text(first_key, "message") == "As Sukhnah now 5 km away"
        assert tail.cell_text(second_key, "message") == "Tadmur captured [bold red]x[/]"
        assert tail.cursor_key == second_key  # it follows the newest
        tail.focus()
        await pilot.press("k", "enter")  # the alert's story, one keypress away
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.record.story.id == "s1"


async def test_an_engine_failure_becomes_a_notification() -> None:
    engine = StubEngine()
    engine.failure = RuntimeError("store is locked")
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("store is locked" in m for m in messages)
        assert isinstance(app.screen, DashboardScreen)  # still running, still usable


async def test_no_feeds_and_no_fronts_still_makes_a_usable_dashboard() -> None:
    app = FrontwatchApp(StubEngine())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sub_title.endswith(" UTC · 0/0 fresh · not yet")  # 80 columns: compact
        assert app.dashboard.query_one(FrontsPanel).border_subtitle == "none yet"
        await pilot.press("tab", "enter")  # nothing to open: no crash
        assert isinstance(app.screen, DashboardScreen)


# --- with the real engine and gazetteer ------------------------------------------------


def wire_story(sid: str, km: int, hours_ago: float) -> Story:
    return Story(
        sid,
        "wire",
        "Army closes in on desert town",
        None,
        NOW - timedelta(hours=hours_ago),
        "Syrian government forces pressed east along the desert highway. "
        f"A monitoring group said government forces had moved to within {km} km of Al-Sukhna.",
    )


async def test_real_engine_moves_the_objective_and_the_story_shows_the_sentence(
    gazetteer: Gazetteer,
) -> None:
    from feeds.config import Config
    from feeds.engine import Engine

    engine = Engine(Config(path=None, fronts=(DESERT_ROAD,)), gazetteer=gazetteer)
    app = FrontwatchApp(engine)
    async with app.run_test(size=SIZE) as pilot:
        await engine.ingest([wire_story("w1", 5, hours_ago=2)])
        await settle(pilot)
        objectives = app.dashboard.query_one(ObjectivesPanel)
        key = str(SUKHNAH.geonameid)
        assert objectives.cell_text(key, "distance") == "5 km"
        assert objectives.cell_text(key, "how") == "ʀ"

        await engine.ingest([wire_story("w2", 3, hours_ago=1)])
        await settle(pilot)
        assert objectives.cell_text(key, "distance") == "3 km"
        assert objectives.cell_text(key, "change") == "\u22122 km"

        app.dashboard.query_one(StoriesPanel).focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        sentence = (
            "A monitoring group said government forces had moved to within 3 km of Al-Sukhna."
        )
        assert sentence in screen.marked("sentence")
        assert any(
            line.startswith("force position: within 3 km of As Sukhnah") for line in screen.claims
        )


async def test_real_engine_with_no_feeds_runs_quietly(gazetteer: Gazetteer) -> None:
    from feeds.config import Config
    from feeds.engine import Engine

    engine = Engine(Config(path=None), gazetteer=gazetteer)
    app = FrontwatchApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sub_title.endswith(" UTC · 0/0 fresh · not yet")  # 80 columns: compact
        assert not [n for n in app._notifications if n.severity == "error"]
        await pilot.press("r", "tab", "enter", "q")
    assert app.return_code == 0
