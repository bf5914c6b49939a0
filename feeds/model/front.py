"""A front: a named offensive, its two sides, its region, its objectives, and where the
attacker has been.

Every actor wording maps to one side of a front ("government forces" and "Syrian army"
are the attacker of one front, the defender of none): `side_of`. The region is the
front's countries, or a radius around its configured objectives, or both.

Units: km, UTC datetimes.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from feeds.geo import haversine_km
from feeds.model.objective import Objective
from feeds.types import Place, Sentence

__all__ = ["POSITIONS_CAP", "Front", "Position", "Side"]

Side = Literal["attacker", "defender"]
"""One side of a front; an actor no alias names has none (None)."""

POSITIONS_CAP = 2_000
"""Attacker positions kept per front, the newest by time: memory stays flat over weeks."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where a front's attacker was at a time: a town taken, or a projected point."""

    time: datetime
    lat: float
    lon: float
    story_id: str
    sentence: Sentence
    note: str
    """"captured Palmyra", "8 km SW of Tadmur"."""


def _age_key(p: Position, arrival: int) -> tuple[datetime, str, float, float, int]:
    """Positions by time (then story, place, arrival): the oldest is the smallest."""
    return (p.time, p.story_id, p.lat, p.lon, arrival)


@dataclass(slots=True, eq=False)
class Front:
    name: str
    attacker: tuple[str, ...] = ()
    defender: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    objectives: dict[int, Objective] = field(default_factory=dict)
    discovered: bool = False
    radius_km: float | None = None
    """Region as a radius around the configured objectives, km (None: countries only)."""
    positions: list[Position] = field(default_factory=list)
    """Where the attacker is known to have been (captures, projected points), in the order
    they were learnt. Add with `remember`."""
    _arrivals: list[int] = field(default_factory=list)
    """The arrival number of each of `positions`, ascending."""
    _by_age: list[tuple[datetime, str, float, float, int]] = field(default_factory=list)
    """A heap of (time, story id, lat, lon, arrival number): the oldest position on top."""
    _arrived: int = 0

    def __post_init__(self) -> None:
        given, self.positions = self.positions, []
        for position in given:
            self.remember(position)

    def side_of(self, actor: str | None) -> Side | None:
        if not actor:
            return None
        return _side(self.attacker, self.defender, actor.casefold())

    def remember(self, position: Position) -> None:
        """Keep a position; past POSITIONS_CAP the oldest by time gives way, so the newest
        POSITIONS_CAP are kept whatever the order they arrive in."""
        arrival = self._arrived
        self._arrived += 1
        self.positions.append(position)
        self._arrivals.append(arrival)
        heapq.heappush(self._by_age, _age_key(position, arrival))
        if len(self.positions) > POSITIONS_CAP:
            oldest = heapq.heappop(self._by_age)[-1]
            i = bisect.bisect_left(self._arrivals, oldest)
            del self.positions[i], self._arrivals[i]

    def trim(self, before: datetime) -> int:
        """Retention: forget positions older than `before`. Returns how many went."""
        kept = [
            (p, n) for p, n in zip(self.positions, self._arrivals, strict=True) if p.time >= before
        ]
        gone = len(self.positions) - len(kept)
        if gone:
            self.positions[:] = [p for p, _ in kept]
            self._arrivals[:] = [n for _, n in kept]
            self._by_age[:] = [_age_key(p, n) for p, n in kept]
            heapq.heapify(self._by_age)
        return gone

    def anchors(self) -> list[Objective]:
        """The objectives that define the front's area: the configured ones (all of a
        discovered front's). Objectives the news added never move a front's borders."""
        if self.discovered:
            return list(self.objectives.values())
        return [o for o in self.objectives.values() if o.added_by is None]

    def nearest_km(self, place: Place) -> float:
        """How far `place` is from the front's closest anchor objective, km (inf with none)."""
        return min(
            (haversine_km(place.lat, place.lon, o.place.lat, o.place.lon) for o in self.anchors()),
            default=float("inf"),
        )

    def covers(self, place: Place) -> bool:
        """Whether a claim about `place` belongs to this front's region."""
        if place.geonameid in self.objectives:
            return True
        if not self.countries and self.radius_km is None:
            return False
        if self.countries and place.country not in self.countries:
            return False
        return self.radius_km is None or self.nearest_km(place) <= self.radius_km


@functools.lru_cache(maxsize=4096)
def _side(attacker: tuple[str, ...], defender: tuple[str, ...], actor: str) -> Side | None:
    """Which side `actor` names; cached, as the same few actors recur in every story."""
    if any(_alias_matches(alias, actor) for alias in attacker):
        return "attacker"
    if any(_alias_matches(alias, actor) for alias in defender):
        return "defender"
    return None


def _alias_matches(alias: str, actor: str) -> bool:
    """'government forces' matches 'Syrian government forces' and 'the government forces'."""
    alias = alias.casefold()
    return alias == actor or f" {alias}" in f" {actor}" or f" {actor}" in f" {alias}"
