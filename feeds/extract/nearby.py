"""Which possible places of a story lie near each other: the geometry of context.

Two names of one story that have homonyms within ~150 km of each other support each other
(Tadmur near As Sukhnah beats Palmira in Colombia). `Spots` holds every possible position of
every name of a story, indexed by latitude, so "is one within 150 km?" looks at a thin band
of latitudes instead of all of them.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_SUPPORT", "Anchors", "Spots", "Support", "near"]


def near(lat: float, lon: float, anchors: Anchors, km: float = 150.0) -> bool:
    """Is (lat, lon) within `km` of any anchor? (equirectangular: exact enough at 150 km)"""
    if isinstance(anchors, Support):
        return anchors.near(lat, lon, km)
    for alat, alon in anchors:
        dy = (lat - alat) * 111.2
        if dy * dy >= km * km:
            continue  # too far north or south whatever the longitude: skip the cosine
        dx = (lon - alon) * 111.2 * math.cos(math.radians((lat + alat) / 2))
        if dx * dx + dy * dy < km * km:
            return True
    return False


MAX_SUPPORT = 512
"""How many possible positions of the story's other names a name is checked against."""


class Spots:
    """Every possible position of every name of a story, in the story's order (name by
    name), indexed by latitude so that "is one within 150 km?" looks at a thin band of
    latitudes instead of all of them (hundreds in a long story)."""

    def __init__(self, spots: dict[str, list[tuple[float, float]]]) -> None:
        self.span: dict[str, tuple[int, int]] = {}
        points: list[tuple[float, float]] = []
        for key, pts in spots.items():
            self.span[key] = (len(points), len(points) + len(pts))
            points.extend(pts)
        self.count = len(points)
        self._rows = sorted((lat, lon, i) for i, (lat, lon) in enumerate(points))
        self._lats = [r[0] for r in self._rows]

    def without(self, key: str) -> Support:
        """The positions of the names other than `key`, the first `MAX_SUPPORT` of them."""
        a, b = self.span.get(key, (0, 0))
        limit = MAX_SUPPORT + (b - a) if a < MAX_SUPPORT else MAX_SUPPORT
        return Support(self, a, b, min(limit, self.count))

    def near(self, lat: float, lon: float, km: float, a: int, b: int, limit: int) -> bool:
        band = km / 111.2 + 1e-6  # degrees of latitude; a little wider than needed
        i = bisect_left(self._lats, lat - band)
        j = bisect_right(self._lats, lat + band)
        for alat, alon, n in self._rows[i:j]:
            if n >= limit or a <= n < b:
                continue
            dy = (lat - alat) * 111.2
            dx = (lon - alon) * 111.2 * math.cos(math.radians((lat + alat) / 2))
            if dx * dx + dy * dy < km * km:
                return True
        return False


@dataclass(frozen=True, slots=True)
class Support:
    """The story's positions minus one name's own: rows [0, limit) except [a, b)."""

    spots: Spots
    a: int
    b: int
    limit: int

    def __bool__(self) -> bool:
        return self.limit - max(0, min(self.b, self.limit) - self.a) > 0

    def near(self, lat: float, lon: float, km: float) -> bool:
        return self.spots.near(lat, lon, km, self.a, self.b, self.limit)


Anchors = Sequence[tuple[float, float]] | Support
