"""The portfolio as an Excel workbook (.xlsx): what a sourcing review hands on.

Sheet "Processes": the input's columns as they were (numbers and dates keep
their type when the input was a workbook) followed by the result columns of
the CSV output, under a frozen, bold header with an autofilter, with column
widths fitted to the first rows and the recommendation cells coloured by
model. Sheet "Summary": the counts of the portfolio.

The workbook streams out: openpyxl's write-only mode keeps rows in a
temporary file, not in memory, so 100,000 rows cost no more memory than 10.
Only the first `SIZING_ROWS` rows are held, to size the columns.

Text from the input is always written as text: a cell beginning with = + -
or @ would otherwise be a formula when the workbook is opened (formula
injection). Characters a workbook cannot hold (control characters) are
dropped and a cell is cut at Excel's limit of 32,767 characters.

Colours come from a fixed palette in the order the criteria file lists its
models, so no model is named here.
"""

from __future__ import annotations

import io
from typing import IO, Any

from kpobpo.model import Criteria
from kpobpo.portfolio import RowResult, Summary
from kpobpo.render import wording
from kpobpo.render.portfolio import CsvWriter, WriteOptions, _summary_lines
from kpobpo.render.text import one_line

#: Rows held back to fit the column widths before the first is written.
SIZING_ROWS = 100
#: The longest text a workbook cell holds (Excel's limit).
CELL_CHARACTERS = 32_767
#: Fill colours of the recommendation cells, by the models' order in the criteria file.
PALETTE = ("DDEBF7", "FCE4D6", "E2EFDA", "FFF2CC", "EADCF4", "D9F2F2", "F8D7DA")
HEADER_FILL = "D9D9D9"
ERROR_FILL = "F8CBAD"
#: Characters that start a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@")


