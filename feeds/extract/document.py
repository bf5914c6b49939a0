"""One story being read: its text, sentences and resolved mentions, and the look-ups the
statement rules share (the sentence at a position, the mention before it, what "the town"
points back to, the force that is a clause's subject, whether a clause is asserted)."""

from __future__ import annotations

import re
from bisect import bisect_right

from feeds.extract import phrases as ph
from feeds.extract.candidates import Found
from feeds.types import ControlEvent, Mention, Place, Sentence

__all__ = ["COUNTRY_SUBJECT", "Document"]

COUNTRY_SUBJECT = re.compile(r"^\s*(?:(?:has|have|had|forces|troops)\s+)*$")
_LIST_JOIN = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?:the\s+)?(?:nearby|neighbou?ring|adjacent|"
    r"surrounding)\s+)?(?:(?:the\s+)?(?:towns?|villages?|city)\s+of\s+)?"
)
"""What joins the places of one event: "captured X, Y and the nearby village of Z"."""


class Document:
    """One text with its sentences and resolved mentions, and the look-ups rules need."""

    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        starts: list[int],
        found: list[Found],
        mentions: list[Mention],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self._starts = starts
        self.mentions = mentions
        self._found = [f for f in found if f.place is not None]
        self._by_start = {m.start: m for m in mentions}
        self._by_end = {m.end: m for m in mentions}
        self._ends = [m.end for m in mentions]
        self._intro = {f.start: f.intro for f in self._found}
        self._actors: dict[int, list[re.Match[str]]] = {}

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return self.sentences[0] if self.sentences else Sentence(self.text, 0, len(self.text))
        return self.sentences[i]

    def mention_before(self, pos: int, joiner: re.Pattern[str]) -> Mention | None:
        """The mention that ends right before `pos`, separated by `joiner` (", ")."""
        i = bisect_right(self._ends, pos) - 1
        if i < 0:
            return None
        m = self.mentions[i]
        return m if joiner.fullmatch(self.text, m.end, pos) else None

    def reference_at(
        self, pos: int, *, towns_only: bool = False
    ) -> tuple[Mention | Place | None, str | None, int]:
        """The place named at `pos`: a mention, or "the town" pointing back to one."""
        m = self._by_start.get(pos)
        if m is not None:
            return m, m.text, m.end
        a = ph.ANAPHOR.match(self.text, pos)
        if a is None:
            return None, None, pos
        target = self.antecedent(pos, a.group(1).lower())
        if target is None:
            return None, None, pos
        return target.place, a.group(), a.end()

    def intro(self, m: Mention) -> str | None:
        """How the text introduced this mention: "town" for "the town of X", else None."""
        return self._intro.get(m.start)

    def listed_after(self, ev: ControlEvent) -> list[ControlEvent]:
        """The same event on the towns listed after its place ("took X and Y")."""
        out: list[ControlEvent] = []
        end = ev.end
        while True:
            j = _LIST_JOIN.match(self.text, end)
            m = self._by_start.get(j.end()) if j else None
            if m is None or m.place.kind != "town" or m.end > ev.sentence.end:
                return out
            out.append(
                ControlEvent(ev.event, m.place, m.text, ev.actor, m.start, m.end, ev.sentence)
            )
            end = m.end

    def antecedent(self, pos: int, noun: str) -> Mention | None:
        """What "the town" at `pos` means: the last place introduced as a town ("the town
        of Al-Sukhna"), else the last town named."""
        last_town = None
        for m in reversed(self.mentions[: bisect_right(self._ends, pos)]):
            if m.place.kind != "town":
                continue
            if self._intro.get(m.start) == noun:
                return m
            if last_town is None:
                last_town = m
        return last_town

    def topic_before(self, apposed: Mention) -> Mention | None:
        """The town a sentence is about, for "Palmyra, some 50 km away": the last other town
        named before the apposition (this sentence first, then earlier ones)."""
        for m in reversed(self.mentions[: self.mentions.index(apposed)]):
            if m.place.kind == "town" and m.place.geonameid != apposed.place.geonameid:
                return m
        return None

    def not_asserted(self, sentence: Sentence, pos: int) -> bool:
        """Negated, hypothetical, intended or denied at `pos` ("aims to take", "denied")."""
        if ph.NOT_ASSERTED_NEAR.search(self.text, max(sentence.start, pos - 40), pos):
            return True
        if ph.modal_before(self.text, max(sentence.start, pos - 60), pos):
            return True
        return ph.denied_in(self.text, sentence.start, pos)

    def _sentence_actors(self, sentence: Sentence) -> list[re.Match[str]]:
        actors = self._actors.get(sentence.start)
        if actors is None:
            actors = ph.find_actors(self.text, sentence.start, sentence.end)
            self._actors[sentence.start] = actors
        return actors

    def actor_ending(self, sentence: Sentence, pos: int) -> re.Match[str] | None:
        """The force named right before `pos` ("government troops| pulled out")."""
        for a in self._sentence_actors(sentence):
            if a.end() == pos:
                return a
        return None

    def actor_before(self, sentence: Sentence, pos: int) -> str | None:
        """The force that is the subject of the clause ending at `pos`, if named."""
        for a in reversed(self._sentence_actors(sentence)):
            if a.end() > pos:
                continue
            if ph.OBJECT_MARKERS.search(self.text, max(sentence.start, a.start() - 12), a.start()):
                continue
            return a.group()
        m = self.mention_before(pos, COUNTRY_SUBJECT)
        if m is not None and m.place.kind == "country" and m.start >= sentence.start:
            return m.text
        return None
