"""The engine tier: real HTTP on 127.0.0.1, real SQLite files, real processes for hooks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.wire import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A loopback feed server with no routes yet; the test adds them."""
    with FeedServer() as s:
        yield s
