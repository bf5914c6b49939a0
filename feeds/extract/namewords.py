"""Words around a capitalised name that say what it is: never a place ("March", "Said"),
a person (a title or a given name before it, a verb of saying after it), or a place (a
locative word before it: "in", "near", "captured").
"""

from __future__ import annotations

import re

from feeds.extract.givennames import GIVEN_NAMES as _GIVEN_NAMES

__all__ = ["GIVEN_NAMES", "LOCATIVES", "PERSON_AFTER", "STOPWORDS", "TITLES", "locative_before"]

_STOP = """
a an and or but nor the this that these those there here it its he she they we i you
his her their our my your who whom whose what which when where why how if then than
of in on at to for from by with without into onto upon over under after before since
during while although though however meanwhile also as so yet not no yes all any both
each every some many most more much few several other another such own same one two
three four five six seven eight nine ten first second third last next new old
monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn winter
north south east west northern southern eastern western central upper lower middle
northeast northwest southeast southwest greater great little big small high low
said says say told according reported report reports reporting added adding claimed
government governments source sources official officials minister ministry president
army military forces force troops soldiers rebels rebel fighters militants militia
commander general colonel major captain lieutenant sergeant spokesman spokeswoman
state states islamic islamist islamists jihadist jihadists daesh isis isil hezbollah
hamas taliban houthi houthis wagner kurdish kurds kurd sunni shia shiite alawite
christian christians muslim muslims islam allah god christmas easter ramadan eid
observatory human rights council union nations united national international
democratic republic party people popular front liberation free freedom unity peace
justice hope progress victory independence liberty friendship mission operation
operations command security defence defense interior foreign affairs agency news press
media reuters afp associated bbc cnn tass ria interfax al jazeera arabiya
brigade brigades division corps battalion regiment guard guards revolutionary police
air navy naval coalition alliance nato un eu opec
mr mrs ms dr sir lord king queen prince princess sheikh emir imam pope saint
city town village province region district governorate oblast area capital
road highway river lake sea mountain mountains valley desert border frontier
airport base dam bridge camp field station port
war battle fighting attack attacks strike strikes offensive siege
capture capturing captured advance advancing control
mosque church hospital school university market
day center centre law site euro court hall street avenue park policy patrol federal
rest times star office house
""".split()  # noqa: SIM905 - a word list reads better as prose
STOPWORDS = frozenset(_STOP)
"""Lowercased capitalised words that never stand for a place on their own."""
# --- people and place context -------------------------------------------------------------

_TITLES = """
mr mrs ms miss dr prof sir dame lord lady president presidents premier chancellor minister
ministers secretary senator sen rep representative congressman congresswoman governor gov
mayor councillor councilor alderman chief judge justice officer constable detective sgt
sergeant cpl corporal lt lieutenant capt captain col colonel gen general maj major adm
admiral commander ambassador envoy king queen prince princess pope rev reverend father
bishop archbishop cardinal sheikh emir imam coach dean professor spokesman spokeswoman
spokesperson mp mla mpp deputy ceo chairman chairwoman director inspector superintendent
commissioner trooper agent pastor rabbi nurse doctor
""".split()  # noqa: SIM905
TITLES = frozenset(_TITLES)
"""Words that open a person's name ("President Obama", "Sgt. Smith"): the rest is a person."""

GIVEN_NAMES = _GIVEN_NAMES
"""Common given names (`feeds.extract.givennames`): followed by another capitalised word
they open a person's name ("Donald Trump"), never a town, however many Donalds GeoNames
knows."""

PERSON_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:said|says|told|added|wrote|writes|tweeted|explained|testified|argued|"
    r"admitted|insisted|stated|noted|reported|reports|posted|recalled|who|whose|himself|"
    r"herself)\b|,\s+[Ww]ho(?:se)?\b"
)
"""A bare name followed by a verb of saying is a person ("Walsh said"), not a town."""

LOCATIVES = frozenset(
    [
        "in",
        "near",
        "at",
        "outside",
        "from",
        "to",
        "into",
        "toward",
        "towards",
        "around",
        "across",
        "through",
        "via",
        "of",
        "between",
        "throughout",
        "within",
        "inside",
        "captured",
        "took",
        "seized",
        "entered",
        "retook",
        "recaptured",
        "shelled",
        "besieged",
        "reached",
        "encircled",
        "retaken",
        "capture",
        "recapture",
        "retake",
        "take",
        "seize",
        "enter",
        "reach",
        "besiege",
        "encircle",
        "shell",
        "taken",
        "hit",
        "struck",
        "bombed",
        "visited",
        "visit",
        "flew",
        "travelled",
        "traveled",
        "moved",
        "based",
        "born",
        "raised",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "downtown",
        "past",
        "beyond",
        "approaching",
        "liberated",
        "liberating",
        "freed",
        "regained",
        "attacked",
        "stormed",
        "storming",
        "defending",
        "evacuated",
        "fled",
        "reaching",
        "entering",
        "capturing",
        "seizing",
        "retaking",
        "recapturing",
        "shelling",
        "encircling",
        "besieging",
        "surrounding",
        "surrounded",
    ]
)
"""Words right before a name that say it is a place: "in X", "near X", "captured X"."""
_PLACE_NOUNS = frozenset(["town", "city", "village", "province", "state", "region", "capital"])


def locative_before(text: str, start: int) -> bool:
    """Is the name at `start` led by a locative word, maybe through "the" and "the town of"
    ("in the town of X")? Punctuation in between breaks the link."""
    words = text[max(0, start - 40) : start].split()[-4:]  # at most "in the town of"
    if not words or not text[start - 1 : start].isspace():
        return False
    words = [w.lower() for w in words]
    if words[-1] == "of" and len(words) > 1 and words[-2] in _PLACE_NOUNS:
        words = words[:-2]
    if words and words[-1] == "the":
        words = words[:-1]
    return bool(words) and words[-1] in LOCATIVES
