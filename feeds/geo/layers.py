"""Installed per-country layers: the files, what they hold, and their merge into the index.

A layer is one country's GeoNames dump reduced by `feeds.geo.dumps` to its populated
places and first- and second-level divisions, written as one marshal file per country
under `<gazetteer cache>/geonames/XX.layer` (meta, towns, regions). `merge_layers()` folds
the installed layers into the bundled index (`feeds.geo.index`); `feeds.geo.cache` keeps
the merge on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feeds.geo.index import bare_forms, homonym_score, is_designated
from feeds.geo.names import normalise

__all__ = [
    "COUNTRY_CODE",
    "LAYER_FORMAT",
    "DumpError",
    "LayerInfo",
    "fingerprint",
    "installed",
    "layer_info",
    "layer_paths",
    "layers_dir",
    "merge_layers",
    "read_layer",
]

LAYER_FORMAT = 1
"""Bump when the layer file layout changes; older layers are then reported as stale."""

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
"""A country code as layers are named: two capital letters ("UA")."""


class DumpError(Exception):
    """A dump that could not be installed, or a layer that cannot be read; str() is one line
    for the user."""


@dataclass(frozen=True, slots=True)
class LayerInfo:
    """What `gazetteer list` shows about one installed country."""

    country: str
    towns: int
    """Populated places (feature class P) in the layer."""
    regions: int
    """ADM1 and ADM2 divisions in the layer."""
    archive_bytes: int
    """Size of the downloaded XX.zip, bytes."""
    layer_bytes: int
    """Size of the installed layer file, bytes."""
    installed: datetime
    """When it was installed, UTC."""
    source: str
    """The URL it came from."""
    sha256: str
    """Of the archive: a re-download with the same hash changes nothing."""
    path: Path


def layers_dir(cache_dir: Path) -> Path:
    """Where the per-country layers live, beside the gazetteer's index cache."""
    return cache_dir / "geonames"


def layer_paths(cache_dir: Path) -> list[Path]:
    """Installed layer files, by country code."""
    folder = layers_dir(cache_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.layer") if COUNTRY_CODE.match(p.stem))


def read_layer(path: Path) -> dict[str, Any]:
    """A layer file's content; DumpError when it is torn or of another format."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError) as exc:
        raise DumpError(f"{path}: unreadable gazetteer layer ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != LAYER_FORMAT:
        raise DumpError(f"{path}: gazetteer layer of another format; run `gazetteer add` again")
    return data


def layer_info(path: Path, data: Mapping[str, Any]) -> LayerInfo:
    meta = data["meta"]
    return LayerInfo(
        country=meta["country"],
        towns=len(data["towns"]),
        regions=len(data["regions"]),
        archive_bytes=int(meta["archive_bytes"]),
        layer_bytes=path.stat().st_size,
        installed=datetime.fromisoformat(meta["installed"]),
        source=meta["source"],
        sha256=meta["sha256"],
        path=path,
    )


def installed(cache_dir: Path) -> list[LayerInfo]:
    """Every readable installed layer (a torn one is skipped: `add` replaces it)."""
    out = []
    for path in layer_paths(cache_dir):
        with contextlib.suppress(DumpError, KeyError, ValueError, OSError):
            out.append(layer_info(path, read_layer(path)))
    return out


def merge_layers(index: dict[str, Any], layers: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The gazetteer index (as `feeds.geo.index.build_index` makes it) with every layer's
    places added; a new dict, `index` is not changed.

    A place the bundled data already has (same GeoNames id) takes the dump's coordinates,
    population and alternate names; a new one gets a row. ADM1 divisions replace the bundled
    region of the same id (the dump's point is GeoNames' own) and new towns are attached to
    their ADM1, so "Homs province" can vouch for the villages around Homs.
    """
    ids = array("q", index["ids"])
    lat = array("d", index["lat"])
    lon = array("d", index["lon"])
    pop = array("q", index["pop"])
    adm = array("i", index.get("adm", b""))
    adm.extend([-1] * (len(ids) - len(adm)))
    cc = [index["cc"]]
    names: list[str] = index["names"].split("\x1f") if index["names"] else []
    keys: dict[str, int | tuple[int, ...]] = dict(index["keys"])
    regions = list(index.get("regions", ()))
    rkeys: dict[str, int | tuple[int, ...]] = dict(index.get("rkeys", {}))
    row_of = {gid: r for r, gid in enumerate(ids)}
    region_of = {r[0]: n for n, r in enumerate(regions)}
    touched: set[str] = set()

    def add_key(table: dict[str, int | tuple[int, ...]], k: str, row: int) -> None:
        hit = table.get(k)
        if hit is None:
            table[k] = row
        elif isinstance(hit, int):
            if hit != row:
                table[k] = (hit, row)
        elif row not in hit:
            table[k] = (*hit, row)

    for layer in layers:
        code = layer["meta"]["country"]
        adm1: dict[str, int] = {}
        for gid, name, rlat, rlon, rpop, level, rcode, alts in layer["regions"]:
            row = region_of.get(gid)
            old_pop = regions[row][5] if row is not None else 0
            entry = (gid, name, code, rlat, rlon, max(rpop, old_pop), level)
            if row is None:
                row = len(regions)
                regions.append(entry)
                region_of[gid] = row
            else:
                regions[row] = entry
            if level == 1:
                adm1[rcode] = row
            forms = [name, *alts]
            if level == 1:
                forms += [b for a in forms for b in bare_forms(a)]
            else:
                forms = [a for a in forms if is_designated(a)]
            for form in forms:
                k = normalise(form)
                if len(k) >= 3:
                    add_key(rkeys, k, row)
        for gid, name, tlat, tlon, tpop, a1, _fcode, alts in layer["towns"]:
            row = row_of.get(gid)
            if row is None:
                row = len(ids)
                row_of[gid] = row
                ids.append(gid)
                lat.append(tlat)
                lon.append(tlon)
                pop.append(tpop)
                adm.append(adm1.get(f"{code}.{a1}", -1))
                cc.append(code)
                names.append(name)
            else:
                lat[row], lon[row] = tlat, tlon
                pop[row] = max(pop[row], tpop)
            seen: set[str] = set()
            for form in (name, *alts):
                k = normalise(form)
                if len(k) >= 2 and k not in seen:
                    seen.add(k)
                    add_key(keys, k, row)
                    touched.add(k)
    ccs = "".join(cc)
    for k in touched:  # homonyms: a town whose own name gives the key, then by population
        hit = keys[k]
        if isinstance(hit, tuple):
            keys[k] = tuple(
                sorted(
                    hit,
                    key=lambda r: -homonym_score(pop[r], 2.0 if normalise(names[r]) == k else 1.0),
                )
            )
    out = dict(index)
    out.update(
        ids=ids.tobytes(),
        lat=lat.tobytes(),
        lon=lon.tobytes(),
        pop=pop.tobytes(),
        adm=adm.tobytes(),
        cc=ccs,
        names="\x1f".join(names),
        keys=keys,
        regions=regions,
        rkeys=rkeys,
    )
    return out


def fingerprint(paths: Sequence[Path]) -> str:
    """A short tag for a set of layer files (name, size, mtime): the merged index's cache
    file carries it, so adding or removing a country rebuilds the merge once."""
    h = hashlib.sha1()
    for p in paths:
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:12]
