"""The dashboard's table panels share this: vi keys, row cursor, and an in-place `sync`.

`sync` takes the rows a panel should show and changes only what differs: cells in
place when the rows are the same, a rebuild when rows came or went, keeping the
cursor on the same row key so a redraw never steals the user's place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

Row = tuple[str, Sequence[Text]]
"""A row key and its cells, one `Text` per column (never a str: DataTable parses str as markup)."""


class Panel(DataTable[Text]):
    """A DataTable with row cursor, j/k, and `sync`. Subclasses set COLUMNS."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "scroll_left", "Scroll left", show=False),
        Binding("l", "scroll_right", "Scroll right", show=False),
        Binding("enter", "select_cursor", "Open (story, objective history)", show=False),
    ]

    COLUMNS: tuple[tuple[str, str], ...] = ()
    """(column key, label with its unit) pairs."""
    STICKY_TOP: ClassVar[bool] = False
    """For newest-first lists: a cursor on the first row stays on the first row as rows
    arrive (it follows the news); elsewhere the cursor stays on its row key."""

    def __init__(self, *, id: str | None = None, title: str = "") -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.border_title = title
        for key, label in self.COLUMNS:
            self.add_column(label, key=key)

    @property
    def row_keys(self) -> list[str]:
        """Row keys in display order."""
        return [str(row.key.value) for row in self.ordered_rows]

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, None when the table is empty."""
        keys = self.row_keys
        if not keys or not 0 <= self.cursor_row < len(keys):
            return None
        return keys[self.cursor_row]

    def cell_text(self, row_key: str, column_key: str) -> str:
        """The plain text of one cell (for tests and for the screens that read a panel)."""
        value = self.get_cell(row_key, column_key)
        return value.plain if isinstance(value, Text) else str(value)

    def sync(self, rows: Sequence[Row]) -> None:
        """Show exactly `rows`, in order, touching as little as possible."""
        keys = [key for key, _ in rows]
        current = self.row_keys
        if keys == current:
            columns = [key for key, _ in self.COLUMNS]
            for key, cells in rows:
                old = self.get_row(key)
                for column, new, before in zip(columns, cells, old, strict=True):
                    if new != before:
                        self.update_cell(key, column, new, update_width=True)
            return
        focus = self.cursor_key
        old_index = self.cursor_row
        if self.STICKY_TOP and old_index == 0:
            focus = keys[0] if keys else None
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if not rows:
            return
        try:
            index = keys.index(focus) if focus is not None else 0
        except ValueError:
            index = min(old_index, len(rows) - 1)
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)
