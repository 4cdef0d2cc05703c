"""Read processes from an Excel workbook (.xlsx), one row at a time.

A process inventory is most often a workbook. This reader takes the first
worksheet (or the one `--sheet` names), finds the header in its first
non-empty row and reads each row after it as one process, exactly as a CSV
record with the same cells would be read (`kpobpo.portfolio.Reader` does the
rest: questions, service, inventory columns carried through, twins).

It streams: the sheet's XML is parsed a row at a time by openpyxl's
read-only parser, so a 100,000-row workbook never sits in memory. openpyxl
is imported here only, on this path, so no other command starts slower.

Cells: numbers and dates keep their type for a workbook output and are
written as text for the answers (3.0 as `3`, a date as `2026-11-29`);
formulas give their cached value (the one Excel saved). A formula without one
(the workbook was written by a program that does not calculate) is a bad row
when the row's answers need it. Empty rows are skipped, trailing empty
columns ignored. A header cell that is empty or merged is an error naming
the sheet and the cell; messages about rows name the sheet and the
spreadsheet's own row number.
"""

from __future__ import annotations

import datetime
import io
import warnings
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from kpobpo.errors import InputFileError, Problem
from kpobpo.model import Criteria
from kpobpo.portfolio import CsvLayout, CsvRecord, Reader, ReadOptions, RowInput


class Uncalculated(str):
    """A formula cell with no cached value: its text is the formula."""

    __slots__ = ()


