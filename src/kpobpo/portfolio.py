"""Assess a whole list of processes: read rows, assess each, keep a summary.

Rows are read lazily (CSV and JSON Lines line by line), each is assessed
exactly as `kpobpo assess` would assess the same answers, and results are
handed on one at a time, so memory does not grow with the number of rows.
A bad row becomes a `RowResult` with an error and the others go on.
"""

from __future__ import annotations

import csv
import io
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple, TextIO

from kpobpo.answers import AnswerMismatch, find_service, match_option
from kpobpo.errors import InputFileError, KpobpoError, Problem
from kpobpo.model import Assessment, Criteria, Settings, Verdict
from kpobpo.score import CoreCache, NothingToScore, score

#: Input formats by file extension.
INPUT_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
}
NAME, SERVICE, ANSWERS = "name", "service", "answers"
#: Most distinct answer sets whose results are kept for reuse.
CACHE_SIZE = 8192


class RowInput(NamedTuple):
    """One process as read: where it stands, its name, preset and raw answers."""

    row: int
    name: str
    service: str | None
    cells: dict[str, object]
    values: list[str] | None = None  # the original CSV cells, written back out
    error: str | None = None  # what makes the row unreadable, if anything


class CsvLayout(NamedTuple):
    """Where things are in a CSV input."""

    header: list[str]
    name_at: int
    service_at: int | None
    questions: tuple[tuple[int, str], ...]


class RowResult(NamedTuple):
    """One process assessed, or the reason it could not be."""

    row: int
    name: str
    assessment: Assessment | None
    error: str | None
    values: list[str] | None
    cells: dict[str, object]
    service: str | None = None


class Outcome(NamedTuple):
    """What the summary needs to know of one assessment."""

    recommendation: str
    confidence: str
    borderline: bool
    elevated: tuple[str, ...]
    verdict: str = "leans"


def outcome_of(assessment: Assessment | None) -> Outcome | None:
    """The summary's view of an assessment (None for a failed row)."""
    if assessment is None:
        return None
    return Outcome(
        assessment.recommendation,
        assessment.confidence.value,
        assessment.borderline,
        tuple(note.risk.id for note in assessment.risks if note.elevated),
        assessment.verdict.value,
    )


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

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.count(outcome_of(result.assessment), 1)

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
        }


