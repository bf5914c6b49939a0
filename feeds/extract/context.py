"""What neighbouring names say of each other: "Edmonton, Alberta", "Syria's Homs", "the
Lebanese village of Chamaa", "near Deir Al-Zor and Khan Shaykhun".

A country or region named right after a name ("X, Syria") or before it as its owner
("Syria's X") says which country the name is in; a country or demonym before "village of"
or "town of" says so firmly (the village cannot be elsewhere); a name listed with a place
("near X and Y") is a place too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from feeds.extract.found import Found
from feeds.geo import Gazetteer

__all__ = ["read_context"]

_COMMA = re.compile(r",\s*")
_LIST = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}")
_DEMONYM_INTRO = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}(?:villages?|towns?|cities|city|ports?|capital|settlements?)"
    r"\s+of\s+(?:the\s+)?"
)
"""Between a country and a name: "the Lebanese (border) village of", "Mali's town of"."""


def read_context(text: str, found: Sequence[Found], gz: Gazetteer) -> None:
    """Set `hint`, `near_region`, `evidence` and `firm_hint` of the candidates from their
    neighbours (in place)."""
    for a, b in itertools.pairwise(found):
        if not _COMMA.fullmatch(text, a.end, b.start) or a.country is not None:
            continue
        if b.country is not None:
            a.hint = b.country.country
        else:
            regions = gz.region_rows(b.key)
            if regions and not gz.rows(b.key):
                r = regions[0]
                a.hint = gz.region(r).country
                a.near_region = r
        if a.hint:
            a.evidence = True
    for a, b in itertools.pairwise(found):
        if a.country is not None and b.country is None:
            gap = text[a.end : b.start]
            if _DEMONYM_INTRO.fullmatch(gap) or (
                gap[:2] in ("'s", "’s") and _DEMONYM_INTRO.fullmatch(gap, 2)
            ):
                b.hint = a.country.country
                b.firm_hint = True
                b.evidence = True
                continue
        if a.country is not None and _POSSESSIVE.fullmatch(text, a.end, b.start):
            b.hint = b.hint or a.country.country
            b.evidence = True
        elif (a.locative or a.evidence) and _LIST.fullmatch(text, a.end, b.start):
            b.evidence = True  # "near Deir Al-Zor and Khan Shaykhun": a list of places
