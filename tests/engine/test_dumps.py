"""GeoNames per-country dumps: served from 127.0.0.1 in GeoNames' own format, written for
these tests (invented villages, plausible rows), downloaded, verified, merged, removed."""

from __future__ import annotations

import hashlib
import io
import marshal
import zipfile
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from feeds.geo import (
    DumpError,
    Gazetteer,
    OfflineError,
    build_index,
    dumps,
    install,
    installed,
    merge_layers,
    remove,
)
from tests.support.wire import FeedServer, Route


def geoname(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    *,
    fclass: str = "P",
    fcode: str = "PPL",
    cc: str = "XU",
    admin1: str = "14",
    admin2: str = "",
    pop: int = 0,
    alts: str = "",
) -> str:
    """One row of GeoNames' "geoname" table: 19 tab-separated columns."""
    ascii_name = name.encode("ascii", "ignore").decode()
    cols = [
        str(gid), name, ascii_name, alts, f"{lat:.5f}", f"{lon:.5f}", fclass, fcode, cc, "",
        admin1, admin2, "", "", str(pop), "", "150", "Europe/Kyiv", "2024-03-01",
    ]  # fmt: skip
    assert len(cols) == 19
    return "\t".join(cols)


ROWS = [
    geoname(99_000_001, "Zorianivka", 48.301, 37.102, alts="Zoryanivka,Zorjanivka,Зорянівка"),
    geoname(99_000_002, "Kamianyi Brid", 48.255, 37.051, fcode="PPLW", alts="Kamyanyi Brid"),
    geoname(99_000_003, "Stepove Pole", 48.402, 37.233, pop=312),
    geoname(
        99_000_010,
        "Pivdenna Oblast",
        48.0,
        37.5,
        fclass="A",
        fcode="ADM1",
        pop=1_900_000,
        alts="Pivdenna Region,Southern Oblast",
    ),
    geoname(
        99_000_011,
        "Stepovyi Raion",
        48.3,
        37.1,
        fclass="A",
        fcode="ADM2",
        admin2="07",
        alts="Stepovyi District",
    ),
    geoname(99_000_020, "Chorna Balka", 48.3, 37.2, fclass="H", fcode="STM"),  # a stream: not kept
]


