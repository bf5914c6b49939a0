"""The `frontwatch` console script.

The dashboard is the default command. The headless commands (`check`, `tail`,
`extract`) import no Textual, so they start fast and run where no terminal is.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from feeds import __version__
from feeds.commands.tuning import freeze_long_lived, tune_interpreter
from feeds.config import Config, ConfigError, find_config, load_config, parse_config

if TYPE_CHECKING:
    import httpx

    from feeds.geo.dumps import Progress
    from feeds.store import Store

#: How often the demo's feeds are polled, in seconds: short, so the scenario visibly plays.
DEMO_POLL_S = 3.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontwatch",
        description="A terminal dashboard for following military offensives through the news.",
    )
    parser.add_argument("--version", action="version", version=f"frontwatch {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: ./config.toml, "
        "then the user config folder, then the bundled default)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="run on the embedded demo scenario (no network needed)"
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="demo speed factor (default 1: the scenario plays in about 3 minutes)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("dashboard", help="the dashboard (the default)")
    demo = sub.add_parser("demo", help="the dashboard on the embedded demo scenario")
    demo.add_argument("--speed", type=float, default=argparse.SUPPRESS, help="demo speed factor")
    check = sub.add_parser("check", help="validate the config and report feed health")
    check.add_argument(
        "--offline", action="store_true", help="validate only; do not poll the feeds"
    )
    tail = sub.add_parser("tail", help="print alerts as they happen (headless)")
    tail.add_argument("--json", action="store_true", help="one JSON object per line")
    tail.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="tail the embedded demo scenario",
    )
    tail.add_argument("--speed", type=float, default=argparse.SUPPRESS, help="demo speed factor")
    tail.add_argument(
        "--since",
        metavar="WHEN",
        help='first replay stored alerts since WHEN: a duration ("2h", "1d") or an ISO time',
    )
    export = sub.add_parser(
        "export", help="write towns, objectives and claims (from the journal) to a file"
    )
    export.add_argument("--format", choices=("json", "csv", "geojson"), default="json")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    fronts = sub.add_parser("fronts", help="list fronts; promote a discovered one into the config")
    fronts_sub = fronts.add_subparsers(dest="fronts_command", metavar="ACTION")
    fronts_sub.add_parser("list", help="configured and discovered fronts (the default)")
    promote = fronts_sub.add_parser("promote", help="write a discovered front into config.toml")
    promote.add_argument("name", help='the discovered front, e.g. "Pokrovsk (UA, discovered)"')
    promote.add_argument("--name", dest="new_name", help="the name to give it in the config")
    feeds = sub.add_parser("feeds", help="import or export the feed list as OPML")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    feeds_import = feeds_sub.add_parser(
        "import", help="add the feeds of an OPML file to the config"
    )
    feeds_import.add_argument("file", type=Path, help="an .opml file from another reader")
    feeds_sub.add_parser("export", help="write the configured feeds as OPML to stdout")
    serve = sub.add_parser("serve", help="serve the dashboard in a web browser (textual-serve)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="serve the demo scenario"
    )
    serve.add_argument("--speed", type=float, default=argparse.SUPPRESS, help="demo speed factor")
    gaz = sub.add_parser("gazetteer", help="install full GeoNames data for countries (villages)")
    gaz_sub = gaz.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    gaz_add = gaz_sub.add_parser("add", help="download and install countries' GeoNames dumps")
    gaz_add.add_argument("countries", nargs="+", metavar="XX", help='country codes, e.g. "UA SY"')
    gaz_add.add_argument(
        "--url", default=None, help="where the XX.zip files are (default: GeoNames' export/dump)"
    )
    gaz_sub.add_parser("list", help="installed countries, place counts, sizes, dates (default)")
    gaz_rm = gaz_sub.add_parser("remove", help="uninstall countries")
    gaz_rm.add_argument("countries", nargs="+", metavar="XX")
    extract = sub.add_parser("extract", help="extract places, distances and control events")
    extract.add_argument(
        "--jsonl",
        action="store_true",
        help='JSON lines in ({"id", "text"}), JSON lines out, one per input line',
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    tune_interpreter()
    if args.speed <= 0:
        print("frontwatch: --speed: expected a number above 0", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "extract":
            return _extract(args, sys.stdin, sys.stdout)
        if args.command == "tail":
            return _tail(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "export":
            return _export(args)
        if args.command == "fronts":
            return _fronts(args)
        if args.command == "feeds":
            return _feeds(args)
        if args.command == "gazetteer":
            return _gazetteer_command(args)
        demo = args.demo or args.command == "demo"
        return _dashboard(args, demo=demo)
    except ConfigError as exc:
        print(f"frontwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


# --- shared set-up ---------------------------------------------------------------


def _load(args: argparse.Namespace) -> Config:
    return load_config(args.config if args.config else find_config())


def _gazetteer(config: Config | None = None):  # -> Gazetteer; lazily: the first build is slow
    """The gazetteer; with a config, its `[gazetteer] countries` installed first when missing
    and its `[[places]]` added."""
    from feeds.geo import Gazetteer

    def progress(message: str) -> None:
        print(f"frontwatch: {message}", file=sys.stderr, flush=True)

    if config is not None and config.gazetteer.countries:
        ensure_installed(config.gazetteer.countries, _cache_dir(), say=progress)
    return Gazetteer.load(_cache_dir(), progress=progress, places=config.places if config else ())


@contextlib.contextmanager
def rich_progress(label: str) -> Iterator[Progress]:
    """A rich progress bar on stderr for one country: bytes downloaded, then bytes built."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def update(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            what = "downloading" if phase == "download" else "building"
            tasks[phase] = bar.add_task(f"{label} {what}", total=total)
        bar.update(tasks[phase], completed=done, total=total)

    with bar:
        yield update


