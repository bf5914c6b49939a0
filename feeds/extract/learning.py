"""Learning places from the text: front-line villages no installed gazetteer knows.

A capitalised name in a settlement context ("the village of X", "X, a village", "captured X
and Y", "on the outskirts of X") that the gazetteer does not know becomes a town mention
whose location is unknown instead of being dropped. When the text places it relative to a
known place ("X, a village about 3 miles from Pokrovsk"; "X, 5 km north of Y") it gets an
estimated position and an uncertainty radius (`feeds.places.estimate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feeds.extract import namewords as nw
from feeds.extract import phrases as ph
from feeds.extract.gates import gated_finditer, word_gate
from feeds.extract.numbers import DISTANCE, parse_distance
from feeds.geo import COUNTRY_ALIASES, Gazetteer, LearnedPlaces, estimate, normalise, unknown
from feeds.types import Mention, Place

__all__ = ["Learned", "find_learned"]

_NAME = r"[A-Z][\w'’-]*[\w](?:[ -](?:[A-Z][\w'’-]*[\w]|(?:al|el|ad|as|ash|ar|an|az)\b))*"
"""A settlement name as news writes it: capitalised words, "Al-"/"al-" particles kept."""
_NAMES = rf"(?P<names>{_NAME}(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+){_NAME})*)"
_SETTLEMENT = r"villages?|settlements?|hamlets?|towns?|localit(?:y|ies)"
SETTLEMENT_PREFIX = re.compile(
    rf"(?i:\b(?:the\s+)?(?:(?:small|tiny|nearby|neighbou?ring|front-?line|frontline|key|"
    rf"strategic|embattled|ruined|destroyed|former)\s+)?(?P<noun>{_SETTLEMENT})\s+of\s+)" + _NAMES
)
SETTLEMENT_PREFIX_GATE = word_gate(
    [
        "the",
        "small",
        "tiny",
        "nearby",
        "neighbo",
        "front",
        "key",
        "strategic",
        "embattled",
        "ruined",
        "destroyed",
        "former",
        "village",
        "settlement",
        "hamlet",
        "town",
        "localit",
    ],
    before=r"\w",
)
"""Where a SETTLEMENT_PREFIX match can start: only there is the (slow, case-blind) pattern tried."""
_OUTSKIRTS = re.compile(r"(?i:\boutskirts\s+of\s+)" + _NAMES)
_APPOSED = re.compile(
    rf"(?P<names>{_NAME}),\s+(?i:an?\s+(?:(?:small|tiny|front-?line|frontline|nearby)\s+)?"
    rf"(?P<noun>village|settlement|hamlet|town))\b"
)
_APPOSED_DISTANCE = re.compile(
    rf"(?P<names>{_NAME}),\s+(?i:(?:about|some|around|roughly|nearly|approximately|just)\s+)?"
    r"(?=\d|(?i:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few)\b)"
)
_NEXT = re.compile(
    r"\s*(?:$|[,.;:)!?\"”]|\s(?i:and|or|in|on|near|after|from|to|which|where|while|as|before"
    r"|with|last|this|earlier|overnight|late|early|village|town|settlement|itself)\b)"
)
"""What may follow a learned name: punctuation or a function word, so "captured Wagner
fighters" (a noun follows) teaches nothing."""
_RELATIVE = re.compile(
    r",?\s*(?:(?i:an?\s+(?:(?:small|tiny|front-?line|frontline)\s+)?"
    rf"(?:{_SETTLEMENT})\s+)?(?:(?:located|situated|lying|that\s+lies|which\s+lies)\s+)?)?"
)
_TAIL = re.compile(
    rf"(?i:\s+(?:(?:to\s+the\s+)?(?P<dir>{ph.DIRECTION})(?:ern)?\s+(?:of|from)"
    r"|from|away\s+from|outside(?:\s+of)?|of)\s+)"
)
_BAD_FIRST = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "russia", "ukraine", "kyiv", "moscow"}
)


@dataclass(frozen=True, slots=True)
class Learned:
    """A learned town mention: span (end exclusive), the Place, and how it was introduced
    ("village" for "the village of X", else None)."""

    start: int
    end: int
    text: str
    place: Place
    intro: str | None


