"""A town and who holds it: its control events in order, the holder they add up to, and
what they say of an objective's status on a front.

A control event hands a town to its actor (captured, entered, held), away from it
(withdrew, lost) or leaves it contested (encircled, besieged, advancing). Each event's
holder depends on the one before it, so an event arriving late recomputes the holders
after it (`recompute_controllers`).

A history is bounded: at most TOWN_HISTORY_CAP events (the oldest give way) and, with
retention, none older than the user keeps (`Town.trim`), short of the current holder's run.

Units: UTC datetimes.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from feeds.model.front import Front, Side
from feeds.model.objective import SAME_VALUE_WINDOW, Objective, ObjectiveStatus, Tier, own_outlet
from feeds.types import ControlKind, Place, Sentence

__all__ = [
    "CONTESTS",
    "GIVES_UP",
    "TAKES",
    "TOWN_HISTORY_CAP",
    "ControlPoint",
    "Town",
    "control_order",
    "objective_status",
    "recompute_controllers",
    "set_objective_status",
]

#: Events that hand a town to the actor; "withdrew" and "lost" hand it away from the actor.
TAKES = frozenset({"captured", "recaptured", "entered"})
GIVES_UP = frozenset({"withdrew", "lost"})
CONTESTS = frozenset({"encircled", "besieged", "contested", "advancing"})

TOWN_HISTORY_CAP = 2_000
"""Control events kept per town, the newest: memory stays flat over weeks."""


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


def control_order(p: ControlPoint) -> tuple[datetime, str, int]:
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
    outlet_of: Callable[[str], str] = own_outlet
    """feed name -> outlet; set by the model."""
    orders: set[tuple[datetime, str, int]] = field(default_factory=set)
    """The keys of `history`'s points: a story's event is taken once."""
    _per_story: dict[str, int] = field(default_factory=dict)
    """story id -> its events in `history`: its sources go with its last event."""

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

    def insert(self, point: ControlPoint) -> int | None:
        """Put an event in its place in time; None when the story already gave it."""
        order = control_order(point)
        if order in self.orders:
            return None
        self.orders.add(order)
        index = bisect.bisect_right(self.history, order, key=control_order)
        self.history.insert(index, point)
        self._per_story[point.story_id] = self._per_story.get(point.story_id, 0) + 1
        return index

    def bound(self) -> None:
        """Past TOWN_HISTORY_CAP events the oldest give way (the newest are kept, whatever
        the order they arrived in)."""
        self._forget(len(self.history) - TOWN_HISTORY_CAP)

    def trim(self, before: datetime) -> int:
        """Retention: forget events older than `before`, but none of the current holder's
        run (from `since`). Returns how many went."""
        cutoff = before if self.since is None else min(before, self.since)
        return self._forget(bisect.bisect_left(self.history, cutoff, key=_time))

    def _forget(self, count: int) -> int:
        if count <= 0:
            return 0
        gone = self.history[:count]
        del self.history[:count]
        for p in gone:
            self.orders.discard(control_order(p))
            left = self._per_story.get(p.story_id, 1) - 1
            if left:
                self._per_story[p.story_id] = left
            else:
                self._per_story.pop(p.story_id, None)
                self.sources.pop(p.story_id, None)
        return count


def _time(p: ControlPoint) -> datetime:
    return p.time


def recompute_controllers(town: Town, start: int, front: Front | None) -> None:
    """Controllers from `start` on: each point's depends on the one before it."""
    history = town.history
    before = history[start - 1].controller if start > 0 else None
    for i in range(start, len(history)):
        p = history[i]
        new = before
        if p.event in TAKES or p.event == "held":
            new = _side_name(front, p.side) or p.actor or before
        elif p.event in GIVES_UP:
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


def objective_status(front: Front, p: ControlPoint) -> ObjectiveStatus | None:
    """What one control event says of an objective's status on `front`; None: nothing."""
    side = front.side_of(p.actor)
    if side is None:
        return None
    if p.event in TAKES or p.event == "held":
        return "captured" if side == "attacker" else "held"
    if p.event in GIVES_UP:
        return "held" if side == "attacker" else "captured"
    if p.event in CONTESTS:
        return "contested"
    return None


def set_objective_status(front: Front, objective: Objective, town: Town) -> None:
    """held / contested / captured from the newest control event a side of this front made;
    since = the first event of that run, with its story."""
    status: ObjectiveStatus | None = None
    since: ControlPoint | None = None
    for p in reversed(town.history):
        said = objective_status(front, p)
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


def _side_name(front: Front | None, side: str | None) -> str | None:
    """The name the dashboard shows for a side: its first alias."""
    if front is None or side is None:
        return None
    names = front.attacker if side == "attacker" else front.defender
    return names[0] if names else side
