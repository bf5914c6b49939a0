"""An objective's distance over time, drawn on a braille canvas.

Reported points are yellow, derived points cyan, each kind joined by a faint line;
control events on the objective itself (captured, besieged, ...) are magenta ticks
along the time axis. y is km from 0 up to the largest value; x is the news clock,
from the first point to now. Drawn with our own `BrailleCanvas` rather than
textual-plotext: one canvas serves both this plot and the map, with no dependency.

`draw_plot` is pure; `DistancePlot` only holds the data and renders at its size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from feeds.model import ControlPoint, DistancePoint
from tui.canvas import BrailleCanvas
from tui.units import km, utc_stamp

STYLE = {"reported": "bold yellow", "derived": "bold cyan"}
LINE_STYLE = {"reported": "yellow", "derived": "cyan"}
EVENT_STYLE = "bold magenta"
Y_AXIS = 9
"""Cells kept left of the plot for the km labels ("189.8 km ")."""


@dataclass(frozen=True, slots=True)
class PlotData:
    points: Sequence[DistancePoint]
    events: Sequence[ControlPoint]
    now: datetime


def draw_plot(data: PlotData, cols: int, rows: int) -> BrailleCanvas:
    """The plot with its axes on a `cols` × `rows` canvas (two bottom rows: axis and legend)."""
    canvas = BrailleCanvas(cols, rows)
    plot_cols, plot_rows = cols - Y_AXIS, rows - 2
    if plot_cols < 4 or plot_rows < 2 or not data.points:
        canvas.write(0, 0, "No distances known yet.", "dim")
        return canvas
    times = [p.time for p in data.points] + [e.time for e in data.events]
    start, end = min(times), max(max(times), data.now)
    seconds = max(1.0, (end - start).total_seconds())
    top = max(p.km for p in data.points) or 1.0
    width, height = plot_cols * 2 - 1, plot_rows * 4 - 1
    x0 = Y_AXIS * 2

    def xy(when: datetime, value: float) -> tuple[float, float]:
        x = x0 + (when - start).total_seconds() / seconds * width
        return x, (1 - value / top) * height

    for how in ("derived", "reported"):
        series = [xy(p.time, p.km) for p in data.points if p.how == how]
        for (ax, ay), (bx, by) in itertools.pairwise(series):
            canvas.line(ax, ay, bx, by, LINE_STYLE[how])
    for event in data.events:
        x, _ = xy(event.time, 0)
        for y in range(height - 3, height + 1):
            canvas.dot(x, y, EVENT_STYLE)
    for point in data.points:
        canvas.blob(*xy(point.time, point.km), STYLE[point.how])
    canvas.write(0, 0, f"{km(top):>{Y_AXIS - 1}}", "dim")
    canvas.write(0, plot_rows - 1, f"{km(0):>{Y_AXIS - 1}}", "dim")
    left, right = utc_stamp(start), utc_stamp(end)
    canvas.write(Y_AXIS, plot_rows, left, "dim")
    canvas.write(max(Y_AXIS + len(left) + 1, cols - len(right)), plot_rows, right, "dim")
    canvas.write(0, rows - 1, "● reported", STYLE["reported"])
    canvas.write(12, rows - 1, "● derived", STYLE["derived"])
    canvas.write(23, rows - 1, "▏control event", EVENT_STYLE)
    return canvas


class DistancePlot(Widget):
    """Set `data` (the history screen does) and it redraws at whatever size it has."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: PlotData | None = None

    def show(self, data: PlotData) -> None:
        self.data = data
        self.refresh()

    def render(self) -> Text:
        if self.data is None:
            return Text("")
        return draw_plot(self.data, self.size.width, self.size.height).render()
