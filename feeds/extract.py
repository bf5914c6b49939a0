"""Read one story's text for places, distances and changes of control.

Rules, not a model: compiled regexes over the whole text find the candidates (capitalised
name runs, number-and-unit distances, control verbs), a dictionary lookup of each
candidate's normalised key resolves places, and small local checks (apposition, actor,
negation, anaphora) decide what each statement asserts. Every item keeps its character
span (end exclusive) and its sentence so the dashboard can show where a number came from.

Speed (~2-2.7 MB/s of news text on one core; ~600 µs for a 1.4 KB feed item): no loop
over the gazetteer; the big case-insensitive patterns run only where a cheap gate says
they can start (`feeds._numbers.word_gate`); what a capitalised run or a name is in the
gazetteer is memoised across stories, since news repeats the same names all day.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feeds import _phrases as ph
from feeds._numbers import (
    ParsedDistance,
    find_distances,
    gated_search,
    parse_distance,
    word_gate,
)
from feeds.gazetteer import (
    ARTICLES,
    USER_ID_BASE,
    Gazetteer,
    _score,
    medium_key,
    normalise,
    soft_hints,
)
from feeds.places import LearnedPlaces, find_learned
from feeds.types import (
    ControlEvent,
    ControlKind,
    DistanceClaim,
    DistanceKind,
    Extraction,
    Mention,
    Place,
    Sentence,
)

__all__ = ["Extractor", "extraction_to_json", "split_sentences"]

# --- sentences ------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*[ \t]+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_ABBREV = frozenset(
    [
        "us",
        "uk",
        "un",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "feb",
        "jan",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "mar",
        "apr",
        "jun",
        "jul",
        "no",
        "vs",
        "etc",
        "am",
        "pm",
        "approx",
        "jr",
        "sr",
        "inc",
        "corp",
        "gov",
        "sen",
        "rep",
        "adm",
        "brig",
        "cpl",
        "pte",
    ]
)


def _word_ending(text: str, end: int) -> str:
    """The word (letters, digits, "_" and ".") ending at `end`, at most 12 characters long,
    read backwards (a regex search from the left tried every position)."""
    lo = max(0, end - 12)
    i = end
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; line breaks always end one ("Title\\n\\nBody")."""
    out: list[Sentence] = []
    start = 0
    for b in _BOUNDARY.finditer(text):
        if b.group()[0] == ".":
            w = _word_ending(text, b.start()).replace(".", "").lower()
            if w in _ABBREV or len(w) == 1:
                continue
        end = b.start() + (0 if b.group()[0] == "\n" else 1)
        _add_sentence(text, start, end, out)
        start = b.end()
    _add_sentence(text, start, len(text), out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    body = text[start:end]
    stripped = body.strip()  # str.strip() drops exactly the characters isspace() names
    if stripped:
        start += len(body) - len(body.lstrip())
        out.append(Sentence(stripped, start, start + len(stripped)))


# --- place candidates -----------------------------------------------------------------

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_CAP_TOKEN = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][^\W_]*(?:['’][^\W\d_]+)*"
_CONNECTORS = sorted(
    ARTICLES
    | {"de", "del", "della", "di", "da", "do", "dos", "das", "la", "le", "les", "on", "upon"}
    | {"sur", "am", "im", "der", "van", "von", "y"},
    key=len,
    reverse=True,
)
_RUN = re.compile(
    rf"(?<![\w'’.-])(?:{_CAP_TOKEN})"
    rf"(?:(?: |-)(?:(?:{'|'.join(_CONNECTORS)})(?: |-))*(?:{_CAP_TOKEN})){{0,5}}"
)
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_SUFFIX = re.compile(
    r"[ -](?P<word>provinces?|regions?|governorates?|oblasts?|districts?|countryside|city)\b",
    re.IGNORECASE,
)
_PLURAL_REGION = re.compile(
    r"(?:\s*,\s*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)*\s+and\s+[A-Z][\w'’-]*(?:[ -][\w'’-]+){0,2}?"
    r"\s+(?:provinces|regions|governorates|oblasts)\b"
)
_REGION_BEFORE = re.compile(r"(?i:(?:province|region|governorate|oblast|district)\s+of\s+$)")
_INTRO_BEFORE = re.compile(r"(?i:\b(town|city|village|settlement)\s+of\s+$)")
_INTRO_AFTER = re.compile(r"(?i:,\s+(?:a|the)\s+(?:[\w-]+\s+){0,2}?(town|city|village)\b)")
_FORCE_AFTER = re.compile(
    r"(?:-[a-z]+)?\s+(?:[\w-]+\s+)?(?:forces|troops|army|military|soldiers|units|fighters|"
    r"militias?|air\s+force|jets|drones|warplanes|navy|paratroopers|marines)\b"
    r"|-(?:backed|led|allied|supported)\b",
    re.IGNORECASE,
)
_MAX_TOKENS = 5
_NEAR_BONUS = 20.0
"""How much a homonym gains from lying within 150 km of a possible place of another name
of the story: enough for Tadmur (near As Sukhnah) to beat Palmira, Colombia (6x bigger)."""
_MIN_BARE_POP = 50_000
"""A town named with no locative word, no context and no neighbour in the story must be
this big: smaller homonyms are mostly people and things ("Walsh", "Day", "Center")."""
_CONTRACTION = re.compile(r"['’]([a-z]{1,2})$")
_COMMA = re.compile(r",\s*")
_LIST = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}")
_ASCII_LETTERS = frozenset(string.ascii_letters)


def ph_title_before(text: str, start: int) -> bool:
    """Is the name at `start` led by a title ("Sgt. Smith", "spokesman Walsh")?"""
    if start == 0 or text[start - 1] not in " \t\n":
        return False  # no space before it: no word before it either (cheap, and common)
    # The word before, read backwards within 20 characters: ASCII letters, maybe a ".",
    # then spaces or tabs (a scan from the left tried every position).
    lo = max(0, start - 20)
    j = len(text[lo:start].rstrip(" \t")) + lo
    if j == start:
        return False  # a newline right before the name
    if j > lo and text[j - 1] == ".":
        j -= 1
    i = j
    while i > lo and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    return i < j and text[i:j].lower() in ph.TITLES


def _of_before(text: str, start: int) -> bool:
    """Do the words before `start` end in "of" and a space? (Cheap: "the town of X" and
    "province of X" need it, and most names have no "of" before them.)"""
    head = text[max(0, start - 30) : start]
    word = head.rstrip()
    return len(word) < len(head) and word[-2:].lower() == "of" and word[-3:-2].isspace()


def _order(option: tuple[float, int, bool]) -> tuple[float, int]:
    """Highest score first; on a tie the earlier row (the index's own best-first order)."""
    return option[0], -option[1]


def _light(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _bare(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]]


def _near(lat: float, lon: float, anchors: _Anchors, km: float = 150.0) -> bool:
    """Is (lat, lon) within `km` of any anchor? (equirectangular: exact enough at 150 km)"""
    if isinstance(anchors, _Support):
        return anchors.near(lat, lon, km)
    for alat, alon in anchors:
        dy = (lat - alat) * 111.2
        if dy * dy >= km * km:
            continue  # too far north or south whatever the longitude: skip the cosine
        dx = (lon - alon) * 111.2 * math.cos(math.radians((lat + alat) / 2))
        if dx * dx + dy * dy < km * km:
            return True
    return False


_MAX_SUPPORT = 512
"""How many possible positions of the story's other names a name is checked against."""


class _Spots:
    """Every possible position of every name of a story, in the story's order (name by
    name), indexed by latitude so that "is one within 150 km?" looks at a thin band of
    latitudes instead of all of them (hundreds in a long story)."""

    def __init__(self, spots: dict[str, list[tuple[float, float]]]) -> None:
        self.span: dict[str, tuple[int, int]] = {}
        points: list[tuple[float, float]] = []
        for key, pts in spots.items():
            self.span[key] = (len(points), len(points) + len(pts))
            points.extend(pts)
        self.count = len(points)
        self._rows = sorted((lat, lon, i) for i, (lat, lon) in enumerate(points))
        self._lats = [r[0] for r in self._rows]

    def without(self, key: str) -> _Support:
        """The positions of the names other than `key`, the first `_MAX_SUPPORT` of them."""
        a, b = self.span.get(key, (0, 0))
        limit = _MAX_SUPPORT + (b - a) if a < _MAX_SUPPORT else _MAX_SUPPORT
        return _Support(self, a, b, min(limit, self.count))

    def near(self, lat: float, lon: float, km: float, a: int, b: int, limit: int) -> bool:
        band = km / 111.2 + 1e-6  # degrees of latitude; a little wider than needed
        i = bisect_left(self._lats, lat - band)
        j = bisect_right(self._lats, lat + band)
        for alat, alon, n in self._rows[i:j]:
            if n >= limit or a <= n < b:
                continue
            dy = (lat - alat) * 111.2
            dx = (lon - alon) * 111.2 * math.cos(math.radians((lat + alat) / 2))
            if dx * dx + dy * dy < km * km:
                return True
        return False


@dataclass(frozen=True, slots=True)
class _Support:
    """The story's positions minus one name's own: rows [0, limit) except [a, b)."""

    spots: _Spots
    a: int
    b: int
    limit: int

    def __bool__(self) -> bool:
        return self.limit - max(0, min(self.b, self.limit) - self.a) > 0

    def near(self, lat: float, lon: float, km: float) -> bool:
        return self.spots.near(lat, lon, km, self.a, self.b, self.limit)


_Anchors = Sequence[tuple[float, float]] | _Support


_MIN_START_POP = 10_000
"""A one-word name opening a sentence (or in capitals) must be a town this big, or be in
a hint country: "March", "Said" or "Hope" open sentences far more often than towns do."""


@dataclass(slots=True)
class _Found:
    """A place mention while the story is still being read (before final resolution)."""

    start: int
    end: int
    surface: str
    key: str
    country: Place | None = None
    suffix: str | None = None  # province / region / ... / city
    single_start: bool = False  # one word, opening a sentence or in capitals
    place: Place | None = None
    intro: str | None = None  # "town" when introduced as "the town of X"
    hint: str = ""  # country named right after ("X, Syria") or before ("Syria's X")
    near_region: int = -1  # region row named right after ("X, Alberta")
    evidence: bool = False  # the context says it is a place
    locative: bool = False  # a locative word before it ("in X", "near X")


# --- distances and control ------------------------------------------------------------

_TAIL = re.compile(
    rf"\s+(?:(?:to\s+the\s+)?(?P<dir>{ph.DIRECTION})(?:ern)?\s+(?P<c1>of|from)\s+"
    r"|(?P<c2>from|of|outside(?:\s+of)?|short\s+of|away\s+from|off)\s+"
    r"|(?P<away>away)\b)",
    re.IGNORECASE,
)
_EDGE = re.compile(
    r"the\s+(?:[a-z-]+\s+){0,2}?(?:frontier|border|boundary|edge|edges|outskirts|centre"
    r"|center|heart|gates|limits)\s+of\s+",
    re.IGNORECASE,
)
_NO_PLACE = re.compile(
    r"the\s+(?:[a-z-]+\s+)?(?:border|frontier|front\s*line|frontline|coast|sea|river|boundary)\b",
    re.IGNORECASE,
)
_OUTSKIRTS = re.compile(r"(?<![\w-])(?:the\s+)?(?:[a-z-]+ern\s+)?outskirts\s+of\s+", re.IGNORECASE)
_APPOSITION = re.compile(r",\s*$")
_GEO_VERB_WORDS = r"lies|lie|lay|located|situated|sits|stands|which\s+is|that\s+is"
_GEO_VERB = re.compile(rf"(?i:\b(?:{_GEO_VERB_WORDS})\s+(?:\w+\s+)?$)")
_GEO_VERB_GATE = word_gate(_GEO_VERB_WORDS.split("|"), before=r"\w")
_PLACE_NOUN = (
    r"(?:town|city|village|hamlet|settlement|suburb|district|neighbou?rhood|capital|port"
    r"|hub|junction|crossroads|crossing|post|outpost|stronghold|base|camp|kibbutz|centre"
    r"|center|municipality|seat|enclave|pocket|market|oasis)"
)
_PLACE_APPOSITION = re.compile(
    rf"(?i:,\s+(?:(?:a|an|the)\s+(?:[\w'’,-]+\s+){{0,6}}?{_PLACE_NOUN}\b(?:[^,;:]|(?<=\d),(?=\d)){{0,40}}?)?\s*$)"
)
"""A descriptive phrase that names what a place is (", a mining town about", ", the
district centre", ","), right before a distance: the distance describes that place."""
_PLACE_BEFORE_COMMA = re.compile(
    rf"(?i:\b{_PLACE_NOUN}(?:\s+of\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+)?\s*,\s*$)"
)
"""The noun before that comma is a place ("the capital of Gezira state, some 165 km")."""
_PLACE_NOUN_BEFORE = re.compile(rf"(?i:\b(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?{_PLACE_NOUN}\s+$)")
"""A place noun right before a distance: "the hilltop mining town about 50 km southwest of"."""
_ARTICLE_GATE = word_gate(["a", "an", "the"], before=r"\w")
_AFTER_ACTOR = re.compile(r"\s+to\s+")
_UNNAMED_HELD = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,3}?(town|city|village)\s+(?:still\s+)?(?:held|controlled)\s+by\s+",
    re.IGNORECASE,
)
# Cheap tests for words the two patterns above need: most stories lack them, and then the
# patterns (slow to try at every position of a text) need not run at all.
_OUTSKIRTS_CUE = word_gate(["outskirts"])
_UNNAMED_HELD_CUE = word_gate([r"held\s+by\s", r"controlled\s+by\s"])
_COUNTRY_SUBJECT = re.compile(r"^\s*(?:(?:has|have|had|forces|troops)\s+)*$")


