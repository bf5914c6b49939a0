"""The text extraction reads for a story: its title, its summary, and its article when fetched.

`compose` joins them with blank lines and records where each part is, so a claim can be
traced to the part it came from, and claims read from the feed alone keep their offsets
once the article is appended.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from feeds.types import Story

__all__ = ["Composed", "Part", "PartName", "compose"]

PartName = Literal["title", "summary", "article"]


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a story's text, as offsets into `Composed.text` (end exclusive)."""

    name: PartName
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Composed:
    """Title, summary and article text as one text for extraction, with where each is.

    The first part is exactly `Story.text` (title, blank line, summary), so offsets of
    claims read from the summary alone stay valid once an article is appended.
    """

    text: str
    parts: tuple[Part, ...]

    def part_at(self, offset: int) -> PartName:
        """Which part a claim starting at `offset` came from."""
        for part in self.parts:
            if part.start <= offset < part.end:
                return part.name
        return self.parts[-1].name if self.parts else "title"

    def part(self, name: PartName) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)


def compose(story: Story, article: str | None) -> Composed:
    """Story.text, then a blank line and the article text when there is one."""
    title_end = len(story.title)
    parts = [Part("title", 0, title_end)]
    if story.summary:
        parts.append(Part("summary", title_end + 2, title_end + 2 + len(story.summary)))
    text = story.text
    if article:
        start = len(text) + 2
        text = f"{text}\n\n{article}"
        parts.append(Part("article", start, len(text)))
    return Composed(text, tuple(parts))
