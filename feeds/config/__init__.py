"""The config: what config.toml holds, how it is read and checked, where it is, and OPML.

- `schema`: the typed dataclasses (`Config`, `FeedConfig`, `FrontConfig`, `AlertRule`, ...);
- `reader`: `load_config` / `parse_config`, validation into those types;
- `values`, `messages`: reading one value, and how an error about it reads (`ConfigError`);
- `locate`: `find_config`, the file a plain `frontwatch` uses;
- `opml`: feed lists in and out of other readers.
"""

from feeds.config.locate import CONFIG_NAME, find_config
from feeds.config.messages import ConfigError
from feeds.config.opml import OPMLError, OPMLFeed, read_opml, toml_blocks, write_opml
from feeds.config.reader import load_config, parse_config
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

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_INTERVAL_S",
    "MIN_INTERVAL_S",
    "AlertRule",
    "ArticlesMode",
    "Config",
    "ConfigError",
    "FeedConfig",
    "FrontConfig",
    "GazetteerConfig",
    "OPMLError",
    "OPMLFeed",
    "PlaceConfig",
    "RuleKind",
    "Settings",
    "Severity",
    "find_config",
    "load_config",
    "parse_config",
    "read_opml",
    "toml_blocks",
    "write_opml",
]