_Homonyms = tuple[
    tuple[tuple[float, int, str, int, float, float], ...], tuple[tuple[float, int, str], ...]
]
"""Towns and regions a name may be, with the name-only part of their scores."""

_CACHE_LIMIT = 50_000
"""Entries per memo of the Extractor (names, runs, rankings) before it starts afresh:
bounded memory over weeks of feeds, and a desk's names recur, so the memos stay warm."""


def _run_tokens(words: str) -> tuple[tuple[int, int], ...]:
    """Token spans (offsets into `words`, one capitalised run) as `Extractor._tokens` wants."""
    toks: list[tuple[int, int]] = []
    for t in _TOKEN.finditer(words):
        a, b = t.span()
        tail = _CONTRACTION.search(t.group())
        if tail is not None:
            if tail.group(1).lower() != "s":
                break
            b -= len(tail.group())
        toks.append((a, b))
    return tuple(toks)


@dataclass(frozen=True, slots=True)
class _Name:
    """The longest known span of a capitalised run from one token: offsets into the run
    (end exclusive), its last token, and what the name is on its own."""

    start: int
    end: int
    j: int
    country: Place | None
    key: str
    known: bool


@dataclass(frozen=True, slots=True)
class _RunPlan:
    """What a capitalised run's own words say (see `Extractor._plan`)."""

    toks: tuple[tuple[int, int], ...]
    whole_is_place: bool  # all its tokens together name a place ("Prince Edward Island")
    last: str  # its last token, lowercased: the surname if the run is a person
    person: str | None  # that surname when a title or given name opens the run
    names: tuple[_Name | None, ...]  # per token, before any title or given name


