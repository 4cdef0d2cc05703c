"""Assess a whole list of processes: read rows, assess each, keep a summary.

Rows are read lazily (CSV and JSON Lines line by line), each is assessed
exactly as `kpobpo assess` would assess the same answers, and results are
handed on one at a time, so memory does not grow with the number of rows.
A bad row becomes a `RowResult` with an error and the others go on: one
reader per format makes sure that whatever is wrong with a row (a stray
quote, a ragged record, a cell or line over the limits, a duplicate key or a
refused tag, a list where an answer belongs) costs that row and no other.
"""

from __future__ import annotations

import csv
import functools
import io
import operator
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any, BinaryIO, NamedTuple, Protocol, TextIO, cast

from kpobpo.answers import AnswerMismatch, find_service, match_option
from kpobpo.errors import InputFileError, KpobpoError, Problem
from kpobpo.limits import shown
from kpobpo.model import Assessment, Criteria, Settings, Verdict
from kpobpo.score import NothingToScore, Outcome, Scorer, outcome_of

NAME, SERVICE, ANSWERS = "name", "service", "answers"
#: Most distinct rows of answers whose CSV result cells are kept for reuse.
CACHE_SIZE = 8192
#: Longest line (after the name) the CSV path keeps to find again: the kept
#: lines' memory stays bounded (`CACHE_SIZE` x this, twice) whatever a cell holds.
SEEN_CHARS = 4096
#: Longest CSV cell, in characters. A longer cell makes its row bad (it is
#: most often a quote left open); the limit also bounds the memory one record
#: can take. Python's own default, 128 KiB, is too small for long free text.
CELL_LIMIT = 1 << 20
#: Longest line of CSV or JSON Lines, in characters. A longer line is a bad
#: row, skipped in chunks, so one endless line cannot fill the memory.
LINE_LIMIT = 4 * CELL_LIMIT


class ReadOptions(NamedTuple):
    """How to read an input: its format, and what the user said about it."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


class RowInput(NamedTuple):
    """One process as read: where it stands, its name, preset and raw answers."""

    row: int
    name: str
    service: str | None
    cells: dict[str, object]
    #: The original cells, written back out: CSV text, or a workbook's typed values.
    values: Sequence[object] | None = None
    error: str | None = None  # what makes the row unreadable, if anything
    #: The inventory's columns that are not questions (owner, cost centre,
    #: notes), by column name, as they were: carried through to the output.
    carried: dict[str, object] | None = None


class CsvLayout(NamedTuple):
    """Where things are in a CSV input."""

    header: list[str]
    name_at: int
    service_at: int | None
    questions: tuple[tuple[int, str], ...]
    #: Fields given by more than one column: (field, column indexes).
    twins: tuple[tuple[str, tuple[int, ...]], ...] = ()
    #: Columns that are not questions, carried through: (index, name).
    carried: tuple[tuple[int, str], ...] = ()


class CsvRecord(NamedTuple):
    """One CSV record as read: the lines it spans, its cells and raw text.

    `text` is the record as it stands in the input (quoting and all; a
    record from a `CsvRun` without its line ending, any other with it).
    `error` says what is wrong with a record that cannot be a process; the
    `values` of a record the parser could not read are its first line read
    leniently, for the output.
    """

    start: int
    end: int
    values: list[str]
    text: str
    error: str | None


class CsvRun(NamedTuple):
    """Records read without the parser, one a line, on consecutive lines.

    Each line (without its line ending) has every cell, no quote and no line
    break inside, is no longer than a cell may be, and is not blank: its
    cells are the line split at the delimiter. `start` is the first one's
    line number.
    """

    start: int
    lines: list[str]


#: Most lines, and characters, in one `CsvRun` made a line at a time.
RUN_LINES = 1024
RUN_CHARS = 1 << 20
#: Characters of CSV read at a time: a block whose every line is a usual
#: one is one `CsvRun`. At most half a cell, so no line of a block is too long.
BLOCK = 1 << 17


class _LineTooLong(Exception):
    """A line over `LINE_LIMIT` was skipped."""


def _skip_line(readline: Callable[[int], str]) -> None:
    """Read past the rest of an overlong line, a chunk at a time."""
    while (more := readline(LINE_LIMIT)) and more[-1] not in "\r\n":
        pass


def _bounded_lines(stream: TextIO) -> Iterator[str | None]:
    """The lines of `stream`; None stands for a line over `LINE_LIMIT`."""
    readline = stream.readline
    while line := readline(LINE_LIMIT):
        if len(line) == LINE_LIMIT and line[-1] not in "\r\n":
            _skip_line(readline)
            yield None
        else:
            yield line


class _Lines:
    """The input's lines for the CSV parser, with lines that can be put back.

    `taken` holds the lines handed out since it was last cleared (the lines
    of the record being parsed). Lines put back with `again` come first from
    the next `feed`, which is how the reader resynchronises after a stray
    quote: it starts a new parser on a new feed.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending: deque[str] = deque()
        self.taken: list[str] = []

    def feed(self) -> Iterator[str]:
        """The lines put back, then the rest of the input."""
        pending, taken = self.pending, self.taken
        readline = self.stream.readline
        while pending:
            line = pending.popleft()
            if len(line) == LINE_LIMIT and line[-1] not in "\r\n":  # handed back unread
                _skip_line(readline)
                taken.append("")
                raise _LineTooLong
            taken.append(line)
            yield line
        while line := readline(LINE_LIMIT):
            if len(line) == LINE_LIMIT and line[-1] not in "\r\n":
                _skip_line(readline)
                taken.append("")  # the skipped line, so the lines are still counted
                raise _LineTooLong
            taken.append(line)
            yield line

    def again(self, lines: list[str]) -> None:
        """Read `lines` again, before anything not yet read."""
        self.pending.extendleft(reversed(lines))


class RowResult(NamedTuple):
    """One process assessed, or the reason it could not be."""

    row: int
    name: str
    assessment: Assessment | None
    error: str | None
    values: Sequence[object] | None
    cells: dict[str, object]
    service: str | None = None
    carried: dict[str, object] | None = None


