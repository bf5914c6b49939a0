"""Places no gazetteer knows, learned from the text.

Front-line villages are often missing from every gazetteer installed;
`feeds.extract.learning` finds them in the text. One whose location the text does not give
is unknown (lat and lon NaN); one placed relative to a known place ("a village about 3
miles from Pokrovsk") gets an estimated position and an uncertainty radius (km). Either
way the Place has `estimated=True` and a negative id (LEARNED_ID_BASE + hash): consumers
must not treat it as a gazetteer fix. `LearnedPlaces` remembers the best fix per name in
a small JSON file: a later story that places it better replaces a worse fix, and a
gazetteer entry, once installed, replaces any estimate (the name is then no longer unknown, so the
extractor resolves it through the gazetteer; `prune()` forgets the estimate).

User places (`[[places]]` in config.toml) are added to the gazetteer itself
(`feeds.geo.gazetteer`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from feeds.geo.gazetteer import Gazetteer
from feeds.geo.names import normalise
from feeds.geo.sphere import project
from feeds.types import Place

__all__ = [
    "COMPASS",
    "LEARNED_ID_BASE",
    "LearnedPlaces",
    "estimate",
    "is_learned",
    "learned_id",
    "unknown",
]

LEARNED_ID_BASE = 8_000_000_000
"""Learned places get id -(LEARNED_ID_BASE + hash of country and name): negative, so never
a GeoNames id, and stable across runs and restarts."""

COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
"""The eight compass points a direction code may be (see `feeds.extract.phrases`)."""


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
    if direction in COMPASS:
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
