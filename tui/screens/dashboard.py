"""The main screen: fronts, objectives, towns, stories and the alert tail.

It owns the dashboard's state (which front is chosen, what `/` filters) and pushes
it down to its panels; the panels report choices up as messages. The app tells it
what changed (`redraw`), a few times a second at most.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from feeds.model import Model
from tui.changes import Changes
from tui.messages import FrontHighlighted
from tui.search import Fuzzy
from tui.widgets import AlertTail, FrontsPanel, ObjectivesPanel, StoriesPanel, TownsPanel


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DashboardScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, model: Model, clock: Callable[[], datetime] = _utc_now) -> None:
        super().__init__(id="dashboard")
        self.model = model
        self.clock = clock
        """The news clock: real time, or the demo scenario's."""
        self.front: str | None = None
        """The front whose objectives are shown; None until there is one."""
        self.search: Fuzzy | None = None
        """What `/` filters stories and towns by; None shows everything."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◎")
        yield Input(
            placeholder="filter stories and towns (fuzzy) — Enter keeps, Esc clears", id="filter"
        )
        with Horizontal(id="top"):
            yield FrontsPanel(id="fronts")
            yield ObjectivesPanel(id="objectives")
        with Horizontal(id="middle"):
            yield StoriesPanel(id="stories")
            yield TownsPanel(id="towns")
        yield AlertTail(id="alerts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FrontsPanel).focus()

    def redraw(self, changes: Changes, now: datetime | None = None) -> None:
        """Redraw the panels `changes` marks stale; the others are left alone."""
        now = now or self.clock()
        if changes.fronts:
            self.query_one(FrontsPanel).show(self.model)
        if self.front is None and self.model.fronts:
            self.front = next(iter(self.model.fronts))
            changes.objectives = True
        if changes.objectives:
            self._show_objectives(now)
        if changes.towns:
            self.query_one(TownsPanel).show(self.model, now, self.search)
        if changes.stories:
            self.query_one(StoriesPanel).show(self.model, now, self.search)
        if changes.alerts:
            self.query_one(AlertTail).add(changes.alerts, now)

    def _show_objectives(self, now: datetime) -> None:
        front = self.model.fronts.get(self.front) if self.front else None
        self.query_one(ObjectivesPanel).show(front, now)

    def on_front_highlighted(self, message: FrontHighlighted) -> None:
        message.stop()
        if message.front != self.front:
            self.front = message.front
            self._show_objectives(self.clock())

    def choose_front(self, name: str) -> None:
        """Show `name`'s objectives and put the fronts cursor on it (the `f` picker)."""
        panel = self.query_one(FrontsPanel)
        if name in panel.row_keys:
            panel.move_cursor(row=panel.row_keys.index(name), animate=False)
        self.front = name
        self._show_objectives(self.clock())

    # --- the `/` filter ------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-open")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.has_class("-open") and self.search is None:
            return
        box.value = ""
        box.remove_class("-open")
        self._apply_filter("")
        self.query_one(StoriesPanel).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            event.input.remove_class("-open")
        self.query_one(StoriesPanel).focus()

    def _apply_filter(self, value: str) -> None:
        query = Fuzzy(value)
        self.search = query if query else None
        now = self.clock()
        self.query_one(StoriesPanel).show(self.model, now, self.search)
        self.query_one(TownsPanel).show(self.model, now, self.search)
