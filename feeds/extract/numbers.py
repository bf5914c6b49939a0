"""Distances as news writes them: "some 50 km (30 miles)", "10 to 15 kilometres", "five miles".

One compiled regex finds the number-and-unit core of a distance statement anywhere in a
text; `parse_distance()` turns a match into kilometres (low, high, best value) and a
qualifier. Miles and metres are converted to km; "8 km (5 miles)" counts once, in km, and
"5 miles (8 km)" takes the km figure the writer gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from feeds.extract.gates import gated_finditer, word_gate
from feeds.types import Qualifier

KM_PER_MILE = 1.609344

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_PHRASES = {
    "a dozen": 12, "dozen": 12, "half a dozen": 6, "a hundred": 100, "one hundred": 100,
    "a half": 0.5, "half a": 0.5, "half": 0.5, "a couple of": 2, "a couple": 2,
}  # fmt: skip

_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_PHRASE_WORD = "|".join(sorted((re.escape(p) for p in _PHRASES), key=len, reverse=True))
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    rf"|(?:{_TENS_WORD})(?:[- ](?:{_UNIT_WORD}))?"
    rf"|{_PHRASE_WORD}"
    rf"|(?:{_UNIT_WORD})"
)
"""A number in digits or words ("12", "1,500", "2.5", "twenty-five", "a dozen")."""

_KM = r"km|kms|kilomet(?:er|re)s?"
_MI = r"miles?|mi"
_M = r"met(?:er|re)s?"
UNIT = rf"(?:{_KM}|{_MI}|{_M})"

_QUAL_WORDS = (
    r"within|about|some|nearly|almost|around|roughly|approximately|approx\.|an estimated|"
    r"less than|fewer than|under|more than|over|at least|up to|as close as|just|only|barely|"
    r"little more than|a little over|just over|just under|no more than"
)
_PAREN = (
    rf"\s*\(\s*(?:(?:{_QUAL_WORDS})\s+)?(?P<p1>{NUM})(?:\s*(?:-|–|—|to)\s*(?P<p2>{NUM}))?"
    rf"\s*-?\s*(?P<punit>{UNIT})\.?\s*\)"
)

DISTANCE = re.compile(
    rf"(?<![\w$£€.,])(?:(?P<qual>(?:(?:{_QUAL_WORDS})\s+){{1,2}}))?"
    rf"(?:between\s+(?P<b1>{NUM})\s+and\s+(?P<b2>{NUM})"
    rf"|(?P<n1>{NUM})(?:\s*(?:-|–|—|to|or)\s*(?P<n2>{NUM}))?)"
    rf"\s*-?\s*(?P<unit>{UNIT})\b\.?(?:{_PAREN})?",
    re.IGNORECASE,
)
"""The number-and-unit core of a distance, with its qualifier and a parenthesised
conversion. Match groups feed `parse_distance()`."""

_UNIT_CUE = word_gate(
    [r"kms?\b", r"kilomet(?:er|re)s?\b", r"miles?\b", r"mi\b", r"met(?:er|re)s?\b"]
)
"""Where a UNIT may stand: a text without one holds no distance."""
_DISTANCE_GATE = word_gate(
    [
        "\\d",
        "between",
        *_QUAL_WORDS.split("|"),
        *(re.escape(w) for w in (*_UNITS, *_TENS, *_PHRASES)),
    ],
    before=r"[\w$£€.,]",
)


def find_distances(text: str) -> Iterator[re.Match[str]]:
    """Every DISTANCE match in `text`, as `DISTANCE.finditer(text)` gives them, faster.

    Most news has no unit word at all ("km", "miles", ...): those texts cost one scan in
    C; the rest are read only where a number or qualifier word starts.
    """
    if _UNIT_CUE.search(text) is None:
        return iter(())
    return gated_finditer(DISTANCE, _DISTANCE_GATE, text)


def number_value(text: str) -> float | None:
    """The value of one NUM match ("twenty-five" -> 25.0, "1,500" -> 1500.0)."""
    t = text.strip().lower()
    if t and t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    if t in _PHRASES:
        return float(_PHRASES[t])
    if t in _UNITS:
        return float(_UNITS[t])
    parts = re.split(r"[- ]", t)
    if parts and parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def to_km(value: float, unit: str) -> float:
    """Convert a value in `unit` (as written) to km."""
    u = unit.lower()
    if u.startswith("mi"):
        return value * KM_PER_MILE
    if u.startswith("met"):
        return value / 1000.0
    return value


def _qualifier(words: str | None) -> Qualifier:
    w = " ".join((words or "").lower().split())
    if not w:
        return "exact"
    if "within" in w or "as close as" in w:
        return "within"
    if any(k in w for k in ("less than", "fewer than", "under", "up to", "no more than")):
        return "less_than"
    if any(k in w for k in ("more than", "over", "at least")):
        return "more_than"
    if w in ("just", "only", "barely"):
        return "exact"
    return "about"


@dataclass(frozen=True, slots=True)
class ParsedDistance:
    """A distance core read from text, in km."""

    value_km: float
    low_km: float
    high_km: float
    qualifier: Qualifier


def _round(km: float, unit: str) -> float:
    # Converted miles keep 0.1 km (the writer's own precision); metres keep 1 m.
    return round(km, 1) if unit.lower().startswith("mi") else round(km, 3)


def parse_distance(m: re.Match[str]) -> ParsedDistance | None:
    """Turn a DISTANCE match into km. Returns None for numbers that are not distances."""
    a, b = (m.group("b1"), m.group("b2")) if m.group("b1") else (m.group("n1"), m.group("n2"))
    unit = m.group("unit")
    # The writer's own km figure wins over a conversion to km we would have to do.
    if m.group("punit") and unit.lower().startswith("mi") and m.group("punit").lower()[0] == "k":
        a, b, unit = m.group("p1"), m.group("p2"), m.group("punit")
    low = number_value(a)
    high = number_value(b) if b else None
    if low is None:
        return None
    low = _round(to_km(low, unit), unit)
    qual = _qualifier(m.group("qual"))
    if high is not None:
        high = _round(to_km(high, unit), unit)
        if high < low:
            return None
        return ParsedDistance(round((low + high) / 2, 3), low, high, "range")
    if qual in ("within", "less_than"):
        return ParsedDistance(low, 0.0, low, qual)
    return ParsedDistance(low, low, low, qual)
