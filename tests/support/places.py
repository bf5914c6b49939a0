"""The test places and fronts, each written once.

Real towns with GeoNames ids and positions. Tests that build extractions by hand never
look them up, so most need not match the bundled gazetteer to the digit. The desert
road's do, population included (As Sukhnah's is GeoNames' 0): engine tests resolve the
same towns from text, and the journal keeps one decoded Place per id, name and position
for the whole process, so a copy differing only in population comes back as the
gazetteer's. The three desert villages (ARAK, KABAJEB, SHULA) carry made-up ids; places
learned from text (ZORIVKA, NOWHERE) carry the synthetic negative ids the extractor
gives them.
"""

from __future__ import annotations

import math

from feeds.config import FrontConfig
from feeds.model import Front, Objective
from feeds.types import Place

# --- Syria: the desert road east of Palmyra ----------------------------------------------

SUKHNAH = Place(172425, "As Sukhnah", "SY", 34.88533, 38.8711)
TADMUR = Place(163808, "Tadmur", "SY", 34.5624, 38.28402, 51015)
DEIR = Place(170794, "Deir ez-Zor", "SY", 35.33588, 40.14084, 271800)
HOMS = Place(169577, "Homs", "SY", 34.72682, 36.72339, 775404)
ARAK = Place(174000, "Arak", "SY", 34.7167, 38.5667, 900)
KABAJEB = Place(174001, "Kabajeb", "SY", 35.0667, 39.3333, 700)
SHULA = Place(174002, "Ash Shulah", "SY", 35.15, 39.6167, 1500)

# --- Ukraine: Donetsk and Kharkiv oblasts ---------------------------------------------------

POKROVSK = Place(708546, "Pokrovsk", "UA", 48.282, 37.181)
MYRNOHRAD = Place(710035, "Myrnohrad", "UA", 48.30279, 37.25913, 49000)
KRAMATORSK = Place(704508, "Kramatorsk", "UA", 48.72305, 37.55629, 147145)
SLOVIANSK = Place(700019, "Sloviansk", "UA", 48.86667, 37.61667, 124800)
DONETSK = Place(709717, "Donetsk", "UA", 48.023, 37.80224, 988000)
KHARKIV = Place(706483, "Kharkiv", "UA", 49.98081, 36.25272, 1430885)
KUPIANSK = Place(703656, "Kupyansk", "UA", 49.71003, 37.61581, 27169)
DVORICHNA = Place(709399, "Dvorichna", "UA", 49.85099, 37.68482, 3290)

# --- learned from the text: no gazetteer entry ----------------------------------------------

ZORIVKA = Place(-8_000_000_001, "Zorivka", "UA", 48.3, 37.2, 0, "town", True, 4.8)
"""A village placed by estimate, within 4.8 km of this point."""
NOWHERE = Place(-8_000_000_002, "Nowhere", "UA", math.nan, math.nan, 0, "town", True, None)
"""A village whose location is unknown."""


# --- fronts -------------------------------------------------------------------------------


def desert_front() -> Front:
    """The desert road as the model holds it: As Sukhnah and Deir ez-Zor, attacked by
    government forces. A new one each call: a model changes its fronts."""
    return Front(
        name="Desert road",
        attacker=("government forces", "Syrian army"),
        defender=("Daesh",),
        countries=("SY",),
        objectives={SUKHNAH.geonameid: Objective(SUKHNAH), DEIR.geonameid: Objective(DEIR)},
    )


DESERT_ROAD = FrontConfig(
    name="Desert road",
    attacker=("government forces", "Syrian army", "the military"),
    defender=("Daesh", "Islamic State"),
    objectives=("As Sukhnah", "Deir ez-Zor"),
    countries=("SY",),
)
"""The desert road as config.toml says it, for the engine to resolve with the gazetteer."""