class Assessor:
    """Turns rows into results, reusing work across rows with the same answers."""

    def __init__(self, criteria: Criteria, settings: Settings) -> None:
        self.criteria = criteria
        self.settings = settings
        self.core: CoreCache = {}
        self.done: dict[tuple[object, ...], Assessment | str] = {}
        self.options = {q.id: {o.id.lower(): o.id for o in q.options} for q in criteria.questions}

    def assess(self, row: RowInput) -> RowResult:
        """Assess one row; an error names what is wrong with it."""
        key = (row.service, row.error, *row.cells.items())
        outcome = self.done.get(key)
        if outcome is None:
            outcome = self.evaluate(row)
            if len(self.done) >= CACHE_SIZE:
                self.done.clear()
            self.done[key] = outcome
        if isinstance(outcome, str):
            return RowResult(row.row, row.name, None, outcome, row.values, row.cells, row.service)
        return RowResult(row.row, row.name, outcome, None, row.values, row.cells, row.service)

    def evaluate(self, row: RowInput) -> Assessment | str:
        """The assessment of one row, or what is wrong with it (no row cache)."""
        if row.error is not None:
            return row.error
        answers: dict[str, str | None] = {}
        if row.service:
            try:
                answers.update(find_service(self.criteria, row.service).answers)
            except KpobpoError as exc:
                return f"service: {exc}"
        for question_id, raw in row.cells.items():
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
        definite = {q: o for q, o in answers.items() if o is not None}
        if len(self.core) >= CACHE_SIZE * 4:
            self.core.clear()
        try:
            return score(self.criteria, definite, self.settings, self.core)
        except NothingToScore:
            return "no scored question is answered (give at least one, or a service)"


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
        self.unknown: set[str] = set()
        self.lookup = {q.id.lower(): q.id for q in criteria.questions}
        self.position = {q.id: i for i, q in enumerate(criteria.questions)}

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
        except UnicodeDecodeError:
            raise self._file_error(None, "is not UTF-8 text (is it a binary file?)") from None

    # -- CSV ---------------------------------------------------------------

    def csv_layout(self, lines: Iterable[str] | None = None) -> CsvLayout:
        """Read the CSV header: where the name, service and question columns are.

        `lines`, if given, replaces the stream as the source of lines (the
        CSV copy uses it to keep each record's raw text).
        """
        self._csv_reader = csv.reader(self.stream if lines is None else lines)
        try:
            header = next(self._csv_reader, None)
        except csv.Error as exc:
            raise self._file_error(1, f"not a CSV table: {exc}") from None
        if not header or not any(cell.strip() for cell in header):
            raise self._file_error(1, "is empty: expected a header row with name and question ids")
        self.columns = header
        names = [cell.strip().lower() for cell in header]
        if NAME not in names:
            raise self._file_error(1, "the header has no 'name' column")
        questions: list[tuple[int, str]] = []
        for index, column in enumerate(names):
            if column in self.lookup:
                questions.append((index, self.lookup[column]))
            elif column not in (NAME, SERVICE):
                self._unknown(header[index], 1)
        return CsvLayout(
            header,
            names.index(NAME),
            names.index(SERVICE) if SERVICE in names else None,
            tuple(questions),
        )

    def csv_records(self, raw: list[str] | None = None) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of each non-blank record after the header.

        `raw`, the list that `csv_layout`'s `lines` fill, is emptied of the
        lines of skipped blank records, so it holds only the yielded record.
        """
        reader = self._csv_reader
        line = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self._file_error(reader.line_num, f"not a CSV table: {exc}") from None
            start, line = line + 1, reader.line_num
            if any(values):
                yield start, values
            elif raw is not None:
                raw.clear()

    def row_from_csv(self, layout: CsvLayout, start: int, values: list[str]) -> RowInput:
        """One CSV record as a process (short records are padded with empty cells)."""
        width = len(layout.header)
        if len(values) > width:
            return RowInput(
                start,
                f"row {start}",
                None,
                {},
                values,
                f"has {len(values)} cells, the header {width}",
            )
        if len(values) < width:
            values = values + [""] * (width - len(values))
        service = values[layout.service_at].strip() if layout.service_at is not None else ""
        return RowInput(
            start,
            values[layout.name_at].strip() or f"row {start}",
            service or None,
            {qid: values[i] for i, qid in layout.questions},
            values,
        )

    def _csv(self) -> Iterator[RowInput]:
        layout = self.csv_layout()
        for start, values in self.csv_records():
            yield self.row_from_csv(layout, start, values)

    # -- JSON Lines ----------------------------------------------------------

    def _jsonl(self) -> Iterator[RowInput]:
        import json

        for number, line in enumerate(self.stream, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                yield RowInput(number, f"row {number}", None, {}, error=f"not valid JSON: {exc}")
                continue
            yield self._item(item, number)

    # -- JSON or YAML documents ---------------------------------------------

    def _document(self) -> Iterator[RowInput]:
        from kpobpo.answers import json_fallback
        from kpobpo.yamlio import Located, YamlProblems, read_document

        text = self.stream.read()
        try:
            doc = read_document(text, self.source)
        except YamlProblems as exc:
            doc = json_fallback(text)
            if doc is None:
                raise InputFileError(exc.problems) from None
        if doc is None or not isinstance(doc.value, list):
            raise self._file_error(
                doc.line if doc else None,
                "must be a list of processes, each with a name and answers",
            )
        items: list[Located] = doc.value
        for item in items:
            yield self._item(_plain(item.value), item.line)

    def _item(self, item: object, number: int) -> RowInput:
        if not isinstance(item, dict):
            return RowInput(
                number, f"row {number}", None, {}, error="must be an object with a name"
            )
        name = str(item.get(NAME) or f"row {number}").strip()
        service = item.get(SERVICE)
        cells: dict[str, object] = {}
        fields: dict[str, object] = {k: v for k, v in item.items() if k not in (NAME, SERVICE)}
        nested = fields.pop(ANSWERS, None)
        if isinstance(nested, dict):
            fields.update(nested)
        elif nested is not None:
            return RowInput(
                number, name, None, {}, error="answers must map question ids to options"
            )
        for key, value in fields.items():
            question_id = self.lookup.get(str(key).lower())
            if question_id is None:
                self._unknown(str(key), number)
                continue
            cells[question_id] = value
        if service is not None and not isinstance(service, str):
            return RowInput(number, name, None, {}, error="service must be a service name")
        return RowInput(number, name, service or None, dict(sorted(cells.items(), key=self._order)))

    def _order(self, item: tuple[str, object]) -> int:
        return self.position[item[0]]

    def _unknown(self, column: str, line: int) -> None:
        if column in self.unknown:
            return
        self.unknown.add(column)
        import difflib

        close = difflib.get_close_matches(column.strip().lower(), list(self.lookup), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        known = ", ".join([NAME, SERVICE, *self.lookup.values()])
        self.report(
            Problem(
                self.source,
                line,
                None,
                "",
                f"unknown column {column!r}{hint}; its values are ignored. Known: {known}",
            )
        )


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


def copy_csv(
    reader: Reader,
    assessor: Assessor,
    summary: Summary,
    suffix: Callable[[Assessment | None, str | None], str],
    header_suffix: str,
    out: TextIO,
    report: Callable[[int, str], None],
    tick: Callable[[], None] | None = None,
) -> None:
    """CSV in, CSV out: each record copied as it was, with its result columns added.

    The fast path for spreadsheets. Each record's raw text is kept (quoting
    and all) and `suffix` (the result cells, already CSV-encoded with a
    leading comma) appended. Rows with the same service and answers share one
    result and are counted into the summary together, so a row costs little
    more than reading and writing it. Memory stays flat: at most
    `CACHE_SIZE` distinct results are kept.
    """
    raw: list[str] = []

    def lines() -> Iterator[str]:
        for line in reader.stream:
            raw.append(line)
            yield line

    layout = reader.csv_layout(lines())
    out.write("".join(raw).rstrip("\r\n") + header_suffix + "\n")
    raw.clear()
    keys = [i for i, _ in layout.questions]
    if layout.service_at is not None:
        keys.append(layout.service_at)
    width = len(layout.header)
    key_of: Callable[[list[str]], object] = (
        operator.itemgetter(*keys) if keys else (lambda values: ())
    )
    # key -> [result suffix, error or None, outcome for the summary, rows counted]
    cache: dict[object, list[Any]] = {}
    write = out.write
    for start, values in reader.csv_records(raw):
        text = raw[0] if len(raw) == 1 else "".join(raw)
        raw.clear()
        slot: list[Any] | None
        if len(values) != width:
            slot = _csv_slot(reader, assessor, layout, start, values, suffix)
            summary.count(slot[2], 1)
        else:
            key = key_of(values)
            slot = cache.get(key)
            if slot is None:
                if len(cache) >= CACHE_SIZE:
                    for old in cache.values():
                        summary.count(old[2], old[3])
                    cache.clear()
                slot = cache[key] = _csv_slot(reader, assessor, layout, start, values, suffix)
            slot[3] += 1
        if slot[1] is not None:
            report(start, slot[1])
        write(text.rstrip("\r\n") + slot[0])
        if tick is not None:
            tick()
    for slot in cache.values():
        summary.count(slot[2], slot[3])


def _csv_slot(
    reader: Reader,
    assessor: Assessor,
    layout: CsvLayout,
    start: int,
    values: list[str],
    suffix: Callable[[Assessment | None, str | None], str],
) -> list[Any]:
    row = reader.row_from_csv(layout, start, values)
    outcome = assessor.evaluate(row)
    if isinstance(outcome, str):
        return [suffix(None, outcome), outcome, None, 0]
    return [suffix(outcome, None), None, outcome_of(outcome), 0]
