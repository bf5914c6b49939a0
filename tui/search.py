"""Fuzzy filtering for the `/` box: the query's characters in order, case and accents folded.

"skhn" finds "As Sukhnah"; "pkrv" finds "Pokrovsk". A contiguous match ranks above a
scattered one, earlier above later. Pure, no Textual; one compiled regex per query so
filtering the newest few thousand stories costs milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def fold(text: str) -> str:
    """Casefolded, without diacritics: "Avdiïvka" -> "avdiivka"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Fuzzy:
    """A compiled query; `score` is None for no match, else lower is better."""

    def __init__(self, query: str) -> None:
        self.query = fold(query.strip())
        chars = [c for c in self.query if not c.isspace()]
        self._pattern = re.compile(".*?".join(re.escape(c) for c in chars)) if chars else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def score(self, text: str) -> tuple[int, int] | None:
        if self._pattern is None:
            return (0, 0)
        folded = fold(text)
        exact = folded.find(self.query)
        if exact >= 0:
            return (0, exact)
        match = self._pattern.search(folded)
        if match is None:
            return None
        return (1 + match.end() - match.start(), match.start())

    def filter(self, items: Iterable[T], text: Callable[[T], str], limit: int) -> Iterator[T]:
        """Matching items in their given order (newest first stays first), at most `limit`."""
        n = 0
        for item in items:
            if n >= limit:
                return
            if self.score(text(item)) is not None:
                n += 1
                yield item
