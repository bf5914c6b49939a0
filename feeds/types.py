"""The domain's value types: plain, frozen, serialisable dataclasses.

Everything that crosses a module boundary inside the engine, and everything the
dashboard receives, is one of these. None of them holds a feedparser dict, an
httpx object or a Textual object, so the engine can later publish them to a
broker unchanged (see DESIGN.md, "Scale").

Units: distances are kilometres, times are timezone-aware UTC datetimes,
coordinates are WGS84 degrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

PlaceKind = Literal["town", "region", "country"]
DistanceKind = Literal["force_position", "geographic"]
Qualifier = Literal["exact", "within", "about", "less_than", "more_than", "range"]
ControlKind = Literal[
    "captured",
    "recaptured",
    "entered",
    "encircled",
    "besieged",
    "withdrew",
    "lost",
    "contested",
    "advancing",
    "held",
]
#: Compass points a distance can be given in, plus "outskirts" (no bearing, ~0-3 km).
DIRECTIONS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW", "outskirts")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    geonameid: int
    """GeoNames id; regions found by pattern only get a negative synthetic id."""
    name: str
    """GeoNames' canonical name ("As Sukhnah", "Deir ez-Zor")."""
    country: str
    """ISO 3166-1 alpha-2 code ("SY")."""
    lat: float
    lon: float
    population: int = 0
    kind: PlaceKind = "town"
    estimated: bool = False
    """True for a place learned from the text (no gazetteer entry): its position is an
    estimate with `uncertainty_km`, or unknown (lat and lon are NaN). Never use it as exact:
    no derived distance without carrying the uncertainty."""
    uncertainty_km: float | None = None
    """Radius of the estimate, km: the true place lies within it of (lat, lon). None for
    gazetteer places (exact) and for unknown locations."""

    @property
    def located(self) -> bool:
        """Has coordinates at all (exact or estimated); False for "location unknown"."""
        return self.lat == self.lat and self.lon == self.lon  # NaN != NaN


@dataclass(frozen=True, slots=True)
class Sentence:
    """Where a statement was read: the sentence and its offsets in the story text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym in a text: its surface form, span (end exclusive) and resolved place."""

    text: str
    start: int
    end: int
    place: Place


@dataclass(frozen=True, slots=True)
class DistanceClaim:
    """A statement of distance: "had moved to within 5 km of Al-Sukhna"."""

    value_km: float
    """The single best value; the midpoint for ranges."""
    low_km: float
    high_km: float
    qualifier: Qualifier
    direction: str | None
    """One of DIRECTIONS, or None."""
    reference: Place | None
    """The place the distance is measured from (Al-Sukhna above), after anaphora."""
    reference_text: str | None
    """How the text named the reference: "Al-Sukhna", "the town"."""
    subject: str | None
    """The force the sentence puts there ("government forces"), when it says."""
    kind: DistanceKind
    start: int
    """Span of the distance phrase itself in the text, end exclusive."""
    end: int
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class ControlEvent:
    """An asserted change or state of control: "captured the ancient city of Palmyra"."""

    event: ControlKind
    place: Place
    place_text: str
    actor: str | None
    start: int
    end: int
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one text. Offsets are into `text`."""

    text: str
    places: Sequence[Mention] = ()
    """Every toponym, in text order: a tuple, or (from the journal) a sequence decoded when
    first read, since a restart of 100,000 stories needs their claims, not their places."""
    distances: tuple[DistanceClaim, ...] = ()
    control: tuple[ControlEvent, ...] = ()

    @property
    def towns(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.places if m.place.kind == "town")


@dataclass(frozen=True, slots=True)
class Story:
    """One news item as the feed gave it, already reduced to plain text."""

    id: str
    """Stable id: the guid, else the link, else a hash of title and date."""
    feed: str
    """Name of the feed it first came from."""
    title: str
    link: str | None
    published: datetime
    """UTC; the first-seen time when the feed gave none."""
    summary: str = ""

    @property
    def text(self) -> str:
        """What extraction reads: the title, a blank line, the summary."""
        return f"{self.title}\n\n{self.summary}" if self.summary else self.title


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the user asked to be told about."""

    time: datetime
    severity: Literal["info", "warning", "critical"]
    rule: str
    message: str
    story_id: str | None = None
    sentence: str | None = None
    sources: tuple[str, ...] = field(default=())
    """Feeds that carried the fact, first one first ("also reported by" the rest)."""
    key: str = ""
    """Identity of the fact: an alert with the same key and a higher revision replaces it."""
    revision: int = 0
    """0 when first raised; each later source of the same fact raises it again, +1."""
    link: str | None = None
    """The story's URL, when it has one."""