class Summary:
    """Counts over the whole portfolio, updated one row at a time."""

    def __init__(self, criteria: Criteria) -> None:
        self.criteria = criteria
        self.rows = 0
        self.failed = 0
        self.by_model: Counter[str] = Counter({m.id: 0 for m in criteria.models})
        self.by_confidence: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()
        self.borderline = 0
        self.risks: Counter[str] = Counter()
        #: How the input was read, when the user should know (see `Reader.note`).
        self.note: str | None = None

    def add(self, result: RowResult) -> None:
        """Count one row."""
        assessment = result.assessment
        self.count(outcome_of(assessment) if assessment is not None else None, 1)

    def count(self, outcome: Outcome | None, rows: int) -> None:
        """Count `rows` rows that all had `outcome` (None: they failed)."""
        self.rows += rows
        if outcome is None:
            self.failed += rows
            return
        self.by_model[outcome.recommendation] += rows
        self.by_confidence[outcome.confidence] += rows
        self.by_verdict[outcome.verdict] += rows
        self.borderline += outcome.borderline * rows
        for risk in outcome.elevated:
            self.risks[risk] += rows

    def data(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "rows": self.rows,
            "assessed": self.rows - self.failed,
            "failed": self.failed,
            "by_model": dict(self.by_model),
            "borderline": self.borderline,
            "by_confidence": {c: self.by_confidence[c] for c in ("high", "medium", "low")},
            "by_verdict": {v.value: self.by_verdict[v.value] for v in Verdict},
            "recurring_risks": [
                {"id": risk, "count": count} for risk, count in self.risks.most_common()
            ],
            "input": self.note,
        }


class Assessor:
    """Turns rows into results: each row's cells read as answers, then assessed.

    Rows with the same scored answers share one assessment of them (the
    `Scorer`'s memo), so a long portfolio costs little more than its
    distinct answer sets.
    """

    def __init__(self, criteria: Criteria, settings: Settings) -> None:
        self.criteria = criteria
        self.settings = settings
        self.scorer = Scorer(criteria, settings)
        self.options = {q.id: {o.id.lower(): o.id for o in q.options} for q in criteria.questions}
        #: Per question, its option ids as they are, and the blank cell: None.
        self.exact: dict[str, dict[str, str | None]] = {
            q.id: {"": None, **{o.id: o.id for o in q.options}} for q in criteria.questions
        }

    def assess(self, row: RowInput) -> RowResult:
        """Assess one row; an error names what is wrong with it."""
        outcome = self.evaluate(row)
        if isinstance(outcome, str):
            return RowResult(
                row.row, row.name, None, outcome, row.values, row.cells, row.service, row.carried
            )
        return RowResult(
            row.row, row.name, outcome, None, row.values, row.cells, row.service, row.carried
        )

    def evaluate(self, row: RowInput) -> Assessment | str:
        """The assessment of one row, or what is wrong with it."""
        if row.error is not None:
            return row.error
        answers = self.answers(row.service, row.cells.items())
        if isinstance(answers, str):
            return answers
        try:
            return self.scorer(answers)
        except NothingToScore:
            return NOTHING_SCORED

    def answers(
        self, service: str | None, cells: Iterable[tuple[str, object]]
    ) -> dict[str, str] | str:
        """A row's answers (question id -> option id): its service's, then its cells'.

        Returns what is wrong instead when a cell is no option of its
        question or the service is unknown.
        """
        answers: dict[str, str | None] = {}
        if service:
            try:
                answers.update(find_service(self.criteria, service).answers)
            except KpobpoError as exc:
                return f"service: {exc}"
        for question_id, raw in cells:
            if raw is None or raw == "":
                continue
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                return f"{question_id}: must be an option id, not {raw!r}"
            text = str(raw).strip()
            found = self.options[question_id].get(text.lower())
            if found is not None:
                answers[question_id] = found
                continue
            question = self.criteria.question(question_id)
            assert question is not None
            try:
                answers[question_id] = match_option(question, text)
            except AnswerMismatch as exc:
                return str(exc)
        return {q: o for q, o in answers.items() if o is not None}


#: The error of a row that answers no scored question.
NOTHING_SCORED = "no scored question is answered (give at least one, or a service)"