def tint(colour: str, strength: float = 0.25) -> str:
    """A light tint of "#rrggbb" or "#rgb" as openpyxl's RRGGBB: the model's colour
    from the criteria file, pale enough for black text on it."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


class WorkbookWriter:
    """Writes results, a row at a time, into a write-only workbook saved at `finish`."""

    def __init__(
        self, criteria: Criteria, stream: IO[bytes], columns: list[str], options: WriteOptions
    ) -> None:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font, PatternFill

        self.criteria = criteria
        self.stream = stream
        self.results = CsvWriter(criteria, io.StringIO(), columns, header=False)
        self.own_columns = self.results.own_columns
        self.header = [*self.results.columns, *self.results.result_columns]
        first = len(self.results.columns)
        self.numeric = {
            first + i
            for i, name in enumerate(self.results.result_columns)
            if name == "margin" or name.startswith("score_")
        }
        self.recommendation_at = first + self.results.result_columns.index("recommendation")
        self.error_at = first + self.results.result_columns.index("error")
        self.illegal = ILLEGAL_CHARACTERS_RE
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("Processes")
        self.summary_sheet = self.workbook.create_sheet("Summary")
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.error_fill = PatternFill("solid", fgColor=ERROR_FILL)
        self.wrap = Alignment(vertical="top")
        self.fills = {
            model.id: PatternFill(
                "solid",
                fgColor=tint(model.colour) if model.colour else PALETTE[i % len(PALETTE)],
            )
            for i, model in enumerate(criteria.models)
        }
        self.held: list[list[Any]] | None = []
        self.count = 0

    def row(self, result: RowResult) -> None:
        """Take one result."""
        if result.values is not None and not self.own_columns:
            values: list[Any] = list(result.values)
        else:
            values = [
                result.name,
                result.service or "",
                *(result.cells.get(q.id) for q in self.criteria.questions),
            ]
        cells = self.results.result_cells(result.assessment, result.error)
        row = [*values, *cells]
        for index in self.numeric:
            if row[index] != "":
                row[index] = float(row[index])
        self.count += 1
        if self.held is not None:
            self.held.append(row)
            if len(self.held) >= SIZING_ROWS:
                self._start()
        else:
            self._append(row)

    def _start(self) -> None:
        """Size the columns from the rows held, write the header, then those rows."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils.cell import get_column_letter

        held, self.held = self.held or [], None
        for index, name in enumerate(self.header):
            longest = max([len(name) + 2, *(_width(row[index]) for row in held)])
            width = min(max(longest, 8), 60)
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = width
        self.sheet.freeze_panes = "A2"
        header = []
        for name in self.header:
            cell = WriteOnlyCell(self.sheet, value=self._text(name))
            cell.font, cell.fill = self.bold, self.header_fill
            header.append(cell)
        self.sheet.append(header)
        for row in held:
            self._append(row)

    def _append(self, row: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells: list[Any] = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                value = self._text(value)
            elif value is not None and not isinstance(value, int | float):
                value = _plain(value)
            special = isinstance(value, str) and value.startswith(FORMULA_START)
            fill = None
            if index == self.recommendation_at:
                fill = self.fills.get(value)
            elif index == self.error_at and value:
                fill = self.error_fill
            if not special and fill is None:
                cells.append(value)
                continue
            cell = WriteOnlyCell(self.sheet, value=value)
            if special:
                cell.data_type = "s"  # text, never a formula
            if fill is not None:
                cell.fill = fill
            cells.append(cell)
        self.sheet.append(cells)

    def _text(self, value: str) -> str:
        if type(value) is not str:  # a formula with no saved value, from a workbook
            return ""
        value = self.illegal.sub("", value)
        if len(value) > CELL_CHARACTERS:
            value = value[: CELL_CHARACTERS - 1] + "…"
        return value

    def finish(self, summary: Summary) -> None:
        """Write the summary sheet and save the workbook to the stream."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils.cell import get_column_letter

        if self.held is not None:
            self._start()
        last = get_column_letter(len(self.header))
        self.sheet.auto_filter.ref = f"A1:{last}{self.count + 1}"
        sheet = self.summary_sheet
        sheet.column_dimensions["A"].width = 40
        sheet.column_dimensions["B"].width = 12
        title = WriteOnlyCell(sheet, value="Outsourcing portfolio")
        title.font = self.bold
        sheet.append([title])
        data = summary.data()
        rows: list[list[Any]] = [
            ["Processes", data["rows"]],
            ["Assessed", data["assessed"]],
            ["Failed", data["failed"]],
            ["Borderline", data["borderline"]],
        ]
        for model, count in data["by_model"].items():
            label = WriteOnlyCell(
                sheet, value=f"Recommended: {wording.label(self.criteria, model)}"
            )
            fill = self.fills.get(model)
            if fill is not None:
                label.fill = fill
            rows.append([label, count])
        for level, count in data["by_confidence"].items():
            rows.append([f"Confidence {level}", count])
        titles = {r.id: one_line(r.title) for r in self.criteria.risks}
        for risk in data["recurring_risks"][:10]:
            rows.append([f"Elevated risk: {titles.get(risk['id'], risk['id'])}", risk["count"]])
        for row in rows:
            sheet.append(row)
        sheet.append([])
        for line in _summary_lines(self.criteria, summary):
            sheet.append([self._text(line)])
        self.workbook.save(self.stream)


def _width(value: object) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    return max((len(line) for line in text.splitlines()), default=0) + 2


def _plain(value: object) -> object:
    """A value openpyxl can write: dates and times as they are, anything else as text.

    A workbook gives every date as a date and time; one at midnight is
    written back as a date, so it does not show a time of 00:00:00.
    """
    import datetime

    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return value
    return str(value)


def open_workbook_writer(
    criteria: Criteria, stream: IO[bytes], columns: list[str], options: WriteOptions
) -> WorkbookWriter:
    """The writer of an .xlsx workbook: the registry's factory."""
    return WorkbookWriter(criteria, stream, columns, options)
