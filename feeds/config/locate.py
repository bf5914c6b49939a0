"""Where the config file is: the current folder, the user's config folder, or the bundled
default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

__all__ = ["CONFIG_NAME", "find_config"]

CONFIG_NAME = "config.toml"
"""The file name find_config looks for in each folder."""

_APP_NAME = "frontwatch"
_DEFAULT_RESOURCE = "default_config.toml"


def find_config() -> Path:
    """The config a plain `frontwatch` uses, first found wins.

    1. ./config.toml in the current folder (a desk's own config beside its data);
    2. config.toml in the user's config folder (platformdirs, e.g. ~/.config/frontwatch);
    3. the bundled default: the repository's config.toml when running from a checkout,
       so edits to it take effect, else the copy packaged as feeds/default_config.toml.
    """
    here = Path.cwd() / CONFIG_NAME
    if here.is_file():
        return here
    user = Path(platformdirs.user_config_dir(_APP_NAME)) / CONFIG_NAME
    if user.is_file():
        return user
    return _bundled_config()


_SOURCE_ROOT = Path(__file__).resolve().parents[2]
"""The repository root when running from a checkout; only trusted if it holds our pyproject."""


def _bundled_config() -> Path:
    checkout = _SOURCE_ROOT / CONFIG_NAME
    pyproject = _SOURCE_ROOT / "pyproject.toml"
    if checkout.is_file() and pyproject.is_file():
        try:
            is_ours = f'name = "{_APP_NAME}"' in pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            is_ours = False
        if is_ours:
            return checkout
    resource = resources.files("feeds") / _DEFAULT_RESOURCE
    if isinstance(resource, Path):
        return resource
    # Installed from a zip: give the caller a real file it can open and show in messages.
    cached = Path(platformdirs.user_cache_dir(_APP_NAME)) / _DEFAULT_RESOURCE
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(resource.read_text(encoding="utf-8"), encoding="utf-8")
    return cached
