"""Clocks, and stories built with exactly the extraction a test wants (no gazetteer).

Two kinds of builders:

- for the model: `story`, `distance` and `control` build the story and its extraction
  apart, hours after `T0`; the sentence offsets are nominal.
- for the dashboard: `distance_story`, `control_story` and `plain_story` build a
  (Story, Extraction) pair whose offsets point into the story's own text, so the story
  screen can highlight them, hours before `NOW` (or the `now` given).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feeds.types import (
    Alert,
    ControlEvent,
    ControlKind,
    DistanceClaim,
    Extraction,
    Mention,
    Place,
    Sentence,
    Story,
)
from tests.support.places import SUKHNAH
from tests.support.wire import Item

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
"""When the model tests' first story is published."""
NOW = datetime(2024, 3, 3, 12, 0, tzinfo=UTC)
"""The fixed news clock and wall clock of every deterministic dashboard run."""
OUTLETS = {"bbc-world": "bbc", "bbc-mideast": "bbc", "aj": "aljazeera", "wire": "wire"}
"""Which outlet each test feed belongs to: two BBC feeds are one outlet."""


# --- for the model -------------------------------------------------------------------------


def story(sid: str, hours: float, feed: str = "wire") -> Story:
    """A story published `hours` after T0, with no text worth reading."""
    return Story(sid, feed, f"story {sid}", None, T0 + timedelta(hours=hours))


def distance(
    km: float,
    ref: Place,
    *,
    subject: str | None = "government forces",
    direction: str | None = None,
    kind: str = "force_position",
) -> Extraction:
    """`subject` is within `km` km of `ref` (or `km` km `direction` of it)."""
    sentence = Sentence(f"forces are within {km} km of {ref.name}", 0, 30)
    claim = DistanceClaim(
        km,
        km,
        km,
        "within",
        direction,
        ref,
        ref.name,
        subject,
        kind,  # type: ignore[arg-type]
        0,
        10,
        sentence,
    )
    return Extraction(sentence.text, distances=(claim,))


def control(event: str, place: Place, actor: str | None) -> Extraction:
    """`actor` `event` `place`: "government forces captured Tadmur"."""
    sentence = Sentence(f"{actor} {event} {place.name}", 0, 20)
    return Extraction(
        sentence.text, control=(ControlEvent(event, place, place.name, actor, 0, 5, sentence),)
    )  # type: ignore[arg-type]


# --- for the dashboard ---------------------------------------------------------------------


def distance_story(
    sid: str,
    km: float,
    *,
    hours_ago: float,
    feed: str = "wire",
    title: str | None = None,
    place: Place = SUKHNAH,
    direction: str | None = None,
    link: str | None = None,
    now: datetime = NOW,
) -> tuple[Story, Extraction]:
    """A story whose summary puts government forces `km` km from `place`."""
    bearing = {"SW": " southwest", "NE": " northeast"}.get(direction or "", "")
    phrase = f"{km:g} km{bearing} of" if direction else f"within {km:g} km of"
    summary = (
        f"Government forces had moved to {phrase} {place.name}, a monitor said. "
        "Fighting continued overnight."
    )
    story = Story(
        sid,
        feed,
        title or f"Army closes on {place.name} ({sid})",
        link if link is not None else f"https://example.org/{sid}",
        now - timedelta(hours=hours_ago),
        summary,
    )
    text = story.text
    s_start = text.index("Government forces")
    s_end = text.index("said.") + len("said.")
    sentence = Sentence(text[s_start:s_end], s_start, s_end)
    d_start = text.index(phrase)
    ref_start = text.index(place.name, s_start)
    claim = DistanceClaim(
        float(km), float(km), float(km), "exact" if direction else "within", direction, place,
        place.name, "government forces", "force_position", d_start,
        d_start + len(phrase) - 3, sentence,
    )  # fmt: skip
    mention = Mention(place.name, ref_start, ref_start + len(place.name), place)
    return story, Extraction(text, places=(mention,), distances=(claim,))


def control_story(
    sid: str,
    place: Place,
    *,
    hours_ago: float,
    event: ControlKind = "captured",
    actor: str = "government forces",
    feed: str = "wire",
    now: datetime = NOW,
) -> tuple[Story, Extraction]:
    """A headline alone: "Government forces captured Tadmur"."""
    title = f"{actor.capitalize()} {event} {place.name}"
    story = Story(sid, feed, title, None, now - timedelta(hours=hours_ago))
    text = story.text
    sentence = Sentence(text, 0, len(text))
    start = text.index(event)
    control = ControlEvent(event, place, place.name, actor, start, len(text), sentence)
    at = text.index(place.name)
    mention = Mention(place.name, at, at + len(place.name), place)
    return story, Extraction(text, places=(mention,), control=(control,))


def plain_story(
    sid: str, title: str, *, hours_ago: float, feed: str = "wire"
) -> tuple[Story, Extraction]:
    """A story that says nothing the model reads."""
    story = Story(sid, feed, title, f"https://example.org/{sid}", NOW - timedelta(hours=hours_ago))
    return story, Extraction(story.text)


def alert(
    message: str, *, hours_ago: float, severity: str = "warning", story: str | None = None
) -> Alert:
    """An alert raised `hours_ago` before NOW by a rule named "rule", from the wire."""
    return Alert(
        NOW - timedelta(hours=hours_ago),
        severity,
        "rule",
        message,
        story,
        None,
        ("wire",),  # type: ignore[arg-type]
    )


# --- for the engine: wire reports the real extractor reads -----------------------------------
# Written for these tests, in the style of a wire report, about the desert road.

APPROACH = Item(
    guid="wire-1",
    title="Army closes in on desert town",
    summary=(
        "Syrian government forces pressed east along the desert highway on Tuesday. "
        "A monitoring group said government forces had moved to within 5 km of Al-Sukhna."
    ),
    published=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
)
POSITIONS = Item(
    guid="wire-2",
    title="Troops gain ground near Sukhnah",
    summary=(
        "Fighting continued around the town of Al-Sukhna overnight. "
        "The military captured positions 8 km (5 miles) southwest of the town, a commander said."
    ),
    published=datetime(2026, 3, 2, 18, 0, tzinfo=UTC),
)
CAPTURE = Item(
    guid="wire-3",
    title="Government forces capture Al-Sukhna",
    summary="Government forces captured Al-Sukhna on Thursday after a week of fighting.",
    published=datetime(2026, 3, 5, 12, 0, tzinfo=UTC),
)
QUIET = Item(
    guid="wire-4",
    title="Aid convoy reaches northern camps",
    summary="Twelve lorries carrying food and blankets arrived on Monday, officials said.",
    published=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
)
