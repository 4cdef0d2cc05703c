"""Terminal output: Rich tables for people reading in a terminal.

Everything that came from a file is wrapped in `Text` (never markup) after
`clean` has removed control characters. Tables with a column per model fall
back to a stacked layout when the terminal is too narrow for them, and the
symbols turn into ASCII on a terminal that is not UTF-8 (see `layout`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kpobpo.model import Assessment, Confidence, Criteria
from kpobpo.render import wording
from kpobpo.render.layout import Fitted, Prose, Symbols
from kpobpo.render.text import number, one_line
from kpobpo.weights import weight_shares

if TYPE_CHECKING:  # the report is built only by `assess`: `compare` and `services` skip it
    from kpobpo.render.report import Bars, Cell, Fact, Grid, Line

_BAR_WIDTH = 20
#: Below this many columns the report's tables are stacked, whether or not they fit.
STACK_BELOW = 60


def _bar(value: float, style: str) -> Text:
    filled = round(value / 100 * _BAR_WIDTH)
    return Text.assemble(("█" * filled, style), ("·" * (_BAR_WIDTH - filled), "dim"))


def render_assessment(assessment: Assessment, *, details: bool = False) -> RenderableType:
    """`assess --format table`: the decision on one screen, or with `details` the whole
    report; its sections one under the other."""
    from kpobpo.render import report

    sections = report.build(assessment) if details else report.decision(assessment)
    parts: list[RenderableType] = []
    for section in sections:
        if parts:
            parts.append(Text(""))
        if section.title:
            parts.append(Text(section.title, style="bold"))
        parts += [_fact(fact) for fact in section.facts]
    return Symbols(Group(*parts))


#: Rich styles by the report's `Tone` (a str enum, so its values are the keys).
_TONES = {
    "": "",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "winner": "bold cyan",
    "alert": "bold red",
    "note": "yellow",
}
_CONFIDENCE_STYLE = {
    Confidence.HIGH.value: "bold green",
    Confidence.MEDIUM.value: "bold yellow",
    Confidence.LOW.value: "bold red",
}


def _text(spans: Line) -> Text:
    """A report line as Rich text: literal, never markup."""
    return Text.assemble(
        *(
            (s.text, _CONFIDENCE_STYLE[s.text] if s.tone == "confidence" else _TONES[s.tone])
            for s in spans
        )
    )


def _fact(fact: Fact) -> RenderableType:
    from kpobpo.render.report import Bars, Items, Paragraph

    if isinstance(fact, Paragraph):
        return _text(fact.text)
    if isinstance(fact, Items):
        # Bullets in a column of their own, so a wrapped item keeps its indent.
        items = Table.grid(padding=(0, 1, 0, 0))
        items.add_column()
        items.add_column()
        for item in fact.items:
            items.add_row("•", _text(item))
        return items
    if isinstance(fact, Bars):
        return _bars(fact)
    return _grid_of(fact)


def _bars(fact: Bars) -> RenderableType:
    bars = Table(show_header=False, box=None)
    bars.add_column("model")
    bars.add_column("bar")
    bars.add_column("score", justify="right")
    for bar in fact.bars:
        bars.add_row(
            Text(bar.label), _bar(bar.value, "cyan" if bar.winner else "white"), number(bar.value)
        )
    return bars


def _cell(cell: Cell) -> Text:
    from kpobpo.render.report import Amount, Lean

    if isinstance(cell, Amount):
        return Text(number(cell.value))
    if isinstance(cell, Lean):
        if cell.label is None:
            return Text("even", style="dim")
        return Text.assemble(
            (f"{cell.label:<4} ", "bold"),
            ("█" * round(cell.share * 12), "cyan" if cell.winner else "magenta"),
        )
    return _text(cell)


def _grid_of(grid: Grid) -> RenderableType:
    """A grid as a table, or stacked row by row when the table does not fit."""
    table = Table(show_lines=grid.ruled)
    cells = [[_cell(c) for c in row] for row in grid.rows]
    for index, column in enumerate(grid.columns):
        # Rich shrinks columns below their longest word when the table is tight, and
        # cuts the word: a minimum width keeps every word whole (or the table stacked).
        longest = max((_longest_word(row[index].plain) for row in cells), default=0)
        table.add_column(
            Text(column.title),
            justify="right" if column.amounts else "left",
            min_width=max(longest, _longest_word(column.title)),
        )
    for texts in cells:
        table.add_row(*texts)
    rows: list[RenderableType] = []
    for row in grid.rows:
        if rows and grid.ruled:
            rows.append(Text(""))  # long rows need the space the table's rules gave them
        rows.append(_stacked(grid, row))
    stacked = Group(*rows)
    return Fitted(table, stacked, narrowest=STACK_BELOW, checked=True)


def _longest_word(text: str) -> int:
    """The width of the longest word of `text`, the narrowest it can wrap to whole."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.split()), default=0)


