"""`frontwatch gazetteer add|list|remove`: per-country GeoNames dumps (feeds.geo.dumps)."""

from __future__ import annotations

import argparse
import sys

import httpx

from feeds.commands.progress import rich_progress
from feeds.commands.setup import cache_dir, load_gazetteer
from feeds.geo import DUMP_URL, DumpError, OfflineError, install, installed, remove

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """`frontwatch gazetteer add|list|remove`: per-country GeoNames dumps (feeds.geo.dumps)."""
    cache = cache_dir()
    action = args.gazetteer_command or "list"
    if action == "list":
        layers = installed(cache)
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
                gone = remove(cache, code)
            except DumpError as exc:
                print(f"frontwatch gazetteer: {exc}", file=sys.stderr)
                status = 1
                continue
            print(f"{code.upper()}: {'removed' if gone else 'was not installed'}")
        if status == 0:
            load_gazetteer()  # rebuild the merged index now, not at the next start
        return status
    base = args.url or DUMP_URL
    status = 0
    changed = False
    with httpx.Client(timeout=30.0, follow_redirects=True) as client:
        for code in args.countries:
            try:
                with rich_progress(code.upper()) as bar:
                    result = install(code, cache, client=client, base_url=base, progress=bar)
            except OfflineError as exc:
                print(
                    f"frontwatch gazetteer: no network ({exc}); carrying on with what is installed",
                    file=sys.stderr,
                )
                return 1
            except DumpError as exc:
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
        load_gazetteer()  # merge now, so the next start is fast
    return status
