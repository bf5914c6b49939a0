"""frontwatch's Textual dashboard. It renders the engine's model; it never polls or parses.

Importing `tui` imports no Textual: `tui.cli`'s headless commands (`tail`, `check`,
`extract`) live in this package and must start fast. `FrontwatchApp` loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.app import FrontwatchApp

__all__ = ["FrontwatchApp"]


def __getattr__(name: str) -> Any:
    if name == "FrontwatchApp":
        from tui.app import FrontwatchApp

        return FrontwatchApp
    raise AttributeError(f"module 'tui' has no attribute {name!r}")
