"""``dutygraph serve`` as a user runs it: the start-up line gives the URL, the app
answers there, Ctrl-C (SIGINT) stops it cleanly with exit 0; a busy port is one line
and exit 2."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _url(process: subprocess.Popen, seconds: float = 90) -> str:
    """The URL from the start-up line (stderr)."""
    assert process.stderr is not None
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        match = re.match(
            r"dutygraph: serving (http://127\.0\.0\.1:\d+/) \(SPARQL endpoint \1sparql\); Ctrl-C stops it$",
            line.rstrip("\n"),
        )
        if match:
            return match.group(1)
    process.kill()
    raise AssertionError(f"no start-up line: {seen}")


def test_serve_starts_answers_and_stops_on_ctrl_c():
    process = _start("--timeout", "5")
    try:
        url = _url(process)
        with urllib.request.urlopen(url + "api/plans", timeout=30) as response:
            assert response.status == 200
            assert b'"items":322' in response.read()
        with urllib.request.urlopen(url + "sparql?query=ASK%7B%7D", timeout=30) as response:
            assert response.read() == b'{"head":{},"boolean":true}'
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("dutygraph: stopped")
    assert out == ""


def test_a_busy_port_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "graph", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"dutygraph: error: cannot listen on 127.0.0.1:{port}: ")
    )


@pytest.mark.parametrize("option", ["--timeout 0", "--max-rows 0", "--port 70000"])
def test_bad_limits_are_usage_errors(option):
    from click.testing import CliRunner

    from graph.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", *option.split()])
    assert result.exit_code == 2
