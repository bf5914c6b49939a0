"""The extraction development set: hand-annotated wire-style passages, one JSON object a line.

Files live in `bench/data/devset/*.jsonl`. Each line is one passage, written for this project
(never a real article's sentences), annotated in the shape below; `bench.extraction` scores the
extractor against it and `tests/unit/test_devset.py` checks every line so a bad annotation fails CI.

    {"id": "ua-001", "conflict": "Ukraine", "countries": ["UA"],
     "text": "...wire-style passage, 2-6 sentences...",
     "towns": [{"mention": "Pokrovsk", "geonameid": 704422, "country": "UA"}],
     "not_towns": ["Donetsk region", "Ukraine"],
     "distances": [{"raw": "within 5 km of Pokrovsk", "value_km": 5, "low_km": 0, "high_km": 5,
                    "kind": "force_position", "qualifier": "within", "direction": null,
                    "reference": "Pokrovsk", "reference_geonameid": 704422,
                    "subject": "Russian forces"}],
     "control": [{"town": "Selydove", "geonameid": 694677, "event": "captured",
                  "actor": "Russian forces"}],
     "not_events": ["'aims to take Kramatorsk' is an aim, not an event"],
     "distractor": false}

- `towns`: each distinct settlement surface once. `geonameid` is null when the village is not
  in the bundled GeoNames cities >= 500 (those are what learned places are for).
- Distances are in km (`low_km` / `high_km` bound ranges and qualifiers; equal to `value_km`
  for an exact figure). `raw` is the phrase exactly as it stands in `text`.
- `not_events` are notes that quote, in single quotes, a phrase of the text that must not
  yield a control event.
- A `distractor` names places and numbers but claims nothing: no force position, no event.
- Any object may carry an optional `"note"` string for the annotator; other unknown keys are
  errors (a misspelt key is a silent hole in the gold).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from feeds.geo import Gazetteer
from feeds.types import DIRECTIONS, ControlKind, DistanceKind, Qualifier

__all__ = [
    "DEVSET_DIR",
    "DevsetError",
    "GoldControl",
    "GoldDistance",
    "GoldTown",
    "Passage",
    "check_against_gazetteer",
    "load_devset",
    "parse_passage",
    "phrase_span",
    "quoted_phrase",
]

DEVSET_DIR = Path(__file__).resolve().parent / "data" / "devset"

_KINDS = frozenset(get_args(DistanceKind))
_QUALIFIERS = frozenset(get_args(Qualifier))
_EVENTS = frozenset(get_args(ControlKind))
_CC = re.compile(r"^[A-Z]{2}$")
_QUOTED = re.compile(r"'(.+?)'(?=$|[\s,.;:!?)])")


class DevsetError(ValueError):
    """One or more devset lines break the format; `problems` lists them all ("file:line: ...")."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__("\n".join(self.problems[:20]) + more)


@dataclass(frozen=True, slots=True)
class GoldTown:
    mention: str
    """The surface exactly as the text writes it."""
    geonameid: int | None
    """None when the place is not in the bundled GeoNames cities >= 500."""
    country: str


@dataclass(frozen=True, slots=True)
class GoldDistance:
    raw: str
    value_km: float
    low_km: float
    high_km: float
    kind: str
    """"force_position" or "geographic"."""
    qualifier: str
    direction: str | None
    reference: str | None
    reference_geonameid: int | None
    subject: str | None


@dataclass(frozen=True, slots=True)
class GoldControl:
    town: str
    geonameid: int | None
    event: str
    actor: str | None


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    conflict: str
    countries: tuple[str, ...]
    """ISO alpha-2 hints handed to the extractor, as a front's countries would be."""
    text: str
    towns: tuple[GoldTown, ...]
    not_towns: tuple[str, ...]
    distances: tuple[GoldDistance, ...]
    control: tuple[GoldControl, ...]
    not_events: tuple[str, ...]
    distractor: bool
    source: str = ""
    """"file.jsonl:line" where the passage was read, for error messages."""


# --- field checks -------------------------------------------------------------------------


