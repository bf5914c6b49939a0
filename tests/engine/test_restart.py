"""Cache first, refresh after: a restart shows what the journal holds before any feed answers."""

from __future__ import annotations

import threading
import time

from feeds.config import Config, FeedConfig
from feeds.engine import Engine
from feeds.store import Store
from tests.support.places import DESERT_ROAD, SUKHNAH
from tests.support.stories import APPROACH, QUIET
from tests.support.wire import FeedServer, Route, rss
from tui.app import FrontwatchApp
from tui.widgets import ObjectivesPanel, StoriesPanel


async def test_the_dashboard_shows_the_journal_before_the_first_poll_answers(tmp_path, gazetteer):
    released = threading.Event()

    def hang(handler):  # a feed that answers only when the test is over
        released.wait(10)
        handler.send_response(503)
        handler.end_headers()

    with FeedServer() as server:
        server.routes["/wire"] = Route(body=rss(QUIET, APPROACH))
        feeds = (FeedConfig("wire", server.url("/wire"), 60),)
        config = Config(path=None, feeds=feeds, fronts=(DESERT_ROAD,))

        store = Store(tmp_path / "journal.sqlite3")
        first = Engine(config, gazetteer=gazetteer, store=store)
        await first.poll(feeds[0])
        store.close()

        server.routes["/wire"] = Route(raw=hang)
        store = Store(tmp_path / "journal.sqlite3")
        engine = Engine(config, gazetteer=gazetteer, store=store)
        app = FrontwatchApp(engine)
        started = time.monotonic()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            stories = app.dashboard.query_one(StoriesPanel)
            objectives = app.dashboard.query_one(ObjectivesPanel)
            assert stories.row_count == 2
            assert objectives.cell_text(str(SUKHNAH.geonameid), "distance") == "5 km"
            assert engine.health["wire"].last_poll is None  # the feed has not answered yet
            assert time.monotonic() - started < 5
            released.set()
            await pilot.press("q")
        store.close()
