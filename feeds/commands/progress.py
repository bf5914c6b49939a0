"""Progress on a terminal: a rich progress bar on stderr, for downloads and builds."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from feeds.geo.dumps import Progress

__all__ = ["rich_progress"]


@contextlib.contextmanager
def rich_progress(label: str) -> Iterator[Progress]:
    """A rich progress bar on stderr for one country: bytes downloaded, then bytes built."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def update(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            what = "downloading" if phase == "download" else "building"
            tasks[phase] = bar.add_task(f"{label} {what}", total=total)
        bar.update(tasks[phase], completed=done, total=total)

    with bar:
        yield update
