"""Every fault a feed server can throw ends in a specific health message; nothing stored is lost.

Each test polls a misbehaving feed beside a good one, against a real HTTP server on
127.0.0.1, and checks the message the user would read and that the good feed's
story is still there.
"""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime

import pytest

from feeds.config import Config, FeedConfig, FrontConfig, Settings
from feeds.engine import Engine
from tests.support.wire import FeedServer, Item, Route, rss

GOOD = Item("good-1", "Talks resume in Geneva", "Delegations met for a second day.")
STORY = Item(
    "wire-9",
    "Shelling reported near Kharkiv",
    "Residents reported shelling in the north of Kharkiv overnight.",
    published=datetime(2026, 3, 2, 6, 0, tzinfo=UTC),
)


@pytest.fixture
def server(server: FeedServer) -> FeedServer:
    """The tier's loopback server, already serving a good feed beside the bad one."""
    server.routes["/good"] = Route(body=rss(GOOD))
    return server


def engine_for(server: FeedServer, gazetteer, *paths: str, timeout: float = 5.0) -> Engine:
    feeds = tuple(FeedConfig(p.strip("/"), server.url(p), 60) for p in ("/good", *paths))
    front = FrontConfig("Kharkiv", objectives=("Kharkiv",), countries=("UA",))
    config = Config(path=None, feeds=feeds, fronts=(front,), settings=Settings(timeout_s=timeout))
    return Engine(config, gazetteer=gazetteer)


async def poll_all(engine: Engine) -> None:
    await engine.poll_once()


async def health_after(server, gazetteer, route: Route, *, polls: int = 1, timeout: float = 5.0):
    server.routes["/bad"] = route
    engine = engine_for(server, gazetteer, "/bad", timeout=timeout)
    for _ in range(polls):
        await poll_all(engine)
    assert engine.health["good"].ok, engine.health["good"].error
    assert "good-1" in engine.model.stories
    return engine, engine.health["bad"]


async def test_not_found(server, gazetteer):
    _, health = await health_after(server, gazetteer, Route(404, b"nope"))
    assert health.error == "HTTP 404 Not Found"
    assert health.status(datetime.now(UTC)) == "down"


async def test_server_error_then_recovery_keeps_what_was_stored(server, gazetteer):
    server.routes["/bad"] = Route(body=rss(STORY))
    engine = engine_for(server, gazetteer, "/bad")
    await poll_all(engine)
    server.routes["/bad"] = Route(500, b"oops")
    await poll_all(engine)
    health = engine.health["bad"]
    assert health.error == "HTTP 500 Internal Server Error" and health.failures == 1
    assert "wire-9" in engine.model.stories
    server.routes["/bad"] = Route(body=rss(STORY, GOOD))
    await poll_all(engine)
    assert health.ok and health.error is None and health.failures == 0


async def test_too_many_requests_honours_retry_after(server, gazetteer):
    route = Route(429, b"slow down", headers={"Retry-After": "120"})
    _, health = await health_after(server, gazetteer, route)
    assert health.error == "HTTP 429 Too Many Requests (server asks to wait 120 s)"
    assert health.next_delay_s(max_interval_s=1800, max_backoff_s=3600) >= 120


async def test_service_unavailable_with_an_http_date(server, gazetteer):
    route = Route(503, b"", headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    _, health = await health_after(server, gazetteer, route)
    assert health.error is not None and health.error.startswith("HTTP 503 Service Unavailable")
    assert health.retry_after_s is not None and health.retry_after_s > 86400


async def test_last_modified_round_trip(server, gazetteer):
    stamp = "Mon, 02 Mar 2026 06:00:00 GMT"

    def answer(headers):
        if headers.get("If-Modified-Since") == stamp:
            return Route(304)
        return Route(body=rss(STORY), headers={"Last-Modified": stamp})

    _, health = await health_after(server, gazetteer, Route(respond=answer), polls=2)
    assert health.last_status == 304 and health.ok


async def test_an_unchanged_body_is_not_parsed_again(server, gazetteer):
    server.routes["/bad"] = Route(body=rss(STORY))
    engine = engine_for(server, gazetteer, "/bad")
    await poll_all(engine)
    digest = engine.health["bad"].body_hash
    del engine.model.stories["wire-9"]  # were it parsed again, the story would come back
    await poll_all(engine)
    assert engine.health["bad"].body_hash == digest
    assert "wire-9" not in engine.model.stories


@pytest.mark.parametrize("status", [301, 308])
async def test_a_permanent_move_is_remembered_and_said(server, gazetteer, status):
    server.routes["/new"] = Route(body=rss(STORY))
    route = Route(status, b"", headers={"Location": server.url("/new")})
    engine, health = await health_after(server, gazetteer, route)
    assert health.url == server.url("/new")
    assert health.note == f"moved permanently to {server.url('/new')}; polling the new address"
    assert "wire-9" in engine.model.stories
    await poll_all(engine)
    assert server.requests[-1].path in ("/new", "/good")
    assert not [r for r in server.requests[-2:] if r.path == "/bad"]


async def test_a_redirect_loop(server, gazetteer):
    server.routes["/loop"] = Route(302, b"", headers={"Location": "/bad"})
    route = Route(302, b"", headers={"Location": "/loop"})
    _, health = await health_after(server, gazetteer, route)
    assert health.error == "too many redirects"


async def test_gone_stops_polling(server, gazetteer):
    engine, health = await health_after(server, gazetteer, Route(410, b"gone"))
    assert health.error == "HTTP 410 Gone: the publisher removed this feed; polling stopped"
    assert health.gone and health.status(datetime.now(UTC)) == "gone"
    before = len([r for r in server.requests if r.path == "/bad"])
    await poll_all(engine)
    assert len([r for r in server.requests if r.path == "/bad"]) == before


async def test_a_slow_drip_past_the_deadline(server, gazetteer):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)

    started = time.monotonic()
    _, health = await health_after(server, gazetteer, Route(raw=drip), timeout=0.4)
    assert health.error == "timed out: no complete answer within 1 s"
    assert time.monotonic() - started < 3.5


