"""Relevance: does a story concern a front, so that its article is worth a request?"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from feeds.model.front import Front
from feeds.types import Extraction, Story

__all__ = ["is_relevant"]


def is_relevant(
    story: Story, extraction: Extraction, fronts: Iterable[Front], keywords: Sequence[str] = ()
) -> bool:
    """Does this story concern a front, so that its article is worth a request?

    Yes when its title + summary name one of a front's objectives or any place in a
    front's countries, state a force position or a change of control anywhere (what
    the model can use, even for a front not yet discovered), name an actor alias
    that is a proper name ("Russian forces", "Daesh"; generic lowercase aliases like
    "troops" match half the world's news), or contain one of `keywords`.
    """
    if extraction.control or any(d.kind == "force_position" for d in extraction.distances):
        return True
    fronts = list(fronts)
    for mention in extraction.places:
        place = mention.place
        for front in fronts:
            if place.geonameid in front.objectives or place.country in front.countries:
                return True
    names = [a for f in fronts for a in (*f.attacker, *f.defender) if a != a.casefold()]
    phrases = tuple(sorted({n.casefold() for n in (*names, *keywords) if n.strip()}))
    return bool(phrases) and _phrases_rx(phrases).search(story.text.casefold()) is not None


@functools.lru_cache(maxsize=64)
def _phrases_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of a model's names: one scan per story, not one per name."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
