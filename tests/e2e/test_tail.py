"""`frontwatch tail --json` as a real process: alerts printed live, then replayed with --since."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.paths import REPO
from tests.support.wire import FeedServer, Item, Route, rss


def test_tail_json_prints_alerts_then_replays_them_with_since(tmp_path, gazetteer):
    now = datetime.now(UTC)
    items = [
        Item("w-1", "Government forces within 5 km of Al-Sukhna",
             "Government forces had moved to within 5 km of Al-Sukhna, a commander said.",
             published=now - timedelta(hours=2)),
        Item("w-2", "Syrian army captures Palmyra",
             "The Syrian army captured Palmyra on Thursday, state media said.",
             published=now - timedelta(hours=1)),
    ]  # fmt: skip
    env = dict(os.environ)
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var.lower())
    cache = Path(env["XDG_CACHE_HOME"]) / "frontwatch"
    cache.mkdir(parents=True)
    assert gazetteer.path is not None
    shutil.copyfile(gazetteer.path, cache / gazetteer.path.name)
    env["PYTHONPATH"] = str(REPO)
    with FeedServer() as server:
        server.routes["/wire"] = Route(body=rss(*items))
        config = tmp_path / "config.toml"
        config.write_text(
            textwrap.dedent(
                f"""
                [settings]
                data_dir = "data"
                [[feeds]]
                name = "wire"
                url = "{server.url("/wire")}"
                [[fronts]]
                name = "Desert road"
                attacker = ["Syrian army", "government forces"]
                defender = ["Daesh"]
                objectives = ["As Sukhnah"]
                countries = ["SY"]
                [[alerts]]
                rule = "distance_below"
                km = 10
                [[alerts]]
                rule = "control_change"
                """
            )
        )
        command = [sys.executable, "-m", "tui.cli", "--config", str(config), "tail", "--json"]

        def lines(extra: list[str], count: int) -> list[dict]:
            proc = subprocess.Popen(
                command + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
            )
            try:
                got = []
                deadline = time.monotonic() + 60
                while len(got) < count and time.monotonic() < deadline:
                    line = proc.stdout.readline()
                    if not line:
                        break
                    got.append(json.loads(line))
                time.sleep(1.0)  # let the journal's writer commit (it flushes every 0.5 s)
                return got
            finally:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

        live = lines([], 2)
        assert {a["rule"] for a in live} == {"distance_below", "control_change"}
        below = next(a for a in live if a["rule"] == "distance_below")
        assert "As Sukhnah now 5 km away" in below["message"]
        assert below["story_id"] == "w-1" and "within 5 km of Al-Sukhna" in below["sentence"]

        replayed = lines(["--since", "1d"], 2)
        assert [a["key"] for a in replayed] == [a["key"] for a in live]
