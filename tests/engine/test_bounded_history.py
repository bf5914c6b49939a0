"""Histories are bounded: weeks of news leave memory flat.

An objective's distance points, a town's control events and a front's attacker positions
are capped (the newest kept, whatever the order they arrive in) and trimmed with the
user's retention, as stories are.
"""

from __future__ import annotations

import gc
import random
import tracemalloc
from datetime import UTC, datetime, timedelta

from feeds.config import Config, Settings
from feeds.engine import Engine
from feeds.model import HISTORY_CAP, POSITIONS_CAP, TOWN_HISTORY_CAP, Model, point_order
from feeds.types import ControlEvent, DistanceClaim, Extraction, Place, Sentence, Story
from tests.support.places import ARAK, DESERT_ROAD, SUKHNAH, desert_front

START = datetime(2026, 1, 1, tzinfo=UTC)
TEXT = "Government forces were within 5 km of As Sukhnah, officials said."
SENTENCE = Sentence(TEXT, 0, len(TEXT))


def distance_story(n: int, when: datetime, objective: Place = SUKHNAH) -> tuple[Story, Extraction]:
    km = 5 + n % 40
    claim = DistanceClaim(
        km, km, km, "within", None, objective, objective.name, "government forces",
        "force_position", 26, 30, SENTENCE,
    )  # fmt: skip
    story = Story(f"d{n}", f"feed-{n % 3}", TEXT, None, when, "")
    return story, Extraction(TEXT, distances=(claim,))


def control_story(n: int, when: datetime) -> tuple[Story, Extraction]:
    actor = "government forces" if n % 2 else "Daesh"
    event = ControlEvent("captured", ARAK, "Arak", actor, 0, 4, SENTENCE)
    story = Story(f"c{n}", "wire", f"{actor} captured Arak", None, when, "")
    return story, Extraction(story.text, control=(event,))


def test_an_objective_keeps_the_newest_points_whatever_the_arrival_order():
    stories = [
        distance_story(n, START + timedelta(minutes=10 * n)) for n in range(HISTORY_CAP + 300)
    ]
    shuffled = stories[:]
    random.Random(3).shuffle(shuffled)
    kept = []
    for arrival in (stories, shuffled):
        model = Model([desert_front()])
        for story, extraction in arrival:
            model.apply(story, extraction, now=story.published)
        objective = model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
        assert len(objective.history) == HISTORY_CAP
        assert len(objective.sources) <= HISTORY_CAP
        kept.append([point_order(p) for p in objective.history])
    assert kept[0] == kept[1]
    assert kept[0][0][1] == "d300"  # the 300 oldest gave way


def test_a_town_and_a_front_are_capped():
    model = Model([desert_front()])
    for n in range(max(TOWN_HISTORY_CAP, POSITIONS_CAP) + 200):
        story, extraction = control_story(n, START + timedelta(minutes=10 * n))
        model.apply(story, extraction, now=story.published)
    town = model.towns[ARAK.geonameid]
    assert len(town.history) == TOWN_HISTORY_CAP
    assert len(town.orders) == TOWN_HISTORY_CAP and len(town.sources) <= TOWN_HISTORY_CAP
    assert town.controller == "government forces"  # the newest word stands (n odd)
    assert len(model.fronts["Desert road"].positions) <= POSITIONS_CAP


async def test_weeks_of_news_with_retention_leave_memory_flat(gazetteer):
    """Eight simulated weeks, a story every 10 minutes, retention of a week run daily."""
    now = [START]
    config = Config(path=None, fronts=(DESERT_ROAD,), settings=Settings(keep_days=7))
    engine = Engine(config, gazetteer=gazetteer, clock=lambda: now[0])
    objective = engine.model.fronts["Desert road"].objectives[SUKHNAH.geonameid]
    per_day = 144

    def week(first: int) -> None:
        for n in range(first, first + 7 * per_day):
            now[0] = START + timedelta(minutes=10 * n)
            story, extraction = distance_story(n, now[0], objective.place)
            engine.model.apply(story, extraction, now=now[0])
            if n % 5 == 0:
                story, extraction = control_story(n, now[0])
                engine.model.apply(story, extraction, now=now[0])
            if n % per_day == 0:
                engine.apply_retention()

    def held() -> int:
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        for w in range(4):
            week(w * 7 * per_day)
        after_four = held()
        for w in range(4, 8):
            week(w * 7 * per_day)
        after_eight = held()
    finally:
        tracemalloc.stop()

    model = engine.model
    assert len(model.stories) <= 8 * per_day * 6 // 5  # a week and a day of stories
    # a week and a day of reports, and of points derived from captures (one story in ten)
    assert len(objective.history) <= 8 * per_day * 11 // 10
    assert objective.current is not None  # retention never trims what the estimate reads
    assert objective.current.time >= now[0] - timedelta(hours=3)
    town = model.towns[ARAK.geonameid]
    assert len(town.history) <= 8 * per_day // 5
    assert after_eight < after_four * 1.1, (after_four, after_eight)
