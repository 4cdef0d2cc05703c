"""Make text from files safe to show: no control characters, no markup.

Labels and descriptions come from criteria and answers files that the user
may not have written. They are always shown literally: terminal control
characters are removed, and they are wrapped in Rich `Text` (never parsed as
markup) or escaped for Markdown.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def clean(value: str) -> str:
    """Remove terminal control characters, keeping newlines and tabs."""
    return _CONTROL.sub("", value)


def one_line(value: str) -> str:
    """Clean text and fold all white space, for table cells and headings."""
    return _SPACE.sub(" ", clean(value)).strip()


def markdown(value: str) -> str:
    """Clean, one-line text with Markdown punctuation escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))


def number(value: float) -> str:
    """A score or margin as people read it: one decimal."""
    return f"{value:.1f}"
