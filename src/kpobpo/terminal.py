"""Make the standard streams safe to write to, once, when the command starts.

Two things outside kpobpo can break its output:

- The encoding. Under `PYTHONIOENCODING=ascii` or `LC_ALL=C`, writing a bar, a
  box line or an accented label raised UnicodeEncodeError. stdout and stderr
  now replace what they cannot encode (with "?"), and the tables draw their
  boxes and symbols in ASCII when the encoding is not UTF-8 (Rich picks box
  characters by the stream's encoding; `kpobpo.render.table` does the rest).
- The width. Rich takes `COLUMNS` at its word, and `COLUMNS=0` printed nothing
  at all. A `COLUMNS` that is not a whole number from 1 to `MAX_WIDTH` is
  ignored (the terminal's own width, or 80, is used), and a width under
  `MIN_WIDTH`, from `COLUMNS` or a tiny terminal, is raised to it: the
  terminal then wraps long lines instead of kpobpo cutting text away.
"""

from __future__ import annotations

import os
import sys

#: The narrowest layout kpobpo draws; narrower terminals wrap its lines.
MIN_WIDTH = 40
#: A wider `COLUMNS` is taken for a mistake, like 0 or a word.
MAX_WIDTH = 10_000


def prepare_streams() -> None:
    """Make stdout and stderr replace unencodable characters; make the width sane."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    columns = os.environ.get("COLUMNS")
    if columns is not None and not _whole(columns):
        del os.environ["COLUMNS"]
    width = int(os.environ["COLUMNS"]) if "COLUMNS" in os.environ else _terminal_width()
    if width is not None and width < MIN_WIDTH:
        os.environ["COLUMNS"] = str(MIN_WIDTH)


def _whole(text: str) -> bool:
    """Whether `text` is a width: a whole number from 1 to `MAX_WIDTH`, in ASCII digits."""
    return text.isascii() and text.isdigit() and len(text) <= 6 and 0 < int(text) <= MAX_WIDTH


def _terminal_width() -> int | None:
    """The width of the first standard stream that is a terminal, the way Rich measures it."""
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (OSError, ValueError):
            continue
        return width or None  # a pseudo-terminal may say 0: Rich then uses 80
    return None
