"""Geoparsing scored on TR-News the way EUPEG scores it, beside the nine published peers.

    python -m bench.geoparse [--quick] [--verbose]

TR-News (118 English news articles, every toponym annotated with a GeoNames entry) lives in
`<repo>/../shared/data/geoparse/TR-News`; read its README for the provenance and the
scoring rule. Our extractor reads each article's text; every place it reports (towns,
regions, countries, with their spans) is a predicted toponym. The peers' predictions are
EUPEG's stored output files, scored here by the same code in the same run:

- a prediction hits a gold toponym when the surfaces are equal ignoring case and the span
  midpoints are less than 10 characters apart (each prediction hits at most one gold);
- P = hits / predictions, R = hits / gold, F1 their harmonic mean;
- errors are haversine km (R = 6371 km) over hits: mean, median, acc@161 (share < 161 km),
  AUC = trapezoid area under the sorted ln(1 + err) / ln(20039) curve (lower is better);
- e2e@161: share of ALL gold toponyms that are hit and resolved within 161 km.

The last line printed is one JSON object: {"f1", "acc161", "e2e161"}. When ../shared is
absent it prints "skipped: ../shared not found" and exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TR_NEWS = REPO.parent / "shared" / "data" / "geoparse" / "TR-News"
PEERS = (
    "CamCoder",
    "CLAVIN",
    "DBpedia",
    "Edinburgh",
    "GeoTxt",
    "SpaCyNER",
    "StanfordNER",
    "TopoCluster",
    "Yahoo",
)
EARTH_KM = 6371.0
MAX_ERROR_KM = 20039.0
"""Half the Earth's circumference: the largest possible error, AUC's normaliser."""
QUICK_ARTICLES = 40


@dataclass(frozen=True, slots=True)
class Toponym:
    """One predicted or gold toponym: surface, span (end exclusive) and a point (degrees)."""

    surface: str
    start: int
    end: int
    lat: float
    lon: float

    @property
    def mid(self) -> float:
        return (self.start + self.end) / 2


@dataclass(slots=True)
class Row:
    """One system's scores over the articles read."""

    name: str
    tp: int
    predicted: int
    gold: int
    errors: list[float]

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def acc161(self) -> float:
        return sum(e < 161 for e in self.errors) / len(self.errors) if self.errors else 0.0

    @property
    def e2e161(self) -> float:
        return sum(e < 161 for e in self.errors) / self.gold if self.gold else 0.0

    @property
    def auc(self) -> float:
        return auc(self.errors)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def auc(errors: list[float]) -> float:
    """Area under the sorted, log-scaled error curve, x scaled to [0, 1] (0 = perfect)."""
    if not errors:
        return 0.0
    ys = sorted(math.log(1 + e) / math.log(MAX_ERROR_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(ys))
    return area / (len(ys) - 1)


def parse_eupeg_line(line: str) -> list[Toponym]:
    """EUPEG's `name,,surface,,lat,,lon,,start,,end` records, separated by `||`."""
    out: list[Toponym] = []
    for rec in line.strip().split("||"):
        f = rec.split(",,")
        if len(f) < 6:
            continue
        try:
            out.append(Toponym(f[1], int(f[-2]), int(f[-1]), float(f[-4]), float(f[-3])))
        except ValueError:
            continue
    return out


def score(name: str, preds: list[list[Toponym]], golds: list[list[Toponym]]) -> Row:
    """EUPEG's matching, article by article: same surface (case folded), midpoints < 10 apart."""
    row = Row(name, 0, 0, 0, [])
    for pred, gold in zip(preds, golds, strict=True):
        row.predicted += len(pred)
        row.gold += len(gold)
        used = [False] * len(pred)
        for g in gold:
            gs = g.surface.lower()
            for i, p in enumerate(pred):
                if not used[i] and p.surface.lower() == gs and abs(p.mid - g.mid) < 10:
                    used[i] = True
                    row.tp += 1
                    row.errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon))
                    break
    return row


def load_texts(root: Path) -> list[str]:
    tree = ET.parse(root / "TR-News.xml")
    return [a.findtext("text") or "" for a in tree.getroot().iter("article")]


def read_lines(path: Path, n: int) -> list[list[Toponym]]:
    lines = path.read_text(encoding="utf-8").split("\n")[:n]
    lines += [""] * (n - len(lines))
    return [parse_eupeg_line(line) for line in lines]


