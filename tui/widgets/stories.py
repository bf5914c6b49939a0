"""The stories panel: the newest stories (a window, never the whole history), with claim badges."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from feeds.model import Model, StoryRecord
from tui.messages import LinkRequested, StoryChosen
from tui.safe_text import clean
from tui.search import Fuzzy
from tui.units import count, utc_stamp
from tui.widgets.panel import Panel, Row

WINDOW = 200
"""Newest stories shown; older ones stay in the model (and the store), not in the table."""
TITLE_LIMIT = 160
"""Characters of a title shown in a row; the story screen shows it whole."""
SEARCH_DEPTH = 20_000
"""Newest stories the `/` filter looks through: a keystroke stays fast at 100,000 stories."""


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
        badges(record),
        Text(count(len(record.sources), "feed"), justify="right"),
        Text(clean(story.title, limit=TITLE_LIMIT) or "(no title)"),
        Text(clean(story.feed, limit=24), style="dim"),
    )


def story_rows(
    model: Model, now: datetime, window: int = WINDOW, query: Fuzzy | None = None
) -> list[Row]:
    """The `window` most recently arrived stories (matching `query`), newest published first.

    Feeds deliver in batches and out of order; sorting the window by publication time
    reads as a timeline, while a late-arriving old story still enters the window.
    """
    newest = model.newest_stories(SEARCH_DEPTH if query else window)
    if query:
        newest = query.filter(newest, lambda r: f"{r.story.title} {r.story.feed}", window)
    records = sorted(newest, key=lambda r: r.story.published, reverse=True)
    return [(r.story.id, story_row(r, now)) for r in records]


class StoriesPanel(Panel):
    COLUMNS = (
        ("time", "Published"),
        ("claims", "Claims"),
        ("sources", "Sources"),
        ("title", "Title"),
        ("feed", "Feed"),
    )
    STICKY_TOP = True
    BINDINGS: ClassVar[list[BindingType]] = [Binding("o", "open_link", "Open link")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, title="Stories")

    def show(self, model: Model, now: datetime, query: Fuzzy | None = None) -> None:
        rows = story_rows(model, now, query=query)
        self.sync(rows)
        total = len(model.stories)
        self.border_title = f"Stories ({total})" if total else "Stories"
        if query:
            self.border_subtitle = Text(f"{len(rows)} matching “{clean(query.query, limit=30)}”")
        else:
            self.border_subtitle = f"newest {WINDOW} shown" if total > WINDOW else ""

    @property
    def story_id(self) -> str | None:
        """The story under the cursor."""
        return self.cursor_key

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(StoryChosen(str(event.row_key.value)))

    def action_open_link(self) -> None:
        if self.story_id is not None:
            self.post_message(LinkRequested(self.story_id))