class Reader:
    """Reads processes from one input, reporting problems through `report`.

    `columns` are the input's columns (for CSV output). Unknown columns and
    keys are reported once each, through `report`, and their values ignored.
    """

    def __init__(
        self,
        criteria: Criteria,
        stream: TextIO,
        source: str,
        fmt: str,
        report: Callable[[Problem], None],
    ) -> None:
        self.criteria = criteria
        self.stream = stream
        self.source = source
        self.fmt = fmt
        self.report = report
        self.columns: list[str] = []
        #: What the user should know about how the input was read (the
        #: encoding and delimiter found, say), or None.
        self.note: str | None = None
        #: The delimiter of CSV input (CSV output keeps it), and its encoding.
        self.delimiter = ","
        self.encoding = "utf-8"
        self.unknown: set[str] = set()
        self.lookup = {q.id.lower(): q.id for q in criteria.questions}
        self.position = {q.id: i for i, q in enumerate(criteria.questions)}

    def _parser(self, lines: Iterator[str]) -> Iterator[list[str]]:
        """A strict CSV parser over `lines`, with the input's delimiter."""
        return csv.reader(lines, delimiter=self.delimiter, strict=True)

    def _encode(self, values: list[str]) -> str:
        """One record, CSV-encoded with the input's delimiter, with a line ending."""
        if self.delimiter == ",":
            return encode_record(values) + "\n"
        return RecordEncoder(self.delimiter)(values) + "\n"

    def problem(self, number: int, line: int, error: str) -> Problem:
        """A bad row's problem: FILE:LINE: process N: what is wrong.

        N counts the processes from 1 in every format (the list item at index
        N-1 of a JSON or YAML list), so rows on one line are told apart.
        """
        return Problem(self.source, line, None, f"process {number}", error)

    def _file_error(self, line: int | None, message: str) -> InputFileError:
        return InputFileError([Problem(self.source, line, None, "", message)])

    def rows(self) -> Iterator[RowInput]:
        """Every process in the input, in order."""
        try:
            if self.fmt == "csv":
                yield from self._csv()
            elif self.fmt == "jsonl":
                yield from self._jsonl()
            else:
                yield from self._document()
        except UnicodeDecodeError as exc:
            raise self._file_error(None, not_text(exc)) from None

    # -- CSV ---------------------------------------------------------------

    def csv_layout(self) -> CsvLayout:
        """Read the CSV header: where the name, service and question columns are.

        Columns that give the same field twice (`expertise` and `Expertise`,
        or `name` twice) are reported once here; a row whose twins disagree is
        a bad row (see `row_from_csv`).
        """
        csv.field_size_limit(CELL_LIMIT)
        self._lines = _Lines(self.stream)
        self._csv_reader = self._parser(self._lines.feed())
        try:
            header = next(self._csv_reader, None)
        except csv.Error as exc:
            raise self._file_error(1, f"not a CSV table: {_csv_trouble(exc)}") from None
        except _LineTooLong:
            raise self._file_error(
                1, f"the header is longer than {LINE_LIMIT:,} characters"
            ) from None
        self.header_text = "".join(self._lines.taken)
        self._after_header = len(self._lines.taken) + 1
        if not header or not any(cell.strip() for cell in header):
            raise self._file_error(1, "is empty: expected a header row with name and question ids")
        return self.layout_of(header, 1)

    def layout_of(self, header: list[str], line: int | None, path: str = "") -> CsvLayout:
        """Where the name, service, question and inventory columns of `header` are.

        `line` and `path` say where the header is, for messages (a CSV line,
        or a workbook's sheet and row).
        """
        self.columns = header
        names = [cell.strip().lower() for cell in header]
        if NAME not in names:
            raise InputFileError(
                [Problem(self.source, line, None, path, "the header has no 'name' column")]
            )
        questions: list[tuple[int, str]] = []
        carried: list[tuple[int, str]] = []
        fields: dict[str, list[int]] = {}
        for index, column in enumerate(names):
            if column in self.lookup:
                questions.append((index, self.lookup[column]))
                fields.setdefault(self.lookup[column], []).append(index)
            elif column in (NAME, SERVICE):
                fields.setdefault(column, []).append(index)
            else:
                carried.append((index, header[index]))
                self._unknown(header[index], line, path)
        twins = tuple((field, tuple(at)) for field, at in fields.items() if len(at) > 1)
        for field, at in twins:
            columns = " and ".join(f"{header[i]!r} (column {i + 1})" for i in at)
            self.report(
                Problem(
                    self.source,
                    line,
                    None,
                    path,
                    f"{columns} both give {field}; a row that gives them different "
                    "values is a bad row. Keep one of the columns",
                )
            )
        return CsvLayout(
            header,
            names.index(NAME),
            names.index(SERVICE) if SERVICE in names else None,
            tuple(questions),
            twins,
            tuple(carried),
        )

    def csv_records(self) -> Iterator[CsvRecord]:
        """Every non-blank record after the header, good or bad, in order (see `csv_runs`)."""
        delimiter = self.delimiter
        for item in self.csv_runs():
            if isinstance(item, CsvRun):
                for number, line in enumerate(item.lines, start=item.start):
                    yield CsvRecord(number, number, line.split(delimiter), line, None)
            else:
                yield item

    def csv_runs(self) -> Iterator[CsvRun | CsvRecord]:
        """Every non-blank record after the header, good or bad, in order:
        the usual ones (see `CsvRun`) in runs, the others one by one.

        The parser is strict, so a quote in the wrong place is an error, not a
        guess. A record that is unreadable or looks like a stray quote has
        swallowed later rows is reported as one bad record (its first line),
        and the lines after that first line are read again as records, so one
        stray quote costs one row, not the rest of the file.

        The input is read in blocks (see `BLOCK`). A block whose lines are all
        usual ones, as a spreadsheet's mostly are, is split at its line
        endings and is a run as it is; any other block's lines are read one
        by one, as below.
        """
        reader, lines = self._csv_reader, self._lines
        taken, pending = lines.taken, lines.pending
        read, readline = lines.stream.read, lines.stream.readline
        delimiter = self.delimiter
        width = len(self.columns)
        gaps = width - 1  # delimiters in a line with every cell
        blank = delimiter + "\r\n"  # all a blank line is made of
        start = self._after_header  # the line the next record starts on
        every_cell = {gaps}
        blank_line = delimiter * gaps  # a blank line with every cell
        run: list[str] = []
        run_start, run_chars = start, 0
        carry = ""  # the start of a line a block ended in the middle of
        while True:
            if not pending:
                text = carry + read(BLOCK)
                if not text:
                    if run:
                        yield CsvRun(run_start, run)
                    return
                if text[-1] == "\r":  # a line ending "\r\n" is not to be cut in two
                    text += read(1)
                parts, carry = _split_block(text) if '"' not in text else ([], text)
                if (
                    parts
                    and set(map(str.count, parts, repeat(delimiter))) == every_cell
                    and blank_line not in parts
                ):
                    if run:
                        yield CsvRun(run_start, run)
                        run = []
                    yield CsvRun(start, parts)
                    start += len(parts)
                    continue
                # Read the block again a line at a time, as `readline` splits
                # it, the line it ended in completed from the input.
                again = io.StringIO(text, newline="").readlines()
                if again[-1][-1] not in "\r\n":
                    again[-1] += readline(LINE_LIMIT - len(again[-1]))
                elif again[-1][-1] == "\r" and (more := readline(LINE_LIMIT)):
                    # Still one "\r" at the end (the character read on was
                    # another): the input's next line says whether it ends a
                    # "\r\n". Reading on instead, "\r" by "\r", costs time in
                    # the square of a run of them, and memory with it.
                    if more == "\n":
                        again[-1] += more
                    else:
                        again.append(more)
                pending.extend(again)
                carry = ""
            # The usual line (no quote, one line ending, no longer than a cell
            # may be, every cell, not blank) joins the run, to be split as
            # the parser would split it, without the parser; any other line
            # ends the run and is handed back to a new parser, which reads it
            # and whatever follows that belongs to its record.
            line = pending.popleft() if pending else readline(LINE_LIMIT)
            if (
                line
                and '"' not in line
                and line.count(delimiter) == gaps
                and len(line) <= CELL_LIMIT
                and ("\r" not in line or "\r" not in _body(line))
                and line.strip(blank)
            ):
                if not run:
                    run_start, run_chars = start, 0
                run.append(line.rstrip("\r\n"))
                run_chars += len(line)
                start += 1
                if len(run) >= RUN_LINES or run_chars >= RUN_CHARS:
                    yield CsvRun(run_start, run)
                    run = []
                continue
            if run:
                yield CsvRun(run_start, run)
                run = []
            if not line:
                return
            if len(line) <= CELL_LIMIT and not _body(line).strip(delimiter):
                start += 1  # a blank line: nothing but delimiters
                continue
            lines.again([line])
            reader = self._csv_reader = self._parser(lines.feed())
            taken.clear()
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if not taken:  # pragma: no cover - the parser reads a line before it fails
                    return
                record = self._broken(start, list(taken), _csv_trouble(exc))
            except _LineTooLong:
                end = start + len(taken) - 1
                span = f" (in the record over lines {start}-{end})" if end > start else ""
                error = f"a line longer than {LINE_LIMIT:,} characters{span}"
                values = _lenient(taken[0], self.delimiter) if end > start else []
                record = CsvRecord(start, end, values, self._encode(values), error)
                reader = self._csv_reader = self._parser(lines.feed())
            else:
                if len(taken) == 1 and len(values) == width and any(values):
                    # The usual record: one line, every cell. (The same as below, sooner.)
                    yield CsvRecord(start, start, values, taken[0], None)
                    start += 1
                    continue
                if not any(values):
                    start += len(taken)
                    continue
                end = start + len(taken) - 1
                text = taken[0] if end == start else "".join(taken)
                if end > start and _swallowed(taken, width, self.delimiter):
                    record = self._broken(start, list(taken), None)
                elif len(values) != width:
                    cause = ""
                    if end > start:
                        cause = f" (it runs over lines {start}-{end}: is a quote misplaced?)"
                    error = f"has {len(values)} cells, the header {width}{cause}"
                    record = CsvRecord(start, end, values, text, error)
                else:
                    record = CsvRecord(start, end, values, text, None)
            if record.error is not None and len(record.values) < width:
                values = record.values + [""] * (width - len(record.values))
                record = record._replace(values=values, text=self._encode(values))
            if record.end == start and len(taken) > 1:  # lines after the first are read again
                lines.again(taken[1:])
                reader = self._csv_reader = self._parser(lines.feed())
            start = record.end + 1
            yield record

    def _broken(self, start: int, taken: list[str], trouble: str | None) -> CsvRecord:
        """A record the parser could not read, or a stray quote's: one bad row.

        It ends with its first line: the caller reads the lines after that
        again. The bad row's cells are its first line read leniently,
        written back quoted properly, so a copy of the input stays a valid
        table.
        """
        values = _lenient(taken[0], self.delimiter)
        text = self._encode(values)
        if len(taken) == 1:
            return CsvRecord(start, start, values, text, f"not valid CSV: {trouble}")
        end = start + len(taken) - 1
        return CsvRecord(
            start,
            start,
            values,
            text,
            f"a stray or unclosed quote: the quoted cell opened on this line runs on to line "
            f"{end}{'' if trouble else ' over lines that look like rows'}; "
            f"lines {start + 1}-{end} are read again as rows",
        )

    def row_from_csv(self, layout: CsvLayout, record: CsvRecord) -> RowInput:
        """One CSV record as a process, or a bad row saying what is wrong with it."""
        values, start = record.values, record.start
        name = f"row {start}"
        if layout.name_at < len(values):
            name = values[layout.name_at].strip() or name
        if record.error is not None:
            return RowInput(start, name, None, {}, values, record.error)
        service = values[layout.service_at].strip() if layout.service_at is not None else ""
        cells: dict[str, object] = {qid: values[i] for i, qid in layout.questions}
        carried: dict[str, object] | None = {c: values[i] for i, c in layout.carried} or None
        for field, at in layout.twins:
            given = {values[i].strip().lower(): i for i in at if values[i].strip()}
            if len(given) > 1:
                shown = " and ".join(
                    f"{values[i]!r} ({layout.header[i]!r}, column {i + 1})" for i in given.values()
                )
                return RowInput(start, name, None, {}, values, f"{field} is given twice: {shown}")
            if given and field not in (NAME, SERVICE):
                cells[field] = values[next(iter(given.values()))]
            elif given and field == SERVICE:
                service = values[next(iter(given.values()))].strip()
            elif given:
                name = values[next(iter(given.values()))].strip()
        return RowInput(start, name, service or None, cells, values, carried=carried)

    def _csv(self) -> Iterator[RowInput]:
        layout = self.csv_layout()
        for record in self.csv_records():
            yield self.row_from_csv(layout, record)

    # -- JSON Lines ----------------------------------------------------------

    def _jsonl(self) -> Iterator[RowInput]:
        from kpobpo.answers import read_json

        for number, line in enumerate(_bounded_lines(self.stream), start=1):
            if line is None:
                error = f"is longer than {LINE_LIMIT:,} characters"
                yield RowInput(number, f"row {number}", None, {}, error=error)
                continue
            if not line.strip():
                continue
            try:
                item = read_json(line, object_pairs_hook=_json_object)
            except ValueError as exc:
                yield RowInput(number, f"row {number}", None, {}, error=f"not valid JSON: {exc}")
                continue
            twice = _json_twice(item)
            if twice:
                yield RowInput(number, _name_of(item, number), None, {}, error="; ".join(twice))
                continue
            yield self._item(item, number)

    # -- JSON or YAML documents ---------------------------------------------

    def _document(self) -> Iterator[RowInput]:
        """The items of a JSON or YAML list; a problem inside one item is that row's.

        A duplicate key or a refused tag makes only the item it is in a bad
        row. Problems outside every item (syntax errors, a document that
        is too large, nests too deep or expands too far) are the whole file's.
        """
        from kpobpo.limits import read_whole
        from kpobpo.yamlio import Located, YamlProblems, parse_document

        text = read_whole(self.stream, self.source)
        doc: Located | None
        try:
            doc, problems = parse_document(text, self.source)
        except YamlProblems as exc:
            doc, problems = self._json_document(text)
            if doc is None:
                raise InputFileError(exc.problems) from None
        if doc is None or not isinstance(doc.value, list):
            if problems:
                raise InputFileError(problems)
            raise self._file_error(
                doc.line if doc else None,
                "must be a list of processes, each with a name and answers",
            )
        items: list[Located] = doc.value
        trouble = self._item_problems(problems, items)
        for index, item in enumerate(items):
            plain = _plain(item.value)
            if index in trouble:
                name = _name_of(plain, item.line)
                yield RowInput(item.line, name, None, {}, error="; ".join(trouble[index]))
            else:
                yield self._item(plain, item.line)

    def _item_problems(self, problems: list[Problem], items: list[Any]) -> dict[int, list[str]]:
        """The document's problems by the list item they are in.

        Raises `InputFileError` with those that are in no item.
        """
        import re

        by_item: dict[int, list[str]] = {}
        outside: list[Problem] = []
        for problem in problems:
            found = re.match(r"\[(\d+)\]\.?(.*)", problem.path, re.DOTALL)
            if found is None or int(found[1]) >= len(items):
                outside.append(problem)
                continue
            where = f"{found[2]}: " if found[2] else ""
            line = f" (line {problem.line})" if problem.line is not None else ""
            if problem.line is not None and problem.column is not None:
                line = f" (line {problem.line}, column {problem.column})"
            by_item.setdefault(int(found[1]), []).append(f"{where}{problem.message}{line}")
        if outside:
            raise InputFileError(outside)
        return by_item

    def _json_document(self, text: str) -> tuple[Any, list[Problem]]:
        """Valid JSON that YAML rejects (tabs, say): its items, without line numbers.

        Keys written twice in an item are problems of that item, as they
        are when YAML reads the file.
        """
        import json

        from kpobpo.yamlio import Located

        try:
            data = json.loads(text, object_pairs_hook=_json_object)
        except (ValueError, RecursionError):
            return None, []
        problems: list[Problem] = []
        if isinstance(data, list):
            for index, item in enumerate(data):
                problems.extend(
                    Problem(self.source, None, None, f"[{index}]", twice)
                    for twice in _json_twice(item)
                )
        doc = Located([Located(v, 1, 1) for v in data], 1, 1) if isinstance(data, list) else None
        return (doc if doc is not None else Located(data, 1, 1)), problems

    def _item(self, item: object, number: int) -> RowInput:
        """One process from a JSON or YAML object (flat, or with an `answers` map).

        A question given twice (at the top and under `answers`, or under keys
        that differ in case) is a bad row when the two answers differ.
        """
        if not isinstance(item, dict):
            return RowInput(
                number, f"row {number}", None, {}, error="must be an object with a name"
            )
        name = _name_of(item, number)

        def bad(error: str) -> RowInput:
            return RowInput(number, name, None, {}, error=error)

        if isinstance(item.get(NAME), list | dict):
            return bad(f"name must be text, not {_kind(item[NAME])}")
        service = item.get(SERVICE)
        if service is not None and not isinstance(service, str):
            return bad("service must be a service name")
        nested = item.get(ANSWERS)
        if nested is not None and not isinstance(nested, dict):
            return bad("answers must map question ids to options")
        top = {k: v for k, v in item.items() if k not in (NAME, SERVICE, ANSWERS)}
        cells: dict[str, object] = {}
        carried: dict[str, object] = {}
        given_as: dict[str, str] = {}
        for prefix, fields in (("", top), (f"{ANSWERS}.", nested or {})):
            for key, value in fields.items():
                question_id = self.lookup.get(str(key).lower())
                if question_id is None:
                    carried[f"{prefix}{key}"] = value
                    self._unknown(str(key), number)
                    continue
                label = f"{prefix}{key}"
                if isinstance(value, list | dict):
                    return bad(f"{label}: must be an option id, not {_kind(value)}")
                if question_id in cells and _given(value):
                    old = cells[question_id]
                    if _given(old) and str(old).strip().lower() != str(value).strip().lower():
                        return bad(
                            f"{question_id} is given twice, as {old!r} "
                            f"({given_as[question_id]}) and as {value!r} ({label})"
                        )
                elif question_id in cells:
                    continue
                cells[question_id] = value
                given_as[question_id] = label
        ordered = dict(sorted(cells.items(), key=self._order))
        return RowInput(number, name, service or None, ordered, carried=carried or None)

    def _order(self, item: tuple[str, object]) -> int:
        return self.position[item[0]]

    def _unknown(self, column: str, line: int | None, path: str = "") -> None:
        """A column (or key) that is no question: carried through, reported only
        when its name looks like a question id misspelt (its answers would be lost)."""
        if column in self.unknown:
            return
        self.unknown.add(column)
        question = resembled_question(column, self.lookup)
        if question is not None:
            self.report(Problem(self.source, line, None, path, misspelt_column(column, question)))


