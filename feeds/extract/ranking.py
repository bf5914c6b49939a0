"""Ranking the homonyms of one name: which town or region a candidate most likely is.

Score = population x name bonus x the largest country weight (the fronts' countries, the
story's countries, an Arabic article's region, "X, <country>") x 10 inside the region
named after it x 20 when within 150 km of a possible place of another name of the story.
A town and a region of the same name: the region, unless the town is a big share of it,
is introduced as a town, or is the region's namesake named without a region word
("Kherson", "Khan Younis": the city; "Kherson region", "southern Kherson": the region).
What depends on the name alone is memoised across stories (bounded by `CACHE_LIMIT`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from feeds.extract.found import Found
from feeds.extract.memo import CACHE_LIMIT
from feeds.extract.nearby import Anchors, near
from feeds.geo import Gazetteer, medium_key, normalise, soft_hints
from feeds.geo import homonym_score as _score
from feeds.types import Place

__all__ = ["COMPASS_ADJECTIVE", "Ranker"]

_NEAR_BONUS = 20.0
"""How much a homonym gains from lying within 150 km of a possible place of another name
of the story: enough for Tadmur (near As Sukhnah) to beat Palmira, Colombia (6x bigger)."""
COMPASS_ADJECTIVE = re.compile(
    r"(?i:(?:north|south|east|west)(?:-?(?:east|west))?ern\s+$|central\s+$)"
)
""""southwestern Idlib": the region, unless the town is a city of a million."""

_Homonyms = tuple[
    tuple[tuple[float, int, str, int, float, float], ...], tuple[tuple[float, int, str], ...]
]
"""Towns and regions a name may be, with the name-only part of their scores."""


def _order(option: tuple[float, int, bool]) -> tuple[float, int]:
    """Highest score first; on a tie the earlier row (the index's own best-first order)."""
    return option[0], -option[1]


class Ranker:
    """Ranks a candidate's homonyms; reusable, memoised per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gz = gazetteer
        self._alone: dict[tuple[object, ...], tuple[Place, float] | None] = {}
        self._homonyms: dict[tuple[str, str, str | None], _Homonyms] = {}

    def rank(
        self,
        f: Found,
        countries: Sequence[str],
        story: dict[str, float],
        anchors: Anchors,
        before: str = "",
        war: Mapping[str, float] | None = None,
    ) -> tuple[Place, float] | None:
        """The likeliest place for a candidate and how sure (its share of all scores).

        Score = population x name bonus x the largest country weight (100 for the fronts'
        countries, the story's countries up to 100, 10 for an Arabic article's region, 1000
        for "X, <country or region>") x 10 inside the region named after it x 5 when within
        150 km of a possible place of another name of the story. `before`: the words
        before the mention ("southern"); `war`: the weights of the countries named only as
        sides and their neighbours (`feeds.extract.theatre.Theatre.war`).
        """
        gz = self._gz
        soft = soft_hints(f.surface)
        weights: dict[str, float] = {}

        def weight(cc: str) -> float:
            w = weights.get(cc)
            if w is None:
                w = 100.0 if cc in countries else 1.0
                w = max(w, story.get(cc, 1.0))
                if war:
                    w = max(w, war.get(cc, 1.0))
                if cc in soft:
                    w = max(w, 10.0)
                if cc and cc == f.hint:
                    w = max(w, 1000.0)
                weights[cc] = w
            return w

        towns, regions = self._homonyms_of(f)
        if len(towns) + len(regions) == 1 and not f.suffix:
            return (gz.town(towns[0][1]), 1.0) if towns else (gz.region(regions[0][1]), 1.0)
        close = bool(anchors) and len(towns) + len(regions) >= 2  # else nothing to choose
        scores: list[tuple[float, int, bool]] = []
        for base, r, cc, town_region, lat, lon in towns:
            s = base * weight(cc)
            if f.near_region >= 0 and town_region == f.near_region:
                s *= 10.0
            if close and near(lat, lon, anchors):
                s *= _NEAR_BONUS
            scores.append((s, r, False))
        for base, r, cc in regions:
            scores.append((base * weight(cc), r, True))
        if not scores:
            return None
        total = sum(s for s, _, _ in scores)
        if f.suffix and f.suffix != "city":
            best_r = max((x for x in scores if x[2]), default=None, key=_order)
            if best_r is not None:
                return gz.region(best_r[1]), best_r[0] / total
            best_t = max(scores, key=_order)
            town = gz.town(best_t[1])
            word = {"countryside": "countryside"}.get(f.suffix, f.suffix.rstrip("s"))
            synthetic = Place(
                -town.geonameid,
                f"{town.name} {word}",
                town.country,
                town.lat,
                town.lon,
                0,
                "region",
            )
            return synthetic, best_t[0] / total
        best_town = max((x for x in scores if not x[2]), default=None, key=_order)
        best_region = max((x for x in scores if x[2]), default=None, key=_order)
        if best_town and best_region:
            town, region = gz.town(best_town[1]), gz.region(best_region[1])
            inside = gz.town_region(best_town[1]) == best_region[1]
            if inside and town.population * 5 >= max(region.population, 1):
                return town, best_town[0] / total
            if f.intro or f.dateline or best_town[0] > best_region[0] * 10:
                return town, best_town[0] / total
            if self._namesake(f, best_town[1], best_region[1], before):
                return town, best_town[0] / total
            return region, best_region[0] / total
        if best_region:
            return gz.region(best_region[1]), best_region[0] / total
        assert best_town is not None
        return gz.town(best_town[1]), best_town[0] / total

    def rank_alone(
        self, f: Found, k1: tuple[object, ...], countries: Sequence[str]
    ) -> tuple[Place, float] | None:
        """`_rank` of a name on its own (no story weights, no anchors), memoised: it
        depends only on `k1` (the name and its local context) and the fronts' countries."""
        memo_key = (*k1, *countries)
        if memo_key not in self._alone:
            if len(self._alone) >= CACHE_LIMIT:
                self._alone.clear()
            self._alone[memo_key] = self.rank(f, countries, {}, ())
        return self._alone[memo_key]

    def _homonyms_of(self, f: Found) -> _Homonyms:
        """The towns (at most 80, best first) and regions a name may be, with the parts of
        their scores that depend on the name alone: (population x name bonus, row,
        country, first-level region, lat, lon) and (population x 2, row, country).

        Name bonus x5 when the place is spelt like the mention (up to case, accents,
        articles, a trailing h), x2 when its own name folds to the same key, else x1.
        Memoised per (key, spelling, suffix): the costly part of ranking, and the same
        names come back story after story."""
        memo_key = (f.key, f.surface, f.suffix)
        hit = self._homonyms.get(memo_key)
        if hit is not None:
            return hit
        gz = self._gz
        spelt = medium_key(f.surface)
        towns = []
        for r in gz.rows(f.key)[:80]:
            town = gz.town(r)
            bonus = 5.0 if medium_key(town.name) == spelt else 2.0
            if bonus == 2.0 and normalise(town.name) != f.key:
                bonus = 1.0
            base = 1e15 if gz.is_user(r) else _score(town.population, bonus)  # the user's own
            towns.append((base, r, town.country, gz.town_region(r), town.lat, town.lon))
        regions = gz.region_rows(normalise(f.surface)) or gz.region_rows(f.key)
        if f.suffix == "city":
            regions = ()
        elif f.suffix:
            regions = tuple(r for r in regions if gz.region_level(r) != 0)
        hit = (
            tuple(towns),
            tuple((_score(gz.region(r).population, 2.0), r, gz.region(r).country) for r in regions),
        )
        if len(self._homonyms) >= CACHE_LIMIT:
            self._homonyms.clear()
        self._homonyms[memo_key] = hit
        return hit

    def _namesake(self, f: Found, town_row: int, region_row: int, before: str) -> bool:
        """Is the town the region's namesake, named as the city: no region word, spelt
        like the town (its name or an alternate), inside the region or near its centre or
        a capital, and no compass adjective before it (unless a city of a million)?"""
        gz = self._gz
        if f.suffix:
            return False
        town, region = gz.town(town_row), gz.region(region_row)
        inside = gz.town_region(town_row) == region_row
        central = abs(town.lat - region.lat) < 1.5 and abs(town.lon - region.lon) < 2.0
        if not (inside or central or gz.is_capital(town)):
            return False
        if normalise(town.name) != f.key and not gz.spelt_as_alternate(town_row, f.surface):
            return False
        return town.population >= 1_000_000 or not COMPASS_ADJECTIVE.search(before)
