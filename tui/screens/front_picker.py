"""`f`: pick a front by name from a short list (type to narrow it in the palette instead)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.safe_text import clean


class FrontPicker(ModalScreen[str | None]):
    """Dismisses with the chosen front's name, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, fronts: Sequence[str], current: str | None = None) -> None:
        super().__init__()
        self.fronts = list(fronts)
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text(clean(name, limit=70)), id=name) for name in self.fronts]
        picker = OptionList(*options, id="front-picker")
        picker.border_title = "Pick a front"
        picker.border_subtitle = "Enter picks · Esc cancels"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        if self.current in self.fronts:
            picker.highlighted = self.fronts.index(self.current)
        elif self.fronts:
            picker.highlighted = 0
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        picker = self.query_one(OptionList)
        if step > 0:
            picker.action_cursor_down()
        else:
            picker.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
