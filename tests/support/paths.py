"""Where the checkout and the test data are, whichever tier asks."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
"""The checkout: config.toml, pyproject.toml, feeds/, tui/, tests/."""
DATA = REPO / "tests" / "data"
"""Fixture files: good and bad configs, an OPML feed list."""
