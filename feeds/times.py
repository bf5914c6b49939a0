"""Times as people read them: "just now", "12 min ago", "in 5 min".

One formatter for every screen and command that says how long ago something happened.
"""

from __future__ import annotations

from datetime import datetime

__all__ = ["ago"]


def ago(when: datetime | None, now: datetime) -> str:
    """How long before `now` (both UTC): "just now", "40 s ago", "12 min ago", "5 h ago", "3 d ago".

    Times after `now` (a feed's clock ahead of ours) read "in 5 min" rather than a negative age.
    """
    if when is None:
        return "—"
    seconds = (now - when).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 10:
        return "just now"
    if seconds < 60:
        amount = f"{seconds:.0f} s"
    elif seconds < 3600:
        amount = f"{seconds // 60:.0f} min"
    elif seconds < 48 * 3600:
        amount = f"{seconds // 3600:.0f} h"
    else:
        amount = f"{seconds // 86400:.0f} d"
    return f"in {amount}" if future else f"{amount} ago"
