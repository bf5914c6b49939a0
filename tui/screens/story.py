"""One story: title, feeds, time, link, the text with every finding marked, each claim explained."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from feeds.model import Model, StoryRecord
from feeds.times import ago
from tui.highlight import (
    STYLES,
    Mark,
    describe_control,
    describe_distance,
    effects,
    highlighted,
    legend,
)
from tui.links import open_link
from tui.safe_text import clean
from tui.units import km, utc_stamp

TITLE_LIMIT = 1000
"""Characters of a title shown on the story screen; a longer one is hostile or broken."""


class StoryScreen(Screen[None]):
    """Read-only; Escape returns to wherever it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("o", "open_link", "Open link"),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, record: StoryRecord, model: Model, *, now: datetime | None = None) -> None:
        super().__init__()
        self.record = record
        self.model = model
        self.now = now or datetime.now(UTC)
        self.body, self.marks = highlighted(record)
        """The cleaned story text with its styles, and the marks painted on it."""
        self.claims = self._claims()
        """Each claim in words, in text order."""

    def _claims(self) -> list[str]:
        extraction = self.record.extraction
        found: list[tuple[int, str]] = [
            (c.start, describe_distance(c)) for c in extraction.distances
        ]
        found += [(c.start, describe_control(c)) for c in extraction.control]
        return [line for _, line in sorted(found)]

    def compose(self) -> ComposeResult:
        story = self.record.story
        with VerticalScroll(id="story-scroll"):
            yield Static(
                Text(clean(story.title, limit=TITLE_LIMIT) or "(no title)", style="bold"),
                id="story-title",
            )
            yield Static(self._meta(), id="story-meta")
            yield Static(legend(), id="story-legend")
            yield Static(self.body, id="story-body")
            yield Static(self._findings(), id="story-claims")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#story-scroll", VerticalScroll).focus()

    def _meta(self) -> Text:
        story = self.record.story
        meta = Text()
        meta.append("feeds: ", style="dim")
        meta.append(", ".join(clean(f, limit=40) for f in self.record.sources))
        meta.append("   published: ", style="dim")
        meta.append(f"{utc_stamp(story.published)} ({ago(story.published, self.now)})")
        meta.append("\nlink: ", style="dim")
        meta.append(
            clean(story.link, limit=300) or "none", style="underline" if story.link else "dim"
        )
        return meta

    def _findings(self) -> Text:
        out = Text()
        out.append("Claims\n", style="bold")
        if not self.claims:
            out.append("  none found in this story\n", style="dim")
        for line in self.claims:
            out.append("  • ")
            out.append(line)
            out.append("\n")
        places = sorted({m.place.name for m in self.record.extraction.places})
        out.append("\nPlaces\n", style="bold")
        out.append(
            "  " + (clean(", ".join(places)) or "none") + "\n", style="" if places else "dim"
        )
        found = effects(self.model, self.record.story.id)
        if found:
            out.append("\nOn the fronts\n", style="bold")
            for front, objective, point in found:
                out.append(f"  • {clean(front)} / {clean(objective)}: ")
                out.append(km(point.km), style="bold")
                out.append(f" ({point.how}) — {clean(point.note, limit=200)}\n")
        return out

    def marked(self, kind: str) -> list[str]:
        """The text under every mark of one kind ("sentence", "distance", ...)."""
        return [self.body.plain[m.start : m.end] for m in self.marks if m.kind == kind]

    def style_at(self, mark: Mark) -> bool:
        """Whether the body carries the style for `mark` over its whole span."""
        style = STYLES[mark.kind]
        return any(
            span.style == style and span.start <= mark.start and span.end >= mark.end
            for span in self.body.spans
        )

    def action_back(self) -> None:
        self.dismiss()

    def action_open_link(self) -> None:
        open_story_link(self, self.record.story.link)

    def action_scroll_down(self) -> None:
        self.query_one("#story-scroll", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#story-scroll", VerticalScroll).scroll_up()


def open_story_link(screen: Screen[None], link: str | None) -> None:
    """`o`: the browser for http(s) links; a notice for anything else (shown inert)."""
    if open_link(link):
        screen.notify("Opened in the browser.", timeout=2)
    elif link:
        shown = clean(link, limit=60)
        screen.notify(f"Not a web link, not opened: {shown}", severity="warning", markup=False)
    else:
        screen.notify("This story has no link.", severity="warning")
