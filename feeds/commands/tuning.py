"""Interpreter tuning for a process that runs one engine; the program's main() asks for it.

An engine shares the interpreter with the dashboard (or a headless command) for the life
of the process. Tests build many engines in one process and a library user may not want
the interpreter retuned, so the engine itself never does this.
"""

from __future__ import annotations

import gc
import sys

__all__ = ["SWITCH_INTERVAL_S", "freeze_long_lived", "tune_interpreter"]

SWITCH_INTERVAL_S = 0.0005
"""How often the GIL is handed between threads, seconds (Python's default: 0.005)."""


def tune_interpreter() -> None:
    """Hand the GIL over every SWITCH_INTERVAL_S.

    At the default 5 ms a busy worker thread (parsing, extraction) can keep the event loop
    waiting several turns: measured 165 ms of loop lag in a cold round (bench.ingest),
    42 ms at 0.5 ms.
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def freeze_long_lived() -> None:
    """Move everything alive now out of the garbage collector's reach.

    The gazetteer's index and a restored model live as long as the process: frozen once
    loaded, a full collection no longer walks millions of objects (one walk cost the loop
    ~200 ms in bench.ingest's 500-feed round). Call it once the gazetteer is loaded and
    again once the engine has restored its model.
    """
    gc.freeze()
