"""The engine against a real HTTP server on 127.0.0.1: fetch, parse, extract, model, alerts."""

from __future__ import annotations

import asyncio
import socket

import httpx

from feeds import __version__
from feeds.config import AlertRule, Config, FeedConfig
from feeds.engine import Engine
from feeds.events import AlertRaised, ObjectiveMoved
from tests.support.places import DESERT_ROAD, SUKHNAH
from tests.support.stories import APPROACH, CAPTURE, POSITIONS, QUIET
from tests.support.wire import FeedServer, Item, Route, rss


def config_for(server: FeedServer, *paths: str, alerts: tuple[AlertRule, ...] = ()) -> Config:
    feeds = tuple(FeedConfig(name=p.strip("/"), url=server.url(p), interval_s=60) for p in paths)
    return Config(path=None, feeds=feeds, fronts=(DESERT_ROAD,), alerts=alerts)


def feed_of(config: Config, name: str) -> FeedConfig:
    return next(f for f in config.feeds if f.name == name)


async def test_a_reported_distance_reaches_the_objective_with_its_sentence(server, gazetteer):
    server.routes["/wire"] = Route(body=rss(QUIET, APPROACH))
    engine = Engine(config_for(server, "/wire"), gazetteer=gazetteer)
    events = []
    engine.subscribe(events.extend)

    assert await engine.poll(feed_of(engine.config, "wire")) == 2

    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None
    assert objective.current.km == 5
    assert objective.current.how == "reported"
    assert "had moved to within 5 km of Al-Sukhna" in objective.current.sentence.text
    assert objective.current.story_id == "wire-1"
    assert any(isinstance(e, ObjectiveMoved) and e.new_km == 5 for e in events)
    assert engine.health["wire"].ok is True
    assert engine.health["wire"].last_status == 200


async def test_the_town_points_back_to_the_place_last_named(server, gazetteer):
    server.routes["/wire"] = Route(body=rss(POSITIONS))
    engine = Engine(config_for(server, "/wire"), gazetteer=gazetteer)
    await engine.poll(feed_of(engine.config, "wire"))

    record = engine.story("wire-2")
    assert record is not None
    (claim,) = record.extraction.distances
    assert claim.reference is not None and claim.reference.geonameid == SUKHNAH.geonameid
    assert claim.direction == "SW"
    assert claim.kind == "force_position"
    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 8


async def test_a_capture_of_the_objective_marks_it_captured_and_alerts(server, gazetteer):
    server.routes["/wire"] = Route(body=rss(APPROACH, CAPTURE))
    rules = (
        AlertRule(rule="distance_below", km=10, severity="warning"),
        AlertRule(rule="control_change", severity="critical"),
    )
    engine = Engine(config_for(server, "/wire", alerts=rules), gazetteer=gazetteer)
    await engine.poll(feed_of(engine.config, "wire"))

    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.status == "captured"
    assert objective.current is not None and objective.current.km == 0
    town = engine.model.towns[SUKHNAH.geonameid]
    assert town.controller == "government forces"
    rules_fired = [a.rule for a in engine.alerts]
    assert "distance_below" in rules_fired
    assert "control_change" in rules_fired
    change = next(a for a in engine.alerts if a.rule == "control_change")
    assert "As Sukhnah" in change.message and change.story_id == "wire-3"


async def test_one_story_in_two_feeds_is_one_story_with_two_sources(server, gazetteer):
    server.routes["/a"] = Route(body=rss(APPROACH))
    server.routes["/b"] = Route(body=rss(APPROACH, QUIET))
    engine = Engine(config_for(server, "/a", "/b"), gazetteer=gazetteer)
    await engine.poll(feed_of(engine.config, "a"))
    await engine.poll(feed_of(engine.config, "b"))

    assert len(engine.model.stories) == 2
    assert engine.model.stories["wire-1"].sources == ["a", "b"]
    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.source_count() == 2
    # Polling again adds nothing.
    assert await engine.poll(feed_of(engine.config, "b")) == 0
    assert engine.model.stories["wire-1"].sources == ["a", "b"]


