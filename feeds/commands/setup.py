"""What every command sets up: the config, the gazetteer, the journal, the engine, the demo.

Heavy modules (the engine, the journal) are imported where they are first needed, so a
command that never builds an engine (`extract`, `feeds`) starts without them.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from feeds.commands.progress import rich_progress
from feeds.commands.tuning import freeze_long_lived
from feeds.config import Config, find_config, load_config, parse_config

if TYPE_CHECKING:
    import httpx

    from feeds.engine import Engine
    from feeds.geo import Gazetteer
    from feeds.store import Store

__all__ = [
    "DEMO_POLL_S",
    "cache_dir",
    "demo",
    "ensure_installed",
    "load",
    "load_gazetteer",
    "open_engine",
    "open_store",
    "say",
]

DEMO_POLL_S = 3.0
"""How often the demo's feeds are polled, in seconds: short, so the scenario visibly plays."""


def say(message: str) -> None:
    """One line for the user on stderr, prefixed with the program's name."""
    print(f"frontwatch: {message}", file=sys.stderr, flush=True)


def load(args: argparse.Namespace) -> Config:
    """The config named by --config, else the one `find_config` finds."""
    return load_config(args.config if args.config else find_config())


def cache_dir() -> Path:
    """The user cache folder: the gazetteer's index and the installed country layers."""
    return Path(platformdirs.user_cache_dir("frontwatch"))


def load_gazetteer(config: Config | None = None) -> Gazetteer:
    """The gazetteer; with a config, its `[gazetteer] countries` installed first when missing
    and its `[[places]]` added."""
    from feeds.geo import Gazetteer

    if config is not None and config.gazetteer.countries:
        ensure_installed(config.gazetteer.countries, cache_dir(), say=say)
    return Gazetteer.load(cache_dir(), progress=say, places=config.places if config else ())


def ensure_installed(
    codes: Sequence[str],
    cache: Path,
    *,
    say: Callable[[str], None],
    base_url: str | None = None,
    client: httpx.Client | None = None,
) -> list[str]:
    """Install the countries of `[gazetteer] countries` that are missing, at start-up.

    Says what it is about to download and how big it is (HEAD) first. Without network it
    says so in one line and returns: the app carries on with what is installed. Returns the
    codes installed now.
    """
    import httpx

    from feeds.geo import DUMP_URL, DumpError, OfflineError, install, installed, probe_size

    base_url = base_url or DUMP_URL
    have = {info.country for info in installed(cache)}
    missing = [c.upper() for c in codes if c.upper() not in have]
    if not missing:
        return []
    done: list[str] = []
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(httpx.Client(timeout=30.0, follow_redirects=True))
        try:
            sizes = {c: probe_size(c, client, base_url) for c in missing}
        except OfflineError as exc:
            say(f"no network ({exc}): GeoNames data for {', '.join(missing)} not installed")
            return done
        total = sum(s or 0 for s in sizes.values())
        shown = ", ".join(
            f"{c} ({s / 1e6:.1f} MB)" if s else f"{c} (size unknown)" for c, s in sizes.items()
        )
        host = httpx.URL(base_url).host or base_url
        say(f"downloading GeoNames data for {shown}: {total / 1e6:.1f} MB from {host}")
        for code in missing:
            try:
                with rich_progress(code) as bar:
                    install(code, cache, client=client, base_url=base_url, progress=bar)
                done.append(code)
            except OfflineError as exc:
                say(f"no network ({exc}): carrying on with what is installed")
                break
            except DumpError as exc:
                say(f"{code}: {exc}")
    return done


def open_store(config: Config) -> Store:
    """The journal under `data_dir`, else the user data folder."""
    from feeds.store import Store

    folder = config.settings.data_dir or Path(platformdirs.user_data_dir("frontwatch"))
    return Store(folder / "frontwatch.sqlite3")


def open_engine(config: Config, gazetteer: Gazetteer, **options: Any) -> Engine:
    """The one engine of this process (`options` as `Engine` takes them: store, clock),
    with the long-lived heap moved out of the collector's way (feeds.commands.tuning)."""
    from feeds.engine import Engine

    freeze_long_lived()  # the gazetteer
    engine = Engine(config, gazetteer=gazetteer, **options)
    freeze_long_lived()  # the model restored from the journal
    return engine


@contextlib.contextmanager
def demo(speed: float) -> Iterator[tuple[Config, Callable[[], datetime]]]:
    """Start the loopback demo server; yield a config pointing at it and its news clock."""
    from feeds.demo import DemoServer, demo_config_text

    with DemoServer(speed=speed) as server:
        config = parse_config(demo_config_text(), None)
        # Quiet demo feeds must not back off: the scenario is only minutes long.
        settings = dataclasses.replace(config.settings, max_interval_s=DEMO_POLL_S, timeout_s=5.0)
        config = dataclasses.replace(
            config, feeds=server.feed_configs(DEMO_POLL_S), settings=settings
        )
        yield config, server.scenario_time
