"""An objective's distance history: every point, how it was known, and the sentence behind it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from feeds.model import Model, Objective
from feeds.times import ago
from tui.messages import StoryChosen
from tui.safe_text import clean
from tui.units import km, km_change, utc_stamp
from tui.widgets.panel import Panel, Row
from tui.widgets.plot import DistancePlot, PlotData

SENTENCE_LIMIT = 200
"""Characters of a sentence shown in a row; Enter opens the story with all of it."""


class HistoryTable(Panel):
    COLUMNS = (
        ("time", "Time"),
        ("ago", "Age"),
        ("distance", "Distance"),
        ("change", "Change"),
        ("how", "Known by"),
        ("note", "Why"),
        ("sentence", "Sentence"),
    )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(StoryChosen(str(event.row_key.value).split("#", 1)[1]))


def history_rows(objective: Objective, now: datetime) -> list[Row]:
    """Newest first. Keys are "<index>#<story id>" so two points from one story stay distinct."""
    rows: list[Row] = []
    points = objective.history
    for index in range(len(points) - 1, -1, -1):
        point = points[index]
        before = points[index - 1].km if index > 0 else None
        rows.append(
            (
                f"{index}#{point.story_id}",
                (
                    Text(utc_stamp(point.time, now)),
                    Text(ago(point.time, now)),
                    Text(km(point.km), style="bold", justify="right"),
                    Text(km_change(before, point.km), justify="right"),
                    Text(point.how),
                    Text(clean(point.note, limit=80)),
                    Text(clean(point.sentence.text, limit=SENTENCE_LIMIT), style="dim"),
                ),
            )
        )
    return rows


class HistoryScreen(Screen[None]):
    """Opened with Enter on an objective; redrawn by the app when the model changes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(
        self,
        model: Model,
        front: str,
        geonameid: int,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self.clock = clock or (lambda: datetime.now(UTC))
        """The news clock: ages and the plot's right edge are measured from it."""
        self.front = front
        self.geonameid = geonameid

    @property
    def objective(self) -> Objective | None:
        front = self.model.fronts.get(self.front)
        return front.objectives.get(self.geonameid) if front else None

    def compose(self) -> ComposeResult:
        yield Static(id="history-summary")
        yield DistancePlot(id="history-plot")
        yield HistoryTable(id="history", title="Distance history")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(HistoryTable).focus()

    def redraw(self, now: datetime | None = None) -> None:
        now = now or self.clock()
        objective = self.objective
        summary = Text()
        table = self.query_one(HistoryTable)
        if objective is None:
            summary.append("This objective is no longer in the model.", style="dim")
            table.sync([])
        else:
            current = objective.current
            summary.append(clean(objective.place.name), style="bold")
            summary.append(f" — {clean(self.front)}\n", style="dim")
            summary.append("now ")
            summary.append(km(current.km if current else None), style="bold")
            if current is not None:
                summary.append(f" ({current.how}, {ago(current.time, now)})")
            summary.append(f" · status {objective.status}")
            summary.append(f" · {len(objective.history)} points · Enter opens a point's story")
            table.sync(history_rows(objective, now))
            town = self.model.towns.get(self.geonameid)
            events = town.history if town else []
            self.query_one(DistancePlot).show(PlotData(objective.history, events, now))
        self.query_one("#history-summary", Static).update(summary)

    def action_back(self) -> None:
        self.dismiss()