def ensure_installed(
    codes: Sequence[str],
    cache_dir: Path,
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
    have = {info.country for info in installed(cache_dir)}
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
                    install(code, cache_dir, client=client, base_url=base_url, progress=bar)
                done.append(code)
            except OfflineError as exc:
                say(f"no network ({exc}): carrying on with what is installed")
                break
            except DumpError as exc:
                say(f"{code}: {exc}")
    return done


def _engine(config: Config, gazetteer, **options):  # -> Engine
    """The one engine of this process, with the long-lived heap out of the collector's way."""
    from feeds.engine import Engine

    freeze_long_lived()  # the gazetteer
    engine = Engine(config, gazetteer=gazetteer, **options)
    freeze_long_lived()  # the restored model
    return engine


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontwatch"))


def _gazetteer_command(args: argparse.Namespace) -> int:
    """`frontwatch gazetteer add|list|remove`: per-country GeoNames dumps (feeds.geo.dumps)."""
    import httpx

    from feeds import geo as dumps

    cache = _cache_dir()
    action = args.gazetteer_command or "list"
    if action == "list":
        layers = dumps.installed(cache)
        if not layers:
            print("no country installed: the bundled gazetteer only (towns of 500+ people)")
        for info in layers:
            print(
                f"{info.country}  {info.towns:>7,} places  {info.regions:>4,} divisions  "
                f"{info.archive_bytes / 1e6:6.1f} MB download  {info.layer_bytes / 1e6:6.1f} MB "
                f"installed  {info.installed:%Y-%m-%d %H:%M} UTC"
            )
        return 0
    if action == "remove":
        status = 0
        for code in args.countries:
            try:
                gone = dumps.remove(cache, code)
            except dumps.DumpError as exc:
                print(f"frontwatch gazetteer: {exc}", file=sys.stderr)
                status = 1
                continue
            print(f"{code.upper()}: {'removed' if gone else 'was not installed'}")
        if status == 0:
            _gazetteer()  # rebuild the merged index now, not at the next start
        return status
    base = args.url or dumps.DUMP_URL
    status = 0
    changed = False
    with httpx.Client(timeout=30.0, follow_redirects=True) as client:
        for code in args.countries:
            try:
                with rich_progress(code.upper()) as bar:
                    result = dumps.install(code, cache, client=client, base_url=base, progress=bar)
            except dumps.OfflineError as exc:
                print(
                    f"frontwatch gazetteer: no network ({exc}); carrying on with what is installed",
                    file=sys.stderr,
                )
                return 1
            except dumps.DumpError as exc:
                print(f"frontwatch gazetteer: {code.upper()}: {exc}", file=sys.stderr)
                status = 1
                continue
            info = result.info
            if result.status == "unchanged":
                print(f"{info.country}: unchanged (already installed, {info.towns:,} places)")
            else:
                changed = True
                print(
                    f"{info.country}: {result.status}, {info.towns:,} places and "
                    f"{info.regions:,} divisions"
                )
    if changed:
        _gazetteer()  # merge now, so the next start is fast
    return status


def _store(config: Config) -> Store:
    """The journal under `data_dir`, else the user data folder."""
    import platformdirs

    from feeds.store import Store

    folder = config.settings.data_dir or Path(platformdirs.user_data_dir("frontwatch"))
    return Store(folder / "frontwatch.sqlite3")


@contextmanager
def _demo(speed: float) -> Iterator[tuple[Config, Callable[[], datetime]]]:
    """Start the loopback demo server; yield a config pointing at it and its news clock."""
    from feeds.demo.server import DemoServer, demo_config_text

    with DemoServer(speed=speed) as server:
        config = parse_config(demo_config_text(), None)
        # Quiet demo feeds must not back off: the scenario is only minutes long.
        settings = dataclasses.replace(config.settings, max_interval_s=DEMO_POLL_S, timeout_s=5.0)
        config = dataclasses.replace(
            config, feeds=server.feed_configs(DEMO_POLL_S), settings=settings
        )
        yield config, server.scenario_time


# --- commands ----------------------------------------------------------------------


def _dashboard(args: argparse.Namespace, *, demo: bool) -> int:
    from tui.app import FrontwatchApp

    if demo:
        gazetteer = _gazetteer()
        with _demo(args.speed) as (config, clock):
            engine = _engine(config, gazetteer, clock=clock)
            engine.articles.host_delay_s = 0.0  # every demo page is on our own 127.0.0.1
            app = FrontwatchApp(engine, title="frontwatch — demo")
            app.run()
        return app.return_code or 0
    config = _load(args)
    gazetteer = _gazetteer(config)
    store = _store(config)
    try:
        engine = _engine(config, gazetteer, store=store)
        app = FrontwatchApp(engine, title=f"frontwatch — {config.path}")
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def serve_command(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: this same program, same options."""
    import shlex

    parts = [sys.executable, "-m", "tui.cli"]
    if args.config:
        parts += ["--config", str(args.config)]
    if args.demo:
        parts += ["--demo", "--speed", str(args.speed)]
    return shlex.join(parts)


def _serve(args: argparse.Namespace) -> int:
    """`frontwatch serve`: one dashboard process per browser tab, through textual-serve."""
    from textual_serve.server import Server

    if not args.demo:
        _load(args)  # a bad config is reported here, not in every browser tab
    server = Server(serve_command(args), host=args.host, port=args.port, title="frontwatch")
    print(f"frontwatch: serving on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    server.serve()
    return 0


def _check(args: argparse.Namespace) -> int:
    from feeds.ingest import health_table

    config = _load(args)
    gazetteer = _gazetteer(config)
    engine = _engine(config, gazetteer)  # resolves every front's objectives
    print(
        f"{config.path}: OK — {len(config.feeds)} feeds, {len(config.fronts)} fronts, "
        f"{len(config.alerts)} alert rules"
    )
    from feeds.geo import collisions

    for line in collisions(gazetteer, config.places):
        print(f"  {line}")
    for front in engine.model.fronts.values():
        places = ", ".join(f"{o.place.name} ({o.place.country})" for o in front.objectives.values())
        print(f"  front {front.name}: objectives {places or 'none'}")
    if args.offline or not config.feeds:
        return 0

    asyncio.run(engine.poll_once())
    print(health_table(engine.health.values(), datetime.now(UTC)))
    answered = sum(1 for h in engine.health.values() if h.ok)
    print(f"{answered} of {len(config.feeds)} feeds answered")
    return 0


def _feeds(args: argparse.Namespace) -> int:
    from feeds.config import OPMLError, read_opml, toml_blocks, write_opml

    path = args.config if args.config else find_config()
    config = load_config(path)
    if args.feeds_command == "export":
        sys.stdout.write(write_opml(config.feeds))
        return 0
    if not (Path.cwd() / "config.toml").is_file() and args.config is None and _is_bundled(path):
        print(
            f"frontwatch: {path} is the bundled default; copy it to ./config.toml (or your "
            "user config folder) first, then import into your copy",
            file=sys.stderr,
        )
        return 1
    try:
        listed = read_opml(args.file.read_bytes(), source=str(args.file))
    except OSError as exc:
        print(
            f"frontwatch: {args.file}: cannot read the file: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    except OPMLError as exc:
        print(f"frontwatch: {exc}", file=sys.stderr)
        return 1
    addition, added = toml_blocks(listed, config.feeds)
    if added:
        text = path.read_text(encoding="utf-8")
        new_text = text + ("" if text.endswith("\n") else "\n") + addition
        parse_config(new_text, path)  # never write a config that would not load
        path.write_text(new_text, encoding="utf-8")
    already = len(listed) - added
    print(f"{path}: {added} feeds added, {already} already there ({len(listed)} in {args.file})")
    return 0


def _is_bundled(path: Path) -> bool:
    import feeds

    return Path(feeds.__file__).resolve().parent in path.resolve().parents


def _tail(args: argparse.Namespace) -> int:
    from feeds.alerts import alert_line, latest_revisions, parse_since
    from feeds.events import AlertRaised
    from feeds.types import Alert

    def show(alert: Alert) -> None:
        if args.json:
            line = json.dumps(dataclasses.asdict(alert), default=str, ensure_ascii=False)
        else:
            line = alert_line(alert)
        print(line, flush=True)

    def printer(events: Sequence[object]) -> None:
        for event in events:
            if isinstance(event, AlertRaised):
                show(event.alert)

    async def run(config: Config, store: Store | None, clock=None) -> None:
        engine = _engine(config, gazetteer, store=store, clock=clock)
        if clock is not None:  # the demo: every page is on our own 127.0.0.1
            engine.articles.host_delay_s = 0.0
        engine.subscribe(printer)
        await engine.run()

    since = None
    if getattr(args, "since", None):
        try:
            since = parse_since(args.since, datetime.now(UTC))
        except ValueError as exc:
            print(f"frontwatch tail: --since: {exc}", file=sys.stderr)
            return 2
    if getattr(args, "demo", False):
        gazetteer = _gazetteer()
        with _demo(args.speed) as (config, clock):
            asyncio.run(run(config, None, clock))
        return 0
    config = _load(args)
    gazetteer = _gazetteer(config)
    store = _store(config)
    try:
        if since is not None:  # replay first, then follow
            for alert in latest_revisions(store.alerts(since=since, limit=100_000)):
                show(alert)
        asyncio.run(run(config, store))
    finally:
        store.close()
    return 0


def _restored_engine(config: Config, store: Store):  # -> Engine
    """An engine whose model is rebuilt from the journal, never polling."""

    return _engine(config, _gazetteer(config), store=store)


def _export(args: argparse.Namespace) -> int:
    from feeds.export import export

    config = _load(args)
    store = _store(config)
    try:
        model = _restored_engine(config, store).model
        if args.output is None:
            count = export(model, args.format, sys.stdout)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = export(model, args.format, out)
            print(f"frontwatch: {count} items written to {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _fronts(args: argparse.Namespace) -> int:
    from feeds.promote import PromoteError, find_discovered, promote

    path = args.config if args.config else find_config()
    config = load_config(path)
    store = _store(config)
    try:
        engine = _restored_engine(config, store)
        model = engine.model
        if args.fronts_command != "promote":
            for front in sorted(model.fronts.values(), key=lambda f: f.discovered):
                kind = "discovered" if front.discovered else "configured"
                places = ", ".join(o.place.name for o in front.objectives.values()) or "none"
                print(f"{front.name}  [{kind}]  objectives: {places}")
            return 0
        try:
            front = find_discovered(model, args.name)
            name = promote(Path(path), front, engine.gazetteer, name=args.new_name)
        except PromoteError as exc:
            print(f"frontwatch fronts promote: {exc}", file=sys.stderr)
            return 1
        print(f"{path}: front {name!r} added with {len(front.objectives)} objectives")
        return 0
    finally:
        store.close()


def _extract(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from feeds.extract import Extractor, extraction_to_json

    extractor = Extractor(_gazetteer())
    if not args.jsonl:
        result = extraction_to_json(extractor.extract(stdin.read()), None)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    status = 0
    for n, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("expected a JSON object")
            text = item.get("text") or ""
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
        except ValueError as exc:
            print(f"frontwatch extract: line {n}: {exc}", file=sys.stderr)
            stdout.write(json.dumps({"id": None, "error": f"line {n}: {exc}"}) + "\n")
            status = 1
            continue
        result = extraction_to_json(extractor.extract(text), item.get("id"))
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
