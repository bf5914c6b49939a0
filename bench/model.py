"""The model's cost at desk scale: `python -m bench.model [--quick]`.

100,000 synthetic stories go through `Model.apply`, shaped like real feeds: most carry
no claim (the syria-2024 replay: not one title states a distance), about 8 % a
force-position distance, 5 % a change of control, 2 % a claim far from every configured
front (discovered fronts), and a third arrive again from a second feed. Times advance
about 40 s a story (60 days of news).

Figures: update cost per story (µs, wall clock, the mean over all stories and over the
last 10,000 with the model full) and memory per 100,000 stories (MB: tracemalloc's
count of what the model holds, the stories' own text and extractions included).
Targets: <= 100 µs/story, <= 300 MB. The last line is one JSON object.
`--quick` measures memory on 20,000 stories and scales it (tracemalloc is slow).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import random
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from feeds.model import Front, Model, Objective
from feeds.types import ControlEvent, DistanceClaim, Extraction, Mention, Place, Sentence, Story

STORIES = 100_000
QUICK_MEMORY_STORIES = 20_000

_SY = [
    Place(172425, "As Sukhnah", "SY", 34.88533, 38.8711),
    Place(170794, "Deir ez-Zor", "SY", 35.33588, 40.14084, 271800),
    Place(163808, "Tadmur", "SY", 34.5624, 38.28402, 51015),
    Place(173480, "Al Mayadin", "SY", 35.01727, 40.45127, 44000),
    Place(169577, "Homs", "SY", 34.72682, 36.72339, 775404),
]
_UA = [
    Place(704422, "Pokrovsk", "UA", 48.282, 37.181, 60127),
    Place(698759, "Ocheretyne", "UA", 48.21, 37.61, 3000),
    Place(699557, "Novohrodivka", "UA", 48.2, 37.34, 14000),
    Place(694677, "Selydove", "UA", 48.15, 37.3, 21000),
    Place(710035, "Myrnohrad", "UA", 48.30279, 37.25913, 49000),
]
_FAR = [Place(900000 + i, f"Village {i}", "SD", 10 + i * 0.5, 25 + (i % 7), 900) for i in range(40)]
_FEEDS = [f"feed-{i}" for i in range(40)]
_FILLER = (
    "Officials said talks would resume next week, while aid agencies warned that supplies "
    "were running low in several districts and that roads remained closed after storms."
)


def fronts() -> list[Front]:
    return [
        Front(
            "Deir ez-Zor road",
            ("government forces", "Syrian army"),
            ("Daesh",),
            ("SY",),
            {p.geonameid: Objective(p) for p in _SY[:2]},
        ),
        Front(
            "Pokrovsk",
            ("Russian forces",),
            ("Ukrainian forces",),
            ("UA",),
            {_UA[0].geonameid: Objective(_UA[0])},
        ),
    ]


def stories(n: int, seed: int = 7) -> Iterator[tuple[Story, Extraction]]:
    """(story, extraction) pairs, some repeated from another feed."""
    rnd = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    recent: list[tuple[Story, Extraction]] = []
    made = 0
    while made < n:
        if recent and rnd.random() < 0.33:
            story, extraction = rnd.choice(recent)
            again = dataclasses.replace(story, feed=rnd.choice(_FEEDS))
            yield again, extraction
            made += 1
            continue
        i = made
        when = start + timedelta(seconds=40 * i + rnd.randint(0, 3600))
        region = _SY if rnd.random() < 0.5 else _UA
        place = rnd.choice(region)
        actor = "government forces" if region is _SY else "Russian forces"
        title = f"Story {i}: fighting near {place.name}"
        summary = f"{_FILLER} Report {i}."
        text = f"{title}\n\n{summary}"
        sentence = Sentence(title, 0, len(title))
        roll = rnd.random()
        mention = Mention(place.name, len(title) - len(place.name), len(title), place)
        distances: tuple[DistanceClaim, ...] = ()
        control: tuple[ControlEvent, ...] = ()
        if roll < 0.08:
            km = float(rnd.randint(1, 60))
            ref = region[0] if rnd.random() < 0.7 else place
            distances = (
                DistanceClaim(km, km, km, "within", None, ref, ref.name, actor,
                              "force_position", 0, 5, sentence),
            )  # fmt: skip
        elif roll < 0.13:
            event = rnd.choice(["captured", "entered", "withdrew", "besieged"])
            control = (ControlEvent(event, place, place.name, actor, 0, 5, sentence),)  # type: ignore[arg-type]
        elif roll < 0.15:
            far = rnd.choice(_FAR)
            km = float(rnd.randint(1, 30))
            distances = (
                DistanceClaim(km, km, km, "within", None, far, far.name, "RSF",
                              "force_position", 0, 5, sentence),
            )  # fmt: skip
        story = Story(
            f"s{i}", rnd.choice(_FEEDS), title, f"https://news.example/{i}", when, summary
        )
        extraction = Extraction(text, (mention,), distances, control)
        recent.append((story, extraction))
        if len(recent) > 200:
            recent.pop(0)
        made += 1
        yield story, extraction


def timed(n: int) -> tuple[float, float]:
    """(mean µs per story, mean µs over the last 10,000)."""
    model = Model(fronts(), outlets={f: f"outlet-{int(f.split('-')[1]) % 25}" for f in _FEEDS})
    now = datetime(2026, 3, 1, tzinfo=UTC)
    total = 0.0
    tail = 0.0
    tail_from = max(0, n - 10_000)
    gc.collect()
    for k, (story, extraction) in enumerate(stories(n)):
        t = time.perf_counter()
        model.apply(story, extraction, now=now)
        spent = time.perf_counter() - t
        total += spent
        if k >= tail_from:
            tail += spent
    return total / n * 1e6, tail / (n - tail_from) * 1e6


def memory(n: int) -> float:
    """MB the model holds after n stories (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    model = Model(fronts())
    now = datetime(2026, 3, 1, tzinfo=UTC)
    for story, extraction in stories(n):
        model.apply(story, extraction, now=now)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del model
    return used / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="memory on 20,000 stories, scaled")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    mean_us, full_us = timed(STORIES)
    print(
        f"update: {mean_us:.1f} µs/story mean over {STORIES:,}; {full_us:.1f} µs at the last 10,000"
    )
    measured = QUICK_MEMORY_STORIES if args.quick else STORIES
    mb = memory(measured) * STORIES / measured
    how = f"(measured on {measured:,}, scaled)" if args.quick else ""
    print(f"memory: {mb:.1f} MB per {STORIES:,} stories {how}".rstrip())
    print(f"targets: <= 100 µs/story, <= 300 MB; took {time.perf_counter() - started:.0f} s")
    print(
        json.dumps(
            {
                "stories": STORIES,
                "us_per_story": round(mean_us, 1),
                "us_per_story_at_100k": round(full_us, 1),
                "mb_per_100k": round(mb, 1),
                "quick": args.quick,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
