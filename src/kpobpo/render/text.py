"""Make text from files safe to show: no control characters, no markup.

Labels and descriptions come from criteria and answers files that the user
may not have written. They are always shown literally: terminal control
characters are removed, and they are wrapped in Rich `Text` (never parsed as
markup) or escaped for Markdown. Messages go through the same `clean` (see
`kpobpo.messages`).

A lone surrogate (from a JSON escape such as "\\ud800", or a file name that is
not UTF-8) cannot be written in any encoding, so `clean` replaces it with
U+FFFD, the replacement character.

Bidirectional controls (U+202A-U+202E, U+2066-U+2069, the marks U+200E,
U+200F and U+061C) and invisible characters (zero-width space U+200B, word
joiner and invisible operators U+2060-U+2064, the byte order mark U+FEFF) are
removed too: they are not terminal controls, but they make a terminal show
text in another order than it is read ("gnp.exe" shown as "exe.png"), or
make two different names look the same. The joiners U+200C and U+200D stay:
scripts and emoji need them.
"""

from __future__ import annotations

import re

#: Bidirectional controls and invisible characters, as a regex character set's inside.
DISGUISING = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: C0 controls but newline and tab, DEL, C1 controls, lone surrogates,
#: bidirectional controls and invisible characters.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{DISGUISING}]")
_SPACE = re.compile(r"\s+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def clean(value: str) -> str:
    """Remove terminal control characters, bidirectional controls and invisible
    characters, keeping newlines and tabs.

    Lone surrogates, which no encoding can write, become U+FFFD.
    """
    return _UNSAFE.sub(_replacement, value)


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def one_line(value: str) -> str:
    """Clean text and fold all white space, for table cells and headings."""
    return _SPACE.sub(" ", clean(value)).strip()


def markdown(value: str) -> str:
    """Clean, one-line text with Markdown punctuation escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))


def number(value: float) -> str:
    """A score or margin as people read it: one decimal."""
    return f"{value:.1f}"
