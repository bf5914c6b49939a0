"""The alert tail: newest alert at the bottom, following, bounded like the engine's deque.

A table rather than a log so that Enter on an alert opens the story behind it.
It follows new alerts while its cursor is on the last row, while it is scrolled to
the bottom, or while it is not focused; once the user moves up to read, new alerts
no longer pull the cursor away. `end` (or G) goes to the bottom and follows again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from feeds.types import Alert
from tui.messages import StoryChosen
from tui.safe_text import clean
from tui.units import count, utc_stamp
from tui.widgets.panel import Panel

MAX_ALERTS = 1000
"""Rows kept, as many as the engine's alert deque (feeds.engine.ALERT_TAIL)."""

SEVERITY_STYLE = {"info": "cyan", "warning": "bold yellow", "critical": "bold white on red"}


def alert_cells(alert: Alert, now: datetime | None = None) -> tuple[Text, ...]:
    """Time (UTC), severity, message, and the feeds that carried the story."""
    return (
        # Always with the date: a row is drawn once, and "today" goes stale overnight.
        Text(utc_stamp(alert.time), style="dim"),
        Text(alert.severity, style=SEVERITY_STYLE.get(alert.severity, "")),
        Text(clean(alert.message, limit=300)),
        Text(count(len(alert.sources), "feed") if alert.sources else "", style="dim"),
    )


class AlertTail(Panel):
    """Written to by the screen as alerts arrive; never reads the engine itself."""

    COLUMNS = (("time", "Time"), ("severity", "Severity"), ("message", "Alert"), ("feeds", "Feeds"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("end,G", "follow", "Follow newest", key_display="End"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Alerts")
        self.zebra_stripes = False
        self.show_header = False  # time, severity, message: plain without labels; rows count
        self.written = 0
        """Alerts written since start (the subtitle shows it)."""
        self._stories: dict[str, str] = {}
        """Row key -> the story behind that alert."""
        self._rows: dict[str, str] = {}
        """Alert key (which fact) -> its row, so a revision updates the row in place."""

    def add(self, alerts: Iterable[Alert], now: datetime | None = None) -> None:
        following = (
            not self.has_focus
            or self.cursor_row >= self.row_count - 1
            or (self.max_scroll_y > 0 and self.scroll_y >= self.max_scroll_y)
        )
        for alert in alerts:
            row = self._rows.get(alert.key) if alert.key and alert.revision else None
            if row is not None and row in self.rows:
                # The same fact from one more source: "also reported by", not a new row.
                for column, cell in zip(self.columns, alert_cells(alert, now), strict=True):
                    self.update_cell(row, column, cell)
                continue
            key = f"alert-{self.written}"
            self.written += 1
            self.add_row(*alert_cells(alert, now), key=key)
            if alert.key:
                self._rows[alert.key] = key
            if alert.story_id:
                self._stories[key] = alert.story_id
        while self.row_count > MAX_ALERTS:
            oldest = self.ordered_rows[0].key
            self._stories.pop(str(oldest.value), None)
            self._rows = {k: r for k, r in self._rows.items() if r != oldest.value}
            self.remove_row(oldest)
        self.border_subtitle = count(self.written, "alert") if self.written else "none yet"
        if following and self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
            # Rows added before the table has its final size scroll too early; once more
            # after the next refresh, so the newest alert is really in view.
            self.call_after_refresh(self.scroll_end, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        story = self._stories.get(str(event.row_key.value))
        if story is not None:
            self.post_message(StoryChosen(story))

    def action_follow(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
        self.scroll_end(animate=False)
