"""Load and validate a criteria file.

`load_criteria` reads the whole file, checks every field and cross-reference,
and either returns a `Criteria` or raises one `CriteriaError` listing every
problem with its file, line, column and field path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kpobpo import CRITERIA_ENV
from kpobpo.errors import CriteriaError, Problem
from kpobpo.limits import read_whole
from kpobpo.model import Criteria


def shipped_criteria_path() -> Path:
    """Where the criteria file that comes with kpobpo lives."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "criteria.yaml"
    # Which branch runs depends on how kpobpo was installed, so a test run
    # covers one or the other; tests/test_install.py runs the wheel's.
    if installed.is_file():  # pragma: no cover
        return installed
    return here.parent.parent / "data" / "criteria.yaml"  # pragma: no cover


def resolve_criteria_path(option: str | None) -> Path:
    """The criteria file to use: the option, else $KPOBPO_CRITERIA, else the shipped one.

    A file named by $KPOBPO_CRITERIA that is missing (or a folder) is refused
    here, naming the variable: nothing on the command line named it.
    """
    if option:
        return Path(option)
    env = os.environ.get(CRITERIA_ENV)
    if env:
        if os.path.isdir(env):
            wrong = "is a folder, not a file"
        elif not os.path.exists(env):
            wrong = "no such file"
        else:
            return Path(env)
        hint = f"{wrong}; unset {CRITERIA_ENV} to use the shipped criteria"
        raise CriteriaError([Problem(f"{env} (from {CRITERIA_ENV})", None, None, "", hint)])
    return shipped_criteria_path()


def read_text(path: Path, error: Callable[[list[Problem]], Exception]) -> tuple[str, bytes]:
    """Read a whole UTF-8 file, turning OS, size and encoding failures into `error`.

    The size limit is checked while reading (`kpobpo.limits.read_whole`), so
    a device or a pipe that never ends stops at the limit. A folder is
    refused like any other path that is not a readable file (exit 1).
    """
    source = str(path)
    try:
        with open(path, "rb") as stream:
            raw = read_whole(stream, source, error)
    except FileNotFoundError:
        raise error([Problem(source, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise error([Problem(source, None, None, "", "is a folder, not a file")]) from None
    except OSError as exc:
        raise error([Problem(source, None, None, "", f"cannot read: {exc.strerror}")]) from None
    return decode_text(raw, source, error), raw


def read_standard_input(source: str, error: Callable[[list[Problem]], Exception]) -> str:
    """All of standard input as text, by the rules `read_text` reads a file by."""
    import sys

    return decode_text(read_whole(sys.stdin.buffer, source, error), source, error)


def decode_text(raw: bytes, source: str, error: Callable[[list[Problem]], Exception]) -> str:
    """A document's bytes as text: UTF-8 (a byte order mark dropped), no NUL bytes."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            [Problem(source, line, None, "", "is not UTF-8 text (is it a binary file?)")]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise error([Problem(source, line, None, "", "contains a NUL byte; not a text file")])
    return text


def load_criteria(path: Path | str) -> Criteria:
    """Read, validate and return the criteria file at `path`.

    A file validated before is taken from `kpobpo.criteria_cache`, which
    knows it by its exact bytes: most starts read no YAML at all.
    """
    from kpobpo import criteria_cache

    path = Path(path)
    text, raw = read_text(path, CriteriaError)
    cached = criteria_cache.lookup(raw, str(path))
    if cached is not None:
        return cached
    criteria = parse_criteria(text, str(path), raw)
    criteria_cache.store(criteria)
    return criteria


def parse_criteria(text: str, source: str, content: bytes | None = None) -> Criteria:
    """Validate criteria given as YAML text; `source` names it in messages.

    Every problem is reported at once, in the order of the file: those of
    the YAML itself (a duplicate key, a refused tag) with those of the
    criteria.
    """
    # YAML and the schema are needed only here: a criteria file found in the
    # cache (`kpobpo.criteria_cache`) starts kpobpo without either.
    from kpobpo.validate import read_criteria
    from kpobpo.yamlio import YamlProblems, parse_document

    try:
        document = parse_document(text, source)
    except YamlProblems as exc:
        raise CriteriaError(exc.problems) from None
    raw = text.encode("utf-8") if content is None else content
    criteria, found = read_criteria(document.root, source, raw)
    problems = document.problems + found
    if problems or criteria is None:
        raise CriteriaError(in_file_order(problems))
    return criteria


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the file (those without a place first)."""
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