class Extractor:
    """Finds Mentions, DistanceClaims and ControlEvents in a text; reusable.

    Results depend on the text and `countries` only. What a name is in the gazetteer
    does not change between stories, so those look-ups are memoised (bounded; see
    `_CACHE_LIMIT`): news repeats the same few hundred names all day.
    """

    def __init__(
        self, gazetteer: Gazetteer, *, learn: bool = True, memory: LearnedPlaces | None = None
    ) -> None:
        """`learn`: names in a settlement context that the gazetteer lacks become learned
        towns (estimated or unknown location, see `feeds.places`); `memory` keeps their
        best fixes across stories (and files, when it has a path)."""
        self._gz = gazetteer
        self._learn = learn
        self.memory = memory
        self._names: dict[str, tuple[Place | None, str, bool]] = {}
        self._runs: dict[str, _RunPlan] = {}
        self._alone: dict[tuple[object, ...], tuple[Place, float] | None] = {}
        self._homonyms: dict[tuple[str, str, str | None], _Homonyms] = {}

    # --- public -----------------------------------------------------------------------

    def extract(self, text: str, *, countries: Sequence[str] = ()) -> Extraction:
        """Read `text`. `countries` (ISO alpha-2, the fronts') win ties between homonyms."""
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        found = self._find_places(text, sentences, countries)
        mentions = [Mention(f.surface, f.start, f.end, f.place) for f in found if f.place]
        if self._learn:
            learned = find_learned(text, mentions, self._gz, countries, self.memory)
            if learned:
                found = [f for f in found if not any(x.start <= f.start < x.end for x in learned)]
                found.extend(
                    _Found(x.start, x.end, x.text, normalise(x.text), place=x.place, intro=x.intro)
                    for x in learned
                )
                found.sort(key=lambda f: f.start)
                mentions = [Mention(f.surface, f.start, f.end, f.place) for f in found if f.place]
        doc = _Doc(text, sentences, starts, found, mentions)
        distances = self._distances(doc)
        control = self._control(doc)
        return Extraction(text, tuple(mentions), tuple(distances), tuple(control))

    # --- places -----------------------------------------------------------------------

    def _find_places(
        self, text: str, sentences: list[Sentence], countries: Sequence[str]
    ) -> list[_Found]:
        """Candidates from capitalised runs, then two passes of resolution.

        Pass one resolves every name alone (the fronts' countries, the spelling, the
        "X, Y" context). Pass two re-ranks each name by what the *other* names of the
        story settled on: their countries (weighted by how sure pass one was) and their
        positions (a homonym within ~150 km of another place of the story wins). A name
        never votes for itself, so one Colombian Palmira cannot outvote As Sukhnah.
        """
        sentence_starts = set()
        for s in sentences:
            i = s.start
            while i < s.end and not text[i].isalnum():
                i += 1
            sentence_starts.add(i)
        found: list[_Found] = []
        persons: set[str] = set()
        for run in _RUN.finditer(text):
            plan = self._plan(run.group())
            if not plan.toks:
                continue
            at = run.start()
            if ph_title_before(text, at) and not plan.whole_is_place:
                persons.add(plan.last)
                continue
            if plan.person is not None:
                persons.add(plan.person)
            i = 0
            while i < len(plan.names):
                name = plan.names[i]
                hit = None if name is None else self._longest(text, at, i, name, sentence_starts)
                if name is None or hit is None:
                    i += 1
                    continue
                found.append(hit)
                i = name.j + 1
        found = [
            f
            for f in found
            if f.country is not None
            or f.suffix is not None
            or " " in f.surface
            or f.surface.lower() not in persons
        ]
        self._context(text, found)
        # Pass one: each name alone.
        votes: dict[str, dict[str, float]] = {}
        first: dict[str, tuple[Place, float]] = {}
        for f in found:
            if f.country is not None:
                if not _FORCE_AFTER.match(text, f.end):  # "Russian troops": who, not where
                    v = votes.setdefault(f.key, {})
                    v[f.country.country] = v.get(f.country.country, 0.0) + 1.0
                continue
            k1 = (f.key, f.surface, f.suffix, f.hint, f.near_region, f.intro)
            best = self._rank_alone(f, k1, countries)
            if best is None:
                continue
            place, prob = best
            first.setdefault(f.key, (place, prob))
            if place.country:
                v = votes.setdefault(f.key, {})
                v[place.country] = v.get(place.country, 0.0) + prob
        total: dict[str, float] = {}
        for c in votes.values():
            for cc, share in c.items():
                total[cc] = total.get(cc, 0.0) + share
        # Where each name may be: every homonym of a name with few of them. Two names of
        # one story that have homonyms within 150 km of each other support each other.
        spots: dict[str, list[tuple[float, float]]] = {}
        for f in found:
            if f.country is None and f.key not in spots:
                rows = self._gz.rows(f.key)
                if 1 <= len(rows) <= 64:
                    spots[f.key] = [(t.lat, t.lon) for t in map(self._gz.town, rows)]
        every_spot = _Spots(spots)
        # Pass two: each name among the others.
        out: list[_Found] = []
        memo: dict[tuple[str, str, bool, str | None, int], Place | None] = {}
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
                region = self._country_or_region(f, weights)
                if region is not None:
                    f.place = region
                else:
                    f.place = f.country
                out.append(f)
                continue
            k = (f.key, f.surface, f.single_start, f.suffix, f.near_region)
            if k not in memo:
                anchors = [spot for key, spot in sure_towns if key != f.key][:64]
                support = every_spot.without(f.key)
                best = self._rank(f, countries, weights, support)
                chosen = None if best is None else best[0]
                if chosen is not None and not self._credible(
                    f, chosen, countries, weights, anchors or support
                ):
                    chosen = None
                memo[k] = chosen
            f.place = memo[k]
            if f.place is not None:
                out.append(f)
        return out

    def _plan(self, words: str) -> _RunPlan:
        """What a capitalised run holds, as far as its own words tell (memoised per run).

        Its tokens; whether it opens with a title or given name (then the rest is a person,
        "President Obama", "Donald Trump", unless the whole names a place: "Prince Edward
        Island"); and for each token the longest span starting there that the gazetteer
        knows, which `_longest` then checks against the text around it.
        """
        plan = self._runs.get(words)
        if plan is not None:
            return plan
        toks = _run_tokens(words)
        kept, person = len(toks), None
        for n, (a, b) in enumerate(toks):
            w = words[a:b].lower()
            if (w in ph.TITLES or (w in ph.GIVEN_NAMES and n + 1 < len(toks))) and not (
                self._is_place(words, toks, n)
            ):
                if n + 1 < len(toks):
                    person = _bare(words, toks[-1]).lower()
                kept = n
                break
        names: list[_Name | None] = []
        for i in range(kept):
            names.append(self._span_at(words, toks[:kept], i))
        plan = _RunPlan(
            toks,
            bool(toks) and self._is_place(words, toks, 0),
            _bare(words, toks[-1]).lower() if toks else "",
            person,
            tuple(names),
        )
        if len(self._runs) >= _CACHE_LIMIT:
            self._runs.clear()
        self._runs[words] = plan
        return plan

    def _span_at(self, words: str, toks: Sequence[tuple[int, int]], i: int) -> _Name | None:
        """The longest capitalised span of a run from token i that is a known name or a
        country (up to `_MAX_TOKENS` tokens); None when token i opens none."""
        if not words[toks[i][0]].isupper():
            return None
        last = min(len(toks), i + _MAX_TOKENS) - 1
        for j in range(last, i - 1, -1):
            if not words[toks[j][0]].isupper():
                continue
            surface = words[toks[i][0] : toks[j][1]]
            single = i == j
            if single and surface.lower() in ph.STOPWORDS:
                return None
            country, key, known = self._name(surface)
            if single and len(surface) < 2:
                country = None
            if country is not None or known:
                return _Name(toks[i][0], toks[j][1], j, country, key, known)
        return None

    def _is_place(self, text: str, toks: Sequence[tuple[int, int]], n: int) -> bool:
        """Do tokens n.. of a run name a place as a whole ("Prince Edward Island")?"""
        if n + 1 >= len(toks):
            return False
        surface = text[toks[n][0] : toks[-1][1]]
        key = normalise(surface)
        return self._gz.has_key(key) or bool(self._gz.region_rows(key))

    def _context(self, text: str, found: list[_Found]) -> None:
        """ "Edmonton, Alberta" / "London, Ont." / "Syria's Homs": the next or possessive
        name says which country (and region) a name is in."""
        for a, b in itertools.pairwise(found):
            if not _COMMA.fullmatch(text, a.end, b.start) or a.country is not None:
                continue
            if b.country is not None:
                a.hint = b.country.country
            else:
                regions = self._gz.region_rows(b.key)
                if regions and not self._gz.rows(b.key):
                    r = regions[0]
                    a.hint = self._gz.region(r).country
                    a.near_region = r
            if a.hint:
                a.evidence = True
        for a, b in itertools.pairwise(found):
            if a.country is not None and _POSSESSIVE.fullmatch(text, a.end, b.start):
                b.hint = b.hint or a.country.country
                b.evidence = True
            elif (a.locative or a.evidence) and _LIST.fullmatch(text, a.end, b.start):
                b.evidence = True  # "near Deir Al-Zor and Khan Shaykhun": a list of places

    def _rank(
        self,
        f: _Found,
        countries: Sequence[str],
        story: dict[str, float],
        anchors: _Anchors,
    ) -> tuple[Place, float] | None:
        """The likeliest place for a candidate and how sure (its share of all scores).

        Score = population x name bonus x the largest country weight (100 for the fronts'
        countries, the story's countries up to 100, 10 for an Arabic article's region, 1000
        for "X, <country or region>") x 10 inside the region named after it x 5 when within
        150 km of a possible place of another name of the story.
        """
        gz = self._gz
        soft = soft_hints(f.surface)
        weights: dict[str, float] = {}

        def weight(cc: str) -> float:
            w = weights.get(cc)
            if w is None:
                w = 100.0 if cc in countries else 1.0
                w = max(w, story.get(cc, 1.0))
                if cc in soft:
                    w = max(w, 10.0)
                if cc and cc == f.hint:
                    w = max(w, 1000.0)
                weights[cc] = w
            return w

        towns, regions = self._homonyms_of(f)
        near = bool(anchors) and len(towns) + len(regions) >= 2  # else nothing to choose
        scores: list[tuple[float, int, bool]] = []
        for base, r, cc, town_region, lat, lon in towns:
            s = base * weight(cc)
            if f.near_region >= 0 and town_region == f.near_region:
                s *= 10.0
            if near and _near(lat, lon, anchors):
                s *= _NEAR_BONUS
            scores.append((s, r, False))
        for base, r, cc in regions:
            scores.append((base * weight(cc), r, True))
        if not scores:
            return None
        total = sum(s for s, _, _ in scores)
        if f.suffix and f.suffix != "city":
            best_r = max((x for x in scores if x[2]), default=None, key=_order)
            if best_r is not None:
                return gz.region(best_r[1]), best_r[0] / total
            best_t = max(scores, key=_order)
            town = gz.town(best_t[1])
            word = {"countryside": "countryside"}.get(f.suffix, f.suffix.rstrip("s"))
            synthetic = Place(
                -town.geonameid,
                f"{town.name} {word}",
                town.country,
                town.lat,
                town.lon,
                0,
                "region",
            )
            return synthetic, best_t[0] / total
        best_town = max((x for x in scores if not x[2]), default=None, key=_order)
        best_region = max((x for x in scores if x[2]), default=None, key=_order)
        if best_town and best_region:
            town, region = gz.town(best_town[1]), gz.region(best_region[1])
            inside = gz.town_region(best_town[1]) == best_region[1]
            if inside and town.population * 5 >= max(region.population, 1):
                return town, best_town[0] / total
            if f.intro or best_town[0] > best_region[0] * 10:
                return town, best_town[0] / total
            return region, best_region[0] / total
        if best_region:
            return gz.region(best_region[1]), best_region[0] / total
        assert best_town is not None
        return gz.town(best_town[1]), best_town[0] / total

    def _rank_alone(
        self, f: _Found, k1: tuple[object, ...], countries: Sequence[str]
    ) -> tuple[Place, float] | None:
        """`_rank` of a name on its own (no story weights, no anchors), memoised: it
        depends only on `k1` (the name and its local context) and the fronts' countries."""
        memo_key = (*k1, *countries)
        if memo_key not in self._alone:
            if len(self._alone) >= _CACHE_LIMIT:
                self._alone.clear()
            self._alone[memo_key] = self._rank(f, countries, {}, ())
        return self._alone[memo_key]

    def _homonyms_of(self, f: _Found) -> _Homonyms:
        """The towns (at most 80, best first) and regions a name may be, with the parts of
        their scores that depend on the name alone: (population x name bonus, row,
        country, first-level region, lat, lon) and (population x 2, row, country).

        Name bonus x5 when the place is spelt like the mention (up to case, accents,
        articles, a trailing h), x2 when its own name folds to the same key, else x1.
        Memoised per (key, spelling, suffix): the costly part of ranking, and the same
        names come back story after story."""
        memo_key = (f.key, f.surface, f.suffix)
        hit = self._homonyms.get(memo_key)
        if hit is not None:
            return hit
        gz = self._gz
        spelt = medium_key(f.surface)
        towns = []
        for r in gz.rows(f.key)[:80]:
            town = gz.town(r)
            bonus = 5.0 if medium_key(town.name) == spelt else 2.0
            if bonus == 2.0 and normalise(town.name) != f.key:
                bonus = 1.0
            base = 1e15 if gz.is_user(r) else _score(town.population, bonus)  # the user's own
            towns.append((base, r, town.country, gz.town_region(r), town.lat, town.lon))
        regions = gz.region_rows(normalise(f.surface)) or gz.region_rows(f.key)
        if f.suffix == "city":
            regions = ()
        elif f.suffix:
            regions = tuple(r for r in regions if gz.region_level(r) != 0)
        hit = (
            tuple(towns),
            tuple((_score(gz.region(r).population, 2.0), r, gz.region(r).country) for r in regions),
        )
        if len(self._homonyms) >= _CACHE_LIMIT:
            self._homonyms.clear()
        self._homonyms[memo_key] = hit
        return hit

    def _credible(
        self,
        f: _Found,
        place: Place,
        countries: Sequence[str],
        story: dict[str, float],
        anchors: _Anchors,
    ) -> bool:
        """Is this capitalised word a place at all? Small towns need a reason.

        News names thousands of people and things that share a name with some village
        ("Walsh", "Day", "Center"). A town under 50,000 people counts only with evidence:
        a locative word before it ("in", "near", "captured"), an "X, Y" or "town of X"
        context, an Arabic article, the fronts' countries, or another place of the story
        within 150 km.
        """
        if place.kind == "country" or place.geonameid >= USER_ID_BASE:
            return True
        spelt = medium_key(f.surface) == medium_key(place.name) or _light(f.surface) == _light(
            place.name
        )
        if place.kind == "region":
            # "Alberta", "Donetsk Oblast": spelt as the region or named with its word; a
            # lone word matched through folding ("Unite" for Unity) needs context.
            return bool(
                spelt
                or f.suffix
                or " " in f.surface
                or f.evidence
                or f.locative
                or place.country in countries
            )
        hinted = place.country in countries or story.get(place.country, 0.0) >= 50.0
        if f.single_start and place.population < _MIN_START_POP and not hinted:
            return False
        if f.evidence or f.intro or f.suffix or place.country in countries:
            return True
        if soft_hints(f.surface):
            return True
        if anchors and _near(place.lat, place.lon, anchors, 150.0):
            return True
        if f.locative:
            return True
        # No context at all: only a big town spelt as GeoNames spells it ("Phoenix"), not
        # one reached through transliteration folding ("Day" for Di An, "Boon" for Bonn).
        if hinted and place.population >= _MIN_START_POP:
            return True  # a fair-sized town in a country the story is about
        return spelt and place.population >= _MIN_BARE_POP

    def _country_or_region(self, f: _Found, story: dict[str, float]) -> Place | None:
        """ "Georgia" in a story about the United States is the state, not the country."""
        assert f.country is not None
        if story.get(f.country.country, 0.0) >= 10.0:
            return None
        for r in self._gz.region_rows(f.key):
            region = self._gz.region(r)
            if self._gz.region_level(r) == 1 and story.get(region.country, 0.0) >= 50.0:
                return region
        return None

    def _name(self, surface: str) -> tuple[Place | None, str, bool]:
        """What a name is on its own: the country it names, its key, whether the gazetteer
        knows the key (as a town or region). Memoised: pure, and asked for every run."""
        hit = self._names.get(surface)
        if hit is None:
            key = normalise(surface)
            known = self._gz.has_key(key) or bool(self._gz.region_rows(key))
            hit = (self._gz.country_for(surface), key, known)
            if len(self._names) >= _CACHE_LIMIT:
                self._names.clear()
            self._names[surface] = hit
        return hit

    def _longest(
        self,
        text: str,
        at: int,
        i: int,
        name: _Name,
        sentence_starts: set[int],
    ) -> _Found | None:
        """The place mention a run's span (`_RunPlan.names[i]`, the run at `at` in `text`)
        makes in this text, or None: the words around it decide (a suffix "province", "the
        town of", "in", "said" ...)."""
        start, end = at + name.start, at + name.end
        surface = text[start:end]
        single = i == name.j
        country, key, known = name.country, name.key, name.known
        suffix = _SUFFIX.match(text, end) if known else None
        if country is not None and not (suffix and known):
            return _Found(start, end, surface, key, country=country)
        if single and surface.isupper() and len(surface) < 5:
            return None  # acronyms ("IS", "SDF") are not towns
        if single and len(surface) < 3:
            return None
        f = _Found(start, end, surface, key)
        f.single_start = single and (start in sentence_starts or surface.isupper())
        of_before = _of_before(text, start)
        if suffix:
            f.suffix = suffix.group("word").lower()
            f.end = suffix.end()
            f.surface = text[start : f.end]
        elif _PLURAL_REGION.match(text, end) or (
            of_before and _REGION_BEFORE.search(text, max(0, start - 30), start)
        ):
            f.suffix = "region"
        intro = _INTRO_BEFORE.search(text, max(0, start - 20), start) if of_before else None
        after = _INTRO_AFTER.match(text, f.end)
        if f.suffix == "city":
            f.intro = "city"
        elif intro:
            f.intro = intro.group(1).lower()
        elif after:
            f.intro = after.group(1).lower()
        f.locative = ph.locative_before(text, start)
        if single and not f.locative and ph.PERSON_AFTER.match(text, f.end):
            return None  # "Walsh said": a person
        return f
        return None

    # --- distances --------------------------------------------------------------------

    def _distances(self, doc: _Doc) -> list[DistanceClaim]:
        text = doc.text
        out: list[DistanceClaim] = []
        consumed: list[tuple[int, int]] = []
        for m in find_distances(text):
            parsed = parse_distance(m)
            if parsed is None:
                continue
            tail = _TAIL.match(text, m.end())
            if tail is None:
                continue
            sentence = doc.sentence_at(m.start())
            apposed = doc.mention_before(m.start(), _APPOSITION)
            if tail.group("away"):
                if apposed is None or apposed.place.kind == "country":
                    continue
                topic = doc.topic_before(apposed)
                claim = self._claim(
                    doc,
                    parsed,
                    None,
                    topic,
                    None,
                    None,
                    "geographic",
                    m.start(),
                    tail.end(),
                    sentence,
                )
                out.append(claim)
                continue
            ref_pos = tail.end()
            edge = _EDGE.match(text, ref_pos)
            if edge:
                ref_pos = edge.end()
            ref, ref_text, end = doc.reference_at(ref_pos)
            if ref is None:
                no_place = _NO_PLACE.match(text, ref_pos)
                if not no_place or (tail.group("c2") or tail.group("c1") or "").lower() != "from":
                    continue
                end = no_place.end()
            direction = ph.direction_code(tail.group("dir")) if tail.group("dir") else None
            kind = self._kind(doc, sentence, m.start(), apposed is not None)
            if kind == "force_position" and doc.not_asserted(sentence, m.start()):
                continue
            subject = doc.actor_before(sentence, m.start()) if kind == "force_position" else None
            out.append(
                self._claim(
                    doc, parsed, direction, ref, ref_text, subject, kind, m.start(), end, sentence
                )
            )
            consumed.append((m.start(), end))
        for m in _OUTSKIRTS.finditer(text) if _OUTSKIRTS_CUE.search(text) else ():
            if any(a <= m.start() < b for a, b in consumed):
                continue
            ref, ref_text, end = doc.reference_at(m.end())
            if ref is None:
                continue
            sentence = doc.sentence_at(m.start())
            if self._kind(doc, sentence, m.start(), False) != "force_position":
                continue
            if doc.not_asserted(sentence, m.start()):
                continue
            parsed = ParsedDistance(3.0, 0.0, 3.0, "within")
            subject = doc.actor_before(sentence, m.start())
            out.append(
                self._claim(
                    doc,
                    parsed,
                    "outskirts",
                    ref,
                    ref_text,
                    subject,
                    "force_position",
                    m.start(),
                    end,
                    sentence,
                )
            )
        out.sort(key=lambda c: c.start)
        return out

    @staticmethod
    def _kind(doc: _Doc, sentence: Sentence, pos: int, apposed: bool) -> DistanceKind:
        """Force position when the clause puts a force there; else a fact about the map."""
        if apposed:
            return "geographic"
        pre = doc.text[sentence.start : pos]
        if gated_search(_GEO_VERB, _GEO_VERB_GATE, pre) or _describes_place(
            doc, pre, sentence.start
        ):
            return "geographic"
        return "force_position" if ph.force_cue(pre) else "geographic"

    @staticmethod
    def _claim(
        doc: _Doc,
        parsed: ParsedDistance,
        direction: str | None,
        ref: Mention | Place | None,
        ref_text: str | None,
        subject: str | None,
        kind: DistanceKind,
        start: int,
        end: int,
        sentence: Sentence,
    ) -> DistanceClaim:
        if isinstance(ref, Mention):
            ref_text = ref_text or ref.text
            ref = ref.place
        return DistanceClaim(
            value_km=parsed.value_km,
            low_km=parsed.low_km,
            high_km=parsed.high_km,
            qualifier=parsed.qualifier,
            direction=direction,
            reference=ref,
            reference_text=ref_text,
            subject=subject,
            kind=kind,
            start=start,
            end=end,
            sentence=sentence,
        )

    # --- control ----------------------------------------------------------------------

    def _control(self, doc: _Doc) -> list[ControlEvent]:
        text = doc.text
        out: dict[tuple[int, int], ControlEvent] = {}
        for cm in ph.find_control(text):
            verb = cm.group("verb")
            kind = ph.control_kind(verb)
            ref, ref_text, end = doc.reference_at(cm.end(), towns_only=True)
            if ref is None and cm.group("fill") and cm.group("fill").strip().lower() == "the":
                ref, ref_text, end = doc.reference_at(cm.start("fill") + 1, towns_only=True)
            if ref is None:
                part = ph.PART_OF.match(text, cm.start("fill") if cm.group("fill") else cm.end())
                if part is not None:
                    ref, ref_text, end = doc.reference_at(part.end(), towns_only=True)
            if ref is None and not cm.group("fill"):
                it = ph.IT.match(text, cm.end())
                target = doc.antecedent(cm.start(), "town") if it else None
                if it is not None and target is not None:
                    ref, ref_text, end = target.place, it.group(), it.end()
            if ref is None:
                continue
            place = ref.place if isinstance(ref, Mention) else ref
            if place.kind != "town":
                continue
            sentence = doc.sentence_at(cm.start())
            first = verb.split()[0].lower()
            if (
                first.endswith("ing")
                and kind not in ("advancing", "contested")
                and not ph.GERUND_OK.search(text, sentence.start, cm.start())
            ):
                continue  # "Capturing Al-Sukhna would open the road": not an event
            if doc.not_asserted(sentence, cm.start()) or ph.INFINITIVE.search(
                text, max(sentence.start, cm.start() - 5), cm.start()
            ):
                continue
            if first == "fall" or first == "the":
                after = _AFTER_ACTOR.match(text, end)
                actor_m = ph.ACTOR.match(text, after.end()) if after else None
                actor = actor_m.group() if actor_m else None
            else:
                actor = doc.actor_before(sentence, cm.start())
            if kind == "held" and actor is None:
                continue  # "held" with no force as subject: talks, elections, hostages
            place_text = ref_text or (ref.text if isinstance(ref, Mention) else place.name)
            event = ControlEvent(kind, place, place_text, actor, cm.start(), end, sentence)
            out[(cm.start(), place.geonameid)] = event
            for more in doc.listed_after(event):
                out.setdefault((more.start, more.place.geonameid), more)
        for hm in _UNNAMED_HELD.finditer(text) if _UNNAMED_HELD_CUE.search(text) else ():
            ev = self._unnamed_held(doc, hm)
            if ev is not None:
                out[(ev.start, ev.place.geonameid)] = ev
        for f in doc.mentions:
            if f.place.kind != "town":
                continue
            ev = self._post_event(doc, f)
            if ev is not None:
                out[(ev.start, ev.place.geonameid)] = ev
        for nm in _town_nouns(text):
            if not ph.CONTROL_POST.match(text, nm.end()):
                continue
            am = _anaphor_ending(text, nm.end())
            if am is None:
                continue
            target = doc.antecedent(am.start(), am.group(1).lower())
            if target is None:
                continue
            ref = Mention(am.group(), am.start(), am.end(), target.place)
            back = self._post_event(doc, ref)
            if back is not None:
                out.setdefault((back.start, back.place.geonameid), back)
        for w in _withdrawals_after(doc, sorted(out.values(), key=lambda e: e.start)):
            out.setdefault((w.start, w.place.geonameid), w)
        return sorted(out.values(), key=lambda e: e.start)

    @staticmethod
    def _unnamed_held(doc: _Doc, hm: re.Match[str]) -> ControlEvent | None:
        """ "the last major town held by Daesh ... the town of Al-Sukhna": wire copy often
        names the town only in the next sentence, as "the town of X"."""
        actor = ph.ACTOR.match(doc.text, hm.end())
        if actor is None:
            return None
        sentence = doc.sentence_at(hm.start())
        later = [s for s in doc.sentences if s.start >= sentence.start][:2]
        limit = later[-1].end if later else sentence.end
        noun = hm.group(1).lower()
        for m in doc.mentions:
            if hm.end() <= m.start < limit and m.place.kind == "town" and doc.intro(m) == noun:
                return ControlEvent(
                    "held", m.place, m.text, actor.group(), hm.start(), actor.end(), sentence
                )
        return None

    def _post_event(self, doc: _Doc, f: Mention) -> ControlEvent | None:
        """Events where the place is the subject: "Kupiansk fell to Russian forces"."""
        text = doc.text
        sentence = doc.sentence_at(f.start)
        pm = ph.CONTROL_POST.match(text, f.end)
        if pm is not None and not DENIED_BEFORE(text, sentence.start, f.start):
            kind: ControlKind = "held"
            if pm.group("fell"):
                kind = "captured"
            elif pm.group("passive"):
                passive = " ".join(pm.group("passive").lower().split())
                kind = ph.PASSIVE_KIND.get(passive, "captured")
            elif pm.group("siege"):
                kind = "besieged"
            actor: str | None = None
            end = pm.end()
            if pm.group("who"):
                actor = pm.group("who").strip()  # "under Daesh control"
            else:
                am = ph.ACTOR.match(text, pm.end())
                if am is not None:
                    actor, end = am.group(), am.end()
                elif pm.group("held") or pm.group("ctl"):
                    return None  # "held by" someone we cannot name: not worth an event
                else:  # no actor: the span ends on the verb, not on a dangling "by"/"to"
                    end = max(pm.end(g) for g in ("fell", "passive", "siege") if pm.group(g))
            return ControlEvent(kind, f.place, f.text, actor, f.start, end, sentence)
        lo = max(sentence.start, f.start - 40)
        held = ph.HELD_ADJ.search(text, lo, f.start) if "-" in text[lo : f.start] else None
        if held is not None:
            return ControlEvent(
                "held", f.place, f.text, held.group("actor"), held.start(), f.end, sentence
            )
        return None


