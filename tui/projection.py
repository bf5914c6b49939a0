"""Map projection for the map widget: degrees to canvas dots and back, pure math.

An equirectangular projection around the view's centre, scaled by cos(latitude):
over the few hundred km of a front it is within a percent of true distances, and
it keeps north up. A braille dot is half a cell wide and a quarter cell tall; a
terminal cell is about twice as tall as wide, so dots are square: one `km_per_dot`
serves both axes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
MIN_KM_PER_DOT = 0.05
"""Zooming stops here (50 m a dot): the gazetteer is not more precise than that."""
MAX_KM_PER_DOT = 500.0


@dataclass(frozen=True, slots=True)
class Viewport:
    """What the canvas shows: its centre (degrees), its scale (km per dot) and size (dots)."""

    lat: float
    lon: float
    km_per_dot: float
    width: int
    height: int

    def to_dot(self, lat: float, lon: float) -> tuple[float, float]:
        """(x, y) in dots from the top-left; may fall outside the canvas."""
        kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat))
        x = (lon - self.lon) * kx / self.km_per_dot + self.width / 2
        y = (self.lat - lat) * KM_PER_DEG_LAT / self.km_per_dot + self.height / 2
        return x, y

    def to_degrees(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of `to_dot`: (lat, lon) of a dot."""
        kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat))
        lat = self.lat - (y - self.height / 2) * self.km_per_dot / KM_PER_DEG_LAT
        lon = self.lon + (x - self.width / 2) * self.km_per_dot / kx
        return lat, lon

    def zoom(self, factor: float) -> Viewport:
        """Zoom in (factor > 1) or out around the centre, within the scale limits."""
        scale = min(MAX_KM_PER_DOT, max(MIN_KM_PER_DOT, self.km_per_dot / factor))
        return replace(self, km_per_dot=scale)

    def pan(self, dx: float, dy: float) -> Viewport:
        """Move the centre by (dx, dy) dots: positive dx east, positive dy south."""
        lat, lon = self.to_degrees(self.width / 2 + dx, self.height / 2 + dy)
        return replace(self, lat=max(-85.0, min(85.0, lat)), lon=(lon + 540) % 360 - 180)

    def resized(self, width: int, height: int) -> Viewport:
        return replace(self, width=width, height=height)


def fit(
    points: Iterable[tuple[float, float]], width: int, height: int, margin: float = 0.12
) -> Viewport:
    """The viewport that shows every (lat, lon) with a margin (a fraction of each side)."""
    pts = list(points)
    if not pts:
        return Viewport(0.0, 0.0, 50.0, width, height)
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    lat = (min(lats) + max(lats)) / 2
    lon = (min(lons) + max(lons)) / 2
    kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))
    span_x = (max(lons) - min(lons)) * kx
    span_y = (max(lats) - min(lats)) * KM_PER_DEG_LAT
    usable_w = max(1.0, width * (1 - 2 * margin))
    usable_h = max(1.0, height * (1 - 2 * margin))
    scale = max(span_x / usable_w, span_y / usable_h, MIN_KM_PER_DOT * 10)
    return Viewport(lat, lon, min(scale, MAX_KM_PER_DOT), width, height)


def nice_length(max_km: float) -> float:
    """The longest 1, 2 or 5 × 10^n km not above `max_km` (a scale bar's length)."""
    if max_km <= 0:
        return 0.0
    exponent = math.floor(math.log10(max_km))
    for mantissa in (5, 2, 1):
        value = mantissa * 10**exponent
        if value <= max_km:
            return float(value)
    return float(10**exponent)
