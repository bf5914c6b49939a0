"""Place-name candidates: the capitalised runs of a text and the names they may hold.

A run ("Syrian Democratic Forces", "Deir ez-Zor", "al-Mayadin", "Mazar-i-Sharif") is split
into the longest spans the gazetteer knows; the words around each span (a suffix
"province", "the town of", a locative "in", a title before it, "said" after it) say whether
it is a place, a person or neither, and what kind of place it is introduced as. A span that
is only part of a longer name, or of an organisation's, is no candidate
(`feeds.extract.compounds`). Resolution to one place happens in `feeds.extract.toponyms`.
What a run or a name is in the gazetteer does not change between stories, so both are
memoised (bounded by `CACHE_LIMIT`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.extract import compounds
from feeds.extract import namewords as nw
from feeds.extract.context import read_context
from feeds.extract.english import common_word
from feeds.extract.found import Found
from feeds.extract.headlines import HeadlineLines
from feeds.extract.memo import CACHE_LIMIT
from feeds.extract.persons import PersonMemory, surname_key
from feeds.geo import ARTICLES, Gazetteer, normalise
from feeds.types import Place, Sentence

__all__ = ["CACHE_LIMIT", "Candidates", "Found", "letters_key", "title_before"]

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_CAP_TOKEN = rf"(?:[A-Z]\.){{2,}}|[{_UPPER}][^\W_]*(?:['’][^\W\d_]+)*"
_LOWER_ARTICLE = "al|el|ad|ar|as|ash|at|az|an|ed|en|er|es|et|ez"
_CONNECTORS = sorted(
    ARTICLES
    | {"de", "del", "della", "di", "da", "do", "dos", "das", "la", "le", "les", "on", "upon"}
    | {"sur", "am", "im", "der", "van", "von", "y", "e", "i"},
    key=len,
    reverse=True,
)
_RUN = re.compile(
    rf"(?<![\w'’.-])(?:(?:{_LOWER_ARTICLE})-)?(?:{_CAP_TOKEN})"
    rf"(?:(?: |-)(?:(?:{'|'.join(_CONNECTORS)})(?: |-))*(?:{_CAP_TOKEN})){{0,5}}"
)
"""A capitalised run; "al-Mayadin" and "el-Fasher" open with their lower-case article,
Persian names join with "-e-" / "-i-" ("Pul-e-Alam", "Mazar-i-Sharif")."""
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_SUFFIX = re.compile(
    r"[ -](?P<word>provinces?|regions?|governorates?|oblasts?|districts?|countryside|city"
    r"|state)\b",
    re.IGNORECASE,
)
_PLURAL_REGION = re.compile(
    r"(?:\s*,\s*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)*\s+and\s+[A-Z][\w'’-]*(?:[ -][\w'’-]+){0,2}?"
    r"\s+(?:provinces|regions|governorates|oblasts|states)\b"
)
_REGION_BEFORE = re.compile(r"(?i:(?:province|region|governorate|oblast|district|state)\s+of\s+$)")
_INTRO_BEFORE = re.compile(r"(?i:\b(town|city|village|settlement)s?\s+of\s+$)")
"""'the town of X', 'the key towns of X'."""
_INTRO_AFTER = re.compile(r"(?i:,\s+(?:a|the)\s+(?:[\w-]+\s+){0,2}?(town|city|village)\b)")
_MAX_TOKENS = 5
_CONTRACTION = re.compile(r"['’](s|t|ll|re|ve|d|m)$")
"""English clitics only: "Sana’a" and "Bal’ad" keep their apostrophe."""
_ENGLISH_ARTICLE = frozenset({"as", "an", "at", "es", "en", "ed", "et", "er"})
"""Words that are Arabic articles in "As Sukhnah" and English words in "As Syrian Rebels"."""
_CAPITAL_AFTER = re.compile(r" [A-Z]")
_AFTER_NAME = re.compile(
    r"(?P<number> \d{1,3}\b(?![.,:]?\d|\s*(?:km|kilomet|miles?|mi\b|m\b|metres|meters|%)))"
    r"|-(?P<tail>[a-z]+)"
)
"""A small number right after a name makes it a ship's, a road's or a unit's; a lower-case
tail joined by a hyphen that is no English word ("Ching-te") continues the name."""
_WHO = re.compile(r",?\s+[Ww]ho(?:se)?\b")
""""Wharton, who ...": a person for the whole story."""
_POSSESSIVE_THING = re.compile(
    r"['’]s?\s+(?!(?:[a-z-]+\s+)?(?:outskirts|centre|center|streets?|suburbs?|districts?|"
    r"neighbou?rhoods?|environs|edge|entrance|airport|old\s+city|(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)?)\b)"
)
"""A possessive naming something else than a part of the place: a locative word before it
governs that thing ("into Lucy's windpipe"), not the name ("in Bakhmut's outskirts")."""
_ENGLISH_JOINT = re.compile(r" (?:on|upon) ")
"""Connectors of a run that are English words between two names ("Pokrovsk on Sunday")."""
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|:|—|–|-\s)")
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


_PEOPLE_LIST = re.compile(r",\s*(?:and\s+)?|,?\s+and\s+")


def _listed_with(text: str, f: Found, people: Sequence[tuple[int, int]]) -> bool:
    """Is the candidate listed with people ("John Leung, Kai Li, and Mark Swidan"): a
    person on each side, or one joined to it by "and"? ("Damascus, President Bashar
    al-Assad" is an apposition, not a list.)"""
    before = after = False
    for a, b in people:
        if b <= f.start and (m := _PEOPLE_LIST.fullmatch(text, b, f.start)):
            before = True
            if "and" in m.group():
                return True
        elif a >= f.end and (m := _PEOPLE_LIST.fullmatch(text, f.end, a)):
            after = True
            if "and" in m.group():
                return True
    return before and after


def _lone(f: Found) -> bool:
    """A one-word candidate with no country or region word: it may be a person's name."""
    return f.country is None and f.suffix is None and " " not in f.surface


def letters_key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _bare(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]]