def _describes_place(doc: _Doc, pre: str, offset: int) -> bool:
    """Is a distance after `pre` part of a phrase describing a place rather than a clause
    putting a force there? ("Bartella, a mostly Christian town about 15 km east of";
    "the capital of Gezira state, some 165 km southeast of"; "the mining town 50 km ...")
    A force named in that phrase ("troops, some 5 km from ...") keeps it a position."""
    if gated_search(_PLACE_NOUN_BEFORE, _ARTICLE_GATE, pre):
        return True
    appos = _PLACE_APPOSITION.search(pre)
    if appos is None:
        return False
    phrase = pre[appos.start() :]
    if ph.force_cue(phrase):
        return False
    if phrase.strip(", \t\n") and phrase.lstrip(", ").lower().startswith(("a ", "an ")):
        return True  # ", a village about": an indefinite description says what it is
    before = pre[: appos.start() + 1]
    if _PLACE_BEFORE_COMMA.search(before):
        return True
    m = doc.mention_before(offset + appos.start(), _EMPTY)
    if m is not None and phrase.strip(", \t\n"):
        return True  # "Bukavu, the provincial capital ..."
    a = ph.ANAPHOR.search(before[-40:]) if before else None
    return a is not None and before.rstrip(", ").endswith(a.group())


_EMPTY = re.compile(r"")
_TOWN_NOUNS = ["town", "city", "village", "settlement", "kibbutz", "port"]
_ANAPHOR_NOUN = re.compile(rf"\b(?i:{'|'.join(_TOWN_NOUNS)})\b")
_TOWN_NOUN_CUE = word_gate(_TOWN_NOUNS)


