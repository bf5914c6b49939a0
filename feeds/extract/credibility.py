"""Is this capitalised word a place at all? Small towns need a reason.

News names thousands of people and things that share a name with some village ("Walsh",
"Day", "Center"). A town under 50,000 people counts only with evidence: a locative word
before it ("in", "near", "captured"), a control statement after it ("X was retaken"), an "X,
Y" or "town of X" context, an Arabic article, the fronts' countries, or another place of the
story within 150 km. A name of several words spelt exactly as a town of 1,000 people
("Chasiv Yar", "Tomyna Balka") is evidence on its own; so is a spelling GeoNames lists among
the town's alternate names ("Kiev", "Hodeidah"), unless the word is plain English. In a
headline line capitals are no evidence at all (`feeds.extract.headlines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from feeds.extract import namewords as nw
from feeds.extract.english import common_word
from feeds.extract.found import Found
from feeds.extract.headlines import credible_in_headline, cue_before
from feeds.extract.nearby import Anchors, near
from feeds.geo import USER_ID_BASE, Gazetteer, medium_key, soft_hints
from feeds.types import Place

__all__ = ["Credibility", "letters_key"]

_MIN_START_POP = 10_000
"""A one-word name opening a sentence (or in capitals) must be a town this big, or be in
a hint country: "March", "Said" or "Hope" open sentences far more often than towns do."""
_MIN_BARE_POP = 50_000
"""A town named with no locative word, no context and no neighbour in the story must be
this big: smaller homonyms are mostly people and things ("Walsh", "Day", "Center")."""
_MIN_EXACT_POP = 1_000
"""A name of several words spelt exactly as a town this big needs no other evidence."""


def letters_key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Credibility:
    """The story-wide facts the test reads: its text, the fronts' countries, the names its
    body lines (not headlines) hold."""

    gz: Gazetteer
    text: str
    countries: Sequence[str]
    body_keys: frozenset[str]

    def spelt(self, f: Found, place: Place) -> bool:
        """Spelt like the place's own name, or (a town, not plain English) like one of its
        GeoNames alternate names."""
        if medium_key(f.surface) == medium_key(place.name) or letters_key(f.surface) == letters_key(
            place.name
        ):
            return True
        if place.kind != "town" or all(common_word(w) for w in f.surface.split()):
            return False
        row = next((r for r in self.gz.rows(f.key)[:80] if self.gz.town(r) is place), None)
        return row is not None and self.gz.spelt_as_alternate(row, f.surface)

    def check(self, f: Found, place: Place, story: dict[str, float], anchors: Anchors) -> bool:
        """Is `place` credible for the candidate `f` (see the module's docstring)?"""
        if place.kind == "country" or place.geonameid >= USER_ID_BASE:
            return True
        countries = self.countries
        if f.headline and not credible_in_headline(
            f.surface,
            local=bool(
                f.locative
                or f.intro
                or f.suffix
                or f.dateline
                or f.evidence
                or cue_before(self.text, f.start)
            ),
            in_body=f.key in self.body_keys,
            spelt=self.spelt(f, place),
            population=place.population,
        ):
            return False
        if (
            f.single_start
            and not (f.intro or f.suffix or f.hint == place.country)
            and common_word(f.surface)
        ):
            return False  # "Man eats ...", "Could the next king ...": English, not a town
        if place.kind == "region":
            # "Alberta", "Donetsk Oblast": spelt as the region or named with its word; a
            # lone word matched through folding ("Unite" for Unity) needs context.
            return bool(
                f.suffix
                or " " in f.surface
                or f.evidence
                or f.locative
                or place.country in countries
                or self.spelt(f, place)
            )
        hinted = place.country in countries or story.get(place.country, 0.0) >= 50.0
        if f.single_start and place.population < _MIN_START_POP and not (hinted or f.evidence):
            return False
        if f.evidence or f.intro or f.suffix or place.country in countries:
            return True
        if soft_hints(f.surface):
            return True
        if anchors and near(place.lat, place.lon, anchors, 150.0):
            return True
        if f.locative:
            return True
        words = f.surface.replace("-", " ").split()
        if (
            len(words) > 1
            and not f.headline
            and place.population >= _MIN_EXACT_POP
            and words[0].lower() not in nw.STOPWORDS
            and not all(common_word(w) for w in words)
            and self.spelt(f, place)
        ):
            return True  # "Chasiv Yar", "Tomyna Balka": spelt as GeoNames has it
        # No context at all: only a big town spelt as GeoNames spells it ("Phoenix"), not
        # one reached through transliteration folding ("Day" for Di An, "Boon" for Bonn).
        if hinted and place.population >= _MIN_START_POP:
            return True  # a fair-sized town in a country the story is about
        return place.population >= _MIN_BARE_POP and self.spelt(f, place)
