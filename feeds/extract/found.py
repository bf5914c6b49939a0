"""A place mention while its story is still being read: what the candidate step found
(`feeds.extract.candidates`) and the context added (`feeds.extract.context`), until the
toponym step (`feeds.extract.toponyms`) settles its place."""

from __future__ import annotations

from dataclasses import dataclass

from feeds.types import Place

__all__ = ["Found"]


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
    headline: bool = False  # in a headline line: its capitals say nothing
    dateline: bool = False  # "KYIV, Ukraine (AP) —"
    firm_hint: bool = False  # `hint` must hold: "the Lebanese village of Chamaa"
    government: bool = False  # a capital standing for its government ("Moscow claimed")
    known_person: bool = False  # a surname an earlier story gave a person ("Assad")
