"""The towns panel: who holds each town the stories talked about, and since when."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from feeds.model import Model, Town
from feeds.times import ago
from feeds.types import Place
from tui.safe_text import clean
from tui.search import Fuzzy
from tui.widgets.panel import Panel, Row

MAX_TOWNS = 300
"""Rows shown, most recent change first: a long-running desk knows thousands of towns."""

EVENT_STYLE = {
    "captured": "bold red",
    "recaptured": "bold red",
    "entered": "red",
    "encircled": "yellow",
    "besieged": "yellow",
    "contested": "yellow",
    "advancing": "yellow",
    "withdrew": "cyan",
    "lost": "cyan",
}


def place_label(place: Place) -> Text:
    """A town's name, with how well its position is known when it is not from a gazetteer:
    "≈ ±5 km" for a position estimated from the text, "location unknown" for none."""
    text = Text(clean(place.name, limit=40))
    if not place.located:
        text.append(" (location unknown)", style="dim italic")
    elif place.estimated:
        spread = f" ±{place.uncertainty_km:g} km" if place.uncertainty_km else ""
        text.append(f" ≈{spread}", style="dim italic")
    return text


def town_row(town: Town, now: datetime) -> tuple[Text, ...]:
    return (
        place_label(town.place),
        Text(clean(town.controller, limit=30) or "unknown", style="" if town.controller else "dim"),
        Text(town.last_event or "—", style=EVENT_STYLE.get(town.last_event or "", "")),
        Text(ago(town.since, now)),
    )


def town_rows(
    model: Model, now: datetime, limit: int = MAX_TOWNS, query: Fuzzy | None = None
) -> list[Row]:
    """Most recent change first; only towns whose name or holder matches `query`."""
    oldest = datetime.min.replace(tzinfo=now.tzinfo)
    towns = sorted(model.towns.values(), key=lambda t: t.since or oldest, reverse=True)
    if query:
        towns = list(query.filter(towns, lambda t: f"{t.place.name} {t.controller or ''}", limit))
    towns = towns[:limit]
    return [(str(t.place.geonameid), town_row(t, now)) for t in towns]


class TownsPanel(Panel):
    COLUMNS = (
        ("town", "Town"),
        ("controller", "Held by"),
        ("event", "Last event"),
        ("since", "Since"),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Towns")

    def show(self, model: Model, now: datetime, query: Fuzzy | None = None) -> None:
        rows = town_rows(model, now, query=query)
        self.sync(rows)
        total = len(model.towns)
        shown = len(rows)
        self.border_subtitle = f"{shown} of {total}" if total > shown or query else ""
