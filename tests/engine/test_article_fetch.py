"""Article fetching against a real server on 127.0.0.1: the queue, robots.txt, politeness.

The pages (tests/support/pages.py) are shaped like real news pages. Every failure mode
a publisher can throw at us ends in one named outcome, and the story keeps its summary.
"""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from feeds.config import Config
from feeds.ingest import ArticleQueue, ArticleResult, Limits, RobotsCache, make_client
from feeds.types import Story
from tests.support.pages import BODY, CONSENT, HTML, NOW, PAYWALL, ROBOTS, article_story, news_page
from tests.support.wire import FeedServer, Route


def _slow(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then a byte every 0.2 s: never a whole page in time."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<html><body>")
    handler.wfile.flush()
    for _ in range(15):
        time.sleep(0.2)
        handler.wfile.write(b"x")
        handler.wfile.flush()


@pytest.fixture()
def server(server: FeedServer) -> FeedServer:
    """The tier's loopback server as a news site: pages for every outcome, and robots.txt."""
    server.routes.update(
        {
            "/robots.txt": Route(200, ROBOTS, {"Content-Type": "text/plain"}),
            "/news/kramatorsk.html": Route(
                200, news_page("Russian forces press towards Kramatorsk", BODY), HTML
            ),
            "/news/premium.html": Route(200, PAYWALL, HTML),
            "/news/gated.html": Route(302, b"", {"Location": server.url("/consent?next=1")}),
            "/consent?next=1": Route(200, CONSENT, HTML),
            "/private/leak.html": Route(200, news_page("Leak", BODY), HTML),
            "/news/huge.html": Route(200, news_page("Huge", BODY * 3000), HTML),
            "/news/slow.html": Route(raw=_slow),
            "/news/report.pdf": Route(
                200, b"%PDF-1.7\n" + b"0" * 2000, {"Content-Type": "application/pdf"}
            ),
            "/news/brief.html": Route(
                200, news_page("In brief", ["Shelling was reported overnight."]), HTML
            ),
        }
    )
    return server


async def fetch_all(
    server: FeedServer, paths: list[str], **kwargs: object
) -> dict[str, ArticleResult]:
    """Offer one story per path, work the queue dry, return the results by path."""
    results: dict[str, ArticleResult] = {}
    client = make_client(Config(None))
    options: dict[str, object] = {"host_delay_s": 0.0, "deadline_s": 3.0, "clock": lambda: NOW}
    options.update(kwargs)
    queue = ArticleQueue(
        lambda: client,
        Limits(per_host=4),
        on_done=lambda s, r: results.__setitem__(s.id, r),
        **options,  # type: ignore[arg-type]
    )
    for path in paths:
        assert queue.offer(article_story(server.url(path), sid=path), "all", relevant=False)
    runner = asyncio.create_task(queue.run())
    try:
        await asyncio.wait_for(queue.join(), timeout=10)
    finally:
        await queue.stop()
        runner.cancel()
        await client.aclose()
    assert queue.progress.done == len(paths)
    return results


# --- outcomes ---------------------------------------------------------------------------


async def test_every_failure_ends_in_its_own_outcome(server: FeedServer) -> None:
    paths = [
        "/news/kramatorsk.html",
        "/news/missing.html",
        "/news/premium.html",
        "/news/gated.html",
        "/private/leak.html",
        "/news/huge.html",
        "/news/slow.html",
        "/news/report.pdf",
        "/news/brief.html",
    ]
    got = await fetch_all(server, paths, max_bytes=200_000, deadline_s=1.0)
    outcome = {path: (r.outcome, r.status) for path, r in got.items()}
    assert outcome == {
        "/news/kramatorsk.html": ("ok", 200),
        "/news/missing.html": ("http_error", 404),
        "/news/premium.html": ("paywall", 200),
        "/news/gated.html": ("consent_wall", 200),
        "/private/leak.html": ("robots_disallowed", None),
        "/news/huge.html": ("too_large", None),
        "/news/slow.html": ("timeout", None),
        "/news/report.pdf": ("not_html", 200),
        "/news/brief.html": ("too_little_text", 200),
    }
    # Only an ok page carries text; each outcome says why in words.
    assert [p for p, r in got.items() if r.text] == ["/news/kramatorsk.html"]
    assert "404" in got["/news/missing.html"].detail
    assert "robots.txt" in got["/private/leak.html"].detail
    assert "application/pdf" in got["/news/report.pdf"].detail
    # robots.txt was honoured before the request: the disallowed page was never asked for.
    assert "/private/leak.html" not in [r.path for r in server.requests]


async def test_a_dead_host_is_an_error_not_a_crash() -> None:
    with FeedServer() as srv:
        dead = srv.url("/news/x.html")
    client = make_client(Config(None))
    results: list[ArticleResult] = []
    queue = ArticleQueue(
        lambda: client,
        Limits(),
        on_done=lambda s, r: results.append(r),
        host_delay_s=0,
        clock=lambda: NOW,
    )
    queue.offer(article_story(dead), "all", relevant=True)
    runner = asyncio.create_task(queue.run())
    await asyncio.wait_for(queue.join(), timeout=10)
    await queue.stop()
    runner.cancel()
    await client.aclose()
    # No robots.txt answer at all: the host is unreachable, so nothing is fetched from it.
    assert [r.outcome for r in results] == ["robots_disallowed"]
    assert "unreachable" in results[0].detail


