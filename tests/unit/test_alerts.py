"""Alert rules, one fact = one alert, the on_alert hook, and `frontwatch tail` end to end."""

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

import pytest

from feeds.alerts import Alerts, alert_line, latest_revisions, parse_since
from feeds.config import AlertRule, ConfigError, parse_config
from feeds.health import FeedHealth
from feeds.hooks import Hooks, run_hook
from feeds.model import Model
from feeds.types import Alert, FeedHealthChanged, Story
from tests.feedserver import FeedServer, Item, Route, rss
from tests.test_model import OUTLETS, SUKHNAH, T0, TADMUR, control, distance, front, story

REPO = Path(__file__).resolve().parent.parent


def run(model: Model, alerts: Alerts, deliveries, *, at=T0):
    fired = []
    for s, e in deliveries:
        fired += alerts.check(model.apply(s, e, now=at), model, now=at)
    return fired


# --- rules ----------------------------------------------------------------------------


def test_the_same_fact_from_five_feeds_is_one_alert_listing_five_sources():
    model = Model([front()], outlets=OUTLETS)
    alerts = Alerts([AlertRule("control_change", "critical")])
    fired = []
    for feed in ("wire", "aj", "bbc-world", "bbc-mideast"):  # one story, four feeds
        fired += run(
            model, alerts, [(story("a", 0, feed=feed), control("captured", TADMUR, "Syrian army"))]
        )
    # ... and a fifth outlet's own story saying the same
    fired += run(
        model,
        alerts,
        [(story("b", 2, feed="fifth"), control("captured", TADMUR, "government forces"))],
    )
    keys = {a.key for a in fired}
    assert len(keys) == 1  # one fact
    first, last = fired[0], fired[-1]
    assert first.revision == 0 and first.sources == ("wire",)
    assert last.revision == 4
    assert last.sources == ("wire", "aj", "bbc-world", "bbc-mideast", "fifth")
    assert latest_revisions(fired) == [last]
    assert "also reported by aj, bbc-world, bbc-mideast, fifth" in alert_line(last)
    assert last.story_id == "a" and last.sentence == "Syrian army captured Tadmur"


def test_distance_drop_fires_when_the_distance_falls_fast_enough():
    model = Model([front()])
    alerts = Alerts([AlertRule("distance_drop", "warning", km=10, hours=24)])
    fired = run(
        model,
        alerts,
        [
            (story("a", 0), distance(40, SUKHNAH)),
            (story("b", 30), distance(33, SUKHNAH)),  # 7 km in 30 h: no
            (story("c", 40), distance(22, SUKHNAH)),  # 11 km in 10 h: yes
        ],
    )
    assert [a.story_id for a in fired] == ["c"]
    assert "11 km closer in 10 h" in fired[0].message and "33 → 22 km" in fired[0].message


def test_new_objective_fires_for_a_place_the_news_names_not_for_configured_ones():
    homs = __import__("tests.test_model", fromlist=["HOMS"]).HOMS
    model = Model([front()])
    alerts = Alerts([AlertRule("new_objective", "info")])
    assert run(model, alerts, [(story("a", 0), distance(30, SUKHNAH))]) == []
    (alert,) = run(model, alerts, [(story("b", 1), distance(12, homs))])
    assert "new objective Homs (SY)" in alert.message and alert.story_id == "b"


def test_keyword_is_a_case_blind_regex_over_title_and_text_with_its_sentence():
    model = Model([front()])
    alerts = Alerts([AlertRule("keyword", "critical", pattern=r"chemical (weapons|attack)")])
    s = Story(
        "k",
        "wire",
        "Clashes go on",
        "http://x.test/k",
        T0,
        "Troops advanced. Monitors reported a Chemical attack near the town. More soon.",
    )
    from feeds.types import Extraction

    (alert,) = alerts.check(model.apply(s, Extraction(s.text), now=T0), model, now=T0)
    assert alert.sentence == "Monitors reported a Chemical attack near the town."
    assert alert.link == "http://x.test/k" and '"Chemical attack"' in alert.message


def test_feed_down_reads_health_through_the_callable_and_alerts_once_per_outage():
    health = {"wire": FeedHealth("wire", "http://wire.test/rss", 300)}
    alerts = Alerts([AlertRule("feed_down", "warning", failures=2)], health=health.get)
    model = Model()
    h = health["wire"]
    h.ok, h.failures, h.error = False, 1, "HTTP 503 Service Unavailable"
    assert alerts.check([FeedHealthChanged("wire")], model, now=T0) == []
    h.failures = 2
    (alert,) = alerts.check([FeedHealthChanged("wire")], model, now=T0)
    assert alert.message == "wire is down: HTTP 503 Service Unavailable (2 failed polls in a row)"
    h.failures = 3
    assert alerts.check([FeedHealthChanged("wire")], model, now=T0) == []  # same outage
    h.ok, h.failures = True, 0
    assert alerts.check([FeedHealthChanged("wire")], model, now=T0) == []
    h.ok, h.failures = False, 2
    assert len(alerts.check([FeedHealthChanged("wire")], model, now=T0)) == 1  # a new outage


def test_cooldown_silences_a_rule_for_one_subject_only():
    model = Model([front()])
    alerts = Alerts([AlertRule("distance_below", km=10, cooldown_s=3600)])
    fired = run(
        model,
        alerts,
        [
            (story("a", 0), distance(8, SUKHNAH)),
            (story("b", 1), distance(15, SUKHNAH)),
            (story("c", 2), distance(6, SUKHNAH)),  # recrosses within the hour: quiet
            (story("d", 3), distance(7, __import__("tests.test_model", fromlist=["DEIR"]).DEIR)),
        ],
    )
    assert [a.story_id for a in fired] == ["a", "d"]


