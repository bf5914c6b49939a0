"""The installed `frontwatch` console script, run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def frontwatch() -> str:
    """The console script beside this interpreter (the venv's), or on PATH."""
    beside = Path(sys.executable).parent / "frontwatch"
    found = str(beside) if beside.exists() else shutil.which("frontwatch")
    assert found, "the frontwatch console script is not installed: pip install -e ."
    return found


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`frontwatch *args` to completion (two minutes at most), output captured as text."""
    return subprocess.run(
        [frontwatch(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
