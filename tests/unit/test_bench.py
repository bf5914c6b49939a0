"""bench/ is not run by CI, so at least every benchmark must still import: a module moved
in feeds/ or tui/ breaks a benchmark here rather than on the day someone measures."""

from __future__ import annotations

import importlib
import pkgutil

import bench


def test_every_benchmark_imports() -> None:
    names = [m.name for m in pkgutil.iter_modules(bench.__path__, "bench.")]
    assert {"bench.ingest", "bench.ui", "bench.articles", "bench.extraction"} <= set(names)
    for name in names:
        importlib.import_module(name)