# --- config ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[alerts]]\nrule = "keyword"\npattern = "(unclosed"\n',
            '<config>: alerts[0].pattern: expected a regular expression, found "(unclosed" '
            "(missing ), unterminated subpattern at position 0)",
        ),
        (
            '[[alerts]]\nrule = "distance_drop"\nkm = 5\n',
            '<config>: alerts[0].hours: missing required key for rule "distance_drop", '
            "expected a number of hours > 0",
        ),
        (
            '[[alerts]]\nrule = "keyword"\n',
            '<config>: alerts[0].pattern: missing required key for rule "keyword", '
            "expected a regular expression",
        ),
        (
            '[[alerts]]\nrule = "control_change"\nhours = 3\n',
            '<config>: alerts[0].hours: not allowed for rule "control_change" '
            '(only "distance_drop" takes hours), found 3',
        ),
        (
            '[[alerts]]\nrule = "feed_down"\nfeed = "BBC"\n',
            '<config>: alerts[0].feed: expected the name of a feed in this file, found "BBC" '
            "(this file defines no [[feeds]])",
        ),
        (
            "on_alert = []\n",
            '<config>: on_alert: expected a program and its arguments like ["/usr/bin/notify"]',
        ),
    ],
)
def test_alert_config_errors_name_the_key(toml, message):
    with pytest.raises(ConfigError) as caught:
        parse_config(toml, None)
    assert str(caught.value) == message


def test_every_rule_loads_with_its_keys(tmp_path):
    text = textwrap.dedent(
        """
        on_alert = ["bin/notify", "--quiet"]
        [settings]
        hook_timeout = 3
        [[feeds]]
        name = "wire"
        url = "https://feeds.example.org/rss"
        outlet = "example"
        [[fronts]]
        name = "F"
        countries = ["SY"]
        radius_km = 40
        [[alerts]]
        rule = "distance_drop"
        km = 5
        hours = 12
        front = "F"
        [[alerts]]
        rule = "feed_down"
        feed = "wire"
        failures = 3
        """
    )
    config = parse_config(text, tmp_path / "config.toml")
    assert config.on_alert == (str(tmp_path / "bin" / "notify"), "--quiet")
    assert config.settings.hook_timeout_s == 3
    assert config.feeds[0].outlet == "example" and config.fronts[0].radius_km == 40
    assert config.alerts[0].hours == 12 and config.alerts[1].failures == 3


def test_the_committed_config_documents_every_rule_and_loads():
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    config = parse_config(text, REPO / "config.toml")
    for rule in (
        "distance_below",
        "distance_drop",
        "control_change",
        "new_objective",
        "keyword",
        "feed_down",
    ):
        assert f'rule = "{rule}"' in text, rule
    assert {r.rule for r in config.alerts} >= {"distance_below", "control_change"}


def test_since_takes_durations_and_iso_times():
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert parse_since("2h", now) == now - timedelta(hours=2)
    assert parse_since("1d12h", now) == now - timedelta(hours=36)
    assert parse_since("2026-03-01T06:00", now) == datetime(2026, 3, 1, 6, tzinfo=UTC)
    with pytest.raises(ValueError, match="expected a duration"):
        parse_since("yesterday", now)


# --- hooks ----------------------------------------------------------------------------

ALERT = Alert(
    T0, "warning", "keyword", 'a "quoted" $(rm -rf /) message', "s1", "sentence", ("wire",), key="k"
)


def _script(tmp_path: Path, body: str, name: str = "hook.py") -> Path:
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\nimport sys, json, os, time\n{body}\n")
    path.chmod(0o755)
    return path


async def test_a_hook_gets_the_alert_as_json_on_stdin_and_fixed_arguments(tmp_path):
    out = tmp_path / "got.json"
    hook = _script(
        tmp_path,
        "got = {'argv': sys.argv[1:], 'alert': json.load(sys.stdin)}\n"
        f"json.dump(got, open({str(out)!r}, 'w'))",
    )
    assert await run_hook([str(hook), "--desk", "one"], ALERT, timeout_s=10) is None
    got = json.loads(out.read_text())
    assert got["argv"] == ["--desk", "one"]  # feed text never in the arguments
    assert got["alert"]["message"] == ALERT.message and got["alert"]["sources"] == ["wire"]


async def test_failing_and_hanging_hooks_are_reported_and_stop_nothing(tmp_path):
    failing = _script(tmp_path, "print('no disk', file=sys.stderr); sys.exit(3)", "fail.py")
    failure = await run_hook([str(failing)], ALERT, timeout_s=10)
    assert failure is not None and failure.reason.endswith("exited with status 3: no disk")
    hanging = _script(tmp_path, "time.sleep(30)", "hang.py")
    started = time.monotonic()
    failure = await run_hook([str(hanging)], ALERT, timeout_s=0.5)
    assert failure is not None and "timed out after 0.5 s" in failure.reason
    assert time.monotonic() - started < 5
    missing = await run_hook([str(tmp_path / "nope")], ALERT, timeout_s=1)
    assert missing is not None and missing.reason.startswith("cannot start")

    reported: list[Alert] = []
    hooks = Hooks([str(failing)], timeout_s=5, on_failure=reported.append)
    hooks.submit(ALERT)
    await hooks.drain()
    (report,) = reported
    assert report.rule == "hook_failed" and "status 3" in report.message
    hooks.submit(report)  # a failure report never goes to the hook itself
    await hooks.drain()
    assert len(reported) == 1


# --- `frontwatch tail --json` as a real process ----------------------------------------


@pytest.mark.slow
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