async def test_an_endless_body_is_cut_off(server, gazetteer):
    def endless(handler):
        handler.send_response(200)
        handler.end_headers()
        chunk = b"<item>" + b"x" * 65536
        for _ in range(100_000):
            handler.wfile.write(chunk)

    server.routes["/bad"] = Route(raw=endless)
    engine = engine_for(server, gazetteer, "/bad")
    engine.max_body_bytes = 1_000_000
    await poll_all(engine)
    assert engine.health["bad"].error == "response larger than 1 MB, cut off"


async def test_a_gzip_bomb_is_cut_off_without_inflating_it(server, gazetteer):
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # ~200 KB on the wire
    route = Route(body=bomb, headers={"Content-Encoding": "gzip"})
    server.routes["/bad"] = route
    engine = engine_for(server, gazetteer, "/bad")
    engine.max_body_bytes = 2_000_000
    await poll_all(engine)
    assert engine.health["bad"].error == "response larger than 2 MB, cut off"


async def test_a_gzip_body_that_does_not_decompress(server, gazetteer):
    route = Route(body=b"certainly not gzip", headers={"Content-Encoding": "gzip"})
    _, health = await health_after(server, gazetteer, route)
    assert health.error is not None and health.error.startswith("gzip body does not decompress")


async def test_a_gzip_feed_is_read(server, gazetteer):
    route = Route(body=gzip.compress(rss(STORY)), headers={"Content-Encoding": "gzip"})
    engine, health = await health_after(server, gazetteer, route)
    assert health.ok and "wire-9" in engine.model.stories


async def test_an_html_page_instead_of_a_feed(server, gazetteer):
    page = b"<!doctype html><html><head><title>Home</title></head><body>News</body></html>"
    _, health = await health_after(server, gazetteer, Route(body=page))
    assert health.error == "not a feed: an HTML page, not a feed"


async def test_malformed_xml_keeps_the_good_entries(server, gazetteer):
    body = rss(STORY, GOOD).replace(b"</channel></rss>", b"<item><title>cut off")
    engine, health = await health_after(server, gazetteer, Route(body=body))
    assert health.ok and health.error is not None and health.error.startswith("malformed feed")
    assert "wire-9" in engine.model.stories


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # Declared UTF-8, sent as Latin-1: the é is not valid UTF-8.
        ("Kharkiv café shelled".encode("latin-1"), "application/rss+xml; charset=utf-8"),
        # No charset anywhere, UTF-8 bytes.
        ("Kharkiv café shelled".encode(), "application/rss+xml"),
    ],
)
async def test_wrong_or_missing_charset(server, gazetteer, body, content_type):
    doc = rss(Item("c-1", "TITLE")).replace(b"encoding='utf-8'", b"").replace(b"TITLE", body)
    assert b"encoding" not in doc  # the charset is only where the case says
    engine, health = await health_after(
        server, gazetteer, Route(body=doc, headers={"Content-Type": content_type})
    )
    assert health.ok
    assert "Kharkiv" in engine.model.stories["c-1"].story.title


async def test_ten_thousand_items_in_one_feed(server, gazetteer):
    items = [Item(f"bulk-{n}", f"Bulletin {n}", "Nothing of note.") for n in range(10_000)]
    engine, health = await health_after(server, gazetteer, Route(body=rss(*items)))
    assert health.ok and health.stories == 10_000
    assert len(engine.model.stories) == 10_001


async def test_duplicate_guids_and_entries_without_link_guid_or_date(server, gazetteer):
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><guid>dup</guid><title>First telling</title></item>
      <item><guid>dup</guid><title>Second telling</title></item>
      <item><title>Nothing but a title</title></item>
      <item><description>Nothing but a summary</description></item>
    </channel></rss>"""
    engine, health = await health_after(server, gazetteer, Route(body=body))
    assert health.ok and health.stories == 3
    titles = {r.story.title for r in engine.model.stories.values()}
    assert {"First telling", "Nothing but a title", "Nothing but a summary"} <= titles


async def test_a_name_that_does_not_resolve(gazetteer):
    front = FrontConfig("Kharkiv", objectives=("Kharkiv",), countries=("UA",))
    feed = FeedConfig("nowhere", "http://no-such-host.invalid/feed", 60)
    engine = Engine(Config(None, (feed,), (front,)), gazetteer=gazetteer)
    await engine.poll_once()
    assert (
        engine.health["nowhere"].error == "host name does not resolve (no network, or a wrong URL)"
    )
