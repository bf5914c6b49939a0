"""An objective and what is known of the attacker's distance to it: history, estimate, trend.

Every distance point is kept in a total order (time, story id, how, km); the current
estimate is recomputed from them (`refresh`), with the reports that conflict with it; the
closing rate is a least-squares fit over the recent points of the current kind. Two ways
of knowing a distance are kept apart (DESIGN.md): *reported*, a story says it; *derived*,
a position of the attacker is measured on the map.

A history is bounded: at most HISTORY_CAP points (the oldest give way) and, with
retention, no point older than the user keeps (`trim`), short of what the estimate reads.

Units: km, km/day, UTC datetimes.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from feeds.types import DistanceClaim, Place, Sentence

__all__ = [
    "CONFLICT_POINTS",
    "CONFLICT_WINDOW",
    "ESTIMATE_SPAN",
    "HISTORY_CAP",
    "MIN_RATE_POINTS",
    "MIN_RATE_SPAN",
    "RATE_WINDOW",
    "SAME_VALUE_KM",
    "SAME_VALUE_WINDOW",
    "WINDOW_POINTS",
    "DistancePoint",
    "How",
    "Objective",
    "ObjectiveStatus",
    "Tier",
    "own_outlet",
    "point_order",
    "reported_note",
    "same_value",
]

How = Literal["reported", "derived"]
ObjectiveStatus = Literal["held", "contested", "captured"]
"""Who holds an objective, as its front's sides say: the defender, nobody for sure, the attacker."""
Tier = Literal["claimed", "corroborated"]

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
HISTORY_CAP = 2_000
"""Distance points kept per objective, the newest by time: memory stays flat over weeks."""
ESTIMATE_SPAN = RATE_WINDOW + SAME_VALUE_WINDOW
"""How far before its newest point an objective's estimate, corroboration and closing
rate read: retention never trims within it."""


def same_value(a: float, b: float) -> bool:
    """Whether two distances (km) say the same thing: within 1 km, or 5 % when far."""
    return abs(a - b) <= max(SAME_VALUE_KM, 0.05 * max(a, b))


def own_outlet(feed: str) -> str:
    """The outlet of a feed nobody grouped: the feed itself."""
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


def point_order(p: DistancePoint) -> tuple[datetime, str, str, float]:
    return (p.time, p.story_id, p.how, p.km)


def _time(p: DistancePoint) -> datetime:
    return p.time


@dataclass(slots=True, eq=False)
class Objective:
    place: Place
    history: list[DistancePoint] = field(default_factory=list)
    """Sorted by time (the story's publication time), then story id."""
    status: ObjectiveStatus = "held"
    status_since: datetime | None = None
    status_story: str | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    """story id -> feeds that carried it (the story record's own list), for `history`."""
    added_by: str | None = None
    """The story that made this an objective; None when the config names it."""
    front: str = ""
    """The name of the front it belongs to."""
    outlet_of: Callable[[str], str] = own_outlet
    """feed name -> outlet; set by the model."""
    conflicts: tuple[DistancePoint, ...] = ()
    """Reports at about the same time as the current value that disagree with it."""
    _current: DistancePoint | None = None
    _keys: set[tuple[str, str, float]] = field(default_factory=set)
    _per_story: dict[str, int] = field(default_factory=dict)
    """story id -> its points in `history`: its sources go with its last point."""

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
        index = bisect.bisect_left(self.history, point_order(cur), key=point_order)
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

    def add(self, point: DistancePoint, sources: list[str] | None = None) -> bool:
        """Insert in order; False when the story already gave this value (said twice).

        `sources` are the feeds that carried the story (its record's own list). Past
        HISTORY_CAP points the oldest gives way: whatever the order points arrive in, the
        newest HISTORY_CAP by time are kept.
        """
        key = (point.story_id, point.how, point.km)
        if key in self._keys:
            return False
        self._keys.add(key)
        bisect.insort(self.history, point, key=point_order)
        self._per_story[point.story_id] = self._per_story.get(point.story_id, 0) + 1
        if sources is not None:
            self.sources[point.story_id] = sources
        if len(self.history) > HISTORY_CAP:
            self._drop(self.history.pop(0))
        return True

    def trim(self, before: datetime) -> int:
        """Retention: forget the points older than `before`, but none within ESTIMATE_SPAN
        before the current estimate or the newest report (what the estimate, its
        corroboration and the closing rate read). Returns how many went."""
        h = self.history
        if not h:
            return 0
        newest_report = next((p for p in reversed(h) if p.how == "reported"), h[-1])
        anchor = min(newest_report.time, (self._current or h[-1]).time)
        cutoff = min(before, anchor - ESTIMATE_SPAN)
        return self._forget(bisect.bisect_left(h, cutoff, key=_time))

    def _forget(self, count: int) -> int:
        """Drop the `count` oldest points, with their keys and their stories' sources."""
        if count <= 0:
            return 0
        gone = self.history[:count]
        del self.history[:count]
        for p in gone:
            self._drop(p)
        return count

    def _drop(self, p: DistancePoint) -> None:
        """Forget a point's key, and its story's sources with the story's last point."""
        self._keys.discard((p.story_id, p.how, p.km))
        left = self._per_story.get(p.story_id, 1) - 1
        if left:
            self._per_story[p.story_id] = left
        else:
            self._per_story.pop(p.story_id, None)
            self.sources.pop(p.story_id, None)

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
            base = max(group, key=lambda p: (len(self.outlets_for(p)), point_order(p)))
        conflicts = tuple(p for p in group if not same_value(p.km, base.km))
        for p in reversed(h):
            if p.time < base.time:
                break
            if p.how == "derived" and (p.km <= base.km or same_value(p.km, base.km)):
                return p, conflicts
        return base, conflicts

    def refresh(self) -> tuple[DistancePoint | None, DistancePoint | None]:
        """Recompute the estimate; (old, new) when the current point changed, else (new, new)."""
        old = self._current
        self._current, self.conflicts = self._estimate()
        return old, self._current


def reported_note(claim: DistanceClaim, phrase: str) -> str:
    """Why a reported number: "within 5 km of Al-Sukhna", "8 km SW of the town"; `phrase` is
    how the text named the reference."""
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
