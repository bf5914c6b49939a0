"""People remembered across stories: a surname once seen as a person's is not a place.

A headline rarely carries a whole name: "Assad" (a village in Israel), "Tice", "Zelenskyy",
"Gorani" come alone after a story or two named them in full ("President Bashar al-Assad",
"Austin Tice"). Surnames read in a person context (a title or a given name before them) in
a story's sentences are kept here, bounded, most recent last; a later lone mention of one is
a person, and learned places never take one. Names found only in a headline line are not
kept: there "President Assad Flees" runs the title into a verb.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["PersonMemory", "surname_key"]

_ARTICLE = re.compile(r"^(?:al|el|as|ad|ar|an|at|az|ash|ad)[- ]", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def surname_key(name: str) -> str:
    """The form surnames are compared in: lowercased, an Arabic article dropped
    ("al-Assad" = "Assad")."""
    return _ARTICLE.sub("", name.lower())


class PersonMemory:
    """The surnames of the people recent stories named, at most `limit` of them."""

    def __init__(self, limit: int = 5_000) -> None:
        self._names: OrderedDict[str, None] = OrderedDict()
        self._limit = limit

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and surname_key(name) in self._names

    def __len__(self) -> int:
        return len(self._names)

    def add(self, names: Iterable[str]) -> None:
        """Remember these surnames (the most recent are kept when the memory is full)."""
        for name in names:
            key = surname_key(name)
            if len(key) < 3:
                continue
            self._names[key] = None
            self._names.move_to_end(key)
            if len(self._names) > self._limit:
                self._names.popitem(last=False)
