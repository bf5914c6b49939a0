"""config.toml, read with tomllib into the typed dataclasses of `feeds.config.schema`.

Every error names the file, the key path, what was expected and what was found
(`feeds.config.messages`); an unknown key is an error with a "did you mean" suggestion.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast, get_args

from feeds.config.messages import config_error, show
from feeds.config.schema import (
    DEFAULT_INTERVAL_S,
    MIN_INTERVAL_S,
    AlertRule,
    ArticlesMode,
    Config,
    FeedConfig,
    FrontConfig,
    GazetteerConfig,
    PlaceConfig,
    RuleKind,
    Settings,
    Severity,
)
from feeds.config.values import COUNTRY_CODE, ValueReader

__all__ = ["load_config", "parse_config"]

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
_ARTICLES: tuple[ArticlesMode, ...] = get_args(ArticlesMode)
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
_RULES: tuple[RuleKind, ...] = get_args(RuleKind)
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
_SEVERITIES: tuple[Severity, ...] = get_args(Severity)
_TOML_POSITION_RE = re.compile(r"\(at line (\d+), column \d+\)")


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
        raise config_error(source, "expected a config file, found no file at this path") from None
    except IsADirectoryError:
        raise config_error(source, "expected a config file, found a folder") from None
    except PermissionError:
        raise config_error(source, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise config_error(source, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        # utf-8-sig: a byte-order mark left by a Windows editor is harmless, so accept it.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise config_error(
            source,
            f"line {line}: expected UTF-8 text, found the byte 0x{bad} (save the file as UTF-8)",
        ) from None
    return _build(text, path, source)


def parse_config(text: str, path: Path | None) -> Config:
    """Validate config text; `path` (as the user gave it) names it in errors and anchors
    a relative data_dir. With no path, messages say "<config>" and data_dir is relative
    to the current folder."""
    return _build(text, path, str(path) if path is not None else "<config>")


class _Sections(ValueReader):
    """Reads each section of one document into its dataclass."""

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
            raise self.fail("settings.user_agent", f"expected one line, found {show(agent)}")
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
                        f"found {show(tbl[key])}",
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
                        f"expected degrees from -{limit:g} to {limit:g}, found {show(value)}",
                    )
                coords.append(float(value))
            if "country" not in tbl:
                raise self.fail(
                    f"{path}.country", 'missing required key, expected a two-letter code like "UA"'
                )
            country = tbl["country"]
            if not isinstance(country, str) or not COUNTRY_CODE.fullmatch(country):
                hint = (
                    f' (did you mean "{country.upper()}"?)'
                    if isinstance(country, str) and len(country) == 2
                    else ""
                )
                raise self.fail(
                    f"{path}.country",
                    f'expected a two-letter country code like "UA", found {show(country)}{hint}',
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


def _build(text: str, path: Path | None, source: str) -> Config:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION_RE.search(message)
        # tomllib says "(at end of document)" for an unfinished file: that is the last line.
        line = int(found.group(1)) if found else text.count("\n") + 1
        raise config_error(source, f"line {line}: invalid TOML: {message}") from None
    base = path.expanduser().absolute().parent if path is not None else Path.cwd()
    reader = _Sections(source, base)
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
