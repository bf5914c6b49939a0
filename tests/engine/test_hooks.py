"""The on_alert hook: a real process gets the alert as JSON; failures are reported, never fatal."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from feeds.alerts import Hooks, run_hook
from feeds.types import Alert
from tests.support.stories import T0

ALERT = Alert(
    T0, "warning", "keyword", 'a "quoted" $(rm -rf /) message', "s1", "sentence", ("wire",), key="k"
)


def _script(tmp_path: Path, body: str, name: str = "hook.py") -> Path:
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\nimport sys, json, os, time\n{body}\n")
    path.chmod(0o755)
    return path


async def test_a_hook_gets_the_alert_as_json_on_stdin_and_fixed_arguments(tmp_path):
    out = tmp_path / "got.json"
    hook = _script(
        tmp_path,
        "got = {'argv': sys.argv[1:], 'alert': json.load(sys.stdin)}\n"
        f"json.dump(got, open({str(out)!r}, 'w'))",
    )
    assert await run_hook([str(hook), "--desk", "one"], ALERT, timeout_s=10) is None
    got = json.loads(out.read_text())
    assert got["argv"] == ["--desk", "one"]  # feed text never in the arguments
    assert got["alert"]["message"] == ALERT.message and got["alert"]["sources"] == ["wire"]


async def test_failing_and_hanging_hooks_are_reported_and_stop_nothing(tmp_path):
    failing = _script(tmp_path, "print('no disk', file=sys.stderr); sys.exit(3)", "fail.py")
    failure = await run_hook([str(failing)], ALERT, timeout_s=10)
    assert failure is not None and failure.reason.endswith("exited with status 3: no disk")
    hanging = _script(tmp_path, "time.sleep(30)", "hang.py")
    started = time.monotonic()
    failure = await run_hook([str(hanging)], ALERT, timeout_s=0.5)
    assert failure is not None and "timed out after 0.5 s" in failure.reason
    assert time.monotonic() - started < 5
    missing = await run_hook([str(tmp_path / "nope")], ALERT, timeout_s=1)
    assert missing is not None and missing.reason.startswith("cannot start")

    reported: list[Alert] = []
    hooks = Hooks([str(failing)], timeout_s=5, on_failure=reported.append)
    hooks.submit(ALERT)
    await hooks.drain()
    (report,) = reported
    assert report.rule == "hook_failed" and "status 3" in report.message
    hooks.submit(report)  # a failure report never goes to the hook itself
    await hooks.drain()
    assert len(reported) == 1
