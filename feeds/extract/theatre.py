"""The theatre of a story: the countries it is about, and which homonyms lie too far from them.

"Palma" in a story about Mozambique's insurgency is not Palma de Mallorca; "Konna" in a
story about Mali is not Kuna, Idaho. The theatre is the countries the story names (a
demonym before "forces" says which war, not where), the countries of its places that show
a sign of being places, and the fronts' countries. A town whose country has under a tenth
of the theatre's top weight, is neither that country nor one of its neighbours, lies more
than 1,000 km from that country's centre and more than 500 km from every other place of the
story, is a homonym the story does not mean: the name is then left to the learned places
(`feeds.extract.learning`), in the theatre's country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from feeds.extract.nearby import Anchors, near
from feeds.geo import Gazetteer
from feeds.types import Place

__all__ = ["Theatre"]

_FAR_KM = 1_000.0
"""How far from the theatre country's centre a town abroad must lie to be doubted."""
_STORY_KM = 500.0
"""How far from every other place of the story it must lie too."""
_SHARE = 0.1
"""The share of the theatre's top weight under which a country is foreign to the story."""
_SIDE_WEIGHT = 3.0
_NEIGHBOUR_WEIGHT = 2.5
_OPENS_NAME = re.compile(r"\s+[A-Z][a-z]")
"""A capitalised word after a country: "Russian Defence Ministry", "United States
Geological Survey" name an institution, not the story's country."""


class Theatre:
    """The countries one story is about, with weights (see the module's docstring)."""

    def __init__(self, gz: Gazetteer, fronts: Sequence[str]) -> None:
        self._gz = gz
        self.fronts = tuple(fronts)
        self.weights: dict[str, float] = {}
        self._war: dict[str, float] | None = None
        self.named: list[tuple[int, str, bool]] = []
        """Countries the text names: (position, ISO code, named as a force's side)."""

    def add(self, country: str, weight: float) -> None:
        if country:
            self.weights[country] = self.weights.get(country, 0.0) + weight

    def add_named(self, text: str, pos: int, end: int, country: str, force: bool) -> None:
        """A country or demonym at text[pos:end]; `force` when a force noun follows it."""
        if not force and _OPENS_NAME.match(text, end):
            return
        self.named.append((pos, country, force))
        self._war = None
        self.add(country, 1.0)

    def war(self) -> dict[str, float]:
        """Ranking weights from the sides the story names ("Russian troops", "Moscow
        claimed", "Armenian forces"): they say which war it is, a little. A side fights at
        home or next door, so its country weighs 3 and its neighbours 2.5 ("Pokrovsk" after
        "Russian troops" is the Ukrainian town, not Engels, once called Pokrovsk)."""
        if self._war is None:
            war: dict[str, float] = {}
            for _, cc, force in self.named:
                if force:
                    for n in self._gz.neighbours(cc):
                        war[n] = max(war.get(n, 1.0), _NEIGHBOUR_WEIGHT)
            for _, cc, force in self.named:
                if force:
                    war[cc] = _SIDE_WEIGHT
            self._war = war
        return self._war

    def top(self, without: dict[str, float] | None = None) -> tuple[str, float]:
        """The country the story is most about, and its weight (`without` a name's own
        votes: a name never vouches for itself)."""
        best, best_w = "", 0.0
        for cc in sorted(self.weights):
            w = self.weights[cc] - (without or {}).get(cc, 0.0)
            if w > best_w:
                best, best_w = cc, w
        return best, best_w

    def foreign(self, place: Place, own: dict[str, float], anchors: Anchors) -> bool:
        """Is this town a far-away homonym the story does not mean?"""
        cc = place.country
        if cc in self.fronts:
            return False
        top, weight = self.top(own)
        if not top or weight < 1.0 or cc == top or cc in self._gz.neighbours(top):
            return False
        if self.weights.get(cc, 0.0) - own.get(cc, 0.0) >= _SHARE * weight:
            return False
        home = self._gz.country(top)
        if home is None or near(place.lat, place.lon, [(home.lat, home.lon)], _FAR_KM):
            return False
        return not (anchors and near(place.lat, place.lon, anchors, _STORY_KM))