def _town_nouns(text: str) -> Iterator[re.Match[str]]:
    """`_ANAPHOR_NOUN.finditer(text)`, tried only where a town noun spelling starts (few
    words open with one: cheaper than the word-start gate of `gated_finditer`)."""
    end = 0
    for g in _TOWN_NOUN_CUE.finditer(text):
        m = _ANAPHOR_NOUN.match(text, g.start()) if g.start() >= end else None
        if m is not None:
            yield m
            end = m.end()


def _anaphor_ending(text: str, end: int) -> re.Match[str] | None:
    """The "the town" / "the northern city" phrase ending at `end`, if any: the town as
    the subject of "fell to", "was captured by", "has been held by"."""
    lo = max(0, end - 50)
    for i in range(end - 1, lo - 1, -1):
        if text.startswith(("the ", "The "), i) and (i == 0 or not text[i - 1].isalnum()):
            m = ph.ANAPHOR.match(text, i)
            return m if m is not None and m.end() == end else None
    return None


_LIST_JOIN = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?:the\s+)?(?:nearby|neighbou?ring|adjacent|"
    r"surrounding)\s+)?(?:(?:the\s+)?(?:towns?|villages?|city)\s+of\s+)?"
)
"""What joins the places of one event: "captured X, Y and the nearby village of Z"."""
_GAVE_UP = re.compile(
    r"(?<=\w)\s+(?:had\s+|have\s+|has\s+)?(?:pulled\s+out|withdr(?:ew|awn)|retreated|pulled\s+back"
    r"|fell\s+back|fled)\b(?!\s+(?:from|of)\b)",
    re.IGNORECASE,
)
"""A force giving ground with no place named ("after government troops pulled out")."""
_GAVE_UP_CUE = word_gate(["pulled", "withdr", "retreated", "fell", "fled"])
"""The verbs `_GAVE_UP` needs: a sentence without one is not searched."""


