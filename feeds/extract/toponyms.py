"""Toponym resolution: which place each candidate name of a story is.

Two passes. Pass one resolves every name alone (the fronts' countries, the spelling, the
"X, Y" context); only names with a sign of being a place (evidence, a locative word, an
introduction, a big town) vote for the story's countries and its theatre
(`feeds.extract.theatre`). Pass two re-ranks each name by what the *other* names of the
story settled on: their countries (weighted by how sure pass one was) and their positions
(a homonym within ~150 km of another place of the story wins). A name never votes for
itself, so one Colombian Palmira cannot outvote As Sukhnah. Then context decides: a small
town needs evidence (`feeds.extract.credibility`), evidence of one mention holds for all
mentions of the name, a homonym far from the story's theatre gives way to one inside it or
to a learned village, and a capital standing for its government is no town mention
(`feeds.extract.metonymy`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.extract.candidates import Candidates
from feeds.extract.credibility import Credibility
from feeds.extract.found import Found
from feeds.extract.headlines import HeadlineLines, cue_before
from feeds.extract.metonymy import stands_for_government
from feeds.extract.nearby import Spots, Support
from feeds.extract.persons import PersonMemory
from feeds.extract.phrases import CONTROL_POST
from feeds.extract.ranking import COMPASS_ADJECTIVE, Ranker
from feeds.extract.theatre import Theatre
from feeds.geo import Gazetteer, medium_key, soft_hints
from feeds.types import Place, Sentence

__all__ = ["Reading", "Toponyms"]

_FORCE_AFTER = re.compile(
    r"(?:-[a-z]+)?\s+(?:[\w-]+\s+)?(?:forces|troops|army|military|soldiers|units|fighters|"
    r"militias?|air\s+force|jets|drones|warplanes|navy|paratroopers|marines)\b"
    r"|-(?:backed|led|allied|supported)\b",
    re.IGNORECASE,
)
_ACTING_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:has|have|had|was|were|is|are|also|now|then)\s+)?(?:said|says|claimed|"
    r"claims|captured|took|seized|advanced|launched|attacked|invaded|denied|announced|"
    r"warned|accused|sent|moved|pushed|struck|fired)\b"
    r"|\s+(?:was|were|is|are)\s+(?:(?:a|little|over|about|some|only|just|within|nearly|less|"
    r"more|than)\s+)*\d"
)
"""After a country: a force ("Russian troops", "Turkish-backed")..."""
"""...or the country acting ("Russia said", "Russia has captured", "Russia was 10 km
from"): who, not where."""
_PLACE_PREPOSITION = re.compile(r"(?i:\b(?:in|at|from|to|near|outside)\s+$)")
_CONTROL_POST_GATE = re.compile(
    r"\b(?:fell|fallen|falls|captured|taken|seized|stormed|overrun|liberated|entered|lost|"
    r"abandoned|cut off|encircled|surrounded|besieged|held|controlled|under)\b",
    re.IGNORECASE,
)
"""A word CONTROL_POST needs within reach: only then is the (slow) pattern tried."""
_BIG = 100_000
"""A town this big is a sign of a place on its own (it may vote for the story's countries)."""
_CITY = 1_000_000
"""A city this big is never a far-away homonym: news names Paris and Seoul from anywhere."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the toponym step read in a story: its candidates (resolved or not), its
    headline lines and its theatre, for the steps after it."""

    found: list[Found]
    headlines: HeadlineLines
    theatre: Theatre
    runs: list[tuple[int, int]]
    """The spans of the text's capitalised runs."""


def _pool_evidence(text: str, found: Sequence[Found]) -> None:
    """What one mention of a name shows holds for all its mentions ("east of Brega" ...
    "in Brega"): evidence, an introduction and a locative word are pooled per key. A
    statement of control after a name is evidence too ("Robotyne was retaken")."""
    pooled: dict[str, tuple[bool, str | None, bool]] = {}
    for f in found:
        if f.country is not None:
            continue
        if (
            not (f.evidence or f.intro or f.locative)
            and _CONTROL_POST_GATE.search(text, f.end, f.end + 90)
            and CONTROL_POST.match(text, f.end)
        ):
            f.evidence = True
        ev, intro, loc = pooled.get(f.key, (False, None, False))
        pooled[f.key] = (ev or f.evidence, intro or f.intro, loc or f.locative)
    for f in found:
        if f.country is None:
            ev, intro, loc = pooled[f.key]
            f.evidence = f.evidence or ev or bool(intro)
            f.locative = f.locative or loc


def _before_signature(text: str, f: Found) -> tuple[bool, bool, bool]:
    """What the words before a mention decide (a compass word, a place preposition, a
    headline's cue): mentions alike in these share one decision."""
    before = text[max(0, f.start - 25) : f.start]
    return (
        bool(COMPASS_ADJECTIVE.search(before)),
        bool(_PLACE_PREPOSITION.search(before)),
        f.headline and cue_before(text, f.start),
    )


def _sign_of_place(f: Found, place: Place) -> bool:
    """May this name vote for the story's countries? Unresolved junk ("Radio", "Rob Lee",
    "Taleban") must not turn a story about Azerbaijan into one about Romania."""
    if f.headline and not (f.evidence or f.locative or f.dateline):
        return place.population >= _BIG
    return bool(
        f.evidence
        or f.locative
        or f.intro
        or f.suffix
        or f.hint
        or soft_hints(f.surface)
        or place.population >= _BIG
    )


class Toponyms:
    """Resolves a story's place names; reusable. The rankings of a name are memoised
    (bounded); `people` remembers persons across stories."""

    def __init__(self, gazetteer: Gazetteer, people: PersonMemory | None = None) -> None:
        self._gz = gazetteer
        self.candidates = Candidates(gazetteer, people)
        self._ranker = Ranker(gazetteer)
        self._capitals = gazetteer.capital_ids()

    def find(self, text: str, sentences: Sequence[Sentence], countries: Sequence[str]) -> Reading:
        """The candidates of `text` in order, each with its place or None (see the
        module's docstring)."""
        gz = self._gz
        headlines = HeadlineLines(text)
        found, runs = self.candidates.find(text, sentences, headlines)
        _pool_evidence(text, found)
        theatre = Theatre(gz, countries)
        # Pass one: each name alone.
        votes: dict[str, dict[str, float]] = {}
        first: dict[str, tuple[Place, float]] = {}
        for f in found:
            if f.country is not None:
                force = bool(_FORCE_AFTER.match(text, f.end) or _ACTING_AFTER.match(text, f.end))
                theatre.add_named(text, f.start, f.end, f.country.country, force)
                if not force:  # "Russian troops": who, not where
                    v = votes.setdefault(f.key, {})
                    v[f.country.country] = v.get(f.country.country, 0.0) + 1.0
                continue
            k1 = (f.key, f.surface, f.suffix, f.hint, f.near_region, f.intro, f.dateline)
            best = self._ranker.rank_alone(f, k1, countries)
            if best is None or not _sign_of_place(f, best[0]):
                continue
            place, prob = best
            if self._government(f, place, text):
                theatre.add_named(text, f.start, f.end, place.country, True)
                continue  # "Moscow claimed": who, not where
            first.setdefault(f.key, (place, prob))
            if place.country:
                v = votes.setdefault(f.key, {})
                v[place.country] = v.get(place.country, 0.0) + prob
                theatre.add(place.country, prob)
        total: dict[str, float] = {}
        for c in votes.values():
            for cc, share in c.items():
                total[cc] = total.get(cc, 0.0) + share
        # Where each name may be: every homonym of a name with few of them. Two names of
        # one story that have homonyms within 150 km of each other support each other.
        spots: dict[str, list[tuple[float, float]]] = {}
        for f in found:
            if f.country is None and f.key not in spots:
                rows = gz.rows(f.key)
                if 1 <= len(rows) <= 64:
                    spots[f.key] = [(t.lat, t.lon) for t in map(gz.town, rows)]
        every_spot = Spots(spots)
        # Pass two: each name among the others.
        credibility = Credibility(
            gz, text, countries, frozenset(f.key for f in found if not f.headline)
        )
        memo: dict[tuple[object, ...], Place | None] = {}
        sure_towns = [
            (key, (p.lat, p.lon))
            for key, (p, prob) in first.items()
            if prob >= 0.6 and p.kind == "town"
        ]
        by_key: dict[str, dict[str, float]] = {}
        for f in found:
            weights = by_key.get(f.key)
            if weights is None:
                own = votes.get(f.key, {})
                story = {c: n - own.get(c, 0.0) for c, n in total.items()}
                top = max(story.values(), default=0.0)
                weights = {c: 1.0 + 99.0 * n / top for c, n in story.items() if n > 1e-9}
                by_key[f.key] = weights
            if f.country is not None:
                f.place = self._country_or_region(f, weights) or f.country
                continue
            k = (
                f.key, f.surface, f.single_start, f.suffix, f.near_region, f.evidence,
                f.locative, f.intro, f.headline, f.dateline, f.hint, f.firm_hint, f.known_person,
                _before_signature(text, f),
            )  # fmt: skip
            if k not in memo:
                anchors = [spot for key, spot in sure_towns if key != f.key][:64]
                support = every_spot.without(f.key)
                memo[k] = self._decide(
                    f, text, countries, weights, votes.get(f.key, {}), anchors, support,
                    theatre, credibility,
                )  # fmt: skip
            f.place = memo[k]
            if f.place is not None and self._government(f, f.place, text):
                f.place = None  # "Moscow claimed", "Kyiv's troops": the government
                f.government = True
        return Reading(found, headlines, theatre, runs)

    def _decide(
        self,
        f: Found,
        text: str,
        countries: Sequence[str],
        weights: dict[str, float],
        own: dict[str, float],
        anchors: list[tuple[float, float]],
        support: Support,
        theatre: Theatre,
        credibility: Credibility,
    ) -> Place | None:
        """The place of one candidate among the story's others, or None."""
        before = text[max(0, f.start - 25) : f.start]
        best = self._ranker.rank(f, countries, weights, support, before, theatre.war())
        chosen = None if best is None else best[0]
        if chosen is None or not credibility.check(f, chosen, weights, anchors or support):
            return None
        if f.known_person and not (
            chosen.population >= _BIG
            and (f.locative or f.evidence)
            and credibility.spelt(f, chosen)
        ):
            return None  # "Assad", "Putin": a person named before, not a village
        if chosen.kind != "town":
            return chosen
        if f.firm_hint and chosen.country != f.hint:
            return None  # "the Lebanese village of Chamaa" is not Hama, Syria
        if f.dateline or (
            chosen.population >= _CITY and not f.intro and credibility.spelt(f, chosen)
        ):
            return chosen  # news names Paris and Seoul from anywhere, spelt as such
        if (
            chosen.population >= _BIG
            and medium_key(text[f.start : f.end - len(f.suffix or "")]) == medium_key(chosen.name)
            and _PLACE_PREPOSITION.search(before)
        ):
            return chosen  # "Syrians celebrate in Manchester"
        if not theatre.foreign(chosen, own, anchors):
            return chosen
        # A far-away homonym: the story's own country may hold the name ("Palmyra" in a
        # story about Syria is Tadmur, not Palmira in Colombia).
        top, _ = theatre.top(own)
        home = dict(weights)
        home[top] = max(home.get(top, 1.0), 100.0)
        again = self._ranker.rank(f, countries, home, support, before, theatre.war())
        if again is None or again[0].kind != "town" or again[0].country != top:
            return None
        if not credibility.check(f, again[0], home, anchors or support):
            return None
        return again[0]

    def _government(self, f: Found, place: Place, text: str) -> bool:
        """Does this capital stand for its government here ("Moscow claimed")?"""
        return (
            place.geonameid in self._capitals
            and not f.dateline
            and self._gz.is_capital(place)
            and stands_for_government(text, f.start, f.end)
        )

    def _country_or_region(self, f: Found, story: dict[str, float]) -> Place | None:
        """ "Georgia" in a story about the United States is the state, not the country."""
        assert f.country is not None
        if story.get(f.country.country, 0.0) >= 10.0:
            return None
        for r in self._gz.region_rows(f.key):
            region = self._gz.region(r)
            if self._gz.region_level(r) == 1 and story.get(region.country, 0.0) >= 50.0:
                return region
        return None
