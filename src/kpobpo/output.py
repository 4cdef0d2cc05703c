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
    from rich.console import Console, RenderableType

    from kpobpo.answers import GivenAnswers
    from kpobpo.model import Criteria, Settings

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


def save_answers(
    path: str,
    criteria: Criteria,
    given: GivenAnswers,
    settings: Settings,
) -> None:
    """Write answers for a later `--answers` re-run: JSON for *.json, else YAML."""
    from pathlib import Path

    from kpobpo.answers import saved_document

    document = saved_document(criteria, given, settings)
    if Path(path).suffix.lower() == ".json":
        from kpobpo.render.json_doc import dumps

        text = dumps(document)
    else:
        import yaml

        text = (
            "# Answers saved by kpobpo. Re-run with: kpobpo assess --answers "
            f"{Path(path).name}\n# null means not sure.\n"
            + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        )
    write_output(path, text, "--save")
