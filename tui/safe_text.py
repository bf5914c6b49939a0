"""Feed text made safe to show: escape sequences and control characters removed.

Titles and summaries come from strangers. Rich `Text` already keeps markup such as
"[bold red]" literal; this module removes what a terminal would *act on*: ANSI CSI
and OSC escape sequences, other C0/C1 control characters, and the Unicode bidi
controls that can make a line read differently from what it holds.

`clean_with_offsets` also returns where each character of the original went, so
spans found by the extractor (offsets into the raw story text) can still be
highlighted on the cleaned text.
"""

from __future__ import annotations

import re

#: Escape sequences a terminal interprets: CSI ("\x1b[31m", also the 8-bit "\x9b"),
#: OSC ("\x1b]8;;url\x07", ended by BEL or ST), DCS/PM/APC strings, and two-char escapes.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?          # CSI
    | (?:\x1b[\]PX^_]|[\x90\x9d\x9e\x9f])       # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # ... up to BEL or ST (or the line's end)
    | \x1b[ -/]*[0-~]?                           # any other escape
    """,
    re.VERBOSE,
)
#: Single characters never shown: C0 (except tab and newline), DEL, C1, bidi controls
#: (marks, embeddings, overrides, isolates, the Arabic letter mark), and zero-width
#: characters that hide text or split a word a reader would search for.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
RAW_LIMIT_FACTOR = 8
"""`clean(limit=n)` looks at no more than 8·n raw characters: a 1 MB title costs what a
short one does (escapes and controls removed from the rest could not have shown anyway)."""
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_with_offsets(raw: str) -> tuple[str, list[int]]:
    """Return (cleaned text, offsets) where offsets[i] is raw index i's index in the result.

    `offsets` has len(raw) + 1 entries, so an end-exclusive span (start, end) of the raw
    text maps to (offsets[start], offsets[end]). Tabs become spaces; newlines stay.
    """
    keep = [True] * len(raw)
    for pattern in (_ESCAPES, _CONTROLS):
        for match in pattern.finditer(raw):
            for i in range(match.start(), match.end()):
                keep[i] = False
    out: list[str] = []
    offsets: list[int] = []
    for ch, kept in zip(raw, keep, strict=True):
        offsets.append(len(out))
        if kept:
            out.append(" " if ch == "\t" else ch)
    offsets.append(len(out))
    return "".join(out), offsets


def clean(raw: str | None, *, one_line: bool = True, limit: int | None = None) -> str:
    """Cleaned text for a table cell or a label.

    With `one_line`, runs of whitespace (newlines included) become one space, so a title
    cannot push a table row onto two lines. `limit` cuts to that many characters with "…".
    """
    if not raw:
        return ""
    if limit is not None and len(raw) > limit * RAW_LIMIT_FACTOR + 64:
        raw = raw[: limit * RAW_LIMIT_FACTOR + 64] + "…"
    text, _ = clean_with_offsets(raw)
    if one_line:
        text = _WHITESPACE_RUN.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)].rstrip() + "…"
    return text
