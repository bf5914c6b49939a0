"""The stories panel: the newest stories (a window, never the whole history), with claim badges."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from feeds.model import Model, StoryRecord
from tui.messages import StoryChosen
from tui.safe_text import clean
from tui.units import count, utc_stamp
from tui.widgets.panel import Panel, Row

WINDOW = 500
"""Newest stories shown; older ones stay in the model (and the store), not in the table."""
TITLE_LIMIT = 160
"""Characters of a title shown in a row; the story screen shows it whole."""


def badges(record: StoryRecord) -> Text:
    """ "⌖2 ⚑1": distance claims and control events found; empty when the story has none."""
    text = Text()
    distances = len(record.extraction.distances)
    controls = len(record.extraction.control)
    if distances:
        text.append(f"⌖{distances}", style="bold yellow")
    if controls:
        if distances:
            text.append(" ")
        text.append(f"⚑{controls}", style="bold magenta")
    return text


def story_row(record: StoryRecord, now: datetime) -> tuple[Text, ...]:
    story = record.story
    return (
        Text(utc_stamp(story.published, now)),
        Text(clean(story.feed, limit=24)),
        badges(record),
        Text(count(len(record.sources), "feed"), justify="right"),
        Text(clean(story.title, limit=TITLE_LIMIT) or "(no title)"),
    )


def story_rows(model: Model, now: datetime, window: int = WINDOW) -> list[Row]:
    """The `window` most recently arrived stories, shown newest published first.

    Feeds deliver in batches and out of order; sorting the window by publication time
    reads as a timeline, while a late-arriving old story still enters the window.
    """
    records = sorted(model.newest_stories(window), key=lambda r: r.story.published, reverse=True)
    return [(r.story.id, story_row(r, now)) for r in records]


class StoriesPanel(Panel):
    COLUMNS = (
        ("time", "Published"),
        ("feed", "Feed"),
        ("claims", "Claims"),
        ("sources", "Sources"),
        ("title", "Title"),
    )
    STICKY_TOP = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Stories")

    def show(self, model: Model, now: datetime) -> None:
        self.sync(story_rows(model, now))
        total = len(model.stories)
        self.border_title = f"Stories ({total})" if total else "Stories"
        self.border_subtitle = f"newest {WINDOW} shown" if total > WINDOW else ""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(StoryChosen(str(event.row_key.value)))
