"""`kill -9` mid-ingest loses at most the poll in flight and never corrupts the journal."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from feeds.store import integrity
from tests.support.cli import frontwatch
from tests.support.wire import FeedServer, Item, Route, rss

FEEDS = 6
ITEMS = 1500


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_kill_9_mid_ingest_then_restart_loses_nothing(tmp_path):
    with FeedServer() as server:
        for f in range(FEEDS):
            items = [
                Item(
                    f"f{f}-{n}",
                    f"Bulletin {n} from desk {f}",
                    "Shelling was reported near Kharkiv.",
                )
                for n in range(ITEMS)
            ]
            server.routes[f"/f{f}"] = Route(body=rss(*items))
        config = tmp_path / "config.toml"
        config.write_text(
            f'[settings]\ndata_dir = "{tmp_path / "data"}"\n'
            + "".join(
                f'[[feeds]]\nname = "desk {f}"\nurl = "{server.url(f"/f{f}")}"\ninterval = 30\n'
                for f in range(FEEDS)
            )
        )
        db = tmp_path / "data" / "frontwatch.sqlite3"
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path.parent / "fw-cache")}
        command = [frontwatch(), "--config", str(config), "tail"]

        first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        try:
            assert wait_for(lambda: stored(db) > 0, timeout=90), "nothing was stored"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        after_kill = stored(db)
        assert integrity(db) == "ok"

        second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        try:
            done = wait_for(lambda: stored(db) == FEEDS * ITEMS, timeout=90)
            second.send_signal(signal.SIGINT)
            second.wait(timeout=20)
        finally:
            if second.poll() is None:
                second.kill()
        assert done, f"{stored(db)} of {FEEDS * ITEMS} stored after the restart"
        assert after_kill <= FEEDS * ITEMS
        assert integrity(db) == "ok"
        with sqlite3.connect(db) as conn:
            ids = conn.execute("SELECT count(DISTINCT id) FROM stories").fetchone()[0]
        assert ids == FEEDS * ITEMS
