"""The fronts panel: one row per front, with how close its nearest objective is (km)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from feeds.model import Front, Model
from tui.messages import FrontHighlighted
from tui.safe_text import clean
from tui.units import km
from tui.widgets.panel import Panel, Row


def closest_km(front: Front) -> float | None:
    """The smallest current distance among the front's objectives, km; None if none known."""
    known = [o.current.km for o in front.objectives.values() if o.current is not None]
    return min(known) if known else None


def front_rows(model: Model) -> list[Row]:
    """Configured fronts first (config order), then discovered ones (discovery order)."""
    fronts = sorted(model.fronts.values(), key=lambda f: f.discovered)
    rows: list[Row] = []
    for front in fronts:
        name = Text(clean(front.name, limit=60))
        if front.discovered:
            name.stylize("italic")
        rows.append(
            (
                front.name,
                (
                    Text(km(closest_km(front)), justify="right"),
                    name,
                ),
            )
        )
    return rows


class FrontsPanel(Panel):
    """Moving the cursor here picks the front the objectives panel shows."""

    # The distance first: a long front name ("El Obeid (SD, discovered)") may be cut at
    # the panel's edge, a number never is.
    COLUMNS = (("closest", "Closest"), ("front", "Front"))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Fronts")
        self._announced: str | None = None

    def show(self, model: Model) -> None:
        self.sync(front_rows(model))
        self.border_subtitle = "none yet" if not model.fronts else ""
        self._announce()

    def _announce(self) -> None:
        key = self.cursor_key
        if key is not None and key != self._announced:
            self._announced = key
            self.post_message(FrontHighlighted(key))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._announce()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._announce()
        self.screen.focus_next()
