"""A story's text with what the extractor found marked, and each claim explained in words.

Pure Rich, no Textual: the story screen shows the result; tests read `marks`.
Offsets from the extraction are into the raw `story.text`; they are carried over to
the cleaned text (escape sequences removed) through `clean_with_offsets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.style import Style
from rich.text import Text

from feeds.model import DistancePoint, Model, StoryRecord
from feeds.types import ControlEvent, DistanceClaim
from tui.safe_text import clean, clean_with_offsets
from tui.units import km

MarkKind = Literal["sentence", "place", "distance", "control"]

STYLES: dict[MarkKind, Style] = {
    "sentence": Style(bgcolor="grey23"),
    "place": Style(color="cyan", bold=True, underline=True),
    "distance": Style(color="black", bgcolor="yellow", bold=True),
    "control": Style(color="white", bgcolor="dark_magenta", bold=True),
}
"""One look per kind; the legend on the story screen is drawn from the same table."""

LABELS: dict[MarkKind, str] = {
    "sentence": "sentence behind a claim",
    "place": "place",
    "distance": "distance claim",
    "control": "control event",
}

_QUALIFIER = {
    "within": "within ",
    "about": "about ",
    "less_than": "less than ",
    "more_than": "more than ",
}
_DIRECTION = {
    "N": "north",
    "NE": "northeast",
    "E": "east",
    "SE": "southeast",
    "S": "south",
    "SW": "southwest",
    "W": "west",
    "NW": "northwest",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span of the cleaned text (end exclusive)."""

    kind: MarkKind
    start: int
    end: int


def marks_of(record: StoryRecord, offsets: list[int]) -> list[Mark]:
    """Every span worth showing, in paint order: sentences under places under claims."""
    extraction = record.extraction
    limit = len(offsets) - 1

    def mark(kind: MarkKind, start: int, end: int) -> Mark | None:
        start, end = max(0, min(start, limit)), max(0, min(end, limit))
        if end <= start:
            return None
        return Mark(kind, offsets[start], offsets[end])

    found: list[Mark | None] = []
    sentences = {c.sentence for c in extraction.distances} | {
        c.sentence for c in extraction.control
    }
    found += [mark("sentence", s.start, s.end) for s in sorted(sentences, key=lambda s: s.start)]
    found += [mark("place", m.start, m.end) for m in extraction.places]
    found += [mark("distance", c.start, c.end) for c in extraction.distances]
    found += [mark("control", c.start, c.end) for c in extraction.control]
    return [m for m in found if m is not None and m.end > m.start]


BODY_LIMIT = 50_000
"""Characters of a story's raw text shown (a wire story is a few thousand): a 1 MB
title from a hostile feed is cut here, and marks past the cut are dropped."""


def highlighted(record: StoryRecord) -> tuple[Text, list[Mark]]:
    """The story's cleaned text with every mark styled, and the marks themselves."""
    raw = record.story.text
    clipped = len(raw) > BODY_LIMIT
    plain, offsets = clean_with_offsets(raw[:BODY_LIMIT])
    if clipped:
        plain += " … (cut)"
    marks = marks_of(record, offsets)
    text = Text(plain)
    for m in marks:
        text.stylize(STYLES[m.kind], m.start, m.end)
    return text, marks


def legend() -> Text:
    text = Text()
    for kind, label in LABELS.items():
        if text:
            text.append("   ")
        text.append(f" {label} ", style=STYLES[kind])
    return text


def describe_distance(claim: DistanceClaim) -> str:
    """ "force position: within 5 km of As Sukhnah — reported, subject: government forces"."""
    if claim.qualifier == "range":
        amount = f"{claim.low_km:g}–{km(claim.high_km)}"
    else:
        amount = f"{_QUALIFIER.get(claim.qualifier, '')}{km(claim.value_km)}"
    reference = claim.reference.name if claim.reference else (claim.reference_text or "?")
    if claim.reference and claim.reference_text and claim.reference_text != claim.reference.name:
        reference += f' ("{claim.reference_text}")'
    if claim.direction == "outskirts":
        where = f"on the outskirts of {reference}"
    elif claim.direction:
        where = f"{amount} {_DIRECTION.get(claim.direction, claim.direction)} of {reference}"
    else:
        where = f"{amount} of {reference}"
    kind = "force position" if claim.kind == "force_position" else "geographic fact, not a force"
    subject = f", subject: {claim.subject}" if claim.subject else ""
    return clean(f"{kind}: {where} — reported{subject}", limit=400)


def describe_control(event: ControlEvent) -> str:
    """ "control: captured Palmyra — actor: government forces"."""
    place = event.place.name
    if event.place_text and event.place_text != place:
        place += f' ("{event.place_text}")'
    actor = f" — actor: {event.actor}" if event.actor else " — actor not named"
    return clean(f"control: {event.event} {place}{actor}", limit=400)


def effects(model: Model, story_id: str) -> list[tuple[str, str, DistancePoint]]:
    """(front, objective, point) for every distance this story put on a front."""
    found = []
    for front in model.fronts.values():
        for objective in front.objectives.values():
            for point in objective.history:
                if point.story_id == story_id:
                    found.append((front.name, objective.place.name, point))
    return found
