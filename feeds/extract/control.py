"""Control events: who took, entered, encircled, besieged, left or holds which town.

Three shapes: a control verb before its town ("captured the town of X", "took X and Y");
the town as the subject ("X fell to ...", "X was captured by ...", "the town is under
Daesh control"); and a withdrawal with no place named, in the sentence of a capture
("took X after government troops pulled out"). Negated, hypothetical and denied clauses
are not events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from feeds.extract import phrases as ph
from feeds.extract.document import Document
from feeds.extract.gates import word_gate
from feeds.types import ControlEvent, ControlKind, Mention

__all__ = ["read_control"]

_AFTER_ACTOR = re.compile(r"\s+to\s+")
_UNNAMED_HELD = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,3}?(town|city|village)\s+(?:still\s+)?(?:held|controlled)\s+by\s+",
    re.IGNORECASE,
)
_UNNAMED_HELD_CUE = word_gate([r"held\s+by\s", r"controlled\s+by\s"])


def read_control(doc: Document) -> list[ControlEvent]:
    text = doc.text
    out: dict[tuple[int, int], ControlEvent] = {}
    for cm in ph.find_control(text):
        verb = cm.group("verb")
        kind = ph.control_kind(verb)
        ref, ref_text, end = doc.reference_at(cm.end(), towns_only=True)
        if ref is None and cm.group("fill") and cm.group("fill").strip().lower() == "the":
            ref, ref_text, end = doc.reference_at(cm.start("fill") + 1, towns_only=True)
        if ref is None:
            part = ph.PART_OF.match(text, cm.start("fill") if cm.group("fill") else cm.end())
            if part is not None:
                ref, ref_text, end = doc.reference_at(part.end(), towns_only=True)
        if ref is None and not cm.group("fill"):
            it = ph.IT.match(text, cm.end())
            target = doc.antecedent(cm.start(), "town") if it else None
            if it is not None and target is not None:
                ref, ref_text, end = target.place, it.group(), it.end()
        if ref is None:
            continue
        place = ref.place if isinstance(ref, Mention) else ref
        if place.kind != "town":
            continue
        sentence = doc.sentence_at(cm.start())
        first = verb.split()[0].lower()
        if (
            first.endswith("ing")
            and kind not in ("advancing", "contested")
            and not ph.GERUND_OK.search(text, sentence.start, cm.start())
        ):
            continue  # "Capturing Al-Sukhna would open the road": not an event
        if doc.not_asserted(sentence, cm.start()) or ph.INFINITIVE.search(
            text, max(sentence.start, cm.start() - 5), cm.start()
        ):
            continue
        if first == "fall" or first == "the":
            after = _AFTER_ACTOR.match(text, end)
            actor_m = ph.ACTOR.match(text, after.end()) if after else None
            actor = actor_m.group() if actor_m else None
        else:
            actor = doc.actor_before(sentence, cm.start())
        if kind == "held" and actor is None:
            continue  # "held" with no force as subject: talks, elections, hostages
        place_text = ref_text or (ref.text if isinstance(ref, Mention) else place.name)
        event = ControlEvent(kind, place, place_text, actor, cm.start(), end, sentence)
        out[(cm.start(), place.geonameid)] = event
        for more in doc.listed_after(event):
            out.setdefault((more.start, more.place.geonameid), more)
    for hm in _UNNAMED_HELD.finditer(text) if _UNNAMED_HELD_CUE.search(text) else ():
        ev = _unnamed_held(doc, hm)
        if ev is not None:
            out[(ev.start, ev.place.geonameid)] = ev
    for f in doc.mentions:
        if f.place.kind != "town":
            continue
        ev = _post_event(doc, f)
        if ev is not None:
            out[(ev.start, ev.place.geonameid)] = ev
    for nm in _town_nouns(text):
        if not ph.CONTROL_POST.match(text, nm.end()):
            continue
        am = _anaphor_ending(text, nm.end())
        if am is None:
            continue
        target = doc.antecedent(am.start(), am.group(1).lower())
        if target is None:
            continue
        ref = Mention(am.group(), am.start(), am.end(), target.place)
        back = _post_event(doc, ref)
        if back is not None:
            out.setdefault((back.start, back.place.geonameid), back)
    for w in _withdrawals_after(doc, sorted(out.values(), key=lambda e: e.start)):
        out.setdefault((w.start, w.place.geonameid), w)
    return sorted(out.values(), key=lambda e: e.start)


def _unnamed_held(doc: Document, hm: re.Match[str]) -> ControlEvent | None:
    """ "the last major town held by Daesh ... the town of Al-Sukhna": wire copy often
    names the town only in the next sentence, as "the town of X"."""
    actor = ph.ACTOR.match(doc.text, hm.end())
    if actor is None:
        return None
    sentence = doc.sentence_at(hm.start())
    later = [s for s in doc.sentences if s.start >= sentence.start][:2]
    limit = later[-1].end if later else sentence.end
    noun = hm.group(1).lower()
    for m in doc.mentions:
        if hm.end() <= m.start < limit and m.place.kind == "town" and doc.intro(m) == noun:
            return ControlEvent(
                "held", m.place, m.text, actor.group(), hm.start(), actor.end(), sentence
            )
    return None


def _post_event(doc: Document, f: Mention) -> ControlEvent | None:
    """Events where the place is the subject: "Kupiansk fell to Russian forces"."""
    text = doc.text
    sentence = doc.sentence_at(f.start)
    pm = ph.CONTROL_POST.match(text, f.end)
    if pm is not None and not ph.denied_in(text, sentence.start, f.start):
        kind: ControlKind = "held"
        if pm.group("fell"):
            kind = "captured"
        elif pm.group("passive"):
            passive = " ".join(pm.group("passive").lower().split())
            kind = ph.PASSIVE_KIND.get(passive, "captured")
        elif pm.group("siege"):
            kind = "besieged"
        actor: str | None = None
        end = pm.end()
        if pm.group("who"):
            actor = pm.group("who").strip()  # "under Daesh control"
        else:
            am = ph.ACTOR.match(text, pm.end())
            if am is not None:
                actor, end = am.group(), am.end()
            elif pm.group("held") or pm.group("ctl"):
                return None  # "held by" someone we cannot name: not worth an event
            else:  # no actor: the span ends on the verb, not on a dangling "by"/"to"
                end = max(pm.end(g) for g in ("fell", "passive", "siege") if pm.group(g))
        return ControlEvent(kind, f.place, f.text, actor, f.start, end, sentence)
    lo = max(sentence.start, f.start - 40)
    held = ph.HELD_ADJ.search(text, lo, f.start) if "-" in text[lo : f.start] else None
    if held is not None:
        return ControlEvent(
            "held", f.place, f.text, held.group("actor"), held.start(), f.end, sentence
        )
    return None


_TOWN_NOUNS = ["town", "city", "village", "settlement", "kibbutz", "port"]
_ANAPHOR_NOUN = re.compile(rf"\b(?i:{'|'.join(_TOWN_NOUNS)})\b")
_TOWN_NOUN_CUE = word_gate(_TOWN_NOUNS)


def _town_nouns(text: str) -> Iterator[re.Match[str]]:
    """`_ANAPHOR_NOUN.finditer(text)`, tried only where a town noun spelling starts (few
    words open with one: cheaper than the word-start gate of `gated_finditer`)."""
    end = 0
    for g in _TOWN_NOUN_CUE.finditer(text):
        m = _ANAPHOR_NOUN.match(text, g.start()) if g.start() >= end else None
        if m is not None:
            yield m
            end = m.end()


def _anaphor_ending(text: str, end: int) -> re.Match[str] | None:
    """The "the town" / "the northern city" phrase ending at `end`, if any: the town as
    the subject of "fell to", "was captured by", "has been held by"."""
    lo = max(0, end - 50)
    for i in range(end - 1, lo - 1, -1):
        if text.startswith(("the ", "The "), i) and (i == 0 or not text[i - 1].isalnum()):
            m = ph.ANAPHOR.match(text, i)
            return m if m is not None and m.end() == end else None
    return None


_GAVE_UP = re.compile(
    r"(?<=\w)\s+(?:had\s+|have\s+|has\s+)?(?:pulled\s+out|withdr(?:ew|awn)|retreated|pulled\s+back"
    r"|fell\s+back|fled)\b(?!\s+(?:from|of)\b)",
    re.IGNORECASE,
)
"""A force giving ground with no place named ("after government troops pulled out")."""
_GAVE_UP_CUE = word_gate(["pulled", "withdr", "retreated", "fell", "fled"])
"""The verbs `_GAVE_UP` needs: a sentence without one is not searched."""


def _withdrawals_after(doc: Document, events: list[ControlEvent]) -> list[ControlEvent]:
    """ "M23 took Rutshuru after government troops pulled out": an intransitive
    withdrawal in the sentence of a capture or entry is a withdrawal from that town."""
    out: list[ControlEvent] = []
    text = doc.text
    for ev in events:
        if ev.event not in ("captured", "entered", "recaptured"):
            continue
        s = ev.sentence
        if _GAVE_UP_CUE.search(text, ev.end, s.end) is None:
            continue
        for g in _GAVE_UP.finditer(text, ev.end, s.end):
            a = doc.actor_ending(s, g.start())
            if a is None or doc.not_asserted(s, a.start()):
                continue
            if a.group().lower() == (ev.actor or "").lower():
                continue  # the taker withdrawing is another story
            out.append(
                ControlEvent("withdrew", ev.place, ev.place_text, a.group(), a.start(), g.end(), s)
            )
            break
    return out
