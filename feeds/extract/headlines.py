"""Headline lines: where capitals say nothing, a name needs evidence to be a place.

Feed items are mostly a title in Title Case or capitals and a sentence or two. In "Syrian
Rebels Take Charge" or "Ceasefire Takes Effect" every word is capitalised, and GeoNames has
a village for most of them ("Charge", "Effect"; "Keep" folds to Kyiv). So in a headline line
a name is a place only with a gazetteer entry *and* evidence beyond its case:

- a preposition of place or a verb of fighting right before it ("Rebels Enter Aleppo",
  "Strikes Near Homs"), an introduction, a region word, a dateline;
- the same name among the places of the story's other lines;
- a big place spelt as GeoNames spells it (a million people: "Beijing", "Seoul"), or a name
  of several words spelt so with 100,000 ("New York", "Tel Aviv").

A name made only of English common words ("Take Charge", "Keep") needs a local cue, a body
mention and an exact spelling; a name that only folds to a place's ("Gaza Are" to Gazarie)
needs a body mention. Nothing is learned from a headline line
(`feeds.extract.learning`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from feeds.extract import namewords as nw
from feeds.extract import placewords as pw
from feeds.extract.english import common_word

__all__ = ["HeadlineLines", "credible_in_headline", "cue_before"]

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_FULL_STOP = re.compile(r"(?<![A-Z])\.[\s\"”’')]*$")
"""A line ending in a full stop (not an abbreviation's: "Officials Visit U.S.")."""
_LONGEST = 300
"""A line longer than this (characters) is a paragraph, not a headline."""
_LAST_WORD = re.compile(r"([^\W\d_]+)[^\w\n]*$")


class HeadlineLines:
    """The lines of a text written as headlines: at least three words of four letters or
    more, four in five of them capitalised (or the whole line in capitals), no final full
    stop. A list of names ending in a full stop is a sentence, not a headline."""

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for line in text.split("\n"):
            if len(line) <= _LONGEST and not _FULL_STOP.search(line) and _is_headline(line):
                starts.append(pos)
                ends.append(pos + len(line))
            pos += len(line) + 1
        self._starts = starts
        self._ends = ends

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, pos: int) -> bool:
        if not self._starts:
            return False
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


def _is_headline(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if len(words) < 3:
        return False
    if line.isupper():
        return True
    return sum(1 for w in words if w[0].isupper()) * 5 >= len(words) * 4


def cue_before(text: str, start: int) -> bool:
    """Is the name at `start` led by a headline's place preposition or verb of fighting?"""
    m = _LAST_WORD.search(text, max(0, start - 20), start)
    return m is not None and m.group(1).lower() in pw.HEADLINE_CUES


def credible_in_headline(
    surface: str,
    *,
    local: bool,
    in_body: bool,
    spelt: bool,
    population: int,
) -> bool:
    """May a headline name be this place? `local`: a cue before it, an introduction, a
    region word or a dateline; `in_body`: the story's other lines name it too; `spelt`:
    spelt like the place's own or an alternate name; `population`: the place's."""
    words = surface.replace("-", " ").split()
    if len(words) > 1 and spelt and population >= 100_000:
        return True  # "New York", "Tel Aviv"
    if all(common_word(w) or w.lower() in nw.STOPWORDS for w in words):
        return local and in_body and spelt  # "Keep", "Take Charge", "in Surprise Offensive"
    if not spelt:
        return in_body  # "Gaza Are" folds to Gazarie: only a name the story repeats
    return local or in_body or population >= 1_000_000
