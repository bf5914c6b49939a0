"""Place-name candidates: the capitalised runs of a text and the names they may hold.

A run ("Syrian Democratic Forces", "Deir ez-Zor") is split into the longest spans the
gazetteer knows; the words around each span (a suffix "province", "the town of", a
locative "in", a title before it, "said" after it) say whether it is a place, a person or
neither, and what kind of place it is introduced as. Resolution to one place happens in
`feeds.extract.toponyms`. What a run or a name is in the gazetteer does not change between
stories, so both are memoised (bounded by `CACHE_LIMIT`).
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.extract import namewords as nw
from feeds.geo import ARTICLES, Gazetteer, normalise
from feeds.types import Place, Sentence

__all__ = ["CACHE_LIMIT", "Candidates", "Found", "letters_key", "title_before"]

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
_MAX_TOKENS = 5
_CONTRACTION = re.compile(r"['’]([a-z]{1,2})$")
_COMMA = re.compile(r",\s*")
_LIST = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}")
_ASCII_LETTERS = frozenset(string.ascii_letters)


def title_before(text: str, start: int) -> bool:
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
    return i < j and text[i:j].lower() in nw.TITLES


def _of_before(text: str, start: int) -> bool:
    """Do the words before `start` end in "of" and a space? (Cheap: "the town of X" and
    "province of X" need it, and most names have no "of" before them.)"""
    head = text[max(0, start - 30) : start]
    word = head.rstrip()
    return len(word) < len(head) and word[-2:].lower() == "of" and word[-3:-2].isspace()


def letters_key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _bare(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]]


@dataclass(slots=True)
class Found:
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


CACHE_LIMIT = 50_000
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


class Candidates:
    """Finds the place-name candidates of a text; reusable, memoised per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gz = gazetteer
        self._names: dict[str, tuple[Place | None, str, bool]] = {}
        self._runs: dict[str, _RunPlan] = {}

    def find(self, text: str, sentences: Sequence[Sentence]) -> list[Found]:
        """Every candidate of `text` in order, with what its context says of it (a country
        or region named after it, a list of places it belongs to); persons left out."""
        sentence_starts = set()
        for s in sentences:
            i = s.start
            while i < s.end and not text[i].isalnum():
                i += 1
            sentence_starts.add(i)
        found: list[Found] = []
        persons: set[str] = set()
        for run in _RUN.finditer(text):
            plan = self._plan(run.group())
            if not plan.toks:
                continue
            at = run.start()
            if title_before(text, at) and not plan.whole_is_place:
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
        return found

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
            if (w in nw.TITLES or (w in nw.GIVEN_NAMES and n + 1 < len(toks))) and not (
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
        if len(self._runs) >= CACHE_LIMIT:
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
            if single and surface.lower() in nw.STOPWORDS:
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

    def _context(self, text: str, found: list[Found]) -> None:
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

    def _name(self, surface: str) -> tuple[Place | None, str, bool]:
        """What a name is on its own: the country it names, its key, whether the gazetteer
        knows the key (as a town or region). Memoised: pure, and asked for every run."""
        hit = self._names.get(surface)
        if hit is None:
            key = normalise(surface)
            known = self._gz.has_key(key) or bool(self._gz.region_rows(key))
            hit = (self._gz.country_for(surface), key, known)
            if len(self._names) >= CACHE_LIMIT:
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
    ) -> Found | None:
        """The place mention a run's span (`_RunPlan.names[i]`, the run at `at` in `text`)
        makes in this text, or None: the words around it decide (a suffix "province", "the
        town of", "in", "said" ...)."""
        start, end = at + name.start, at + name.end
        surface = text[start:end]
        single = i == name.j
        country, key, known = name.country, name.key, name.known
        suffix = _SUFFIX.match(text, end) if known else None
        if country is not None and not (suffix and known):
            return Found(start, end, surface, key, country=country)
        if single and surface.isupper() and len(surface) < 5:
            return None  # acronyms ("IS", "SDF") are not towns
        if single and len(surface) < 3:
            return None
        f = Found(start, end, surface, key)
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
        f.locative = nw.locative_before(text, start)
        if single and not f.locative and nw.PERSON_AFTER.match(text, f.end):
            return None  # "Walsh said": a person
        return f
        return None
