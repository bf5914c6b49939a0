"""The stable JSON shape of an extraction that scripts read (`frontwatch extract`)."""

from __future__ import annotations

from feeds.types import Extraction, Mention, Place

__all__ = ["extraction_to_json"]


def _location_json(p: Place) -> dict[str, object]:
    """Coordinates (null when unknown: JSON has no NaN) and how far to trust them:
    "exact" (a gazetteer entry), "estimated" (learned from the text, within
    uncertainty_km) or "unknown"."""
    located = p.located
    return {
        "lat": p.lat if located else None,
        "lon": p.lon if located else None,
        "location": "unknown" if not located else "estimated" if p.estimated else "exact",
        "uncertainty_km": p.uncertainty_km,
    }


def _place_json(p: Place, mention: str | None) -> dict[str, object]:
    return {
        "mention": mention,
        "name": p.name,
        "geonameid": p.geonameid,
        "country": p.country,
        **_location_json(p),
    }


def _mention_json(m: Mention) -> dict[str, object]:
    return {
        "mention": m.text,
        "start": m.start,
        "end": m.end,
        "name": m.place.name,
        "geonameid": m.place.geonameid,
        "country": m.place.country,
        **_location_json(m.place),
        "kind": m.place.kind,
    }


def extraction_to_json(extraction: Extraction, id: object = None) -> dict[str, object]:
    """The stable JSON shape scripts read (`frontwatch extract`): plain dicts and lists."""
    text = extraction.text
    return {
        "id": id,
        "places": [_mention_json(m) for m in extraction.places],
        "towns": [_mention_json(m) for m in extraction.towns],
        "distances": [
            {
                "value_km": d.value_km,
                "low_km": d.low_km,
                "high_km": d.high_km,
                "qualifier": d.qualifier,
                "direction": d.direction,
                "kind": d.kind,
                "reference": None
                if d.reference is None
                else _place_json(d.reference, d.reference_text),
                "subject": d.subject,
                "text": text[d.start : d.end],
                "start": d.start,
                "end": d.end,
            }
            for d in extraction.distances
        ],
        "control": [
            {
                "event": c.event,
                "place": _place_json(c.place, c.place_text),
                "actor": c.actor,
                "text": text[c.start : c.end],
                "start": c.start,
                "end": c.end,
            }
            for c in extraction.control
        ],
    }
