"""The project's own exception types.

Lower layers raise these; only the command line turns them into one-line messages
and exit codes (2 for unusable input, 1 for runtime or data errors).
"""

from __future__ import annotations


class DutygraphError(Exception):
    """Base class: a failure we can explain to the user in one line."""

    exit_code = 1


class InputError(DutygraphError):
    """Input that cannot be used at all: the message names file, line and column."""

    exit_code = 2

    def __init__(self, message: str, *, path: str = "<input>", line: int = 0, column: int = 0):
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        super().__init__(f"{path}:{line}:{column}: {message}")

    def __reduce__(self):  # picklable: a corpus is parsed in worker processes
        return (_input_error, (self.reason, self.path, self.line, self.column))


def _input_error(message: str, path: str, line: int, column: int) -> InputError:
    return InputError(message, path=path, line=line, column=column)


class DataError(DutygraphError):
    """The input was read, but the data is inconsistent or a step failed on it."""

    exit_code = 1


class OptionError(DutygraphError):
    """A command-line option or API argument that cannot be used (a bad base IRI)."""

    exit_code = 2
