"""The formats kpobpo reads and writes, and the one rule that picks an output's format.

A portfolio's format is added here and nowhere else: the CLI takes its
choices for `--input-format` and `--format` from these tables, the format of
a file is told from its name by them, and `open_reader` and `open_writer`
find the implementation through them. `REPORT_EXTENSIONS` names the file
extensions of a single result's formats (`assess`, `compare`), and
`format_for` is the rule every command with `--format` and `-o` follows:
`--format` when given, else what the -o file's extension says.
Implementations are named as "module:function" and imported only when used,
so the registry costs nothing at start-up (this module imports nothing but
`os` and `typing`).

A reader factory is called as `factory(criteria, source, report, options)`
and returns an object with `rows()`, `columns`, `note`, `delimiter` and
`problem(number, line, error)` (see `kpobpo.portfolio.Reader`); a writer
factory as `factory(criteria, stream, columns, options)` and returns a
`kpobpo.render.portfolio.Writer`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

# Plain classes, not NamedTuples or dataclasses: they are built on every
# start-up of every command (the CLI's choices), and plain classes cost least.


class InputFormat:
    """A format processes can be read from.

    `reader` names the factory as "module:function"; `binary` says whether
    the reader takes the bytes as they are (a workbook), not text.
    """

    __slots__ = ("binary", "extensions", "name", "reader")

    def __init__(
        self, name: str, extensions: tuple[str, ...], reader: str, binary: bool = False
    ) -> None:
        self.name, self.extensions, self.reader, self.binary = name, extensions, reader, binary


class OutputFormat:
    """A format a portfolio can be written in.

    `extensions` are the file names that choose this format when -o is given
    and --format is not; `binary` says the writer writes bytes (a workbook),
    never to a terminal; `explains` that it prints what-ifs and weight
    sensitivity (when it does not, they are not worked out).
    """

    __slots__ = ("binary", "explains", "extensions", "name", "writer")

    def __init__(
        self,
        name: str,
        extensions: tuple[str, ...],
        writer: str,
        binary: bool = False,
        *,
        explains: bool = True,
    ) -> None:
        self.name, self.extensions, self.writer, self.binary = name, extensions, writer, binary
        self.explains = explains


_TEXT = "kpobpo.portfolio:open_text_reader"
_WRITERS = "kpobpo.render.portfolio"

#: Every input format, by name, in the order the CLI lists them.
READERS: dict[str, InputFormat] = {
    f.name: f
    for f in (
        InputFormat("csv", (".csv", ".tsv"), _TEXT),
        InputFormat("json", (".json",), _TEXT),
        InputFormat("jsonl", (".jsonl", ".ndjson"), _TEXT),
        InputFormat("yaml", (".yaml", ".yml"), _TEXT),
        InputFormat("xlsx", (".xlsx", ".xlsm"), "kpobpo.spreadsheet:open_workbook_reader", True),
    )
}

#: Every output format, by name, in the order the CLI lists them (the first is the default).
WRITERS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", (), f"{_WRITERS}:open_table_writer", explains=False),
        OutputFormat("csv", (".csv", ".tsv"), f"{_WRITERS}:open_csv_writer", explains=False),
        OutputFormat("jsonl", (".jsonl", ".ndjson"), f"{_WRITERS}:open_jsonl_writer"),
        OutputFormat("json", (".json",), f"{_WRITERS}:open_json_writer"),
        OutputFormat("markdown", (".md",), f"{_WRITERS}:open_markdown_writer", explains=False),
        OutputFormat(
            "html",
            (".html", ".htm"),
            "kpobpo.render.portfolio_html:open_html_writer",
            explains=False,
        ),
        OutputFormat(
            "xlsx", (".xlsx",), "kpobpo.render.workbook:open_workbook_writer", True, explains=False
        ),
    )
}


#: The formats of one result (`assess`, `compare`), the first the default, each
#: with the extensions of an -o file that choose it.
REPORT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "table": (),
    "json": (".json",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
}


def writer_extensions() -> dict[str, tuple[str, ...]]:
    """The portfolio's output formats with their extensions, for `format_for`."""
    return {name: f.extensions for name, f in WRITERS.items()}


def format_for(
    given: str | None, output: str | None, extensions: Mapping[str, tuple[str, ...]]
) -> str:
    """The format to write: `--format` when given, else the one the -o file's
    extension names, else the first of `extensions` (the default).

    Standard output (no -o, or `-`) and an extension no format claims leave
    the choice to `--format`. A `--format` other than the one the extension
    names is a usage error (exit 2): one of the two is a mistake.
    """
    file = output if output is not None and output != "-" else ""
    suffix = _suffix(file)
    named = next((name for name, known in extensions.items() if suffix in known), None)
    if given is None:
        return named if named is not None else next(iter(extensions))
    if named is not None and named != given:
        from kpobpo.errors import UsageError

        own = extensions.get(given, ())
        stem = os.path.splitext(file)[0]
        rename = f"write to {stem}{own[0]}" if own else f"use a name without {suffix}"
        raise UsageError(
            f"--format {given} does not match -o {file}: a {suffix} file gets {named}. "
            f"Leave out --format, or {rename}"
        )
    return given


def _suffix(file: str) -> str:
    return os.path.splitext(file)[1].lower()


def input_format_of(file: str) -> InputFormat | None:
    """The input format a file's name says, if any."""
    suffix = _suffix(file)
    return next((f for f in READERS.values() if suffix in f.extensions), None)


def output_format_of(file: str | None) -> OutputFormat | None:
    """The output format an -o file's name says, if any."""
    if file is None:
        return None
    suffix = _suffix(file)
    return next((f for f in WRITERS.values() if suffix in f.extensions), None)


def implementation(spec: str) -> Callable[..., Any]:
    """Import and return the factory named "module:function"."""
    import importlib

    module, _, name = spec.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found
