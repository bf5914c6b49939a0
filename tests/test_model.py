"""The model on its own: stories with hand-built extractions in, objective and town states out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feeds.alerts import Alerts
from feeds.config import AlertRule
from feeds.geo import haversine_km, project
from feeds.model import Front, Model, Objective
from feeds.types import (
    ControlEvent,
    DistanceClaim,
    Extraction,
    FrontDiscovered,
    ObjectiveMoved,
    Place,
    Sentence,
    Story,
    StorySourced,
    TownChanged,
)

SUKHNAH = Place(172425, "As Sukhnah", "SY", 34.88533, 38.8711)
TADMUR = Place(163808, "Tadmur", "SY", 34.5624, 38.28402, 51015)
DEIR = Place(170794, "Deir ez-Zor", "SY", 35.33588, 40.14084, 271800)
POKROVSK = Place(708546, "Pokrovsk", "UA", 48.282, 37.181)
T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def front() -> Front:
    return Front(
        name="Desert road",
        attacker=("government forces", "Syrian army"),
        defender=("Daesh",),
        countries=("SY",),
        objectives={SUKHNAH.geonameid: Objective(SUKHNAH), DEIR.geonameid: Objective(DEIR)},
    )


def story(sid: str, hours: float, feed: str = "wire") -> Story:
    return Story(sid, feed, f"story {sid}", None, T0 + timedelta(hours=hours))


def distance(
    km: float,
    ref: Place,
    *,
    subject: str | None = "government forces",
    direction: str | None = None,
    kind: str = "force_position",
) -> Extraction:
    sentence = Sentence(f"forces are within {km} km of {ref.name}", 0, 30)
    claim = DistanceClaim(
        km,
        km,
        km,
        "within",
        direction,
        ref,
        ref.name,
        subject,
        kind,  # type: ignore[arg-type]
        0,
        10,
        sentence,
    )
    return Extraction(sentence.text, distances=(claim,))


def control(event: str, place: Place, actor: str | None) -> Extraction:
    sentence = Sentence(f"{actor} {event} {place.name}", 0, 20)
    return Extraction(
        sentence.text, control=(ControlEvent(event, place, place.name, actor, 0, 5, sentence),)
    )  # type: ignore[arg-type]


def test_reported_distances_move_the_objective_and_keep_history():
    model = Model([front()])
    events = model.apply(story("a", 0), distance(12, SUKHNAH), now=T0)
    assert ObjectiveMoved("Desert road", SUKHNAH.geonameid, None, 12, "a") in events
    model.apply(story("b", 5), distance(5, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert [p.km for p in objective.history] == [12, 5]
    assert objective.current is not None and objective.current.how == "reported"
    assert objective.previous is not None and objective.previous.km == 12


def test_a_late_older_report_joins_history_without_moving_the_current_value():
    model = Model([front()])
    model.apply(story("new", 10), distance(5, SUKHNAH), now=T0)
    events = model.apply(story("old", 1), distance(20, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 5
    assert [p.km for p in objective.history] == [20, 5]
    assert not any(isinstance(e, ObjectiveMoved) for e in events)


def test_the_defenders_position_is_not_the_attackers_progress():
    model = Model([front()])
    model.apply(story("a", 0), distance(3, SUKHNAH, subject="Daesh"), now=T0)
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].current is None


def test_a_capture_of_a_town_on_the_way_gives_derived_distances():
    model = Model([front()])
    model.apply(story("a", 0), control("captured", TADMUR, "government forces"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.how == "derived"
    assert objective.current.km == pytest.approx(64.6, abs=0.2)
    assert model.towns[TADMUR.geonameid].controller == "government forces"


def test_a_projected_position_is_derived_from_the_reference_coordinates():
    model = Model([front()])
    model.apply(story("a", 0), distance(8, TADMUR, direction="NE"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    lat, lon = project(TADMUR.lat, TADMUR.lon, 8, "NE")
    assert objective.current is not None and objective.current.how == "derived"
    assert objective.current.km == pytest.approx(
        haversine_km(lat, lon, SUKHNAH.lat, SUKHNAH.lon), abs=0.1
    )


def test_capture_then_withdrawal_changes_hands_twice():
    model = Model([front()])
    first = model.apply(story("a", 0), control("captured", SUKHNAH, "Syrian army"), now=T0)
    second = model.apply(story("b", 24), control("withdrew", SUKHNAH, "government forces"), now=T0)
    assert TownChanged(SUKHNAH.geonameid, None, "government forces", "captured", "a") in first
    assert TownChanged(SUKHNAH.geonameid, "government forces", "Daesh", "withdrew", "b") in second
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.status == "held"


def test_a_claim_outside_every_front_discovers_one():
    model = Model([front()])
    events = model.apply(story("a", 0), distance(4, POKROVSK, subject="Russian troops"), now=T0)
    discovered = [e for e in events if isinstance(e, FrontDiscovered)]
    assert len(discovered) == 1
    new_front = model.fronts[discovered[0].front]
    assert new_front.discovered and POKROVSK.geonameid in new_front.objectives


def test_the_same_story_from_a_second_feed_counts_as_a_second_source():
    model = Model([front()])
    model.apply(story("a", 0, feed="one"), distance(5, SUKHNAH), now=T0)
    events = model.apply(story("a", 0, feed="two"), distance(5, SUKHNAH), now=T0)
    assert events == [StorySourced("a", "two")]
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].source_count() == 2
    assert model.apply(story("a", 0, feed="two"), distance(5, SUKHNAH), now=T0) == []


def test_alerts_fire_when_a_threshold_is_crossed_and_respect_the_cooldown():
    model = Model([front()])
    alerts = Alerts([AlertRule("distance_below", "warning", km=10, cooldown_s=3600)])
    fired = []
    for sid, hours, km in [("a", 0, 15), ("b", 1, 8), ("c", 2, 12), ("d", 3, 6)]:
        events = model.apply(story(sid, hours), distance(km, SUKHNAH), now=T0)
        fired += alerts.check(events, model, now=T0 + timedelta(minutes=10 * hours))
    assert len(fired) == 1  # "d" recrosses within the hour's cooldown
    assert "As Sukhnah" in fired[0].message and "8 km" in fired[0].message
    assert fired[0].story_id == "b"


def test_a_town_goes_to_the_nearest_front_in_its_country():
    kupiansk = Place(703656, "Kupyansk", "UA", 49.71003, 37.61581, 27169)
    dvorichna = Place(709399, "Dvorichna", "UA", 49.85099, 37.68482, 3290)
    attackers = ("Russian forces",)
    model = Model(
        [
            Front(
                "Pokrovsk",
                attackers,
                ("Ukrainian forces",),
                ("UA",),
                {POKROVSK.geonameid: Objective(POKROVSK)},
            ),
            Front(
                "Kupiansk",
                attackers,
                ("Ukrainian forces",),
                ("UA",),
                {kupiansk.geonameid: Objective(kupiansk)},
            ),
        ]
    )
    model.apply(story("a", 0), control("captured", dvorichna, "Russian forces"), now=T0)
    assert model.fronts["Pokrovsk"].objectives[POKROVSK.geonameid].current is None
    derived = model.fronts["Kupiansk"].objectives[kupiansk.geonameid].current
    assert derived is not None and derived.km == pytest.approx(16.5, abs=0.5)


def test_one_story_saying_the_same_thing_twice_is_one_point():
    model = Model([front()])
    sentence = Sentence("Troops took As Sukhnah; As Sukhnah fell.", 0, 40)
    both = Extraction(
        sentence.text,
        control=(
            ControlEvent("captured", SUKHNAH, "As Sukhnah", "government forces", 0, 5, sentence),
            ControlEvent("captured", SUKHNAH, "As Sukhnah", "government forces", 20, 25, sentence),
        ),
    )
    model.apply(story("a", 0), distance(5, SUKHNAH), now=T0)
    model.apply(story("b", 1), both, now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert [p.km for p in objective.history] == [5, 0]


def test_a_change_of_hands_alert_says_who_held_it_and_why():
    model = Model([front()])
    alerts = Alerts([AlertRule("control_change", "critical")])
    model.apply(story("a", 0), control("captured", SUKHNAH, "Syrian army"), now=T0)
    events = model.apply(story("b", 1), control("withdrew", SUKHNAH, "government forces"), now=T0)
    (alert,) = alerts.check(events, model, now=T0)
    assert alert.message == (
        "As Sukhnah changed hands: government forces → Daesh (government forces withdrew)"
    )
    assert alert.severity == "critical" and alert.story_id == "b"
