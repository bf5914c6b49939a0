"""Learning places from the text: front-line villages no installed gazetteer knows.

A capitalised name in a settlement context (`feeds.extract.settlements`) that the gazetteer
does not know, or knows only as a far-away homonym the story does not mean, becomes a town
mention whose location is unknown instead of being dropped. When the text places it relative
to a known place ("X, a village about 3 miles from Pokrovsk"; "X, 5 km north of Y") it gets
an estimated position and an uncertainty radius (`feeds.geo.estimate`). Names listed with a
town ("Bunagana, Rutshuru and Kiwanja") are towns too.

Its country is the story's, chosen per name: the country firmly named before it ("the
Lebanese village of"), else the fronts' countries the story is about, else the countries the
text names (near the name most, as a place more than as a side: "in Mali" over "French
troops") and the towns it names (near the name most; small towns abroad only when their
country is named). Never learned: a person, a headline word, a name ending in a kind of
non-settlement ("Rakhine State", "Mosul Airport"), a possessive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from feeds.extract import namewords as nw
from feeds.extract import phrases as ph
from feeds.extract import placewords as pw
from feeds.extract.english import common_word
from feeds.extract.numbers import DISTANCE, parse_distance
from feeds.extract.persons import PersonMemory
from feeds.extract.settlements import (
    NAME,
    SETTLEMENT_PREFIX,
    SETTLEMENT_PREFIX_GATE,
    settlement_contexts,
)
from feeds.extract.toponyms import Reading
from feeds.geo import COUNTRY_ALIASES, Gazetteer, LearnedPlaces, estimate, normalise, unknown
from feeds.types import Mention, Place

__all__ = ["SETTLEMENT_PREFIX", "SETTLEMENT_PREFIX_GATE", "Learned", "find_learned"]

_JOIN = re.compile(r",\s*|,?\s+and\s+|,?\s+or\s+")
_RUN_LIKE = re.compile(NAME)
_AREAS_AFTER = re.compile(
    r"(?i:\s+(?:are|were|is)\s+(?:among\s+)?(?:the\s+)?(?:\w+\s+)?(?:districts|provinces|"
    r"regions|counties|governorates|states))"
)
"""After a list: "... are among the districts that fell": areas, not settlements."""
_NOT_NEXT = re.compile(
    r"\s*(?:[A-Z]|-[A-Za-z]|\d|\s(?i:fighters|forces|troops|militants|militias?|group|army|"
    r"officials|soldiers|rebels|commanders?|units?|brigades?|people|residents|government|"
    r"authorities|police|leaders?|members|supporters|spokes\w+|newspaper|television|agency|"
    r"area|district|province|region|state|county|governorate|front|axis|direction|sector|"
    r"township|family|regime|said|says|told|claimed|claims|reported|reports|added|warned|"
    r"announced|wrote|writes|stated|bridge|farms?|airport|air\s+base|base|dam|crossing|hills?|"
    r"mountains?|road|highway|neighbou?rhood|quarter|camp|prison|fields?|valley|river|lake|"
    r"oil\s+field|port|checkpoint|junction)\b)"
)
"""What may not follow a learned name: a capitalised word, a hyphenated tail, a number (a
ship, a road: "Yi Peng 3"), or a noun that makes the name an actor, an area or a speaker
("captured Wagner fighters")."""
_RELATIVE = re.compile(
    r",?\s*(?:(?i:an?\s+(?:(?:small|tiny|front-?line|frontline)\s+)?"
    r"(?:villages?|settlements?|hamlets?|towns?|localit(?:y|ies))\s+)?"
    r"(?:(?:located|situated|lying|that\s+lies|which\s+lies)\s+)?)?"
)
_TAIL = re.compile(
    rf"(?i:\s+(?:(?:to\s+the\s+)?(?P<dir>{ph.DIRECTION})(?:ern)?\s+(?:of|from)"
    r"|from|away\s+from|outside(?:\s+of)?|of)\s+)"
)
_FIX_AFTER = re.compile(r",\s*(?:(?:about|some|around|roughly|nearly|approximately|just)\s+)?")
_SPEAKER_BEFORE = re.compile(r"(?i:(?:according\s+to|said|says|told)\s+(?:\w+\s+)?$)")
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|across|inside|into|of)\s+(?:the\s+)?$)")
_BAD_FIRST = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "russia", "ukraine", "kyiv", "moscow"}
)
_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "az"})
_KINDS = frozenset({"village", "town", "city"})


@dataclass(frozen=True, slots=True)
class Learned:
    """A learned town mention: span (end exclusive), the Place, and how it was introduced
    ("village" for "the village of X", else None)."""

    start: int
    end: int
    text: str
    place: Place
    intro: str | None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The name without a capitalised stopword before it ("In Malakyun") or its kind after
    it ("Malakyun Village")."""
    name = text[start:end]
    if " " not in name:
        return start, end
    first = name.partition(" ")[0]
    if first.lower() in nw.STOPWORDS:
        return _trim(text, start + len(first) + 1, end)
    head, _, last = name.rpartition(" ")
    if last.lower() in _KINDS:
        return start, start + len(head)
    return start, end


