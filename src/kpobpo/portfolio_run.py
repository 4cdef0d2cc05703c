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
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from kpobpo.errors import InputFileError, Problem, UsageError
from kpobpo.formats import READERS, WRITERS, implementation, input_format_of, output_format_of
from kpobpo.messages import print_messages
from kpobpo.model import Criteria, Settings
from kpobpo.outfile import is_standard_output, open_binary_output, open_output, spooled
from kpobpo.output import make_console
from kpobpo.portfolio import ReadOptions, RowInput, Summary, assess_rows, not_text
from kpobpo.render.text import clean

#: Inputs larger than this get a progress bar (when stderr is a terminal).
PROGRESS_BYTES = 1_000_000
#: Output held in memory under --strict before it spills to a temporary file.
HELD_BYTES = 8 << 20
#: Read buffer of a file input: the CSV header is found in what it holds.
READ_BUFFER = 1 << 16


def run_portfolio(
    criteria: Criteria,
    file: str,
    input_format: str | None,
    output_format: str | None,
    output: str | None,
    settings: Settings,
    *,
    strict: bool,
    show_all: bool,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> int:
    """Assess every row of `file`; returns the exit code (0, or 1 if any row failed).

    The input and output formats are named by the user or told from the
    file names, through the one registry of formats (`kpobpo.formats`).
    """
    from kpobpo.render.portfolio import WriteOptions

    source = "<stdin>" if file == "-" else file
    if file != "-" and Path(file).is_dir():
        raise InputFileError([Problem(source, None, None, "", "is a folder, not a file")])
    kind = READERS[input_format] if input_format else input_format_of(file)
    if kind is None:
        raise UsageError(
            f"cannot tell the format of {file!r} from its name: "
            f"use --input-format {'|'.join(READERS)}"
        )
    given = {"--sheet": sheet, "--delimiter": delimiter, "--encoding": encoding}
    for option, value in given.items():
        wanted = "xlsx" if option == "--sheet" else "csv"
        if value is not None and kind.name != wanted:
            raise UsageError(f"{option} is for {wanted} input; {source} is read as {kind.name}")
    out_kind = WRITERS[output_format] if output_format else output_format_of(output)
    if out_kind is None:
        out_kind = next(iter(WRITERS.values()))
    if out_kind.binary and is_standard_output(output) and sys.stdout.isatty():
        raise UsageError(
            f"--format {out_kind.name} writes a file, not text for the terminal: "
            f"give -o FILE{out_kind.extensions[0] if out_kind.extensions else ''}"
        )
    failures = 0
    if not out_kind.explains:  # compute only what the format prints
        settings = settings._replace(explain=False)

    def report(problem: Problem) -> None:
        nonlocal failures
        failures += 1
        if strict:
            raise InputFileError([problem])
        print_messages([str(problem)], "red")

    options = ReadOptions(kind.name, encoding, delimiter, sheet)
    with _open_input(file, source, binary=kind.binary) as raw:
        reader = implementation(kind.reader)(criteria, raw, source, report, options)
        summary = Summary(criteria)
        fast = kind.name == "csv" and out_kind.name == "csv"
        if not fast:
            rows = reader.rows()
            first = next(rows, None)  # reads the header, so the columns are known
        if reader.note:
            print_messages([f"{source}: {reader.note}"], "dim")
            summary.note = reader.note
        with (
            _output(output, out_kind.binary, raw_cells=out_kind.name == "csv") as final,
            _held_back(final, strict, out_kind.binary) as out,
            _progress(None if kind.binary or file == "-" else raw, file) as tick,
        ):
            write_options = WriteOptions(
                show_all=show_all,
                terminal=is_standard_output(output) and sys.stdout.isatty(),
                delimiter=reader.delimiter,
            )
            if fast:
                from kpobpo.portfolio import Assessor, copy_csv
                from kpobpo.render.portfolio import CsvWriter, _summary_lines

                text = cast(TextIO, out)
                csv_writer = CsvWriter(
                    criteria, text, ["-"], header=False, delimiter=reader.delimiter
                )
                # CSV has no place for the summary: it is counted only to be
                # shown on stderr, when a person is there to read it.
                shown = sys.stderr.isatty()
                copy_csv(
                    reader,
                    Assessor(criteria, settings),
                    summary if shown else None,
                    csv_writer,
                    text,
                    lambda number, line, error: report(reader.problem(number, line, error)),
                    tick,
                )
                if shown:
                    print_messages(_summary_lines(criteria, summary), "dim")
            else:
                writer = implementation(out_kind.writer)(
                    criteria, out, reader.columns, write_options
                )
                pending = [first] if first is not None else []
                results = assess_rows(criteria, _chain(pending, rows), settings)
                for number, result in enumerate(results, start=1):
                    if result.error is not None:
                        report(reader.problem(number, result.row, result.error))
                    summary.add(result)
                    writer.row(result)
                    if tick is not None:
                        tick(1)
                writer.finish(summary)
    return 1 if failures else 0


@contextlib.contextmanager
def _held_back(out: IO[Any], strict: bool, binary: bool = False) -> Iterator[IO[Any]]:
    """With --strict, hold the output back until every row is known good.

    Rows go to a spooled temporary file (in memory up to `HELD_BYTES`, then
    on disk, so memory stays bounded) and are copied to `out` only when the
    run ends without error: a bad row leaves nothing written anywhere.
    """
    if not strict:
        yield out
        return
    import shutil

    with spooled(binary, HELD_BYTES) as held:
        yield held
        held.seek(0)
        shutil.copyfileobj(held, out)


def _chain(first: list[RowInput], rest: Iterator[RowInput]) -> Iterator[RowInput]:
    yield from first
    yield from rest


@contextlib.contextmanager
def _open_input(file: str, source: str, *, binary: bool) -> Iterator[BinaryIO]:
    """The input's bytes; a text format's NUL bytes (a binary file) are refused up front.

    A workbook from standard input is read whole into a temporary file
    first: its format needs to be read out of order.
    """
    try:
        if file != "-":
            with _open_file(file, source, binary) as raw:
                yield raw
        elif binary:
            import shutil
            import tempfile

            with tempfile.TemporaryFile() as copy:
                shutil.copyfileobj(sys.stdin.buffer, copy)
                copy.seek(0)
                yield copy
        else:
            yield sys.stdin.buffer
    except UnicodeDecodeError as exc:
        raise InputFileError([Problem(source, None, None, "", not_text(exc))]) from None


@contextlib.contextmanager
def _open_file(file: str, source: str, binary: bool) -> Iterator[BinaryIO]:
    """A file opened for reading; unless `binary`, NUL bytes (binary files) are refused."""
    try:
        raw = open(file, "rb", buffering=READ_BUFFER)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InputFileError([Problem(source, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputFileError([Problem(source, None, None, "", "is a folder, not a file")]) from None
    except OSError as exc:
        raise InputFileError(
            [Problem(source, None, None, "", f"cannot read: {exc.strerror}")]
        ) from None
    with raw:
        if not binary and _binary_bytes(cast(io.BufferedReader, raw).peek(8192)[:8192]):
            raise InputFileError(
                [Problem(source, None, None, "", "is a binary file, not a table of processes")]
            )
        yield raw


def _binary_bytes(head: bytes) -> bool:
    """Whether the first bytes of a text input are those of a binary file (NUL bytes).

    UTF-16 text (Excel's "Unicode text") has NUL bytes too; its byte order
    mark tells it apart.
    """
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


@contextlib.contextmanager
def _output(output: str | None, binary: bool, *, raw_cells: bool = False) -> Iterator[IO[Any]]:
    """Standard output, or `output` written by the one output policy (kpobpo.outfile).

    `raw_cells`: the format copies the input's cells as they are (CSV), so on
    a terminal what it writes is cleaned; the other formats clean their own text.
    """
    target = output if output is not None else "-"
    if binary:
        with open_binary_output(target) as raw:
            yield raw
    else:
        with open_output(target) as stream:
            if raw_cells and is_standard_output(output) and sys.stdout.isatty():
                # CSV gives the input's cells back as they are, to files and pipes;
                # on a terminal they are text shown to a person, so cleaned.
                yield cast(IO[Any], _Shown(stream))
            else:
                yield stream


class _Shown:
    """A text stream for a terminal: what is written is cleaned (`render.text.clean`)."""

    def __init__(self, stream: IO[Any]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(clean(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def _progress(raw: BinaryIO | None, file: str) -> Iterator[Callable[[int], None] | None]:
    """A callable to call with the number of rows done since its last call
    (once a row, or once a run of rows), when a progress bar is wanted; else None."""
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

        def advance(rows: int) -> None:
            nonlocal count
            count += rows
            if count // 2000 != (count - rows) // 2000:
                progress.update(task, completed=raw.tell(), rows=count)

        yield advance
