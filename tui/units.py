"""Numbers and times as the dashboard prints them: always with their unit.

A bare "5" on a desk screen invites a wrong reading; every value leaves here as
"5 km", "−3 km" or "14:05 UTC" ("2 h ago" is `feeds.times.ago`, which the headless
commands print too). Pure functions, no Textual.
"""

from __future__ import annotations

from datetime import UTC, datetime

MINUS = "\u2212"
"""A real minus sign: "−3 km" lines up with "+2 km" and reads as a number, not a dash."""


def km(value: float | None) -> str:
    """A distance in km, one decimal at most: "5 km", "64.6 km"; "—" when unknown."""
    if value is None:
        return "—"
    rounded = round(value, 1)
    if rounded == 0:
        rounded = 0.0  # no "-0 km"
    return f"{rounded:g} km" if abs(rounded) < 1e6 else f"{rounded:.0f} km"


def km_change(old: float | None, new: float | None) -> str:
    """The change from `old` to `new` in km: "−3 km" (closer), "+2 km", "±0 km"; "new" if no old."""
    if new is None:
        return "—"
    if old is None:
        return "new"
    delta = round(new - old, 1)
    if delta == 0:
        return "±0 km"
    sign = "+" if delta > 0 else MINUS
    return f"{sign}{abs(delta):g} km"


def utc_stamp(when: datetime | None, now: datetime | None = None) -> str:
    """A time in UTC: "14:05 UTC" when it is today (relative to `now`), else "3 Mar 14:05 UTC"."""
    if when is None:
        return "—"
    when = when.astimezone(UTC)
    if now is not None and when.date() == now.astimezone(UTC).date():
        return f"{when:%H:%M} UTC"
    return f"{when.day} {when:%b %H:%M} UTC"


def count(n: int, one: str, many: str | None = None) -> str:
    """ "1 feed", "3 feeds"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def rate(km_per_day: float | None) -> str:
    """A closing rate: "2.5 km/d" (closing), "−1 km/d" (falling back); "—" when unknown."""
    if km_per_day is None:
        return "—"
    value = round(km_per_day, 1)
    if value == 0:
        return "0 km/d"
    sign = MINUS if value < 0 else ""
    return f"{sign}{abs(value):g} km/d"


def duration(seconds: float | None) -> str:
    """A span ahead: "~40 min", "~5 h", "~3 d", "~2 mo"; "—" when unknown or absurd (> 1 year)."""
    if seconds is None or seconds < 0 or seconds > 365 * 86400:
        return "—"
    if seconds < 3600:
        return f"~{max(1, round(seconds / 60))} min"
    if seconds < 48 * 3600:
        return f"~{round(seconds / 3600)} h"
    if seconds < 60 * 86400:
        return f"~{round(seconds / 86400)} d"
    return f"~{round(seconds / (30 * 86400))} mo"
