"""One snapshot per screen at 120×40 and 80×24, from the fixed scenario on the fixed clocks.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.pilot import Pilot

from tests.support.dashboard import scenario_app
from tui.app import REDRAW_S, FrontwatchApp

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


async def settle(pilot: Pilot[None]) -> None:
    """Wait out the pending redraw and what it lays out. A fixed pause is not enough on
    a busy machine: the picture would be taken before the alert tail reached its end."""
    app = pilot.app
    assert isinstance(app, FrontwatchApp)
    await pilot.pause(REDRAW_S + 0.05)
    for _ in range(50):
        if not app.redraw_pending:
            break
        await pilot.pause(REDRAW_S)
    for _ in range(3):  # layout, then the scroll the layout asked for
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize(("screen", "size"), CASES)
def test_screen(snap_compare, screen: str, size: str) -> None:  # type: ignore[no-untyped-def]

    async def drive(pilot: Pilot[None]) -> None:
        """Keys after the first redraw, then settle: the picture waits for the screen."""
        await pilot.pause(REDRAW_S + 0.05)
        pilot.app.clear_notifications()  # toasts time out; the tail and header keep the news
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    assert snap_compare(scenario_app(), terminal_size=SIZES[size], run_before=drive)
