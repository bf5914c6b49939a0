"""The map: a front's towns at their coordinates on a braille canvas.

Objectives are marked ◎, towns are coloured by who holds them (attacker red,
defender blue, unknown grey), the latest reported distance to each objective is a
dotted ring of that radius (the attacker is said to be somewhere on or inside it),
and the front's latest attacker positions (a town taken, "8 km southwest of R"
projected) are marked ×. A scale
bar in km sits in the bottom row. Labels go right of their dot, else left, else
above or below; a label that fits nowhere is dropped, never overlapped.

`map_items` and `draw` are pure (tests call them); `MapView` only holds the viewport
and turns keys into zoom and pan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget

from feeds.model import Front, Model
from feeds.types import Place
from tui.canvas import BrailleCanvas
from tui.projection import Viewport, fit, nice_length
from tui.safe_text import clean

Holder = Literal["attacker", "defender", "unknown"]
"""Who holds a town on the map: a side of its front (feeds.model.Side), or nobody known."""
SIDE_STYLE: dict[Holder, str] = {
    "attacker": "bold red",
    "defender": "bold blue",
    "unknown": "grey62",
}
OBJECTIVE_STYLE = "bold yellow"
RING_STYLE = "yellow"
POSITION_STYLE = "bold magenta"
RING_SPACING = 2.0
"""Dots along a ring's circumference per dot drawn: it reads as a circle, and as dotted."""
MAX_POSITIONS = 8
"""The front's latest known attacker positions drawn (captures, projected points)."""
LABEL_LIMIT = 18


@dataclass(frozen=True, slots=True)
class TownMark:
    place: Place
    side: Holder
    objective: bool = False


@dataclass(frozen=True, slots=True)
class Ring:
    """The latest reported distance to an objective, km."""

    place: Place
    km: float


@dataclass(frozen=True, slots=True)
class Position:
    """An attacker position from the model (`Front.positions`)."""

    lat: float
    lon: float
    note: str


@dataclass(slots=True)
class MapItems:
    towns: list[TownMark] = field(default_factory=list)
    rings: list[Ring] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)

    def coordinates(self) -> list[tuple[float, float]]:
        return [(t.place.lat, t.place.lon) for t in self.towns] + [
            (p.lat, p.lon) for p in self.positions
        ]


def map_items(model: Model, front: Front | None) -> MapItems:
    """What the map shows for `front`: its objectives, the towns nearest it, its positions."""
    items = MapItems()
    if front is None:
        return items
    for objective in front.objectives.values():
        if not objective.place.located:
            continue  # "location unknown": listed in the tables, never drawn
        town = model.towns.get(objective.place.geonameid)
        side = _side(front, town.controller if town else None)
        items.towns.append(TownMark(objective.place, side, objective=True))
        reported = objective.latest("reported")
        if reported is not None:
            items.rings.append(Ring(objective.place, reported.km))
    for town in model.towns.values():
        if town.place.geonameid in front.objectives or not town.place.located:
            continue
        fronts = model.fronts_of(town.place)
        if fronts and fronts[0] is front:
            items.towns.append(TownMark(town.place, _side(front, town.controller)))
    latest = sorted(front.positions, key=lambda p: p.time)[-MAX_POSITIONS:]
    items.positions = [Position(p.lat, p.lon, p.note) for p in latest]
    return items


def _side(front: Front, controller: str | None) -> Holder:
    return front.side_of(controller) or "unknown"


