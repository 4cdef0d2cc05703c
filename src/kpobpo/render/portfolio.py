"""Portfolio output: one writer per format, fed one row at a time.

CSV and JSON Lines are written as rows arrive, so memory stays flat however
long the portfolio is. JSON and Markdown hold the whole portfolio, and the
terminal table holds only what it shows (borderline rows of long inputs).
"""

from __future__ import annotations

from typing import Any, NamedTuple, TextIO

from kpobpo.model import Assessment, Criteria
from kpobpo.portfolio import NAME, SERVICE, RecordEncoder, RowResult, Summary
from kpobpo.render import wording
from kpobpo.render.text import clean, number, one_line
from kpobpo.render.text import markdown as md
from kpobpo.score import Outcome, outcome_of

#: Above this many rows, the terminal table shows only the borderline ones.
LONG = 25
#: Verdicts in the words of the summary and the tables.
VERDICT_WORDS = {"clear": "clear", "leans": "leans", "too_close": "too close to call"}


def model_cell(criteria: Criteria, assessment: Assessment) -> str:
    """'KPO', 'leans KPO' or 'too close; leans KPO': the model with its verdict."""
    name = wording.label(criteria, assessment.recommendation)
    if assessment.verdict.value == "too_close":
        return f"too close; leans {name}"
    if assessment.verdict.value == "leans":
        return f"leans {name}"
    return name


class Writer:
    """Base writer: `row` for each result, then `finish` with the summary."""

    def __init__(self, criteria: Criteria, stream: TextIO, columns: list[str]) -> None:
        self.criteria = criteria
        self.stream = stream
        self.columns = columns

    def row(self, result: RowResult) -> None:
        """Take one result."""

    def finish(self, summary: Summary) -> None:
        """Write whatever is left."""


def top_driver(assessment: Assessment) -> str:
    """The answered question that did most for the recommended model."""
    winner, runner_up = assessment.ranking[:2]
    best = max(
        assessment.contributions,
        key=lambda c: c.points[winner] - c.points[runner_up],
        default=None,
    )
    return f"{best.question}={best.answer}" if best else ""


def elevated(assessment: Assessment) -> list[str]:
    """Ids of the elevated risks."""
    return [note.risk.id for note in assessment.risks if note.elevated]


class CsvWriter(Writer):
    """The input columns plus the result columns, ready for a spreadsheet."""

    def __init__(
        self,
        criteria: Criteria,
        stream: TextIO,
        columns: list[str],
        *,
        header: bool = True,
        delimiter: str = ",",
    ) -> None:
        super().__init__(criteria, stream, columns)
        self.encode = RecordEncoder(delimiter)
        self.delimiter = delimiter
        self.own_columns = not columns
        if self.own_columns:
            self.columns = [NAME, SERVICE, *(q.id for q in criteria.questions)]
        self.models = [m.id for m in criteria.models]
        self.result_columns = [
            "recommendation",
            "verdict",
            "confidence",
            "margin",
            *(f"score_{m}" for m in self.models),
            "elevated_risks",
            "error",
        ]
        if header:
            stream.write(self.encode([*self.columns, *self.result_columns]) + "\n")

    @property
    def header_suffix(self) -> str:
        """The result columns' names, CSV-encoded, with a leading comma."""
        return self.delimiter + self.encode(self.result_columns)

    def result_suffix(self, outcome: Outcome | None, error: str | None) -> str:
        """One row's result cells, CSV-encoded with a leading delimiter and a newline."""
        if outcome is None:
            return self.delimiter + self.encode(self.outcome_cells(None, error)) + "\n"
        return self.headline_suffix(outcome) + self.risk_suffix(outcome.elevated)

    def headline_suffix(self, outcome: Outcome) -> str:
        """The result cells before the elevated risks, CSV-encoded, delimiters either side.

        Rows with the same scored answers share it; with `risk_suffix` it
        makes `result_suffix`.
        """
        return self.delimiter + self.encode(self.outcome_cells(outcome, None)[:-2]) + self.delimiter

    def risk_suffix(self, elevated: tuple[str, ...]) -> str:
        """The last result cells (the elevated risks, no error), CSV-encoded, and a newline."""
        return self.encode([";".join(elevated), ""]) + "\n"

    def result_cells(self, assessment: Assessment | None, error: str | None) -> list[str]:
        """The result columns for one row: recommendation ... elevated risks, error."""
        return self.outcome_cells(outcome_of(assessment) if assessment else None, error)

    def outcome_cells(self, outcome: Outcome | None, error: str | None) -> list[str]:
        """The result columns from an assessment's headline (`kpobpo.score.Outcome`)."""
        if outcome is None:
            return [""] * (5 + len(self.models)) + [clean(error or "")]
        return [
            outcome.recommendation,
            outcome.verdict,
            outcome.confidence,
            f"{outcome.margin:.2f}",
            *(f"{outcome.scores[m]:.2f}" for m in self.models),
            ";".join(outcome.elevated),
            "",
        ]

    def row(self, result: RowResult) -> None:
        if result.values is not None and not self.own_columns:
            values = result.values
            if not all(isinstance(v, str) for v in values):  # a workbook's numbers and dates
                from kpobpo.spreadsheet import cell_text

                values = [cell_text(v) for v in values]
        else:
            values = [
                result.name,
                result.service or "",
                *(_cell(result.cells.get(q.id)) for q in self.criteria.questions),
            ]
        cells = [*values, *self.result_cells(result.assessment, result.error)]
        self.stream.write(self.encode(cells) + "\n")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def row_data(result: RowResult) -> dict[str, Any]:
    """One process as JSON: name, row, then exactly what `assess --format json` gives."""
    from kpobpo.render.json_doc import assessment_data

    assert result.assessment is not None
    named = result.assessment._replace(name=result.name)  # the row's name is the process's
    data = {"name": result.name, "row": result.row, **assessment_data(named)}
    if result.carried:
        data["inventory"] = {column: _json_value(v) for column, v in result.carried.items()}
    return data


