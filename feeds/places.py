"""Places no gazetteer knows: learned from the text, or added by the user.

Learned places. Front-line villages are often missing from every gazetteer installed. A
capitalised name in a settlement context ("the village of X", "X, a village", "captured X
and Y", "on the outskirts of X") that the gazetteer does not know becomes a town mention
whose location is unknown (lat and lon NaN) instead of being dropped. When the text places
it relative to a known place ("X, a village about 3 miles from Pokrovsk"; "X, 5 km north
of Y") it gets an estimated position and an uncertainty radius (km). Either way the Place
has `estimated=True` and a negative id (LEARNED_ID_BASE + hash): consumers must not treat
it as a gazetteer fix. `LearnedPlaces` remembers the best fix per name in a small JSON
file: a later story that places it better replaces a worse fix, and a gazetteer entry,
once installed, replaces any estimate (the name is then no longer unknown, so the
extractor resolves it through the gazetteer; `prune()` forgets the estimate).

User places (`[[places]]` in config.toml) are added to the gazetteer itself
(`Gazetteer.add_user_places`); `collisions()` lists those that shadow a gazetteer entry,
for `frontwatch check`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from feeds import _phrases as ph
from feeds._numbers import DISTANCE, gated_finditer, parse_distance, word_gate
from feeds.gazetteer import COUNTRY_ALIASES, Gazetteer, UserPlace, normalise
from feeds.geo import haversine_km, project
from feeds.types import Mention, Place

__all__ = [
    "LEARNED_ID_BASE",
    "Learned",
    "LearnedPlaces",
    "collisions",
    "estimate",
    "find_learned",
    "is_learned",
    "learned_id",
]

LEARNED_ID_BASE = 8_000_000_000
"""Learned places get id -(LEARNED_ID_BASE + hash of country and name): negative, so never
a GeoNames id, and stable across runs and restarts."""

_NAME = r"[A-Z][\w'’-]*[\w](?:[ -](?:[A-Z][\w'’-]*[\w]|(?:al|el|ad|as|ash|ar|an|az)\b))*"
"""A settlement name as news writes it: capitalised words, "Al-"/"al-" particles kept."""
_NAMES = rf"(?P<names>{_NAME}(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+){_NAME})*)"
_SETTLEMENT = r"villages?|settlements?|hamlets?|towns?|localit(?:y|ies)"
_PREFIX = re.compile(
    rf"(?i:\b(?:the\s+)?(?:(?:small|tiny|nearby|neighbou?ring|front-?line|frontline|key|"
    rf"strategic|embattled|ruined|destroyed|former)\s+)?(?P<noun>{_SETTLEMENT})\s+of\s+)" + _NAMES
)
_PREFIX_GATE = word_gate(
    [
        "the",
        "small",
        "tiny",
        "nearby",
        "neighbo",
        "front",
        "key",
        "strategic",
        "embattled",
        "ruined",
        "destroyed",
        "former",
        "village",
        "settlement",
        "hamlet",
        "town",
        "localit",
    ],
    before=r"\w",
)
"""Where a _PREFIX match can start: only there is the (slow, case-blind) pattern tried."""
_OUTSKIRTS = re.compile(r"(?i:\boutskirts\s+of\s+)" + _NAMES)
_APPOSED = re.compile(
    rf"(?P<names>{_NAME}),\s+(?i:an?\s+(?:(?:small|tiny|front-?line|frontline|nearby)\s+)?"
    rf"(?P<noun>village|settlement|hamlet|town))\b"
)
_APPOSED_DISTANCE = re.compile(
    rf"(?P<names>{_NAME}),\s+(?i:(?:about|some|around|roughly|nearly|approximately|just)\s+)?"
    r"(?=\d|(?i:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few)\b)"
)
_NEXT = re.compile(
    r"\s*(?:$|[,.;:)!?\"”]|\s(?i:and|or|in|on|near|after|from|to|which|where|while|as|before"
    r"|with|last|this|earlier|overnight|late|early|village|town|settlement|itself)\b)"
)
"""What may follow a learned name: punctuation or a function word, so "captured Wagner
fighters" (a noun follows) teaches nothing."""
_RELATIVE = re.compile(
    r",?\s*(?:(?i:an?\s+(?:(?:small|tiny|front-?line|frontline)\s+)?"
    rf"(?:{_SETTLEMENT})\s+)?(?:(?:located|situated|lying|that\s+lies|which\s+lies)\s+)?)?"
)
_TAIL = re.compile(
    rf"(?i:\s+(?:(?:to\s+the\s+)?(?P<dir>{ph.DIRECTION})(?:ern)?\s+(?:of|from)"
    r"|from|away\s+from|outside(?:\s+of)?|of)\s+)"
)
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
_BAD_FIRST = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "russia", "ukraine", "kyiv", "moscow"}
)