async def test_a_failing_feed_reports_why_and_the_others_keep_updating(server, gazetteer):
    server.routes["/good"] = Route(body=rss(APPROACH))
    server.routes["/gone"] = Route(status=404, body=b"no such feed")
    server.routes["/page"] = Route(
        body=b"<!DOCTYPE html><html><body>Welcome</body></html>",
        headers={"Content-Type": "text/html"},
    )
    with socket.socket() as s:  # a port with nothing listening on it
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    config = config_for(server, "/good", "/gone", "/page")
    dead = FeedConfig("dead", f"http://127.0.0.1:{dead_port}/feed", 60)
    config = Config(path=None, feeds=(*config.feeds, dead), fronts=config.fronts)
    engine = Engine(config, gazetteer=gazetteer)
    await asyncio.gather(*(engine.poll(f) for f in config.feeds))

    assert engine.health["good"].ok is True
    assert engine.health["gone"].ok is False
    assert engine.health["gone"].error == "HTTP 404 Not Found"
    assert engine.health["page"].error == "not a feed: an HTML page, not a feed"
    assert engine.health["dead"].error == "connection refused"
    assert engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid].current is not None


async def test_validators_are_sent_back_and_a_304_changes_nothing(server, gazetteer):
    body = rss(APPROACH)

    def answer(headers):
        if headers.get("If-None-Match") == '"v1"':
            return Route(status=304)
        return Route(body=body, headers={"ETag": '"v1"'})

    server.routes["/wire"] = Route(respond=answer)
    engine = Engine(config_for(server, "/wire"), gazetteer=gazetteer)
    feed = feed_of(engine.config, "wire")
    assert await engine.poll(feed) == 1
    assert await engine.poll(feed) == 0
    assert server.requests[-1].headers.get("If-None-Match") == '"v1"'
    agent = server.requests[-1].headers.get("User-Agent", "")
    assert agent.startswith(f"frontwatch/{__version__} ")
    assert engine.health["wire"].last_status == 304
    assert engine.health["wire"].ok is True
    assert len(engine.model.stories) == 1


async def test_run_polls_every_feed_until_stopped(server, gazetteer):
    server.routes["/wire"] = Route(body=rss(APPROACH))
    seen = asyncio.Event()

    def on_events(events):
        if any(isinstance(e, AlertRaised | ObjectiveMoved) for e in events):
            seen.set()

    async with httpx.AsyncClient() as client:
        engine = Engine(config_for(server, "/wire"), gazetteer=gazetteer, client=client)
        engine.subscribe(on_events)
        task = asyncio.create_task(engine.run())
        await asyncio.wait_for(seen.wait(), timeout=10)
        await engine.stop()
        await task
    assert engine.health["wire"].next_poll is not None


async def test_a_story_rewritten_under_the_same_id_is_updated_not_duplicated(
    server, gazetteer, tmp_path
):
    from feeds.store import Store

    first = Item("wire-7", "Army advances in the desert", "Fighting was reported near Al-Sukhna.")
    later = Item(
        "wire-7",
        "Army advances in the desert (updated)",
        "Fighting was reported near Al-Sukhna. Government forces had moved to within 5 km "
        "of Al-Sukhna by nightfall, a monitoring group said.",
    )
    server.routes["/wire"] = Route(body=rss(first))
    store = Store(tmp_path / "journal.sqlite3")
    engine = Engine(config_for(server, "/wire"), gazetteer=gazetteer, store=store)
    feed = feed_of(engine.config, "wire")
    await engine.poll(feed)
    assert engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid].current is None

    server.routes["/wire"] = Route(body=rss(later))
    assert await engine.poll(feed) == 0  # not a new story
    assert len(engine.model.stories) == 1
    record = engine.model.stories["wire-7"]
    assert record.story.title == "Army advances in the desert (updated)"
    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 5
    store.close()
    (stored,) = list(Store(tmp_path / "journal.sqlite3").stories())
    assert stored.story.summary == later.summary
    assert any(d.value_km == 5 for d in stored.extraction.distances)
