"""The live picture: fronts -> objectives -> distance history, towns -> control, and stories.

`Model.apply` takes one story with its extraction and returns the events it caused.
It is pure in-memory bookkeeping (no I/O), so it is cheap to call from the engine's
event loop and easy to test: a sequence of stories in, objective states out.

Two ways of knowing a distance are kept apart (DESIGN.md): *reported*, a story
says it; *derived*, a capture of town T puts the attacker great-circle(T, objective)
away, or a position "8 km SW of R" is projected from R's coordinates.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from feeds.geo import haversine_km, project
from feeds.types import (
    ControlEvent,
    ControlKind,
    DistanceClaim,
    Event,
    Extraction,
    FrontDiscovered,
    ObjectiveMoved,
    Place,
    Sentence,
    Story,
    StoryAdded,
    StorySourced,
    TownChanged,
)

How = Literal["reported", "derived"]
Status = Literal["held", "contested", "captured"]

#: Reports within this many km of each other, in this window, count as the same value.
SAME_VALUE_KM = 1.0
SAME_VALUE_WINDOW = timedelta(hours=24)
#: Events that hand a town to the actor; "withdrew" and "lost" hand it away from the actor.
_TAKES = {"captured", "recaptured", "entered"}
_GIVES_UP = {"withdrew", "lost"}
_CONTESTS = {"encircled", "besieged", "contested", "advancing"}


@dataclass(frozen=True, slots=True)
class DistancePoint:
    """One known distance from the attacker to an objective."""

    time: datetime
    km: float
    how: How
    story_id: str
    sentence: Sentence
    note: str
    """Why this number: "within 5 km of Al-Sukhna", "took Tadmur, 64.6 km away"."""


@dataclass(slots=True)
class Objective:
    place: Place
    history: list[DistancePoint] = field(default_factory=list)
    """Sorted by time (the story's publication time)."""
    status: Status = "held"
    status_since: datetime | None = None
    status_story: str | None = None
    sources: dict[str, set[str]] = field(default_factory=dict)
    """story id -> feeds that carried it, for the stories in `history`."""

    @property
    def current(self) -> DistancePoint | None:
        return self.history[-1] if self.history else None

    @property
    def previous(self) -> DistancePoint | None:
        return self.history[-2] if len(self.history) > 1 else None

    def latest(self, how: How) -> DistancePoint | None:
        return next((p for p in reversed(self.history) if p.how == how), None)

    def source_count(self) -> int:
        """Distinct feeds that gave the current value (within SAME_VALUE_KM, in a day's window)."""
        cur = self.current
        if cur is None:
            return 0
        feeds: set[str] = set()
        for p in reversed(self.history):
            if cur.time - p.time > SAME_VALUE_WINDOW:
                break
            if p.how == cur.how and abs(p.km - cur.km) <= SAME_VALUE_KM:
                feeds |= self.sources.get(p.story_id, set())
        return len(feeds)


@dataclass(slots=True)
class Front:
    name: str
    attacker: tuple[str, ...] = ()
    defender: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    objectives: dict[int, Objective] = field(default_factory=dict)
    discovered: bool = False

    def side_of(self, actor: str | None) -> Literal["attacker", "defender"] | None:
        if not actor:
            return None
        a = actor.casefold()
        if any(_alias_matches(alias, a) for alias in self.attacker):
            return "attacker"
        if any(_alias_matches(alias, a) for alias in self.defender):
            return "defender"
        return None


def _alias_matches(alias: str, actor: str) -> bool:
    """'government forces' matches 'Syrian government forces' and 'the government forces'."""
    alias = alias.casefold()
    return alias == actor or f" {alias}" in f" {actor}" or f" {actor}" in f" {alias}"


@dataclass(frozen=True, slots=True)
class ControlPoint:
    time: datetime
    event: ControlKind
    actor: str | None
    controller: str | None
    story_id: str
    sentence: Sentence


@dataclass(slots=True)
class Town:
    place: Place
    controller: str | None = None
    last_event: ControlKind | None = None
    since: datetime | None = None
    story_id: str | None = None
    history: list[ControlPoint] = field(default_factory=list)


@dataclass(slots=True)
class StoryRecord:
    story: Story
    extraction: Extraction
    sources: list[str]
    """Feed names in the order the story arrived from them."""
    first_seen: datetime


class Model:
    """Fronts, towns and stories, updated one story at a time."""

    def __init__(self, fronts: Sequence[Front] = ()) -> None:
        self.fronts: dict[str, Front] = {f.name: f for f in fronts}
        self.towns: dict[int, Town] = {}
        self.stories: dict[str, StoryRecord] = {}
        """In arrival order; newest last."""

    # --- queries -------------------------------------------------------------------

    def newest_stories(self, limit: int | None = None) -> Iterator[StoryRecord]:
        for n, record in enumerate(reversed(self.stories.values())):
            if limit is not None and n >= limit:
                return
            yield record

    def fronts_of(self, place: Place) -> list[Front]:
        """Fronts that have `place` as an objective, else those fought in its country,
        nearest first (by great-circle distance to their closest objective)."""
        by_objective = [f for f in self.fronts.values() if place.geonameid in f.objectives]
        if by_objective:
            return by_objective
        in_country = [f for f in self.fronts.values() if place.country in f.countries]
        return sorted(in_country, key=lambda f: _nearest_km(f, place))

    # --- updates -------------------------------------------------------------------

    def apply(self, story: Story, extraction: Extraction, *, now: datetime) -> list[Event]:
        """Take in one story from one feed; return what changed."""
        known = self.stories.get(story.id)
        if known is not None:
            if story.feed in known.sources:
                return []
            known.sources.append(story.feed)
            for front in self.fronts.values():
                for objective in front.objectives.values():
                    if story.id in objective.sources:
                        objective.sources[story.id].add(story.feed)
            return [StorySourced(story.id, story.feed)]

        self.stories[story.id] = StoryRecord(story, extraction, [story.feed], now)
        events: list[Event] = [StoryAdded(story.id, story.feed)]
        for claim in extraction.distances:
            if claim.kind == "force_position" and claim.reference is not None:
                events += self._apply_distance(story, claim)
        for control in extraction.control:
            events += self._apply_control(story, control)
        return events

    def _front_for(self, place: Place, actor: str | None, events: list[Event]) -> Front:
        """The front a claim about `place` belongs to, discovering one when none fits."""
        candidates = self.fronts_of(place)
        if actor and len(candidates) > 1:
            sided = [f for f in candidates if f.side_of(actor)]
            candidates = sided or candidates
        if candidates:
            return candidates[0]
        name = f"{place.name} ({place.country}, discovered)"
        front = self.fronts.get(name)
        if front is None:
            front = Front(name=name, countries=(place.country,), discovered=True)
            self.fronts[name] = front
            events.append(FrontDiscovered(name))
        return front

    def _apply_distance(self, story: Story, claim: DistanceClaim) -> list[Event]:
        assert claim.reference is not None
        events: list[Event] = []
        front = self._front_for(claim.reference, claim.subject, events)
        if front.side_of(claim.subject) == "defender":
            return events  # the defender's position is not the attacker's progress
        ref = claim.reference
        phrase = f"{claim.reference_text or ref.name}"
        if claim.direction in (None, "outskirts") or ref.geonameid in front.objectives:
            objective = front.objectives.get(ref.geonameid)
            if objective is None:
                objective = front.objectives[ref.geonameid] = Objective(ref)
            note = _claim_note(claim, phrase)
            events += self._add_point(
                front, objective, story, claim.value_km, "reported", note, claim.sentence
            )
            return events
        # "8 km southwest of R" where R is not an objective: project, then derive.
        lat, lon = project(ref.lat, ref.lon, claim.value_km, claim.direction)
        for objective in front.objectives.values():
            km = round(haversine_km(lat, lon, objective.place.lat, objective.place.lon), 1)
            note = f"{_claim_note(claim, phrase)}: {km:g} km from {objective.place.name} on the map"
            events += self._add_point(front, objective, story, km, "derived", note, claim.sentence)
        return events

    def _apply_control(self, story: Story, control: ControlEvent) -> list[Event]:
        events: list[Event] = []
        place = control.place
        if place.kind != "town":
            return events
        fronts = self.fronts_of(place)
        front = fronts[0] if fronts else None
        side = front.side_of(control.actor) if front else None

        town = self.towns.get(place.geonameid)
        if town is None:
            town = self.towns[place.geonameid] = Town(place)
        old = town.controller
        new = old
        if control.event in _TAKES or control.event == "held":
            new = _side_name(front, side) or control.actor or old
        elif control.event in _GIVES_UP:
            other = {"attacker": "defender", "defender": "attacker"}.get(side or "")
            new = _side_name(front, other) if other else None
        point = ControlPoint(
            story.published, control.event, control.actor, new, story.id, control.sentence
        )
        _insort_by_time(town.history, point)
        if town.history[-1] is point:  # the newest word on this town decides its state
            town.controller, town.last_event = new, control.event
            town.since, town.story_id = story.published, story.id
            if new != old or control.event in _CONTESTS:
                events.append(TownChanged(place.geonameid, old, new, control.event, story.id))

        if front is None or side != "attacker":
            return events
        if place.geonameid in front.objectives:
            objective = front.objectives[place.geonameid]
            status: Status = "captured" if control.event in _TAKES else "contested"
            if control.event in _GIVES_UP:
                status = "held"
            objective.status, objective.status_since = status, story.published
            objective.status_story = story.id
            if status == "captured":
                note = f"{control.event} {control.place_text}"
                events += self._add_point(
                    front, objective, story, 0.0, "derived", note, control.sentence
                )
        elif control.event in _TAKES:
            for objective in front.objectives.values():
                km = round(
                    haversine_km(place.lat, place.lon, objective.place.lat, objective.place.lon), 1
                )
                note = (
                    f"{control.event} {control.place_text}, "
                    f"{km:g} km from {objective.place.name} on the map"
                )
                events += self._add_point(
                    front, objective, story, km, "derived", note, control.sentence
                )
        return events

    def _add_point(
        self,
        front: Front,
        objective: Objective,
        story: Story,
        km: float,
        how: How,
        note: str,
        sentence: Sentence,
    ) -> list[Event]:
        if any(p.story_id == story.id and p.how == how and p.km == km for p in objective.history):
            return []  # one story saying the same thing twice ("took X ... X fell") is one point
        old = objective.current
        point = DistancePoint(story.published, km, how, story.id, sentence, note)
        _insort_by_time(objective.history, point)
        objective.sources.setdefault(story.id, set()).update(self.stories[story.id].sources)
        new = objective.current
        assert new is not None
        if new is not point:
            return []  # an older report arriving late: history grows, the current value stands
        return [
            ObjectiveMoved(
                front.name, objective.place.geonameid, old.km if old else None, new.km, story.id
            )
        ]


def _nearest_km(front: Front, place: Place) -> float:
    """How far `place` is from the front's closest objective, km (inf with none)."""
    return min(
        (
            haversine_km(place.lat, place.lon, o.place.lat, o.place.lon)
            for o in front.objectives.values()
        ),
        default=float("inf"),
    )


def _side_name(front: Front | None, side: str | None) -> str | None:
    """The name the dashboard shows for a side: its first alias."""
    if front is None or side is None:
        return None
    names = front.attacker if side == "attacker" else front.defender
    return names[0] if names else side


def _claim_note(claim: DistanceClaim, phrase: str) -> str:
    qualifier = {
        "within": "within ",
        "about": "about ",
        "less_than": "less than ",
        "more_than": "more than ",
    }.get(claim.qualifier, "")
    amount = (
        f"{claim.low_km:g}-{claim.high_km:g}"
        if claim.qualifier == "range"
        else f"{claim.value_km:g}"
    )
    where = {"outskirts": "on the outskirts of"}.get(
        claim.direction or "", f"{claim.direction} of" if claim.direction else "of"
    )
    if claim.direction == "outskirts":
        return f"{where} {phrase}"
    return f"{qualifier}{amount} km {where} {phrase}"


def _insort_by_time(items: list, item: object) -> None:
    """Insert keeping time order; equal times keep arrival order (the later one last)."""
    bisect.insort_right(items, item, key=lambda p: p.time)