def cell_text(value: object) -> str:
    """A cell as the text a CSV would hold: 3.0 as 3, a date as its ISO date."""
    if value is None or isinstance(value, Uncalculated):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _parser_class() -> type[Any]:
    """openpyxl's read-only sheet parser, told to mark formulas with no cached value."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if (
                cell["value"] is None
                and element.get("t", "n") == "n"
                and not element.findtext(VALUE_TAG)
            ):
                formula = element.findtext(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = Uncalculated(f"={formula}")
            return cell

    return Parser


def _column(index: int) -> str:
    """The column letter of a 0-based index."""
    from openpyxl.utils.cell import get_column_letter

    return str(get_column_letter(index + 1))


class WorkbookReader:
    """Reads processes from one worksheet of an .xlsx workbook."""

    def __init__(
        self,
        criteria: Criteria,
        raw: BinaryIO,
        source: str,
        report: Callable[[Problem], None],
        options: ReadOptions,
    ) -> None:
        self.criteria = criteria
        self.raw = raw
        self.source = source
        self.report = report
        self.wanted = options.sheet
        self.columns: list[str] = []
        self.note: str | None = None
        self.delimiter = ","
        self.sheet = ""
        self.others = ""
        self.text = Reader(criteria, io.StringIO(), source, "csv", report)

    def problem(self, number: int, line: int, error: str) -> Problem:
        """A bad row's problem: FILE: sheet 'S' row R: process N: what is wrong."""
        return Problem(self.source, None, None, f"{self._row(line)}: process {number}", error)

    def _row(self, line: int) -> str:
        return f"sheet {self.sheet!r} row {line}"

    def _error(self, where: str, message: str) -> InputFileError:
        return InputFileError([Problem(self.source, None, None, where, message)])

    def rows(self) -> Iterator[RowInput]:
        """Every process in the sheet, in order."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it skips
            workbook = self._open()
            try:
                yield from self._sheet_rows(workbook)
            finally:
                workbook.close()

    def _open(self) -> Any:
        import zipfile

        from openpyxl import load_workbook

        try:
            return load_workbook(self.raw, read_only=True, data_only=True, keep_links=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            reason = str(exc) or type(exc).__name__
            raise self._error(
                "", f"is not an Excel workbook (.xlsx) that can be read: {reason}"
            ) from None

    def _sheet_rows(self, workbook: Any) -> Iterator[RowInput]:
        sheets = workbook.worksheets
        if self.wanted is not None:
            found = [s for s in sheets if s.title == self.wanted]
            if not found:
                names = ", ".join(repr(s.title) for s in sheets) or "none"
                raise self._error("", f"has no sheet {self.wanted!r} (its sheets: {names})")
            sheet = found[0]
        elif not sheets:
            raise self._error("", "has no worksheet")
        else:
            sheet = sheets[0]
        self.sheet = sheet.title
        self.others = ", ".join(repr(s.title) for s in sheets if s is not sheet)
        if len(sheets) > 1 and self.wanted is None:
            self.note = (
                f"read sheet {sheet.title!r}, the first of {len(sheets)} (--sheet picks another)"
            )
        with sheet._get_source() as xml:
            parser = _parser_class()(
                xml,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            rows = parser.parse()
            layout: CsvLayout | None = None
            width = 0
            number = 0
            for line, cells in rows:
                values = _values(cells)
                if not any(v is not None and v != "" for v in values):
                    continue
                if layout is None:
                    layout, width = self._header(values, line, rows, parser)
                    continue
                number += 1
                yield self._process(layout, width, values, line)
        if layout is None:
            raise self._error(
                f"sheet {self.sheet!r}",
                "is empty: expected a header row with name and question ids",
            )

    def _header(
        self, values: list[Any], line: int, rest: Iterator[Any], parser: Any
    ) -> tuple[CsvLayout, int]:
        """The layout of the header row; an empty or merged header cell is an error."""
        while values and (values[-1] is None or cell_text(values[-1]).strip() == ""):
            values.pop()
        for index, value in enumerate(values):
            if value is None or cell_text(value).strip() == "":
                coordinate = f"{_column(index)}{line}"
                merged = _merged_range(coordinate, rest, parser)
                why = (
                    f"is part of the merged cells {merged}: unmerge them and give each "
                    "column its own name"
                    if merged
                    else "is empty: give every column of the header a name"
                )
                raise self._error(
                    f"sheet {self.sheet!r} cell {coordinate}", f"the header cell {why}"
                )
        header = [cell_text(v).strip() for v in values]
        self.columns = header
        try:
            layout = self.text.layout_of(header, None, self._row(line))
        except InputFileError as exc:
            if self.others:
                exc.problems = [
                    p._replace(message=f"{p.message} (--sheet reads another: {self.others})")
                    for p in exc.problems
                ]
            raise
        return layout, len(header)

    def _process(self, layout: CsvLayout, width: int, values: list[Any], line: int) -> RowInput:
        """One row as a process (typed values kept for a workbook output)."""
        beyond = [i for i in range(width, len(values)) if cell_text(values[i]).strip()]
        values = (values + [None] * width)[:width]
        text = [cell_text(v) for v in values]
        error = None
        if beyond:
            error = (
                f"cell {_column(beyond[0])}{line} has a value but its column has no header "
                f"(the header ends at column {_column(width - 1)})"
            )
        else:
            used = [layout.name_at, *(i for i, _ in layout.questions)]
            if layout.service_at is not None:
                used.append(layout.service_at)
            for i in sorted(used):
                if isinstance(values[i], Uncalculated):
                    error = (
                        f"cell {_column(i)}{line} holds the formula {values[i]} with no saved "
                        "value (the workbook was written by a program that does not "
                        "calculate): open and save it in Excel or LibreOffice"
                    )
                    break
        record = CsvRecord(line, line, text, "", error)
        row = self.text.row_from_csv(layout, record)
        carried = row.carried
        if carried is not None:
            carried = {c: values[i] for i, c in layout.carried}
        return row._replace(values=values, carried=carried)


def _values(cells: list[dict[str, Any]]) -> list[Any]:
    """A parsed row's values by column, from column A (missing cells are None)."""
    if not cells:
        return []
    values: list[Any] = [None] * cells[-1]["column"]
    for cell in cells:
        values[cell["column"] - 1] = cell["value"]
    return values


def _merged_range(coordinate: str, rest: Iterator[Any], parser: Any) -> str | None:
    """The merged range holding `coordinate`, if any (read from the end of the sheet)."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    for _ in rest:  # merged cells are listed after the rows
        pass
    row, column = coordinate_to_tuple(coordinate)
    merged = getattr(parser, "merged_cells", None)
    for cell_range in getattr(merged, "mergeCell", None) or []:
        low_col, low_row, high_col, high_row = range_boundaries(cell_range.ref)
        if low_col <= column <= high_col and low_row <= row <= high_row:
            return str(cell_range.ref)
    return None


def open_workbook_reader(
    criteria: Criteria,
    raw: BinaryIO,
    source: str,
    report: Callable[[Problem], None],
    options: ReadOptions,
) -> WorkbookReader:
    """The reader of an .xlsx workbook: the registry's factory."""
    return WorkbookReader(criteria, raw, source, report, options)
