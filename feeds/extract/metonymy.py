"""A capital standing for its government is not a town mention.

"Moscow claimed", "Kyiv's troops", "the Damascus government", "annexed by Moscow", "a setback
for Kyiv", "Moscow-held": the city names the state that acts, and a desk following a front
must not see Moscow or Kyiv as places where something happened. A capital is read so when,
with no preposition of place before it,

1. a government or force noun follows it, possessive or not ("Moscow troops", "Kyiv's
   counteroffensive", "Tehran's nuclear programme"), or a hyphenated "-held", "-backed" ...;
2. it is the subject of a verb of saying or policy ("Damascus seeks", "if Beijing responds");
3. it is the object of a political construction ("annexed by", "defeat for", "arms to",
   "Defying", "ties with").

Capture verbs are not in the lists: "Damascus fell" is the city. Datelines are exempt.
"""

from __future__ import annotations

import re

from feeds.extract import orgwords as ow

__all__ = ["stands_for_government"]

_AFTER = re.compile(
    rf"(?:['’]s?)?\s+(?:[a-z-]+\s+){{0,2}}?(?:{ow.GOVERNMENT_NOUNS})\b"
    rf"|-(?:held|backed|controlled|led|allied|aligned|friendly|installed|appointed)\b"
    rf"|\s+(?:(?:also|has|had|have|now|then|quickly|already|reportedly|would|will)\s+)?"
    rf"(?:{ow.GOVERNMENT_VERBS})\b"
)
_POSSESSIVE_PLACE = re.compile(
    r"['’]s?\s+(?:[a-z-]+\s+){0,2}?(?:outskirts|centre|center|streets?|residents|suburbs?|"
    r"districts?|neighbou?rhoods?|mayor|airport|citadel|university|hospital|port|squares?|"
    r"mosques?|old\s+city|people|population|inhabitants|skyline|buildings?)\b"
)
_BEFORE = re.compile(rf"(?i:\b(?:{ow.GOVERNMENT_OBJECT})\s+(?:the\s+)?$)")
_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:in|at|near|outside|inside|around|from|into|visited|visiting|across|over|"
    r"toward|towards|reached|entered|captured|took)\s+(?:the\s+)?$)"
)


def stands_for_government(text: str, start: int, end: int) -> bool:
    """Does the capital named at text[start:end] stand for its government here?"""
    before = text[max(0, start - 40) : start]
    if _BEFORE.search(before):
        return True
    if _PLACE_BEFORE.search(before) or _POSSESSIVE_PLACE.match(text, end):
        return False
    return _AFTER.match(text, end) is not None
