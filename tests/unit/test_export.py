"""`frontwatch export`: the model as JSON, CSV and GeoJSON, each row with its source."""

from __future__ import annotations

import csv
import io
import json

import pytest

from feeds.commands.export import export
from feeds.model import Model
from tests.support.places import NOWHERE, SUKHNAH, TADMUR, ZORIVKA, desert_front
from tests.support.stories import T0, control, distance, story


@pytest.fixture
def model() -> Model:
    m = Model([desert_front()])
    m.apply(story("a", 0), control("captured", TADMUR, "Syrian army"), now=T0)
    m.apply(story("b", 2), distance(12, SUKHNAH), now=T0)
    return m


def test_geojson_has_a_point_per_town_objective_and_claim_with_properties(model):
    out = io.StringIO()
    export(model, "geojson", out)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    kinds = [f["properties"]["type"] for f in doc["features"]]
    assert kinds.count("objective") == 2 and kinds.count("town") == 1
    assert "distance_claim" in kinds and "control_claim" in kinds
    sukhnah = next(
        f for f in doc["features"]
        if f["properties"]["type"] == "objective" and f["properties"]["place"] == "As Sukhnah"
    )  # fmt: skip
    assert sukhnah["geometry"] == {"type": "Point", "coordinates": [SUKHNAH.lon, SUKHNAH.lat]}
    props = sukhnah["properties"]
    assert props["km"] == 12 and props["how"] == "reported" and props["story_id"] == "b"
    assert props["latest_derived_km"] == pytest.approx(64.6, abs=0.2)
    # A derived claim sits where the attacker was: the town taken.
    derived = next(
        f for f in doc["features"]
        if f["properties"]["type"] == "distance_claim" and f["properties"]["how"] == "derived"
    )  # fmt: skip
    assert derived["geometry"]["coordinates"] == [TADMUR.lon, TADMUR.lat]


def test_csv_has_one_row_per_item_and_json_groups_them(model):
    out = io.StringIO()
    count = export(model, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count
    town = next(r for r in rows if r["type"] == "town")
    assert town["controller"] == "government forces" and town["story_id"] == "a"
    out = io.StringIO()
    export(model, "json", out)
    doc = json.loads(out.getvalue())
    assert set(doc) == {"objectives", "towns", "claims"}
    assert doc["towns"][0]["time"] == T0.isoformat()


def test_places_learned_from_text_are_marked_and_an_unknown_one_has_no_geometry(model):
    model.apply(story("c", 3), control("entered", ZORIVKA, "Syrian army"), now=T0)
    model.apply(story("d", 4), control("entered", NOWHERE, "Syrian army"), now=T0)
    out = io.StringIO()
    export(model, "geojson", out)
    towns = {
        f["properties"]["place"]: f
        for f in json.loads(out.getvalue())["features"]
        if f["properties"]["type"] == "town"
    }
    assert towns["Zorivka"]["properties"]["location"] == "estimated"
    assert towns["Zorivka"]["properties"]["uncertainty_km"] == 4.8
    assert towns["Nowhere"]["geometry"] is None
    assert towns["Nowhere"]["properties"]["location"] == "unknown"
    assert towns["Tadmur"]["properties"]["location"] == "exact"
