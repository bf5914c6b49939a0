"""Article fetching and main-text extraction, against a real server on 127.0.0.1.

The pages are written for these tests and shaped like real news pages: navigation,
a cookie banner, a "Most read" sidebar, related stories and reader comments, each
carrying a statement ("within 3 km of Kramatorsk") that is not the story's. The
body's statements must reach extraction; the rest must not. Every failure mode a
publisher can throw at us ends in one named outcome, and the story keeps its summary.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from feeds.articles import ArticleQueue, ArticleResult, compose, is_relevant, main_text
from feeds.config import Config
from feeds.engine import make_client
from feeds.extract import Extractor
from feeds.fetch import Limits
from feeds.gazetteer import Gazetteer
from feeds.model import Front, Objective
from feeds.robots import RobotsCache
from feeds.types import Story
from tests.feedserver import FeedServer, Route

NOW = datetime(2026, 3, 3, 12, tzinfo=UTC)
HTML = {"Content-Type": "text/html; charset=utf-8"}

BODY = [
    "Russian troops had moved to within 12 km of Kramatorsk by Tuesday evening, a Ukrainian "
    "military spokesman said, after days of heavy shelling along the road from the east.",
    "The spokesman said units defending the approaches had been rotated overnight and that "
    "fresh supplies had reached the city. He gave no figures for losses on either side.",
    "Kramatorsk, an industrial city that housed around 150,000 people before the war, is the "
    "administrative centre of the part of the Donetsk region still held by Kyiv. Residents "
    "described hearing artillery through the night.",
    '"We are not leaving," said a shop owner in the city centre, who asked not to be named. '
    "Queues formed at the last open pharmacy as power was cut for several hours.",
]
ELSEWHERE = "Russian forces within 3 km of Kramatorsk, blogger claims"


def news_page(headline: str, body: list[str], *, extra_head: str = "") -> bytes:
    """A news article page with everything around the article that real ones have."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(headline)} | Test Wire</title>
