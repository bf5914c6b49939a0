"""The frontwatch dashboard: an engine's live model on one screen.

The engine runs in one exclusive async worker on the app's loop. Its subscriber
posts one `EngineEvents` message per batch; the handler only marks panels stale
(`Changes`) and schedules one redraw no sooner than `REDRAW_S` after the last, so
a burst of a thousand stories costs a few redraws, not a thousand, and a lone
story is on screen within a frame. Widgets never poll the network and never parse.
Every time shown ("2 h ago", the header clock, "24 h" change) is the engine's news
clock, so the demo reads in its scenario's time.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import cached_property
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from feeds.events import Event
from feeds.times import ago
from tui.changes import Changes
from tui.messages import EngineEvents, LinkRequested, ObjectiveChosen, StoryChosen
from tui.screens import (
    AlertsScreen,
    DashboardScreen,
    FeedsScreen,
    FrontPicker,
    HelpScreen,
    HistoryScreen,
    MapScreen,
    StoryScreen,
)
from tui.screens.help import Section
from tui.screens.story import open_story_link
from tui.source import EngineView
from tui.widgets import Panel, StoriesPanel
from tui.widgets.map import MapView

REDRAW_S = 0.1
"""Least seconds between redraws of stale panels: ten a second at most, whatever the event rate."""
OK_STATES = ("fresh", "delayed")
"""Feed health states (feeds.ingest.FeedStatus) the header counts as fresh."""
NARROW = 100
"""Below this many columns the header's status drops its words ("feeds", "polled")."""
THEMES = ("textual-dark", "textual-light")
"""What `t` toggles between (Textual's own themes; the palette offers all of them)."""
MAX_TOASTS = 3
"""Critical alerts shown as notifications per redraw; the rest are counted (all are in the tail)."""
CLOCK_S = 30.0
"""Seconds between rewrites of relative times ("2 h ago") when nothing else changed."""


def _wall_now() -> datetime:
    return datetime.now(UTC)


