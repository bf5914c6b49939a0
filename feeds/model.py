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

Units: km, UTC datetimes.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
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
    StoryRevised,
    StorySourced,
    TownChanged,
)

How = Literal["reported", "derived"]
Status = Literal["held", "contested", "captured"]
Tier = Literal["claimed", "corroborated"]
Side = Literal["attacker", "defender"]

SAME_VALUE_KM = 1.0
"""Two distances this close (km) are the same value; for long distances 5 % of the value."""
SAME_VALUE_WINDOW = timedelta(hours=24)
"""Claims this close in time can corroborate each other."""
CONFLICT_WINDOW = timedelta(hours=3)
"""Reports this close in time that disagree are a conflict, not progress."""
RATE_WINDOW = timedelta(days=3)
"""The closing rate is fitted over this much history before the current value."""
MIN_RATE_POINTS = 3
MIN_RATE_SPAN = timedelta(hours=12)
"""A rate needs at least this many points spanning at least this long to mean something."""
WINDOW_POINTS = 64
"""Corroboration looks at most at this many points nearest in time (bounded cost per story)."""
CONFLICT_POINTS = 12
"""The estimate weighs at most the newest this many reports of its window."""
DISCOVER_JOIN_KM = 100.0
"""A discovered front takes in places of its country within this distance of its objectives."""

#: Events that hand a town to the actor; "withdrew" and "lost" hand it away from the actor.
_TAKES = {"captured", "recaptured", "entered"}
_GIVES_UP = {"withdrew", "lost"}
_CONTESTS = {"encircled", "besieged", "contested", "advancing"}


def same_value(a: float, b: float) -> bool:
    """Whether two distances (km) say the same thing: within 1 km, or 5 % when far."""
    return abs(a - b) <= max(SAME_VALUE_KM, 0.05 * max(a, b))


def _feed_is_outlet(feed: str) -> str:
    return feed


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
    position: tuple[float, float] | None = None
    """Where the claim puts the attacker (lat, lon), when it does: the town taken, the
    projected point. None for "within N km of X", which is a ring, not a point."""


def _point_order(p: DistancePoint) -> tuple[datetime, str, str, float]:
    return (p.time, p.story_id, p.how, p.km)


def _time(p: DistancePoint | ControlPoint) -> datetime:
    return p.time


@dataclass(frozen=True, slots=True)
class Position:
    """Where a front's attacker was at a time: a town taken, or a projected point."""

    time: datetime
    lat: float
    lon: float
    story_id: str
    sentence: Sentence
    note: str
    """"captured Palmyra", "8 km SW of Tadmur"."""