<meta property="og:title" content="{escape(headline)}">{extra_head}
<style>.cookie-consent {{ position: fixed; bottom: 0 }}</style>
<script>window.dataLayer = [{{"page": "article"}}];</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your
experience and to measure our audience. By continuing you accept our cookie policy.</p>
<button>Accept all</button><button>Manage settings</button></div>
<header><nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a>
</li><li><a href="/europe">Europe</a></li><li><a href="/live">Live: {escape(ELSEWHERE)}</a>
</li></ul></nav></header>
<main><article>
<h1>{escape(headline)}</h1><p class="byline">By Test Reporter, 3 March 2026</p>
<div class="article-body">{paragraphs}</div>
</article>
<aside class="sidebar"><h2>Most read</h2><ul>
<li><a href="/a/1">{escape(ELSEWHERE)}</a></li>
<li><a href="/a/2">Grain prices rise on shipping fears</a></li></ul></aside>
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/a/3">Troops within 3 km of Kramatorsk as fighting nears the city</a></li>
<li><a href="/a/4">Power cuts hit eastern regions</a></li></ul></section>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p class="comment-author">reader42</p>
<p>I heard they are already within 3 km of Kramatorsk, the news is slow.</p></div>
<div class="comment"><p class="comment-author">anna_k</p><p>Stay safe everyone.</p></div>
</section></main>
<footer><p>&copy; Test Wire 2026. All rights reserved. Contact | Privacy | Terms</p></footer>
</body></html>""".encode()


PAYWALL = news_page(
    "Inside the battle for Kramatorsk",
    [
        "Russian troops had moved to within 9 km of Kramatorsk, officers told our correspondent.",
        "Subscribe to continue reading. Already a subscriber? Log in.",
    ],
    extra_head='<script type="application/ld+json">{"@type": "NewsArticle", '
    '"isAccessibleForFree": false}</script>',
)
CONSENT = b"""<!DOCTYPE html><html><head><title>Before you continue</title></head><body>
<h1>Before you continue</h1><p>We and our 842 partners use cookies and data to deliver our
services and to show personalised ads. Choose Accept all to agree, or Reject all.</p>
<form><button>Reject all</button><button>Accept all</button></form>
<a href="/privacy">Privacy settings</a></body></html>"""
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: frontwatch\nDisallow: /private/\n"


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
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        srv.routes.update(
            {
                "/robots.txt": Route(200, ROBOTS, {"Content-Type": "text/plain"}),
                "/news/kramatorsk.html": Route(
                    200, news_page("Russian forces press towards Kramatorsk", BODY), HTML
                ),
                "/news/premium.html": Route(200, PAYWALL, HTML),
                "/news/gated.html": Route(302, b"", {"Location": srv.url("/consent?next=1")}),
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
        yield srv


def story(
    link: str | None, *, sid: str = "s1", feed: str = "Test Wire", hours_ago: float = 1
) -> Story:
    return Story(
        id=sid,
        feed=feed,
        title="Russian forces press towards Kramatorsk",
        link=link,
        published=NOW - timedelta(hours=hours_ago),
        summary="Russian forces captured Bakhmut after months of fighting, officials said.",
    )


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
        assert queue.offer(story(server.url(path), sid=path), "all", relevant=False)
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
    queue.offer(story(dead), "all", relevant=True)
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


# --- main text ----------------------------------------------------------------------------


def test_main_text_keeps_the_body_and_drops_what_surrounds_it() -> None:
    page = news_page("Russian forces press towards Kramatorsk", BODY)
    text, outcome = main_text(page, "http://wire.test/news/kramatorsk.html")
    assert outcome == "ok" and text is not None
    for paragraph in BODY:
        assert paragraph in text
    assert "3 km" not in text
    for boilerplate in ("cookies", "Most read", "Related stories", "reader42", "Stay safe", "©"):
        assert boilerplate not in text
    assert text.split("\n\n") == BODY


def test_sidebar_and_related_headlines_make_no_claim_but_the_body_does(
    gazetteer: Gazetteer,
) -> None:
    page = news_page("Russian forces press towards Kramatorsk", BODY)
    text, _ = main_text(page, "http://wire.test/news/kramatorsk.html")
    s = story("http://wire.test/news/kramatorsk.html")
    summary_only = Extractor(gazetteer).extract(compose(s, None).text, countries=("UA",))
    composed = compose(s, text)
    full = Extractor(gazetteer).extract(composed.text, countries=("UA",))
    assert [d.value_km for d in summary_only.distances] == []
    assert [(d.value_km, d.reference and d.reference.name) for d in full.distances] == [
        (12, "Kramatorsk")
    ]
    assert composed.part_at(full.distances[0].start) == "article"
    # The summary's capture is still there, at the same offsets, from the summary.
    assert (
        [(c.event, c.place.name) for c in full.control]
        == [(c.event, c.place.name) for c in summary_only.control]
        == [("captured", "Bakhmut")]
    )
    assert full.control[0].start == summary_only.control[0].start
    assert composed.part_at(full.control[0].start) == "summary"


def test_compose_puts_each_part_where_it_says() -> None:
    s = story("http://x/")
    composed = compose(s, "First paragraph.\n\nSecond.")
    assert composed.text.startswith(s.text)
    for part, want in (
        ("title", s.title),
        ("summary", s.summary),
        ("article", "First paragraph.\n\nSecond."),
    ):
        span = composed.part(part)  # type: ignore[arg-type]
        assert span is not None and composed.text[span.start : span.end] == want
    assert compose(s, None).text == s.text
    assert [p.name for p in compose(s, None).parts] == ["title", "summary"]


def test_a_consent_page_without_a_redirect_is_still_a_consent_wall() -> None:
    assert main_text(CONSENT, "http://wire.test/news/a.html") == (None, "consent_wall")
    assert (
        main_text(b"<html>x</html>", "https://consent.wire.test/?continue=x")[1] == "consent_wall"
    )
    # An article about cookies is not a consent page.
    page = news_page("Cookie sales soar", BODY)
    assert main_text(page, "http://wire.test/news/cookie-sales-soar.html")[1] == "ok"


def test_a_full_article_with_a_subscribe_box_is_not_a_paywall() -> None:
    long_body = [*BODY, *BODY]
    page = news_page("Long read", [*long_body, "Subscribe to continue reading our coverage."])
    assert main_text(page, "http://wire.test/news/long.html")[1] == "ok"


# --- the queue ------------------------------------------------------------------------------


def _queue(**kwargs: object) -> ArticleQueue:
    return ArticleQueue(
        lambda: httpx.AsyncClient(),
        Limits(),
        on_done=lambda s, r: None,
        clock=lambda: NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def test_offer_follows_the_feed_mode_relevance_age_and_links() -> None:
    queue = _queue(max_age_h=48)
    link = "http://wire.test/a"
    assert not queue.offer(story(link, sid="a"), "never", relevant=True)
    assert not queue.offer(story(link, sid="b"), "relevant", relevant=False)
    assert queue.offer(story(link, sid="c"), "relevant", relevant=True)
    assert queue.offer(story(link, sid="d"), "all", relevant=False)
    assert not queue.offer(story(link, sid="d"), "all", relevant=False)  # once per story
    assert not queue.offer(story(link, sid="e", hours_ago=49), "all", relevant=True)
    assert not queue.offer(story(None, sid="f"), "all", relevant=True)
    assert not queue.offer(story("ftp://wire.test/a", sid="g"), "all", relevant=True)
    assert queue.progress.queued == 2


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
        queue.offer(story(link, sid=f"h{hours_ago}", hours_ago=hours_ago), "all", relevant=True)
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
    queue.offer(story(server.url("/news/kramatorsk.html"), sid="1", feed="A"), "all", True)
    queue.offer(story(server.url("/news/missing.html"), sid="2", feed="A"), "all", True)
    queue.offer(story(server.url("/news/brief.html"), sid="3", feed="B"), "all", True)
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
    queue.offer(story(server.url("/news/brief.html"), sid="boom", hours_ago=1), "all", True)
    queue.offer(story(server.url("/news/brief.html"), sid="next", hours_ago=2), "all", True)
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


# --- relevance ------------------------------------------------------------------------------


def test_relevance_is_a_front_place_a_claim_or_a_named_actor(gazetteer: Gazetteer) -> None:
    extractor = Extractor(gazetteer)
    pokrovsk = gazetteer.resolve("Pokrovsk", ("UA",))
    assert pokrovsk is not None
    front = Front(
        "Pokrovsk",
        attacker=("Russian forces", "troops"),
        defender=("Ukrainian forces",),
        countries=("UA",),
        objectives={pokrovsk.geonameid: Objective(pokrovsk)},
    )

    def relevant(title: str, summary: str = "", keywords: tuple[str, ...] = ()) -> bool:
        s = Story("x", "f", title, "http://x/", NOW, summary)
        return is_relevant(s, extractor.extract(s.text, countries=("UA",)), [front], keywords)

    assert relevant("Shelling hits Pokrovsk railway station")
    assert relevant("Power cuts in Kharkiv")  # a place in the front's country
    assert relevant("Russian forces step up drone attacks")  # a named actor
    assert not relevant("Grain prices rise on shipping worries")
    assert not relevant("Troops parade in Paris")  # generic alias, a place elsewhere
    assert relevant("Grain prices rise", keywords=("grain",))
