"""Every alert in memory on one screen (`a`), tailing like the dashboard's tail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header

from feeds.types import Alert
from tui.widgets import AlertTail


class AlertsScreen(Screen[None]):
    """Opened with `a`; the app adds new alerts with `add` as they come."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, alerts: Iterable[Alert]) -> None:
        super().__init__()
        self.initial = list(alerts)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◎")
        yield AlertTail(id="all-alerts")
        yield Footer()

    def on_mount(self) -> None:
        tail = self.query_one(AlertTail)
        tail.border_title = "All alerts"
        tail.show_header = True
        tail.add(self.initial)
        tail.focus()

    def add(self, alerts: Iterable[Alert], now: datetime | None = None) -> None:
        self.query_one(AlertTail).add(alerts, now)

    def action_back(self) -> None:
        self.dismiss()