async def test_robots_is_fetched_once_per_host_with_our_user_agent(server: FeedServer) -> None:
    paths = ["/news/kramatorsk.html", "/news/brief.html", "/news/missing.html"]
    await fetch_all(server, paths)
    asked = [r for r in server.requests if r.path == "/robots.txt"]
    assert len(asked) == 1
    for request in server.requests:
        assert request.headers["User-Agent"].startswith("frontwatch/")


async def test_robots_answers_mean_what_rfc_9309_says() -> None:
    with FeedServer() as srv:
        client = httpx.AsyncClient()
        cache = RobotsCache()
        srv.routes["/robots.txt"] = Route(404, b"nope")
        assert (await cache.allowed(client, srv.url("/any")))[0] is True
        other = RobotsCache()
        srv.routes["/robots.txt"] = Route(503, b"down")
        allowed, why = await other.allowed(client, srv.url("/any"))
        assert not allowed and "503" in why
        third = RobotsCache()
        srv.routes["/robots.txt"] = Route(200, b"User-agent: frontwatch\nDisallow: /\n")
        assert (await third.allowed(client, srv.url("/any")))[0] is False
        await client.aclose()


# --- the queue ------------------------------------------------------------------------------


async def test_a_full_queue_keeps_the_newest_stories_and_fetches_newest_first(
    server: FeedServer,
) -> None:
    order: list[str] = []
    client = make_client(Config(None))
    queue = ArticleQueue(
        lambda: client,
        Limits(),
        on_done=lambda s, r: order.append(s.id),
        workers=1,
        max_queue=3,
        host_delay_s=0,
        clock=lambda: NOW,
    )
    link = server.url("/news/brief.html")
    for hours_ago in (5, 1, 4, 2, 3):
        queue.offer(
            article_story(link, sid=f"h{hours_ago}", hours_ago=hours_ago), "all", relevant=True
        )
    assert queue.progress.queued == 3 and queue.progress.dropped == 2
    runner = asyncio.create_task(queue.run())
    await asyncio.wait_for(queue.join(), timeout=10)
    await queue.stop()
    runner.cancel()
    await client.aclose()
    assert order == ["h1", "h2", "h3"]


async def test_progress_counts_outcomes_per_outlet(server: FeedServer) -> None:
    client = make_client(Config(None))
    queue = ArticleQueue(
        lambda: client, Limits(), on_done=lambda s, r: None, host_delay_s=0, clock=lambda: NOW
    )
    queue.offer(article_story(server.url("/news/kramatorsk.html"), sid="1", feed="A"), "all", True)
    queue.offer(article_story(server.url("/news/missing.html"), sid="2", feed="A"), "all", True)
    queue.offer(article_story(server.url("/news/brief.html"), sid="3", feed="B"), "all", True)
    assert (queue.progress.queued, queue.progress.done) == (3, 0)
    runner = asyncio.create_task(queue.run())
    await asyncio.wait_for(queue.join(), timeout=10)
    await queue.stop()
    runner.cancel()
    await client.aclose()
    progress = queue.progress
    assert (progress.queued, progress.fetching, progress.done) == (0, 0, 3)
    assert progress.by_outcome == {"ok": 1, "http_error": 1, "too_little_text": 1}
    assert progress.by_outlet == {"A": {"ok": 1, "http_error": 1}, "B": {"too_little_text": 1}}


async def test_a_failing_on_done_does_not_stop_the_workers(server: FeedServer) -> None:
    seen: list[str] = []

    async def on_done(s: Story, r: ArticleResult) -> None:
        seen.append(s.id)
        if s.id == "boom":
            raise RuntimeError("store is full")

    client = make_client(Config(None))
    queue = ArticleQueue(
        lambda: client, Limits(), on_done=on_done, workers=1, host_delay_s=0, clock=lambda: NOW
    )
    queue.offer(article_story(server.url("/news/brief.html"), sid="boom", hours_ago=1), "all", True)
    queue.offer(article_story(server.url("/news/brief.html"), sid="next", hours_ago=2), "all", True)
    runner = asyncio.create_task(queue.run())
    await asyncio.wait_for(queue.join(), timeout=10)
    await queue.stop()
    runner.cancel()
    await client.aclose()
    assert seen == ["boom", "next"]
    assert queue.last_error == "RuntimeError: store is full"


async def test_requests_to_one_host_are_spaced_out(server: FeedServer) -> None:
    started = time.monotonic()
    await fetch_all(
        server,
        ["/news/brief.html", "/news/missing.html", "/news/kramatorsk.html"],
        host_delay_s=0.2,
    )
    assert time.monotonic() - started >= 0.4
