"""Dashboard benchmark: `python -m bench.ui [--quick]` (prints figures; not a test).

Loads 100,000 stories and 5,000 towns through the real `feeds.model.Model` (hand-built
extractions, no gazetteer), then drives the headless app (`run_test`):

- first_frame_s: app created to the first redraw painted;
- key_p50_ms / key_p95_ms: a `j` in the stories panel to the next frame;
- burst_1000_ms: 1,000 new stories applied (ten engine batches of 100) until the newest
  is on screen, while a ticker measures event-loop lag (loop_lag_ms, the worst tick);
- rss_mb: peak resident memory.

The last line is one JSON object with those six numbers. Targets (issue 6): first frame
≤ 1.5 s, p50 ≤ 50 ms, p95 ≤ 100 ms, burst ≤ 250 ms with lag ≤ 50 ms, RSS ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from textual.events import Key

from feeds.events import Event
from feeds.ingest import FeedHealth
from feeds.model import Front, Model, Objective, StoryRecord
from feeds.types import (
    Alert,
    ControlEvent,
    DistanceClaim,
    Extraction,
    Mention,
    Place,
    Sentence,
    Story,
)
from tui.app import REDRAW_S, FrontwatchApp
from tui.widgets import StoriesPanel

STORIES = 100_000
TOWNS = 5_000
OBJECTIVES = 4
CLAIM_EVERY = 100
"""One story in this many states a distance (real feeds: far fewer); one in 20 a capture."""
CONTROL_EVERY = 20
NOW = datetime(2024, 3, 3, 12, 0, tzinfo=UTC)
"""The news clock and wall clock of the run: fixed, so every run draws the same screens."""


class BenchEngine:
    """What the dashboard reads of an engine (`tui.source.EngineView`), over a real Model
    that the benchmark feeds itself: no network, no gazetteer, the fixed clock.

    (The tests' stand-in lives in tests/support/, which bench/ does not import.)
    """

    def __init__(self, fronts: Sequence[Front], feeds: Sequence[str]) -> None:
        self.model = Model(fronts)
        self.health = {
            name: FeedHealth(name, f"https://{name}.example.org/rss", 300, ok=True)
            for name in feeds
        }
        for health in self.health.values():
            health.last_success = NOW  # every feed fresh
        self.alerts: deque[Alert] = deque(maxlen=1000)
        self.last_poll: datetime | None = None
        self._subscribers: list[Callable[[Sequence[Event]], None]] = []
        self._stop = asyncio.Event()

    def subscribe(self, callback: Callable[[Sequence[Event]], None]) -> None:
        self._subscribers.append(callback)

    async def run(self) -> None:
        await self._stop.wait()

    async def stop(self) -> None:
        self._stop.set()

    def poll_now(self) -> None:
        """Nothing to poll: the benchmark brings the news."""

    def now(self) -> datetime:
        return NOW

    def story(self, story_id: str) -> StoryRecord | None:
        return self.model.stories.get(story_id)

    def emit(self, events: Sequence[Event]) -> None:
        """Hand a batch of the model's events to the dashboard, as a poll would."""
        for callback in self._subscribers:
            callback(events)


def towns(rng: random.Random) -> list[Place]:
    return [
        Place(
            1_000_000 + i,
            f"Town {i:04d}",
            "SY",
            rng.uniform(34.3, 35.8),
            rng.uniform(38.0, 40.5),
            rng.randint(500, 50_000),
        )
        for i in range(TOWNS)
    ]


def story(
    i: int, places: list[Place], objectives: list[Place], rng: random.Random
) -> tuple[Story, Extraction]:
    """Story `i`, published i minutes after the first; some with a claim or a capture."""
    published = NOW - timedelta(minutes=STORIES - i)
    town = places[(i // CONTROL_EVERY) % TOWNS]
    title = f"Report {i}: fighting near {town.name}"
    summary = f"Government forces captured {town.name}, officials said."
    s = Story(f"s{i}", f"feed{i % 40}", title, f"https://example.org/{i}", published, summary)
    text = s.text
    sentence = Sentence(summary, len(title) + 2, len(text))
    at = text.index(town.name, sentence.start)
    mention = Mention(town.name, at, at + len(town.name), town)
    distances: tuple[DistanceClaim, ...] = ()
    control: tuple[ControlEvent, ...] = ()
    if i % CLAIM_EVERY == 0:
        target = objectives[(i // CLAIM_EVERY) % OBJECTIVES]
        km = max(1.0, 80 - i / STORIES * 70 + rng.uniform(-3, 3))
        distances = (
            DistanceClaim(
                round(km), round(km), round(km), "within", None, target, target.name,
                "government forces", "force_position", sentence.start, sentence.start + 8,
                sentence,
            ),
        )  # fmt: skip
    if i % CONTROL_EVERY == 0:
        control = (
            ControlEvent("captured", town, town.name, "government forces", at, at + 5, sentence),
        )
    return s, Extraction(text, places=(mention,), distances=distances, control=control)


def build(n: int = STORIES) -> tuple[BenchEngine, list[Place], list[Place]]:
    rng = random.Random(6)
    places = towns(rng)
    objectives = places[:OBJECTIVES]
    front = Front(
        name="Bench front",
        attacker=("government forces",),
        defender=("Daesh",),
        countries=("SY",),
        objectives={p.geonameid: Objective(p) for p in objectives},
    )
    engine = BenchEngine([front], feeds=[f"feed{i}" for i in range(40)])
    for i in range(n):
        s, extraction = story(i, places, objectives, rng)
        engine.model.apply(s, extraction, now=NOW)
    return engine, places, objectives


async def measure(
    engine: BenchEngine, places: list[Place], objectives: list[Place], keys: int
) -> dict[str, float]:
    rng = random.Random(7)
    app = FrontwatchApp(engine, wall_clock=lambda: NOW)
    frames: list[float] = []
    display = app._display

    def frame(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        frames.append(time.perf_counter())

    app._display = frame  # type: ignore[method-assign]

    async def next_frame(after: float, ready: Callable[[], bool] = lambda: True) -> float:
        """Seconds from `after` to the first frame painted once `ready()` holds."""
        while not ready():
            await asyncio.sleep(0.0005)
        mark = time.perf_counter()
        while not frames or frames[-1] < mark:
            await asyncio.sleep(0.0005)
        return frames[-1] - after

    started = time.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        first_frame = await next_frame(started, lambda: app.redraws >= 1)

        stories = app.dashboard.query_one(StoriesPanel)
        stories.focus()
        await pilot.pause()
        latencies = []
        driver = app._driver
        assert driver is not None
        for n in range(keys):
            key = "k" if n % 50 >= 25 else "j"
            row = stories.cursor_row
            t = time.perf_counter()
            driver.send_message(Key(key, key))
            latency = await next_frame(t, lambda row=row: stories.cursor_row != row)
            latencies.append(latency * 1000)
            await asyncio.sleep(0.01)  # a person's keys are not back to back
        await pilot.press("home")

        lags: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            while not done.is_set():
                t = time.perf_counter()
                await asyncio.sleep(0.005)
                lags.append((time.perf_counter() - t - 0.005) * 1000)

        tick = asyncio.create_task(ticker())
        await asyncio.sleep(0.02)
        start = time.perf_counter()
        newest = ""
        for batch in range(10):
            events: list[Event] = []
            for j in range(100):
                i = STORIES + batch * 100 + j
                s, extraction = story(i, places, objectives, rng)
                s = Story(
                    s.id, s.feed, s.title, s.link, NOW + timedelta(seconds=i - STORIES), s.summary
                )
                events += engine.model.apply(s, extraction, now=NOW)
                newest = s.id
            engine.emit(events)
            await asyncio.sleep(0)  # the engine yields between feed batches
        shown = await next_frame(start, lambda: stories.row_keys[:1] == [newest])
        burst = shown * 1000
        done.set()
        await tick
        await pilot.press("q")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    latencies.sort()
    return {
        "first_frame_s": round(first_frame, 3),
        "key_p50_ms": round(statistics.median(latencies), 1),
        "key_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "burst_1000_ms": round(burst, 1),
        "loop_lag_ms": round(max(lags), 1),
        "rss_mb": round(rss, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer key presses (under a minute)")
    args = parser.parse_args(argv)
    t = time.perf_counter()
    engine, places, objectives = build()
    print(
        f"built {len(engine.model.stories)} stories, {len(engine.model.towns)} towns "
        f"in {time.perf_counter() - t:.1f} s (redraws at most every {REDRAW_S} s)",
        file=sys.stderr,
    )
    figures = asyncio.run(measure(engine, places, objectives, keys=60 if args.quick else 300))
    for name, value in figures.items():
        print(f"{name:>14}: {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
