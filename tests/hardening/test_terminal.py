"""Findings 13 and 14: what reaches a terminal is escaped, what goes to a pipe is
exact, and the streams are UTF-8 whatever the locale.

The escaping itself is tested in-process; two real processes (one on a
pseudo-terminal, one under an ASCII locale) check the entry point installs it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.cli.terminal import EscapingWriter, escape, escaped_stream
from tests.hardening.catalogue import SMALL

HOSTILE = "促进\x1b]0;owned\x07\x1b[2J\x9b31m\u202e消费"


def test_escape_shows_every_control_character():
    assert escape(HOSTILE) == "促进\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e消费"
    assert escape("a\tb\nc\rd") == "a\tb\nc\\x0dd"
    assert escape("a\tb\nc", one_line=True) == "a\\x09b\\x0ac"
    assert escape("\x00\x7f\u0085\u2028\u2066") == "\\x00\\x7f\\x85\\u2028\\u2066"
    # a byte that was not UTF-8 (kept by surrogateescape) shows as the byte
    assert escape(b"\xff\x9b".decode("utf-8", "surrogateescape")) == "\\xff\\x9b"


def test_escape_leaves_plan_text_alone():
    text = "市发改委、各区人民政府(牵头单位:市商务局)「」《》——…"
    assert escape(text) == text
    assert escape(escape(HOSTILE)) == escape(HOSTILE)  # escaping twice changes nothing


def test_escaping_writer_escapes_text_and_bytes_even_split():
    target = io.BytesIO()
    writer = EscapingWriter(target)
    data = "促\x1b[2J进".encode()
    for i in range(len(data)):  # one byte at a time: characters split across writes
        writer.write(data[i : i + 1])
    writer.close()
    assert target.getvalue() == "促\\x1b[2J进".encode()


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_escaped_stream_is_utf_8_and_line_buffered():
    raw = _Terminal()
    original = io.TextIOWrapper(raw, encoding="ascii")  # kept: it owns the bytes
    stream = escaped_stream(original)
    stream.write("责任\x1b[31m\n")
    assert raw.getvalue() == "责任\\x1b[31m\n".encode()
    stream.buffer.write("牵头\x07".encode())
    stream.flush()
    assert raw.getvalue().endswith("牵头\\x07".encode())


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "plan.txt"
    path.write_text(
        SMALL.replace("促进消费", HOSTILE).replace("市商务局", "市\x1b[8m商务局"), "utf-8"
    )
    return path


def test_messages_are_escaped_in_process(hostile_plan):
    """Every warning and error line, whatever the stream: messages are for people."""
    result = CliRunner().invoke(cli, ["parse", str(hostile_plan), "--format", "json"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr
    assert "unknown-unit: item 1.2: unit not in the registry: 市\\x1b[8m商务局" in result.stderr
    error = CliRunner().invoke(cli, ["parse", str(hostile_plan.parent / "a\x1b[2J\u202e.txt")])
    assert (
        error.stderr
        == f"dutygraph: error: {hostile_plan.parent}/a\\x1b[2J\\u202e.txt:0:0: no such file\n"
    )


def test_data_to_a_pipe_stays_exact(hostile_plan):
    """CSV is data: not escaped, and not stripped of ANSI sequences by click."""
    result = CliRunner().invoke(cli, ["parse", str(hostile_plan), "--format", "csv"])
    assert result.exit_code == 0
    # (the direction override is gone: reading drops invisible format characters)
    assert "促进\x1b]0;owned\x07\x1b[2J\x9b31m消费" in result.stdout


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, timeout=120, **kwargs
    )


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
def test_a_terminal_gets_escapes_a_pipe_gets_bytes(hostile_plan):
    """One real process with stdout and stderr on a pseudo-terminal."""
    main, secondary = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "graph", "parse", str(hostile_plan), "--format", "table"],
            stdout=secondary,
            stderr=secondary,
            timeout=120,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        if secondary != -1:
            os.close(secondary)
    shown = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0
    assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "\\x1b]0;owned\\x07" in shown  # the table's text column, escaped
    assert "warning: unknown-unit" in shown
    piped = _run(["parse", str(hostile_plan), "--format", "csv"])
    assert piped.returncode == 0
    assert "促进\x1b]0;owned\x07\x1b[2J\x9b31m消费".encode() in piped.stdout


def test_an_ascii_locale_still_writes_utf_8(hostile_plan):
    """Finding 14: LANG=C without UTF-8 coercion, PYTHONIOENCODING=ascii."""
    env = {
        **os.environ,
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONIOENCODING": "ascii",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
    }
    proc = _run(["parse", str(hostile_plan), "--format", "csv"], env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").splitlines()[1].startswith("1.1,1,,,1,扩大有效投资。")
    assert "unit not in the registry: 市\\x1b[8m商务局".encode() in proc.stderr
