"""Sentences with their offsets: the unit every statement rule reads within.

A boundary is terminal punctuation before a capital or a digit, or a line break (feed items
are "Title\n\nBody"); a full stop after a common abbreviation ("Gen.", "Feb.") or a single
letter ("U.S.") is not one.
"""

from __future__ import annotations

import re

from feeds.types import Sentence

__all__ = ["split_sentences"]

_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*[ \t]+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_ABBREV = frozenset(
    [
        "us",
        "uk",
        "un",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "feb",
        "jan",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "mar",
        "apr",
        "jun",
        "jul",
        "no",
        "vs",
        "etc",
        "am",
        "pm",
        "approx",
        "jr",
        "sr",
        "inc",
        "corp",
        "gov",
        "sen",
        "rep",
        "adm",
        "brig",
        "cpl",
        "pte",
    ]
)


def _word_ending(text: str, end: int) -> str:
    """The word (letters, digits, "_" and ".") ending at `end`, at most 12 characters long,
    read backwards (a regex search from the left tried every position)."""
    lo = max(0, end - 12)
    i = end
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; line breaks always end one ("Title\\n\\nBody")."""
    out: list[Sentence] = []
    start = 0
    for b in _BOUNDARY.finditer(text):
        if b.group()[0] == ".":
            w = _word_ending(text, b.start()).replace(".", "").lower()
            if w in _ABBREV or len(w) == 1:
                continue
        end = b.start() + (0 if b.group()[0] == "\n" else 1)
        _add_sentence(text, start, end, out)
        start = b.end()
    _add_sentence(text, start, len(text), out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    body = text[start:end]
    stripped = body.strip()  # str.strip() drops exactly the characters isspace() names
    if stripped:
        start += len(body) - len(body.lstrip())
        out.append(Sentence(stripped, start, start + len(stripped)))
