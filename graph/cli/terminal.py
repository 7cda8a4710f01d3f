"""What the command prints, made safe for terminals and independent of the locale.

Plan text, unit names, file names and the bodies of server errors all end up in
what ``dutygraph`` prints, and any of them can hold characters a terminal acts on
instead of showing: an escape sequence that clears the screen, retitles the window
or rewrites what was printed before, a carriage return that hides the start of a
line, a bidirectional override that makes ``市发改委`` read backwards. One function,
:func:`escape`, shows every such character as a visible escape (``\\x1b``,
``\\u202e``), and it is applied where text meets a person:

* every message (stderr is for people only): always;
* stdout when it is a terminal (tables, and data someone chose to read there);
* never to stdout in a pipe or a file: CSV, JSON, Turtle stay byte for byte what
  the data says.

Streams are also set to UTF-8 whatever the locale (``LANG=C``,
``PYTHONIOENCODING=ascii``, a Latin-1 console): every plan is Chinese, and a stream
that cannot encode it would end the command with a traceback half-way through the
output. Characters no encoding can carry (lone surrogates from a file name that
is not UTF-8) are written as backslash escapes rather than ending the command.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from typing import BinaryIO, cast

# C0 controls but tab and newline, DEL and the C1 controls (U+009B is a CSI on its
# own), the bidirectional marks, embeddings, overrides and isolates, the line and
# paragraph separators, and surrogates (bytes that were not UTF-8, kept as
# U+DC80–U+DCFF by a surrogateescape decode, print as the byte they were).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_IN_LINE = re.compile(f"[{_UNSAFE}\t\n]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, *, one_line: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape.

    Tabs and newlines are kept, unless ``one_line`` (a message must stay one line).
    Backslashes are not doubled: the result is for reading, and escaping it again
    changes nothing.
    """
    return (_IN_LINE if one_line else _IN_TEXT).sub(_shown, text)


def say(message: str) -> None:
    """Print one message line on stderr, escaped (a warning, a note on progress)."""
    import click

    click.echo(escape(message, one_line=True), err=True)


class EscapingWriter(io.BufferedIOBase):
    """A binary stream that escapes what it passes on (UTF-8 in, UTF-8 out).

    Sits under the text stream a terminal gets, so that both ``print`` and writes
    to ``sys.stdout.buffer`` (``export`` writes Turtle that way) are escaped. A
    character split across two writes is held until its last byte arrives.
    """

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self._target = target
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        text = self._decoder.decode(chunk)
        if text:
            self._target.write(escape(text).encode("utf-8"))
        return len(chunk)

    def flush(self) -> None:
        if not self._target.closed:
            self._target.flush()

    def close(self) -> None:
        # The stream belongs to the process, not to us: flush, never close it.
        rest = self._decoder.decode(b"", final=True)
        if rest and not self._target.closed:
            self._target.write(escape(rest).encode("utf-8"))
        self.flush()
        super().close()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def escaped_stream(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """A UTF-8 text stream over ``stream``'s bytes that escapes what it writes."""
    stream.flush()
    return io.TextIOWrapper(
        cast(BinaryIO, EscapingWriter(cast(BinaryIO, stream.buffer))),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )


def configure_streams() -> None:
    """UTF-8 on every standard stream; messages and terminal output escaped.

    Called once, first thing, by the ``dutygraph`` entry point. Streams that are
    not ordinary text files (a test harness's capture) are left as they are.
    """
    stdin = sys.stdin
    if isinstance(stdin, io.TextIOWrapper):
        # A query piped in that is not UTF-8 reads with U+FFFD in the bad spots
        # (and then fails as SPARQL), never with a decoding traceback.
        stdin.reconfigure(encoding="utf-8", errors="replace")
    stdout = sys.stdout
    if isinstance(stdout, io.TextIOWrapper):
        if _is_terminal(stdout):
            sys.stdout = escaped_stream(stdout)
        else:
            stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    stderr = sys.stderr
    if isinstance(stderr, io.TextIOWrapper):
        sys.stderr = escaped_stream(stderr)
