"""`frontwatch check`: validate the config, resolve the fronts, poll each feed once."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

from feeds.commands.setup import load, load_gazetteer, open_engine
from feeds.geo import collisions
from feeds.ingest import FeedHealth
from feeds.times import ago

__all__ = ["health_table", "run"]


def run(args: argparse.Namespace) -> int:
    config = load(args)
    gazetteer = load_gazetteer(config)
    engine = open_engine(config, gazetteer)  # resolves every front's objectives
    print(
        f"{config.path}: OK — {len(config.feeds)} feeds, {len(config.fronts)} fronts, "
        f"{len(config.alerts)} alert rules"
    )
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


def health_table(feeds: Iterable[FeedHealth], now: datetime) -> str:
    """The feeds as `frontwatch check` prints them: one line each, then the problem in words."""
    rows = [("feed", "status", "HTTP", "latency", "last poll", "last new", "next poll")]
    problems = []
    for h in feeds:
        rows.append(
            (
                h.name,
                h.status(now),
                str(h.last_status) if h.last_status is not None else "—",
                f"{h.latency_s:.2f} s" if h.latency_s is not None else "—",
                ago(h.last_poll, now),
                ago(h.last_new, now),
                ago(h.next_poll, now),
            )
        )
        for text in (h.error, h.note):
            if text:
                problems.append(f"  {h.name}: {text}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines + problems)
