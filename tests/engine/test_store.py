"""The SQLite journal: what goes in comes back after a restart, whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feeds.ingest import FeedState
from feeds.store import Store, StoredStory, integrity
from feeds.types import (
    Alert,
    ControlEvent,
    DistanceClaim,
    Extraction,
    Mention,
    Sentence,
    Story,
)
from tests.support.places import NOWHERE, SUKHNAH, TADMUR, ZORIVKA
from tests.support.stories import T0


def story_with_claims() -> tuple[Story, Extraction]:
    story = Story(
        "wire-1",
        "wire",
        "Army nears desert town",
        "http://wire.test/1",
        T0,
        "Troops took Palmyra. They had moved to within 5 km of Al-Sukhna.",
    )
    text = story.text
    s2 = text.index("They")
    sentence = Sentence(text[s2:], s2, len(text))
    s1 = text.index("Troops")
    took = Sentence(text[s1 : s2 - 1], s1, s2 - 1)
    at = text.index("Al-Sukhna")
    extraction = Extraction(
        text,
        places=(Mention("Al-Sukhna", at, at + 9, SUKHNAH),),
        distances=(
            DistanceClaim(
                5,
                5,
                5,
                "within",
                None,
                SUKHNAH,
                "Al-Sukhna",
                "They",
                "force_position",
                text.index("within"),
                at + 9,
                sentence,
            ),
        ),
        control=(ControlEvent("captured", TADMUR, "Palmyra", "Troops", s1, s1 + 17, took),),
    )
    return story, extraction


def test_stories_extractions_alerts_and_validators_survive_a_restart(tmp_path):
    path = tmp_path / "journal.sqlite3"
    story, extraction = story_with_claims()
    store = Store(path)
    store.put_story(StoredStory(story, extraction, ["wire"], T0))
    store.put_sources("wire-1", ["wire", "other wire"])
    alert = Alert(T0, "warning", "distance_below", "As Sukhnah now 5 km", "wire-1", "…", ("wire",))
    store.put_alert(alert)
    store.put_feed_state("wire", "http://wire.test/rss", FeedState(etag='"v7"'))
    store.close()

    again = Store(path)
    (stored,) = list(again.stories())
    assert stored.story == story
    assert stored.extraction == extraction
    assert stored.sources == ["wire", "other wire"]
    assert again.alerts() == [alert]
    assert again.feed_states()["wire"].etag == '"v7"'
    again.close()
    assert integrity(path) == "ok"


def test_a_story_without_claims_is_stored_compactly_and_comes_back(tmp_path):
    store = Store(tmp_path / "j.sqlite3")
    story = Story("q", "wire", "Aid convoy arrives", None, T0, "")
    store.put_story(StoredStory(story, Extraction(story.text), ["wire"], T0))
    store.flush()
    (stored,) = list(store.stories())
    assert stored.extraction == Extraction(story.text)
    store.close()


def test_retention_drops_old_stories_and_keeps_the_newest(tmp_path):
    store = Store(tmp_path / "j.sqlite3")
    now = datetime.now(UTC)
    for n in range(10):
        seen = now - timedelta(days=10 - n)
        story = Story(f"s{n}", "wire", f"story {n}", None, seen)
        store.put_story(StoredStory(story, Extraction(story.text), ["wire"], seen))
    store.prune(keep_days=5.5, keep_stories=None)
    store.flush()
    assert [s.story.id for s in store.stories()] == ["s5", "s6", "s7", "s8", "s9"]
    store.prune(keep_days=None, keep_stories=2)
    store.flush()
    assert [s.story.id for s in store.stories()] == ["s8", "s9"]
    store.close()


async def test_retention_bounds_the_model_and_the_journal(tmp_path, gazetteer):
    import dataclasses

    from feeds.config import Config, Settings
    from feeds.engine import Engine

    store = Store(tmp_path / "j.sqlite3")
    now = datetime.now(UTC)
    for n in range(10):
        seen = now - timedelta(days=10 - n)
        story = Story(f"s{n}", "wire", f"story {n}", None, seen)
        store.put_story(StoredStory(story, Extraction(story.text), ["wire"], seen))
    store.flush()
    config = Config(None, settings=Settings(keep_days=7.5, keep_stories=5))
    engine = Engine(config, gazetteer=gazetteer, store=store)
    assert len(engine.model.stories) == 10  # restored whole, then trimmed by the user's choice
    assert engine.apply_retention() == 5
    assert list(engine.model.stories) == ["s5", "s6", "s7", "s8", "s9"]
    store.flush()
    assert [s.story.id for s in store.stories()] == ["s5", "s6", "s7", "s8", "s9"]
    engine.config = dataclasses.replace(config, settings=Settings(keep_days=2.5))
    assert engine.apply_retention() == 3
    assert list(engine.model.stories) == ["s8", "s9"]
    store.close()


def test_an_estimated_place_comes_back_estimated_and_an_unknown_one_unknown(tmp_path):
    text = "Troops entered Zorivka and Nowhere."
    sentence = Sentence(text, 0, len(text))
    extraction = Extraction(
        text,
        places=(Mention("Zorivka", 15, 22, ZORIVKA), Mention("Nowhere", 27, 34, NOWHERE)),
        control=(ControlEvent("entered", ZORIVKA, "Zorivka", "Troops", 7, 22, sentence),),
    )
    store = Store(tmp_path / "j.sqlite3")
    story = Story("z", "wire", text, None, T0)
    store.put_story(StoredStory(story, extraction, ["wire"], T0))
    store.flush()
    (stored,) = list(store.stories())
    store.close()
    back_near, back_lost = (m.place for m in stored.extraction.places)
    assert back_near == ZORIVKA and back_near.estimated and back_near.uncertainty_km == 4.8
    assert back_lost.estimated and not back_lost.located
    assert stored.extraction.control[0].place.estimated