def _withdrawals_after(doc: _Doc, events: list[ControlEvent]) -> list[ControlEvent]:
    """ "M23 took Rutshuru after government troops pulled out": an intransitive
    withdrawal in the sentence of a capture or entry is a withdrawal from that town."""
    out: list[ControlEvent] = []
    text = doc.text
    for ev in events:
        if ev.event not in ("captured", "entered", "recaptured"):
            continue
        s = ev.sentence
        if _GAVE_UP_CUE.search(text, ev.end, s.end) is None:
            continue
        for g in _GAVE_UP.finditer(text, ev.end, s.end):
            a = doc.actor_ending(s, g.start())
            if a is None or doc.not_asserted(s, a.start()):
                continue
            if a.group().lower() == (ev.actor or "").lower():
                continue  # the taker withdrawing is another story
            out.append(
                ControlEvent("withdrew", ev.place, ev.place_text, a.group(), a.start(), g.end(), s)
            )
            break
    return out


def DENIED_BEFORE(text: str, start: int, end: int) -> bool:
    return ph.denied_in(text, start, end)


# --- the document being read --------------------------------------------------------------


class _Doc:
    """One text with its sentences and resolved mentions, and the look-ups rules need."""

    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        starts: list[int],
        found: list[_Found],
        mentions: list[Mention],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self._starts = starts
        self.mentions = mentions
        self._found = [f for f in found if f.place is not None]
        self._by_start = {m.start: m for m in mentions}
        self._by_end = {m.end: m for m in mentions}
        self._ends = [m.end for m in mentions]
        self._intro = {f.start: f.intro for f in self._found}
        self._actors: dict[int, list[re.Match[str]]] = {}

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return self.sentences[0] if self.sentences else Sentence(self.text, 0, len(self.text))
        return self.sentences[i]

    def mention_before(self, pos: int, joiner: re.Pattern[str]) -> Mention | None:
        """The mention that ends right before `pos`, separated by `joiner` (", ")."""
        i = bisect_right(self._ends, pos) - 1
        if i < 0:
            return None
        m = self.mentions[i]
        return m if joiner.fullmatch(self.text, m.end, pos) else None

    def reference_at(
        self, pos: int, *, towns_only: bool = False
    ) -> tuple[Mention | Place | None, str | None, int]:
        """The place named at `pos`: a mention, or "the town" pointing back to one."""
        m = self._by_start.get(pos)
        if m is not None:
            return m, m.text, m.end
        a = ph.ANAPHOR.match(self.text, pos)
        if a is None:
            return None, None, pos
        target = self.antecedent(pos, a.group(1).lower())
        if target is None:
            return None, None, pos
        return target.place, a.group(), a.end()

    def intro(self, m: Mention) -> str | None:
        """How the text introduced this mention: "town" for "the town of X", else None."""
        return self._intro.get(m.start)

    def listed_after(self, ev: ControlEvent) -> list[ControlEvent]:
        """The same event on the towns listed after its place ("took X and Y")."""
        out: list[ControlEvent] = []
        end = ev.end
        while True:
            j = _LIST_JOIN.match(self.text, end)
            m = self._by_start.get(j.end()) if j else None
            if m is None or m.place.kind != "town" or m.end > ev.sentence.end:
                return out
            out.append(
                ControlEvent(ev.event, m.place, m.text, ev.actor, m.start, m.end, ev.sentence)
            )
            end = m.end

    def antecedent(self, pos: int, noun: str) -> Mention | None:
        """What "the town" at `pos` means: the last place introduced as a town ("the town
        of Al-Sukhna"), else the last town named."""
        last_town = None
        for m in reversed(self.mentions[: bisect_right(self._ends, pos)]):
            if m.place.kind != "town":
                continue
            if self._intro.get(m.start) == noun:
                return m
            if last_town is None:
                last_town = m
        return last_town

    def topic_before(self, apposed: Mention) -> Mention | None:
        """The town a sentence is about, for "Palmyra, some 50 km away": the last other town
        named before the apposition (this sentence first, then earlier ones)."""
        for m in reversed(self.mentions[: self.mentions.index(apposed)]):
            if m.place.kind == "town" and m.place.geonameid != apposed.place.geonameid:
                return m
        return None

    def not_asserted(self, sentence: Sentence, pos: int) -> bool:
        """Negated, hypothetical, intended or denied at `pos` ("aims to take", "denied")."""
        if ph.NOT_ASSERTED_NEAR.search(self.text, max(sentence.start, pos - 40), pos):
            return True
        if ph.modal_before(self.text, max(sentence.start, pos - 60), pos):
            return True
        return ph.denied_in(self.text, sentence.start, pos)

    def _sentence_actors(self, sentence: Sentence) -> list[re.Match[str]]:
        actors = self._actors.get(sentence.start)
        if actors is None:
            actors = ph.find_actors(self.text, sentence.start, sentence.end)
            self._actors[sentence.start] = actors
        return actors

    def actor_ending(self, sentence: Sentence, pos: int) -> re.Match[str] | None:
        """The force named right before `pos` ("government troops| pulled out")."""
        for a in self._sentence_actors(sentence):
            if a.end() == pos:
                return a
        return None

    def actor_before(self, sentence: Sentence, pos: int) -> str | None:
        """The force that is the subject of the clause ending at `pos`, if named."""
        for a in reversed(self._sentence_actors(sentence)):
            if a.end() > pos:
                continue
            if ph.OBJECT_MARKERS.search(self.text, max(sentence.start, a.start() - 12), a.start()):
                continue
            return a.group()
        m = self.mention_before(pos, _COUNTRY_SUBJECT)
        if m is not None and m.place.kind == "country" and m.start >= sentence.start:
            return m.text
        return None


