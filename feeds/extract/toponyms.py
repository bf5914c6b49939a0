"""Toponym resolution: which place each candidate name of a story is.

Two passes. Pass one resolves every name alone (the fronts' countries, the spelling, the
"X, Y" context). Pass two re-ranks each name by what the *other* names of the story settled
on: their countries (weighted by how sure pass one was) and their positions (a homonym
within ~150 km of another place of the story wins). A name never votes for itself, so one
Colombian Palmira cannot outvote As Sukhnah. Small towns need evidence to count at all:
news names thousands of people and things that share a name with some village.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.extract.candidates import CACHE_LIMIT, Candidates, Found, letters_key
from feeds.geo import USER_ID_BASE, Gazetteer, medium_key, normalise, soft_hints
from feeds.geo import homonym_score as _score
from feeds.types import Place, Sentence

__all__ = ["Toponyms"]

_FORCE_AFTER = re.compile(
    r"(?:-[a-z]+)?\s+(?:[\w-]+\s+)?(?:forces|troops|army|military|soldiers|units|fighters|"
    r"militias?|air\s+force|jets|drones|warplanes|navy|paratroopers|marines)\b"
    r"|-(?:backed|led|allied|supported)\b",
    re.IGNORECASE,
)
_NEAR_BONUS = 20.0
"""How much a homonym gains from lying within 150 km of a possible place of another name
of the story: enough for Tadmur (near As Sukhnah) to beat Palmira, Colombia (6x bigger)."""
_MIN_BARE_POP = 50_000
"""A town named with no locative word, no context and no neighbour in the story must be
this big: smaller homonyms are mostly people and things ("Walsh", "Day", "Center")."""


def _order(option: tuple[float, int, bool]) -> tuple[float, int]:
    """Highest score first; on a tie the earlier row (the index's own best-first order)."""
    return option[0], -option[1]


def _near(lat: float, lon: float, anchors: _Anchors, km: float = 150.0) -> bool:
    """Is (lat, lon) within `km` of any anchor? (equirectangular: exact enough at 150 km)"""
    if isinstance(anchors, _Support):
        return anchors.near(lat, lon, km)
    for alat, alon in anchors:
        dy = (lat - alat) * 111.2
        if dy * dy >= km * km:
            continue  # too far north or south whatever the longitude: skip the cosine
        dx = (lon - alon) * 111.2 * math.cos(math.radians((lat + alat) / 2))
        if dx * dx + dy * dy < km * km:
            return True
    return False


_MAX_SUPPORT = 512
"""How many possible positions of the story's other names a name is checked against."""


class _Spots:
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

    def without(self, key: str) -> _Support:
        """The positions of the names other than `key`, the first `_MAX_SUPPORT` of them."""
        a, b = self.span.get(key, (0, 0))
        limit = _MAX_SUPPORT + (b - a) if a < _MAX_SUPPORT else _MAX_SUPPORT
        return _Support(self, a, b, min(limit, self.count))

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
class _Support:
    """The story's positions minus one name's own: rows [0, limit) except [a, b)."""

    spots: _Spots
    a: int
    b: int
    limit: int

    def __bool__(self) -> bool:
        return self.limit - max(0, min(self.b, self.limit) - self.a) > 0

    def near(self, lat: float, lon: float, km: float) -> bool:
        return self.spots.near(lat, lon, km, self.a, self.b, self.limit)


_Anchors = Sequence[tuple[float, float]] | _Support


_MIN_START_POP = 10_000
"""A one-word name opening a sentence (or in capitals) must be a town this big, or be in
a hint country: "March", "Said" or "Hope" open sentences far more often than towns do."""


_Homonyms = tuple[
    tuple[tuple[float, int, str, int, float, float], ...], tuple[tuple[float, int, str], ...]
]
"""Towns and regions a name may be, with the name-only part of their scores."""


class Toponyms:
    """Resolves a story's place names; reusable. Results depend on the text and the fronts'
    countries only, so the rankings of a name are memoised (bounded by `CACHE_LIMIT`)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gz = gazetteer
        self.candidates = Candidates(gazetteer)
        self._alone: dict[tuple[object, ...], tuple[Place, float] | None] = {}
        self._homonyms: dict[tuple[str, str, str | None], _Homonyms] = {}

    def find(
        self, text: str, sentences: Sequence[Sentence], countries: Sequence[str]
    ) -> list[Found]:
        """The resolved place mentions of `text`, in order (see the module's docstring)."""
        found = self.candidates.find(text, sentences)
        # Pass one: each name alone.
        votes: dict[str, dict[str, float]] = {}
        first: dict[str, tuple[Place, float]] = {}
        for f in found:
            if f.country is not None:
                if not _FORCE_AFTER.match(text, f.end):  # "Russian troops": who, not where
                    v = votes.setdefault(f.key, {})
                    v[f.country.country] = v.get(f.country.country, 0.0) + 1.0
                continue
            k1 = (f.key, f.surface, f.suffix, f.hint, f.near_region, f.intro)
            best = self._rank_alone(f, k1, countries)
            if best is None:
                continue
            place, prob = best
            first.setdefault(f.key, (place, prob))
            if place.country:
                v = votes.setdefault(f.key, {})
                v[place.country] = v.get(place.country, 0.0) + prob
        total: dict[str, float] = {}
        for c in votes.values():
            for cc, share in c.items():
                total[cc] = total.get(cc, 0.0) + share
        # Where each name may be: every homonym of a name with few of them. Two names of
        # one story that have homonyms within 150 km of each other support each other.
        spots: dict[str, list[tuple[float, float]]] = {}
        for f in found:
            if f.country is None and f.key not in spots:
                rows = self._gz.rows(f.key)
                if 1 <= len(rows) <= 64:
                    spots[f.key] = [(t.lat, t.lon) for t in map(self._gz.town, rows)]
        every_spot = _Spots(spots)
        # Pass two: each name among the others.
        out: list[Found] = []
        memo: dict[tuple[str, str, bool, str | None, int], Place | None] = {}
        sure_towns = [
            (key, (p.lat, p.lon))
            for key, (p, prob) in first.items()
            if prob >= 0.6 and p.kind == "town"
        ]
        by_key: dict[str, dict[str, float]] = {}
        for f in found:
            weights = by_key.get(f.key)
            if weights is None:
                own = votes.get(f.key, {})
                story = {c: n - own.get(c, 0.0) for c, n in total.items()}
                top = max(story.values(), default=0.0)
                weights = {c: 1.0 + 99.0 * n / top for c, n in story.items() if n > 1e-9}
                by_key[f.key] = weights
            if f.country is not None:
                region = self._country_or_region(f, weights)
                if region is not None:
                    f.place = region
                else:
                    f.place = f.country
                out.append(f)
                continue
            k = (f.key, f.surface, f.single_start, f.suffix, f.near_region)
            if k not in memo:
                anchors = [spot for key, spot in sure_towns if key != f.key][:64]
                support = every_spot.without(f.key)
                best = self._rank(f, countries, weights, support)
                chosen = None if best is None else best[0]
                if chosen is not None and not self._credible(
                    f, chosen, countries, weights, anchors or support
                ):
                    chosen = None
                memo[k] = chosen
            f.place = memo[k]
            if f.place is not None:
                out.append(f)
        return out

    def _rank(
        self,
        f: Found,
        countries: Sequence[str],
        story: dict[str, float],
        anchors: _Anchors,
    ) -> tuple[Place, float] | None:
        """The likeliest place for a candidate and how sure (its share of all scores).

        Score = population x name bonus x the largest country weight (100 for the fronts'
        countries, the story's countries up to 100, 10 for an Arabic article's region, 1000
        for "X, <country or region>") x 10 inside the region named after it x 5 when within
        150 km of a possible place of another name of the story.
        """
        gz = self._gz
        soft = soft_hints(f.surface)
        weights: dict[str, float] = {}

        def weight(cc: str) -> float:
            w = weights.get(cc)
            if w is None:
                w = 100.0 if cc in countries else 1.0
                w = max(w, story.get(cc, 1.0))
                if cc in soft:
                    w = max(w, 10.0)
                if cc and cc == f.hint:
                    w = max(w, 1000.0)
                weights[cc] = w
            return w

        towns, regions = self._homonyms_of(f)
        near = bool(anchors) and len(towns) + len(regions) >= 2  # else nothing to choose
        scores: list[tuple[float, int, bool]] = []
        for base, r, cc, town_region, lat, lon in towns:
            s = base * weight(cc)
            if f.near_region >= 0 and town_region == f.near_region:
                s *= 10.0
            if near and _near(lat, lon, anchors):
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
            if f.intro or best_town[0] > best_region[0] * 10:
                return town, best_town[0] / total
            return region, best_region[0] / total
        if best_region:
            return gz.region(best_region[1]), best_region[0] / total
        assert best_town is not None
        return gz.town(best_town[1]), best_town[0] / total

    def _rank_alone(
        self, f: Found, k1: tuple[object, ...], countries: Sequence[str]
    ) -> tuple[Place, float] | None:
        """`_rank` of a name on its own (no story weights, no anchors), memoised: it
        depends only on `k1` (the name and its local context) and the fronts' countries."""
        memo_key = (*k1, *countries)
        if memo_key not in self._alone:
            if len(self._alone) >= CACHE_LIMIT:
                self._alone.clear()
            self._alone[memo_key] = self._rank(f, countries, {}, ())
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

    def _credible(
        self,
        f: Found,
        place: Place,
        countries: Sequence[str],
        story: dict[str, float],
        anchors: _Anchors,
    ) -> bool:
        """Is this capitalised word a place at all? Small towns need a reason.

        News names thousands of people and things that share a name with some village
        ("Walsh", "Day", "Center"). A town under 50,000 people counts only with evidence:
        a locative word before it ("in", "near", "captured"), an "X, Y" or "town of X"
        context, an Arabic article, the fronts' countries, or another place of the story
        within 150 km.
        """
        if place.kind == "country" or place.geonameid >= USER_ID_BASE:
            return True
        spelt = medium_key(f.surface) == medium_key(place.name) or letters_key(
            f.surface
        ) == letters_key(place.name)
        if place.kind == "region":
            # "Alberta", "Donetsk Oblast": spelt as the region or named with its word; a
            # lone word matched through folding ("Unite" for Unity) needs context.
            return bool(
                spelt
                or f.suffix
                or " " in f.surface
                or f.evidence
                or f.locative
                or place.country in countries
            )
        hinted = place.country in countries or story.get(place.country, 0.0) >= 50.0
        if f.single_start and place.population < _MIN_START_POP and not hinted:
            return False
        if f.evidence or f.intro or f.suffix or place.country in countries:
            return True
        if soft_hints(f.surface):
            return True
        if anchors and _near(place.lat, place.lon, anchors, 150.0):
            return True
        if f.locative:
            return True
        # No context at all: only a big town spelt as GeoNames spells it ("Phoenix"), not
        # one reached through transliteration folding ("Day" for Di An, "Boon" for Bonn).
        if hinted and place.population >= _MIN_START_POP:
            return True  # a fair-sized town in a country the story is about
        return spelt and place.population >= _MIN_BARE_POP

    def _country_or_region(self, f: Found, story: dict[str, float]) -> Place | None:
        """ "Georgia" in a story about the United States is the state, not the country."""
        assert f.country is not None
        if story.get(f.country.country, 0.0) >= 10.0:
            return None
        for r in self._gz.region_rows(f.key):
            region = self._gz.region(r)
            if self._gz.region_level(r) == 1 and story.get(region.country, 0.0) >= 50.0:
                return region
        return None
