"""The demo server: what `frontwatch --demo` serves a new user, over real HTTP.

These tests speak HTTP to 127.0.0.1 and parse the bytes with feedparser, as the engine
does; the scenario clock is a fake, so nothing sleeps. The scenario's content is checked
in tests/unit/test_demo_scenario.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import feedparser
import httpx
import pytest

from feeds.demo import ROBOTS_TXT, DemoServer, Scenario

MINUTES = 3.0
"""Real minutes the whole scenario takes in these tests (the default)."""


class FakeClock:
    """Real seconds, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def server(scenario: Scenario, clock: FakeClock) -> Iterator[DemoServer]:
    with DemoServer(scenario, minutes=MINUTES, clock=clock) as srv:
        yield srv


@pytest.fixture()
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def go_to_hour(server: DemoServer, clock: FakeClock, hours: float) -> None:
    """Move the fake clock so the scenario is just past `hours` (speed 1).

    A microsecond of simulated time past the mark keeps float rounding from putting
    the clock a hair before a story that is due exactly then.
    """
    seconds_per_hour = MINUTES * 60 / server.scenario.duration_hours
    clock.now = 1000.0 + (hours + 1e-9) * seconds_per_hour
    assert hours <= server.scenario_hours() < hours + 1e-6


def url(server: DemoServer, key: str) -> str:
    return next(f.url for f in server.feeds if f.key == key)


def guids(response: httpx.Response) -> list[str]:
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [e.id for e in parsed.entries]


def due(scenario: Scenario, key: str, hours: float) -> set[str]:
    return {s.id for s in scenario.stories if key in s.feeds and s.at_hours <= hours}


# --- the server -----------------------------------------------------------------------


def test_items_appear_as_the_clock_passes_their_time_and_never_before(
    server: DemoServer, clock: FakeClock, http: httpx.Client
) -> None:
    scenario = server.scenario
    before: set[str] = set()
    for hours in (0, 1, 6, 23.9, 24, 50, 76):
        go_to_hour(server, clock, hours)
        got = guids(http.get(url(server, "wire")))
        assert set(got) == due(scenario, "wire", hours)
        assert len(got) == len(set(got))
        assert before < set(got)  # each later poll finds something new, loses nothing
        before = set(got)


