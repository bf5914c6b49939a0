"""`frontwatch fronts [list|promote NAME]`: the fronts, configured and discovered; promote
writes a discovered one into config.toml (feeds.commands.promote)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from feeds.commands.promote import PromoteError, find_discovered, promote
from feeds.commands.setup import load_gazetteer, open_engine, open_store
from feeds.config import find_config, load_config

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    path = args.config if args.config else find_config()
    config = load_config(path)
    store = open_store(config)
    try:
        engine = open_engine(config, load_gazetteer(config), store=store)  # never polls
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
