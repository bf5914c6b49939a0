"""Words of place names and around them: the generic heads that open a compound name ("Ras",
"Tel", "Novaya"), the kinds of places and facilities that follow a town's name without being
part of it ("Aleppo Airport", "Goma Prison"), what ends a name that is not a town ("Rakhine
State"), and the words before a name in a headline that make it a place ("Rebels Enter
Aleppo").

Vocabulary only; `feeds.extract.compounds`, `feeds.extract.headlines` and
`feeds.extract.learning` read it.
"""

from __future__ import annotations

__all__ = ["FEATURES", "HEADLINE_CUES", "NOT_A_TOWN_LAST", "PLACE_TYPES", "TOPONYM_HEADS"]

TOPONYM_HEADS = frozenset(
    """
    ras tel tall deir dayr kafr kfar khirbet khirbat bir ain ein umm abu beit bait bani jebel
    jabal wadi haj hajj al el nova novaya novo novyi novi novoye velyka velikaya velyki
    velikiy mala malaya maly staryi staraya stara ust verkhnia verkhnya verkhniy nyzhnia
    nizhnyaya nizhniy nerkin verin pul qala qalat kala mazar char mae mount cape key port
    san santa sidi bou ben bin dar marsa qasr sheikh shaykh tal hisn
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
"""Generic heads of compound names: "Ras" never stands alone when "Ras Lanuf" goes on."""

PLACE_TYPES = frozenset(
    """
    airport airbase airfield international university hospital dam bridge crossing citadel
    port harbour harbor square suburbs suburb outskirts centre center city town village
    province region district governorate oblast state countryside base refinery camp
    prison mosque stadium station checkpoint junction highway road railway motorway front
    fronts direction sector axis area areas border frontier plant factory market
    """.split()  # noqa: SIM905
)
"""Words after a town's name that name a part of it or a thing named after it: they do not
continue the name ("Aleppo Airport" is a mention of Aleppo)."""

FEATURES = frozenset(
    """
    sea ocean gulf river mountains mountain heights islands island lake bay strait straits
    desert valley peninsula canal marshes hills range plateau basin
    """.split()  # noqa: SIM905
)
"""Words after a name that make it a sea, a river or a range, not a town ("Baltic Sea",
"Golan Heights", "Dnipro River")."""

NOT_A_TOWN_LAST = frozenset(
    """
    state township province region district governorate oblast county park hill hills market
    airport airbase base dam bridge crossing checkpoint road highway street square mountain
    mountains valley river lake sea forest zone camp prison hospital university front heights
    union house bank news war republic council party ministry army forces brigade island
    islands gulf peninsula desert plain plains corridor
    """.split()  # noqa: SIM905
)
"""Last words of names that are not settlements: never learned as a town ("Rakhine State",
"Mosul Airport", "Virunga National Park")."""

HEADLINE_CUES = frozenset(
    """
    in near at from to into toward towards outside inside across around of over through
    enters enter entered takes take took seizes seize seized captures capture captured
    storms storm stormed reach reaches reached approaches approach nears attack attacks
    attacked advance advances besiege besieges encircle encircles surround surrounds retake
    retakes retook recapture recaptures flee flees fled leave leaves left bomb bombs bombed
    strike strikes struck hit hits shell shells shelled control controls liberate liberates
    liberated fall falls fell lose loses lost regain regains regained push pushes
    """.split()  # noqa: SIM905
)
"""A word right before a name in a headline that says the name is a place: a preposition
of place or a verb of fighting or moving ("Rebels Enter Aleppo", "Strikes Near Homs")."""
