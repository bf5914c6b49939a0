"""config.toml, read with tomllib into typed dataclasses.

Every error names the file, the key path, what was expected and what was found;
an unknown key is an error with a "did you mean" suggestion.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

import platformdirs

Severity = Literal["info", "warning", "critical"]
RuleKind = Literal[
    "distance_below", "control_change", "distance_drop", "new_objective", "keyword", "feed_down"
]
ArticlesMode = Literal["relevant", "all", "never"]


class ConfigError(Exception):
    """A config file that cannot be used. str(error) is the one-line message for the user."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    name: str
    """Shown in the dashboard and in alerts; unique within the file."""
    url: str
    """http(s) URL of an RSS or Atom feed."""
    interval_s: float = 300.0
    """Seconds between polls (key `interval`)."""
    articles: ArticlesMode = "relevant"
    """Fetch the article page behind each item: for stories relevant to a front, all, or never."""
    outlet: str | None = None
    """Who publishes it (key `outlet`): feeds of one outlet count once for corroboration.
    None derives it from the URL's registered domain (feeds.bbci.co.uk -> "bbc")."""


@dataclass(frozen=True, slots=True)
class FrontConfig:
    name: str
    """Unique name of the offensive ("Deir ez-Zor offensive")."""
    attacker: tuple[str, ...] = ()
    """The attacking side's names as stories write them ("Syrian army", "government forces")."""
    defender: tuple[str, ...] = ()
    """The defending side's names ("Daesh", "Islamic State")."""
    objectives: tuple[str, ...] = ()
    """Place names resolved through the gazetteer ("As Sukhnah", "Deir ez-Zor")."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes of the region the front is fought in ("SY")."""
    radius_km: float | None = None
    """Region as a radius around the objectives, km (key `radius_km`); with `countries`
    too, a place must satisfy both."""


@dataclass(frozen=True, slots=True)
class AlertRule:
    rule: RuleKind
    severity: Severity = "warning"
    km: float | None = None
    """For distance_below: alert when an objective's distance falls below this, in km."""
    front: str | None = None
    """Limit the rule to one front by name; None means every front."""
    cooldown_s: float = 0.0
    """Seconds during which the same rule does not fire again for the same place."""
    hours: float | None = None
    """For distance_drop: the window the drop of `km` must happen in, hours."""
    pattern: str | None = None
    """For keyword: a regular expression (Python syntax, case-insensitive) over title and text."""
    feed: str | None = None
    """For feed_down: limit the rule to one feed by name; None means every feed."""
    failures: int = 2
    """For feed_down: failed polls in a row before the feed counts as down."""


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path | None = None
    """Where the store and caches live; None means the user data folder."""
    user_agent: str | None = None
    """Sent with every request; None means "frontwatch/<version> (+project URL)"."""
    timeout_s: float = 20.0
    """Per-request timeout for feed fetches, seconds (a whole fetch gets three times this)."""
    max_interval_s: float = 1800.0
    """A feed that brings nothing new is polled less often, up to this many seconds apart."""
    per_host: int = 2
    """At most this many requests at once to one host."""
    keep_days: float | None = None
    """Retention: stories first seen longer ago than this are deleted; None keeps them."""
    keep_stories: int | None = None
    """Retention: only the newest this many stories are kept; None keeps them all."""
    hook_timeout_s: float = 10.0
    """Seconds an `on_alert` program may run before it is killed and reported (key
    `hook_timeout`)."""


@dataclass(frozen=True, slots=True)
class PlaceConfig:
    """A place the user adds (`[[places]]`): it wins over every gazetteer entry of its names."""

    name: str
    lat: float
    """Degrees north, -90..90."""
    lon: float
    """Degrees east, -180..180."""
    country: str
    """ISO 3166-1 alpha-2 code ("UA")."""
    aliases: tuple[str, ...] = ()
    """Other spellings stories use for it."""


