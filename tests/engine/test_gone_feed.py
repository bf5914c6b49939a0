"""A feed that answered 410 Gone stays stopped across restarts: the journal remembers it.

A real HTTP server on 127.0.0.1, a real SQLite journal, and two engines one after the
other on the same journal, as a desk restarts the program.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from feeds.config import Config, FeedConfig
from feeds.engine import Engine
from feeds.store import Store
from tests.support.wire import FeedServer, Item, Route, rss

GONE = "HTTP 410 Gone: the publisher removed this feed; polling stopped"


def requests_to(server: FeedServer, path: str) -> int:
    return sum(1 for r in server.requests if r.path == path)


async def run_briefly(engine: Engine, seconds: float = 0.5) -> None:
    """The engine's own loops, as the dashboard runs them, for a moment."""
    task = asyncio.create_task(engine.run())
    await asyncio.sleep(seconds)
    await engine.stop()
    await task


async def first_run(config: Config, journal: Path, gazetteer) -> None:
    store = Store(journal)
    engine = Engine(config, gazetteer=gazetteer, store=store)
    await engine.poll_once()
    assert engine.health["wire"].gone
    store.close()


async def test_a_gone_feed_is_not_polled_after_a_restart(tmp_path, gazetteer):
    journal = tmp_path / "journal.sqlite3"
    with FeedServer() as server:
        server.routes["/wire"] = Route(410, b"gone")
        config = Config(path=None, feeds=(FeedConfig("wire", server.url("/wire"), 60),))
        await first_run(config, journal, gazetteer)
        assert requests_to(server, "/wire") == 1

        store = Store(journal)
        engine = Engine(config, gazetteer=gazetteer, store=store)
        health = engine.health["wire"]
        assert health.gone and health.status(datetime.now(UTC)) == "gone"
        assert health.error == GONE
        await run_briefly(engine)
        await engine.poll_once()
        store.close()
        assert requests_to(server, "/wire") == 1


async def test_a_gone_feed_given_a_new_url_is_polled_again(tmp_path, gazetteer):
    journal = tmp_path / "journal.sqlite3"
    with FeedServer() as server:
        server.routes["/old"] = Route(410, b"gone")
        server.routes["/new"] = Route(body=rss(Item("w-1", "Talks resume", "A second day.")))
        config = Config(path=None, feeds=(FeedConfig("wire", server.url("/old"), 60),))
        await first_run(config, journal, gazetteer)

        feeds = (dataclasses.replace(config.feeds[0], url=server.url("/new")),)
        store = Store(journal)
        engine = Engine(dataclasses.replace(config, feeds=feeds), gazetteer=gazetteer, store=store)
        assert not engine.health["wire"].gone
        await engine.poll_once()
        store.close()
        assert requests_to(server, "/new") == 1 and requests_to(server, "/old") == 1
        assert "w-1" in engine.model.stories