def _json_value(value: object) -> object:
    """A carried cell as JSON: text, numbers and booleans as they are, anything else
    (a date from a workbook) as text."""
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class JsonLinesWriter(Writer):
    """One JSON object per assessed process; failed rows are reported on stderr only."""

    def row(self, result: RowResult) -> None:
        if result.assessment is not None:
            from kpobpo.render.json_doc import dumps

            self.stream.write(dumps(row_data(result), indent=None))


class JsonWriter(Writer):
    """The whole portfolio: processes, errors and the summary, in one document."""

    def __init__(self, criteria: Criteria, stream: TextIO, columns: list[str]) -> None:
        super().__init__(criteria, stream, columns)
        self.processes: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []

    def row(self, result: RowResult) -> None:
        if result.assessment is None:
            error = clean(result.error or "")
            self.errors.append({"name": result.name, "row": result.row, "error": error})
        else:
            self.processes.append(row_data(result))

    def finish(self, summary: Summary) -> None:
        from kpobpo.render.json_doc import criteria_data, dumps

        self.stream.write(
            dumps(
                {
                    "processes": self.processes,
                    "errors": self.errors,
                    "summary": summary.data(),
                    "criteria": criteria_data(self.criteria),
                }
            )
        )


def _summary_lines(criteria: Criteria, summary: Summary) -> list[str]:
    """The summary in plain sentences (shared by Markdown and the terminal)."""
    data = summary.data()
    models = ", ".join(
        f"{wording.label(criteria, m)} {count}" for m, count in data["by_model"].items()
    )
    confidence = ", ".join(f"{level} {count}" for level, count in data["by_confidence"].items())
    verdicts = ", ".join(
        f"{VERDICT_WORDS.get(verdict, verdict)} {count}"
        for verdict, count in data["by_verdict"].items()
    )
    lines = [
        f"Processes: {data['rows']} ({data['assessed']} assessed, {data['failed']} failed).",
        f"Recommended: {models}.",
        f"Verdict: {verdicts}.",
        f"Borderline: {data['borderline']}. Confidence: {confidence}.",
    ]
    if criteria.priorities:
        lines.append(wording.priorities(criteria))
    if summary.note:
        lines.append(f"Input {summary.note}.")
    risks = data["recurring_risks"][:5]
    if risks:
        titles = {r.id: one_line(r.title) for r in criteria.risks}
        lines.append(
            "Most frequent elevated risks: "
            + "; ".join(f"{titles.get(r['id'], r['id'])} ({r['count']})" for r in risks)
            + "."
        )
    return lines


class MarkdownWriter(Writer):
    """A summary and one table row per process, for a report."""

    def __init__(self, criteria: Criteria, stream: TextIO, columns: list[str]) -> None:
        super().__init__(criteria, stream, columns)
        self.lines: list[str] = []

    def row(self, result: RowResult) -> None:
        if result.assessment is None:
            self.lines.append(
                f"| {result.row} | {md(result.name)} | failed: {md(result.error or '')} | | | | |"
            )
            return
        a = result.assessment
        model = md(model_cell(self.criteria, a))
        self.lines.append(
            f"| {result.row} | {md(result.name)} | {model}"
            f" | {a.confidence.value}{' (borderline)' if a.borderline else ''} | {number(a.margin)}"
            f" | {md(top_driver(a))} | {md(', '.join(elevated(a)))} |"
        )

    def finish(self, summary: Summary) -> None:
        out = [
            "# Outsourcing portfolio",
            "",
            *(md(line) for line in _summary_lines(self.criteria, summary)),
            "",
            "| Row | Process | Recommendation | Confidence | Margin | Top driver "
            "| Elevated risks |",
            "|---:|---|---|---|---:|---|---|",
            *self.lines,
            "",
        ]
        self.stream.write("\n".join(out))


