"""Run a portfolio from the command line: files, streams, progress and exit code.

The I/O shell around `kpobpo.portfolio`: opens the input (or standard input),
reports bad rows on stderr as FILE:LINE: process N: message while the other
rows go on, writes the output as rows arrive (by kpobpo.outfile's policy: a
regular file atomically, a device or FIFO in place; held back until every row
is good with --strict), and shows a progress bar only when stderr is a
terminal and the input is large.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from kpobpo.errors import InputFileError, Problem, UsageError
from kpobpo.messages import print_messages
from kpobpo.model import Criteria, Settings
from kpobpo.outfile import is_standard_output, open_output
from kpobpo.output import make_console
from kpobpo.portfolio import INPUT_FORMATS, Reader, RowInput, Summary, assess_rows, open_text
from kpobpo.render import PortfolioFormat

#: Inputs larger than this get a progress bar (when stderr is a terminal).
PROGRESS_BYTES = 1_000_000
#: Output held in memory under --strict before it spills to a temporary file.
HELD_BYTES = 8 << 20


def run_portfolio(
    criteria: Criteria,
    file: str,
    input_format: str | None,
    fmt: PortfolioFormat,
    output: str | None,
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

    def report(problem: Problem) -> None:
        nonlocal failures
        failures += 1
        if strict:
            raise InputFileError([problem])
        print_messages([str(problem)], "red")

    with _open_input(file, source) as (raw, stream):
        reader = Reader(criteria, stream, source, kind, report)
        summary = Summary(criteria)
        if kind == "csv" and fmt is PortfolioFormat.CSV:
            layout_columns: list[str] | None = None
        else:
            rows = reader.rows()
            first = next(rows, None)  # reads the header, so the columns are known
            layout_columns = reader.columns if kind == "csv" else []
        with (
            _output(output) as final,
            _held_back(final, strict) as out,
            _progress(raw, file) as tick,
        ):
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
                    lambda number, line, error: report(row_problem(source, number, line, error)),
                    tick,
                )
            else:
                writer = make_writer(
                    fmt,
                    criteria,
                    out,
                    layout_columns,
                    show_all=show_all,
                    terminal=is_standard_output(output) and sys.stdout.isatty(),
                )
                pending = [first] if first is not None else []
                results = assess_rows(criteria, _chain(pending, rows), settings)
                for number, result in enumerate(results, start=1):
                    if result.error is not None:
                        report(row_problem(source, number, result.row, result.error))
                    summary.add(result)
                    writer.row(result)
                    if tick is not None:
                        tick()
                writer.finish(summary)
    return 1 if failures else 0


def row_problem(source: str, number: int, line: int, error: str) -> Problem:
    """A bad row's problem: FILE:LINE: process N: what is wrong.

    N counts the processes from 1 in every format (the list item at index
    N-1 of a JSON or YAML list), so rows on one line are told apart.
    """
    return Problem(source, line, None, f"process {number}", error)


@contextlib.contextmanager
def _held_back(out: TextIO, strict: bool) -> Iterator[TextIO]:
    """With --strict, hold the output back until every row is known good.

    Rows go to a spooled temporary file (in memory up to `HELD_BYTES`, then
    on disk, so memory stays bounded) and are copied to `out` only when the
    run ends without error: a bad row leaves nothing written anywhere.
    """
    if not strict:
        yield out
        return
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(
        max_size=HELD_BYTES, mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
    ) as held:
        yield held  # type: ignore[misc]
        held.seek(0)
        shutil.copyfileobj(held, out)


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
def _output(output: str | None) -> Iterator[TextIO]:
    """Standard output, or `output` written by the one output policy (kpobpo.outfile)."""
    with open_output(output if output is not None else "-") as stream:
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