# --- JSON ----------------------------------------------------------------------------------


def _location_json(p: Place) -> dict[str, object]:
    """Coordinates (null when unknown: JSON has no NaN) and how far to trust them:
    "exact" (a gazetteer entry), "estimated" (learned from the text, within
    uncertainty_km) or "unknown"."""
    located = p.located
    return {
        "lat": p.lat if located else None,
        "lon": p.lon if located else None,
        "location": "unknown" if not located else "estimated" if p.estimated else "exact",
        "uncertainty_km": p.uncertainty_km,
    }


def _place_json(p: Place, mention: str | None) -> dict[str, object]:
    return {
        "mention": mention,
        "name": p.name,
        "geonameid": p.geonameid,
        "country": p.country,
        **_location_json(p),
    }


def _mention_json(m: Mention) -> dict[str, object]:
    return {
        "mention": m.text,
        "start": m.start,
        "end": m.end,
        "name": m.place.name,
        "geonameid": m.place.geonameid,
        "country": m.place.country,
        **_location_json(m.place),
        "kind": m.place.kind,
    }


def extraction_to_json(extraction: Extraction, id: object = None) -> dict[str, object]:
    """The stable JSON shape scripts read (`frontwatch extract`): plain dicts and lists."""
    text = extraction.text
    return {
        "id": id,
        "places": [_mention_json(m) for m in extraction.places],
        "towns": [_mention_json(m) for m in extraction.towns],
        "distances": [
            {
                "value_km": d.value_km,
                "low_km": d.low_km,
                "high_km": d.high_km,
                "qualifier": d.qualifier,
                "direction": d.direction,
                "kind": d.kind,
                "reference": None
                if d.reference is None
                else _place_json(d.reference, d.reference_text),
                "subject": d.subject,
                "text": text[d.start : d.end],
                "start": d.start,
                "end": d.end,
            }
            for d in extraction.distances
        ],
        "control": [
            {
                "event": c.event,
                "place": _place_json(c.place, c.place_text),
                "actor": c.actor,
                "text": text[c.start : c.end],
                "start": c.start,
                "end": c.end,
            }
            for c in extraction.control
        ],
    }
