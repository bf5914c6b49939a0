"""Score the extractor against the hand-annotated seed articles.

    python -m bench.eval_seed [--countries SY] [--verbose]

Reads every `<name>.txt` with a `<name>.gold.json` beside it in `<repo>/../shared/data/seed`,
prints one line per gold or predicted item (ok / MISS / EXTRA / WRONG), then precision and
recall per category. The real articles stay in ../shared; when that folder is absent (CI
elsewhere) it prints "skipped: ../shared not found" and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feeds.extract import Extractor, extraction_to_json
from feeds.geo import Gazetteer, normalise

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "data" / "seed"


@dataclass
class Score:
    """True positives, predictions and gold items of one category."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def pr(self) -> str:
        p = self.tp / self.predicted if self.predicted else 1.0
        r = self.tp / self.gold if self.gold else 1.0
        return f"P {p:5.1%} ({self.tp}/{self.predicted})  R {r:5.1%} ({self.tp}/{self.gold})"


def _same_name(a: str | None, b: str | None) -> bool:
    """Loose name equality: one normalised name contains the other ("Deir Al-Zor province"
    vs "Deir Al-Zor province frontier")."""
    if not a or not b:
        return False
    na, nb = normalise(a), normalise(b)
    return bool(na and nb) and (na in nb or nb in na)


def _same_actor(pred: str | None, gold: str | None) -> bool:
    def clean(s: str | None) -> str:
        s = (s or "").lower().strip()
        return s[4:] if s.startswith("the ") else s

    p, g = clean(pred), clean(gold)
    return p == g or (bool(p) and bool(g) and (p in g or g in p))


def score_towns(pred: list[dict[str, Any]], gold: dict[str, Any]) -> Score:
    s = Score()
    got = {(t["mention"], t["geonameid"], t["name"]) for t in pred}
    want = gold.get("towns", [])
    s.gold, s.predicted = len(want), len({g[0] for g in got})
    matched: set[str] = set()
    for w in want:
        hit = [
            g
            for g in got
            if g[0].lower() == w["mention"].lower()
            and (g[1] == w.get("geonameid") or _same_name(g[2], w.get("canonical")))
        ]
        if hit:
            s.tp += 1
            matched.add(hit[0][0])
            s.lines.append(f"  ok     town  {w['mention']!r} -> {hit[0][2]} ({hit[0][1]})")
        else:
            s.lines.append(f"  MISS   town  {w['mention']!r} -> {w.get('canonical')}")
    gold_ids = {w.get("geonameid") for w in want} | {
        g[1] for g in got if any(_same_name(g[2], w.get("canonical")) for w in want)
    }
    for mention, gid, name in sorted(got, key=lambda g: g[0]):
        # Another spelling of a gold town ("Deir Al-Zor city") is neither hit nor extra.
        if gid in gold_ids and mention.lower() not in {m.lower() for m in matched}:
            s.predicted -= 1
            matched.add(mention)
            s.lines.append(f"  (also) town  {mention!r} -> {name} ({gid})")
        elif mention not in matched and mention.lower() not in {m.lower() for m in matched}:
            s.lines.append(f"  EXTRA  town  {mention!r} -> {name} ({gid})")
            matched.add(mention)
    not_towns = {n.lower() for n in gold.get("not_towns", [])}
    for mention, _, name in got:
        if mention.lower() in not_towns:
            s.lines.append(f"  WRONG  town  {mention!r} is annotated as not a town ({name})")
    return s


def _span(text: str, raw: str) -> tuple[int, int] | None:
    i = text.find(raw)
    return None if i < 0 else (i, i + len(raw))


def score_distances(text: str, pred: list[dict[str, Any]], gold: dict[str, Any]) -> Score:
    s = Score(predicted=len(pred), gold=len(gold.get("distances", [])))
    used: set[int] = set()
    for w in gold.get("distances", []):
        span = _span(text, w["raw"])
        cand = [
            (i, d)
            for i, d in enumerate(pred)
            if i not in used and span and d["start"] < span[1] and span[0] < d["end"]
        ]
        if not cand:
            s.lines.append(f"  MISS   dist  {w['raw']!r}")
            continue
        i, d = cand[0]
        used.add(i)
        ref = d["reference"] or {}
        checks = {
            "value": d["value_km"] == w["value_km"],
            "kind": d["kind"] == w["kind"],
            "qualifier": d["qualifier"] == w.get("qualifier", d["qualifier"]),
            "direction": d["direction"] == w.get("direction"),
            "reference": _same_name(ref.get("name"), w["reference"])
            or _same_name(ref.get("mention"), w["reference"]),
            "subject": "subject" not in w or _same_actor(d["subject"], w["subject"]),
        }
        bad = [k for k, ok in checks.items() if not ok]
        if bad:
            s.lines.append(f"  WRONG  dist  {w['raw']!r}: {', '.join(bad)} -> {_brief(d)}")
        else:
            s.tp += 1
            s.lines.append(f"  ok     dist  {w['raw']!r} -> {_brief(d)}")
    for i, d in enumerate(pred):
        if i not in used:
            s.lines.append(f"  EXTRA  dist  {d['text']!r} -> {_brief(d)}")
    return s