class FrontwatchApp(App[None]):
    CSS_PATH = "app.tcss"
    # Classes app.tcss keys on: narrower side panels under 120 columns, shorter tail under 36 rows.
    # (Textual declares these as instance-typed, so no ClassVar here.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("f", "pick_front", "Front"),
        Binding("m", "map", "Map"),
        Binding("a", "alerts", "Alerts"),
        Binding("F", "feeds", "Feeds", key_display="F"),
        Binding("r", "poll_now", "Poll"),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("question_mark", "help", "Keys", key_display="?"),
    ]

    def __init__(
        self,
        engine: EngineView,
        *,
        title: str = "frontwatch",
        wall_clock: Callable[[], datetime] = _wall_now,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.wall_clock = wall_clock
        """Real time (UTC): feed health and poll times are the engine's wall-clock times,
        while everything about the news uses `engine.now()`. Tests fix both."""
        self.title = title
        self.changes = Changes()
        """What went stale since the last redraw."""
        self.redraws = 0
        """Redraws done since start (a burst should cost few; tests check)."""
        self._engine_worker: Worker[None] | None = None
        self._feed_status: dict[str, str] = {}
        """Each feed's status at the last redraw, to notify once when one goes down."""
        self._pending: Timer | None = None
        """The scheduled redraw, if one is."""
        self._last_redraw = 0.0
        """time.monotonic() of the last redraw."""

    # --- life cycle ----------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self.dashboard

    @cached_property
    def dashboard(self) -> DashboardScreen:
        """The main screen; it stays at the bottom of the screen stack for the app's life."""
        return DashboardScreen(self.engine.model, self.engine.now)

    def on_mount(self) -> None:
        # The model restored from the journal lives as long as the app: move it out of
        # the collector's reach, or a full collection walks 100,000 stories mid-burst
        # (~150 ms with the loop blocked, bench.ui measured).
        gc.freeze()
        self.engine.subscribe(self._forward_events)
        self.changes.everything()
        self.changes.alerts.extend(self.engine.alerts)
        self.sub_title = self._status(self.engine.now())
        self.call_after_refresh(self._redraw)
        self.set_interval(1.0, self._tick)
        self.set_interval(CLOCK_S, self._clock_moved)
        self._engine_worker = self.run_worker(
            self.engine.run(),
            name="engine",
            group="engine",
            exclusive=True,
            exit_on_error=False,
        )

    async def on_unmount(self) -> None:
        await self.engine.stop()

    def _forward_events(self, events: Sequence[Event]) -> None:
        """The engine's subscriber: called on the engine's loop (ours), so posting is safe."""
        self.post_message(EngineEvents(tuple(events)))

    def on_engine_events(self, message: EngineEvents) -> None:
        self.changes.note(message.events)
        self._schedule_redraw()

    @property
    def redraw_pending(self) -> bool:
        """A redraw is scheduled and has not run yet (tests wait on it before a picture)."""
        return self._pending is not None

    def _schedule_redraw(self) -> None:
        """One redraw soon: now if the last was `REDRAW_S` ago, else when that has passed."""
        if self._pending is not None:
            return
        delay = max(0.005, self._last_redraw + REDRAW_S - time.monotonic())  # 0 breaks Timer
        self._pending = self.set_timer(delay, self._redraw)

    def _clock_moved(self) -> None:
        self.changes.everything()
        self._schedule_redraw()

    def _tick(self) -> None:
        """The header's clock is the news clock, so it is ours to move (once a second)."""
        self.sub_title = self._status(self.engine.now())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures surface: a notification, never a traceback."""
        if event.worker is not self._engine_worker or event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(
            f"The feed engine stopped: {type(error).__name__}: {error}",
            title="Engine error",
            severity="error",
            timeout=30,
            markup=False,
        )

    # --- redraw --------------------------------------------------------------------

    def _redraw(self) -> None:
        self._pending = None
        if not self.changes or not self.dashboard.is_mounted:
            return
        self._last_redraw = time.monotonic()
        changes = self.changes.take()
        now = self.engine.now()
        self.redraws += 1
        alerts = list(changes.alerts)
        self.dashboard.redraw(changes, now)
        if changes.header:
            self.sub_title = self._status(now)
            self._notify_failing_feeds(self.wall_clock())
        moved = changes.objectives or changes.fronts or changes.towns
        for screen in self.screen_stack[1:]:
            if (isinstance(screen, HistoryScreen) and moved) or (
                isinstance(screen, FeedsScreen) and changes.header
            ):
                screen.redraw(self.wall_clock() if isinstance(screen, FeedsScreen) else now)
            elif isinstance(screen, MapScreen) and moved:
                screen.redraw()
            elif isinstance(screen, AlertsScreen) and alerts:
                screen.add(alerts, now)
        # A revision (the same fact from one more source) updates the tail, it does not toast.
        critical = [a for a in changes.alerts if a.severity == "critical" and not a.revision]
        for alert in critical[:MAX_TOASTS]:
            self.notify(alert.message, title="Critical alert", severity="error", markup=False)
        if len(critical) > MAX_TOASTS:
            more = len(critical) - MAX_TOASTS
            self.notify(f"and {more} more critical alerts in the tail", severity="error")

    def _status(self, now: datetime) -> str:
        """ "3 Mar 14:05 UTC · feeds 3/4 fresh (1 down) · polled 2 min ago" for the header.

        The clock is the news clock (engine.now()); feed states and the poll's age are
        on the wall clock, as the engine keeps them.
        """
        wall = self.wall_clock()
        states = Counter(h.status(wall) for h in self.engine.health.values())
        ok = sum(states[s] for s in OK_STATES)
        others = ", ".join(f"{n} {s}" for s, n in sorted(states.items()) if s not in OK_STATES)
        last = self.engine.last_poll
        when = ago(last, wall) if last else "not yet"
        detail = f", {others}" if others else ""
        clock = f"{now.day} {now:%b %H:%M} UTC"
        if self.size.width < NARROW:  # the title and this must fit on one 80-column line
            return f"{clock} · {ok}/{sum(states.values())} fresh{detail} · {when}"
        return f"{clock} · {ok}/{sum(states.values())} feeds fresh{detail} · polled {when}"

    def _notify_failing_feeds(self, now: datetime) -> None:
        """A feed that goes down becomes one notification (and stays visible in the header)."""
        for name, health in self.engine.health.items():
            status = health.status(now)
            before = self._feed_status.get(name)
            self._feed_status[name] = status
            if status in ("down", "gone") and before != status:
                self.notify(
                    f"{name}: {health.error or status}",
                    title=f"Feed {status}",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )

    # --- keys and choices ----------------------------------------------------------

    def action_poll_now(self) -> None:
        self.engine.poll_now()
        self.notify("Polling every feed now.", timeout=2)

    async def action_quit(self) -> None:
        try:
            await self.engine.stop()
        finally:
            self.exit()

    def action_feeds(self) -> None:
        if not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen(self.engine.health, self.wall_clock))

    def action_alerts(self) -> None:
        if not isinstance(self.screen, AlertsScreen):
            self.push_screen(AlertsScreen(self.engine.alerts))

    def action_map(self) -> None:
        if not isinstance(self.screen, MapScreen):
            self.push_screen(MapScreen(self.engine.model, self.dashboard.front))

    def action_pick_front(self) -> None:
        if isinstance(self.screen, FrontPicker):
            return
        fronts = list(self.engine.model.fronts)
        if not fronts:
            self.notify("No fronts yet: none configured and none discovered.", timeout=3)
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                self.dashboard.choose_front(name)

        self.push_screen(FrontPicker(fronts, self.dashboard.front), chosen)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def action_filter(self) -> None:
        """The palette's way to `/`: back to the dashboard, filter box open."""
        while len(self.screen_stack) > 1 and self.screen is not self.dashboard:
            self.pop_screen()
        self.dashboard.action_filter()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the app in the palette (ctrl+p), with Textual's own after them."""
        yield SystemCommand("Poll now", "Poll every feed now (r)", self.action_poll_now)
        yield SystemCommand(
            "Pick a front", "Choose the front the dashboard shows (f)", self.action_pick_front
        )
        yield SystemCommand("Filter stories and towns", "Fuzzy filter (/)", self.action_filter)
        yield SystemCommand("Map", "The chosen front's towns on a map (m)", self.action_map)
        yield SystemCommand("Alerts", "Every alert in memory (a)", self.action_alerts)
        yield SystemCommand("Feeds", "Feed health (F)", self.action_feeds)
        yield SystemCommand("Keys", "Every key, from the bindings (?)", self.action_help)
        yield SystemCommand("Toggle dark / light", "Switch theme (t)", self.action_toggle_theme)
        if isinstance(screen, StoryScreen):
            yield SystemCommand(
                "Open link", "The story's link in the browser (o)", screen.action_open_link
            )
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[Section]:
        """Where each binding applies, for the help screen (generated from BINDINGS)."""
        return [
            ("Everywhere", [type(self), DashboardScreen]),
            ("Panels", [Panel, StoriesPanel]),
            ("Map", [MapView]),
            (
                "Other screens",
                [StoryScreen, HistoryScreen, FeedsScreen, AlertsScreen, MapScreen, FrontPicker],
            ),
        ]

    def on_link_requested(self, message: LinkRequested) -> None:
        record = self.engine.story(message.story_id)
        open_story_link(self.screen, record.story.link if record else None)

    def on_story_chosen(self, message: StoryChosen) -> None:
        record = self.engine.story(message.story_id)
        if record is None:
            self.notify("That story is no longer in memory.", severity="warning")
            return
        self.push_screen(StoryScreen(record, self.engine.model, now=self.engine.now()))

    def on_objective_chosen(self, message: ObjectiveChosen) -> None:
        self.push_screen(
            HistoryScreen(self.engine.model, message.front, message.geonameid, self.engine.now)
        )
