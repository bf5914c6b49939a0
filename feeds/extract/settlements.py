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
from collections.abc import Callable, Container, Iterator, Sequence

from feeds.extract import phrases as ph
from feeds.extract.gates import gated_finditer, word_gate
from feeds.extract.phrases import CONTROL_POST

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
_APPOSITION = re.compile(
    r",\s+(?i:(?:an?\s+(?:(?:small|tiny|front-?line|frontline|nearby)\s+)?"
    r"(?P<noun>village|settlement|hamlet|town)\b)"
    r"|(?P<far>(?:(?:about|some|around|roughly|nearly|approximately|just)\s+)?"
    r"(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few)\b)))"
)
"""After a name and its comma: "X, a village", "X, some 5 km ..." (the comma drives the
scan; the name is read backwards from it)."""
_KIND_AFTER = re.compile(
    r" (?P<noun>[Vv]illage|[Tt]own|[Cc]ity)\b(?!\s+(?i:of|council|hall|centre|center|"
    r"administration|authorities|officials|police|mayor)\b)"
)
"""A name followed by its kind: "Malakyun Village", "Giad city", "Abu Quta town"."""
_LIES_AFTER = re.compile(
    r",?\s+(?:which\s+)?(?:is\s+)?(?:lies|located|situated|sits)\b"
    r"|\s*\(\s*(?:about|some|approximately|around)?\s*\d[\d.,]*\s*"
    r"(?:km|kilomet(?:re|er)s?|miles?|mi)\b"
)
"""After a name: "X lies", "X, which lies", "X is located", "X (5 km"."""
_DIRECTIONS = frozenset(
    f"{a}{b}{c}"
    for a in ("north", "south", "")
    for b in ("east", "west", "-east", "-west", "")
    for c in ("", "ern")
    if a or b[:1] != "-"
) - {"", "ern"}
_KINDS = frozenset({"town", "towns", "village", "villages", "city", "cities"})
_PLACES_NOUNS = _KINDS | {"localities", "areas", "settlements", "hamlets", "districts"}
_PLACE_PREPOSITIONS = frozenset(
    "in at near towards toward to from around outside beyond past approaching into".split()  # noqa: SIM905
)
_WEAK_AFTER = re.compile(r"\s*[,.;:)]|\s+(?:and|which|where|on|in|after|before|as|to)\b|\s*$")
"""A place preposition before a name that a clause break follows ("in Sverdlikovo and
Poroz", "towards Tawergha."): a settlement only in a story about fighting."""
_JOIN = re.compile(r",\s*|,?\s+and\s+|,?\s+or\s+")
_CONTROL_POST_GATE = re.compile(
    r"(?i:\s+(?:has\s+|had\s+|have\s+|was\s+|were\s+|is\s+|remains?\s+)?(?:been\s+)?"
    r"(?:fell|fallen|captured|taken|seized|retaken|recaptured|liberated|overrun|stormed)\b)"
)
"""Before CONTROL_POST: "X had fallen to", "X was captured by" make X a settlement."""


def split_names(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of each name in a list "X, Y and Z"."""
    for m in _NAME_RX.finditer(text, start, end):
        yield m.start(), m.end()


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The name that ends right at `pos` ("Malakyun| Village")."""
    m = _NAME_AT_END.search(text, max(0, pos - 60), pos)
    return None if m is None else m.span("names")


def settlement_contexts(
    text: str,
    runs: Sequence[tuple[int, int]],
    *,
    fighting: Callable[[], bool],
    known: Container[tuple[int, int]] = (),
) -> Iterator[tuple[int, int, str | None, bool, bool]]:
    """(start, end, intro, needs a fix, weak) of every name in a settlement context. "X, 5
    km north of Y" needs a distance after the comma; `weak` contexts (a place preposition,
    read only when `fighting()`, a story about forces) need more of the name itself. `runs`:
    the text's capitalised runs (`feeds.extract.candidates`), in order; `known`: spans
    already resolved to places, whose context need not be read."""
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
    for m in ph.find_control(text):
        names = _NAMES_RX.match(text, m.end())
        if names is None:
            continue
        for a, b in split_names(text, names.start(), names.end()):
            yield a, b, None, False, False
    yield from _around_runs(text, runs, fighting, known)


def _around_runs(
    text: str,
    runs: Sequence[tuple[int, int]],
    fighting: Callable[[], bool],
    known: Container[tuple[int, int]],
) -> Iterator[tuple[int, int, str | None, bool, bool]]:
    """The contexts read around each capitalised run (cheaper than scanning the text for
    each): its kind after it, "lies" after it, and before it or before the list it
    belongs to ("now control Bunagana, Rutshuru and Kiwanja"), a direction, control, or a
    place preposition."""
    head = 0
    for k, (start, end) in enumerate(runs):
        if k == 0 or not _JOIN.fullmatch(text, runs[k - 1][1], start):
            head = start
        if (start, end) in known:
            continue
        kind = _KIND_AFTER.match(text, end)
        if kind is not None:
            yield start, end, kind.group("noun").lower(), False, False
            continue
        before = _words_before(text, head)
        if (
            _LIES_AFTER.match(text, end)
            or _strong(before)
            or (_CONTROL_POST_GATE.match(text, end) and CONTROL_POST.match(text, end))
        ):
            yield start, end, None, False, False
        elif (
            before
            and before[-1] in _PLACE_PREPOSITIONS
            and _WEAK_AFTER.match(text, end)
            and fighting()
        ):
            yield start, end, None, False, True


def _words_before(text: str, pos: int) -> list[str]:
    """The lower-cased words right before `pos` (about 40 characters of them, 90 after
    "including"), when a space separates them from it."""
    if pos == 0 or not text[pos - 1].isspace():
        return []
    words = text[max(0, pos - 40) : pos].lower().split()
    if words and words[-1].startswith("including"):
        return text[max(0, pos - 90) : pos].lower().split()
    return words


def _strong(words: list[str]) -> bool:
    """Do these words end in "north of", "control over (the (towns of))", "now control",
    "outskirts of", or "including" after a word for places ("seven villages have been
    liberated, including", not "platforms including")? A name or list after them is a settlement."""
    if words and words[-1] == "the":
        words = words[:-1]
    elif len(words) >= 3 and words[-1] == "of" and words[-3] == "the" and words[-2] in _KINDS:
        words = words[:-3]  # "control of the towns of"
    if not words:
        return False
    last = words[-1]
    if last in ("including", "including,"):
        return any(w.strip(",.") in _PLACES_NOUNS for w in words[:-1])  # "villages ... including"
    if len(words) < 2:
        return False
    if last == "of" and words[-2] == "outskirts":
        return True
    if last in ("of", "over") and words[-2] in ("control", "hold"):
        return True
    if last == "of" and words[-2] in _DIRECTIONS:
        return True
    return last == "control" and words[-2] == "now"
