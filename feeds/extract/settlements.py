"""Where news says a capitalised name is a settlement, known to a gazetteer or not.

The contexts news actually uses for the villages of a front line: "the village of X", "the
towns of X and Y", "X, a village", "X village", "the city of X", "the Damascus suburbs of
X", "on the outskirts of X", "captured X and Y", "control of/over X", "now control A, B and
C", "north of X", "X is located ...", "X (5 km ...", "X, 5 km north of Y", and, in a story
about fighting, a place preposition before a name ("in Sverdlikovo and Poroz", "towards
Tawergha"). `settlement_contexts` yields the spans; `feeds.extract.learning` decides.

Every big pattern runs only where a cheap gate lets it start (`feeds.extract.gates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from feeds.extract import phrases as ph
from feeds.extract.gates import gated_finditer, word_gate

__all__ = [
    "NAME",
    "NAMES",
    "SETTLEMENT_PREFIX",
    "SETTLEMENT_PREFIX_GATE",
    "settlement_contexts",
    "split_names",
]

_ARTICLE = r"(?:al|el|ad|as|ash|ar|an|az)"
NAME = (
    rf"(?:{_ARTICLE}-)?[A-Z][\w'’-]*[\w]"
    rf"(?:[ -](?:[A-Z][\w'’-]*[\w]|{_ARTICLE}\b(?=[ -][A-Z])))*"
)
"""A settlement name as news writes it: capitalised words, "Al-"/"al-" particles kept."""
NAMES = rf"(?P<names>{NAME}(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+){NAME})*)"
_NAMES_RX = re.compile(NAMES)
_NAME_RX = re.compile(NAME)
_NAME_AT_END = re.compile(rf"(?<![\w'’-])(?P<names>{NAME})$")
_SETTLEMENT = r"villages?|settlements?|hamlets?|towns?|localit(?:y|ies)|cit(?:y|ies)|suburbs?"
SETTLEMENT_PREFIX = re.compile(
    rf"(?i:\b(?:the\s+)?(?:(?:small|tiny|nearby|neighbou?ring|front-?line|frontline|key|"
    rf"strategic|embattled|ruined|destroyed|former)\s+)?(?P<noun>{_SETTLEMENT})\s+of\s+)" + NAMES
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
        "cit",
        "suburb",
    ],
    before=r"\w",
)
"""Where a SETTLEMENT_PREFIX match can start: only there is the (slow, case-blind) pattern tried."""
_OUTSKIRTS = re.compile(r"(?i:outskirts\s+of\s+)" + NAMES)
_OUTSKIRTS_GATE = word_gate(["outskirts"], before=r"\w")
_APPOSITION = re.compile(
    r",\s+(?i:(?:an?\s+(?:(?:small|tiny|front-?line|frontline|nearby)\s+)?"
    r"(?P<noun>village|settlement|hamlet|town)\b)"
    r"|(?P<far>(?:(?:about|some|around|roughly|nearly|approximately|just)\s+)?"
    r"(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few)\b)))"
)
"""After a name and its comma: "X, a village", "X, some 5 km ..." (the comma drives the
scan; the name is read backwards from it)."""
_NOUN_AFTER = re.compile(
    r"(?:[Vv]illage|[Tt]own|[Cc]ity)\b(?!\s+(?i:of|council|hall|centre|center|"
    r"administration|authorities|officials|police|mayor)\b)"
)
"""A name followed by its kind: "Malakyun Village", "Giad city", "Abu Quta town"."""
_LIES = re.compile(r"\b(?:lies|located|situated|sits)\b")
_BRACKETED_DISTANCE = re.compile(
    r"\(\s*(?:about|some|approximately|around)?\s*\d[\d.,]*\s*"
    r"(?:km|kilomet(?:re|er)s?|miles?|mi)\b"
)
_LIES_BEFORE = re.compile(r"\s*\(?$|,?\s+(?:which\s+)?(?:is\s+)?$")
"""Between a name and its cue: "X lies", "X, which lies", "X is located", "X (5 km"."""
_DIRECTION_OF = re.compile(
    rf"(?i:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+)(?P<names>{NAME})"
)
_DIRECTION_GATE = word_gate(["north", "south", "east", "west"], before=r"\w")
_CONTROL_OF = re.compile(
    r"(?i:(?:control|hold)\s+(?:of|over)\s+(?:the\s+(?:(?:town|city|village)s?\s+of\s+)?)?"
    r"|now\s+control\s+|including,?\s+)" + NAMES
)
_CONTROL_GATE = word_gate(["control", "hold", "now", "including"], before=r"\w")
_PLACE_PREPOSITIONS = (
    "in at near towards toward to from around outside beyond past approaching into".split()  # noqa: SIM905
)
_IN_PLACE = re.compile(
    rf"(?i:(?:{'|'.join(_PLACE_PREPOSITIONS)})\s+)(?P<names>{NAME})"
    r"(?=\s*[,.;:)]|\s+(?:and|which|where|on|in|after|before|as|to)\b)"
)
_IN_PLACE_GATE = word_gate([rf"{p}\s+(?-i:[A-Z])" for p in _PLACE_PREPOSITIONS], before=r"\w")


def split_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of each name in a list "X, Y and Z"."""
    for m in _NAME_RX.finditer(text, start, end):
        yield m.start(), m.end()


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The name that ends right at `pos` ("Malakyun| Village")."""
    m = _NAME_AT_END.search(text, max(0, pos - 60), pos)
    return None if m is None else m.span("names")


def settlement_contexts(
    text: str, *, fighting: bool
) -> Iterator[tuple[int, int, str | None, bool, bool]]:
    """(start, end, intro, needs a fix, weak) of every name in a settlement context. "X, 5
    km north of Y" needs a distance after the comma; `weak` contexts (a place preposition,
    read only when `fighting`, a story about forces) need more of the name itself."""
    for m in _APPOSITION.finditer(text):
        span = _name_before(text, m.start())
        if span is not None:
            noun = m.group("noun")
            yield span[0], span[1], noun and noun.lower(), noun is None, False
    for m in gated_finditer(SETTLEMENT_PREFIX, SETTLEMENT_PREFIX_GATE, text):
        noun = m.group("noun").lower()
        intro = "village" if noun.startswith("village") else "city" if noun[:3] == "cit" else None
        intro = intro or ("town" if noun.startswith("town") else None)
        for a, b in split_names(text, m.start("names"), m.end("names")):
            yield a, b, intro, False, False
    for m in _NOUN_AFTER.finditer(text):
        if m.start() and text[m.start() - 1] == " ":
            span = _name_before(text, m.start() - 1)
            if span is not None:
                yield span[0], span[1], m.group().lower(), False, False
    for rx in (_LIES, _BRACKETED_DISTANCE):
        for m in rx.finditer(text):
            gap = _LIES_BEFORE.search(text, max(0, m.start() - 12), m.start())
            span = None if gap is None else _name_before(text, gap.start())
            if span is not None:
                yield span[0], span[1], None, False, False
    for m in gated_finditer(_OUTSKIRTS, _OUTSKIRTS_GATE, text):
        for a, b in split_names(text, m.start("names"), m.end("names")):
            yield a, b, None, False, False
    for m in gated_finditer(_DIRECTION_OF, _DIRECTION_GATE, text):
        yield m.start("names"), m.end("names"), None, False, False
    for m in gated_finditer(_CONTROL_OF, _CONTROL_GATE, text):
        for a, b in split_names(text, m.start("names"), m.end("names")):
            yield a, b, None, False, False
    for m in ph.find_control(text):
        names = _NAMES_RX.match(text, m.end())
        if names is None:
            continue
        for a, b in split_names(text, names.start(), names.end()):
            yield a, b, None, False, False
    if fighting:
        for m in gated_finditer(_IN_PLACE, _IN_PLACE_GATE, text):
            yield m.start("names"), m.end("names"), None, False, True
