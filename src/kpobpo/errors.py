"""The exceptions kpobpo raises, and the exit code each one stands for.

They are raised deep in the code and turned into a message on stderr and an
exit code in exactly one place, `kpobpo.cli.handle_errors`; what escapes the
commands (a signal, a write error on standard output while help is printed)
is caught by the launcher, `kpobpo.launch.main`, the same way. Their messages
may quote text from files; `kpobpo.messages` cleans it when they are printed.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
from typing import NamedTuple


class KpobpoError(Exception):
    """Base of every error kpobpo reports to the user."""

    exit_code = 1

    def messages(self) -> list[str]:
        """The lines to show the user."""
        return [f"error: {self}"]


class Problem(NamedTuple):
    """One problem in an input file, with where it is."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class InputFileError(KpobpoError):
    """A file the user gave us is unreadable or invalid (exit 1).

    It carries every problem found, so the user can fix them all at once.
    """

    exit_code = 1
    kind = "input file"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        head = f"error: {self.kind} has {count} {noun}:" if count > 1 else "error:"
        if count == 1:
            return [f"{head} {self.problems[0]}"]
        return [head, *(f"  {p}" for p in self.problems)]


class CriteriaError(InputFileError):
    """The criteria file is invalid."""

    kind = "criteria file"


class AnswersError(InputFileError):
    """An answers file is invalid."""

    kind = "answers file"


class UsageError(KpobpoError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = 2

    def messages(self) -> list[str]:
        return [f"error: {self}"]


class Interrupted(KpobpoError):
    """The user stopped an interactive session (exit 130)."""

    exit_code = 130

    def messages(self) -> list[str]:
        # The empty line ends whatever the user was typing at a prompt.
        return ["", f"interrupted: {self}" if str(self) else "interrupted"]


class StreamError(KpobpoError):
    """Standard output or input cannot be used: closed, disk full, or a pipe
    whose reader has gone (exit 1; a gone reader, as in `kpobpo ... | head`,
    ends quietly with 141, as SIGPIPE would)."""

    def __init__(self, message: str, *, broken_pipe: bool = False) -> None:
        self.broken_pipe = broken_pipe
        self.exit_code = 141 if broken_pipe else 1
        super().__init__(message)

    def messages(self) -> list[str]:
        return [] if self.broken_pipe else [f"error: {self}"]


class Stopped(BaseException):
    """SIGTERM or SIGHUP asked the process to stop (exit 128 + the signal's number).

    A BaseException, like KeyboardInterrupt, so that it unwinds every `with`
    block (removing temporary files) and no `except Exception` swallows it.
    """

    def __init__(self, signal_number: int, name: str) -> None:
        self.exit_code = 128 + signal_number
        self.name = name
        super().__init__(name)