@dataclass(frozen=True, slots=True)
class GazetteerConfig:
    countries: tuple[str, ...] = ()
    """ISO alpha-2 codes whose full GeoNames dump is installed at start-up when missing
    (`frontwatch gazetteer add` does the same on demand)."""


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None
    """The file this came from; None for a config built in code."""
    feeds: tuple[FeedConfig, ...] = ()
    fronts: tuple[FrontConfig, ...] = ()
    alerts: tuple[AlertRule, ...] = ()
    settings: Settings = field(default_factory=Settings)
    on_alert: tuple[str, ...] = ()
    """A program and its arguments run for every alert, the alert as JSON on its stdin
    (top-level key `on_alert`); empty runs nothing."""
    places: tuple[PlaceConfig, ...] = ()
    """The user's own places (`[[places]]`), most trusted of all."""
    gazetteer: GazetteerConfig = field(default_factory=GazetteerConfig)
    """`[gazetteer]`: the per-country GeoNames dumps wanted."""


# --- loading and validation -------------------------------------------------------------

MIN_INTERVAL_S = 30.0
"""The shortest poll interval we allow, seconds: faster polling is rude to publishers."""

DEFAULT_INTERVAL_S = 300.0
"""Poll interval when a feed sets none, seconds."""

CONFIG_NAME = "config.toml"
"""The file name find_config looks for in each folder."""

_APP_NAME = "frontwatch"
_DEFAULT_RESOURCE = "default_config.toml"

_TOP_KEYS = ("settings", "feeds", "fronts", "alerts", "on_alert", "places", "gazetteer")
_PLACE_KEYS = ("name", "lat", "lon", "country", "aliases")
_GAZETTEER_KEYS = ("countries",)
_SETTINGS_KEYS = (
    "data_dir",
    "user_agent",
    "timeout",
    "max_interval",
    "per_host",
    "keep_days",
    "keep_stories",
    "hook_timeout",
)
_ARTICLES: tuple[ArticlesMode, ...] = ("relevant", "all", "never")
_FEED_KEYS = ("name", "url", "interval", "articles", "outlet")
_FRONT_KEYS = ("name", "attacker", "defender", "objectives", "countries", "radius_km")
_ALERT_KEYS = (
    "rule",
    "km",
    "severity",
    "front",
    "cooldown",
    "hours",
    "pattern",
    "feed",
    "failures",
)
_RULES: tuple[RuleKind, ...] = (
    "distance_below",
    "control_change",
    "distance_drop",
    "new_objective",
    "keyword",
    "feed_down",
)
_RULE_KEYS: dict[str, tuple[str, ...]] = {
    "km": ("distance_below", "distance_drop"),
    "hours": ("distance_drop",),
    "pattern": ("keyword",),
    "feed": ("feed_down",),
    "failures": ("feed_down",),
    "front": ("distance_below", "control_change", "distance_drop", "new_objective"),
}
"""Keys that only some rules take: key -> those rules."""
_RULE_NEEDS: dict[str, tuple[str, ...]] = {
    "distance_below": ("km",),
    "distance_drop": ("km", "hours"),
    "keyword": ("pattern",),
}
"""Keys a rule cannot do without."""
_SEVERITIES: tuple[Severity, ...] = ("info", "warning", "critical")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_TOML_POSITION_RE = re.compile(r"\(at line (\d+), column \d+\)")
_SHOWN_STRING_MAX = 60
"""Longest string value quoted back in a message, characters; longer ones are cut."""