def resembled_question(column: str, lookup: dict[str, str]) -> str | None:
    """The question id a column name looks like a misspelling of, if any.

    `lookup` maps lower-case question ids to ids. Owner, cost centre or notes
    resemble no question; `expertse` or `Data sensitivity` do.
    """
    import difflib

    wanted = column.strip().lower().replace(" ", "_").replace("-", "_")
    if wanted in lookup:
        return lookup[wanted]
    close = difflib.get_close_matches(wanted, list(lookup), n=1, cutoff=0.8)
    return lookup[close[0]] if close else None


def misspelt_column(column: str, question: str) -> str:
    """The report on a column that looks like question `question` misspelt."""
    return (
        f"column {shown(column, 80)} looks like the question {question!r} misspelt: its values are "
        f"not read as answers (they are carried through as they are). Rename it {question!r} "
        "to use them"
    )


def _csv_trouble(exc: csv.Error) -> str:
    """What a CSV parser error means, in the user's words."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return f"a cell longer than {CELL_LIMIT:,} characters (the limit)"
    if text == "unexpected end of data":
        return "a quote that is never closed"
    if "expected after" in text:
        return 'text after the quote that closes a cell (write a quote inside a cell as two: "")'
    return text


def _lenient(line: str, delimiter: str) -> list[str]:
    """The cells of one line, read as well as they can be (for a bad row's copy)."""
    line = line.rstrip("\r\n")
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a cell over the limit
        return line.split(delimiter)


class RecordEncoder:
    """CSV-encodes one record, quoting every cell with a line break in it.

    Python's writer quotes only the line breaks of its own line terminator,
    so a lone carriage return in a cell would end the record early for the
    next reader; this one ends records with CRLF and leaves the ending off.
    """

    def __init__(self, delimiter: str = ",") -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=delimiter, lineterminator="\r\n")

    def __call__(self, cells: Iterable[object]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(cells)
        return self.buffer.getvalue()[:-2]


#: One CSV record as text, without its line ending.
encode_record = RecordEncoder()


def not_text(error: UnicodeDecodeError) -> str:
    """What to say of an input that does not decode."""
    name = "UTF-8" if error.encoding.startswith("utf-8") else error.encoding
    return f"is not {name} text (is it a binary file? --encoding names another encoding)"


def _swallowed(taken: list[str], width: int, delimiter: str) -> bool:
    """Whether a record over several lines holds lines that look like whole rows.

    A quoted cell may hold line breaks, but one whose inner lines each have
    as many cells as the header is far more likely a stray quote that ran on.
    """
    if width < 2:
        return False
    return any(
        len(next(csv.reader([line], delimiter=delimiter), [])) == width for line in taken[1:-1]
    )


#: The error of a row nested too deeply to read.


class _Twice(dict[str, Any]):
    """A JSON object that had a key more than once (the last value is kept)."""

    twice: list[str]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, noting keys that appear twice."""
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _Twice(result)
    marked.twice = []
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen and key not in marked.twice:
            marked.twice.append(key)
        seen.add(key)
    return marked


def _json_twice(item: object) -> list[str]:
    """Problems of keys written twice in a JSON process or its answers."""
    found = []
    if isinstance(item, _Twice):
        found += [f"{key}: appears twice in this object" for key in item.twice]
    if isinstance(item, dict) and isinstance(item.get(ANSWERS), _Twice):
        found += [f"{ANSWERS}.{key}: appears twice in this object" for key in item[ANSWERS].twice]
    return found


def _name_of(item: object, number: int) -> str:
    """The process name of an item, or `row N` when it has none that is text."""
    if isinstance(item, dict):
        name = item.get(NAME)
        if name is not None and not isinstance(name, list | dict):
            return str(name).strip() or f"row {number}"
    return f"row {number}"


def _kind(value: object) -> str:
    return "a list" if isinstance(value, list) else "a mapping"


def _given(value: object) -> bool:
    return value is not None and value != ""


def _plain(value: object) -> object:
    """Strip the location wrappers from a YAML value."""
    from kpobpo.yamlio import Located

    if isinstance(value, Located):
        return _plain(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def assess_rows(
    criteria: Criteria, rows: Iterable[RowInput], settings: Settings
) -> Iterator[RowResult]:
    """Assess each row in turn; a row that could not be read keeps its error."""
    assessor = Assessor(criteria, settings)
    for row in rows:
        yield assessor.assess(row)


def open_text(raw: BinaryIO) -> TextIO:
    """Wrap a binary stream as UTF-8 text (a leading BOM is dropped), CSV-safe newlines."""
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def open_text_reader(
    criteria: Criteria,
    raw: BinaryIO,
    source: str,
    report: Callable[[Problem], None],
    options: ReadOptions,
) -> Reader:
    """The reader of a text input (CSV, JSON, JSON Lines, YAML): the registry's factory.

    CSV is read as Excel writes it: its encoding and delimiter are found
    (`kpobpo.csv_dialect`) unless given. The other formats are UTF-8.
    """
    if options.format != "csv":
        return Reader(criteria, open_text(raw), source, options.format, report)
    from kpobpo.csv_dialect import open_csv_text

    text, dialect = open_csv_text(raw, options.encoding, options.delimiter)
    reader = Reader(criteria, text, source, options.format, report)
    reader.delimiter, reader.note = dialect.delimiter, dialect.note
    reader.encoding = dialect.encoding
    return reader


class ResultCells(Protocol):
    """How the CSV path writes result cells (`kpobpo.render.portfolio.CsvWriter`)."""

    @property
    def header_suffix(self) -> str:
        """The result columns' names, with a leading delimiter."""

    def result_suffix(self, outcome: Outcome | None, error: str | None) -> str:
        """One row's result cells, with a leading delimiter and a newline."""

    def headline_suffix(self, outcome: Outcome) -> str:
        """The result cells before the elevated risks, with delimiters either side."""

    def risk_suffix(self, elevated: tuple[str, ...]) -> str:
        """The elevated risks' cells and the rest, with a newline."""


#: What the CSV path's option lookup gives for a cell that is not exactly an option id.
_UNKNOWN = object()


def copy_csv(
    reader: Reader,
    assessor: Assessor,
    summary: Summary | None,
    cells: ResultCells,
    out: TextIO,
    report: Callable[[int, int, str], None],
    tick: Callable[[int], None] | None = None,
) -> None:
    """CSV in, CSV out: each record copied as it was, with its result columns added.

    The fast path for spreadsheets. Each record's raw text is kept (quoting
    and all) and its result cells, already CSV-encoded, appended. The result
    cells are a pure function of a row's answer and service cells. A row
    whose cells are option ids as they are (the usual case) takes the short
    way: the headline cells of its scored cells (memoised: they also give
    the winner and those cells' risk bits), the other cells' risk bits per
    winner (memoised), and the elevated risks' cells by their bits
    (memoised, from `Scorer.risk_bits`). Any other row goes the long way,
    through `Assessor.answers` and `Scorer.outcome`, memoised by the whole
    row. Records come in runs (`Reader.csv_runs`) and are worked a run at a
    time (`run_lines`); when the name comes first and no column is carried
    through, a line whose text after the name was seen before is not split
    at all (`run_text`). Every memo keeps at most `CACHE_SIZE` entries, so
    memory stays flat. `summary`, when given, counts every row (the long
    way). `report` gets each bad row's number (counting processes from 1),
    first line and error. `tick`, when given, gets the number of rows done
    since its last call.
    """
    layout = reader.csv_layout()
    out.write(reader.header_text.rstrip("\r\n") + cells.header_suffix + "\n")
    scorer = assessor.scorer
    questions = tuple(question for _, question in layout.questions)
    keys = [i for i, _ in layout.questions]
    if layout.service_at is not None:
        keys.append(layout.service_at)
    key_of: Callable[[list[str]], tuple[str, ...]] = _getter(keys)
    given_service = layout.service_at is not None
    # The short way: cells that are option ids as they are, or blank. Per
    # column, each such text's option (None: blank) and, per winner, its risk bits.
    exact = [assessor.exact[question] for question in questions]
    column = {question: index for index, question in enumerate(questions)}
    scored_at = [column.get(question) for question in scorer.scored]
    scored_cells = _getter(scored_at)
    risk_bits = {
        winner: [
            {
                text: by_question.get(question, {}).get(option, 0) if option else 0
                for text, option in exact[index].items()
            }
            for index, question in enumerate(questions)
        ]
        for winner, by_question in scorer.risk_bits.items()
    }

    # A row's elevated risks are the OR of its cells' risk bits for the winner:
    # the scored cells' bits come with the headline (they give the winner),
    # the other question cells' bits from a table of their own.
    scored_places = {at for at in scored_at if at is not None}
    other_at = [at for at in range(len(questions)) if at not in scored_places]
    scored_values = _getter([None if at is None else keys[at] for at in scored_at])
    other_values = _getter([keys[at] for at in other_at])
    other_cells = _getter(other_at)

    def headline_of(texts: tuple[str | None, ...]) -> _Headline | _CsvResult | None:
        """The headline's cells, the winner and the scored cells' risk bits, for
        the scored questions' cells (None: the long way, for a cell that is no
        option id as it is)."""
        scored: list[str | None] = []
        for at, text in zip(scored_at, texts, strict=True):
            option = None if at is None else exact[at].get(text or "", _UNKNOWN)
            if option is _UNKNOWN:
                return None
            scored.append(cast(str | None, option))
        try:
            headline = scorer.headline(tuple(scored))
        except NothingToScore:
            return _CsvResult(cells.result_suffix(None, NOTHING_SCORED), NOTHING_SCORED, None)
        winner = headline.recommendation
        bits = 0
        if winner in risk_bits:
            for at, text in zip(scored_at, texts, strict=True):
                if at is not None:
                    bits |= risk_bits[winner][at][text or ""]
        return _Headline(cells.headline_suffix(headline), winner, bits)

    def others_bits(texts: tuple[str, ...]) -> dict[str, int] | None:
        """Per winner (every model: `Scorer.risk_bits` has them all), the risk
        bits of the other question cells (None: a cell that is no option id as
        it is)."""
        if any(text not in exact[at] for at, text in zip(other_at, texts, strict=True)):
            return None
        return {
            winner: functools.reduce(
                operator.or_,
                (by_column[at][text] for at, text in zip(other_at, texts, strict=True)),
                0,
            )
            for winner, by_column in risk_bits.items()
        }

    def risks_of(bits: int) -> str:
        return cells.risk_suffix(scorer.elevated(bits))

    # Plain dictionaries, not `functools.lru_cache`: a row costs a lookup in
    # each, and a dictionary's lookup is the cheaper by far.
    headlines = _Memo(headline_of)
    others_of = _Memo(others_bits)
    risks = _Memo(risks_of)

    def long_way(key: tuple[str, ...]) -> _CsvResult:
        service = key[-1].strip() if given_service else ""
        answers = assessor.answers(service or None, zip(questions, key, strict=False))
        if isinstance(answers, str):
            return _CsvResult(cells.result_suffix(None, answers), answers, None)
        try:
            outcome = scorer.outcome(answers)
        except NothingToScore:
            return _CsvResult(cells.result_suffix(None, NOTHING_SCORED), NOTHING_SCORED, None)
        return _CsvResult(cells.result_suffix(outcome, None), None, outcome)

    def result_of(key: tuple[str, ...]) -> _CsvResult:
        """The result cells of a row with these answer (and service) cells."""
        if summary is not None or (given_service and key[-1].strip()):
            return long_way(key)
        headline = headlines[scored_cells(key)]
        if headline is None:
            return long_way(key)
        if isinstance(headline, _CsvResult):
            return headline
        others = others_of[other_cells(key)]
        if others is None:
            return long_way(key)
        return _CsvResult(
            headline.cells + risks[headline.bits | others[headline.winner]], None, None
        )

    results = _Memo(result_of)  # by a row's answer (and service) cells

    write = out.write
    twins = bool(layout.twins)
    short = summary is None and not twins
    service_at = layout.service_at
    delimiter = reader.delimiter
    # With the name first and no column carried through, a line's text after
    # the name decides its result: a line seen before (the usual case in a
    # real portfolio) gets the same text again, found by it. At most
    # `CACHE_SIZE` lines are kept; errors are not, as each is reported.
    keyed = short and layout.name_at == 0 and not layout.carried
    seen: dict[str, str] = {}
    hits = 0

    def run_lines(run: CsvRun, first: int, offsets: Sequence[int], failed: list[int]) -> list[str]:
        """The output lines of the records at `offsets` in a run read without
        the parser, the run's first record being process number `first`; the
        offset of each record whose result is an error goes on `failed`.

        The work is done a run at a time: the cells are split, and the
        headlines and the other cells' risk bits looked up, for every record
        at once. A row goes the short way unless its service is given, it has
        twin columns or a cell is no option id as it is; when every row of
        the run goes the short way (the usual case), its lines are built in
        one go.
        """
        lines = run.lines
        bodies = lines if len(offsets) == len(lines) else [lines[at] for at in offsets]
        rows = [body.split(delimiter) for body in bodies]
        heads: Iterable[Any] = repeat(None)
        others: Iterable[Any] = heads
        if short:
            heads = list(map(headlines.__getitem__, map(scored_values, rows)))
            others = list(map(others_of.__getitem__, map(other_values, rows)))
            if (
                None not in others
                and set(map(type, heads)) == ONLY_HEADLINES
                and (service_at is None or not "".join([v[service_at] for v in rows]).strip())
            ):
                return [
                    body + head.cells + risks[head.bits | other[head.winner]]
                    for body, head, other in zip(bodies, heads, others, strict=True)
                ]
        text: list[str] = []
        for at, body, values, head, other in zip(
            offsets, bodies, rows, heads, others, strict=False
        ):
            if (
                head.__class__ is _Headline
                and other is not None
                and (service_at is None or not values[service_at].strip())
            ):
                text.append(body + head.cells + risks[head.bits | other[head.winner]])
                continue
            start = run.start + at
            if twins:
                record = CsvRecord(start, start, values, lines[at], None)
                result = _csv_result(reader, assessor, layout, record, cells.result_suffix)
            else:
                result = results[key_of(values)]
            if result[1] is not None:
                report(first + at, start, result[1])
                failed.append(at)
            if summary is not None:
                summary.count(result[2], 1)
            text.append(body + result[0])
        return text

    def run_text(run: CsvRun, first: int) -> str:
        """The output lines of a run read without the parser (see `run_lines`)."""
        nonlocal keyed, hits
        if not keyed:
            return "".join(run_lines(run, first, range(len(run.lines)), []))
        parts = [line.partition(delimiter) for line in run.lines]
        tails: list[Any] = list(map(seen.get, [rest for _, _, rest in parts]))
        missing = [at for at, tail in enumerate(tails) if tail is None] if None in tails else []
        hits += len(tails) - len(missing)
        if missing:
            failed: list[int] = []
            for at, line in zip(missing, run_lines(run, first, missing, failed), strict=True):
                name, _, rest = parts[at]
                tails[at] = tail = line[len(name) :]
                if at in failed or len(rest) > SEEN_CHARS:
                    continue
                if len(seen) >= CACHE_SIZE:
                    # Full: keep going only while lines are found more often than not.
                    keyed = hits >= CACHE_SIZE
                    hits = 0
                    seen.clear()
                seen[rest] = tail
        return "".join([name + tail for (name, _, _), tail in zip(parts, tails, strict=True)])

    number = 0
    for item in reader.csv_runs():
        if isinstance(item, CsvRun):
            write(run_text(item, number + 1))
            number += len(item.lines)
            if tick is not None:
                tick(len(item.lines))
            continue
        number += 1
        if item.error is None and not twins:
            result = results[key_of(item.values)]
        else:
            result = _csv_result(reader, assessor, layout, item, cells.result_suffix)
        if result[1] is not None:
            report(number, item.start, result[1])
        if summary is not None:
            summary.count(result[2], 1)
        write(item.text.rstrip("\r\n") + result[0])
        if tick is not None:
            tick(1)


def _split_block(text: str) -> tuple[list[str], str]:
    """A block's whole lines without their line endings, and what follows the
    last line ending (the start of a line, or "").

    Lines end in "\n", or all in "\r\n"; a block with any other "\r" has
    no lines here (all of it is what follows).
    """
    if "\r" in text:
        if not text.count("\r") == text.count("\n") == text.count("\r\n"):
            return [], text
        parts = text.split("\r\n")
    else:
        parts = text.split("\n")
    carry = parts.pop()
    return parts, carry


def _body(line: str) -> str:
    """A line without its line ending."""
    if line[-2:] == "\r\n":
        return line[:-2]
    if line[-1:] in ("\r", "\n"):
        return line[:-1]
    return line


def _getter(places: Sequence[int | None]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function picking the items at `places` out of a sequence, as a tuple
    (None for a place that is None)."""
    if len(places) > 1 and None not in places:
        return operator.itemgetter(*places)
    return lambda values: tuple(None if i is None else values[i] for i in places)


class _Memo(dict[Any, Any]):
    """A dictionary that computes a missing value with `compute`, keeping at
    most `CACHE_SIZE` (when full, it starts again), so memory stays flat."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        value = self.compute(key)
        if len(self) >= CACHE_SIZE:
            self.clear()
        self[key] = value
        return value


class _Headline(NamedTuple):
    """The CSV cells of a headline (see `ResultCells.headline_suffix`), its
    winner, and the risk bits of the scored cells that gave it."""

    cells: str
    winner: str
    bits: int


class _CsvResult(NamedTuple):
    """One row's result cells (CSV-encoded), its error, and its outcome for the summary."""

    cells: str
    error: str | None
    outcome: Outcome | None


#: What a run's headlines are when every row of it goes the short way.
ONLY_HEADLINES = {_Headline}


def _csv_result(
    reader: Reader,
    assessor: Assessor,
    layout: CsvLayout,
    record: CsvRecord,
    suffix: Callable[[Outcome | None, str | None], str],
) -> _CsvResult:
    """The result of a record read the long way: a bad record, or one with twin columns."""
    row = reader.row_from_csv(layout, record)
    outcome = assessor.evaluate(row)
    if isinstance(outcome, str):
        return _CsvResult(suffix(None, outcome), outcome, None)
    headline = outcome_of(outcome)
    return _CsvResult(suffix(headline, None), None, headline)
