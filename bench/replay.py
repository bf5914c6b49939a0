"""Replay two weeks of real feed entries (Syria, 26 Nov - 9 Dec 2024) through extraction.

    python -m bench.replay [--all] [--day 2024-12-08 ...]

Reads `<repo>/../shared/data/replay/syria-2024/<day>/*.json` (real RSS entries of five world
feeds, archived verbatim; see its README), extracts each entry's title and description with
Syria as the front country, and prints, day by day, the towns, distances and control events
found, each event with its sentence, so a person can check them against what happened:
Aleppo taken around 29-30 Nov, Hama on 5 Dec, Homs on 7 Dec, Damascus on 8 Dec. Then a
summary table per day and, for those four cities, the first day an event said they changed
hands. A story repeated (same title and description) is read once, on its first day.

Nothing here is a test: the archive has no gold annotation. When `../shared` is absent it
prints "skipped: ../shared not found" and exits 0.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from feeds.extract import Extractor
from feeds.geo import Gazetteer
from feeds.types import Extraction

REPO = Path(__file__).resolve().parents[1]
REPLAY_DIR = REPO.parent / "shared" / "data" / "replay" / "syria-2024"
COUNTRIES = ("SY",)

FEEDS = {
    "bbci.co.uk": "BBC ME",
    "skynews.com": "Sky",
    "a.dj.com": "WSJ",
    "nbcnews.com": "NBC",
    "nytimes.com": "NYT",
}

MILESTONES: tuple[tuple[str, str], ...] = (
    ("Aleppo", "2024-11-29"),
    ("Hama", "2024-12-05"),
    ("Homs", "2024-12-07"),
)
MILESTONES += (("Damascus", "2024-12-08"),)
"""The cities whose fall dates the offensive, with the day (UTC) each one changed hands."""

TAKEN = {"captured": ("captured", "entered", "recaptured"), "given up": ("withdrew", "lost")}
"""Events that say a place changed hands: taken by someone, or given up by its holder."""

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def clean(s: str | None) -> str:
    """Feed text as a reader sees it: entities decoded, tags dropped, spaces collapsed."""
    if not s:
        return ""
    return _SPACE.sub(" ", _TAG.sub(" ", html.unescape(s))).strip()


def feed_name(path: Path) -> str:
    return next((short for key, short in FEEDS.items() if key in path.name), path.stem[:20])


@dataclass
class Entry:
    day: str
    feed: str
    title: str
    description: str

    @property
    def text(self) -> str:
        """The same shape the engine reads (`Story.text`): title, blank line, summary."""
        return f"{self.title}\n\n{self.description}" if self.description else self.title


@dataclass
class Day:
    day: str
    entries: int = 0
    repeats: int = 0
    relevant: int = 0
    towns: Counter[str] = field(default_factory=Counter)
    distances: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def read_day(folder: Path, seen: set[tuple[str, str]]) -> tuple[list[Entry], int]:
    """The day's entries not seen before, and how many repeats were skipped."""
    out: list[Entry] = []
    repeats = 0
    for f in sorted(folder.glob("*.json")):
        for e in json.loads(f.read_text(encoding="utf-8")):
            title, desc = clean(e.get("title")), clean(e.get("description"))
            key = (title.lower(), desc.lower())
            if key in seen:
                repeats += 1
                continue
            seen.add(key)
            out.append(Entry(folder.name, feed_name(f), title, desc))
    return out, repeats


def relevant(ex: Extraction) -> bool:
    """Names a place in Syria (town, region or the country itself)."""
    return any(m.place.country in COUNTRIES for m in ex.places)


def report_entry(e: Entry, ex: Extraction, day: Day) -> None:
    for m in ex.towns:
        day.towns[f"{m.place.name} ({m.place.country})"] += 1
    for d in ex.distances:
        ref = d.reference.name if d.reference else "-"
        day.distances.append(
            f"[{e.feed}] {d.value_km:g} km {d.qualifier} {d.direction or ''} of {ref}, "
            f"{d.kind}, subject {d.subject}: {d.sentence.text!r}"
        )
    for c in ex.control:
        day.events.append(
            f"[{e.feed}] {c.event} {c.place.name} ({c.place.country}) by {c.actor}: "
            f"{c.sentence.text!r}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=REPLAY_DIR, help="the syria-2024 folder")
    ap.add_argument("--day", action="append", default=[], help="only these days (YYYY-MM-DD)")
    ap.add_argument("--all", action="store_true", help="also list towns outside Syria")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print("skipped: ../shared not found")
        return 0
    gz = Gazetteer.load(progress=lambda m: print(m, file=sys.stderr))
    ex = Extractor(gz)
    seen: set[tuple[str, str]] = set()
    days: list[Day] = []
    first: dict[tuple[str, str], str] = {}  # (city, "captured" | "given up") -> day: event
    targets = {name: gz.resolve(name, COUNTRIES) for name, _ in MILESTONES}
    target_ids = {p.geonameid: name for name, p in targets.items() if p is not None}
    for folder in sorted(p for p in args.dir.iterdir() if p.is_dir()):
        entries, repeats = read_day(folder, seen)
        if args.day and folder.name not in args.day:
            continue
        day = Day(folder.name, len(entries) + repeats, repeats)
        for e in entries:
            x = ex.extract(e.text, countries=COUNTRIES)
            if relevant(x):
                day.relevant += 1
            elif not args.all:
                continue
            report_entry(e, x, day)
            for c in x.control:
                name = target_ids.get(c.place.geonameid)
                for how, kinds in TAKEN.items():
                    if name and c.event in kinds:
                        first.setdefault((name, how), f"{folder.name} {c.event} by {c.actor}")
        days.append(day)
        print(
            f"\n== {day.day}: {day.entries} entries ({day.repeats} repeats skipped), "
            f"{day.relevant} name a place in Syria"
        )
        for label, here in (("in Syria", True), ("elsewhere", False)):
            towns = [
                f"{t} x{n}" if n > 1 else t
                for t, n in day.towns.most_common()
                if t.endswith(tuple(f"({c})" for c in COUNTRIES)) == here
            ]
            if towns:
                print(f"  towns {label}: {', '.join(towns)}")
        for line in day.distances:
            print(f"  distance  {line}")
        for line in day.events:
            print(f"  event     {line}")

    cols = ("entries", "repeats", "relevant", "towns", "mentions", "dist", "events")
    print(f"\n{'day':12s}" + "".join(f"{c:>9s}" for c in cols))

    def row(d: Day) -> list[int]:
        n = [d.entries, d.repeats, d.relevant, len(d.towns), sum(d.towns.values())]
        return [*n, len(d.distances), len(d.events)]

    for d in days:
        print(f"{d.day:12s}" + "".join(f"{v:9d}" for v in row(d)))
    totals = [sum(col) for col in zip(*(row(d) for d in days), strict=True)] if days else []
    totals[3:4] = [len(set().union(*(d.towns for d in days)))] if days else []
    print(f"{'total':12s}" + "".join(f"{v:9d}" for v in totals))
    print("\nfirst day an entry said the city changed hands")
    print(f"  {'city':10s} {'fell':11s} {'captured / entered / recaptured':40s} withdrew / lost")
    for name, when in MILESTONES:
        taken = first.get((name, "captured"), "never")
        given = first.get((name, "given up"), "never")
        print(f"  {name:10s} {when:11s} {taken:40s} {given}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
