"""Reading typed values out of a parsed TOML document, with messages that say what is wrong.

`ValueReader` knows the shapes (tables, arrays of tables) and the kinds of value a config
holds (strings, numbers, choices, lists, country codes, URLs, regular expressions, names
defined elsewhere in the file); `feeds.config.reader` walks the sections with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feeds.config.messages import ConfigError, config_error, key_path, quoted, show, suggest

__all__ = ["COUNTRY_CODE", "ValueReader"]

COUNTRY_CODE = re.compile(r"[A-Z]{2}")
"""An ISO 3166-1 alpha-2 code as config.toml writes it ("SY")."""


class ValueReader:
    """Reads the values of one document; every failure becomes a ConfigError naming the key
    path."""

    def __init__(self, source: str, base: Path) -> None:
        self.source = source
        self.base = base
        """Folder a relative data_dir is anchored to."""

    def fail(self, key: str, message: str) -> ConfigError:
        return config_error(self.source, f"{key}: {message}")

    # --- shapes -----------------------------------------------------------------------

    def table(self, value: object, key: str, allowed: Sequence[str], how: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table written as {how}, found {show(value)}")
        for name in value:
            if name not in allowed:
                hint = suggest(name, allowed) or f" (expected one of {quoted(allowed)})"
                raise self.fail(key_path(key, name), f"unknown key{hint}")
        return value

    def array_of_tables(self, doc: dict[str, Any], key: str) -> list[tuple[str, object]]:
        if key not in doc:
            return []
        value = doc[key]
        if not isinstance(value, list):
            raise self.fail(
                key, f"expected an array of tables written as [[{key}]], found {show(value)}"
            )
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]

    # --- values -----------------------------------------------------------------------

    def text(self, tbl: dict[str, Any], key: str, path: str, *, required: bool) -> str | None:
        if key not in tbl:
            if required:
                raise self.fail(
                    key_path(path, key), "missing required key, expected a non-empty string"
                )
            return None
        value = tbl[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                key_path(path, key), f"expected a non-empty string, found {show(value)}"
            )
        return value.strip()

    def number(
        self, tbl: dict[str, Any], key: str, path: str, what: str, minimum: float, inclusive: bool
    ) -> float | None:
        if key not in tbl:
            return None
        value = tbl[key]
        expected = f"expected {what} {'>=' if inclusive else '>'} {minimum:g}"
        # bool is an int in Python but `interval = true` is a typo, not a number.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key_path(path, key), f"{expected}, found {show(value)}")
        ok = math.isfinite(value) and (value >= minimum if inclusive else value > minimum)
        if not ok:
            raise self.fail(key_path(path, key), f"{expected}, found {show(value)}")
        return float(value)

    def choice(
        self, tbl: dict[str, Any], key: str, path: str, options: Sequence[str], *, required: bool
    ) -> str | None:
        if key not in tbl:
            if required:
                raise self.fail(
                    key_path(path, key), f"missing required key, expected one of {quoted(options)}"
                )
            return None
        value = tbl[key]
        if value not in options:
            hint = suggest(value, options) if isinstance(value, str) else ""
            raise self.fail(
                key_path(path, key),
                f"expected one of {quoted(options)}, found {show(value)}{hint}",
            )
        return str(value)

    def strings(self, tbl: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        if key not in tbl:
            return ()
        value = tbl[key]
        where = key_path(path, key)
        if isinstance(value, str):
            raise self.fail(
                where,
                f"expected a list of strings, found the string {show(value)} "
                f"(write [{show(value)}])",
            )
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of strings, found {show(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{where}[{i}]", f"expected a non-empty string, found {show(item)}")
            out.append(item.strip())
        return tuple(out)

    def countries(self, tbl: dict[str, Any], path: str) -> tuple[str, ...]:
        codes = self.strings(tbl, "countries", path)
        for i, code in enumerate(codes):
            if not COUNTRY_CODE.fullmatch(code):
                hint = f' (did you mean "{code.upper()}"?)' if len(code) == 2 else ""
                raise self.fail(
                    f"{path}.countries[{i}]",
                    f'expected a two-letter country code like "SY", found {show(code)}{hint}',
                )
        return codes

    def url(self, tbl: dict[str, Any], path: str) -> str:
        where = key_path(path, "url")
        expected = "expected an http or https URL"
        if "url" not in tbl:
            raise self.fail(where, f"missing required key, {expected}")
        value = tbl["url"]
        if not isinstance(value, str):
            raise self.fail(where, f"{expected}, found {show(value)}")
        url = value.strip()
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:  # e.g. an unclosed IPv6 bracket
            host = None
        if (
            host is None
            or parts.scheme.lower() not in ("http", "https")
            or any(ch.isspace() for ch in url)
        ):
            raise self.fail(where, f"{expected}, found {show(value)}")
        return url

    def unique(self, name: str, path: str, kind: str, seen: dict[str, str]) -> None:
        # Case-blind: "BBC world" and "BBC World" side by side would confuse a reader.
        folded = name.casefold()
        if folded in seen:
            raise self.fail(
                f"{path}.name",
                f"expected a unique {kind} name, found {show(name)} again "
                f"(first used by {seen[folded]})",
            )
        seen[folded] = path

    # --- patterns and references ------------------------------------------------------

    def pattern(self, tbl: dict[str, Any], path: str) -> str | None:
        """A keyword rule's regular expression, compiled once here so a typo fails at load."""
        pattern = self.text(tbl, "pattern", path, required=False)
        if pattern is None:
            return None
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            where = f" at position {exc.pos}" if exc.pos is not None else ""
            raise self.fail(
                f"{path}.pattern",
                f"expected a regular expression, found {show(pattern)} ({exc.msg}{where})",
            ) from None
        return pattern

    def named(
        self,
        tbl: dict[str, Any],
        key: str,
        path: str,
        names: Sequence[str],
        kind: str,
        section: str,
    ) -> str | None:
        """A reference to a front or feed defined in this file, by its name."""
        value = self.text(tbl, key, path, required=False)
        if value is None or value in names:
            return value
        if names:
            expected = f"expected the name of a {kind} in this file ({quoted(names)})"
            hint = suggest(value, names)
        else:
            expected = f"expected the name of a {kind} in this file"
            hint = f" (this file defines no {section})"
        raise self.fail(f"{path}.{key}", f"{expected}, found {show(value)}{hint}")
