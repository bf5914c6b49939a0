"""What config.toml holds, as typed, frozen dataclasses: one per table, a docstring per field.

`feeds.config.reader` fills them from the file and says what is wrong when it cannot;
code that builds a config by hand (tests, the demo) uses them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "DEFAULT_INTERVAL_S",
    "MIN_INTERVAL_S",
    "AlertRule",
    "ArticlesMode",
    "Config",
    "FeedConfig",
    "FrontConfig",
    "GazetteerConfig",
    "PlaceConfig",
    "RuleKind",
    "Settings",
    "Severity",
]

Severity = Literal["info", "warning", "critical"]
RuleKind = Literal[
    "distance_below", "control_change", "distance_drop", "new_objective", "keyword", "feed_down"
]
ArticlesMode = Literal["relevant", "all", "never"]
"""Which of a feed's stories get their article page fetched (key `articles`)."""

MIN_INTERVAL_S = 30.0
"""The shortest poll interval we allow, seconds: faster polling is rude to publishers."""

DEFAULT_INTERVAL_S = 300.0
"""Poll interval when a feed sets none, seconds."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One `[[feeds]]` table."""

    name: str
    """Shown in the dashboard and in alerts; unique within the file."""
    url: str
    """http(s) URL of an RSS or Atom feed."""
    interval_s: float = DEFAULT_INTERVAL_S
    """Seconds between polls (key `interval`)."""
    articles: ArticlesMode = "relevant"
    """Fetch the article page behind each item: for stories relevant to a front, all, or never."""
    outlet: str | None = None
    """Who publishes it (key `outlet`): feeds of one outlet count once for corroboration.
    None derives it from the URL's registered domain (feeds.bbci.co.uk -> "bbc")."""


@dataclass(frozen=True, slots=True)
class FrontConfig:
    """One `[[fronts]]` table: an offensive to follow."""

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
    """One `[[alerts]]` table: something the user wants to be told about."""

    rule: RuleKind
    """What to watch (config.toml documents each rule with an example)."""
    severity: Severity = "warning"
    """How the alert is shown and tailed: info, warning or critical."""
    km: float | None = None
    """For distance_below: alert when an objective's distance falls below this, in km.
    For distance_drop: the drop, in km, that raises it."""
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
    """The `[settings]` table."""

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
    """The name the dashboard shows, and one the text is matched on."""
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
    """The `[gazetteer]` table."""

    countries: tuple[str, ...] = ()
    """ISO alpha-2 codes whose full GeoNames dump is installed at start-up when missing
    (`frontwatch gazetteer add` does the same on demand)."""


@dataclass(frozen=True, slots=True)
class Config:
    """A whole config file, validated."""

    path: Path | None
    """The file this came from; None for a config built in code."""
    feeds: tuple[FeedConfig, ...] = ()
    """`[[feeds]]`: the feeds to poll, in file order."""
    fronts: tuple[FrontConfig, ...] = ()
    """`[[fronts]]`: the offensives to follow, in file order."""
    alerts: tuple[AlertRule, ...] = ()
    """`[[alerts]]`: the rules that raise alerts."""
    settings: Settings = field(default_factory=Settings)
    """`[settings]`: polling, storage and retention."""
    on_alert: tuple[str, ...] = ()
    """A program and its arguments run for every alert, the alert as JSON on its stdin
    (top-level key `on_alert`); empty runs nothing."""
    places: tuple[PlaceConfig, ...] = ()
    """The user's own places (`[[places]]`), most trusted of all."""
    gazetteer: GazetteerConfig = field(default_factory=GazetteerConfig)
    """`[gazetteer]`: the per-country GeoNames dumps wanted."""
