"""`frontwatch feeds import|export`: the feed list in and out as OPML (feeds.config.opml)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import feeds
from feeds.config import (
    OPMLError,
    find_config,
    load_config,
    parse_config,
    read_opml,
    toml_blocks,
    write_opml,
)

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
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
    return Path(feeds.__file__).resolve().parent in path.resolve().parents
