"""End to end: the installed console script and the demo, run as a user runs them.

Every test here starts processes or plays the demo, so the whole tier is marked `slow`:
`pytest -m "not slow"` runs the other three.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Called with the whole session's items, not only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.slow)
