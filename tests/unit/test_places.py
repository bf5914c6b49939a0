"""Places no gazetteer knows: learned from the text (unknown or estimated location) and
added by the user (config.toml `[[places]]`, ahead of every gazetteer entry)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.config import ConfigError, PlaceConfig, parse_config
from feeds.extract import Extractor, extraction_to_json
from feeds.geo import (
    Gazetteer,
    LearnedPlaces,
    build_index,
    collisions,
    estimate,
    haversine_km,
    is_learned,
)
from feeds.types import Place

# Invented village names, absent from every gazetteer.
TEXTS = {
    "the village of X": "Heavy fighting was reported near the village of Zorivka-Nyzhnia.",
    "X, a village": "Troops dug in at Zorivka-Nyzhnia, a village east of the river.",
    "captured X and Y": "Russian forces captured Zorivka-Nyzhnia and Bilyi Yarok on Tuesday.",
    "outskirts of X": "Shelling hit the southern outskirts of Zorivka-Nyzhnia overnight.",
}


def learned(ex) -> dict[str, Place]:
    return {m.text: m.place for m in ex.towns if is_learned(m.place)}


@pytest.mark.parametrize("form", sorted(TEXTS))
def test_each_settlement_context_teaches_a_town_of_unknown_location(gazetteer, form) -> None:
    ex = Extractor(gazetteer).extract(TEXTS[form], countries=["UA"])
    place = learned(ex)["Zorivka-Nyzhnia"]
    assert (place.kind, place.estimated, place.located, place.country) == (
        "town",
        True,
        False,
        "UA",
    )
    assert math.isnan(place.lat) and place.uncertainty_km is None
    if form == "captured X and Y":
        assert "Bilyi Yarok" in learned(ex)
        assert {e.place.name for e in ex.control if e.event == "captured"} >= {"Zorivka-Nyzhnia"}


def test_without_learning_the_names_are_dropped(gazetteer) -> None:
    ex = Extractor(gazetteer, learn=False).extract(TEXTS["captured X and Y"], countries=["UA"])
    assert learned(ex) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured Wagner fighters near the border.",  # a noun follows
        "Officials said the town of Pokrovsk was under fire.",  # the gazetteer knows it
        "Troops captured Russia's positions; President Zelensky said so.",
        "The village of March is quiet.",  # a month, not a name
    ],
)
def test_no_village_is_invented_from_other_capitalised_words(gazetteer, text) -> None:
    assert learned(Extractor(gazetteer).extract(text, countries=["UA"])) == {}


def test_a_village_three_miles_from_pokrovsk_gets_an_estimate(gazetteer) -> None:
    text = "Zorivka-Nyzhnia, a village about 3 miles from Pokrovsk, fell on Monday."
    ex = Extractor(gazetteer).extract(text, countries=["UA"])
    place = learned(ex)["Zorivka-Nyzhnia"]
    pokrovsk = gazetteer.resolve("Pokrovsk", ["UA"])
    assert pokrovsk is not None and place.located and place.estimated
    assert (place.lat, place.lon) == (pokrovsk.lat, pokrovsk.lon)  # no bearing: its centre
    assert place.uncertainty_km is not None and place.uncertainty_km >= 4.8  # 3 miles
    doc = extraction_to_json(ex)
    row = next(t for t in doc["towns"] if t["mention"] == "Zorivka-Nyzhnia")  # type: ignore[union-attr]
    assert (row["location"], row["uncertainty_km"]) == ("estimated", place.uncertainty_km)


def test_a_bearing_projects_the_estimate(gazetteer) -> None:
    text = "Troops entered Bilyi Yarok, 5 km north of Kramatorsk, at dawn."
    place = learned(Extractor(gazetteer).extract(text, countries=["UA"]))["Bilyi Yarok"]
    k = gazetteer.resolve("Kramatorsk", ["UA"])
    assert k is not None and place.lat > k.lat
    assert haversine_km(k.lat, k.lon, place.lat, place.lon) == pytest.approx(5.0, abs=0.05)
    assert place.uncertainty_km is not None and 2.0 < place.uncertainty_km < 5.0


def test_unknown_location_is_null_in_json(gazetteer) -> None:
    doc = extraction_to_json(Extractor(gazetteer).extract(TEXTS["the village of X"]))
    text = json.dumps(doc, allow_nan=False)  # valid JSON: no NaN
    row = json.loads(text)["towns"][0]
    assert (row["lat"], row["lon"], row["location"]) == (None, None, "unknown")


# --- memory ----------------------------------------------------------------------------------

REF = Place(1, "Refton", "XU", 48.0, 37.0, 10_000)


def test_a_better_fix_replaces_a_worse_one_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "learned.json"
    memory = LearnedPlaces(path)
    far = estimate("Bilyi Yarok", REF, 20.0, None)
    near = estimate("Bilyi Yarok", REF, 3.0, "N")
    assert memory.offer(far) == far
    assert memory.offer(near) == near  # smaller radius wins
    assert memory.offer(far) == near  # a worse fix later changes nothing
    memory.save()
    again = LearnedPlaces(path)
    kept = again.get("Bilyi Yarok")
    assert kept is not None and (kept.lat, kept.uncertainty_km, kept.estimated) == (
        near.lat,
        near.uncertainty_km,
        True,
    )


def test_a_later_story_without_a_fix_reuses_the_remembered_one(gazetteer) -> None:
    ex = Extractor(gazetteer, memory=LearnedPlaces())
    first = ex.extract("Bilyi Yarok, 5 km north of Kramatorsk, was shelled.", countries=["UA"])
    fix = learned(first)["Bilyi Yarok"]
    later = learned(ex.extract("Russian forces captured Bilyi Yarok.", countries=["UA"]))
    assert later["Bilyi Yarok"] == fix and fix.located


def _tiny(*extra: dict[str, object]) -> Gazetteer:
    cities = [
        {
            "geonameid": 99_100_000,
            "name": "Zorianivka",
            "latitude": 50.0,
            "longitude": 30.0,
            "countrycode": "XV",
            "population": 20_000,
            "alternatenames": [],
        },
        *extra,
    ]
    countries = {
        "XU": {"geonameid": 99_900_001, "name": "Testland", "population": 1, "capital": "X"},
        "XV": {"geonameid": 99_900_002, "name": "Otherland", "population": 1, "capital": "Y"},
    }
    return Gazetteer(build_index(cities, countries))


def test_an_installed_entry_replaces_the_estimate(tmp_path: Path) -> None:
    memory = LearnedPlaces(tmp_path / "learned.json")
    memory.offer(estimate("Bilyi Yarok", REF, 3.0, "N"))
    village = {
        "geonameid": 99_000_005,
        "name": "Bilyi Yarok",
        "latitude": 48.03,
        "longitude": 37.0,
        "countrycode": "XU",
        "population": 0,
        "alternatenames": [],
    }
    gz = _tiny(village)  # as after `frontwatch gazetteer add`
    ex = Extractor(gz, memory=memory).extract("Troops captured Bilyi Yarok.", countries=["XU"])
    assert [m.place.geonameid for m in ex.towns] == [99_000_005]
    assert not ex.towns[0].place.estimated
    assert memory.prune(gz) == 1 and memory.get("Bilyi Yarok") is None


# --- user places -------------------------------------------------------------------------------

MINE = PlaceConfig("Zorianivka", 48.301, 37.102, "XU", aliases=("Zoryanivka",))


def test_user_places_win_over_every_gazetteer_entry() -> None:
    gz = _tiny()
    assert gz.resolve("Zorianivka").country == "XV"  # type: ignore[union-attr]
    gz.add_user_places([MINE])
    for name in ("Zorianivka", "Zoryanivka"):
        p = gz.resolve(name, ["XV"])
        assert p is not None and (p.name, p.country, p.lat) == ("Zorianivka", "XU", 48.301)
    text = "Shelling near Zoryanivka, Otherland officials said."
    ex = Extractor(gz).extract(text, countries=["XV"])
    assert [(m.place.country, m.place.estimated) for m in ex.towns] == [("XU", False)]


def test_check_reports_a_user_place_that_shadows_a_gazetteer_entry() -> None:
    gz = _tiny()
    gz.add_user_places([MINE, PlaceConfig("Nowhere Farm", 1.0, 1.0, "XU")])
    lines = collisions(gz, [MINE, PlaceConfig("Nowhere Farm", 1.0, 1.0, "XU")])
    assert len(lines) == 1
    assert lines[0].startswith('places[0] "Zorianivka": "Zorianivka" is also Zorianivka (XV')


def test_places_in_config() -> None:
    text = '[[places]]\nname = "Farm"\nlat = 48.3\nlon = 37.1\ncountry = "UA"\n'
    assert parse_config(text, None).places == (PlaceConfig("Farm", 48.3, 37.1, "UA"),)
    with pytest.raises(ConfigError, match=r"places\[0\].lat: expected degrees from -90 to 90"):
        parse_config(text.replace("48.3", "148.3"), None)
    with pytest.raises(ConfigError, match=r'places\[0\].country: .*found "ua" \(did you mean'):
        parse_config(text.replace('"UA"', '"ua"'), None)
    with pytest.raises(ConfigError, match=r"gazetteer.countries\[0\]"):
        parse_config('[gazetteer]\ncountries = ["Ukraine"]\n', None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "The",
                "small",
                "Front-line",
                "neighbouring",
                "village",
                "Villages",
                "hamlet",
                "town",
                "localities",
                "of",
                "Zorivka",
                "Nova",
                "and",
                ",",
                "x",
                "-",
            ]
        ),
        max_size=14,
    ),
    st.sampled_from([" ", "  ", "\n"]),
)
def test_the_gated_settlement_scan_finds_what_the_plain_pattern_finds(words, sep):
    from feeds.extract.gates import gated_finditer
    from feeds.extract.learning import SETTLEMENT_PREFIX, SETTLEMENT_PREFIX_GATE

    text = sep.join(words)
    plain = [m.span() for m in SETTLEMENT_PREFIX.finditer(text)]
    gated = gated_finditer(SETTLEMENT_PREFIX, SETTLEMENT_PREFIX_GATE, text)
    assert [m.span() for m in gated] == plain
