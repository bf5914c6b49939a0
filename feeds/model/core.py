"""The live picture: fronts -> objectives -> distance history, towns -> control, and stories.

`Model.apply` takes one story with its extraction and returns the events it caused.
It is pure in-memory bookkeeping (no I/O), so it is cheap to call from the engine's
event loop and easy to test: a sequence of stories in, objective states out.

Two ways of knowing a distance are kept apart (DESIGN.md): *reported*, a story
says it; *derived*, a capture of town T puts the attacker great-circle(T, objective)
away, or a position "8 km SW of R" is projected from R's coordinates.

The final state does not depend on the order stories arrive in: histories are kept
in a total order (time, story id, ...), every derived number is recomputed from the
set of positions a front knows (so an objective added late still gets the distances
of captures read earlier), and which front a place belongs to is decided by the
configured objectives only, never by objectives the news added.

Memory stays flat over weeks: stories leave with retention (`forget`), and histories are
capped per objective, town and front, and trimmed with retention (`trim`).

Units: km, UTC datetimes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from feeds.events import (
    Event,
    FrontDiscovered,
    ObjectiveMoved,
    StoryAdded,
    StoryRevised,
    StorySourced,
    TownChanged,
)
from feeds.geo import haversine_km, project
from feeds.model.discovery import anchored_name, discovered_front, fronts_joined_by
from feeds.model.front import Front, Position
from feeds.model.objective import DistancePoint, Objective, reported_note
from feeds.model.town import (
    CONTESTS,
    TAKES,
    ControlPoint,
    Town,
    objective_status,
    recompute_controllers,
    set_objective_status,
)
from feeds.types import ControlEvent, DistanceClaim, Extraction, Place, Story

__all__ = ["Model", "StoryRecord"]


@dataclass(slots=True)
class StoryRecord:
    story: Story
    extraction: Extraction
    sources: list[str]
    """Feed names in the order the story arrived from them."""
    first_seen: datetime


class Model:
    """Fronts, towns and stories, updated one story at a time."""

    def __init__(
        self, fronts: Sequence[Front] = (), *, outlets: Mapping[str, str] | None = None
    ) -> None:
        self.outlets: dict[str, str] = dict(outlets or {})
        """feed name -> outlet; a feed not listed is its own outlet."""
        self.fronts: dict[str, Front] = {f.name: f for f in fronts}
        self.towns: dict[int, Town] = {}
        self.stories: dict[str, StoryRecord] = {}
        """In arrival order; newest last."""
        self._touched: dict[str, list[Objective]] = {}
        """story id -> objectives it put a point on (to refresh when it gains a source)."""
        self._deferred: dict[int, Objective] | None = None
        """Objectives to re-estimate when `restoring()` ends; None outside it."""
        for front in self.fronts.values():
            for objective in front.objectives.values():
                objective.front, objective.outlet_of = front.name, self.outlet_of

    @contextlib.contextmanager
    def restoring(self) -> Iterator[None]:
        """Apply many stories (a restart) and estimate each objective once at the end.

        Events are not wanted then, and re-estimating an objective after each of 100,000
        stories would cost more than reading them.
        """
        self._deferred = {}
        try:
            yield
        finally:
            deferred, self._deferred = self._deferred, None
            for objective in deferred.values():
                objective.refresh()

    def outlet_of(self, feed: str) -> str:
        return self.outlets.get(feed, feed)

    # --- queries -------------------------------------------------------------------

    def newest_stories(self, limit: int | None = None) -> Iterator[StoryRecord]:
        for n, record in enumerate(reversed(self.stories.values())):
            if limit is not None and n >= limit:
                return
            yield record

    def fronts_of(self, place: Place) -> list[Front]:
        """Fronts that have `place` as an objective, else those whose region covers it,
        nearest first (by great-circle distance to their closest configured objective)."""
        by_objective = [f for f in self.fronts.values() if place.geonameid in f.objectives]
        if by_objective:
            return by_objective
        covering = [f for f in self.fronts.values() if f.covers(place)]
        return sorted(covering, key=lambda f: (f.discovered, f.nearest_km(place), f.name))

    def touched(self, story_id: str) -> Sequence[Objective]:
        """The objectives a story put a distance on."""
        return self._touched.get(story_id, ())

    def objective(self, front: str, geonameid: int) -> Objective | None:
        """An objective by front name and place; follows a discovered front's renaming."""
        found = self.fronts.get(front)
        if found is not None and geonameid in found.objectives:
            return found.objectives[geonameid]
        for f in self.fronts.values():
            if f.discovered and geonameid in f.objectives:
                return f.objectives[geonameid]
        return None

    def outlets_of(self, story_id: str) -> set[str]:
        record = self.stories.get(story_id)
        return {self.outlet_of(f) for f in record.sources} if record else set()

    # --- retention -----------------------------------------------------------------

    def forget(self, story_ids: Iterable[str]) -> None:
        """Retention: these stories leave the model (objectives and towns keep the points
        they gave, with their sentences, until `trim` or the caps let them go)."""
        for story_id in story_ids:
            self.stories.pop(story_id, None)
            self._touched.pop(story_id, None)

    def trim(self, before: datetime) -> int:
        """Retention: every history forgets what is older than `before` (news time), short
        of what the current estimates and holders read. Returns how many points went."""
        gone = 0
        for front in self.fronts.values():
            gone += front.trim(before)
            for objective in front.objectives.values():
                gone += objective.trim(before)
        for town in self.towns.values():
            gone += town.trim(before)
        return gone

    # --- updates -------------------------------------------------------------------

    def apply(self, story: Story, extraction: Extraction, *, now: datetime) -> list[Event]:
        """Take in one story from one feed; return what changed."""
        known = self.stories.get(story.id)
        if known is not None:
            if story.feed in known.sources:
                return []
            known.sources.append(story.feed)  # shared with objectives' and towns' `sources`
            events: list[Event] = [StorySourced(story.id, story.feed)]
            for objective in self._touched.get(story.id, ()):
                events += self._moved(objective)  # corroboration can change the estimate
            return events

        self.stories[story.id] = StoryRecord(story, extraction, [story.feed], now)
        events = [StoryAdded(story.id, story.feed)]
        for claim in extraction.distances:
            if claim.kind == "force_position" and claim.reference is not None:
                events += self._apply_distance(story, claim)
        for control in extraction.control:
            events += self._apply_control(story, control)
        return events

    def revise(self, story: Story, extraction: Extraction, *, now: datetime) -> list[Event]:
        """The feed changed a story under the same id: keep the new text, apply what is new.

        Points already taken from the story stay in the history (they were said); what
        the new wording adds is applied, and what it repeats is not counted twice.
        """
        record = self.stories.get(story.id)
        if record is None:
            return self.apply(story, extraction, now=now)
        record.story = story
        return [
            StoryRevised(story.id, story.feed),
            *self.amend(story.id, extraction, since=0, now=now),
        ]

    def amend(
        self, story_id: str, extraction: Extraction, *, since: int, now: datetime
    ) -> list[Event]:
        """The story's article was read: keep the fuller extraction, apply what it added.

        `extraction` reads title, summary and article (feeds.ingest.compose); only the
        claims from offset `since`, where the article begins, are new. An article's lede
        usually repeats the summary: a distance the story already gave is one point
        (Objective._add), and a control event it already gave is skipped here.
        """
        record = self.stories.get(story_id)
        if record is None:
            return []
        given = {(c.event, c.place.geonameid) for c in record.extraction.control}
        record.extraction = extraction
        story = record.story
        events: list[Event] = []
        for claim in extraction.distances:
            new = claim.start >= since and claim.kind == "force_position"
            if new and claim.reference is not None:
                events += self._apply_distance(story, claim)
        for control in extraction.control:
            if control.start >= since and (control.event, control.place.geonameid) not in given:
                given.add((control.event, control.place.geonameid))
                events += self._apply_control(story, control)
        return events

    # --- distances -----------------------------------------------------------------

    def _apply_distance(self, story: Story, claim: DistanceClaim) -> list[Event]:
        ref = claim.reference
        assert ref is not None
        events: list[Event] = []
        front = self._front_for(ref, claim.subject)
        if front is None:
            front = self._discover(ref, story, events)
        if front.discovered and claim.subject and front.side_of(claim.subject) is None:
            # A discovered front learns who attacks from the claims that made it.
            front.attacker = tuple(sorted({*front.attacker, claim.subject}))
            self._restatus(front)
        if front.side_of(claim.subject) == "defender":
            return events  # the defender's position is not the attacker's progress
        phrase = claim.reference_text or ref.name
        anchors = {o.place.geonameid for o in front.anchors()}
        if ref.geonameid in anchors or claim.direction in (None, "outskirts"):
            objective = front.objectives.get(ref.geonameid)
            if objective is None:
                objective = self._add_objective(front, ref, story.id)
            elif objective.added_by is not None and (story.published, story.id) < (
                self._story_key(objective.added_by)
            ):
                objective.added_by = story.id  # the earliest story that named it, in any order
            point = DistancePoint(
                story.published,
                claim.value_km,
                "reported",
                story.id,
                claim.sentence,
                reported_note(claim, phrase),
            )
            events += self._add_point(objective, point)
            if front.discovered:
                self._rename_discovered(front, events)
            return events
        # "8 km southwest of R" where R is not an objective: project, then derive; never
        # from a place whose own position is only estimated (or unknown).
        if ref.estimated:
            return events
        lat, lon = project(ref.lat, ref.lon, claim.value_km, claim.direction)
        position = Position(
            story.published, lat, lon, story.id, claim.sentence, reported_note(claim, phrase)
        )
        events += self._add_position(front, position)
        return events

    def _story_key(self, story_id: str) -> tuple[datetime, str]:
        return (self.stories[story_id].story.published, story_id)

    def _front_for(self, place: Place, actor: str | None) -> Front | None:
        """The configured front a claim about `place` belongs to (None: none covers it).

        By objective first, then region; among several, the ones that know the actor's
        name, nearest first."""
        candidates = [f for f in self.fronts_of(place) if not f.discovered]
        if actor and len(candidates) > 1:
            sided = [f for f in candidates if f.side_of(actor)]
            candidates = sided or candidates
        return candidates[0] if candidates else None

    def _discover(self, place: Place, story: Story, events: list[Event]) -> Front:
        """The discovered front for a claim outside every configured front: one of the same
        country near its objectives, joining (merging) all such, or a new one
        (feeds.model.discovery)."""
        near = fronts_joined_by(self.fronts.values(), place)
        if not near:
            front = discovered_front(place)
            self.fronts[front.name] = front
            events.append(FrontDiscovered(front.name))
        else:
            front = near[0]
            for other in near[1:]:
                self._merge(front, other, events)
        if place.geonameid not in front.objectives:
            self._add_objective(front, place, story.id)
        self._rename_discovered(front, events)
        return front

    def _merge(self, into: Front, other: Front, events: list[Event]) -> None:
        del self.fronts[other.name]
        into.attacker = tuple(sorted({*into.attacker, *other.attacker}))
        mine, theirs = list(into.positions), list(other.positions)
        for objective in other.objectives.values():
            objective.front = into.name
            into.objectives[objective.place.geonameid] = objective
            for position in mine:
                events += self._derive(into, objective, position)
        for position in theirs:
            into.remember(position)
            for gid, objective in into.objectives.items():
                if gid not in other.objectives:
                    events += self._derive(into, objective, position)

    def _rename_discovered(self, front: Front, events: list[Event]) -> None:
        """A discovered front takes the name of its anchor (feeds.model.discovery)."""
        name = anchored_name(front)
        if name == front.name:
            return
        del self.fronts[front.name]
        front.name = name
        self.fronts[name] = front
        for objective in front.objectives.values():
            objective.front = name
        events.append(FrontDiscovered(name))

    def _add_objective(self, front: Front, place: Place, story_id: str) -> Objective:
        """An objective the news named: it gets the distances of every position known."""
        objective = Objective(place, added_by=story_id, front=front.name, outlet_of=self.outlet_of)
        front.objectives[place.geonameid] = objective
        for position in front.positions:
            self._derive(front, objective, position)
        town = self.towns.get(place.geonameid)
        if town is not None:
            set_objective_status(front, objective, town)
        return objective

    def _restatus(self, front: Front) -> None:
        for gid, objective in front.objectives.items():
            town = self.towns.get(gid)
            if town is not None:
                set_objective_status(front, objective, town)

    def _add_position(self, front: Front, position: Position) -> list[Event]:
        if any(
            p.story_id == position.story_id and (p.lat, p.lon) == (position.lat, position.lon)
            for p in front.positions[-8:]
        ):
            return []  # one story saying the same thing twice ("took X ... X fell")
        front.remember(position)
        events: list[Event] = []
        for objective in front.objectives.values():
            events += self._derive(front, objective, position)
        return events

    def _derive(self, front: Front, objective: Objective, position: Position) -> list[Event]:
        km = round(
            haversine_km(position.lat, position.lon, objective.place.lat, objective.place.lon), 1
        )
        note = f"{position.note}: {km:g} km from {objective.place.name} on the map"
        point = DistancePoint(
            position.time,
            km,
            "derived",
            position.story_id,
            position.sentence,
            note,
            (position.lat, position.lon),
        )
        return self._add_point(objective, point)

    def _add_point(self, objective: Objective, point: DistancePoint) -> list[Event]:
        record = self.stories.get(point.story_id)
        if not objective.add(point, record.sources if record is not None else None):
            return []
        touched = self._touched.setdefault(point.story_id, [])
        if objective not in touched:
            touched.append(objective)
        return self._moved(objective)

    def _moved(self, objective: Objective) -> list[Event]:
        if self._deferred is not None:
            self._deferred[id(objective)] = objective
            return []
        old, new = objective.refresh()
        if new is None or old is new:
            return []
        return [
            ObjectiveMoved(
                objective.front,
                objective.place.geonameid,
                old.km if old else None,
                new.km,
                new.story_id,
            )
        ]

    # --- control -------------------------------------------------------------------

    def _apply_control(self, story: Story, control: ControlEvent) -> list[Event]:
        events: list[Event] = []
        place = control.place
        if place.kind != "town":
            return events
        candidates = self.fronts_of(place)
        if control.actor and len(candidates) > 1:
            candidates = [f for f in candidates if f.side_of(control.actor)] or candidates
        front = candidates[0] if candidates else None
        # A discovered front learns its names as claims arrive: judging sides by them here
        # would make a town's history depend on arrival order, so its towns name actors.
        side = front.side_of(control.actor) if front and not front.discovered else None

        town = self.towns.get(place.geonameid)
        if town is None:
            town = self.towns[place.geonameid] = Town(place, outlet_of=self.outlet_of)
        town.sources[story.id] = self.stories[story.id].sources
        old = town.controller
        point = ControlPoint(
            story.published,
            control.event,
            control.actor,
            None,
            story.id,
            control.sentence,
            side,
            control.start,
        )
        index = town.insert(point)
        if index is None:
            return events
        recompute_controllers(town, index, front)
        newest = town.history[-1]
        contested = newest is town.history[index] and control.event in CONTESTS
        if town.controller != old or contested:
            story_id = town.story_id if town.controller != old else story.id
            events.append(
                TownChanged(
                    place.geonameid, old, town.controller, newest.event, story_id or story.id
                )
            )

        takes = control.event in TAKES
        exact = not place.estimated  # an estimated position is never used as if exact
        if front is not None and not front.discovered and side == "attacker" and takes and exact:
            note = f"{control.event} {control.place_text}"
            position = Position(
                story.published, place.lat, place.lon, story.id, control.sentence, note
            )
            events += self._add_position(front, position)
        newest_point = index == len(town.history) - 1
        for f in self.fronts.values():
            objective = f.objectives.get(place.geonameid)
            if objective is None:
                continue
            said = objective_status(f, town.history[index])
            if (
                newest_point
                and (said is None or said == objective.status)
                and (objective.status_since is not None or said is None)
            ):
                continue  # the newest word repeats the status: its run and start stand
            set_objective_status(f, objective, town)
        town.bound()
        return events

    # --- export --------------------------------------------------------------------

    def points(self) -> Iterator[tuple[Front, Objective, DistancePoint]]:
        """Every distance point of every objective, front by front."""
        for front in self.fronts.values():
            for objective in front.objectives.values():
                for point in objective.history:
                    yield front, objective, point
