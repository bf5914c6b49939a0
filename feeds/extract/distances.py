"""Distance statements: "within 5 km of Al-Sukhna", "Palmyra, some 50 km away".

A number-and-unit (`feeds.extract.numbers`) followed by a connector ("from", "of", "north
of", "away") and a place (a mention, "the town" pointing back to one, or a border) is a
claim. Its kind: a force position when the clause puts a force there, geographic when it
describes where a place is (an apposition, "located", "a village about ...").
"""

from __future__ import annotations

import re

from feeds.extract import phrases as ph
from feeds.extract.document import Document
from feeds.extract.gates import gated_search, word_gate
from feeds.extract.numbers import ParsedDistance, find_distances, parse_distance
from feeds.types import DistanceClaim, DistanceKind, Mention, Place, Sentence

__all__ = ["read_distances"]

_TAIL = re.compile(
    rf"\s+(?:(?:to\s+the\s+)?(?P<dir>{ph.DIRECTION})(?:ern)?\s+(?P<c1>of|from)\s+"
    r"|(?P<c2>from|of|outside(?:\s+of)?|short\s+of|away\s+from|off)\s+"
    r"|(?P<away>away)\b)",
    re.IGNORECASE,
)
_EDGE = re.compile(
    r"the\s+(?:[a-z-]+\s+){0,2}?(?:frontier|border|boundary|edge|edges|outskirts|centre"
    r"|center|heart|gates|limits)\s+of\s+",
    re.IGNORECASE,
)
_NO_PLACE = re.compile(
    r"the\s+(?:[a-z-]+\s+)?(?:border|frontier|front\s*line|frontline|coast|sea|river|boundary)\b",
    re.IGNORECASE,
)
_OUTSKIRTS = re.compile(r"(?<![\w-])(?:the\s+)?(?:[a-z-]+ern\s+)?outskirts\s+of\s+", re.IGNORECASE)
_APPOSITION = re.compile(r",\s*$")
_GEO_VERB_WORDS = r"lies|lie|lay|located|situated|sits|stands|which\s+is|that\s+is"
_GEO_VERB = re.compile(rf"(?i:\b(?:{_GEO_VERB_WORDS})\s+(?:\w+\s+)?$)")
_GEO_VERB_GATE = word_gate(_GEO_VERB_WORDS.split("|"), before=r"\w")
_PLACE_NOUN = (
    r"(?:town|city|village|hamlet|settlement|suburb|district|neighbou?rhood|capital|port"
    r"|hub|junction|crossroads|crossing|post|outpost|stronghold|base|camp|kibbutz|centre"
    r"|center|municipality|seat|enclave|pocket|market|oasis)"
)
_PLACE_APPOSITION = re.compile(
    rf"(?i:,\s+(?:(?:a|an|the)\s+(?:[\w'’,-]+\s+){{0,6}}?{_PLACE_NOUN}\b(?:[^,;:]|(?<=\d),(?=\d)){{0,40}}?)?\s*$)"
)
"""A descriptive phrase that names what a place is (", a mining town about", ", the
district centre", ","), right before a distance: the distance describes that place."""
_PLACE_BEFORE_COMMA = re.compile(
    rf"(?i:\b{_PLACE_NOUN}(?:\s+of\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+)?\s*,\s*$)"
)
"""The noun before that comma is a place ("the capital of Gezira state, some 165 km")."""
_PLACE_NOUN_BEFORE = re.compile(rf"(?i:\b(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?{_PLACE_NOUN}\s+$)")
"""A place noun right before a distance: "the hilltop mining town about 50 km southwest of"."""
_ARTICLE_GATE = word_gate(["a", "an", "the"], before=r"\w")
_OUTSKIRTS_CUE = word_gate(["outskirts"])