def _plausible(
    text: str, start: int, end: int, gz: Gazetteer, *, intro: str | None, weak: bool
) -> bool:
    """Could this capitalised span be an unknown settlement (not a person, an outlet, a
    country, a region, a sentence's first word of another kind)? A name the gazetteer knows
    only as some town elsewhere may be one; a name of English words may not."""
    surface = text[start:end]
    words = surface.replace("-", " ").split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    first = words[0].lower()
    if len(surface) < 3 or first in _BAD_FIRST or first in nw.STOPWORDS:
        return False
    if first in nw.TITLES or surface.isupper() or "'" in surface or "’" in surface:
        return False
    if first in nw.GIVEN_NAMES and not intro:
        return False  # "Ben Jawad" after "the towns of" is a town
    if words[-1].lower() in pw.NOT_A_TOWN_LAST:
        return False  # "Rakhine State", "Mosul Airport"
    if surface in COUNTRY_ALIASES or gz.country_for(surface) is not None:
        return False
    if "-" in surface and any(gz.country_for(p) for p in surface.split("-")):
        return False  # "Israel-Lebanon": a border, not a place
    key = normalise(surface)
    if gz.region_rows(key):
        return False
    if (gz.has_key(key) or weak) and all(common_word(w) for w in words):
        return False
    if weak and (len(surface) < 4 or first in nw.GIVEN_NAMES or common_word(words[0])):
        return False
    if _SPEAKER_BEFORE.search(text, max(0, start - 25), start):
        return False
    return _NOT_NEXT.match(text, end) is None


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


def _listed_with_towns(
    text: str, runs: Sequence[tuple[int, int]], mentions: Sequence[Mention]
) -> Iterable[tuple[int, int]]:
    """The other names of a list that holds a town ("Bunagana, Rutshuru and Kiwanja"):
    capitalised runs joined by commas and "and", one of which holds a town mention."""
    towns = sorted((m.start, m.end) for m in mentions if m.place.kind == "town")
    if not towns:
        return
    group: list[tuple[int, int]] = []
    for k, run in enumerate([*runs, (len(text) + 1, len(text) + 1)]):
        if group and k < len(runs) and _JOIN.fullmatch(text, group[-1][1], run[0]):
            group.append(run)
            continue
        if len(group) >= 2 and not _AREAS_AFTER.match(text, group[-1][1]):
            held = [r for r in group if any(r[0] <= a and b <= r[1] for a, b in towns)]
            if held:
                yield from (r for r in group if r not in held)
        group = [run]


