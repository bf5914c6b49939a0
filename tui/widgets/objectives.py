"""The objectives panel: per objective of one front, distances (km) and how they move.

Columns, numbers first so a narrow terminal scrolls past words, never past a value:
the current distance (bold) marked ʀ reported or ᴅ derived, the latest value known
the other way (dim; DESIGN.md says show both), change over 24 h, a sparkline,
closing rate, a naive ETA, status, source count and when it last moved. All times
are the engine's news clock.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from feeds.model import Front, Objective
from feeds.times import ago
from tui.messages import ObjectiveChosen
from tui.safe_text import clean
from tui.trend import change_over, distance_series, sparkline
from tui.units import MINUS, count, duration, km, rate
from tui.widgets.panel import Panel, Row
from tui.widgets.towns import place_label

STATUS_STYLE = {"held": "", "contested": "bold yellow", "captured": "bold red"}
MARK = {"reported": "ʀ", "derived": "ᴅ"}
"""The marks after a distance: "5 km ʀ" was said by a story, "64.6 km ᴅ" measured on the map."""


def distance_cells(objective: Objective) -> tuple[Text, Text, Text]:
    """The current km (bold), how it was known ("ʀ"/"ᴅ"), and the other way's latest km.

    DESIGN.md: when reported and derived disagree, show both rather than hide one; the
    other value is dim, marked, and shown whenever one is known.
    """
    current = objective.current
    if current is None:
        return Text("—", style="dim", justify="right"), Text(""), Text("")
    other = objective.latest("derived" if current.how == "reported" else "reported")
    other_text = Text("")
    if other is not None:
        other_text = Text(f"{km(other.km)} {MARK[other.how]}", style="dim", justify="right")
    return (
        Text(km(current.km), style="bold", justify="right"),
        Text(MARK[current.how], style="bold"),
        other_text,
    )


def change_text(change: float | None) -> Text:
    """km over the last 24 h; closing in (the attacker's progress) is highlighted."""
    if change is None:
        return Text("—", style="dim", justify="right")
    value = round(change, 1)
    if value == 0:
        return Text("±0 km", justify="right")
    sign = "+" if value > 0 else MINUS
    style = "bold yellow" if value < 0 else "cyan"
    return Text(f"{sign}{abs(value):g} km", style=style, justify="right")


def eta_text(eta: datetime | None, now: datetime) -> str:
    """The model's naive arrival time as a span from now: "~3 d"; "due" once passed."""
    if eta is None:
        return "—"
    seconds = (eta - now).total_seconds()
    return "due" if seconds <= 0 else duration(seconds)


def objective_row(objective: Objective, now: datetime) -> tuple[Text, ...]:
    closing = objective.closing_rate()
    eta = objective.eta()
    current = objective.current
    return (
        place_label(objective.place),
        *distance_cells(objective),
        change_text(change_over(objective, now)),
        Text(sparkline(distance_series(objective)), style="yellow"),
        Text(rate(closing), justify="right"),
        Text(eta_text(eta, now), justify="right"),
        Text(objective.status, style=STATUS_STYLE.get(objective.status, "")),
        Text(count(objective.source_count(), "src", "src"), justify="right"),
        Text(ago(current.time if current else None, now)),
    )


def _sort_key(objective: Objective) -> tuple[bool, float, str]:
    """Nearest first; objectives with no distance yet last, by name."""
    current = objective.current
    return (current is None, current.km if current else 0.0, objective.place.name)


def objective_rows(front: Front | None, now: datetime) -> list[Row]:
    if front is None:
        return []
    ordered = sorted(front.objectives.values(), key=_sort_key)
    return [(str(o.place.geonameid), objective_row(o, now)) for o in ordered]


class ObjectivesPanel(Panel):
    """Objectives of the front chosen in the fronts panel (set by the screen)."""

    COLUMNS = (
        ("objective", "Objective"),
        ("distance", "Distance"),
        ("how", ""),
        ("other", "Other way"),
        ("change", "24 h"),
        ("trend", "Trend"),
        ("rate", "Closing"),
        ("eta", "ETA"),
        ("status", "Status"),
        ("sources", "Sources"),
        ("when", "Updated"),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Objectives")
        self.front: str | None = None
        """The front whose objectives are shown; set by the owning screen."""

    def show(self, front: Front | None, now: datetime) -> None:
        if front is None or front.name != self.front:
            self.clear()  # another front: do not carry the cursor over by row key
        self.front = front.name if front else None
        # A Text, not a str: a str border title is parsed as markup, and front names are data.
        title = Text("Objectives")
        if front:
            title.append(f" — {clean(front.name, limit=50)}")
        self.border_title = title
        self.sync(objective_rows(front, now))
        if front is None:
            self.border_subtitle = "no front"
        elif not front.objectives:
            self.border_subtitle = "no objectives yet"
        else:
            self.border_subtitle = "ʀ reported · ᴅ derived"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.front is not None and event.row_key.value is not None:
            self.post_message(ObjectiveChosen(self.front, int(event.row_key.value)))