class _Checker:
    """Collects every problem of one object instead of stopping at the first."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def bad(self, path: str, msg: str) -> None:
        self.problems.append(f"{self.where}: {path}: {msg}")

    def keys(self, obj: dict[str, Any], path: str, required: Iterable[str]) -> bool:
        req = set(required)
        missing = sorted(req - obj.keys())
        unknown = sorted(obj.keys() - req - {"note"})
        for k in missing:
            self.bad(path, f"missing key {k!r}")
        for k in unknown:
            self.bad(path, f"unknown key {k!r}")
        if "note" in obj and not isinstance(obj["note"], str):
            self.bad(f"{path}.note", "expected a string")
        return not missing

    def string(self, v: Any, path: str, *, null: bool = False, empty: bool = False) -> bool:
        if v is None and null:
            return True
        if not isinstance(v, str) or (not empty and not v.strip()):
            self.bad(path, f"expected a {'non-empty ' if not empty else ''}string, got {v!r}")
            return False
        return True

    def gid(self, v: Any, path: str) -> bool:
        if v is None:
            return True
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            self.bad(path, f"expected a positive GeoNames id or null, got {v!r}")
            return False
        return True

    def km(self, v: Any, path: str) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            self.bad(path, f"expected a number of km >= 0, got {v!r}")
            return False
        return True

    def country(self, v: Any, path: str) -> bool:
        if not isinstance(v, str) or not _CC.match(v):
            self.bad(path, f"expected an ISO alpha-2 code like 'UA', got {v!r}")
            return False
        return True

    def choice(self, v: Any, path: str, allowed: Iterable[str], *, null: bool = False) -> bool:
        if v is None and null:
            return True
        options = sorted(allowed)
        if v not in options:
            self.bad(path, f"expected one of {options}{' or null' if null else ''}, got {v!r}")
            return False
        return True

    def list_of_dicts(self, v: Any, path: str) -> list[dict[str, Any]]:
        if not isinstance(v, list):
            self.bad(path, "expected a list")
            return []
        out = []
        for i, item in enumerate(v):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.bad(f"{path}[{i}]", "expected an object")
        return out

    def list_of_strings(self, v: Any, path: str) -> list[str]:
        if not isinstance(v, list):
            self.bad(path, "expected a list of strings")
            return []
        return [s for i, s in enumerate(v) if self.string(s, f"{path}[{i}]")]


_TOP: tuple[str, ...] = (
    "id",
    "conflict",
    "countries",
    "text",
    "towns",
    "not_towns",
    "distances",
    "control",
)
_TOP += ("not_events", "distractor")
_TOWN = ("mention", "geonameid", "country")
_DISTANCE: tuple[str, ...] = (
    "raw",
    "value_km",
    "low_km",
    "high_km",
    "kind",
    "qualifier",
    "direction",
)
_DISTANCE += ("reference", "reference_geonameid", "subject")
_CONTROL = ("town", "geonameid", "event", "actor")


def quoted_phrase(note: str) -> str | None:
    """The phrase a not-event note quotes: "'aims to take Kramatorsk' is an aim" -> the phrase.

    A closing quote must be followed by a space, punctuation or the end, so an apostrophe
    inside the phrase ("'Russia's troops'") does not cut it short.
    """
    m = _QUOTED.search(note)
    return m.group(1) if m else None


_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def phrase_span(text: str, phrase: str) -> tuple[int, int] | None:
    """Where a quoted phrase stands in `text` (end exclusive), or None. An ellipsis in the
    phrase ("'advancing ... from Abu Grein'") skips words: the parts must occur in order."""
    parts = [x for x in _ELLIPSIS.split(phrase) if x]
    if not parts:
        return None
    start = pos = text.find(parts[0])
    if start < 0:
        return None
    pos = start + len(parts[0])
    for part in parts[1:]:
        i = text.find(part, pos)
        if i < 0:
            return None
        pos = i + len(part)
    return start, pos


def parse_passage(obj: Any, where: str = "") -> Passage:
    """One devset line (already JSON-decoded) as a Passage; DevsetError lists every problem.

    Checks the shape, the types and that every quoted surface (town mention, distance `raw`,
    not-town, not-event phrase) occurs in `text`; the gazetteer checks are separate
    (`check_against_gazetteer`) because they need the index.
    """
    c = _Checker(where or "?")
    if not isinstance(obj, dict):
        raise DevsetError([f"{c.where}: expected a JSON object"])
    if not c.keys(obj, "passage", _TOP):
        raise DevsetError(c.problems)
    c.string(obj["id"], "id")
    c.string(obj["conflict"], "conflict")
    text = obj["text"] if c.string(obj["text"], "text") else ""
    countries = obj["countries"]
    if not isinstance(countries, list) or not countries:
        c.bad("countries", "expected a non-empty list of ISO alpha-2 codes")
        countries = []
    for i, cc in enumerate(countries):
        c.country(cc, f"countries[{i}]")
    if not isinstance(obj["distractor"], bool):
        c.bad("distractor", f"expected true or false, got {obj['distractor']!r}")

    def in_text(s: str, path: str) -> None:
        if text and s not in text:
            c.bad(path, f"{s!r} does not occur in the text")

    towns: list[GoldTown] = []
    for i, rt in enumerate(c.list_of_dicts(obj["towns"], "towns")):
        p = f"towns[{i}]"
        if not c.keys(rt, p, _TOWN):
            continue
        ok = c.string(rt["mention"], f"{p}.mention") & c.gid(rt["geonameid"], f"{p}.geonameid")
        ok &= c.country(rt["country"], f"{p}.country")
        if ok:
            in_text(rt["mention"], f"{p}.mention")
            towns.append(GoldTown(rt["mention"], rt["geonameid"], rt["country"]))
    seen: set[str] = set()
    for t in towns:
        if t.mention in seen:
            c.bad("towns", f"{t.mention!r} listed twice (each surface once)")
        seen.add(t.mention)

    not_towns = c.list_of_strings(obj["not_towns"], "not_towns")
    for i, s in enumerate(not_towns):
        in_text(s, f"not_towns[{i}]")
        if s in seen:
            c.bad(f"not_towns[{i}]", f"{s!r} is also listed as a town")

    distances: list[GoldDistance] = []
    for i, rd in enumerate(c.list_of_dicts(obj["distances"], "distances")):
        p = f"distances[{i}]"
        if not c.keys(rd, p, _DISTANCE):
            continue
        ok = c.string(rd["raw"], f"{p}.raw")
        ok &= all([c.km(rd[k], f"{p}.{k}") for k in ("value_km", "low_km", "high_km")])
        ok &= c.choice(rd["kind"], f"{p}.kind", _KINDS)
        ok &= c.choice(rd["qualifier"], f"{p}.qualifier", _QUALIFIERS)
        ok &= c.choice(rd["direction"], f"{p}.direction", DIRECTIONS, null=True)
        ok &= c.string(rd["reference"], f"{p}.reference", null=True)
        ok &= c.gid(rd["reference_geonameid"], f"{p}.reference_geonameid")
        ok &= c.string(rd["subject"], f"{p}.subject", null=True)
        if not ok:
            continue
        in_text(rd["raw"], f"{p}.raw")
        if not rd["low_km"] <= rd["value_km"] <= rd["high_km"]:
            got = f"{rd['low_km']}, {rd['value_km']}, {rd['high_km']}"
            c.bad(p, f"expected low_km <= value_km <= high_km, got {got}")
        distances.append(
            GoldDistance(
                rd["raw"],
                float(rd["value_km"]),
                float(rd["low_km"]),
                float(rd["high_km"]),
                rd["kind"],
                rd["qualifier"],
                rd["direction"],
                rd["reference"],
                rd["reference_geonameid"],
                rd["subject"],
            )
        )

    control: list[GoldControl] = []
    for i, rc in enumerate(c.list_of_dicts(obj["control"], "control")):
        p = f"control[{i}]"
        if not c.keys(rc, p, _CONTROL):
            continue
        ok = c.string(rc["town"], f"{p}.town") & c.gid(rc["geonameid"], f"{p}.geonameid")
        ok &= c.choice(rc["event"], f"{p}.event", _EVENTS)
        ok &= c.string(rc["actor"], f"{p}.actor", null=True)
        if ok:
            control.append(GoldControl(rc["town"], rc["geonameid"], rc["event"], rc["actor"]))

    not_events = c.list_of_strings(obj["not_events"], "not_events")
    for i, note in enumerate(not_events):
        phrase = quoted_phrase(note)
        if phrase is None:
            c.bad(f"not_events[{i}]", "expected the phrase quoted in single quotes")
        elif text and phrase_span(text, phrase) is None:
            c.bad(f"not_events[{i}]", f"{phrase!r} does not occur in the text")

    # Cross-references: every place a statement names is one of the passage's towns, so the
    # towns list cannot silently lag behind the statements.
    ids = {t.geonameid for t in towns if t.geonameid is not None}
    surfaces = {t.mention for t in towns}
    for i, d in enumerate(distances):
        if d.reference_geonameid is not None and d.reference_geonameid not in ids:
            gid = d.reference_geonameid
            c.bad(f"distances[{i}]", f"reference_geonameid {gid} is not a town of this passage")
    for i, e in enumerate(control):
        if e.geonameid is not None and e.geonameid not in ids:
            c.bad(f"control[{i}]", f"geonameid {e.geonameid} is not a town of this passage")
        if e.geonameid is None and e.town not in surfaces:
            c.bad(f"control[{i}]", f"{e.town!r} (no geonameid) is not a town of this passage")
    if obj["distractor"] is True:
        if any(d.kind == "force_position" for d in distances):
            c.bad("distractor", "a distractor claims nothing, yet has a force_position distance")
        if control:
            c.bad("distractor", "a distractor claims nothing, yet has control events")
    if c.problems:
        raise DevsetError(c.problems)
    return Passage(
        id=obj["id"],
        conflict=obj["conflict"],
        countries=tuple(countries),
        text=text,
        towns=tuple(towns),
        not_towns=tuple(not_towns),
        distances=tuple(distances),
        control=tuple(control),
        not_events=tuple(not_events),
        distractor=obj["distractor"],
        source=where,
    )


def check_against_gazetteer(p: Passage, gz: Gazetteer) -> list[str]:
    """Problems with the passage's GeoNames ids: unknown ids, or a town in another country
    than the annotation says (the usual slip: the Pokrovsk in Russia, not the one in Ukraine).
    """
    out: list[str] = []
    for i, t in enumerate(p.towns):
        if t.geonameid is None:
            continue
        place = gz.get(t.geonameid)
        if place is None or place.kind != "town":
            why = "is not a town in the bundled gazetteer (use null for villages it lacks)"
            out.append(f"{p.source}: towns[{i}]: {t.mention!r}: geonameid {t.geonameid} {why}")
        elif place.country != t.country:
            why = f"is {place.name} in {place.country}, not {t.country}"
            out.append(f"{p.source}: towns[{i}]: {t.mention!r}: geonameid {t.geonameid} {why}")
    return out


def _read_lines(path: Path) -> Iterable[tuple[str, Any]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as e:
            yield where, DevsetError([f"{where}: not JSON: {e.msg} at column {e.colno}"])


def load_devset(
    paths: Iterable[Path] | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    problems: list[str] | None = None,
) -> list[Passage]:
    """Every passage of the given files (default: `bench/data/devset/*.jsonl`), in file order.

    Raises DevsetError listing every problem of every file (ids must be unique across files;
    with a gazetteer, GeoNames ids are checked against it too). When a `problems` list is
    given, problems are appended to it instead and the well-formed passages returned, so a
    benchmark can still score the rest. No files gives an empty list.
    """
    files = sorted(DEVSET_DIR.glob("*.jsonl")) if paths is None else list(paths)
    found: list[str] = []
    out: list[Passage] = []
    first_seen: dict[str, str] = {}
    for f in files:
        for where, obj in _read_lines(f):
            if isinstance(obj, DevsetError):
                found.extend(obj.problems)
                continue
            try:
                p = parse_passage(obj, where)
            except DevsetError as e:
                found.extend(e.problems)
                continue
            if p.id in first_seen:
                found.append(f"{where}: id {p.id!r} already used at {first_seen[p.id]}")
            first_seen.setdefault(p.id, where)
            if gazetteer is not None:
                found.extend(check_against_gazetteer(p, gazetteer))
            out.append(p)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise DevsetError(found)
    return out