def draw(items: MapItems, view: Viewport, cols: int, rows: int) -> BrailleCanvas:
    """The map on a canvas of `cols` × `rows` cells; the last row holds the scale bar."""
    canvas = BrailleCanvas(cols, rows)
    for ring in items.rings:
        cx, cy = view.to_dot(ring.place.lat, ring.place.lon)
        radius = ring.km / view.km_per_dot
        count = int(min(2000, max(24, 2 * math.pi * radius / RING_SPACING)))
        for i in range(count):
            angle = 2 * math.pi * i / count
            canvas.dot(cx + radius * math.cos(angle), cy + radius * math.sin(angle), RING_STYLE)
    # Positions first: a town's or an objective's mark drawn after stays visible on top.
    for position in items.positions:
        x, y = view.to_dot(position.lat, position.lon)
        canvas.write(round(x) // 2, round(y) // 4, "×", POSITION_STYLE)
    labels: list[tuple[int, int, str, str]] = []
    order = sorted(items.towns, key=lambda t: (not t.objective, -t.place.population))
    for town in order:
        x, y = view.to_dot(town.place.lat, town.place.lon)
        style = SIDE_STYLE[town.side]
        canvas.blob(x, y, style)
        col, row = round(x) // 2, round(y) // 4
        if town.objective:
            canvas.write(col, row, "◎", OBJECTIVE_STYLE)
        name = clean(town.place.name, limit=LABEL_LIMIT)
        labels.append((col, row, f"≈{name}" if town.place.estimated else name, style))
    place_labels(canvas, labels, reserved_rows=1)
    _scale_bar(canvas, view)
    return canvas


def place_labels(
    canvas: BrailleCanvas, labels: list[tuple[int, int, str, str]], reserved_rows: int = 0
) -> list[tuple[int, int, str]]:
    """Write each label near its (col, row) where it overlaps no other text; return where."""
    placed: list[tuple[int, int, str]] = []
    usable_rows = canvas.rows - reserved_rows
    for col, row, label, style in labels:
        n = len(label)
        for c, r in (
            (col + 2, row),
            (col - n - 1, row),
            (col - n // 2, row - 1),
            (col - n // 2, row + 1),
        ):
            if r < usable_rows and canvas.is_free(c, r, n):
                canvas.write(c, r, label, style)
                placed.append((c, r, label))
                break
    return placed


def _scale_bar(canvas: BrailleCanvas, view: Viewport) -> None:
    """ "├────┤ 20 km" in the bottom-left, its length true to the current scale."""
    if canvas.rows < 2 or canvas.cols < 12:
        return
    km_per_col = view.km_per_dot * 2
    length_km = nice_length(km_per_col * max(2, min(20, canvas.cols // 4)))
    cells = max(2, round(length_km / km_per_col))
    label = f" {length_km:g} km"
    canvas.write(0, canvas.rows - 1, "├" + "─" * (cells - 2) + "┤" + label, "bold")


class MapView(Widget, can_focus=True):
    """Holds the viewport; the screen hands it the items with `show`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom(2)", "Zoom in", key_display="+"),
        Binding("minus", "zoom(0.5)", "Zoom out", key_display="-"),
        Binding("left,h", "pan(-1, 0)", "Pan west", show=False),
        Binding("right,l", "pan(1, 0)", "Pan east", show=False),
        Binding("up,k", "pan(0, -1)", "Pan north", show=False),
        Binding("down,j", "pan(0, 1)", "Pan south", show=False),
        Binding("0", "fit", "Fit all"),
    ]
    PAN_FRACTION = 0.2
    """A pan key moves the view by this fraction of its width or height."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = MapItems()
        self.viewport: Viewport | None = None
        """None until fitted to the items (on the first `show` with a size)."""

    def show(self, items: MapItems, *, refit: bool = False) -> None:
        self.items = items
        if refit:
            self.viewport = None
        self.refresh()

    def _view(self) -> Viewport:
        cols, rows = self.size.width, max(1, self.size.height)
        if self.viewport is None:
            self.viewport = fit(self.items.coordinates(), cols * 2, rows * 4)
        elif (self.viewport.width, self.viewport.height) != (cols * 2, rows * 4):
            self.viewport = self.viewport.resized(cols * 2, rows * 4)
        return self.viewport

    def render(self) -> Text:
        if not self.items.towns:
            return Text("No towns on this front yet.", style="dim")
        view = self._view()
        return draw(self.items, view, self.size.width, self.size.height).render()

    def action_zoom(self, factor: float) -> None:
        self.viewport = self._view().zoom(factor)
        self.refresh()

    def action_pan(self, dx: float, dy: float) -> None:
        view = self._view()
        self.viewport = view.pan(
            dx * view.width * self.PAN_FRACTION, dy * view.height * self.PAN_FRACTION
        )
        self.refresh()

    def action_fit(self) -> None:
        self.viewport = None
        self.refresh()
