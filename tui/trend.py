"""How an objective's distance moves on screen: the change over a day and a sparkline.

The closing rate and the naive ETA are the model's (`Objective.closing_rate`, `.eta`).

Pure functions over `feeds.model.Objective`, no Textual. Times are the news clock's
(UTC); distances are km; rates are km per day, positive when the attacker closes in.
Only points known the same way as the current value are compared: a reported 5 km
and a derived 64.6 km are two readings of different things, not a 59 km retreat.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime, timedelta

from feeds.model import DistancePoint, Objective

DAY = timedelta(hours=24)
BARS = "▁▂▃▄▅▆▇█"


def _same_way(objective: Objective) -> list[DistancePoint]:
    current = objective.current
    if current is None:
        return []
    return [p for p in objective.history if p.how == current.how]


def change_over(objective: Objective, now: datetime, window: timedelta = DAY) -> float | None:
    """Current km minus the km known `window` before `now` (km; negative = closer).

    The baseline is the last point at or before now − window; when the objective is
    younger than the window, its first point. None with fewer than two points.
    """
    points = _same_way(objective)
    if len(points) < 2:
        return None
    cutoff = now - window
    index = bisect.bisect_right(points, cutoff, key=lambda p: p.time)
    baseline = points[index - 1] if index > 0 else points[0]
    if baseline is points[-1]:
        return 0.0
    return points[-1].km - baseline.km


def sparkline(values: Sequence[float], width: int = 8) -> str:
    """The last `width` values as bars, low = close; "" with fewer than two values."""
    tail = list(values)[-width:]
    if len(tail) < 2:
        return ""
    low, high = min(tail), max(tail)
    span = high - low
    if span == 0:
        return BARS[len(BARS) // 2] * len(tail)
    top = len(BARS) - 1
    return "".join(BARS[round((v - low) / span * top)] for v in tail)


def distance_series(objective: Objective, limit: int = 64) -> list[float]:
    """The last `limit` km values known the current way, oldest first, for the sparkline."""
    return [p.km for p in _same_way(objective)[-limit:]]
