"""Discovered fronts: where the news makes an objective that no configured front covers.

A claim "within N km of X" outside every configured front makes X an objective of a
discovered front: one of X's country within DISCOVER_JOIN_KM of its objectives, joining
(merging) all such, or a new one. Grouping is single-linkage and a discovered front is
named after its most populous objective, so neither depends on the order stories arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable

from feeds.model.front import Front
from feeds.types import Place

__all__ = [
    "DISCOVER_JOIN_KM",
    "anchored_name",
    "discovered_front",
    "discovered_name",
    "fronts_joined_by",
]

DISCOVER_JOIN_KM = 100.0
"""A discovered front takes in places of its country within this distance of its objectives."""


def discovered_name(place: Place) -> str:
    """ "Pokrovsk (UA, discovered)"."""
    return f"{place.name} ({place.country}, discovered)"


def discovered_front(place: Place) -> Front:
    """A new discovered front around `place` (its objective is added by the model)."""
    return Front(
        name=discovered_name(place),
        countries=(place.country,),
        discovered=True,
        radius_km=DISCOVER_JOIN_KM,
    )


def fronts_joined_by(fronts: Iterable[Front], place: Place) -> list[Front]:
    """The discovered fronts a claim about `place` joins, by name: the first takes in the
    others."""
    near = [
        f
        for f in fronts
        if f.discovered
        and (
            place.geonameid in f.objectives
            or (place.country in f.countries and f.nearest_km(place) <= DISCOVER_JOIN_KM)
        )
    ]
    return sorted(near, key=lambda f: f.name)


def anchored_name(front: Front) -> str:
    """The name a discovered front goes by: its most populous objective's (ties: lowest id)."""
    anchor = min(front.objectives.values(), key=lambda o: (-o.place.population, o.place.geonameid))
    return discovered_name(anchor.place)