def load_config(path: Path) -> Config:
    """Read and validate `path`. Raises ConfigError with a one-line message.

    Messages name the file as the caller spelled it, so a user who typed
    `frontwatch --config ../desk.toml` sees `../desk.toml` and not a resolved path.
    """
    source = str(path)
    real = path.expanduser()
    try:
        data = real.read_bytes()
    except FileNotFoundError:
        raise _error(source, "expected a config file, found no file at this path") from None
    except IsADirectoryError:
        raise _error(source, "expected a config file, found a folder") from None
    except PermissionError:
        raise _error(source, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise _error(source, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        # utf-8-sig: a byte-order mark left by a Windows editor is harmless, so accept it.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise _error(
            source,
            f"line {line}: expected UTF-8 text, found the byte 0x{bad} (save the file as UTF-8)",
        ) from None
    return _build(text, path, source)


def parse_config(text: str, path: Path | None) -> Config:
    """Validate config text; `path` (as the user gave it) names it in errors and anchors
    a relative data_dir. With no path, messages say "<config>" and data_dir is relative
    to the current folder."""
    return _build(text, path, str(path) if path is not None else "<config>")


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


_SOURCE_ROOT = Path(__file__).resolve().parent.parent
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
    resource = resources.files(__package__ or "feeds") / _DEFAULT_RESOURCE
    if isinstance(resource, Path):
        return resource
    # Installed from a zip: give the caller a real file it can open and show in messages.
    cached = Path(platformdirs.user_cache_dir(_APP_NAME)) / _DEFAULT_RESOURCE
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(resource.read_text(encoding="utf-8"), encoding="utf-8")
    return cached


def _error(source: str, message: str) -> ConfigError:
    # One line always: a value quoted back is escaped, but guard against any stray newline.
    return ConfigError(" ".join(f"{source}: {message}".splitlines()))


def _show(value: object) -> str:
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


def _quoted(options: Iterable[str]) -> str:
    return ", ".join(f'"{option}"' for option in options)


def _suggest(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


class _Reader:
    """Validates one document; every failure becomes a ConfigError naming the key path."""

    def __init__(self, source: str, base: Path) -> None:
        self.source = source
        self.base = base
        """Folder a relative data_dir is anchored to."""

    def fail(self, key: str, message: str) -> ConfigError:
        return _error(self.source, f"{key}: {message}")

    # --- shapes -----------------------------------------------------------------------

    def table(self, value: object, key: str, allowed: Sequence[str], how: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table written as {how}, found {_show(value)}")
        for name in value:
            if name not in allowed:
                hint = _suggest(name, allowed) or f" (expected one of {_quoted(allowed)})"
                raise self.fail(_join(key, name), f"unknown key{hint}")
        return value

    def array_of_tables(self, doc: dict[str, Any], key: str) -> list[tuple[str, object]]:
        if key not in doc:
            return []
        value = doc[key]
        if not isinstance(value, list):
            raise self.fail(
                key, f"expected an array of tables written as [[{key}]], found {_show(value)}"
            )
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]

    # --- values -----------------------------------------------------------------------

    def text(self, tbl: dict[str, Any], key: str, path: str, *, required: bool) -> str | None:
        if key not in tbl:
            if required:
                raise self.fail(
                    _join(path, key), "missing required key, expected a non-empty string"
                )
            return None
        value = tbl[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(_join(path, key), f"expected a non-empty string, found {_show(value)}")
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
            raise self.fail(_join(path, key), f"{expected}, found {_show(value)}")
        ok = math.isfinite(value) and (value >= minimum if inclusive else value > minimum)
        if not ok:
            raise self.fail(_join(path, key), f"{expected}, found {_show(value)}")
        return float(value)

    def choice(
        self, tbl: dict[str, Any], key: str, path: str, options: Sequence[str], *, required: bool
    ) -> str | None:
        if key not in tbl:
            if required:
                raise self.fail(
                    _join(path, key), f"missing required key, expected one of {_quoted(options)}"
                )
            return None
        value = tbl[key]
        if value not in options:
            hint = _suggest(value, options) if isinstance(value, str) else ""
            raise self.fail(
                _join(path, key),
                f"expected one of {_quoted(options)}, found {_show(value)}{hint}",
            )
        return str(value)

    def strings(self, tbl: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        if key not in tbl:
            return ()
        value = tbl[key]
        where = _join(path, key)
        if isinstance(value, str):
            raise self.fail(
                where,
                f"expected a list of strings, found the string {_show(value)} "
                f"(write [{_show(value)}])",
            )
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of strings, found {_show(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(
                    f"{where}[{i}]", f"expected a non-empty string, found {_show(item)}"
                )
            out.append(item.strip())
        return tuple(out)

    def countries(self, tbl: dict[str, Any], path: str) -> tuple[str, ...]:
        codes = self.strings(tbl, "countries", path)
        for i, code in enumerate(codes):
            if not _COUNTRY_RE.fullmatch(code):
                hint = f' (did you mean "{code.upper()}"?)' if len(code) == 2 else ""
                raise self.fail(
                    f"{path}.countries[{i}]",
                    f'expected a two-letter country code like "SY", found {_show(code)}{hint}',
                )
        return codes

    def url(self, tbl: dict[str, Any], path: str) -> str:
        where = _join(path, "url")
        expected = "expected an http or https URL"
        if "url" not in tbl:
            raise self.fail(where, f"missing required key, {expected}")
        value = tbl["url"]
        if not isinstance(value, str):
            raise self.fail(where, f"{expected}, found {_show(value)}")
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
            raise self.fail(where, f"{expected}, found {_show(value)}")
        return url

    def unique(self, name: str, path: str, kind: str, seen: dict[str, str]) -> None:
        # Case-blind: "BBC world" and "BBC World" side by side would confuse a reader.
        folded = name.casefold()
        if folded in seen:
            raise self.fail(
                f"{path}.name",
                f"expected a unique {kind} name, found {_show(name)} again "
                f"(first used by {seen[folded]})",
            )
        seen[folded] = path

    # --- sections ---------------------------------------------------------------------

    def settings(self, doc: dict[str, Any]) -> Settings:
        if "settings" not in doc:
            return Settings()
        tbl = self.table(doc["settings"], "settings", _SETTINGS_KEYS, "[settings]")
        data_dir: Path | None = None
        raw_dir = self.text(tbl, "data_dir", "settings", required=False)
        if raw_dir is not None:
            data_dir = Path(raw_dir).expanduser()
            if not data_dir.is_absolute():
                data_dir = self.base / data_dir
        agent = self.text(tbl, "user_agent", "settings", required=False)
        if agent is not None and any(ch in agent for ch in "\r\n"):
            raise self.fail("settings.user_agent", f"expected one line, found {_show(agent)}")
        timeout = self.number(tbl, "timeout", "settings", "a number of seconds", 0, False)
        longest = self.number(
            tbl, "max_interval", "settings", "a number of seconds", MIN_INTERVAL_S, True
        )
        per_host = self.number(tbl, "per_host", "settings", "a whole number of requests", 1, True)
        if per_host is not None and not per_host.is_integer():
            raise self.fail(
                "settings.per_host", f"expected a whole number of requests >= 1, found {per_host:g}"
            )
        keep_days = self.number(tbl, "keep_days", "settings", "a number of days", 0, False)
        keep = self.number(tbl, "keep_stories", "settings", "a whole number of stories", 1, True)
        if keep is not None and not keep.is_integer():
            raise self.fail(
                "settings.keep_stories", f"expected a whole number of stories >= 1, found {keep:g}"
            )
        hook_timeout = self.number(tbl, "hook_timeout", "settings", "a number of seconds", 0, False)
        defaults = Settings()
        return Settings(
            hook_timeout_s=defaults.hook_timeout_s if hook_timeout is None else hook_timeout,
            keep_days=keep_days,
            keep_stories=None if keep is None else int(keep),
            data_dir=data_dir,
            user_agent=agent,
            timeout_s=defaults.timeout_s if timeout is None else timeout,
            max_interval_s=defaults.max_interval_s if longest is None else longest,
            per_host=defaults.per_host if per_host is None else int(per_host),
        )

    def feeds(self, doc: dict[str, Any]) -> tuple[FeedConfig, ...]:
        out: list[FeedConfig] = []
        seen: dict[str, str] = {}
        for path, item in self.array_of_tables(doc, "feeds"):
            tbl = self.table(item, path, _FEED_KEYS, "[[feeds]]")
            name = self.text(tbl, "name", path, required=True)
            assert name is not None
            self.unique(name, path, "feed", seen)
            url = self.url(tbl, path)
            interval = self.number(
                tbl, "interval", path, "a number of seconds", MIN_INTERVAL_S, True
            )
            articles = self.choice(tbl, "articles", path, _ARTICLES, required=False)
            outlet = self.text(tbl, "outlet", path, required=False)
            out.append(
                FeedConfig(
                    name=name,
                    url=url,
                    interval_s=DEFAULT_INTERVAL_S if interval is None else interval,
                    articles=cast(ArticlesMode, articles or "relevant"),
                    outlet=outlet,
                )
            )
        return tuple(out)

    def fronts(self, doc: dict[str, Any]) -> tuple[FrontConfig, ...]:
        out: list[FrontConfig] = []
        seen: dict[str, str] = {}
        for path, item in self.array_of_tables(doc, "fronts"):
            tbl = self.table(item, path, _FRONT_KEYS, "[[fronts]]")
            name = self.text(tbl, "name", path, required=True)
            assert name is not None
            self.unique(name, path, "front", seen)
            out.append(
                FrontConfig(
                    name=name,
                    attacker=self.strings(tbl, "attacker", path),
                    defender=self.strings(tbl, "defender", path),
                    objectives=self.strings(tbl, "objectives", path),
                    countries=self.countries(tbl, path),
                    radius_km=self.number(tbl, "radius_km", path, "a distance in km", 0, False),
                )
            )
        return tuple(out)

    def alerts(
        self, doc: dict[str, Any], fronts: Sequence[str], feeds: Sequence[str]
    ) -> tuple[AlertRule, ...]:
        out: list[AlertRule] = []
        for path, item in self.array_of_tables(doc, "alerts"):
            tbl = self.table(item, path, _ALERT_KEYS, "[[alerts]]")
            rule = cast(RuleKind, self.choice(tbl, "rule", path, _RULES, required=True))
            for key, takers in _RULE_KEYS.items():
                if key in tbl and rule not in takers:
                    only = " and ".join(f'"{t}"' for t in takers)
                    verb = "takes" if len(takers) == 1 else "take"
                    raise self.fail(
                        f"{path}.{key}",
                        f'not allowed for rule "{rule}" (only {only} {verb} {key}), '
                        f"found {_show(tbl[key])}",
                    )
            km = self.number(tbl, "km", path, "a distance in km", 0, False)
            hours = self.number(tbl, "hours", path, "a number of hours", 0, False)
            for key in _RULE_NEEDS.get(rule, ()):
                if key not in tbl:
                    expected = {
                        "km": "a distance in km > 0",
                        "hours": "a number of hours > 0",
                        "pattern": "a regular expression",
                    }[key]
                    raise self.fail(
                        f"{path}.{key}",
                        f'missing required key for rule "{rule}", expected {expected}',
                    )
            pattern = self.pattern(tbl, path)
            severity = self.choice(tbl, "severity", path, _SEVERITIES, required=False)
            front = self.named(tbl, "front", path, fronts, "front", "[[fronts]]")
            feed = self.named(tbl, "feed", path, feeds, "feed", "[[feeds]]")
            cooldown = self.number(tbl, "cooldown", path, "a number of seconds", 0, True)
            failures = self.number(tbl, "failures", path, "a whole number of polls", 1, True)
            if failures is not None and not failures.is_integer():
                raise self.fail(
                    f"{path}.failures", f"expected a whole number of polls >= 1, found {failures:g}"
                )
            out.append(
                AlertRule(
                    rule=rule,
                    severity=cast(Severity, severity or "warning"),
                    km=km,
                    front=front,
                    cooldown_s=0.0 if cooldown is None else cooldown,
                    hours=hours,
                    pattern=pattern,
                    feed=feed,
                    failures=2 if failures is None else int(failures),
                )
            )
        return tuple(out)

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
                f"expected a regular expression, found {_show(pattern)} ({exc.msg}{where})",
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
            expected = f"expected the name of a {kind} in this file ({_quoted(names)})"
            hint = _suggest(value, names)
        else:
            expected = f"expected the name of a {kind} in this file"
            hint = f" (this file defines no {section})"
        raise self.fail(f"{path}.{key}", f"{expected}, found {_show(value)}{hint}")

    def places(self, doc: dict[str, Any]) -> tuple[PlaceConfig, ...]:
        out: list[PlaceConfig] = []
        seen: dict[str, str] = {}
        for path, item in self.array_of_tables(doc, "places"):
            tbl = self.table(item, path, _PLACE_KEYS, "[[places]]")
            name = self.text(tbl, "name", path, required=True)
            assert name is not None
            self.unique(name, path, "place", seen)
            coords = []
            for key, limit in (("lat", 90.0), ("lon", 180.0)):
                value = tbl.get(key)
                if value is None:
                    raise self.fail(f"{path}.{key}", "missing required key, expected degrees")
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int | float)
                    or not math.isfinite(value)
                    or abs(value) > limit
                ):
                    raise self.fail(
                        f"{path}.{key}",
                        f"expected degrees from -{limit:g} to {limit:g}, found {_show(value)}",
                    )
                coords.append(float(value))
            if "country" not in tbl:
                raise self.fail(
                    f"{path}.country", 'missing required key, expected a two-letter code like "UA"'
                )
            country = tbl["country"]
            if not isinstance(country, str) or not _COUNTRY_RE.fullmatch(country):
                hint = (
                    f' (did you mean "{country.upper()}"?)'
                    if isinstance(country, str) and len(country) == 2
                    else ""
                )
                raise self.fail(
                    f"{path}.country",
                    f'expected a two-letter country code like "UA", found {_show(country)}{hint}',
                )
            out.append(
                PlaceConfig(
                    name=name,
                    lat=coords[0],
                    lon=coords[1],
                    country=country,
                    aliases=self.strings(tbl, "aliases", path),
                )
            )
        return tuple(out)

    def gazetteer(self, doc: dict[str, Any]) -> GazetteerConfig:
        if "gazetteer" not in doc:
            return GazetteerConfig()
        tbl = self.table(doc["gazetteer"], "gazetteer", _GAZETTEER_KEYS, "[gazetteer]")
        return GazetteerConfig(countries=tuple(dict.fromkeys(self.countries(tbl, "gazetteer"))))

    def on_alert(self, doc: dict[str, Any]) -> tuple[str, ...]:
        """The hook's argv. A relative program path with a slash is anchored to the config's
        folder; a bare name is looked up on PATH when the hook runs."""
        argv = self.strings(doc, "on_alert", "")
        if "on_alert" in doc and not argv:
            raise self.fail(
                "on_alert", 'expected a program and its arguments like ["/usr/bin/notify"]'
            )
        if not argv:
            return ()
        program = argv[0]
        expanded = Path(program).expanduser()
        if "/" in program and not expanded.is_absolute():
            expanded = self.base / expanded
        if "/" in program or program.startswith("~"):
            program = str(expanded)
        return (program, *argv[1:])


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _build(text: str, path: Path | None, source: str) -> Config:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION_RE.search(message)
        # tomllib says "(at end of document)" for an unfinished file: that is the last line.
        line = int(found.group(1)) if found else text.count("\n") + 1
        raise _error(source, f"line {line}: invalid TOML: {message}") from None
    base = path.expanduser().absolute().parent if path is not None else Path.cwd()
    reader = _Reader(source, base)
    reader.table(doc, "", _TOP_KEYS, "a TOML document")
    settings = reader.settings(doc)
    feeds = reader.feeds(doc)
    fronts = reader.fronts(doc)
    alerts = reader.alerts(doc, [f.name for f in fronts], [f.name for f in feeds])
    on_alert = reader.on_alert(doc)
    return Config(
        path=path,
        feeds=feeds,
        fronts=fronts,
        alerts=alerts,
        settings=settings,
        on_alert=on_alert,
        places=reader.places(doc),
        gazetteer=reader.gazetteer(doc),
    )