def _brief(d: dict[str, Any]) -> str:
    ref = (d["reference"] or {}).get("name")
    return (
        f"{d['value_km']} km {d['qualifier']} {d['direction'] or ''} {d['kind']} "
        f"ref={ref} subject={d['subject']}"
    ).replace("  ", " ")


def score_control(pred: list[dict[str, Any]], gold: dict[str, Any]) -> Score:
    s = Score(predicted=len(pred), gold=len(gold.get("control", [])))
    used: set[int] = set()
    for w in gold.get("control", []):
        cand = [
            (i, c)
            for i, c in enumerate(pred)
            if i not in used
            and c["event"] == w["event"]
            and _same_name(c["place"]["name"], w["town"])
        ]
        if not cand:
            s.lines.append(f"  MISS   ctrl  {w['event']} {w['town']} by {w.get('actor')}")
            continue
        i, c = cand[0]
        used.add(i)
        if _same_actor(c["actor"], w.get("actor")):
            s.tp += 1
            s.lines.append(
                f"  ok     ctrl  {w['event']} {w['town']} by {c['actor']}: {c['text']!r}"
            )
        else:
            s.lines.append(
                f"  WRONG  ctrl  {w['event']} {w['town']}: actor {c['actor']!r}, "
                f"gold {w.get('actor')!r}"
            )
    for i, c in enumerate(pred):
        if i not in used:
            s.lines.append(
                f"  EXTRA  ctrl  {c['event']} {c['place']['name']} by {c['actor']}: {c['text']!r}"
            )
    return s


def _not_event(text: str, note: str, control: list[dict[str, Any]]) -> str:
    """ "ok" when no predicted event overlaps the phrase the note quotes."""
    quoted = re.search(r"'([^']+)'", note)
    span = _span(text, quoted.group(1)) if quoted else None
    if span is None:
        return "?     "
    hit = [c for c in control if c["start"] < span[1] and span[0] < c["end"]]
    return "WRONG " if hit else "ok    "


def seeds(folder: Path) -> Iterable[tuple[Path, Path]]:
    for txt in sorted(folder.glob("*.txt")):
        gold = txt.with_name(txt.stem + ".gold.json")
        if gold.is_file():
            yield txt, gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries", default="", help="front countries, e.g. SY,IQ (default none)")
    ap.add_argument("--seed-dir", type=Path, default=SEED_DIR)
    args = ap.parse_args(argv)
    if not args.seed_dir.is_dir():
        print("skipped: ../shared not found")
        return 0
    countries = [c.strip().upper() for c in args.countries.split(",") if c.strip()]
    t = time.perf_counter()
    gz = Gazetteer.load(progress=lambda m: print(m, file=sys.stderr))
    print(f"gazetteer: {len(gz)} towns loaded in {time.perf_counter() - t:.2f} s")
    ex = Extractor(gz)
    totals = {"towns": Score(), "distances": Score(), "control": Score()}
    for txt, gold_path in seeds(args.seed_dir):
        text = txt.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        t = time.perf_counter()
        doc = extraction_to_json(ex.extract(text, countries=countries), id=txt.name)
        ms = (time.perf_counter() - t) * 1000
        print(f"\n{txt.name}  ({len(text)} chars, {ms:.1f} ms, countries={countries or '-'})")
        parts = {
            "towns": score_towns(doc["towns"], gold),  # type: ignore[arg-type]
            "distances": score_distances(text, doc["distances"], gold),  # type: ignore[arg-type]
            "control": score_control(doc["control"], gold),  # type: ignore[arg-type]
        }
        for name, sc in parts.items():
            for line in sc.lines:
                print(line)
            totals[name].add(sc)
        for note in gold.get("not_events", []):
            print(f"  {_not_event(text, note, doc['control'])} not-ev {note}")  # type: ignore[arg-type]
    print()
    for name, sc in totals.items():
        print(f"{name:10s} {sc.pr()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