def _run_tokens(words: str) -> tuple[tuple[int, int], ...]:
    """Token spans (offsets into `words`, one capitalised run), English clitics cut off."""
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
    """What a capitalised run's own words say (see `Candidates._plan`)."""

    toks: tuple[tuple[int, int], ...]
    whole_is_place: bool  # all its tokens together name a place ("Prince Edward Island")
    last: str  # its last token, lowercased: the surname if the run is a person
    person: str | None  # that surname when a title or given name opens the run
    names: tuple[_Name | None, ...]  # per token, before any title or given name


class Candidates:
    """Finds the place-name candidates of a text; reusable, memoised per gazetteer.

    `people` remembers the surnames of persons across stories (`feeds.extract.persons`)."""

    def __init__(self, gazetteer: Gazetteer, people: PersonMemory | None = None) -> None:
        self._gz = gazetteer
        self.people = people
        self._names: dict[str, tuple[Place | None, str, bool]] = {}
        self._runs: dict[str, _RunPlan] = {}

    def find(
        self, text: str, sentences: Sequence[Sentence], headlines: HeadlineLines
    ) -> tuple[list[Found], list[tuple[int, int]]]:
        """Every candidate of `text` in order, with what its context says of it (a country
        or region named after it, a list of places it belongs to), persons left out; and
        the spans of every capitalised run (where learning looks for unknown villages)."""
        sentence_starts = set()
        for s in sentences:
            i = s.start
            while i < s.end and not text[i].isalnum():
                i += 1
            sentence_starts.add(i)
        found: list[Found] = []
        persons: set[str] = set()
        seen_people: list[str] = []
        runs: list[tuple[int, int]] = []
        person_runs: list[tuple[int, int]] = []
        for run in _RUN.finditer(text):
            plan = self._plan(run.group())
            if not plan.toks:
                continue
            at = run.start()
            a = at
            if " on " in run.group() or " upon " in run.group():
                for joint in _ENGLISH_JOINT.finditer(run.group()):
                    runs.append((a, at + joint.start()))  # "Pokrovsk on Sunday": two names
                    a = at + joint.end()
            runs.append((a, run.end()))
            titled = title_before(text, at) and not plan.whole_is_place
            if plan.person is not None or titled:
                person_runs.append((at, run.end()))
            if titled:
                persons.add(plan.last)
                if at not in headlines:
                    seen_people.append(plan.last)
                continue
            if plan.person is not None:
                persons.add(plan.person)
                if at not in headlines:
                    seen_people.append(plan.person)
            i = 0
            while i < len(plan.names):
                name = plan.names[i]
                hit = None
                if name is not None:
                    hit = self._longest(text, at, i, name, plan, run.group(), headlines)
                    if hit is not None:
                        hit.single_start = hit.single_start and (
                            hit.start in sentence_starts or hit.surface.isupper()
                        )
                if name is None or hit is None:
                    if name is not None and name.j == i and _WHO.match(text, at + name.end):
                        persons.add(text[at + name.start : at + name.end].lower())
                    i += 1
                    continue
                found.append(hit)
                i = name.j + 1
        if persons:
            surnames = {surname_key(p) for p in persons}
            found = [f for f in found if not (_lone(f) and surname_key(f.surface) in surnames)]
        if person_runs:
            found = [
                f for f in found if f.country is not None or not _listed_with(text, f, person_runs)
            ]
        read_context(text, found, self._gz)
        people = self.people
        if people:
            # A person of an earlier story ("Assad", "Tice") is one here too, unless this
            # text introduces the name as a place; the toponym step lets a big city spelt
            # as such through a place cue ("in Washington").
            for f in found:
                if _lone(f) and not (f.intro or f.dateline) and f.surface in people:
                    f.known_person = True
        if people is not None:
            people.add(seen_people)
        return found, runs

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
        country (up to `_MAX_TOKENS` tokens); None when token i opens none. A lower-case
        article joined by a hyphen ("al-Bab") opens a span but is none on its own."""
        first = _bare(words, toks[i])
        article = (
            first in ARTICLES
            and i + 1 < len(toks)
            and words[toks[i][1] : toks[i][1] + 1] == "-"
            and words[toks[i + 1][0]].isupper()
        )
        if not first[0].isupper() and not article:
            return None
        if first.lower() in _ENGLISH_ARTICLE and i + 1 < len(toks):
            nxt = _bare(words, toks[i + 1])
            if words[toks[i][1] : toks[i + 1][0]] == " " and (
                self._gz.country_for(nxt) is not None or common_word(nxt)
            ):
                return None  # "As Syrian Rebels", "An Iraqi officer": English, not al-
        last = min(len(toks), i + _MAX_TOKENS) - 1
        for j in range(last, i - 1, -1):
            if not words[toks[j][0]].isupper() or (article and j == i):
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
        plan: _RunPlan,
        words: str,
        headlines: HeadlineLines,
    ) -> Found | None:
        """The place mention a run's span (`_RunPlan.names[i]`, the run `words` at `at` in
        `text`) makes in this text, or None: the words around it decide (a suffix
        "province", "the town of", "in", "said", a longer name it is part of ...)."""
        start, end = at + name.start, at + name.end
        surface = text[start:end]
        single = i == name.j
        country, key, known = name.country, name.key, name.known
        suffix = _SUFFIX.match(text, end) if known else None
        if country is not None and not (
            suffix and known and suffix.group("word").lower() != "state"
        ):
            return Found(start, end, surface, key, country=country)  # "Russian state media"
        if country is not None and suffix is not None and suffix.group("word").lower() == "city":
            return Found(start, end, surface, key, country=country)  # "the Syrian city of"
        dateline = (
            surface.isupper()
            and (start == 0 or text[start - 1] == "\n")
            and _DATELINE_AFTER.match(text, end) is not None
        )
        if single and surface.isupper() and len(surface) < 5 and not dateline:
            return None  # acronyms ("IS", "SDF") are not towns
        if single and len(surface) < 3:
            return None
        headline = start in headlines
        span = (start, end, i, name.j)
        if compounds.in_organisation(
            text, at, words, plan.toks, span, headline=headline, surface=surface.lower()
        ):
            return None
        f = Found(start, end, surface, key, headline=headline, dateline=dateline)
        f.single_start = single
        of_before = _of_before(text, start)
        if suffix:
            f.suffix = suffix.group("word").lower()
            f.end = suffix.end()
            f.surface = text[start : f.end]
        elif _PLURAL_REGION.match(text, end) or (
            of_before and _REGION_BEFORE.search(text, max(0, start - 30), start)
        ):
            f.suffix = "region"
        if f.suffix == "state" and _CAPITAL_AFTER.match(text, f.end):
            f.suffix, f.end, f.surface = None, end, surface  # "Missouri State Highway Patrol"
        elif f.suffix == "state" and not headline:
            f.suffix = "region"  # "Sennar State", "Gezira state"
        elif f.suffix == "state":
            f.suffix, f.end, f.surface = None, end, surface
        if not f.suffix and not headline and self._partial(plan, words, i, name.j):
            return None
        if (
            not f.suffix
            and name.j + 1 < len(plan.toks)
            and compounds.names_a_feature(words, plan.toks, name.j)
        ):
            return None
        after = _AFTER_NAME.match(text, f.end)
        if after is not None and (after.group("number") or not common_word(after.group("tail"))):
            return None  # "Yi Peng 3", "Route 66": a ship, a road; "Lai Ching-te": it goes on
        intro = _INTRO_BEFORE.search(text, max(0, start - 20), start) if of_before else None
        after = _INTRO_AFTER.match(text, f.end)
        if f.suffix == "city":
            f.intro = "city"
        elif intro:
            f.intro = intro.group(1).lower()
        elif after:
            f.intro = after.group(1).lower()
        f.locative = nw.locative_before(text, start) and not (
            _POSSESSIVE_THING.match(text, f.end)  # "into Lucy's windpipe": the windpipe
        )
        if single and not f.locative and nw.PERSON_AFTER.match(text, f.end):
            return None  # "Walsh said": a person
        if dateline:
            f.evidence = True
        return f

    def _partial(self, plan: _RunPlan, words: str, i: int, j: int) -> bool:
        """Is tokens i..j of the run only part of a longer capitalised name?"""
        if len(plan.toks) == 1 and "-" not in words:
            return False
        return compounds.is_partial(
            words,
            plan.toks,
            i,
            j,
            known=lambda w: self._name(w)[2],
            is_country=lambda w: self._gz.country_for(w) is not None,
        )
