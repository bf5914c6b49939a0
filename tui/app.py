"""The frontwatch dashboard: an engine's live model on one screen.

The engine runs in one exclusive async worker on the app's loop. Its subscriber
posts one `EngineEvents` message per batch; the handler only marks panels stale
(`Changes`), and a timer redraws stale panels at most `REDRAW_S` apart, so a burst
of a thousand stories costs a few redraws, not a thousand. Widgets never poll the
network and never parse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from functools import cached_property
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from feeds.types import Event
from tui.changes import Changes
from tui.messages import EngineEvents, ObjectiveChosen, StoryChosen
from tui.screens import DashboardScreen, FeedsScreen, HelpScreen, HistoryScreen, StoryScreen
from tui.screens.help import Section
from tui.source import EngineView
from tui.units import utc_stamp
from tui.widgets import Panel

REDRAW_S = 0.25
"""Seconds between redraws of stale panels: at most four a second, whatever the event rate."""
OK_STATES = ("fresh", "delayed")
"""Feed health states (feeds.health.Status) the header counts as ok."""
MAX_TOASTS = 3
"""Critical alerts shown as notifications per redraw; the rest are counted (all are in the tail)."""
CLOCK_S = 30.0
"""Seconds between rewrites of relative times ("2 h ago") when nothing else changed."""


class FrontwatchApp(App[None]):
    CSS_PATH = "app.tcss"
    # Classes app.tcss keys on: narrower side panels under 120 columns, shorter tail under 36 rows.
    # (Textual declares these as instance-typed, so no ClassVar here.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("r", "poll_now", "Poll now"),
        Binding("f", "feeds", "Feeds"),
        Binding("question_mark", "help", "Keys", key_display="?"),
    ]

    def __init__(self, engine: EngineView, *, title: str = "frontwatch") -> None:
        super().__init__()
        self.engine = engine
        self.title = title
        self.changes = Changes()
        """What went stale since the last redraw."""
        self.redraws = 0
        """Redraws done since start (a burst should cost few; tests check)."""
        self._engine_worker: Worker[None] | None = None
        self._feed_status: dict[str, str] = {}
        """Each feed's status at the last redraw, to notify once when one goes down."""

    # --- life cycle ----------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self.dashboard

    @cached_property
    def dashboard(self) -> DashboardScreen:
        """The main screen; it stays at the bottom of the screen stack for the app's life."""
        return DashboardScreen(self.engine.model, self.engine.now)

    def on_mount(self) -> None:
        self.engine.subscribe(self._forward_events)
        self.changes.everything()
        self.changes.alerts.extend(self.engine.alerts)
        self.call_after_refresh(self._redraw)
        self.set_interval(REDRAW_S, self._redraw)
        self.set_interval(CLOCK_S, self.changes.everything)
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
        if not self.changes or not self.dashboard.is_mounted:
            return
        changes = self.changes.take()
        now = self.engine.now()
        self.redraws += 1
        self.dashboard.redraw(changes, now)
        if changes.header:
            self.sub_title = self._status(now)
            self._notify_failing_feeds(now)
        for screen in self.screen_stack[1:]:
            if (isinstance(screen, HistoryScreen) and (changes.objectives or changes.fronts)) or (
                isinstance(screen, FeedsScreen) and changes.header
            ):
                screen.redraw(now)
        critical = [a for a in changes.alerts if a.severity == "critical"]
        for alert in critical[:MAX_TOASTS]:
            self.notify(alert.message, title="Critical alert", severity="error", markup=False)
        if len(critical) > MAX_TOASTS:
            more = len(critical) - MAX_TOASTS
            self.notify(f"and {more} more critical alerts in the tail", severity="error")

    def _status(self, now: datetime) -> str:
        """ "feeds 3/4 ok (1 down) · last poll 14:05 UTC" for the header."""
        states = Counter(h.status(now) for h in self.engine.health.values())
        ok = sum(states[s] for s in OK_STATES)
        others = ", ".join(f"{n} {s}" for s, n in sorted(states.items()) if s not in OK_STATES)
        last = self.engine.last_poll
        when = utc_stamp(last, now) if last else "not yet"
        detail = f" ({others})" if others else ""
        return f"feeds {ok}/{sum(states.values())} ok{detail} · last poll {when}"

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
            self.push_screen(FeedsScreen(self.engine.health))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[Section]:
        """Where each binding applies, for the help screen (generated from BINDINGS)."""
        return [
            ("Everywhere", [type(self), DashboardScreen]),
            ("Panels", [Panel]),
            ("Story, history and feeds screens", [StoryScreen, HistoryScreen, FeedsScreen]),
        ]

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
