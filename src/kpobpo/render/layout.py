"""Terminal layouts that never lose text, whatever the width and encoding.

`Fitted` shows a table only when every word of it fits the width, and the same
facts stacked one under the other when not: a criteria file with fifty models
gets a readable comparison instead of fifty blank columns. `Symbols` turns the
symbols of kpobpo's tables (bars, bullets, marks) into ASCII when the console
cannot encode them; Rich already does so for the boxes of tables.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

#: Each symbol becomes one ASCII character of the same width, so layouts keep their shape.
_ASCII = str.maketrans({"█": "#", "·": ".", "•": "*", "▲": "^", "…": "~"})


class Fitted:
    """`table` if it fits the width without cutting a word short, else `stacked`.

    Columns that fold (break a long word over lines, losing nothing) do not
    count: only the words of the other columns must fit whole. Below
    `narrowest` columns it is stacked even if it would fit: squeezed into a
    narrow terminal, a table of prose is a column of broken lines.

    A table whose columns have a minimum width (its longest word, so that no
    word is cut) is laid out once to check it: Rich cannot always shrink a
    table to its measured minimum without going under a column's minimum, and
    then the table comes out wider than the terminal. `checked` asks for that.
    """

    def __init__(
        self,
        table: Table,
        stacked: RenderableType,
        *,
        narrowest: int = 0,
        checked: bool = False,
    ) -> None:
        self.table = table
        self.stacked = stacked
        self.narrowest = narrowest
        self.checked = checked

    def _choice(self, console: Console, options: ConsoleOptions) -> RenderableType | list[Segment]:
        """The stacked facts, the table, or (when `checked`) the table already laid
        out: the lines the check rendered are the ones printed, not rendered again."""
        if options.max_width < self.narrowest or not _fits(self.table, console, options):
            return self.stacked
        if not self.checked:
            return self.table
        segments = list(console.render(self.table, options))
        lines = Segment.split_lines(segments)
        if any(Segment.get_line_length(line) > options.max_width for line in lines):
            return self.stacked
        return segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        chosen = self._choice(console, options)
        if isinstance(chosen, list):
            yield from chosen
        else:
            yield chosen

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        chosen = self._choice(console, options)
        return Measurement.get(console, options, self.table if isinstance(chosen, list) else chosen)


def _fits(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Whether every column but the folding ones gets the width of its longest word.

    The table's minimum width is not enough: when a table is too wide, Rich
    narrows its widest columns first, whatever their longest word, and cuts
    that word with an ellipsis. So the widths Rich will give are checked too.
    """
    probe = _unfolded(table)
    # The table's own measure, not Measurement.get, which clips to the width.
    if probe.__rich_measure__(console, options).minimum > options.max_width:
        return False
    inner = options.update_width(options.max_width - table._extra_width)
    widths = table._calculate_column_widths(console, inner)
    return all(
        column.overflow == "fold" or width >= probe._measure_column(console, inner, own).minimum
        for column, own, width in zip(table.columns, probe.columns, widths, strict=True)
    )


def _unfolded(table: Table) -> Table:
    """`table` with the cells of its folding columns left empty, to measure the rest."""
    from rich.table import Column, Table

    columns = table.columns
    if not any(column.overflow == "fold" for column in columns):
        return table
    probe = Table(
        *(Column(column.header, min_width=column.min_width) for column in columns),
        box=table.box,
        padding=table.padding,
        collapse_padding=table.collapse_padding,
        pad_edge=table.pad_edge,
        show_edge=table.show_edge,
    )
    for row in zip(*(column.cells for column in columns), strict=True):
        probe.add_row(
            *("" if c.overflow == "fold" else cell for c, cell in zip(columns, row, strict=True))
        )
    return probe


class Symbols:
    """`renderable`, with its symbols in ASCII on a console that is not UTF-8."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments = console.render(self.renderable, options)
        if not options.ascii_only:
            yield from segments
            return
        for text, style, control in segments:
            yield Segment(text if control else text.translate(_ASCII), style, control)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class Prose(Text):
    """`Text` for the cells of a `Fitted` table, measured once per content.

    Checking that a table fits measures each cell six times and printing it
    twice more; Rich's measure of text depends on its characters alone (its
    longest word and longest line), so it is kept for the next time.
    """

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return _measure(self.plain)


@functools.lru_cache(maxsize=1024)
def _measure(plain: str) -> Measurement:
    """The width of `plain`'s longest word and of its longest line, as Rich measures text."""
    lines = plain.splitlines()
    widest = max((cell_len(line) for line in lines), default=0)
    return Measurement(max((cell_len(word) for word in plain.split()), default=widest), widest)
