"""Read one story's text for places, distances and changes of control.

Rules, not a model: compiled regexes over the whole text find the candidates (capitalised
name runs, number-and-unit distances, control verbs), a dictionary lookup of each
candidate's normalised key resolves places, and small local checks (apposition, actor,
negation, anaphora) decide what each statement asserts. Every item keeps its character
span (end exclusive) and its sentence so the dashboard can show where a number came from.

Speed (~2-2.7 MB/s of news text on one core; ~600 µs for a 1.4 KB feed item): no loop
over the gazetteer; the big case-insensitive patterns run only where a cheap gate says
they can start (`feeds.extract.gates.word_gate`); what a capitalised run or a name is in the
gazetteer is memoised across stories, since news repeats the same names all day.
"""

from __future__ import annotations

from collections.abc import Sequence

from feeds.extract.control import read_control
from feeds.extract.distances import read_distances
from feeds.extract.document import Document
from feeds.extract.found import Found
from feeds.extract.learning import find_learned
from feeds.extract.persons import PersonMemory
from feeds.extract.sentences import split_sentences
from feeds.extract.toponyms import Toponyms
from feeds.geo import Gazetteer, LearnedPlaces, normalise
from feeds.types import Extraction, Mention

__all__ = ["Extractor"]


class Extractor:
    """Finds Mentions, DistanceClaims and ControlEvents in a text; reusable.

    Results depend on the text, `countries`, the people earlier stories named (a surname
    once read as a person's is not a place: `people`) and, with `memory`, on where learned
    places were last fixed. Name look-ups are memoised in `Toponyms`.
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        learn: bool = True,
        memory: LearnedPlaces | None = None,
        people: PersonMemory | None = None,
    ) -> None:
        """`learn`: names in a settlement context that the gazetteer lacks become learned
        towns (estimated or unknown location, see `feeds.extract.learning`); `memory` keeps their
        best fixes across stories (and files, when it has a path); `people` the surnames of
        the persons recent stories named (a fresh, bounded memory when None)."""
        self._gz = gazetteer
        self._learn = learn
        self.memory = memory
        self.people = people if people is not None else PersonMemory()
        self._toponyms = Toponyms(gazetteer, self.people)

    def extract(self, text: str, *, countries: Sequence[str] = ()) -> Extraction:
        """Read `text`. `countries` (ISO alpha-2, the fronts') win ties between homonyms."""
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        reading = self._toponyms.find(text, sentences, countries)
        found = [f for f in reading.found if f.place is not None]
        mentions = [Mention(f.surface, f.start, f.end, f.place) for f in found if f.place]
        if self._learn:
            learned = find_learned(
                text,
                mentions,
                self._gz,
                countries,
                self.memory,
                reading=reading,
                people=self.people,
            )
            if learned:
                found = [f for f in found if not any(x.start <= f.start < x.end for x in learned)]
                found.extend(
                    Found(x.start, x.end, x.text, normalise(x.text), place=x.place, intro=x.intro)
                    for x in learned
                )
                found.sort(key=lambda f: f.start)
                mentions = [Mention(f.surface, f.start, f.end, f.place) for f in found if f.place]
        doc = Document(text, sentences, starts, found, mentions)
        distances = read_distances(doc)
        control = read_control(doc)
        return Extraction(text, tuple(mentions), tuple(distances), tuple(control))
