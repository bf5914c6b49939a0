"""One snapshot per screen at 120×40 and 80×24, from the fixed scenario on the fixed clocks.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.pilot import Pilot

from tests.support.dashboard import scenario_app
from tui.app import REDRAW_S

SCREENS: dict[str, Sequence[str]] = {
    "dashboard": (),
    "history": ("enter", "enter"),
    "story": ("enter", "enter", "enter"),
    "map": ("m",),
    "alerts": ("a",),
    "feeds": ("F",),
    "help": ("question_mark",),
    "front_picker": ("f",),
}
SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


CASES = [(s, z) for s in SCREENS for z in SIZES]


@pytest.mark.parametrize(("screen", "size"), CASES)
def test_screen(snap_compare, screen: str, size: str) -> None:  # type: ignore[no-untyped-def]

    async def drive(pilot: Pilot[None]) -> None:
        """Keys after the first redraw, then settle: the picture waits for the screen."""
        await pilot.pause(REDRAW_S + 0.05)
        pilot.app.clear_notifications()  # toasts time out; the tail and header keep the news
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(REDRAW_S + 0.05)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(scenario_app(), terminal_size=SIZES[size], run_before=drive)