def _split_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of each name in a list "X, Y and Z"."""
    for m in re.finditer(_NAME, text[start:end]):
        a, b = start + m.start(), start + m.end()
        # "Al" / "and" never begin a name of the list on their own.
        yield a, b


def _candidates(text: str) -> Iterator[tuple[int, int, str | None, bool]]:
    """(start, end, intro, needs a fix) of every name in a settlement context; "X, 5 km
    north of Y" counts only when Y gives the fix."""
    for m in _APPOSED_DISTANCE.finditer(text):
        yield m.start("names"), m.end("names"), None, True
    for m in gated_finditer(SETTLEMENT_PREFIX, SETTLEMENT_PREFIX_GATE, text):
        noun = m.group("noun").lower().rstrip("s")
        intro = "village" if noun.startswith("village") else noun
        for a, b in _split_names(text, m.start("names"), m.end("names")):
            yield a, b, intro, False
    for m in _APPOSED.finditer(text):
        yield m.start("names"), m.end("names"), m.group("noun").lower(), False
    for m in _OUTSKIRTS.finditer(text):
        for a, b in _split_names(text, m.start("names"), m.end("names")):
            yield a, b, None, False
    for m in ph.find_control(text):
        names = re.compile(_NAMES).match(text, m.end())
        if names is None:
            continue
        for a, b in _split_names(text, names.start(), names.end()):
            yield a, b, None, False


def _plausible(text: str, start: int, end: int, gz: Gazetteer) -> bool:
    """Could this capitalised span be an unknown settlement (not a person, an outlet, a
    country, a known place, a sentence's first word of another kind)?"""
    words = text[start:end].replace("-", " ").split()
    first = words[0].lower()
    if len(text[start:end]) < 3 or first in _BAD_FIRST or first in nw.STOPWORDS:
        return False
    if first in nw.TITLES or first in nw.GIVEN_NAMES or text[start:end].isupper():
        return False
    surface = text[start:end]
    if surface in COUNTRY_ALIASES or gz.country_for(surface) is not None:
        return False
    key = normalise(surface)
    if gz.has_key(key) or gz.region_rows(key):
        return False
    return _NEXT.match(text, end) is not None


def _relative(
    text: str, end: int, by_start: dict[int, Mention]
) -> tuple[Place, float, float, str | None] | None:
    """ "…, a village about 3 miles from Pokrovsk" right after a name: (reference, km,
    spread km, direction) when the reference is a located town or region of the text."""
    m = _RELATIVE.match(text, end)
    pos = m.end() if m else end
    d = DISTANCE.match(text, pos)
    if d is None:
        return None
    parsed = parse_distance(d)
    tail = _TAIL.match(text, d.end())
    if parsed is None or tail is None:
        return None
    ref = by_start.get(tail.end())
    if ref is None or not ref.place.located or ref.place.kind == "country":
        return None
    direction = ph.direction_code(tail.group("dir")) if tail.group("dir") else None
    spread = (parsed.high_km - parsed.low_km) / 2
    return ref.place, parsed.value_km, spread, direction


def find_learned(
    text: str,
    mentions: Sequence[Mention],
    gz: Gazetteer,
    countries: Sequence[str] = (),
    memory: LearnedPlaces | None = None,
) -> list[Learned]:
    """Town mentions the gazetteer cannot give: names in a settlement context, placed
    relative to a known place of the text when it says so, else as `memory` last placed
    them, else with location unknown. Never crosses `mentions`; may contain some (a part of
    the name the gazetteer knows on its own), which the caller then drops."""
    taken = [(m.start, m.end) for m in mentions]
    by_start = {m.start: m for m in mentions}
    seen: dict[tuple[int, int], Learned] = {}
    story_cc = [m.place.country for m in mentions if m.place.kind == "town" and m.place.country]
    default_cc = (
        countries[0] if countries else max(sorted(set(story_cc)), key=story_cc.count, default="")
    )
    for start, end, intro, needs_fix in sorted(
        _candidates(text), key=lambda c: (c[0], c[1], c[2] is None)
    ):
        if (start, end) in seen or any(
            a < end and start < b and not (start <= a and b <= end and b - a < end - start)
            for a, b in taken
        ):
            continue  # crosses a known name; one inside it ("Zorivka" of "Zorivka-Nyzhnia") yields
        if not _plausible(text, start, end, gz):
            continue
        surface = text[start:end]
        rel = _relative(text, end, by_start)
        if rel is None and needs_fix:
            continue
        if rel is not None:
            ref, km, spread, direction = rel
            place = estimate(surface, ref, km, direction, spread_km=spread)
        else:
            place = unknown(surface, default_cc)
        if memory is not None:
            place = memory.offer(place)
        seen[(start, end)] = Learned(start, end, surface, place, intro)
        taken.append((start, end))
    return sorted(seen.values(), key=lambda x: x.start)


# --- memory ----------------------------------------------------------------------------------
