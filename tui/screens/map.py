"""`m`: the chosen front on a map, with a legend; the app redraws it as the model moves."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from feeds.model import Model
from tui.safe_text import clean
from tui.widgets.map import (
    OBJECTIVE_STYLE,
    POSITION_STYLE,
    RING_STYLE,
    SIDE_STYLE,
    MapView,
    map_items,
)


def legend() -> Text:
    text = Text()
    for label, style in (
        ("◎ objective", OBJECTIVE_STYLE),
        ("⣿ attacker", SIDE_STYLE["attacker"]),
        ("⣿ defender", SIDE_STYLE["defender"]),
        ("⣿ unknown", SIDE_STYLE["unknown"]),
        ("⠂ latest reported distance", RING_STYLE),
        ("× position", POSITION_STYLE),
    ):
        if text:
            text.append("  ")
        text.append(label, style)
    return text


class MapScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, model: Model, front: str | None) -> None:
        super().__init__()
        self.model = model
        self.front = front

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◎")
        yield Static(legend(), id="map-legend")
        yield MapView(id="map")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(MapView)
        view.border_title = Text(f"Map — {clean(self.front or 'no front', limit=60)}")
        self.redraw(refit=True)
        view.focus()

    def redraw(self, *, refit: bool = False) -> None:
        front = self.model.fronts.get(self.front) if self.front else None
        self.query_one(MapView).show(map_items(self.model, front), refit=refit)

    def action_back(self) -> None:
        self.dismiss()