@dataclass(slots=True, eq=False)
class Objective:
    place: Place
    history: list[DistancePoint] = field(default_factory=list)
    """Sorted by time (the story's publication time), then story id."""
    status: Status = "held"
    status_since: datetime | None = None
    status_story: str | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    """story id -> feeds that carried it (the story record's own list), for `history`."""
    added_by: str | None = None
    """The story that made this an objective; None when the config names it."""
    front: str = ""
    """The name of the front it belongs to."""
    outlet_of: Callable[[str], str] = _feed_is_outlet
    """feed name -> outlet; set by the model."""
    conflicts: tuple[DistancePoint, ...] = ()
    """Reports at about the same time as the current value that disagree with it."""
    _current: DistancePoint | None = None
    _keys: set[tuple[str, str, float]] = field(default_factory=set)

    # --- reading -------------------------------------------------------------------

    @property
    def current(self) -> DistancePoint | None:
        """The current estimate: the most recent credible value (see `_estimate`)."""
        return self._current

    @property
    def previous(self) -> DistancePoint | None:
        """The point just before the current one in time."""
        cur = self._current
        if cur is None:
            return None
        index = bisect.bisect_left(self.history, _point_order(cur), key=_point_order)
        return self.history[index - 1] if index > 0 else None

    @property
    def configured(self) -> bool:
        return self.added_by is None

    def latest(self, how: How) -> DistancePoint | None:
        return next((p for p in reversed(self.history) if p.how == how), None)

    def _window(self, point: DistancePoint) -> list[DistancePoint]:
        """Points of the same kind that say the same value as `point`, within a day of it.

        At most WINDOW_POINTS points nearest in time are looked at, so that an objective
        reported on every few minutes costs the same per story as a quiet one.
        """
        h = self.history
        lo = bisect.bisect_left(h, point.time - SAME_VALUE_WINDOW, key=_time)
        hi = bisect.bisect_right(h, point.time + SAME_VALUE_WINDOW, key=_time)
        if hi - lo > WINDOW_POINTS:
            at = bisect.bisect_left(h, point.time, lo, hi, key=_time)
            lo = max(lo, at - WINDOW_POINTS // 2)
            hi = min(hi, lo + WINDOW_POINTS)
        return [p for p in h[lo:hi] if p.how == point.how and same_value(p.km, point.km)]

    def feeds_for(self, point: DistancePoint | None = None) -> set[str]:
        """Feeds that said `point`'s value (default: the current one)."""
        point = point or self._current
        if point is None:
            return set()
        feeds: set[str] = set()
        for p in self._window(point):
            feeds.update(self.sources.get(p.story_id, ()))
        return feeds

    def outlets_for(self, point: DistancePoint | None = None) -> set[str]:
        """Independent outlets that said `point`'s value: two feeds of one outlet count once."""
        return {self.outlet_of(feed) for feed in self.feeds_for(point)}

    def source_count(self) -> int:
        """Distinct feeds that gave the current value (within tolerance, in a day's window)."""
        return len(self.feeds_for())

    def tier(self, point: DistancePoint | None = None) -> Tier | None:
        """ "corroborated" when two or more outlets said it, else "claimed"; None with no value."""
        point = point or self._current
        if point is None:
            return None
        return "corroborated" if len(self.outlets_for(point)) >= 2 else "claimed"

    def closing_rate(self) -> float | None:
        """km/day the attacker closes in, fitted over RATE_WINDOW of points of the current
        kind; positive when closing. None with too few points to mean something."""
        cur = self._current
        if cur is None:
            return None
        start = cur.time - RATE_WINDOW
        points = [p for p in self.history if start <= p.time <= cur.time and p.how == cur.how]
        if len(points) < MIN_RATE_POINTS or points[-1].time - points[0].time < MIN_RATE_SPAN:
            return None
        t0 = points[0].time
        xs = [(p.time - t0).total_seconds() / 86400 for p in points]
        ys = [p.km for p in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        if sxx == 0:
            return None
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
        return round(-slope, 2)

    def eta(self) -> datetime | None:
        """A naive arrival time at the current closing rate; None when not closing."""
        cur, rate = self._current, self.closing_rate()
        if cur is None or rate is None or rate <= 0 or cur.km <= 0 or self.status == "captured":
            return None
        return cur.time + timedelta(days=cur.km / rate)

    # --- updating (by the model) ---------------------------------------------------

    def _add(self, point: DistancePoint) -> bool:
        """Insert in order; False when the story already gave this value (said twice)."""
        key = (point.story_id, point.how, point.km)
        if key in self._keys:
            return False
        self._keys.add(key)
        bisect.insort(self.history, point, key=_point_order)
        return True

    def _estimate(self) -> tuple[DistancePoint | None, tuple[DistancePoint, ...]]:
        """The most recent credible value, and the reports that conflict with it.

        Credibility weighs recency and corroboration: among the reports within
        CONFLICT_WINDOW of the newest report, the one most outlets said wins (the newer on
        a tie); those that disagree with it are returned as conflicts, never averaged in.
        A derived value at or after that report supersedes it only when it is no further
        (a capture closer than the last report is progress; taking a town behind the line
        is not a retreat). With no report at all, the newest derived value stands.
        """
        h = self.history
        if not h:
            return None, ()
        i = len(h) - 1
        while i >= 0 and h[i].how != "reported":
            i -= 1
        if i < 0:
            return h[-1], ()
        newest = h[i]
        lo = bisect.bisect_left(h, newest.time - CONFLICT_WINDOW, key=_time)
        lo = max(lo, i + 1 - WINDOW_POINTS)
        group = [p for p in h[lo : i + 1] if p.how == "reported"][-CONFLICT_POINTS:]
        base = newest
        if len(group) > 1:
            base = max(group, key=lambda p: (len(self.outlets_for(p)), _point_order(p)))
        conflicts = tuple(p for p in group if not same_value(p.km, base.km))
        for p in reversed(h):
            if p.time < base.time:
                break
            if p.how == "derived" and (p.km <= base.km or same_value(p.km, base.km)):
                return p, conflicts
        return base, conflicts

    def _refresh(self) -> tuple[DistancePoint | None, DistancePoint | None]:
        """Recompute the estimate; (old, new) when the current point changed, else (new, new)."""
        old = self._current
        self._current, self.conflicts = self._estimate()
        return old, self._current


@dataclass(slots=True, eq=False)
class Front:
    name: str
    attacker: tuple[str, ...] = ()
    defender: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    objectives: dict[int, Objective] = field(default_factory=dict)
    discovered: bool = False
    radius_km: float | None = None
    """Region as a radius around the configured objectives, km (None: countries only)."""
    positions: list[Position] = field(default_factory=list)
    """Where the attacker is known to have been (captures, projected points)."""

    def side_of(self, actor: str | None) -> Side | None:
        if not actor:
            return None
        return _side(self.attacker, self.defender, actor.casefold())

    def anchors(self) -> list[Objective]:
        """The objectives that define the front's area: the configured ones (all of a
        discovered front's). Objectives the news added never move a front's borders."""
        if self.discovered:
            return list(self.objectives.values())
        return [o for o in self.objectives.values() if o.added_by is None]

    def nearest_km(self, place: Place) -> float:
        """How far `place` is from the front's closest anchor objective, km (inf with none)."""
        return min(
            (haversine_km(place.lat, place.lon, o.place.lat, o.place.lon) for o in self.anchors()),
            default=float("inf"),
        )

    def covers(self, place: Place) -> bool:
        """Whether a claim about `place` belongs to this front's region."""
        if place.geonameid in self.objectives:
            return True
        if not self.countries and self.radius_km is None:
            return False
        if self.countries and place.country not in self.countries:
            return False
        return self.radius_km is None or self.nearest_km(place) <= self.radius_km


@functools.lru_cache(maxsize=4096)
def _side(attacker: tuple[str, ...], defender: tuple[str, ...], actor: str) -> Side | None:
    """Which side `actor` names; cached, as the same few actors recur in every story."""
    if any(_alias_matches(alias, actor) for alias in attacker):
        return "attacker"
    if any(_alias_matches(alias, actor) for alias in defender):
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
    side: Side | None = None
    """The actor's side on the town's front, when known."""
    start: int = 0
    """Offset of the event in its story, to order two events of one story."""


def _control_order(p: ControlPoint) -> tuple[datetime, str, int]:
    return (p.time, p.story_id, p.start)


@dataclass(slots=True, eq=False)
class Town:
    place: Place
    controller: str | None = None
    """Who holds it, by the newest word on it."""
    last_event: ControlKind | None = None
    since: datetime | None = None
    """When `controller` took it (the first point of its current run)."""
    story_id: str | None = None
    """The story that says `controller` took it."""
    history: list[ControlPoint] = field(default_factory=list)
    """Every control event on the town, in time order."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """story id -> feeds that carried it."""
    outlet_of: Callable[[str], str] = _feed_is_outlet
    orders: set[tuple[datetime, str, int]] = field(default_factory=set)
    """The keys of `history`'s points: a story's event is taken once."""

    def outlets(self) -> set[str]:
        """Outlets that said the current controller took it, within a day of `since`."""
        if self.since is None:
            return set()
        end = self.since + SAME_VALUE_WINDOW
        out: set[str] = set()
        for p in self.history:
            if self.since <= p.time <= end and p.controller == self.controller:
                out.update(self.outlet_of(f) for f in self.sources.get(p.story_id, ()))
        return out

    def tier(self) -> Tier | None:
        if self.since is None:
            return None
        return "corroborated" if len(self.outlets()) >= 2 else "claimed"


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
        self._deferred: dict[int, Objective] | None = None
        """Objectives to re-estimate when `restoring()` ends; None outside it."""
        """story id -> objectives it put a point on (to refresh when it gains a source)."""
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
                objective._refresh()

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
                _claim_note(claim, phrase),
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
            story.published, lat, lon, story.id, claim.sentence, _claim_note(claim, phrase)
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
        country within DISCOVER_JOIN_KM of its objectives, joining (merging) all such, or a
        new one. Grouping is single-linkage, so it does not depend on arrival order."""
        near = [
            f
            for f in self.fronts.values()
            if f.discovered
            and (
                place.geonameid in f.objectives
                or (place.country in f.countries and f.nearest_km(place) <= DISCOVER_JOIN_KM)
            )
        ]
        if not near:
            front = Front(
                name=_discovered_name(place),
                countries=(place.country,),
                discovered=True,
                radius_km=DISCOVER_JOIN_KM,
            )
            self.fronts[front.name] = front
            events.append(FrontDiscovered(front.name))
        else:
            near.sort(key=lambda f: f.name)
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
            into.positions.append(position)
            for gid, objective in into.objectives.items():
                if gid not in other.objectives:
                    events += self._derive(into, objective, position)

    def _rename_discovered(self, front: Front, events: list[Event]) -> None:
        """A discovered front is named after its most populous objective (ties: lowest id),
        so the name does not depend on which story came first."""
        anchor = min(
            front.objectives.values(), key=lambda o: (-o.place.population, o.place.geonameid)
        )
        name = _discovered_name(anchor.place)
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
            _set_status(front, objective, town)
        return objective

    def _restatus(self, front: Front) -> None:
        for gid, objective in front.objectives.items():
            town = self.towns.get(gid)
            if town is not None:
                _set_status(front, objective, town)

    def _add_position(self, front: Front, position: Position) -> list[Event]:
        if any(
            p.story_id == position.story_id and (p.lat, p.lon) == (position.lat, position.lon)
            for p in front.positions[-8:]
        ):
            return []  # one story saying the same thing twice ("took X ... X fell")
        front.positions.append(position)
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
        if not objective._add(point):
            return []
        record = self.stories.get(point.story_id)
        if record is not None:
            objective.sources[point.story_id] = record.sources
        touched = self._touched.setdefault(point.story_id, [])
        if objective not in touched:
            touched.append(objective)
        return self._moved(objective)

    def _moved(self, objective: Objective) -> list[Event]:
        if self._deferred is not None:
            self._deferred[id(objective)] = objective
            return []
        old, new = objective._refresh()
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
        order = _control_order(point)
        if order in town.orders:
            return events
        town.orders.add(order)
        index = bisect.bisect_right(town.history, order, key=_control_order)
        town.history.insert(index, point)
        _recompute_controllers(town, index, front)
        newest = town.history[-1]
        contested = newest is town.history[index] and control.event in _CONTESTS
        if town.controller != old or contested:
            story_id = town.story_id if town.controller != old else story.id
            events.append(
                TownChanged(
                    place.geonameid, old, town.controller, newest.event, story_id or story.id
                )
            )

        takes = control.event in _TAKES
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
            said = _status_of(f, town.history[index])
            if (
                newest_point
                and (said is None or said == objective.status)
                and (objective.status_since is not None or said is None)
            ):
                continue  # the newest word repeats the status: its run and start stand
            _set_status(f, objective, town)
        return events

    # --- export --------------------------------------------------------------------

    def points(self) -> Iterator[tuple[Front, Objective, DistancePoint]]:
        """Every distance point of every objective, front by front."""
        for front in self.fronts.values():
            for objective in front.objectives.values():
                for point in objective.history:
                    yield front, objective, point


def _recompute_controllers(town: Town, start: int, front: Front | None) -> None:
    """Controllers from `start` on: each point's depends on the one before it."""
    history = town.history
    before = history[start - 1].controller if start > 0 else None
    for i in range(start, len(history)):
        p = history[i]
        new = before
        if p.event in _TAKES or p.event == "held":
            new = _side_name(front, p.side) or p.actor or before
        elif p.event in _GIVES_UP:
            other: Side | None = {"attacker": "defender", "defender": "attacker"}.get(p.side or "")  # type: ignore[assignment]
            new = _side_name(front, other) if other else None
        if new != p.controller:
            history[i] = replace(p, controller=new)
        before = new
    last = history[-1]
    same_run = (
        start == len(history) - 1
        and start > 0
        and town.since is not None
        and history[start - 1].controller == last.controller == town.controller
    )
    town.controller, town.last_event = last.controller, last.event
    if same_run:
        return  # appended, and the holder did not change: it has held it since as before
    run = len(history) - 1
    while run > 0 and history[run - 1].controller == last.controller:
        run -= 1
    town.since, town.story_id = history[run].time, history[run].story_id


def _status_of(front: Front, p: ControlPoint) -> Status | None:
    """What one control event says of an objective's status on `front`; None: nothing."""
    side = front.side_of(p.actor)
    if side is None:
        return None
    if p.event in _TAKES or p.event == "held":
        return "captured" if side == "attacker" else "held"
    if p.event in _GIVES_UP:
        return "held" if side == "attacker" else "captured"
    if p.event in _CONTESTS:
        return "contested"
    return None


def _set_status(front: Front, objective: Objective, town: Town) -> None:
    """held / contested / captured from the newest control event a side of this front made;
    since = the first event of that run, with its story."""
    status: Status | None = None
    since: ControlPoint | None = None
    for p in reversed(town.history):
        said = _status_of(front, p)
        if said is None:
            continue
        if status is None:
            status = said
        elif said != status:
            break
        since = p
    objective.status = status or "held"
    objective.status_since = since.time if since else None
    objective.status_story = since.story_id if since else None


def _discovered_name(place: Place) -> str:
    return f"{place.name} ({place.country}, discovered)"


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