def learned_id(name: str, country: str) -> int:
    """The stable synthetic id of a learned place."""
    return -(LEARNED_ID_BASE + zlib.crc32(f"{country}:{normalise(name)}".encode()))


def is_learned(place: Place) -> bool:
    return place.geonameid <= -LEARNED_ID_BASE


def _quality(p: Place) -> float:
    """Smaller is better: the uncertainty radius, km; an unknown location is worst."""
    if not p.located:
        return math.inf
    return p.uncertainty_km if p.uncertainty_km is not None else 0.0


def estimate(
    name: str, reference: Place, km: float, direction: str | None, *, spread_km: float = 0.0
) -> Place:
    """A learned place `km` from `reference` (towards compass point `direction`, or on a
    circle around it when None), with an uncertainty radius in km.

    With a bearing: the point is projected; the radius covers a compass octant (+-22.5
    degrees, ~0.4 x km sideways), a fifth of the distance along it, the range's spread and
    the reference's own uncertainty. Without: the reference's point, radius km plus those.
    """
    own = reference.uncertainty_km or 0.0
    if direction in _COMPASS:
        lat, lon = project(reference.lat, reference.lon, km, direction)
        radius = 0.45 * km + 0.2 * km + spread_km + own + 0.5
    else:
        lat, lon = reference.lat, reference.lon
        radius = 1.2 * km + spread_km + own + 0.5
    return Place(
        learned_id(name, reference.country),
        name,
        reference.country,
        round(lat, 5),
        round(lon, 5),
        0,
        "town",
        estimated=True,
        uncertainty_km=round(radius, 1),
    )


def unknown(name: str, country: str) -> Place:
    """A learned place whose location the text does not give."""
    return Place(learned_id(name, country), name, country, math.nan, math.nan, 0, "town", True)


# --- finding them in a text ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Learned:
    """A learned town mention: span (end exclusive), the Place, and how it was introduced
    ("village" for "the village of X", else None)."""

    start: int
    end: int
    text: str
    place: Place
    intro: str | None


def _split_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of each name in a list "X, Y and Z"."""
    for m in re.finditer(_NAME, text[start:end]):
        a, b = start + m.start(), start + m.end()
        # "Al" / "and" never begin a name of the list on their own.
        yield a, b


def _candidates(text: str) -> Iterator[tuple[int, int, str | None, bool]]:
    """(start, end, intro, needs a fix) of every name in a settlement context; "X, 5 km
    north of Y" counts only when Y gives the fix."""
    for m in _APPOSED_DISTANCE.finditer(text):
        yield m.start("names"), m.end("names"), None, True
    for m in gated_finditer(_PREFIX, _PREFIX_GATE, text):
        noun = m.group("noun").lower().rstrip("s")
        intro = "village" if noun.startswith("village") else noun
        for a, b in _split_names(text, m.start("names"), m.end("names")):
            yield a, b, intro, False
    for m in _APPOSED.finditer(text):
        yield m.start("names"), m.end("names"), m.group("noun").lower(), False
    for m in _OUTSKIRTS.finditer(text):
        for a, b in _split_names(text, m.start("names"), m.end("names")):
            yield a, b, None, False
    for m in ph.find_control(text):
        names = re.compile(_NAMES).match(text, m.end())
        if names is None:
            continue
        for a, b in _split_names(text, names.start(), names.end()):
            yield a, b, None, False


def _plausible(text: str, start: int, end: int, gz: Gazetteer) -> bool:
    """Could this capitalised span be an unknown settlement (not a person, an outlet, a
    country, a known place, a sentence's first word of another kind)?"""
    words = text[start:end].replace("-", " ").split()
    first = words[0].lower()
    if len(text[start:end]) < 3 or first in _BAD_FIRST or first in ph.STOPWORDS:
        return False
    if first in ph.TITLES or first in ph.GIVEN_NAMES or text[start:end].isupper():
        return False
    surface = text[start:end]
    if surface in COUNTRY_ALIASES or gz.country_for(surface) is not None:
        return False
    key = normalise(surface)
    if gz.has_key(key) or gz.region_rows(key):
        return False
    return _NEXT.match(text, end) is not None


def _relative(
    text: str, end: int, by_start: dict[int, Mention]
) -> tuple[Place, float, float, str | None] | None:
    """ "…, a village about 3 miles from Pokrovsk" right after a name: (reference, km,
    spread km, direction) when the reference is a located town or region of the text."""
    m = _RELATIVE.match(text, end)
    pos = m.end() if m else end
    d = DISTANCE.match(text, pos)
    if d is None:
        return None
    parsed = parse_distance(d)
    tail = _TAIL.match(text, d.end())
    if parsed is None or tail is None:
        return None
    ref = by_start.get(tail.end())
    if ref is None or not ref.place.located or ref.place.kind == "country":
        return None
    direction = ph.direction_code(tail.group("dir")) if tail.group("dir") else None
    spread = (parsed.high_km - parsed.low_km) / 2
    return ref.place, parsed.value_km, spread, direction


