"""Write results: to the terminal through Rich, or to an output file.

Files are written by `kpobpo.outfile`, which holds the policy (regular files
replaced atomically, devices and FIFOs written in place, `-` is standard
output).
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, TextIO

from kpobpo.outfile import is_standard_output, write_output

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from rich.console import Console, RenderableType

#: Width of tables written to files, where there is no terminal to measure.
FILE_WIDTH = 100


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


def emit(rendered: str | RenderableType, output: str | None) -> None:
    """Show a rendering on stdout (no `output`, or `-`), or write it to `output`.

    Plain strings (JSON, Markdown) go straight to stdout, so those formats
    never pay for setting up a Rich console.
    """
    if output is not None and not is_standard_output(output):
        write_output(output, to_text(rendered))
    elif isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        make_console().print(rendered)


def save_answers(path: str, document: Mapping[str, object], header: Sequence[str]) -> None:
    """Write a saved session (`answers.saved_document`) for a later `--answers` run.

    JSON for *.json; else YAML, headed by `header` as comment lines (what the
    file is and the command that goes on with it).
    """
    from pathlib import Path

    if Path(path).suffix.lower() == ".json":
        from kpobpo.render.json_doc import dumps

        text = dumps(dict(document))
    else:
        import yaml

        # A character a YAML comment cannot hold (a line break in a file name) is shown as ?.
        shown = ("".join(c if c.isprintable() else "?" for c in line) for line in header)
        comments = "".join(f"# {line}\n" for line in shown)
        text = comments + yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True)
    write_output(path, text, "--save")
