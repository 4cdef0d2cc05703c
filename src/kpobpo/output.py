"""Write results: to the terminal through Rich, or atomically to a file.

A file is written to a temporary neighbour and renamed over the target, so a
reader never sees half a result and an interrupted run leaves the old file as
it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kpobpo.errors import KpobpoError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from kpobpo.answers import GivenAnswers
    from kpobpo.model import Criteria, Settings

#: Width of tables written to files, where there is no terminal to measure.
FILE_WIDTH = 100


class OutputError(KpobpoError):
    """The output file cannot be written (exit 1)."""


def make_console(*, stderr: bool = False) -> Console:
    """A console that never interprets markup or emoji codes in what it prints."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def file_console(stream: TextIO) -> Console:
    """A console for writing plain text to a file: no colours, a fixed width."""
    from rich.console import Console

    return Console(
        file=stream,
        width=FILE_WIDTH,
        color_system=None,
        force_terminal=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def to_text(rendered: str | RenderableType) -> str:
    """Plain text of a rendering, for files: no colours, fixed width."""
    if isinstance(rendered, str):
        return rendered
    buffer = io.StringIO()
    file_console(buffer).print(rendered)
    return buffer.getvalue()


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces `path` only when the block ends without error.

    Written to a temporary neighbour, then renamed over `path`: readers never
    see half a file, and an error or Ctrl-C leaves the old file as it was.
    """
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        raise


def _mode_for(path: Path) -> int:
    """The permissions a new file would get (the umask's), or the replaced file's own.

    The temporary file is created private (0600); without this the result
    would stay private too.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (temporary file, then rename)."""
    with atomic_stream(path) as stream:
        stream.write(text)


def emit(rendered: str | RenderableType, output: Path | None) -> None:
    """Show a rendering on stdout, or write it to `output`.

    Plain strings (JSON, Markdown) go straight to stdout, so those formats
    never pay for setting up a Rich console.
    """
    if output is not None:
        write_atomic(output, to_text(rendered))
    elif isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        make_console().print(rendered)


def save_answers(
    path: Path,
    criteria: Criteria,
    given: GivenAnswers,
    settings: Settings,
) -> None:
    """Write answers for a later `--answers` re-run: JSON for *.json, else YAML."""
    from kpobpo.answers import saved_document

    document = saved_document(criteria, given, settings)
    if path.suffix.lower() == ".json":
        import json

        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        import yaml

        text = (
            "# Answers saved by kpobpo. Re-run with: kpobpo assess --answers "
            f"{path.name}\n# null means not sure.\n"
            + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        )
    write_atomic(path, text)
