"""Make text from files safe to show: no control characters, no markup.

Labels and descriptions come from criteria and answers files that the user
may not have written. They are always shown literally: terminal control
characters are removed, and they are wrapped in Rich `Text` (never parsed as
markup) or escaped for Markdown. Messages go through the same `clean` (see
`kpobpo.messages`).

A lone surrogate (from a JSON escape such as "\\ud800", or a file name that is
not UTF-8) cannot be written in any encoding, so `clean` replaces it with
U+FFFD, the replacement character.
"""

from __future__ import annotations

import re

#: C0 controls but newline and tab, DEL, C1 controls, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def clean(value: str) -> str:
    """Remove terminal control characters, keeping newlines and tabs.

    Lone surrogates, which no encoding can write, become U+FFFD.
    """
    return _UNSAFE.sub(_replacement, value)


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if match.group() >= "\ud800" else ""


def one_line(value: str) -> str:
    """Clean text and fold all white space, for table cells and headings."""
    return _SPACE.sub(" ", clean(value)).strip()


def markdown(value: str) -> str:
    """Clean, one-line text with Markdown punctuation escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))


def number(value: float) -> str:
    """A score or margin as people read it: one decimal."""
    return f"{value:.1f}"
