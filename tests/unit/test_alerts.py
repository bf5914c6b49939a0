"""Alert rules: one fact is one alert, cooldowns, the rules' config, `--since`."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from feeds.alerts import Alerts
from feeds.commands.tail import alert_line, latest_revisions, parse_since
from feeds.config import AlertRule, ConfigError, parse_config
from feeds.events import FeedHealthChanged
from feeds.ingest import FeedHealth
from feeds.model import Model
from feeds.types import Story
from tests.support.paths import REPO
from tests.support.places import DEIR, HOMS, SUKHNAH, TADMUR, desert_front
from tests.support.stories import OUTLETS, T0, control, distance, story


def run(model: Model, alerts: Alerts, deliveries, *, at=T0):
    fired = []
    for s, e in deliveries:
        fired += alerts.check(model.apply(s, e, now=at), model, now=at)
    return fired


# --- rules ----------------------------------------------------------------------------


def test_the_same_fact_from_five_feeds_is_one_alert_listing_five_sources():
    model = Model([desert_front()], outlets=OUTLETS)
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
    model = Model([desert_front()])
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
    model = Model([desert_front()])
    alerts = Alerts([AlertRule("new_objective", "info")])
    assert run(model, alerts, [(story("a", 0), distance(30, SUKHNAH))]) == []
    (alert,) = run(model, alerts, [(story("b", 1), distance(12, HOMS))])
    assert "new objective Homs (SY)" in alert.message and alert.story_id == "b"


def test_keyword_is_a_case_blind_regex_over_title_and_text_with_its_sentence():
    model = Model([desert_front()])
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
    model = Model([desert_front()])
    alerts = Alerts([AlertRule("distance_below", km=10, cooldown_s=3600)])
    fired = run(
        model,
        alerts,
        [
            (story("a", 0), distance(8, SUKHNAH)),
            (story("b", 1), distance(15, SUKHNAH)),
            (story("c", 2), distance(6, SUKHNAH)),  # recrosses within the hour: quiet
            (story("d", 3), distance(7, DEIR)),
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
