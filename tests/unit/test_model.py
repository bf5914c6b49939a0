"""The model on its own: stories with hand-built extractions in, objective and town states out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feeds.alerts import Alerts
from feeds.config import AlertRule
from feeds.events import FrontDiscovered, ObjectiveMoved, StorySourced, TownChanged
from feeds.geo import haversine_km, project
from feeds.model import Front, Model, Objective
from feeds.types import ControlEvent, Extraction, Place, Sentence
from tests.support.places import (
    DEIR,
    DONETSK,
    DVORICHNA,
    HOMS,
    KHARKIV,
    KRAMATORSK,
    KUPIANSK,
    MYRNOHRAD,
    POKROVSK,
    SLOVIANSK,
    SUKHNAH,
    TADMUR,
    desert_front,
)
from tests.support.stories import OUTLETS, T0, control, distance, story


def test_reported_distances_move_the_objective_and_keep_history():
    model = Model([desert_front()])
    events = model.apply(story("a", 0), distance(12, SUKHNAH), now=T0)
    assert ObjectiveMoved("Desert road", SUKHNAH.geonameid, None, 12, "a") in events
    model.apply(story("b", 5), distance(5, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert [p.km for p in objective.history] == [12, 5]
    assert objective.current is not None and objective.current.how == "reported"
    assert objective.previous is not None and objective.previous.km == 12


def test_a_late_older_report_joins_history_without_moving_the_current_value():
    model = Model([desert_front()])
    model.apply(story("new", 10), distance(5, SUKHNAH), now=T0)
    events = model.apply(story("old", 1), distance(20, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 5
    assert [p.km for p in objective.history] == [20, 5]
    assert not any(isinstance(e, ObjectiveMoved) for e in events)


def test_the_defenders_position_is_not_the_attackers_progress():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(3, SUKHNAH, subject="Daesh"), now=T0)
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].current is None


def test_a_capture_of_a_town_on_the_way_gives_derived_distances():
    model = Model([desert_front()])
    model.apply(story("a", 0), control("captured", TADMUR, "government forces"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.how == "derived"
    assert objective.current.km == pytest.approx(64.6, abs=0.2)
    assert model.towns[TADMUR.geonameid].controller == "government forces"


def test_a_projected_position_is_derived_from_the_reference_coordinates():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(8, TADMUR, direction="NE"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    lat, lon = project(TADMUR.lat, TADMUR.lon, 8, "NE")
    assert objective.current is not None and objective.current.how == "derived"
    assert objective.current.km == pytest.approx(
        haversine_km(lat, lon, SUKHNAH.lat, SUKHNAH.lon), abs=0.1
    )


def test_capture_then_withdrawal_changes_hands_twice():
    model = Model([desert_front()])
    first = model.apply(story("a", 0), control("captured", SUKHNAH, "Syrian army"), now=T0)
    second = model.apply(story("b", 24), control("withdrew", SUKHNAH, "government forces"), now=T0)
    assert TownChanged(SUKHNAH.geonameid, None, "government forces", "captured", "a") in first
    assert TownChanged(SUKHNAH.geonameid, "government forces", "Daesh", "withdrew", "b") in second
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.status == "held"


def test_a_claim_outside_every_front_discovers_one():
    model = Model([desert_front()])
    events = model.apply(story("a", 0), distance(4, POKROVSK, subject="Russian troops"), now=T0)
    discovered = [e for e in events if isinstance(e, FrontDiscovered)]
    assert len(discovered) == 1
    new_front = model.fronts[discovered[0].front]
    assert new_front.discovered and POKROVSK.geonameid in new_front.objectives


def test_the_same_story_from_a_second_feed_counts_as_a_second_source():
    model = Model([desert_front()])
    model.apply(story("a", 0, feed="one"), distance(5, SUKHNAH), now=T0)
    events = model.apply(story("a", 0, feed="two"), distance(5, SUKHNAH), now=T0)
    assert events == [StorySourced("a", "two")]
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].source_count() == 2
    assert model.apply(story("a", 0, feed="two"), distance(5, SUKHNAH), now=T0) == []


def test_alerts_fire_when_a_threshold_is_crossed_and_respect_the_cooldown():
    model = Model([desert_front()])
    alerts = Alerts([AlertRule("distance_below", "warning", km=10, cooldown_s=3600)])
    fired = []
    for sid, hours, km in [("a", 0, 15), ("b", 1, 8), ("c", 2, 12), ("d", 3, 6)]:
        events = model.apply(story(sid, hours), distance(km, SUKHNAH), now=T0)
        fired += alerts.check(events, model, now=T0 + timedelta(minutes=10 * hours))
    assert len(fired) == 1  # "d" recrosses within the hour's cooldown
    assert "As Sukhnah" in fired[0].message and "8 km" in fired[0].message
    assert fired[0].story_id == "b"


def test_a_town_goes_to_the_nearest_front_in_its_country():
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
                {KUPIANSK.geonameid: Objective(KUPIANSK)},
            ),
        ]
    )
    model.apply(story("a", 0), control("captured", DVORICHNA, "Russian forces"), now=T0)
    assert model.fronts["Pokrovsk"].objectives[POKROVSK.geonameid].current is None
    derived = model.fronts["Kupiansk"].objectives[KUPIANSK.geonameid].current
    assert derived is not None and derived.km == pytest.approx(16.5, abs=0.5)


def test_one_story_saying_the_same_thing_twice_is_one_point():
    model = Model([desert_front()])
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
    model = Model([desert_front()])
    alerts = Alerts([AlertRule("control_change", "critical")])
    model.apply(story("a", 0), control("captured", SUKHNAH, "Syrian army"), now=T0)
    events = model.apply(story("b", 1), control("withdrew", SUKHNAH, "government forces"), now=T0)
    (alert,) = alerts.check(events, model, now=T0)
    assert alert.message == (
        "As Sukhnah changed hands: government forces → Daesh (government forces withdrew)"
    )
    assert alert.severity == "critical" and alert.story_id == "b"


# --- corroboration, conflicts, rates --------------------------------------------------


def test_two_feeds_of_one_outlet_are_one_claim_and_a_second_outlet_corroborates():
    model = Model([desert_front()], outlets=OUTLETS)
    model.apply(story("a", 0, feed="bbc-world"), distance(5, SUKHNAH), now=T0)
    model.apply(story("b", 1, feed="bbc-mideast"), distance(5, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.source_count() == 2  # two feeds ...
    assert objective.outlets_for() == {"bbc"}  # ... one outlet
    assert objective.tier() == "claimed"
    model.apply(story("c", 3, feed="aj"), distance(5.4, SUKHNAH), now=T0)  # within tolerance
    assert objective.outlets_for() == {"bbc", "aljazeera"}
    assert objective.tier() == "corroborated"


def test_the_same_value_a_day_and_a_half_later_does_not_corroborate():
    model = Model([desert_front()], outlets=OUTLETS)
    model.apply(story("a", 0, feed="bbc-world"), distance(5, SUKHNAH), now=T0)
    model.apply(story("b", 36, feed="aj"), distance(5, SUKHNAH), now=T0)
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].tier() == "claimed"


def test_conflicting_reports_at_the_same_time_are_flagged_and_the_corroborated_one_wins():
    model = Model([desert_front()], outlets=OUTLETS)
    model.apply(story("a", 0, feed="bbc-world"), distance(20, SUKHNAH), now=T0)
    model.apply(story("b", 0.5, feed="aj"), distance(20, SUKHNAH), now=T0)
    model.apply(story("c", 1, feed="wire"), distance(6, SUKHNAH), now=T0)  # newer, alone
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 20
    assert [p.km for p in objective.conflicts] == [6]  # kept and flagged, not averaged
    assert {p.km for p in objective.history} == {20, 6}


def test_a_newer_report_hours_later_is_progress_not_a_conflict():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(20, SUKHNAH), now=T0)
    model.apply(story("b", 6), distance(12, SUKHNAH), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 12
    assert objective.conflicts == ()


def test_taking_a_town_behind_the_line_is_not_a_retreat():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(30, SUKHNAH), now=T0)
    model.apply(story("b", 2), control("captured", TADMUR, "government forces"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert objective.current is not None and objective.current.km == 30  # Tadmur is 64.6 km
    assert objective.latest("derived") is not None


def test_closing_rate_and_eta_need_enough_points():
    model = Model([desert_front()])
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    model.apply(story("a", 0), distance(40, SUKHNAH), now=T0)
    model.apply(story("b", 24), distance(30, SUKHNAH), now=T0)
    assert objective.closing_rate() is None and objective.eta() is None  # two points
    model.apply(story("c", 48), distance(20, SUKHNAH), now=T0)
    assert objective.closing_rate() == pytest.approx(10.0)  # km/day
    assert objective.eta() == T0 + timedelta(hours=48 + 48)  # 20 km at 10 km/day


def test_status_says_since_when_and_by_which_story():
    model = Model([desert_front()])
    model.apply(story("a", 0), control("besieged", SUKHNAH, "government forces"), now=T0)
    objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    assert (objective.status, objective.status_since, objective.status_story) == (
        "contested",
        T0,
        "a",
    )
    model.apply(story("b", 10), control("captured", SUKHNAH, "Syrian army"), now=T0)
    model.apply(story("c", 12), control("captured", SUKHNAH, "Syrian army"), now=T0)
    assert objective.status == "captured"
    assert objective.status_since == T0 + timedelta(hours=10)  # when it changed, not the echo
    assert objective.status_story == "b"
    town = model.towns[SUKHNAH.geonameid]
    assert (town.controller, town.since, town.story_id) == (
        "government forces",
        T0 + timedelta(hours=10),
        "b",
    )
    assert [p.event for p in town.history] == ["besieged", "captured", "captured"]


def test_a_town_taken_by_two_outlets_is_corroborated():
    model = Model([desert_front()], outlets=OUTLETS)
    model.apply(story("a", 0, feed="wire"), control("captured", TADMUR, "Syrian army"), now=T0)
    assert model.towns[TADMUR.geonameid].tier() == "claimed"
    model.apply(story("b", 2, feed="aj"), control("captured", TADMUR, "government forces"), now=T0)
    assert model.towns[TADMUR.geonameid].tier() == "corroborated"


# --- fronts: region, actors, discovery --------------------------------------------------


def test_a_radius_region_takes_in_nearby_towns_and_leaves_out_far_ones():
    ring = Front("Ring", ("Russian forces",), (), (), {POKROVSK.geonameid: Objective(POKROVSK)})
    ring.radius_km = 30
    model = Model([ring])
    model.apply(story("a", 0), control("captured", MYRNOHRAD, "Russian forces"), now=T0)
    assert model.fronts["Ring"].objectives[POKROVSK.geonameid].current is not None
    events = model.apply(story("b", 1), distance(5, KHARKIV, subject="Russian forces"), now=T0)
    assert any(isinstance(e, FrontDiscovered) for e in events)  # 200 km away: not this front


def test_discovered_fronts_group_by_country_and_proximity_and_merge():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(9, KRAMATORSK, subject="Russian troops"), now=T0)
    model.apply(story("b", 1), distance(7, KHARKIV, subject="Russian troops"), now=T0)
    discovered = sorted(f.name for f in model.fronts.values() if f.discovered)
    assert discovered == ["Kharkiv (UA, discovered)", "Kramatorsk (UA, discovered)"]
    # Sloviansk is 17 km from Kramatorsk: it joins that front, which keeps its biggest name.
    model.apply(story("c", 2), distance(4, SLOVIANSK, subject="Russian troops"), now=T0)
    kramatorsk = model.fronts["Kramatorsk (UA, discovered)"]
    assert set(kramatorsk.objectives) == {KRAMATORSK.geonameid, SLOVIANSK.geonameid}
    assert kramatorsk.attacker == ("Russian troops",)
    assert len([f for f in model.fronts.values() if f.discovered]) == 2


def test_a_claim_about_the_defender_outside_every_front_still_names_no_progress_inside():
    model = Model([desert_front()])
    model.apply(story("a", 0), distance(3, DEIR, subject="Islamic State"), now=T0)
    assert model.fronts["Desert road"].objectives[DEIR.geonameid].current is not None
    model2 = Model([desert_front()])
    model2.apply(story("a", 0), distance(3, DEIR, subject="Daesh"), now=T0)
    assert model2.fronts["Desert road"].objectives[DEIR.geonameid].current is None


def test_an_objective_named_late_gets_the_distances_of_earlier_captures():
    model = Model([desert_front()])
    model.apply(story("a", 0), control("captured", TADMUR, "government forces"), now=T0)
    model.apply(story("b", 5), distance(30, HOMS), now=T0)
    objective = model.fronts["Desert road"].objectives[HOMS.geonameid]
    assert objective.added_by == "b" and not objective.configured
    derived = objective.latest("derived")
    assert derived is not None and derived.story_id == "a"
    assert derived.km == pytest.approx(
        haversine_km(TADMUR.lat, TADMUR.lon, HOMS.lat, HOMS.lon), abs=0.1
    )


# --- properties: order and repetition do not change the picture ---------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FEEDS = ("wire", "aj", "bbc-world", "bbc-mideast")
_CLAIMS = st.one_of(
    st.tuples(
        st.just("d"),
        st.sampled_from([SUKHNAH, DEIR, TADMUR, HOMS, KRAMATORSK, SLOVIANSK, KHARKIV, DONETSK]),
        st.sampled_from([3.0, 5.0, 8.0, 12.0, 20.0]),
        st.sampled_from([None, "SW", "outskirts"]),
        st.sampled_from(["government forces", "Daesh", "Russian troops", None]),
    ),
    st.tuples(
        st.just("c"),
        st.sampled_from([SUKHNAH, TADMUR, HOMS, SLOVIANSK, MYRNOHRAD]),
        st.sampled_from(["captured", "withdrew", "besieged", "recaptured"]),
        st.none(),
        st.sampled_from(["government forces", "Daesh", "Russian troops"]),
    ),
)
_STORIES = st.lists(
    st.tuples(
        st.integers(0, 30),  # hours: many within a conflict window of each other
        st.lists(_CLAIMS, min_size=1, max_size=2),
        st.lists(st.sampled_from(_FEEDS), min_size=1, max_size=3, unique=True),
    ),
    min_size=1,
    max_size=14,
)


def _deliveries(specs):
    out = []
    for n, (hours, claims, feeds) in enumerate(specs):
        extraction = Extraction("")
        for claim in claims:
            if claim[0] == "d":
                _, place, km, direction, subject = claim
                one = distance(km, place, subject=subject, direction=direction)
                extraction = Extraction("", distances=(*extraction.distances, *one.distances))
            else:
                _, place, event, _, actor = claim
                one = control(event, place, actor)
                extraction = Extraction("", control=(*extraction.control, *one.control))
        for feed in feeds:
            out.append((story(f"s{n}", hours, feed=feed), extraction))
    return out


def _snapshot(model: Model):
    fronts = {}
    for f in model.fronts.values():
        objectives = {}
        for gid, o in f.objectives.items():
            cur = o.current
            objectives[gid] = (
                (cur.km, cur.how, cur.story_id) if cur else None,
                tuple(sorted((p.km, p.story_id) for p in o.conflicts)),
                (o.status, o.status_since, o.status_story),
                tuple((p.time, p.km, p.how, p.story_id) for p in o.history),
                o.added_by,
                o.tier(),
            )
        fronts[f.name] = (f.discovered, f.attacker, objectives)
    towns = {
        gid: (t.controller, t.since, t.story_id, t.tier(), tuple(
            (p.time, p.event, p.actor, p.controller, p.story_id) for p in t.history
        ))
        for gid, t in model.towns.items()
    }  # fmt: skip
    return fronts, towns


@settings(max_examples=60, deadline=None)
@given(_STORIES, st.randoms(use_true_random=False))
def test_arrival_order_does_not_change_the_final_state(specs, rnd):
    deliveries = _deliveries(specs)
    first = Model([desert_front()], outlets=OUTLETS)
    for s, e in deliveries:
        first.apply(s, e, now=T0)
    shuffled = list(deliveries)
    rnd.shuffle(shuffled)
    second = Model([desert_front()], outlets=OUTLETS)
    for s, e in shuffled:
        second.apply(s, e, now=T0)
    assert _snapshot(first) == _snapshot(second)


@settings(max_examples=40, deadline=None)
@given(_STORIES)
def test_replaying_the_same_stories_changes_nothing(specs):
    model = Model([desert_front()], outlets=OUTLETS)
    deliveries = _deliveries(specs)
    for s, e in deliveries:
        model.apply(s, e, now=T0)
    before = _snapshot(model)
    for s, e in deliveries:
        assert model.apply(s, e, now=T0) == []
    assert _snapshot(model) == before


def test_a_town_known_only_by_estimate_derives_no_distance():
    model = Model([desert_front()])
    guessed = Place(-8_000_000_003, "Khirbet Example", "SY", 34.9, 38.7, 0, "town", True, 5.0)
    model.apply(story("a", 0), control("captured", guessed, "government forces"), now=T0)
    assert model.towns[guessed.geonameid].controller == "government forces"
    assert model.fronts["Desert road"].objectives[SUKHNAH.geonameid].current is None
