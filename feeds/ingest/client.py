"""The one HTTP client an engine shares between its feeds and article fetches."""

from __future__ import annotations

import httpx

from feeds import __version__
from feeds.config import Config

__all__ = ["default_user_agent", "make_client"]


def default_user_agent() -> str:
    return f"frontwatch/{__version__} (+https://github.com/frontwatch/frontwatch)"


def make_client(config: Config) -> httpx.AsyncClient:
    """The one HTTP client the engine shares between its feeds."""
    return httpx.AsyncClient(
        headers={"User-Agent": config.settings.user_agent or default_user_agent()},
        timeout=httpx.Timeout(
            config.settings.timeout_s, connect=min(10.0, config.settings.timeout_s)
        ),
        follow_redirects=True,
        max_redirects=5,
    )
