"""`on_alert`: run the user's program for each alert, the alert as JSON on its stdin.

Safety, because alerts carry text from the open web:
- the program is started with exec (`asyncio.create_subprocess_exec`), never a shell;
- its arguments are the config's, fixed: feed text only ever travels on stdin, as JSON;
- it runs with a timeout (`[settings] hook_timeout`), then is killed;
- a failure (cannot start, non-zero exit, timeout) is returned as a HookFailure and
  reported by the caller (an alert, a log line); it never raises into the engine.

`Hooks` is the engine's side: `submit(alert)` starts delivery in the background, at most
MAX_RUNNING programs at once, and calls `on_failure` with a "hook_failed" alert. Alerts of
that rule are never delivered to the hook, so a broken hook cannot feed on itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feeds.types import Alert

MAX_RUNNING = 4
"""Hook programs running at once; more alerts wait their turn."""
MAX_QUEUED = 1000
"""Alerts waiting for the hook; beyond this the oldest waiting are dropped and reported."""
STDERR_SHOWN = 200
"""Characters of the program's stderr quoted in a failure report."""
HOOK_RULE = "hook_failed"


@dataclass(frozen=True, slots=True)
class HookFailure:
    """Why one delivery failed, in words for a log line."""

    reason: str
    alert_key: str


def alert_json(alert: Alert) -> str:
    """The alert as one JSON object, as `frontwatch tail --json` prints it."""
    return json.dumps(dataclasses.asdict(alert), default=str, ensure_ascii=False)


async def run_hook(command: Sequence[str], alert: Alert, *, timeout_s: float) -> HookFailure | None:
    """Run `command` once with `alert` as JSON on stdin; None when it exited 0 in time."""
    if not command:
        return None
    payload = (alert_json(alert) + "\n").encode()
    env = {**os.environ, "FRONTWATCH_ALERT_RULE": alert.rule}  # a fixed word, not feed text
    try:
        proc = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,  # its children die with it on timeout, not with us
        )
    except OSError as exc:
        return HookFailure(f"cannot start {command[0]}: {exc.strerror or exc}", alert.key)
    try:
        _, err = await asyncio.wait_for(proc.communicate(payload), timeout=timeout_s)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        with contextlib.suppress(Exception):
            await proc.wait()
        return HookFailure(
            f"{command[0]} timed out after {timeout_s:g} s and was killed", alert.key
        )
    except asyncio.CancelledError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        raise
    if proc.returncode != 0:
        said = err.decode("utf-8", "replace").strip().replace("\n", " ")[:STDERR_SHOWN]
        how = (
            f"was killed by signal {-proc.returncode}"
            if proc.returncode is not None and proc.returncode < 0
            else f"exited with status {proc.returncode}"
        )
        return HookFailure(f"{command[0]} {how}" + (f": {said}" if said else ""), alert.key)
    return None


class Hooks:
    """Background delivery of alerts to the `on_alert` program; see the module docstring."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        timeout_s: float,
        on_failure: Callable[[Alert], None],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.command = tuple(command)
        self.timeout_s = timeout_s
        self.on_failure = on_failure
        self.clock = clock or (lambda: datetime.now(UTC))
        self._slots = asyncio.Semaphore(MAX_RUNNING)
        self._tasks: set[asyncio.Task[None]] = set()
        self.failures = 0
        """Failed deliveries since start."""

    def submit(self, alert: Alert) -> None:
        """Deliver in the background; returns at once. Needs a running event loop."""
        if not self.command or alert.rule == HOOK_RULE:
            return
        if len(self._tasks) >= MAX_QUEUED:
            self._report(
                HookFailure("too many alerts waiting for the hook; one dropped", alert.key)
            )
            return
        task = asyncio.get_running_loop().create_task(self._deliver(alert))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, alert: Alert) -> None:
        async with self._slots:
            failure = await run_hook(self.command, alert, timeout_s=self.timeout_s)
        if failure is not None:
            self._report(failure)

    def _report(self, failure: HookFailure) -> None:
        self.failures += 1
        self.on_failure(
            Alert(
                time=self.clock(),
                severity="warning",
                rule=HOOK_RULE,
                message=f"on_alert hook failed: {failure.reason}",
                key=f"{HOOK_RULE}:{failure.alert_key}",
            )
        )

    async def drain(self) -> None:
        """Wait for deliveries in flight (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
