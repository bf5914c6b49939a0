"""The objectives panel: per objective of one front, distance (km), change, and how it is known."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from feeds.model import SAME_VALUE_KM, Front, Objective
from tui.messages import ObjectiveChosen
from tui.safe_text import clean
from tui.units import ago, count, km, km_change
from tui.widgets.panel import Panel, Row

STATUS_STYLE = {"held": "", "contested": "bold yellow", "captured": "bold red"}


def how_known(objective: Objective) -> Text:
    """ "reported" or "derived": how the current value was known."""
    current = objective.current
    return Text(current.how) if current else Text("—", style="dim")


def other_way(objective: Objective) -> Text:
    """The latest value known the other way, when it disagrees by more than SAME_VALUE_KM.

    DESIGN.md: when reported and derived disagree, show both rather than hide one.
    """
    current = objective.current
    if current is None:
        return Text("")
    other = objective.latest("derived" if current.how == "reported" else "reported")
    if other is None or abs(other.km - current.km) <= SAME_VALUE_KM:
        return Text("")
    return Text(f"{other.how} {km(other.km)}", style="dim")


def change_text(objective: Objective) -> Text:
    """The change since the previous value; closing in is highlighted (the attacker's progress)."""
    current, previous = objective.current, objective.previous
    label = km_change(previous.km if previous else None, current.km if current else None)
    style = ""
    if current is not None and previous is not None and current.km != previous.km:
        style = "bold yellow" if current.km < previous.km else "cyan"
    return Text(label, style=style, justify="right")


def objective_row(objective: Objective, now: datetime) -> tuple[Text, ...]:
    current = objective.current
    return (
        Text(clean(objective.place.name, limit=40)),
        Text(km(current.km if current else None), style="bold", justify="right"),
        change_text(objective),
        how_known(objective),
        Text(ago(current.time if current else None, now)),
        Text(count(objective.source_count(), "feed"), justify="right"),
        Text(objective.status, style=STATUS_STYLE.get(objective.status, "")),
        other_way(objective),
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
        ("change", "Change"),
        ("how", "Known by"),
        ("when", "When"),
        ("sources", "Sources"),
        ("status", "Status"),
        ("other", "Otherwise"),
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
            self.border_subtitle = ""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.front is not None and event.row_key.value is not None:
            self.post_message(ObjectiveChosen(self.front, int(event.row_key.value)))
