"""Terminal layouts that never lose text, whatever the width and encoding.

`Fitted` shows a table only when every word of it fits the width, and the same
facts stacked one under the other when not: a criteria file with fifty models
gets a readable comparison instead of fifty blank columns. `Symbols` turns the
symbols of kpobpo's tables (bars, bullets, marks) into ASCII when the console
cannot encode them; Rich already does so for the boxes of tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.segment import Segment

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

#: Each symbol becomes one ASCII character of the same width, so layouts keep their shape.
_ASCII = str.maketrans({"█": "#", "·": ".", "•": "*", "▲": "^", "…": "~"})


class Fitted:
    """`table` if it fits the width without breaking a word, else `stacked`."""

    def __init__(self, table: Table, stacked: RenderableType) -> None:
        self.table = table
        self.stacked = stacked

    def _choice(self, console: Console, options: ConsoleOptions) -> RenderableType:
        # The table's own measure, not Measurement.get, which clips to the width.
        needed = self.table.__rich_measure__(console, options).minimum
        return self.table if needed <= options.max_width else self.stacked

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._choice(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._choice(console, options))


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
