"""The `frontwatch` console script: parse the arguments, dispatch, or start the dashboard.

The dashboard is the default command. The headless commands live in `feeds.commands`,
one module each, and import no Textual, so they start fast and run where no terminal is;
each is imported only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from feeds import __version__
from feeds.commands.setup import demo as demo_feeds
from feeds.commands.setup import load, load_gazetteer, open_engine, open_store
from feeds.commands.tuning import tune_interpreter
from feeds.config import ConfigError


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
        if args.command == "serve":
            return _serve(args)
        if args.command in HEADLESS:
            return _headless(args)
        return _dashboard(args, demo=args.demo or args.command == "demo")
    except ConfigError as exc:
        print(f"frontwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


HEADLESS = ("check", "tail", "export", "fronts", "feeds", "gazetteer", "extract")
"""The commands `feeds.commands` runs, without Textual."""


def _headless(args: argparse.Namespace) -> int:
    if args.command == "check":
        from feeds.commands import check

        return check.run(args)
    if args.command == "tail":
        from feeds.commands import tail

        return tail.run(args)
    if args.command == "export":
        from feeds.commands import export

        return export.run(args)
    if args.command == "fronts":
        from feeds.commands import fronts

        return fronts.run(args)
    if args.command == "feeds":
        from feeds.commands import feed_list

        return feed_list.run(args)
    if args.command == "gazetteer":
        from feeds.commands import gazetteer

        return gazetteer.run(args)
    from feeds.commands import extract

    return extract.run(args, sys.stdin, sys.stdout)


# --- the dashboard -----------------------------------------------------------------


def _dashboard(args: argparse.Namespace, *, demo: bool) -> int:
    from tui.app import FrontwatchApp

    if demo:
        gazetteer = load_gazetteer()
        with demo_feeds(args.speed) as (config, clock):
            engine = open_engine(config, gazetteer, clock=clock)
            engine.articles.host_delay_s = 0.0  # every demo page is on our own 127.0.0.1
            app = FrontwatchApp(engine, title="frontwatch — demo")
            app.run()
        return app.return_code or 0
    config = load(args)
    gazetteer = load_gazetteer(config)
    store = open_store(config)
    try:
        engine = open_engine(config, gazetteer, store=store)
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
        load(args)  # a bad config is reported here, not in every browser tab
    server = Server(serve_command(args), host=args.host, port=args.port, title="frontwatch")
    print(f"frontwatch: serving on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    server.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
