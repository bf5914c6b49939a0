"""How a config error reads: the file, the key path, what was expected, what was found.

Every message is one line, names the file as the user spelled it, and quotes a found
value back as the user would recognise it from their TOML.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Iterable, Sequence

__all__ = ["ConfigError", "config_error", "key_path", "quoted", "show", "suggest"]

_SHOWN_STRING_MAX = 60
"""Longest string value quoted back in a message, characters; longer ones are cut."""


class ConfigError(Exception):
    """A config file that cannot be used. str(error) is the one-line message for the user."""


def config_error(source: str, message: str) -> ConfigError:
    """The error for `source` (the file as the user gave it).

    One line always: a value quoted back is escaped, but guard against any stray newline."""
    return ConfigError(" ".join(f"{source}: {message}".splitlines()))


def show(value: object) -> str:
    """A found value as the user would recognise it from their TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_STRING_MAX else value[: _SHOWN_STRING_MAX - 3] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.date | datetime.time):
        return f"a date/time ({value.isoformat()})"
    return type(value).__name__


def quoted(options: Iterable[str]) -> str:
    """ "a", "b", "c" """
    return ", ".join(f'"{option}"' for option in options)


def suggest(word: str, options: Sequence[str]) -> str:
    """(did you mean "url"?) when an option is close to `word`, else nothing."""
    close = difflib.get_close_matches(word, options, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def key_path(path: str, key: str) -> str:
    """`feeds[0]` and `url` -> `feeds[0].url`; a top-level key stands alone."""
    return f"{path}.{key}" if path else key