def read_distances(doc: Document) -> list[DistanceClaim]:
    text = doc.text
    out: list[DistanceClaim] = []
    consumed: list[tuple[int, int]] = []
    for m in find_distances(text):
        parsed = parse_distance(m)
        if parsed is None:
            continue
        tail = _TAIL.match(text, m.end())
        if tail is None:
            continue
        sentence = doc.sentence_at(m.start())
        apposed = doc.mention_before(m.start(), _APPOSITION)
        if tail.group("away"):
            if apposed is None or apposed.place.kind == "country":
                continue
            topic = doc.topic_before(apposed)
            claim = _claim(
                doc,
                parsed,
                None,
                topic,
                None,
                None,
                "geographic",
                m.start(),
                tail.end(),
                sentence,
            )
            out.append(claim)
            continue
        ref_pos = tail.end()
        edge = _EDGE.match(text, ref_pos)
        if edge:
            ref_pos = edge.end()
        ref, ref_text, end = doc.reference_at(ref_pos)
        if ref is None:
            no_place = _NO_PLACE.match(text, ref_pos)
            if not no_place or (tail.group("c2") or tail.group("c1") or "").lower() != "from":
                continue
            end = no_place.end()
        direction = ph.direction_code(tail.group("dir")) if tail.group("dir") else None
        kind = _kind(doc, sentence, m.start(), apposed is not None)
        if kind == "force_position" and doc.not_asserted(sentence, m.start()):
            continue
        subject = doc.actor_before(sentence, m.start()) if kind == "force_position" else None
        out.append(
            _claim(doc, parsed, direction, ref, ref_text, subject, kind, m.start(), end, sentence)
        )
        consumed.append((m.start(), end))
    for m in _OUTSKIRTS.finditer(text) if _OUTSKIRTS_CUE.search(text) else ():
        if any(a <= m.start() < b for a, b in consumed):
            continue
        ref, ref_text, end = doc.reference_at(m.end())
        if ref is None:
            continue
        sentence = doc.sentence_at(m.start())
        if _kind(doc, sentence, m.start(), False) != "force_position":
            continue
        if doc.not_asserted(sentence, m.start()):
            continue
        parsed = ParsedDistance(3.0, 0.0, 3.0, "within")
        subject = doc.actor_before(sentence, m.start())
        out.append(
            _claim(
                doc,
                parsed,
                "outskirts",
                ref,
                ref_text,
                subject,
                "force_position",
                m.start(),
                end,
                sentence,
            )
        )
    out.sort(key=lambda c: c.start)
    return out


def _kind(doc: Document, sentence: Sentence, pos: int, apposed: bool) -> DistanceKind:
    """Force position when the clause puts a force there; else a fact about the map."""
    if apposed:
        return "geographic"
    pre = doc.text[sentence.start : pos]
    if gated_search(_GEO_VERB, _GEO_VERB_GATE, pre) or _describes_place(doc, pre, sentence.start):
        return "geographic"
    return "force_position" if ph.force_cue(pre) else "geographic"


def _claim(
    doc: Document,
    parsed: ParsedDistance,
    direction: str | None,
    ref: Mention | Place | None,
    ref_text: str | None,
    subject: str | None,
    kind: DistanceKind,
    start: int,
    end: int,
    sentence: Sentence,
) -> DistanceClaim:
    if isinstance(ref, Mention):
        ref_text = ref_text or ref.text
        ref = ref.place
    return DistanceClaim(
        value_km=parsed.value_km,
        low_km=parsed.low_km,
        high_km=parsed.high_km,
        qualifier=parsed.qualifier,
        direction=direction,
        reference=ref,
        reference_text=ref_text,
        subject=subject,
        kind=kind,
        start=start,
        end=end,
        sentence=sentence,
    )


def _describes_place(doc: Document, pre: str, offset: int) -> bool:
    """Is a distance after `pre` part of a phrase describing a place rather than a clause
    putting a force there? ("Bartella, a mostly Christian town about 15 km east of";
    "the capital of Gezira state, some 165 km southeast of"; "the mining town 50 km ...")
    A force named in that phrase ("troops, some 5 km from ...") keeps it a position."""
    if gated_search(_PLACE_NOUN_BEFORE, _ARTICLE_GATE, pre):
        return True
    appos = _PLACE_APPOSITION.search(pre)
    if appos is None:
        return False
    phrase = pre[appos.start() :]
    if ph.force_cue(phrase):
        return False
    if phrase.strip(", \t\n") and phrase.lstrip(", ").lower().startswith(("a ", "an ")):
        return True  # ", a village about": an indefinite description says what it is
    before = pre[: appos.start() + 1]
    if _PLACE_BEFORE_COMMA.search(before):
        return True
    m = doc.mention_before(offset + appos.start(), _EMPTY)
    if m is not None and phrase.strip(", \t\n"):
        return True  # "Bukavu, the provincial capital ..."
    a = ph.ANAPHOR.search(before[-40:]) if before else None
    return a is not None and before.rstrip(", ").endswith(a.group())


_EMPTY = re.compile(r"")