def _stacked(grid: Grid, row: tuple[Cell, ...]) -> RenderableType:
    """One row of a grid for a narrow terminal: its first cell as a heading, then the rest
    indented, amounts side by side."""
    from kpobpo.render.report import Amount, Lean

    heading = Text()
    lines: list[RenderableType] = []
    amounts: list[Text] = []
    for index, (column, cell) in enumerate(zip(grid.columns, row, strict=True)):
        if isinstance(cell, Amount):
            amounts.append(Text(f"{column.title} {number(cell.value)}"))
        elif isinstance(cell, Lean):
            heading.append(f" (favours {cell.label})" if cell.label else " (even)")
        elif index == 0:
            heading = _text(cell)
            heading.stylize("bold", 0, len(cell[0].text) if cell and not cell[0].tone else None)
        elif index == 1 and not grid.ruled:
            heading.append(" ")
            heading.append_text(_text(cell))
        else:
            lines.append(
                Padding(Text.assemble((f"{column.title}: ", "italic"), _text(cell)), (0, 0, 0, 2))
            )
    if amounts:
        lines.insert(0, Padding(Columns(amounts, padding=(0, 2)), (0, 0, 0, 2)))
    return Group(heading, *lines)


def render_comparison(criteria: Criteria) -> RenderableType:
    """`compare --format table`: models side by side, or one under the other if they do not fit."""
    models = criteria.models
    rows: list[tuple[str, list[Text]]] = [
        ("What it is", [Prose(one_line(m.summary)) for m in models])
    ]
    rows += [
        (d.label, [Prose(one_line(d.values.get(m.id, ""))) for m in models])
        for d in criteria.dimensions
    ]
    rows.append(("Relative billing", [Prose(wording.billing(criteria, m.id)) for m in models]))
    rows.append(
        (
            "Risks",
            [
                Prose("\n".join("• " + one_line(r.title) for r in criteria.risks if r.model == i))
                for i in (m.id for m in models)
            ],
        )
    )
    title = Text(one_line(criteria.title))
    table = Table(title=title, show_lines=True)
    table.add_column("", style="bold")
    for model in models:
        table.add_column(Text(f"{one_line(model.label)}\n{one_line(model.name)}"))
    for label, cells in rows:
        table.add_row(Prose(one_line(label)), *cells)

    names = [Text(one_line(m.label)) for m in models]
    stacked: list[RenderableType] = [
        Text(title.plain, style="bold"),
        Text(""),
        _grid("Models", list(zip(names, (Text(one_line(m.name)) for m in models), strict=True))),
    ]
    stacked += [
        _grid(one_line(label), list(zip(names, cells, strict=True))) for label, cells in rows
    ]
    return Symbols(Group(Fitted(table, Group(*stacked)), Text(""), _weight_shares(criteria)))


def _weight_shares(criteria: Criteria) -> RenderableType:
    """Each scored question's share of the total weight: what decides the result.

    Plain lines rather than a table: it is shown on every `compare`, and a
    Rich table costs start-up time.
    """
    lines = Text("What decides: each scored question's share of the total weight\n", "italic")
    for question, share in weight_shares(criteria):
        lines.append(f"{share:4.0f}% ")
        lines.append_text(_bar(share, "cyan"))
        lines.append(f" {one_line(question.prompt)} (weight {question.weight:g})\n")
    lines.rstrip()
    return lines


def _grid(heading: str, pairs: list[tuple[Text, Text]]) -> RenderableType:
    """A heading, then one indented line per model: its label, then its cell."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(overflow="fold")
    grid.add_column(overflow="fold")
    for name, cell in pairs:
        grid.add_row(Text.assemble("  ", name), cell)
    return Group(Text(heading, style="bold"), grid, Text(""))


#: The services table's name column wraps at this width, so the answers fit 80 columns.
_SERVICE_WIDTH = 24


def render_services(criteria: Criteria) -> RenderableType:
    """`services`: name, usual model and typical answers of each known service.

    A table whose answers column keeps each `question=option` pair whole (one
    per line), so it fits 80 columns; one service under the other when the
    terminal is too narrow for that.
    """
    if not criteria.services:
        return Text("The criteria file lists no services.")
    from kpobpo.catalogue import service_id

    title = "Known services (kpobpo assess --service ID, or any unambiguous part of a name)"
    table = Table(title=title, title_justify="left")
    table.add_column("Service and id", max_width=_SERVICE_WIDTH)
    table.add_column("Model")
    table.add_column("Typical answers")
    stacked: list[RenderableType] = [Text(title, style="bold")]
    for service in criteria.services:
        name = Text(one_line(service.name))
        ident = service_id(service)
        model = Text(wording.label(criteria, service.model))
        pairs = [f"{one_line(q)}={one_line(a)}" for q, a in service.answers.items()]
        table.add_row(
            Text.assemble(name.plain, ("\n" + ident, "dim")), model, Text("\n".join(pairs))
        )
        stacked.append(
            Text.assemble(
                "\n", (name.plain, "bold"), "  ", (ident, "dim"), "  ", (model.plain, "dim")
            )
        )
        stacked.append(Padding(Text(", ".join(pairs), overflow="fold"), (0, 0, 0, 2)))
    return Symbols(Fitted(table, Group(*stacked)))