class _Countries:
    """The learned names' country, chosen per name (see the module's docstring)."""

    def __init__(
        self, text: str, mentions: Sequence[Mention], reading: Reading | None, fronts: Sequence[str]
    ) -> None:
        self._text = text
        self._fronts = tuple(fronts)
        self._named = list(reading.theatre.named) if reading is not None else []
        named_cc = {cc for _, cc, _ in self._named}
        self._towns = [
            (m.start, m.place.country, m.place.population >= 100_000 or m.place.country in named_cc)
            for m in mentions
            if m.place.kind == "town" and m.place.country and not m.place.estimated
        ]
        self._firm = {f.start: f.hint for f in (reading.found if reading else ()) if f.firm_hint}

    def at(self, start: int) -> str:
        firm = self._firm.get(start)
        if firm:
            return firm
        score: dict[str, float] = {}
        for pos, cc, force in self._named:
            w = 0.5 if force else 3.0
            if not force and abs(pos - start) < 120:
                w += 3.0
            if not force and _PLACE_BEFORE.search(self._text, max(0, pos - 12), pos):
                w += 2.0
            score[cc] = score.get(cc, 0.0) + w
        for pos, cc, sure in self._towns:
            if abs(pos - start) < 250:
                score[cc] = score.get(cc, 0.0) + 3.0
            elif sure:  # a small town abroad far from the name does not seed its country
                score[cc] = score.get(cc, 0.0) + 1.0
        fronts = [cc for cc in self._fronts if cc in score]
        if fronts:
            return max(fronts, key=lambda cc: score[cc])
        if not score:
            return self._fronts[0] if self._fronts else ""
        return max(sorted(score), key=lambda cc: score[cc])


def find_learned(
    text: str,
    mentions: Sequence[Mention],
    gz: Gazetteer,
    countries: Sequence[str] = (),
    memory: LearnedPlaces | None = None,
    *,
    reading: Reading | None = None,
    people: PersonMemory | None = None,
) -> list[Learned]:
    """Town mentions the gazetteer cannot give: names in a settlement context, placed
    relative to a known place of the text when it says so, else as `memory` last placed
    them, else with location unknown. Never crosses `mentions`; may contain some (a part of
    the name the gazetteer knows on its own), which the caller then drops. `reading`: the
    toponym step's view of the story (headlines, theatre, firm country hints)."""
    taken = [(m.start, m.end) for m in mentions]
    if reading is not None:
        taken.extend((f.start, f.end) for f in reading.found if f.government)
    by_start = {m.start: m for m in mentions}
    seen: dict[tuple[int, int], Learned] = {}
    country_of = _Countries(text, mentions, reading, countries)
    chosen: dict[str, str] = {}
    headlines = reading.headlines if reading is not None else None
    runs = reading.runs if reading is not None else [m.span() for m in _RUN_LIKE.finditer(text)]
    known = {(m.start, m.end) for m in mentions}
    cue: list[bool] = []

    def fighting() -> bool:  # asked only when a place preposition leads a name
        if not cue:
            cue.append(ph.force_cue(text))
        return cue[0]

    contexts = list(settlement_contexts(text, runs, fighting=fighting, known=known))
    contexts.extend((a, b, None, False, False) for a, b in _listed_with_towns(text, runs, mentions))
    for raw_start, raw_end, intro, needs_fix, weak in sorted(
        contexts, key=lambda c: (c[0], c[1], c[2] is None)
    ):
        start, end = _trim(text, raw_start, raw_end)
        if headlines and start in headlines:
            continue  # a headline's capitals say nothing
        if (start, end) in seen or any(
            a < end and start < b and not (start <= a and b <= end and b - a < end - start)
            for a, b in taken
        ):
            continue  # crosses a known name; one inside it ("Zorivka" of "Zorivka-Nyzhnia") yields
        if not _plausible(text, start, end, gz, intro=intro, weak=weak):
            continue
        surface = text[start:end]
        if people is not None and surface in people:
            continue
        if needs_fix:
            fix = _FIX_AFTER.match(text, end)
            if fix is None or DISTANCE.match(text, fix.end()) is None:
                continue  # "said Salah, 60" is no place
        rel = _relative(text, end, by_start)
        if rel is not None:
            ref, km, spread, direction = rel
            place = estimate(surface, ref, km, direction, spread_km=spread)
        else:
            key = normalise(surface)
            if key not in chosen:
                chosen[key] = country_of.at(start)
            place = unknown(surface, chosen[key])
        if memory is not None:
            place = memory.offer(place)
        seen[(start, end)] = Learned(start, end, surface, place, intro)
        taken.append((start, end))
    return sorted(seen.values(), key=lambda x: x.start)