def test_items_are_newest_first_with_simulated_pubdates(
    server: DemoServer, clock: FakeClock, http: httpx.Client
) -> None:
    go_to_hour(server, clock, 60)
    parsed = feedparser.parse(http.get(url(server, "levant")).content)
    by_id = {s.id: s for s in server.scenario.stories}
    published = [datetime(*e.published_parsed[:6], tzinfo=UTC) for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    start = datetime(2026, 3, 2, 6, tzinfo=UTC)
    for entry, when in zip(parsed.entries, published, strict=True):
        story = by_id[entry.id]
        assert when == start + timedelta(hours=story.at_hours)
        assert entry.title == story.title
        assert entry.link == server.article_url(story.id)
        assert entry.summary == story.summary


def test_failing_feed_answers_503_after_its_time(
    server: DemoServer, clock: FakeClock, http: httpx.Client
) -> None:
    failing = next(f for f in server.scenario.feeds if f.fail_after_hours is not None)
    assert failing.fail_after_hours is not None
    go_to_hour(server, clock, failing.fail_after_hours - 0.1)
    assert http.get(url(server, failing.key)).status_code == 200
    go_to_hour(server, clock, failing.fail_after_hours)
    response = http.get(url(server, failing.key))
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/plain")
    assert failing.name in response.text
    # The other feeds keep working.
    assert http.get(url(server, "wire")).status_code == 200


def test_repeated_conditional_request_gets_304_until_a_new_item_arrives(
    server: DemoServer, clock: FakeClock, http: httpx.Client
) -> None:
    go_to_hour(server, clock, 10)
    first = http.get(url(server, "wire"))
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    again = http.get(url(server, "wire"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    by_date = http.get(url(server, "wire"), headers={"If-Modified-Since": last_modified})
    assert by_date.status_code == 304
    assert http.get(url(server, "wire"), headers={"If-None-Match": '"stale"'}).status_code == 200

    next_hour = min(
        s.at_hours for s in server.scenario.stories if "wire" in s.feeds and s.at_hours > 10
    )
    go_to_hour(server, clock, next_hour)
    changed = http.get(
        url(server, "wire"), headers={"If-None-Match": etag, "If-Modified-Since": last_modified}
    )
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert set(guids(changed)) - set(guids(first))


def test_text_is_escaped_so_feedparser_reads_it_back_exactly(clock: FakeClock) -> None:
    title = 'Troops & tanks <near> "Al-Sukhna" \u2014 5 km'
    summary = "A < B && C > D; it's <b>not</b> markup."
    scenario = Scenario.from_dict(
        {
            "start": "2026-03-02T06:00:00Z",
            "duration_hours": 10,
            "feeds": [{"key": "f", "name": "F & G", "fail_after_hours": None}],
            "stories": [
                {
                    "id": "a&b",
                    "at_hours": 0,
                    "feeds": ["f"],
                    "title": title,
                    "summary": summary,
                    "link": "http://wire.example/a?x=1&y=2",
                },
            ],
        }
    )
    with DemoServer(scenario, clock=clock) as srv, httpx.Client() as client:
        parsed = feedparser.parse(client.get(srv.feeds[0].url).content)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert (entry.title, entry.id, entry.link) == (title, "a&b", "http://wire.example/a?x=1&y=2")
    assert parsed.feed.title == "F & G"
    assert entry.summary == summary


def test_time_compression_speed_and_finish(scenario: Scenario, clock: FakeClock) -> None:
    with DemoServer(scenario, speed=2.0, minutes=3.0, clock=clock) as srv:
        assert srv.scenario_hours() == 0
        clock.now += 45  # a quarter of 3 minutes, at double speed: half the scenario
        assert srv.scenario_hours() == pytest.approx(scenario.duration_hours / 2)
        assert not srv.finished
        clock.now += 45.5
        assert srv.finished
        assert srv.scenario_hours() == scenario.duration_hours
        assert srv.scenario_time() == scenario.start + timedelta(hours=scenario.duration_hours)


def test_feeds_are_loopback_urls_and_unknown_paths_are_404(
    server: DemoServer, http: httpx.Client
) -> None:
    assert [f.key for f in server.feeds] == ["wire", "levant", "eastern"]
    for feed in server.feeds:
        assert re.fullmatch(rf"http://127\.0\.0\.1:{server.port}/feeds/{feed.key}\.xml", feed.url)
    base = f"http://127.0.0.1:{server.port}"
    assert http.get(f"{base}/feeds/nope.xml").status_code == 404
    assert http.get(f"{base}/etc/passwd").status_code == 404
    configs = server.feed_configs(interval_s=2.5)
    assert [(c.name, c.url, c.interval_s) for c in configs] == [
        (f.name, f.url, 2.5) for f in server.feeds
    ]


def test_requests_do_not_write_to_stderr(
    server: DemoServer, http: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    http.get(url(server, "wire"))
    http.get(f"http://127.0.0.1:{server.port}/missing")
    assert capfd.readouterr().err == ""


def test_stop_frees_the_port(scenario: Scenario, clock: FakeClock) -> None:
    srv = DemoServer(scenario, clock=clock)
    srv.start()
    address = srv.feeds[0].url
    assert httpx.get(address).status_code == 200
    srv.stop()
    srv.stop()  # twice is harmless
    with pytest.raises(httpx.ConnectError):
        httpx.get(address, timeout=2)


# --- article pages ----------------------------------------------------------------------


def test_feed_links_lead_to_article_pages_published_with_their_story(
    server: DemoServer, clock: FakeClock, http: httpx.Client
) -> None:
    go_to_hour(server, clock, 24)
    parsed = feedparser.parse(http.get(url(server, "wire")).content)
    for entry in parsed.entries[:5]:
        page = http.get(entry.link)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert entry.title in page.text
    later = next(s for s in server.scenario.stories if s.at_hours > 30)
    assert http.get(server.article_url(later.id)).status_code == 404  # not yet published
    robots = http.get(f"{server.base}/robots.txt")
    assert robots.content == ROBOTS_TXT and b"Allow: /articles/" in robots.content
