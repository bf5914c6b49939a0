"""`frontwatch serve`: the dashboard's page over HTTP on the loopback, then a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.support.paths import REPO
from tui.cli import build_parser, serve_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_binds_loopback_by_default_and_passes_the_dashboards_options() -> None:
    args = build_parser().parse_args(["serve", "--demo", "--speed", "3"])
    assert args.host == "127.0.0.1"
    command = serve_command(args)
    assert command.endswith("-m tui.cli --demo --speed 3.0")
    assert "serve" not in command.split()


def test_serve_answers_http_on_127_0_0_1_and_stops_on_sigterm() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--demo", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        page = None
        while time.monotonic() < deadline and page is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=1.0)
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.1)
        assert page is not None and page.status_code == 200
        assert "frontwatch" in page.text
        assert "ws://127.0.0.1" in page.text or "websocket" in page.text.lower()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode is not None
