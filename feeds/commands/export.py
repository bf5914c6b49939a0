"""`frontwatch export`: towns, objectives and claims as JSON, CSV or GeoJSON.

For a desk's own tools: QGIS or a web map opens the GeoJSON (WGS84 points, one feature
per town, objective and claim, everything else in `properties`); a spreadsheet opens the
CSV (one row per item, a `type` column telling them apart); scripts read the JSON.

Every row carries its source: the story id, the story's link and the sentence.
Distances are km, times ISO 8601 UTC.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal, TextIO

from feeds.commands.setup import load, load_gazetteer, open_engine, open_store
from feeds.model import DistancePoint, Front, Model, Objective, Town
from feeds.types import Place

__all__ = ["CSV_COLUMNS", "FORMATS", "Format", "export", "run"]

Format = Literal["json", "csv", "geojson"]
FORMATS: tuple[Format, ...] = ("json", "csv", "geojson")

CSV_COLUMNS = (
    "type",
    "front",
    "discovered",
    "place",
    "geonameid",
    "country",
    "lat",
    "lon",
    "location",
    "uncertainty_km",
    "time",
    "km",
    "how",
    "tier",
    "outlets",
    "status",
    "controller",
    "event",
    "actor",
    "closing_km_per_day",
    "eta",
    "conflict",
    "note",
    "story_id",
    "link",
    "sentence",
)


def run(args: argparse.Namespace) -> int:
    """The journal's model, rebuilt without polling, written to --output or stdout."""
    config = load(args)
    store = open_store(config)
    try:
        model = open_engine(config, load_gazetteer(config), store=store).model
        if args.output is None:
            count = export(model, args.format, sys.stdout)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = export(model, args.format, out)
            print(f"frontwatch: {count} items written to {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def export(model: Model, fmt: Format, out: TextIO) -> int:
    """Write the model in `fmt` to `out`; returns how many items were written."""
    items = list(_items(model))
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for item in items:
            writer.writerow({k: _cell(v) for k, v in item.items()})
    elif fmt == "geojson":
        features = [_feature(item) for item in items]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    else:
        grouped: dict[str, list[dict[str, Any]]] = {"objectives": [], "towns": [], "claims": []}
        for item in items:
            grouped[
                {"objective": "objectives", "town": "towns"}.get(item["type"], "claims")
            ].append(item)
        json.dump(grouped, out, ensure_ascii=False, indent=1, default=_iso)
        out.write("\n")
    return len(items)


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def _feature(item: dict[str, Any]) -> dict[str, Any]:
    properties = {
        k: (v.isoformat() if isinstance(v, datetime) else v)
        for k, v in item.items()
        if k not in ("lat", "lon")
    }
    return {
        "type": "Feature",
        "geometry": (
            {"type": "Point", "coordinates": [item["lon"], item["lat"]]}
            if item.get("lat") is not None
            else None  # a place learned from the text with no position: "location unknown"
        ),
        "properties": properties,
    }


def _items(model: Model) -> Iterator[dict[str, Any]]:
    for front in model.fronts.values():
        for objective in front.objectives.values():
            yield _objective(model, front, objective)
    for town in model.towns.values():
        yield _town(model, town)
    for front, objective, point in model.points():
        yield _claim(model, front, objective, point)
    for town in model.towns.values():
        for p in town.history:
            record = model.stories.get(p.story_id)
            yield {
                "type": "control_claim",
                "place": town.place.name,
                "geonameid": town.place.geonameid,
                "country": town.place.country,
                **_where(town.place),
                "time": p.time,
                "event": p.event,
                "actor": p.actor,
                "controller": p.controller,
                "outlets": sorted(model.outlets_of(p.story_id)),
                "story_id": p.story_id,
                "link": record.story.link if record else None,
                "sentence": p.sentence.text,
            }


def _source(model: Model, story_id: str | None) -> dict[str, Any]:
    record = model.stories.get(story_id) if story_id else None
    return {"story_id": story_id, "link": record.story.link if record else None}


def _objective(model: Model, front: Front, objective: Objective) -> dict[str, Any]:
    cur = objective.current
    item: dict[str, Any] = {
        "type": "objective",
        "front": front.name,
        "discovered": front.discovered,
        "place": objective.place.name,
        "geonameid": objective.place.geonameid,
        "country": objective.place.country,
        **_where(objective.place),
        "status": objective.status,
        "status_since": objective.status_since,
        "status_story": objective.status_story,
        "configured": objective.configured,
        "time": cur.time if cur else None,
        "km": cur.km if cur else None,
        "how": cur.how if cur else None,
        "tier": objective.tier(),
        "outlets": sorted(objective.outlets_for()),
        "closing_km_per_day": objective.closing_rate(),
        "eta": objective.eta(),
        "conflict": [p.km for p in objective.conflicts],
        "note": cur.note if cur else None,
        "sentence": cur.sentence.text if cur else None,
    }
    for how in ("reported", "derived"):
        latest = objective.latest(how)
        item[f"latest_{how}_km"] = latest.km if latest else None
    item.update(_source(model, cur.story_id if cur else None))
    return item


def _town(model: Model, town: Town) -> dict[str, Any]:
    last = town.history[-1] if town.history else None
    item: dict[str, Any] = {
        "type": "town",
        "place": town.place.name,
        "geonameid": town.place.geonameid,
        "country": town.place.country,
        **_where(town.place),
        "controller": town.controller,
        "time": town.since,
        "event": town.last_event,
        "tier": town.tier(),
        "outlets": sorted(town.outlets()),
        "sentence": last.sentence.text if last else None,
    }
    item.update(_source(model, town.story_id))
    return item


def _claim(
    model: Model, front: Front, objective: Objective, point: DistancePoint
) -> dict[str, Any]:
    lat, lon = point.position or (objective.place.lat, objective.place.lon)
    item: dict[str, Any] = {
        "type": "distance_claim",
        "front": front.name,
        "discovered": front.discovered,
        "place": objective.place.name,
        "geonameid": objective.place.geonameid,
        "country": objective.place.country,
        "lat": lat,
        "lon": lon,
        "time": point.time,
        "km": point.km,
        "how": point.how,
        "tier": objective.tier(point),
        "outlets": sorted(objective.outlets_for(point)),
        "note": point.note,
        "sentence": point.sentence.text,
    }
    item.update(_source(model, point.story_id))
    return item


def _where(place: Place) -> dict[str, Any]:
    """Coordinates and how well they are known: exact (a gazetteer's), estimated from the
    text (with its uncertainty, km), or unknown (no coordinates at all)."""
    if not place.located:
        return {"lat": None, "lon": None, "location": "unknown", "uncertainty_km": None}
    return {
        "lat": place.lat,
        "lon": place.lon,
        "location": "estimated" if place.estimated else "exact",
        "uncertainty_km": place.uncertainty_km,
    }
