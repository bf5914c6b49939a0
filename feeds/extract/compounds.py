"""Names inside longer names: a known town that is only part of a capitalised name is not a
mention of that town.

"Ras" of "Ras Lanuf", "Hameed" of "Tel Hameed", "Hala" of "Hala Gorani", "Rapid" of "Rapid
Support Forces", "Sham" of "Tahrir al-Sham": the gazetteer knows the part, the text names
something else. Two rules, both about how names are written, with no list of the names:

- a span is *partial* when a neighbouring capitalised word of the same run continues the
  name: not a kind of place ("Aleppo Airport"), not a country, not a stopword or title, not
  a frequent English word ("Syria Enter Aleppo"), not behind a possessive ("Goma's Munigi")
  and not a second place joined by a hyphen ("Goris-Stepanakert"); a generic head ("Ras",
  "Tel", "Novaya") or a frequent word used as an adjective ("Grand Market", "Green Zone")
  never stands alone when the run goes on;
- a span is inside an *organisation* when its run holds an organisation word ("Homs
  Military Council"), when a word such as "group", "regime" or "direction" follows it, or
  when it lies in a known group's or outlet's name ("Al-Shabaab", "Kyiv Independent").

Neither rule runs the run-level tests on a Title Case headline line, where every word is
capitalised (`feeds.extract.headlines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from feeds.extract import namewords as nw
from feeds.extract import orgwords as ow
from feeds.extract import placewords as pw
from feeds.extract.english import FREQUENT, common_word
from feeds.geo import DESIGNATORS

__all__ = ["in_organisation", "is_partial", "names_a_feature", "organisation_tokens"]

_ENGLISH_JOIN = re.compile(r"(?i)(?:^|[ -])(?:on|upon|y|and|am|im)(?:[ -]|$)")
_AFTER_RUN = re.compile(r"[\s\"”’']*([a-z]+)")
_LETTERS = re.compile(r"[a-z]+")


def is_partial(
    words: str,
    toks: Sequence[tuple[int, int]],
    i: int,
    j: int,
    *,
    known: Callable[[str], bool],
    is_country: Callable[[str], bool],
) -> bool:
    """Is the span of tokens i..j of the capitalised run `words` one part of a longer name
    it does not cover? `known`: does the gazetteer know this name; `is_country`: is it a
    country or a demonym."""

    def word(k: int) -> str:
        return words[toks[k][0] : toks[k][1]]

    def possessive(k: int) -> bool:
        return words[toks[k][1] : toks[k][1] + 1] in ("'", "’")

    def continues(k: int, after: bool = True) -> bool:
        w = word(k)
        if not w[:1].isupper() or is_country(w):
            return False
        lw = w.lower()
        if lw in pw.PLACE_TYPES or lw in nw.STOPWORDS or lw in nw.TITLES:
            return False
        if w.isupper() and len(w) <= 4:
            return after  # "Mandalay PDF" goes on; "CBC Toronto" is the station's city
        return not common_word(w, FREQUENT)

    def joined(a: int, b: int) -> bool:
        return not _ENGLISH_JOIN.search(words[toks[a][1] : toks[b][0]])

    def two_places(a: int, b: int) -> bool:  # "Goris-Stepanakert", not "Ust-Dunaysk"
        return (
            words[toks[a][1] : toks[b][0]] == "-"
            and word(a).lower() not in pw.TOPONYM_HEADS
            and known(word(a))
            and known(word(b))
        )

    nxt = next((k for k in range(j + 1, len(toks)) if words[toks[k][0]].isupper()), None)
    prv = next((k for k in range(i - 1, -1, -1) if words[toks[k][0]].isupper()), None)
    if nxt is not None and (not joined(j, nxt) or possessive(j) or two_places(j, nxt)):
        nxt = None
    if prv is not None and (not joined(prv, i) or possessive(prv) or two_places(prv, i)):
        prv = None
    head = word(i).lower()
    if word(j).lower() in DESIGNATORS:
        nxt = None  # "Metcalfe County| Sheriff's Office": the name is whole
    if nxt is not None and (continues(nxt) or head in pw.TOPONYM_HEADS):
        return True
    if nxt is not None and i == j and common_word(word(i), FREQUENT):
        return True  # "Grand Market", "Green Zone": an adjective of another name
    return prv is not None and (
        continues(prv, after=False) or word(prv).lower() in pw.TOPONYM_HEADS
    )


@lru_cache(maxsize=1 << 14)
def _holds_organisation_word(surface: str) -> bool:
    return not ow.ORGANISATION_WORDS_IN_NAMES.isdisjoint(_LETTERS.findall(surface))


@lru_cache(maxsize=1 << 14)
def organisation_tokens(words: str, toks: tuple[tuple[int, int], ...]) -> tuple[bool, ...]:
    """Which tokens of a run are organisation words (memoised: runs recur)."""
    return tuple(words[a:b].lower() in ow.ORGANISATION_WORDS for a, b in toks)


def names_a_feature(words: str, toks: Sequence[tuple[int, int]], j: int) -> bool:
    """Does the run go on from token j with a word that makes the name a sea, a river or a
    range ("Baltic Sea", "Golan Heights", "Dnipro River")? Headlines too."""
    return j + 1 < len(toks) and words[toks[j + 1][0] : toks[j + 1][1]].lower() in pw.FEATURES


def in_organisation(
    text: str,
    run_start: int,
    words: str,
    toks: Sequence[tuple[int, int]],
    span: tuple[int, int, int, int],
    *,
    headline: bool,
    surface: str = "",
) -> bool:
    """Is the span (start, end in `text`; first and last token in the run) part of an
    organisation's, unit's, outlet's or front's name rather than a town mention?
    `surface`: the span's text, lower-cased."""
    start, end, i, j = span
    if _holds_organisation_word(surface):
        lo, hi = max(0, start - 25), min(len(text), end + 25)
        for m in ow.ORGANISATION_NAMES.finditer(text, lo, hi):
            if m.start() <= start and end <= m.end() + 1:
                return True
    if not headline and len(toks) > j - i + 1:
        marks = organisation_tokens(words, tuple(toks))
        if any(marks[:i]) or any(marks[j + 1 :]):
            return True
    if i != j:
        return False
    after = _AFTER_RUN.match(text, run_start + len(words))
    return after is not None and after.group(1) in ow.NOT_A_TOWN_AFTER