def ours(texts: list[str]) -> tuple[list[list[Toponym]], float, float, int]:
    """Our predictions, the gazetteer load time (s, wall), the extraction time (s, CPU)
    and the characters read."""
    from feeds.extract import Extractor
    from feeds.geo import Gazetteer

    t0 = time.perf_counter()
    gz = Gazetteer.load(progress=lambda m: print(m, file=sys.stderr))
    load_s = time.perf_counter() - t0
    ex = Extractor(gz)
    out: list[list[Toponym]] = []
    ex.extract(texts[0])  # warm the name caches once, as a long-running engine has them
    t1 = time.process_time()  # CPU time: "1 MB/s on one core", whatever else runs
    extractions = [ex.extract(t) for t in texts]
    extract_s = time.process_time() - t1
    for e in extractions:
        out.append([Toponym(m.text, m.start, m.end, m.place.lat, m.place.lon) for m in e.places])
    return out, load_s, extract_s, sum(len(t) for t in texts)


def fmt(row: Row) -> str:
    errs = row.errors
    mean = statistics.fmean(errs) if errs else 0.0
    median = statistics.median(errs) if errs else 0.0
    return (
        f"{row.name:<12} {row.precision:6.3f} {row.recall:6.3f} {row.f1:6.3f} "
        f"{mean:9.1f} {median:8.1f} {row.acc161:7.3f} {row.auc:6.3f} {row.e2e161:7.3f}"
    )


def show_errors(texts: list[str], pred: list[list[Toponym]], gold: list[list[Toponym]]) -> None:
    """Per-article misses, false alarms and far resolutions, for a person to read."""
    for n, (text, ps, gs) in enumerate(zip(texts, pred, gold, strict=True)):
        used = [False] * len(ps)
        for g in gs:
            hit = None
            for i, p in enumerate(ps):
                same = p.surface.lower() == g.surface.lower()
                if not used[i] and same and abs(p.mid - g.mid) < 10:
                    used[i], hit = True, p
                    break
            if hit is None:
                ctx = text[max(0, g.start - 30) : g.end + 30].replace("\n", " ")
                print(f"[{n}] MISS  {g.surface!r:30} …{ctx}…")
            else:
                err = haversine_km(g.lat, g.lon, hit.lat, hit.lon)
                if err >= 161:
                    print(f"[{n}] FAR   {g.surface!r:30} {err:8.0f} km")
        for i, p in enumerate(ps):
            if not used[i]:
                ctx = text[max(0, p.start - 30) : p.end + 30].replace("\n", " ")
                print(f"[{n}] EXTRA {p.surface!r:30} …{ctx}…")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"first {QUICK_ARTICLES} articles")
    ap.add_argument("--verbose", action="store_true", help="list our misses and extras")
    args = ap.parse_args(argv)
    if not (REPO.parent / "shared").is_dir():
        print("skipped: ../shared not found")
        return 0
    texts = load_texts(TR_NEWS)
    n = QUICK_ARTICLES if args.quick else len(texts)
    texts = texts[:n]
    gold = read_lines(TR_NEWS / "eupeg" / "TR-News_gold.txt", n)
    pred, load_s, extract_s, chars = ours(texts)
    if args.verbose:
        show_errors(texts, pred, gold)
    print(f"TR-News: {n} articles, {sum(map(len, gold))} gold toponyms with coordinates")
    print(
        f"{'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'mean km':>9} {'median':>8} "
        f"{'acc@161':>7} {'AUC':>6} {'e2e@161':>7}"
    )
    mine = score("frontwatch", pred, gold)
    print(fmt(mine))
    for peer in PEERS:
        path = TR_NEWS / "eupeg" / "geoparser_output" / f"TR-News_{peer}.txt"
        if path.is_file():
            print(fmt(score(peer, read_lines(path, n), gold)))
    print(
        f"gazetteer load {load_s:.3f} s; extraction {chars / 1e6 / extract_s:.2f} MB/s "
        f"({chars} chars in {extract_s:.2f} s)"
    )
    print(
        json.dumps(
            {
                "f1": round(mine.f1, 4),
                "acc161": round(mine.acc161, 4),
                "e2e161": round(mine.e2e161, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
