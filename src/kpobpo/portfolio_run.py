"""Run a portfolio from the command line: files, streams, progress and exit code.

The I/O shell around `kpobpo.portfolio`: opens the input (or standard input),
reports bad rows on stderr as FILE:ROW: message while the other rows go on,
writes the output as rows arrive (atomically, when it is a file), and shows a
progress bar only when stderr is a terminal and the input is large.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from kpobpo.errors import InputFileError, Problem, UsageError
from kpobpo.model import Criteria, Settings
from kpobpo.output import atomic_stream, make_console
from kpobpo.portfolio import INPUT_FORMATS, Reader, RowInput, Summary, assess_rows, open_text
from kpobpo.render import PortfolioFormat
from kpobpo.render.text import clean

if TYPE_CHECKING:
    from rich.console import Console

#: Inputs larger than this get a progress bar (when stderr is a terminal).
PROGRESS_BYTES = 1_000_000


def run_portfolio(
    criteria: Criteria,
    file: str,
    input_format: str | None,
    fmt: PortfolioFormat,
    output: Path | None,
    settings: Settings,
    *,
    strict: bool,
    show_all: bool,
) -> int:
    """Assess every row of `file`; returns the exit code (0, or 1 if any row failed)."""
    from kpobpo.render.portfolio import make_writer

    source = "<stdin>" if file == "-" else file
    kind = input_format or INPUT_FORMATS.get(Path(file).suffix.lower())
    if kind is None and file != "-" and Path(file).is_dir():
        raise InputFileError([Problem(source, None, None, "", "is a folder, not a file")])
    if kind is None:
        raise UsageError(
            f"cannot tell the format of {file!r} from its name: "
            "use --input-format csv|json|jsonl|yaml"
        )
    failures = 0
    errors: list[Console] = []

    def report(problem: Problem) -> None:
        nonlocal failures
        failures += 1
        if strict:
            raise InputFileError([problem])
        if not errors:  # Rich is loaded only when there is something to say
            errors.append(make_console(stderr=True))
        errors[0].print(clean(str(problem)), style="red", soft_wrap=True)

    with _open_input(file, source) as (raw, stream):
        reader = Reader(criteria, stream, source, kind, report)
        summary = Summary(criteria)
        if kind == "csv" and fmt is PortfolioFormat.CSV:
            layout_columns: list[str] | None = None
        else:
            rows = reader.rows()
            first = next(rows, None)  # reads the header, so the columns are known
            layout_columns = reader.columns if kind == "csv" else []
        with _output(output) as out, _progress(raw, file) as tick:
            if layout_columns is None:
                from kpobpo.portfolio import Assessor, copy_csv
                from kpobpo.render.portfolio import CsvWriter

                csv_writer = CsvWriter(criteria, out, ["-"], header=False)
                copy_csv(
                    reader,
                    Assessor(criteria, settings._replace(explain=False)),
                    summary,
                    csv_writer.result_suffix,
                    csv_writer.header_suffix,
                    out,
                    lambda line, error: report(Problem(source, line, None, "", error)),
                    tick,
                )
            else:
                writer = make_writer(
                    fmt,
                    criteria,
                    out,
                    layout_columns,
                    show_all=show_all,
                    terminal=output is None and sys.stdout.isatty(),
                )
                pending = [first] if first is not None else []
                for result in assess_rows(criteria, _chain(pending, rows), settings):
                    if result.error is not None:
                        report(Problem(source, result.row, None, "", result.error))
                    summary.add(result)
                    writer.row(result)
                    if tick is not None:
                        tick()
                writer.finish(summary)
    return 1 if failures else 0


def _chain(first: list[RowInput], rest: Iterator[RowInput]) -> Iterator[RowInput]:
    yield from first
    yield from rest


@contextlib.contextmanager
def _open_input(file: str, source: str) -> Iterator[tuple[BinaryIO | None, TextIO]]:
    """The input as text; NUL bytes (binary files) are refused up front."""
    try:
        if file == "-":
            yield None, open_text(sys.stdin.buffer)
        else:
            with _open_file(file, source) as raw:
                yield raw, open_text(raw)
    except UnicodeDecodeError:
        raise InputFileError(
            [Problem(source, None, None, "", "is not UTF-8 text (is it a binary file?)")]
        ) from None


@contextlib.contextmanager
def _open_file(file: str, source: str) -> Iterator[BinaryIO]:
    """A file opened for reading; NUL bytes (binary files) are refused up front."""
    try:
        raw = open(file, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InputFileError([Problem(source, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputFileError([Problem(source, None, None, "", "is a folder, not a file")]) from None
    except OSError as exc:
        raise InputFileError(
            [Problem(source, None, None, "", f"cannot read: {exc.strerror}")]
        ) from None
    with raw:
        if b"\x00" in raw.peek(8192)[:8192]:
            raise InputFileError(
                [Problem(source, None, None, "", "is a binary file, not a table of processes")]
            )
        yield raw


@contextlib.contextmanager
def _output(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_stream(output) as stream:
            yield stream


@contextlib.contextmanager
def _progress(raw: BinaryIO | None, file: str) -> Iterator[Callable[[], None] | None]:
    """A callable to call once per row when a progress bar is wanted, else None."""
    size = Path(file).stat().st_size if raw is not None else 0
    if raw is None or size < PROGRESS_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    count = 0
    with Progress(
        TextColumn("assessing"),
        BarColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=make_console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("portfolio", total=size, rows=0)

        def advance() -> None:
            nonlocal count
            count += 1
            if count % 2000 == 0:
                progress.update(task, completed=raw.tell(), rows=count)

        yield advance