class TableWriter(Writer):
    """The terminal view: every row of short inputs, the borderline rows of long ones."""

    def __init__(
        self,
        criteria: Criteria,
        stream: TextIO,
        columns: list[str],
        *,
        show_all: bool,
        terminal: bool,
    ) -> None:
        super().__init__(criteria, stream, columns)
        self.show_all = show_all
        self.terminal = terminal
        self.first: list[RowResult] = []
        self.borderline: list[RowResult] = []
        self.count = 0

    def row(self, result: RowResult) -> None:
        self.count += 1
        if self.show_all or self.count <= LONG:
            self.first.append(result)
        assessment = result.assessment
        if assessment is not None and assessment.borderline and len(self.borderline) < 200:
            self.borderline.append(result)

    def finish(self, summary: Summary) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from kpobpo.output import file_console
        from kpobpo.render.layout import Fitted, Symbols

        long = not self.show_all and self.count > LONG
        shown = self.borderline if long else self.first
        title = f"Borderline processes ({len(shown)} of {self.count})" if long else "Processes"
        table = Table(title=title, title_justify="left")
        table.add_column("Row", justify="right")
        table.add_column("Process", overflow="fold")
        table.add_column("Model")
        table.add_column("Confidence")
        table.add_column("Margin", justify="right")
        table.add_column("Top driver", min_width=20, overflow="fold")
        table.add_column("Elevated risks", min_width=18, overflow="fold")
        stacked = Text()  # the same rows, for a terminal too narrow for the table
        stacked.append(f"{title}\n", style="italic")
        for result in shown:
            a = result.assessment
            stacked.append(f"{result.row} ", style="dim")
            stacked.append(one_line(result.name), style="bold")
            if a is None:
                table.add_row(
                    str(result.row),
                    Text(one_line(result.name)),
                    Text("failed", style="red"),
                    "",
                    "",
                    "",
                    "",
                )
                stacked.append(": ")
                stacked.append("failed\n", style="red")
                continue
            model = model_cell(self.criteria, a)
            confidence = a.confidence.value + (" (borderline)" if a.borderline else "")
            table.add_row(
                str(result.row),
                Text(one_line(result.name)),
                Text(model),
                confidence,
                number(a.margin),
                top_driver(a),
                "\n".join(elevated(a)),
            )
            risks = ", ".join(elevated(a)) or "none"
            stacked.append(
                f": {model}, {confidence}, margin {number(a.margin)}; "
                f"top driver {top_driver(a) or 'none'}; elevated risks: {risks}\n"
            )
        stacked.rstrip()
        console = (
            Console(file=self.stream, markup=False, emoji=False, highlight=False)
            if self.terminal
            else file_console(self.stream)
        )
        if shown:
            console.print(Symbols(Fitted(table, stacked)))
        elif long:
            console.print("No borderline processes.")
        if long:
            console.print(
                Text(
                    f"{self.count - len(shown)} more processes not shown: "
                    "use --all for every row, or --format csv -o FILE for a spreadsheet.",
                    style="dim",
                )
            )
        console.print()
        console.print(Text("Summary", style="bold"))
        for line in _summary_lines(self.criteria, summary):
            console.print(Text(line))


class WriteOptions(NamedTuple):
    """What a writer may need beyond the rows: how the table is shown, the CSV delimiter."""

    show_all: bool = False
    terminal: bool = False
    delimiter: str = ","


# The factories of kpobpo.formats.WRITERS: one per format, all called alike.


def open_table_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """The terminal table."""
    return TableWriter(
        criteria, stream, columns, show_all=options.show_all, terminal=options.terminal
    )


def open_csv_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """CSV: the input's columns plus the result columns."""
    return CsvWriter(criteria, stream, columns, delimiter=options.delimiter)


def open_jsonl_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """JSON Lines: one object per assessed process."""
    return JsonLinesWriter(criteria, stream, columns)


def open_json_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """JSON: the whole portfolio in one document."""
    return JsonWriter(criteria, stream, columns)


def open_markdown_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """Markdown: a summary and one table row per process."""
    return MarkdownWriter(criteria, stream, columns)
