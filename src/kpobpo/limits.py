"""The limits on what kpobpo reads and runs, in one place.

Whole documents (a criteria file, an answers or saved file, a YAML or JSON
portfolio) are read into memory, so each is bounded three ways: its size
(checked while reading, so an endless input such as a device or a pipe stops
at the limit), how deep its lists and mappings nest, and how much its YAML
aliases may repeat. Portfolio CSV and JSON Lines inputs are streamed row by
row and have no size limit.

The settings of a run (seed, draws, hours, rate) obey the same rules whether
they come from command-line flags or from a saved file: `setting_problem`
says what is wrong with a value, and each caller says where. Their defaults
are here too (`model.Settings` and the commands' help take them from here).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import IO, AnyStr

from kpobpo.errors import InputFileError, Problem

#: Largest document read whole, in MB (1 MB = 1,000,000 bytes).
MAX_DOCUMENT_MB = 32
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1_000_000
#: Deepest nesting of lists and mappings in a document. kpobpo's own files
#: need six levels; the limit keeps every reader's stack small.
MAX_DEPTH = 100
#: Most content YAML aliases may add to a document, in MB: each use of an
#: alias adds what its anchor holds again (a value counts 1, a text its length).
MAX_ALIAS_EXPANSION_MB = 10
MAX_ALIAS_EXPANSION = MAX_ALIAS_EXPANSION_MB * 1_000_000

#: The run settings, in the order a saved file records them.
SETTINGS = ("seed", "draws", "hours", "rate")
#: Seed of the robustness trials when neither a flag nor a saved file gives one.
DEFAULT_SEED = 0
#: Number of robustness trials when neither a flag nor a saved file gives one.
DEFAULT_DRAWS = 1000
#: Fewest and most robustness trials.
DRAWS = (1, 100_000)
#: Largest weight of a question: in the criteria file, and after a factor.
MAX_WEIGHT = 1000.0
#: Smallest and largest weight factor (`--weight`, `--weights`): outside them
#: a question is all but silenced, or swamps every other.
WEIGHT_FACTOR = (0.01, 100.0)

_CHUNK = 1 << 20


def read_whole(
    stream: IO[AnyStr],
    source: str,
    error: Callable[[list[Problem]], Exception] = InputFileError,
) -> AnyStr:
    """All of `stream`, refused with `error` once it passes `MAX_DOCUMENT_BYTES`.

    Read in chunks and counted as it comes, so an input that never ends
    (a character device, a pipe fed forever) costs at most the limit.
    A text stream is counted in UTF-8 bytes.
    """
    chunks: list[AnyStr] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk) if isinstance(chunk, bytes) else len(chunk.encode("utf-8", "replace"))
        if size > MAX_DOCUMENT_BYTES:
            raise error([too_large(source)])
        chunks.append(chunk)
    return stream.read(0).join(chunks)


def too_large(source: str) -> Problem:
    """The problem of a document over the size limit."""
    return Problem(
        source,
        None,
        None,
        "",
        f"larger than {MAX_DOCUMENT_MB} MB, the most kpobpo reads as one document",
    )


def too_deep() -> str:
    """The message for a document nested past `MAX_DEPTH`."""
    return f"nested more than {MAX_DEPTH} levels deep; kpobpo reads no deeper"


def setting_problem(name: str, value: object) -> str | None:
    """What is wrong with `value` as the run setting `name`, or None when it is fine.

    seed: any whole number; draws: a whole number from 1 to 100000; hours and
    rate: a finite number of 0 or more. Callers prefix the message with the
    flag or the file place.
    """
    whole = isinstance(value, int) and not isinstance(value, bool)
    if name == "seed":
        return None if whole else f"must be a whole number, not {shown(value)}"
    if name == "draws":
        low, high = DRAWS
        if whole and low <= value <= high:  # type: ignore[operator]
            return None
        return f"must be a whole number from {low} to {high}, not {shown(value)}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isfinite(number) and number >= 0:
            return None
    return f"must be a number of 0 or more, not {shown(value)}"


def cost_pair_problem(hours: object, rate: object) -> str | None:
    """Hours and rate make a cost estimate together: both or neither, and a
    product that a float can hold (each may be finite while the product is not)."""
    if (hours is None) != (rate is None):
        return "go together: give both for a cost estimate, or neither"
    numbers = [v for v in (hours, rate) if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) == 2:
        try:
            product = float(numbers[0]) * float(numbers[1])
        except OverflowError:
            return None  # a number too large on its own is reported as that
        if math.isinf(product):
            return (
                f"multiply to more than kpobpo can count ({shown(hours)} times {shown(rate)}): "
                "give the yearly hours and the hourly rate"
            )
    return None


def shown(value: object, width: int = 40) -> str:
    """A value for a message, cut short when long (a 400-digit number, say)."""
    text = repr(value) if isinstance(value, str) else str(value)
    if len(text) <= width:
        return text
    unit = "digits" if isinstance(value, int) else "characters"
    return f"{text[: width // 2]}... ({len(text)} {unit})"
