"""The installed `frontwatch` console script, run as a user runs it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

from tests.support.cli import frontwatch, run
from tests.support.paths import REPO


def test_version_and_help():
    assert run("--version").stdout.strip().startswith("frontwatch ")
    help_text = run("--help").stdout
    for command in ("check", "tail", "extract", "--demo"):
        assert command in help_text


def test_check_names_a_misspelt_key_in_one_line(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text('[[feeds]]\nname = "Wire"\nurll = "https://example.org/rss"\n')
    result = run("--config", str(bad), "check", "--offline")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "feeds[0].urll" in lines[0] and 'did you mean "url"' in lines[0]


def test_check_accepts_the_committed_config_offline():
    config = REPO / "config.toml"
    result = run("--config", str(config), "check", "--offline")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_extract_reads_stdin_and_writes_json():
    result = run("extract", stdin="Troops had moved to within 5 km of Al-Sukhna on Tuesday.")
    assert result.returncode == 0, result.stderr
    assert '"value_km": 5' in result.stdout


def test_the_dashboard_draws_in_a_real_terminal_and_quits_on_q(tmp_path):
    """Start `frontwatch --demo` in a pseudo-terminal, wait for a frame, press q."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    process = subprocess.Popen(
        [frontwatch(), "--demo", "--speed", "20"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
    )
    os.close(secondary)
    screen = b""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and b"Objectives" not in screen:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    screen += os.read(primary, 65536)
                except OSError:
                    break
        assert b"Objectives" in screen, screen[-2000:]
        os.write(primary, b"q")
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.2)
            if ready:
                try:
                    os.read(primary, 65536)
                except OSError:
                    break
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)


def test_extract_jsonl_answers_every_line_in_order_with_its_id():
    import json

    lines = [
        {"id": "a", "text": "Rebels captured Saraqib on Tuesday."},
        {"id": 7, "text": ""},
        "not an object",
        {"id": "c", "text": "Troops were within 3 miles of Pokrovsk.", "published": "2026-03-02"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = run("extract", "--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7, None, "c"]
    assert out[0]["control"][0]["event"] == "captured"
    assert out[1]["places"] == [] and out[1]["distances"] == []
    assert out[2]["error"].startswith("line 3:")
    assert round(out[3]["distances"][0]["value_km"], 1) == 4.8
    assert result.returncode == 1 and "line 3" in result.stderr
