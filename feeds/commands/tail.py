"""`frontwatch tail`: alerts as lines (or JSON lines) as they happen, headless.

`--since` replays the journal's alerts first, each fact once at its latest revision.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from feeds.commands.setup import demo, load, load_gazetteer, open_engine, open_store
from feeds.config import Config
from feeds.events import AlertRaised
from feeds.types import Alert

if TYPE_CHECKING:
    from feeds.store import Store

__all__ = ["alert_line", "latest_revisions", "parse_since", "run"]


def run(args: argparse.Namespace) -> int:
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

    async def follow(config: Config, store: Store | None, clock=None) -> None:
        engine = open_engine(config, gazetteer, store=store, clock=clock)
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
        gazetteer = load_gazetteer()
        with demo(args.speed) as (config, clock):
            asyncio.run(follow(config, None, clock))
        return 0
    config = load(args)
    gazetteer = load_gazetteer(config)
    store = open_store(config)
    try:
        if since is not None:  # replay first, then follow
            for alert in latest_revisions(store.alerts(since=since, limit=100_000)):
                show(alert)
        asyncio.run(follow(config, store))
    finally:
        store.close()
    return 0


_DURATION_RE = re.compile(r"(?:(\d+(?:\.\d+)?)\s*([wdhms]))", re.IGNORECASE)
_UNIT_S = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_since(text: str, now: datetime) -> datetime:
    """`--since`: a duration back from `now` ("90m", "2h", "1d12h", "1w") or an ISO date or
    time ("2026-03-02", "2026-03-02T06:00", naive means UTC). ValueError when neither."""
    raw = text.strip()
    parts = _DURATION_RE.findall(raw)
    if parts and _DURATION_RE.sub("", raw).strip() == "":
        seconds = sum(float(n) * _UNIT_S[u.lower()] for n, u in parts)
        return now - timedelta(seconds=seconds)
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f'expected a duration like "2h", "30m", "1d" or an ISO time like '
            f'"2026-03-02T06:00", found {raw!r}'
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def latest_revisions(alerts: Sequence[Alert]) -> list[Alert]:
    """Each fact once, at its latest revision, in the order facts were first raised."""
    first: dict[str, int] = {}
    out: list[Alert] = []
    for alert in alerts:
        if alert.key and alert.key in first:
            index = first[alert.key]
            if alert.revision >= out[index].revision:
                out[index] = alert
            continue
        if alert.key:
            first[alert.key] = len(out)
        out.append(alert)
    return out


def alert_line(alert: Alert) -> str:
    """One line for `frontwatch tail`: time, severity, message, other sources. A later
    revision of a fact already printed starts with "↻" (an update, not a new fact)."""
    stamp = f"{alert.time:%Y-%m-%d %H:%M:%S}Z"
    mark = "↻ " if alert.revision > 0 else ""
    also = f" (also reported by {', '.join(alert.sources[1:])})" if len(alert.sources) > 1 else ""
    return f"{stamp} {alert.severity:<8} {mark}{alert.message}{also}"
