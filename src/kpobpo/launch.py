"""The `kpobpo` console script's entry point: the process around the commands.

`kpobpo --version` is answered here, before the CLI framework is imported: it
is the command scripts and package managers run most often to probe a tool.
Everything else goes to the Typer application in `kpobpo.cli`.

Here, too, the process keeps its promises at its edges, whatever command runs:

- Standard output is wrapped so that a write error (disk full, a closed
  stdout) becomes one `StreamError`: one line on stderr and exit 1. A reader
  that has gone (`kpobpo compare | head -1`) ends quietly with exit 141, as
  SIGPIPE would end a C program, and never with a traceback. A closed
  standard input is not a terminal, and reading it is the same kind of error.
- SIGTERM and SIGHUP raise `Stopped`, which unwinds every open output like
  Ctrl-C does (no temporary file survives): exit 143 and 129. A second signal
  of the same kind gets the default action. A signal ignored when kpobpo
  started (`nohup`) stays ignored.
- Ctrl-C at any moment, while modules are still loading too, exits 130
  without a traceback.
"""

from __future__ import annotations

import io
import os
import sys

# `--version` imports nothing it does not need, not even `typing` or
# `kpobpo.errors`: those are imported where they are used, on other paths.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def main() -> None:
    """Run kpobpo with the process's arguments and exit with its exit code."""
    code: int | str | None
    try:
        _guard_standard_streams()
        code = _run(sys.argv[1:])
    except KeyboardInterrupt:
        code = _tell(["interrupted"], 130)
    except BaseException as exc:
        code = _outcome(exc)
    sys.exit(code)


def _outcome(exc: BaseException) -> int:
    """The exit code for a signal or an error that escaped the commands (one line
    on stderr); anything else is a bug and keeps its traceback."""
    from kpobpo.errors import KpobpoError, Stopped

    if isinstance(exc, Stopped):
        return _tell([f"stopped by {exc.name}"], exc.exit_code)
    if isinstance(exc, KpobpoError):
        return _tell(exc.messages(), exc.exit_code)
    raise exc


def _run(args: list[str]) -> int | str | None:
    """Run the command; its exit code once everything written has reached stdout."""
    code: int | str | None = 0
    try:
        if args == ["--version"]:
            from kpobpo import __version__

            sys.stdout.write(f"kpobpo {__version__}\n")
        else:
            _stop_on_signals()
            from kpobpo.cli import main as cli_main

            cli_main()
    except SystemExit as done:
        code = done.code
    sys.stdout.flush()  # a full disk is found here for short outputs
    return code


def _tell(lines: list[str], code: int) -> int:
    """Print `lines` on stderr, if it can take them, and return `code`."""
    if lines and sys.stderr is not None:
        try:
            sys.stderr.write("".join(f"{line}\n" for line in lines))
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # stderr is gone too (a hung-up terminal): the exit code still tells
    return code


def _stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise `Stopped`, as SIGINT raises KeyboardInterrupt."""
    import signal

    from kpobpo.errors import Stopped

    def stop(number: int, frame: Any) -> None:
        signal.signal(number, signal.SIG_DFL)  # a second one stops at once
        raise Stopped(number, signal.Signals(number).name)

    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, stop)


def _guard_standard_streams() -> None:
    """Put guarded stand-ins in place of standard output and a closed standard input."""
    if sys.stdin is None:  # started with `<&-`
        sys.stdin = _ClosedInput()
    original = sys.stdout
    if original is None:  # started with `>&-`
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_GuardedOutput(None)), encoding="utf-8")
    elif isinstance(original, io.TextIOWrapper):
        raw = _GuardedOutput(original.fileno())
        unbuffered = isinstance(original.buffer, io.RawIOBase)  # python -u, PYTHONUNBUFFERED
        sys.stdout = io.TextIOWrapper(
            raw if unbuffered else io.BufferedWriter(raw),
            encoding=original.encoding,
            errors=original.errors,
            newline="\n",
            line_buffering=original.line_buffering,
            write_through=original.write_through,
        )


class _GuardedOutput(io.RawIOBase):
    """Standard output's file descriptor; its first write error becomes a StreamError.

    Whatever is written after that is dropped, so the interpreter's last flush
    at exit cannot fail a second time.
    """

    def __init__(self, descriptor: int | None) -> None:
        super().__init__()
        self._descriptor = descriptor
        self._failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._descriptor is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._descriptor

    def isatty(self) -> bool:
        return self._descriptor is not None and os.isatty(self._descriptor)

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        if self._failed:
            return size
        try:
            if self._descriptor is None:
                import errno

                raise OSError(errno.EBADF, "it is closed")
            while view:
                view = view[os.write(self._descriptor, view) :]
        except OSError as exc:
            from kpobpo.errors import StreamError

            self._failed = True
            raise StreamError(
                f"cannot write standard output: {exc.strerror}",
                broken_pipe=isinstance(exc, BrokenPipeError),
            ) from None
        return size


class _ClosedInput(io.TextIOBase):
    """Stands in for a closed standard input: not a terminal; reading it is an error."""

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> str:
        raise _closed_input()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise _closed_input()

    @property
    def buffer(self) -> io.BufferedReader:
        raise _closed_input()


def _closed_input() -> Exception:
    from kpobpo.errors import StreamError

    return StreamError("cannot read standard input: it is closed")