def archive(rows: list[str], code: str = "XU", member: str | None = None) -> bytes:
    """An XX.zip as GeoNames publishes it: XX.txt plus readme.txt."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(member or f"{code}.txt", "\n".join(rows) + "\n")
        z.writestr("readme.txt", "invented rows for frontwatch's tests\n")
    return buf.getvalue()


GOOD = archive(ROWS)


def served(body: bytes, etag: str = '"v1"') -> Route:
    """A route answering Range / If-Range / If-None-Match as Apache does."""

    def respond(headers: Mapping[str, str]) -> Route:
        h = {k.lower(): v for k, v in headers.items()}
        if h.get("if-none-match") == etag:
            return Route(304, b"", {"ETag": etag})
        rng = h.get("range")
        if rng and h.get("if-range", etag) == etag:
            start = int(rng.removeprefix("bytes=").rstrip("-"))
            if start >= len(body):
                return Route(416, b"", {"Content-Range": f"bytes */{len(body)}"})
            return Route(
                206,
                body[start:],
                {"ETag": etag, "Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"},
            )
        return Route(200, body, {"ETag": etag, "Content-Type": "application/zip"})

    return Route(respond=respond)


@pytest.fixture
def client():
    with httpx.Client(timeout=5.0) as c:
        yield c


def base(server: FeedServer) -> str:
    return server.url("/dump/")


def test_download_verifies_and_keeps_places_and_divisions(server, client, tmp_path) -> None:
    server.routes["/dump/XU.zip"] = served(GOOD)
    seen: list[tuple[str, int, int | None]] = []
    result = install(
        "xu", tmp_path, client=client, base_url=base(server), progress=lambda *a: seen.append(a)
    )
    assert result.status == "installed"
    assert (result.info.towns, result.info.regions) == (3, 2)  # the stream is not a place
    assert result.info.archive_bytes == len(GOOD)
    layer = dumps.read_layer(result.info.path)
    by_name = {t[1]: t for t in layer["towns"]}
    assert by_name["Zorianivka"][7] == ("Zoryanivka", "Zorjanivka")  # Cyrillic not indexed
    assert {r[6] for r in layer["regions"]} == {"XU.14", "XU.14.07"}
    assert ("download", len(GOOD), len(GOOD)) in seen and any(p[0] == "build" for p in seen)
    assert not list(dumps.layers_dir(tmp_path).glob("*.part*"))
    assert [i.country for i in installed(tmp_path)] == ["XU"]


def test_rerun_that_changes_nothing_says_so(server, client, tmp_path) -> None:
    server.routes["/dump/XU.zip"] = served(GOOD)
    first = install("XU", tmp_path, client=client, base_url=base(server))
    again = install("XU", tmp_path, client=client, base_url=base(server))
    assert again.status == "unchanged"
    assert again.info.installed == first.info.installed
    assert server.requests[-1].headers.get("If-None-Match") == '"v1"'
    # A server without validators: same bytes, same hash, still unchanged.
    server.routes["/dump/XU.zip"] = Route(200, GOOD)
    assert install("XU", tmp_path, client=client, base_url=base(server)).status == "unchanged"


def test_a_new_edition_replaces_the_layer(server, client, tmp_path) -> None:
    server.routes["/dump/XU.zip"] = served(GOOD)
    install("XU", tmp_path, client=client, base_url=base(server))
    extra = geoname(99_000_004, "Nova Dacha", 48.5, 37.3)
    server.routes["/dump/XU.zip"] = served(archive([*ROWS, extra]), etag='"v2"')
    result = install("XU", tmp_path, client=client, base_url=base(server))
    assert (result.status, result.info.towns) == ("updated", 4)


def _installed_bytes(tmp_path: Path) -> bytes:
    return (dumps.layers_dir(tmp_path) / "XU.layer").read_bytes()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD[: len(GOOD) // 2], "corrupt or truncated archive"),
        (GOOD.replace(b"PK\x01\x02", b"PK\x09\x09"), "corrupt or truncated archive"),
        (b"<html>maintenance</html>", "corrupt or truncated archive"),
        (archive(ROWS, member="readme-only.txt"), "no XU.txt in the archive"),
        (archive([*ROWS, "99000099\tBroken\trow"]), "line 7: expected 19 tab-separated columns"),
        (archive([geoname(1, "Elsewhere", 1, 1, cc="ZZ")]), "country 'ZZ' in the dump of XU"),
    ],
    ids=["truncated", "corrupt-directory", "not-a-zip", "no-member", "short-row", "wrong-country"],
)
def test_a_bad_archive_is_a_clear_error_and_leaves_the_index_unchanged(
    server, client, tmp_path, body: bytes, message: str
) -> None:
    server.routes["/dump/XU.zip"] = served(GOOD)
    install("XU", tmp_path, client=client, base_url=base(server))
    before = _installed_bytes(tmp_path)
    server.routes["/dump/XU.zip"] = Route(200, body)
    with pytest.raises(DumpError, match=message):
        install("XU", tmp_path, client=client, base_url=base(server))
    assert _installed_bytes(tmp_path) == before
    assert not list(dumps.layers_dir(tmp_path).glob("*.part*"))  # the next run starts clean


def test_a_corrupt_member_fails_its_crc(server, client, tmp_path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("XU.txt", "\n".join(ROWS) + "\n")
    raw = bytearray(buf.getvalue())
    at = raw.index(b"Zorianivka")
    raw[at] = ord("X")  # one byte flipped in transit: the CRC no longer matches
    server.routes["/dump/XU.zip"] = Route(200, bytes(raw))
    with pytest.raises(DumpError, match="Bad CRC-32"):
        install("XU", tmp_path, client=client, base_url=base(server))
    assert installed(tmp_path) == []


def test_an_interrupted_download_resumes_where_it_stopped(server, client, tmp_path) -> None:
    half = len(GOOD) // 2

    def cut(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("ETag", '"v1"')
        handler.send_header("Content-Length", str(len(GOOD)))
        handler.end_headers()
        handler.wfile.write(GOOD[:half])
        handler.wfile.flush()
        handler.close_connection = True

    server.routes["/dump/XU.zip"] = Route(raw=cut)
    with pytest.raises(DumpError, match="run the command again to resume"):
        install("XU", tmp_path, client=client, base_url=base(server))
    assert (dumps.layers_dir(tmp_path) / "XU.zip.part").stat().st_size == half
    assert installed(tmp_path) == []
    server.routes["/dump/XU.zip"] = served(GOOD)
    result = install("XU", tmp_path, client=client, base_url=base(server))
    assert result.status == "installed"
    last = server.requests[-1].headers
    assert (last.get("Range"), last.get("If-Range")) == (f"bytes={half}-", '"v1"')
    assert result.info.sha256 == hashlib.sha256(GOOD).hexdigest()


def test_a_changed_file_restarts_instead_of_resuming(server, client, tmp_path) -> None:
    folder = dumps.layers_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "XU.zip.part").write_bytes(b"stale bytes of an older edition")
    (folder / "XU.zip.part.json").write_text('{"etag": "\\"v0\\""}')
    server.routes["/dump/XU.zip"] = served(GOOD)  # If-Range "v0" != "v1": the whole file
    assert install("XU", tmp_path, client=client, base_url=base(server)).status == "installed"


def test_no_network_is_an_offline_error(client, tmp_path) -> None:
    with pytest.raises(OfflineError, match=r"cannot reach 127\.0\.0\.1"):
        install("XU", tmp_path, client=client, base_url="http://127.0.0.1:9/")
    with pytest.raises(OfflineError):
        dumps.probe_size("XU", client, "http://127.0.0.1:9/")


def test_unknown_country_and_bad_code(server, client, tmp_path) -> None:
    with pytest.raises(DumpError, match="HTTP 404"):
        install("QQ", tmp_path, client=client, base_url=base(server))
    with pytest.raises(DumpError, match="two-letter country code"):
        install("Ukraine", tmp_path, client=client, base_url=base(server))


def test_remove(server, client, tmp_path) -> None:
    server.routes["/dump/XU.zip"] = served(GOOD)
    install("XU", tmp_path, client=client, base_url=base(server))
    assert remove(tmp_path, "xu") is True
    assert installed(tmp_path) == [] and remove(tmp_path, "XU") is False


# --- the merge ------------------------------------------------------------------------------

_CITIES = [
    {
        "geonameid": 99_000_003,  # the bundled data already has Stepove Pole, with no alt names
        "name": "Stepove Pole",
        "latitude": 48.4,
        "longitude": 37.2,
        "countrycode": "XU",
        "population": 600,
        "admin1code": "14",
        "alternatenames": [],
    },
    {
        "geonameid": 99_100_000,
        "name": "Zorianivka",  # a bigger namesake elsewhere
        "latitude": 50.0,
        "longitude": 30.0,
        "countrycode": "XV",
        "population": 20_000,
        "alternatenames": [],
    },
]
_COUNTRIES = {
    "XU": {"geonameid": 99_900_001, "name": "Testland", "population": 1, "capital": "X"},
    "XV": {"geonameid": 99_900_002, "name": "Otherland", "population": 1, "capital": "Y"},
}


def _layer(server, client, tmp_path) -> dict[str, object]:
    server.routes["/dump/XU.zip"] = served(GOOD)
    info = install("XU", tmp_path, client=client, base_url=base(server)).info
    return dumps.read_layer(info.path)


def test_merge_adds_villages_regions_and_alternate_names(server, client, tmp_path) -> None:
    index = build_index(_CITIES, _COUNTRIES)
    g = Gazetteer(merge_layers(index, [_layer(server, client, tmp_path)]))
    assert len(g) == 4  # Stepove Pole is one place, not two
    village = g.resolve("Zoryanivka", ["XU"])
    assert village is not None and (village.geonameid, village.country) == (99_000_001, "XU")
    assert g.resolve("Zoryanivka").geonameid == 99_100_000  # type: ignore[union-attr]
    assert g.resolve("Kamyanyi Brid").name == "Kamianyi Brid"  # type: ignore[union-attr]
    region = g.resolve("Pivdenna Oblast")
    assert region is not None and (region.kind, region.geonameid) == ("region", 99_000_010)
    assert g.resolve("Stepovyi District").kind == "region"  # type: ignore[union-attr]
    town_row = next(r for r in range(len(g)) if g.town(r).geonameid == 99_000_001)
    assert g.region(g.town_region(town_row)).geonameid == 99_000_010
    kept = g.get(99_000_003)
    assert kept is not None and (kept.lat, kept.population) == (48.402, 600)  # dump's point
    assert index["ids"] == build_index(_CITIES, _COUNTRIES)["ids"]  # input not changed


def test_layer_file_is_plain_marshal(server, client, tmp_path) -> None:
    layer = _layer(server, client, tmp_path)
    assert marshal.loads(marshal.dumps(layer)) == layer
