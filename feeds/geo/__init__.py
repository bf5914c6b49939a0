"""Places: name keys, the GeoNames index and its layers, look-ups, learned places, geometry.

The stage every other one leans on to turn a written name into a point on the map:

- `names`: the spelling keys (`normalise`, `light_key`, `medium_key`) and display forms,
  plain string functions that import no index;
- `countries`: demonyms and short forms of countries;
- `index`: which names get a key and in which order homonyms come (`build_index`);
- `sources`, `cache`: the bundled data packages, read once into the index kept on disk;
- `dumps`, `layers`: per-country GeoNames dumps, downloaded into layers merged into the index;
- `gazetteer`: look-ups over the index (`Gazetteer`), and the user's own places;
- `learned`: places the text placed that no gazetteer knows (`LearnedPlaces`);
- `sphere`: great-circle distances and projections, km.
"""

from feeds.geo.cache import cache_file, load_index
from feeds.geo.countries import COUNTRY_ALIASES
from feeds.geo.dumps import (
    DUMP_URL,
    InstallResult,
    OfflineError,
    install,
    parse_dump,
    probe_size,
    remove,
)
from feeds.geo.gazetteer import USER_ID_BASE, Gazetteer, UserPlace, collisions, user_place_id
from feeds.geo.index import (
    DESIGNATORS,
    INDEX_FORMAT,
    POPULATION_FLOOR,
    Region,
    bare_forms,
    build_index,
    homonym_score,
    indexable,
)
from feeds.geo.layers import (
    DumpError,
    LayerInfo,
    fingerprint,
    installed,
    layer_paths,
    layers_dir,
    merge_layers,
    read_layer,
)
from feeds.geo.learned import (
    COMPASS,
    LEARNED_ID_BASE,
    LearnedPlaces,
    estimate,
    is_learned,
    learned_id,
    unknown,
)
from feeds.geo.names import (
    ARABIC_COUNTRIES,
    ARTICLES,
    ascii_fold,
    display_name,
    light_key,
    medium_key,
    normalise,
    soft_hints,
)
from feeds.geo.sphere import EARTH_RADIUS_KM, haversine_km, project

__all__ = [
    "ARABIC_COUNTRIES",
    "ARTICLES",
    "COMPASS",
    "COUNTRY_ALIASES",
    "DESIGNATORS",
    "DUMP_URL",
    "EARTH_RADIUS_KM",
    "INDEX_FORMAT",
    "LEARNED_ID_BASE",
    "POPULATION_FLOOR",
    "USER_ID_BASE",
    "DumpError",
    "Gazetteer",
    "InstallResult",
    "LayerInfo",
    "LearnedPlaces",
    "OfflineError",
    "Region",
    "UserPlace",
    "ascii_fold",
    "bare_forms",
    "build_index",
    "cache_file",
    "collisions",
    "display_name",
    "estimate",
    "fingerprint",
    "haversine_km",
    "homonym_score",
    "indexable",
    "install",
    "installed",
    "is_learned",
    "layer_paths",
    "layers_dir",
    "learned_id",
    "light_key",
    "load_index",
    "medium_key",
    "merge_layers",
    "normalise",
    "parse_dump",
    "probe_size",
    "project",
    "read_layer",
    "remove",
    "soft_hints",
    "unknown",
    "user_place_id",
]
