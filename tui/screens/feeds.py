"""Feed health, one row per feed: whether it answers, when it was polled, what went wrong."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from feeds.times import ago
from tui.safe_text import clean
from tui.source import HealthView
from tui.units import count
from tui.widgets.panel import Panel, Row

STATUS_STYLE = {
    "fresh": "green",
    "delayed": "yellow",
    "stale": "bold yellow",
    "down": "bold red",
    "gone": "bold red",
    "waiting": "dim",
}


class FeedsTable(Panel):
    COLUMNS = (
        ("feed", "Feed"),
        ("status", "Status"),
        ("polled", "Last poll"),
        ("next", "Next poll"),
        ("stories", "Stories"),
        ("problem", "Problem"),
        ("url", "URL"),
    )


def feed_rows(health: Mapping[str, HealthView], now: datetime) -> list[Row]:
    rows: list[Row] = []
    for name, feed in health.items():
        status = feed.status(now)
        rows.append(
            (
                name,
                (
                    Text(clean(name, limit=40)),
                    Text(status, style=STATUS_STYLE.get(status, "")),
                    Text(ago(feed.last_poll, now)),
                    Text(ago(feed.next_poll, now) if feed.next_poll else "—"),
                    Text(count(feed.stories, "story", "stories"), justify="right"),
                    Text(clean(feed.error, limit=120), style="red"),
                    Text(clean(feed.url, limit=120), style="dim"),
                ),
            )
        )
    return rows


class FeedsScreen(Screen[None]):
    """Opened with `F`; redrawn by the app when feed health changes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(
        self, health: Mapping[str, HealthView], clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        self.health = health
        self.clock = clock or (lambda: datetime.now(UTC))
        """Real time (UTC), as feed health is kept: "last poll 2 min ago" is measured from it."""

    def compose(self) -> ComposeResult:
        yield FeedsTable(id="feeds", title="Feeds")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(FeedsTable).focus()

    def redraw(self, now: datetime | None = None) -> None:
        table = self.query_one(FeedsTable)
        table.sync(feed_rows(self.health, now or self.clock()))
        table.border_subtitle = "no feeds configured" if not self.health else ""

    def action_back(self) -> None:
        self.dismiss()
