"""The key help, generated from the BINDINGS of the app, its screens and its panels.

Written from the binding tables rather than by hand, so a key added to a widget
shows up here without anyone remembering to document it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

Section = tuple[str, Sequence[type[DOMNode]]]
"""A heading ("Everywhere", "Lists") and the classes whose bindings it lists."""


def binding_lines(sections: Iterable[Section]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every binding, keys sharing an action joined ("down / j").

    A key listed in an earlier section for the same action (tab on every screen) is not
    repeated in a later one.
    """
    lines: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for where, classes in sections:
        by_action: dict[str, tuple[list[str], str]] = {}
        for cls in classes:
            merged: BindingsMap = cls._merged_bindings or BindingsMap()
            for key, binding in merged:
                if binding.system or (key, binding.action) in seen:
                    continue
                seen.add((key, binding.action))
                keys, what = by_action.setdefault(binding.action, ([], ""))
                shown = _key_display(binding, key)
                if shown not in keys:
                    keys.append(shown)
                what = what or binding.description or binding.tooltip or binding.action
                by_action[binding.action] = (keys, what)
        lines += [(where, " / ".join(keys), what) for keys, what in by_action.values()]
    return lines


def _key_display(binding: Binding, key: str) -> str:
    if binding.key_display and "," not in binding.key:
        return binding.key_display
    return {"question_mark": "?", "escape": "Esc", "enter": "Enter"}.get(key, key)


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; Escape (or ?) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", key_display="?", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.lines = binding_lines(sections)
        """(where, keys, what), as shown."""

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Keys"
        table.border_subtitle = "Esc closes"
        yield Static(Text("frontwatch — keys", style="bold"), id="help-title")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Keys", key="keys")
        table.add_column("Does", key="does")
        table.add_column("Where", key="where")
        for where, keys, what in self.lines:
            table.add_row(Text(keys, style="bold"), Text(what), Text(where, style="dim"))
        table.focus()

    def action_close(self) -> None:
        self.dismiss()
