"""Place names as news writes them, resolved to GeoNames places, offline.

The `Gazetteer` reads the compact index (`feeds.geo.index`, loaded through the cache in
`feeds.geo.cache`): name key -> places, best first. Three layers, most trusted first: the
user's own places (`[[places]]` in config.toml, added in memory by `add_user_places`), the
installed per-country dumps (`feeds.geo.layers`), the bundled cities of 500 people or more.
Names go through the keys of `feeds.geo.names`; homonyms are weighed by population, by how
the name is spelt and by the countries the caller prefers.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from feeds.geo.cache import load_index
from feeds.geo.countries import COUNTRY_ALIASES
from feeds.geo.index import homonym_score, spelling_code
from feeds.geo.names import display_name, light_key, medium_key, normalise, soft_hints
from feeds.geo.sphere import haversine_km
from feeds.types import Place

__all__ = ["USER_ID_BASE", "Gazetteer", "UserPlace", "collisions", "user_place_id"]


class UserPlace(Protocol):
    """A place the user adds in config.toml (`feeds.config.PlaceConfig` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def country(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


USER_ID_BASE = 9_000_000_000
"""User places get ids USER_ID_BASE + a hash of their name and country: stable across runs,
far above GeoNames' ids (~13 million) and below the learned places' (see feeds.geo.learned)."""


def user_place_id(name: str, country: str) -> int:
    """A stable id for a user place (GeoNames has none for it)."""
    return USER_ID_BASE + zlib.crc32(f"{country}:{normalise(name)}".encode())


class Gazetteer:
    """Compact GeoNames index: name key -> places, best (most populous) first."""

    def __init__(self, index: dict[str, object]) -> None:
        self._ids = array("q")
        self._ids.frombytes(index["ids"])  # type: ignore[arg-type]
        self._lat = array("d")
        self._lat.frombytes(index["lat"])  # type: ignore[arg-type]
        self._lon = array("d")
        self._lon.frombytes(index["lon"])  # type: ignore[arg-type]
        self._pop = array("q")
        self._pop.frombytes(index["pop"])  # type: ignore[arg-type]
        self._cc: str = index["cc"]  # type: ignore[assignment]
        self._names: list[str] = index["names"].split("\x1f")  # type: ignore[attr-defined]
        self._keys: dict[str, int | tuple[int, ...]] = index["keys"]  # type: ignore[assignment]
        self.path: Path | None = None
        """The cache file this index was loaded from (None when built in memory)."""
        self._row_of: dict[int, int] | None = None
        self._places: dict[int, Place] = {}
        self._countries: dict[str, Place] = {}
        self._country_keys: dict[str, str] = {}
        for gid, name, iso, popn, clat, clon in index["countries"]:  # type: ignore[attr-defined]
            self._countries[iso] = Place(gid, name, iso, clat, clon, popn, "country")
            self._country_keys[light_key(name)] = iso
            if name.startswith("The "):
                self._country_keys[light_key(name[4:])] = iso
        for alias, iso in COUNTRY_ALIASES.items():
            if iso in self._countries:
                self._country_keys[light_key(alias)] = iso
        self._country_ids = {p.geonameid: p for p in self._countries.values()}
        self._adm = array("i")
        self._adm.frombytes(index.get("adm", b""))  # type: ignore[arg-type]
        self._regions: list[tuple[int, str, str, float, float, int, int]] = list(
            index.get("regions", ())  # type: ignore[call-overload]
        )
        self._rkeys: dict[str, int | tuple[int, ...]] = index.get("rkeys", {})  # type: ignore[assignment]
        self._region_places: dict[int, Place] = {}
        self._region_ids: dict[int, int] | None = None
        self._user: set[int] = set()
        """Rows of the user's own places: first for their keys, whatever the population."""
        alts = index.get("alts", b"")
        # A view on the loaded bytes, not a copy: 2.4 MB of codes, searched by bisection.
        self._alts = memoryview(alts if isinstance(alts, bytes) else b"").cast("q")
        self._capital_rows: tuple[int, ...] = tuple(index.get("capitals", ()))  # type: ignore[arg-type]
        self._capital_ids: frozenset[int] | None = None
        self._neighbours: dict[str, str] = index.get("neighbours", {})  # type: ignore[assignment]
        self._neighbour_sets: dict[str, tuple[str, ...]] = {}

    # --- construction -----------------------------------------------------------------

    @classmethod
    def load(
        cls,
        cache_dir: Path | None = None,
        *,
        progress: Callable[[str], None] | None = None,
        places: Sequence[UserPlace] = (),
    ) -> Gazetteer:
        """Load the cached index, building it first when missing (~10 s once).

        `cache_dir` defaults to the user cache folder (platformdirs, app "frontwatch").
        Per-country GeoNames dumps installed there (`frontwatch gazetteer add`, see
        `feeds.geo.dumps`) are merged in (the merge is cached too); `places`, the user's own
        (`[[places]]` in config.toml), are added last and win over everything.
        """
        if cache_dir is None:
            import platformdirs

            cache_dir = Path(platformdirs.user_cache_dir("frontwatch"))
        index, path = load_index(cache_dir, progress)
        g = cls(index)
        g.path = path
        if places:
            g.add_user_places(places)
        return g

    def add_user_places(self, places: Sequence[UserPlace]) -> None:
        """Add the user's places (config.toml `[[places]]`) in memory, ahead of every
        other place of the same name or alias: the user knows their front best."""
        for up in places:
            row = len(self._ids)
            self._ids.append(user_place_id(up.name, up.country))
            self._lat.append(float(up.lat))
            self._lon.append(float(up.lon))
            self._pop.append(0)
            self._adm.extend([-1] * (row + 1 - len(self._adm)))
            self._cc += (up.country or "??")[:2].upper().ljust(2, "?")
            self._names.append(up.name)
            self._user.add(row)
            seen: set[str] = set()
            for form in (up.name, *up.aliases):
                k = normalise(form)
                if len(k) < 2 or k in seen:
                    continue
                seen.add(k)
                rest = tuple(r for r in self.rows(k) if r != row)
                self._keys[k] = (row, *rest) if rest else row
        self._row_of = None

    def is_user(self, row: int) -> bool:
        """Is this row a place the user added (config.toml), not a GeoNames entry?"""
        return row in self._user

    def user_row(self, key: str) -> int | None:
        """The user's place for a normalised key, when they added one."""
        rows = self.rows(key)
        return rows[0] if rows and rows[0] in self._user else None

    # --- lookups ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def _place(self, row: int) -> Place:
        p = self._places.get(row)
        if p is None:
            p = Place(
                geonameid=self._ids[row],
                name=display_name(self._names[row]),
                country=self._cc[2 * row : 2 * row + 2],
                lat=self._lat[row],
                lon=self._lon[row],
                population=self._pop[row],
                kind="town",
            )
            self._places[row] = p
        return p

    def get(self, geonameid: int) -> Place | None:
        """The town, region or country with this GeoNames id; synthetic regions (negative
        ids, "X province" with no known division) give their town."""
        if geonameid in self._country_ids:
            return self._country_ids[geonameid]
        if self._region_ids is None:
            self._region_ids = {r[0]: n for n, r in enumerate(self._regions)}
        if geonameid in self._region_ids:
            return self.region(self._region_ids[geonameid])
        if self._row_of is None:
            self._row_of = {gid: row for row, gid in enumerate(self._ids)}
        row = self._row_of.get(abs(geonameid))
        return None if row is None else self._place(row)

    def country(self, code: str) -> Place | None:
        """Place(kind="country") for an ISO alpha-2 code, at its capital's coordinates."""
        return self._countries.get(code.upper())

    def country_for(self, surface: str) -> Place | None:
        """The country a name, short form or demonym stands for ("Syrian" -> Syria)."""
        iso = self._country_keys.get(light_key(surface))
        return None if iso is None else self._countries.get(iso)

    def rows(self, key: str) -> tuple[int, ...]:
        """Rows for an already-normalised key, most populous first (for the extractor)."""
        hit = self._keys.get(key)
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def has_key(self, key: str) -> bool:
        return key in self._keys

    def region_rows(self, key: str) -> tuple[int, ...]:
        """Region rows for a normalised key: continents, then states / provinces, then
        counties / districts, each by population."""
        hit = self._rkeys.get(key)
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def region(self, row: int) -> Place:
        """Place(kind="region") for a region row; population is the sum of its towns'."""
        p = self._region_places.get(row)
        if p is None:
            gid, name, iso, rlat, rlon, popn, _ = self._regions[row]
            p = Place(gid, display_name(name), iso, rlat, rlon, popn, "region")
            self._region_places[row] = p
        return p

    def region_level(self, row: int) -> int:
        """0 continent, 1 state / province / oblast, 2 county / district."""
        return self._regions[row][6]

    def town_region(self, row: int) -> int:
        """The first-level region row a town lies in, or -1."""
        return self._adm[row] if row < len(self._adm) else -1

    def town(self, row: int) -> Place:
        return self._place(row)

    def row_country(self, row: int) -> str:
        return self._cc[2 * row : 2 * row + 2]

    def row_population(self, row: int) -> int:
        return self._pop[row]

    def spelt_as_alternate(self, row: int, surface: str) -> bool:
        """Is `surface` spelt (up to case, accents, separators, articles) like one of this
        town's GeoNames alternate names ("Kiev" for Kyiv, "Palmyra" for Tadmur)?"""
        code = spelling_code(row, medium_key(surface))
        i = bisect_left(self._alts, code)
        return i < len(self._alts) and self._alts[i] == code

    def capital_ids(self) -> frozenset[int]:
        """The GeoNames ids of the countries' capitals (GeoNames' country table)."""
        if self._capital_ids is None:
            self._capital_ids = frozenset(self._ids[r] for r in self._capital_rows)
        return self._capital_ids

    def is_capital(self, place: Place) -> bool:
        """Is this town its country's capital?"""
        return place.kind == "town" and place.geonameid in self.capital_ids()

    def neighbours(self, iso: str) -> tuple[str, ...]:
        """The countries bordering `iso` (ISO alpha-2), as GeoNames lists them."""
        hit = self._neighbour_sets.get(iso)
        if hit is None:
            hit = tuple(c for c in self._neighbours.get(iso, "").split(",") if c)
            self._neighbour_sets[iso] = hit
        return hit

    def candidates(self, surface: str) -> list[Place]:
        """Every place this name may be, best first: a country match, then towns by population."""
        out: list[Place] = []
        c = self.country_for(surface)
        if c is not None:
            out.append(c)
        out.extend(self._place(r) for r in self.rows(normalise(surface)))
        return out

    def best_row(
        self,
        key: str,
        countries: Sequence[str] = (),
        *,
        surface: str = "",
        soft: Sequence[str] = (),
        story: Mapping[str, float] | None = None,
    ) -> int | None:
        """Pick among the homonyms of a normalised key.

        Score = population x name bonus x country bonus. Name bonus: x5 when the place's
        own name is spelt like `surface` (up to case, accents, articles, a trailing h), x2
        when it folds to the same key, else x1 (matched through an alternate name).
        Country bonus: x100 in `countries` (the fronts'), `story[cc]` for countries the
        story itself names (the extractor weighs them by how often), x10 in `soft` (e.g.
        Arabic-speaking countries for a name written with "Al-"); the largest applies.
        """
        rows = self.rows(key)
        if not rows:
            return None
        if len(rows) == 1 or rows[0] in self._user:
            return rows[0]
        spelt = medium_key(surface) if surface else None
        best, best_score = rows[0], -1.0
        for r in rows:
            cc = self._cc[2 * r : 2 * r + 2]
            name = self._names[r]
            bonus = 5.0 if spelt and medium_key(name) == spelt else 2.0
            if bonus == 2.0 and normalise(name) != key:
                bonus = 1.0
            weight = 100.0 if cc in countries else 1.0
            if story:
                weight = max(weight, story.get(cc, 1.0))
            if cc in soft:
                weight = max(weight, 10.0)
            score = homonym_score(self._pop[r], bonus) * weight
            if score > best_score:
                best, best_score = r, score
        return best

    def resolve(self, surface: str, countries: Sequence[str] = ()) -> Place | None:
        """The single best place for a name, preferring `countries` (ISO alpha-2): a
        country, else a region or town as `pick` decides."""
        key = normalise(surface)
        mine = self.user_row(key)
        if mine is not None:
            return self._place(mine)
        c = self.country_for(surface)
        if c is not None:
            return c
        row = self.best_row(key, countries, surface=surface, soft=soft_hints(surface))
        region = self.best_region(key, countries)
        return self.pick(row, region, countries)

    def best_region(
        self, key: str, countries: Sequence[str] = (), story: Mapping[str, float] | None = None
    ) -> int | None:
        """The likeliest region for a key: population x country weight (as `best_row`)."""
        best, best_score = None, -1.0
        for r in self.region_rows(key):
            cc = self._regions[r][2]
            weight = 100.0 if cc in countries else 1.0
            if story:
                weight = max(weight, story.get(cc, 1.0))
            score = homonym_score(self._regions[r][5], 1.0) * weight
            if score > best_score:
                best, best_score = r, score
        return best

    def pick(
        self,
        town_row: int | None,
        region_row: int | None,
        countries: Sequence[str] = (),
        story: Mapping[str, float] | None = None,
    ) -> Place | None:
        """A town or a region of the same name ("New York", "Quebec", "Alberta").

        The region wins unless the town is a large share of it (a town holding a fifth of
        its own region's people is what the name means: New York, Mexico City), or the
        town's country is preferred and the region's is not.
        """
        if region_row is None:
            return None if town_row is None else self._place(town_row)
        region = self.region(region_row)
        if town_row is None:
            return region
        town = self._place(town_row)

        def weight(cc: str) -> float:
            w = 100.0 if cc in countries else 1.0
            return max(w, story.get(cc, 1.0)) if story else w

        if self.town_region(town_row) == region_row and town.population * 5 >= max(
            region.population, 1
        ):
            return town
        if weight(town.country) > weight(region.country):
            return town
        return region


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
