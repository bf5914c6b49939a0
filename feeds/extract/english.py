"""English common words: what a capitalised word is when it is not a name.

In a Title Case headline every word is capitalised ("Rebels Take Charge", "Ceasefire Takes
Effect", "Tries to Keep"), so case says nothing, and GeoNames holds a village for most short
words ("Charge", "Effect", "Keep" folds to Kyiv). A word English writes in lower case is a
place only with evidence beyond its spelling. The list is SCOWL's (see
`feeds/extract/data/README.md`): level 20 holds the most frequent words, level 35 the common
ones; a word the lists give only capitalised (Paris, Florence, Aleppo) is not common.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

__all__ = ["FREQUENT", "common_word"]

FREQUENT = 20
"""The level of the most frequent words ("grand", "green", "key", "main")."""


@lru_cache(maxsize=1)
def _levels() -> tuple[frozenset[str], frozenset[str]]:
    """(level-20 words, level-35 words including level 20), read once."""
    text = files("feeds.extract").joinpath("data/english-words.txt").read_text(encoding="utf-8")
    frequent: list[str] = []
    common: list[str] = []
    target = frequent
    for line in text.splitlines():
        if line.startswith("# level 35"):
            target = common
        elif line and not line.startswith("#"):
            target.append(line)
    top = frozenset(frequent)
    return top, top | frozenset(common)


def common_word(token: str, level: int = 35) -> bool:
    """Is `token` (any case) an English word listed in lower case at `level` (20 or 35)?"""
    frequent, common = _levels()
    return token.lower() in (frequent if level <= FREQUENT else common)