def find_learned(
    text: str,
    mentions: Sequence[Mention],
    gz: Gazetteer,
    countries: Sequence[str] = (),
    memory: LearnedPlaces | None = None,
) -> list[Learned]:
    """Town mentions the gazetteer cannot give: names in a settlement context, placed
    relative to a known place of the text when it says so, else as `memory` last placed
    them, else with location unknown. Never crosses `mentions`; may contain some (a part of
    the name the gazetteer knows on its own), which the caller then drops."""
    taken = [(m.start, m.end) for m in mentions]
    by_start = {m.start: m for m in mentions}
    seen: dict[tuple[int, int], Learned] = {}
    story_cc = [m.place.country for m in mentions if m.place.kind == "town" and m.place.country]
    default_cc = (
        countries[0] if countries else max(sorted(set(story_cc)), key=story_cc.count, default="")
    )
    for start, end, intro, needs_fix in sorted(
        _candidates(text), key=lambda c: (c[0], c[1], c[2] is None)
    ):
        if (start, end) in seen or any(
            a < end and start < b and not (start <= a and b <= end and b - a < end - start)
            for a, b in taken
        ):
            continue  # crosses a known name; one inside it ("Zorivka" of "Zorivka-Nyzhnia") yields
        if not _plausible(text, start, end, gz):
            continue
        surface = text[start:end]
        rel = _relative(text, end, by_start)
        if rel is None and needs_fix:
            continue
        if rel is not None:
            ref, km, spread, direction = rel
            place = estimate(surface, ref, km, direction, spread_km=spread)
        else:
            place = unknown(surface, default_cc)
        if memory is not None:
            place = memory.offer(place)
        seen[(start, end)] = Learned(start, end, surface, place, intro)
        taken.append((start, end))
    return sorted(seen.values(), key=lambda x: x.start)


# --- memory ----------------------------------------------------------------------------------


class LearnedPlaces:
    """The best fix known for each learned name, kept in a JSON file (`path`, None for
    memory only). Key: country and normalised name. Saved atomically by `save()`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._places: dict[str, Place] = {}
        self._dirty = False
        if path is not None and path.exists():
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                for key, d in json.loads(path.read_text(encoding="utf-8")).items():
                    lat = math.nan if d["lat"] is None else float(d["lat"])
                    lon = math.nan if d["lon"] is None else float(d["lon"])
                    self._places[key] = Place(
                        int(d["id"]), d["name"], d["country"], lat, lon, 0, "town", True,
                        d.get("uncertainty_km"),
                    )  # fmt: skip

    @staticmethod
    def key(place: Place) -> str:
        return normalise(place.name)

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def get(self, name: str) -> Place | None:
        return self._places.get(normalise(name))

    def offer(self, place: Place) -> Place:
        """Remember `place` if it is a better fix than the one known (smaller radius; any
        position beats none); return the best fix now known for that name."""
        k = self.key(place)
        old = self._places.get(k)
        if old is None or _quality(place) < _quality(old):
            if old is not None and not place.country:
                place = replace(place, country=old.country)
            self._places[k] = place
            self._dirty = True
            return place
        return old if not place.located or _quality(place) >= _quality(old) else place

    def prune(self, gz: Gazetteer) -> int:
        """Forget learned names the gazetteer now knows (a dump was installed, the user
        added the place): the gazetteer's entry replaces the estimate. Returns how many."""
        gone = [k for k in self._places if gz.has_key(k) or gz.region_rows(k)]
        for k in gone:
            del self._places[k]
        self._dirty = self._dirty or bool(gone)
        return len(gone)

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        data = {
            k: {
                "id": p.geonameid,
                "name": p.name,
                "country": p.country,
                "lat": p.lat if p.located else None,
                "lon": p.lon if p.located else None,
                "uncertainty_km": p.uncertainty_km,
            }
            for k, p in sorted(self._places.items())
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
        self._dirty = False


# --- user places -------------------------------------------------------------------------------


def collisions(gz: Gazetteer, places: Sequence[UserPlace]) -> list[str]:
    """One line per user place whose name or alias is also a gazetteer place (not one of
    the user's): the user's wins, which is usually meant, but worth knowing."""
    out = []
    for n, up in enumerate(places):
        keys: set[str] = set()
        for form in (up.name, *up.aliases):
            key = normalise(form)
            rows = [r for r in gz.rows(key) if not gz.is_user(r)]
            if not rows or key in keys:
                continue
            keys.add(key)
            other = gz.town(rows[0])
            km = haversine_km(up.lat, up.lon, other.lat, other.lon)
            more = f" and {len(rows) - 1} more" if len(rows) > 1 else ""
            out.append(
                f'places[{n}] "{up.name}": "{form}" is also {other.name} ({other.country}, '
                f"geonames:{other.geonameid}, {km:.0f} km away){more}; yours takes precedence"
            )
    return out
