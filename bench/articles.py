"""Article fetching, measured: pages per second on loopback, and what article text adds.

    python -m bench.articles            # figures as text
    python -m bench.articles --json     # one JSON object

Three figures, all on the demo scenario (feeds/demo), so they need no network:

1. fetch + extract rate: every demo article page fetched through `ArticleQueue`
   (robots.txt, bounded fetch, trafilatura in a thread) from the demo server on
   127.0.0.1, several rounds; and trafilatura alone on the same bytes.
2. per-story latency: from a worker picking the story up to its result (p50, p95),
   which is what the article adds to "story on screen -> its article's claims on
   screen" before the engine re-extracts (extraction itself is a few ms).
3. claims from title + summary alone vs title + summary + article text, for every
   story and for the stories the engine would fetch under `articles = "relevant"`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from typing import Any

from feeds.config import Config, parse_config
from feeds.demo import DemoServer, demo_config_text, load_scenario
from feeds.geo import Gazetteer
from feeds.ingest import ArticleQueue, ArticleResult, Limits, compose, main_text, make_client
from feeds.model import is_relevant, resolve_fronts
from feeds.types import Story


def _stories(server: DemoServer, rounds: int) -> list[Story]:
    scenario = server.scenario
    return [
        Story(
            f"{s.id}#{n}",
            s.feeds[0],
            s.title,
            server.article_url(s.id),
            scenario.start,
            s.summary,
        )
        for n in range(rounds)
        for s in scenario.stories
    ]


async def fetch_rate(server: DemoServer, *, rounds: int, workers: int) -> dict[str, Any]:
    results: list[ArticleResult] = []
    client = make_client(Config(None))
    queue = ArticleQueue(
        lambda: client,
        Limits(per_host=workers, total=workers),
        on_done=lambda s, r: results.append(r),
        workers=workers,
        max_queue=100_000,
        host_delay_s=0,
        max_age_h=24 * 365,
        clock=lambda: server.scenario.start,
    )
    stories = _stories(server, rounds)
    for story in stories:
        queue.offer(story, "all", relevant=True)
    started = time.perf_counter()
    runner = asyncio.create_task(queue.run())
    await queue.join()
    elapsed = time.perf_counter() - started
    await queue.stop()
    runner.cancel()
    await client.aclose()
    latencies = sorted(r.elapsed_s for r in results)
    return {
        "pages": len(results),
        "workers": workers,
        "seconds": round(elapsed, 3),
        "pages_per_s": round(len(results) / elapsed, 1),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1),
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "outcomes": dict(queue.progress.by_outcome),
        "robots_fetches": queue.robots.fetches,
    }


def extract_rate(server: DemoServer, rounds: int) -> dict[str, Any]:
    import httpx

    pages = []
    with httpx.Client() as http:
        for s in server.scenario.stories:
            pages.append((http.get(server.article_url(s.id)).content, s.title))
    main_text(pages[0][0], "http://127.0.0.1/", title=pages[0][1])  # import trafilatura
    started = time.perf_counter()
    for _ in range(rounds):
        for body, title in pages:
            main_text(body, "http://127.0.0.1/", title=title)
    elapsed = time.perf_counter() - started
    n = rounds * len(pages)
    return {
        "pages": n,
        "mean_page_bytes": round(sum(len(b) for b, _ in pages) / len(pages)),
        "pages_per_s": round(n / elapsed, 1),
        "ms_per_page": round(1000 * elapsed / n, 2),
    }


def claims(server: DemoServer, gazetteer: Gazetteer) -> dict[str, Any]:
    """Force-position distances and control events, summaries alone vs with articles."""
    from feeds.extract import Extractor

    extractor = Extractor(gazetteer)
    fronts = resolve_fronts(parse_config(demo_config_text(), None), gazetteer)
    countries = tuple(sorted({c for f in fronts for c in f.countries}))
    import httpx

    out = {
        k: {"stories": 0, "distances": 0, "control": 0, "fetched": 0, "ok": 0}
        for k in ("summaries_only", "with_articles_all", "with_articles_relevant")
    }
    with httpx.Client() as http:
        for s in server.scenario.stories:
            story = Story(s.id, s.feeds[0], s.title, None, server.scenario.start, s.summary)
            base = extractor.extract(story.text, countries=countries)
            relevant = is_relevant(story, base, fronts)
            page = http.get(server.article_url(s.id)).content
            text, outcome = main_text(page, "http://127.0.0.1/", title=s.title)
            composed = compose(story, text)
            full = extractor.extract(composed.text, countries=countries) if text else base
            for key, ext, fetched in (
                ("summaries_only", base, False),
                ("with_articles_all", full, True),
                ("with_articles_relevant", full if relevant else base, relevant),
            ):
                row = out[key]
                row["stories"] += 1
                row["fetched"] += fetched
                row["ok"] += fetched and outcome == "ok"
                distances = {
                    (d.value_km, d.reference and d.reference.geonameid)
                    for d in ext.distances
                    if d.kind == "force_position"
                }
                events = {(c.event, c.place.geonameid) for c in ext.control}
                row["distances"] += len(distances)
                row["control"] += len(events)
    return out


async def arrival_to_claims(gazetteer: Gazetteer, *, play_s: float = 20.0) -> dict[str, Any]:
    """The real engine on the demo played in `play_s` seconds: for each story whose article
    added claims, seconds from the story's arrival (StoryAdded) to the article's claims being
    applied (the batch with ArticleFetched; the dashboard redraws within 0.25 s of it)."""
    import dataclasses

    from feeds.engine import Engine
    from feeds.events import ArticleFetched, ObjectiveMoved, StoryAdded, TownChanged

    server = DemoServer(load_scenario(), minutes=play_s / 60)
    arrived: dict[str, float] = {}
    delays: list[float] = []
    with server:
        config = parse_config(demo_config_text(), None)
        settings = dataclasses.replace(config.settings, max_interval_s=1.0)
        config = dataclasses.replace(config, feeds=server.feed_configs(1.0), settings=settings)
        engine = Engine(config, gazetteer=gazetteer, clock=server.scenario_time)
        engine.articles.host_delay_s = 0.0

        def on_events(events: Any) -> None:
            now = time.perf_counter()
            for e in events:
                if isinstance(e, StoryAdded):
                    arrived.setdefault(e.story_id, now)
            for e in events:
                if isinstance(e, ArticleFetched) and e.outcome == "ok":
                    added = any(
                        isinstance(x, ObjectiveMoved | TownChanged) and x.story_id == e.story_id
                        for x in events
                    )
                    if added and e.story_id in arrived:
                        delays.append(now - arrived[e.story_id])

        engine.subscribe(on_events)
        task = asyncio.create_task(engine.run())
        await asyncio.sleep(play_s + 5)
        await engine.stop()
        await task
    delays.sort()
    return {
        "stories": len(delays),
        "p50_s": round(statistics.median(delays), 3) if delays else None,
        "max_s": round(delays[-1], 3) if delays else None,
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    scenario = load_scenario()
    far = [0.0]
    server = DemoServer(scenario, clock=lambda: far[0])
    with server:
        far[0] = 1e9  # past the end: every story and page is published
        figures: dict[str, Any] = {
            "fetch": await fetch_rate(server, rounds=args.rounds, workers=args.workers),
            "extract_only": extract_rate(server, args.rounds),
        }
        figures["fetch_1_worker"] = await fetch_rate(server, rounds=1, workers=1)
        if not args.no_claims:
            gazetteer = Gazetteer.load(progress=lambda m: print(m, file=sys.stderr))
            figures["claims"] = claims(server, gazetteer)
    if not args.no_claims:
        figures["arrival_to_claims"] = await arrival_to_claims(gazetteer)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each page is fetched")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-claims", action="store_true", help="skip the gazetteer part")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(figures))
        return 0
    f, e = figures["fetch"], figures["extract_only"]
    print(
        f"fetch+extract, {f['workers']} workers: {f['pages']} pages in {f['seconds']} s = "
        f"{f['pages_per_s']} pages/s; per story p50 {f['latency_p50_ms']} ms, "
        f"p95 {f['latency_p95_ms']} ms; robots.txt fetched {f['robots_fetches']}x"
    )
    one = figures["fetch_1_worker"]
    print(f"fetch+extract, 1 worker: {one['pages_per_s']} pages/s")
    print(f"  outcomes: {f['outcomes']}")
    print(
        f"trafilatura alone: {e['pages_per_s']} pages/s ({e['ms_per_page']} ms a page, "
        f"{e['mean_page_bytes']} bytes mean)"
    )
    if "arrival_to_claims" in figures:
        a = figures["arrival_to_claims"]
        print(
            f"story arrival -> its article's claims applied (real engine on the demo): "
            f"p50 {a['p50_s']} s, max {a['max_s']} s over {a['stories']} stories"
        )
    for key, row in figures.get("claims", {}).items():
        print(
            f"{key:>24}: {row['distances']} distance claims, {row['control']} control events "
            f"from {row['stories']} stories ({row['fetched']} articles fetched, {row['ok']} ok)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
