"""Renderers: one assessment or comparison, many output formats.

`Format` lists the formats; `render_assessment` and `render_comparison` pick
the formatter for a format. A formatter returns either a string (written as
is) or a Rich renderable (printed through a console).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kpobpo.model import Assessment, Criteria


class Format(StrEnum):
    """Output formats of `assess` and `compare`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


def render_assessment(
    assessment: Assessment, fmt: Format, *, details: bool = False
) -> str | RenderableType:
    """Render an assessment in `fmt`.

    The table shows the decision on one screen unless `details` asks for
    everything; the other formats are always complete.
    """
    if fmt is Format.TABLE:
        from kpobpo.render import table

        return table.render_assessment(assessment, details=details)
    if fmt is Format.JSON:
        from kpobpo.render import json_doc

        return json_doc.render_assessment(assessment)
    if fmt is Format.MARKDOWN:
        from kpobpo.render import markdown

        return markdown.render_assessment(assessment)
    if fmt is Format.HTML:
        from kpobpo.render import html

        return html.render_assessment(assessment)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover


def render_comparison(criteria: Criteria, fmt: Format) -> str | RenderableType:
    """Render the side-by-side comparison in `fmt`."""
    if fmt is Format.TABLE:
        from kpobpo.render import table

        return table.render_comparison(criteria)
    if fmt is Format.JSON:
        from kpobpo.render import json_doc

        return json_doc.render_comparison(criteria)
    if fmt is Format.MARKDOWN:
        from kpobpo.render import markdown

        return markdown.render_comparison(criteria)
    if fmt is Format.HTML:
        from kpobpo.render import html

        return html.render_comparison(criteria)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover


def render_services(criteria: Criteria, fmt: str) -> str | RenderableType:
    """The services catalogue, as a table or JSON."""
    if fmt == "json":
        from kpobpo.render import json_doc

        return json_doc.render_services(criteria)
    from kpobpo.render import table

    return table.render_services(criteria)
