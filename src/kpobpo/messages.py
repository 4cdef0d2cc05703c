"""Everything kpobpo says besides its results: errors, warnings and notes.

A message often quotes text that kpobpo did not write: a file name, an unknown
key, a service name, a criteria file's version, a hash from a saved file. So
every message is printed by `print_messages` (or `warn`, built on it), which
cleans each line with the same `clean` as rendered results (terminal control
characters removed, lone surrogates replaced) and prints it as Rich `Text`,
never as markup. Newlines separate the lines of a message and are kept, but
every line after a message's first is indented: a newline inside a quoted
value (a file named "x\nerror: ...") cannot start a line that looks like a
message of its own. A tab becomes a space, so a quoted value cannot push the
rest of its line about.
`print_line` does the same for the plain one-line answers written to stdout.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from kpobpo.render.text import clean

if TYPE_CHECKING:
    from rich.console import Console


def message_text(text: str) -> str:
    """`text` safe to show as a message: no control characters, tabs as spaces,
    and each line after the first indented."""
    return clean(text).replace("\t", " ").replace("\n", "\n  ")


def print_messages(
    lines: Iterable[str], style: str | None = None, *, console: Console | None = None
) -> None:
    """Print each line on stderr (or on `console`), cleaned, never read as markup.

    Lines are not wrapped, so each stays one line for grep and for scripts.
    """
    from rich.text import Text

    out = console if console is not None else _console_for(sys.stderr)
    for line in lines:
        out.print(Text(message_text(line), style=style or ""), soft_wrap=True)


def warn(text: str) -> None:
    """Print `warning: text` on stderr: something to know, not a failure."""
    print_messages([f"warning: {text}"], "yellow")


def print_line(text: str) -> None:
    """Write one cleaned line of plain text to stdout (no Rich, no colours)."""
    sys.stdout.write(message_text(text) + "\n")


@functools.lru_cache(maxsize=1)
def _console_for(stream: TextIO) -> Console:
    """One console per stderr stream, so a portfolio's many bad rows share it."""
    from kpobpo.output import make_console

    return make_console(stderr=True)
