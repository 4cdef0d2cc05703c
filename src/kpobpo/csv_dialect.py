"""CSV as Excel writes it: find the encoding and the delimiter of a CSV input.

Excel saves "CSV" in the user's locale: with semicolons where the decimal
separator is a comma (most of Europe), as tab-separated "Unicode text"
(UTF-16), and in the Windows code page (cp1252) unless told otherwise. Such a
file is read without flags:

- the encoding from the bytes: a byte order mark says UTF-8 or UTF-16;
  otherwise the first 64 KiB are tried as UTF-8 and, if they are not, the
  file is read as cp1252 (a superset of latin-1 for the printable range);
- the delimiter from the header line: of `,` `;` and tab, the one that makes
  a `name` cell appear (the most cells breaks a tie); failing that,
  `csv.Sniffer` restricted to those three.

`--encoding` and `--delimiter` override either. What was found is said in a
note on stderr when it is not plain UTF-8 with commas.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import BinaryIO, NamedTuple, TextIO, cast

from kpobpo.errors import UsageError

#: The delimiters Excel writes, in order of preference.
DELIMITERS = (",", ";", "\t")
#: How many bytes are looked at to tell the encoding and the delimiter.
SAMPLE = 1 << 16
#: The error handler that reads a stray non-UTF-8 byte as cp1252 (latin-1
#: for the five bytes cp1252 leaves undefined), so one odd byte deep in a
#: large file costs nothing.
FALLBACK = "kpobpo-cp1252"
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def _fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    text = "".join(_byte(b) for b in bad)
    return text, error.end


def _byte(value: int) -> str:
    try:
        return bytes([value]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(value)


codecs.register_error(FALLBACK, _fallback)


class Dialect(NamedTuple):
    """How a CSV input is read, and whether the user should be told."""

    encoding: str
    delimiter: str
    note: str | None


def _peek(raw: BinaryIO) -> tuple[BinaryIO, bytes]:
    """The stream (buffered, so nothing is consumed) and its first bytes."""
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw, SAMPLE)  # type: ignore[type-var]
    head = buffered.peek(SAMPLE)[:SAMPLE]
    return cast(BinaryIO, buffered), head


def _encoding_of(head: bytes) -> str:
    """The encoding the first bytes say."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or exc.reason != "unexpected end of data":
            return "cp1252"
    return "utf-8"


def _header_line(text: str) -> str:
    """The first line, split where the CSV reader splits it: at "\r\n", "\n" or a lone "\r"."""
    return io.StringIO(text, newline="").readline().rstrip("\r\n")


def _delimiter_of(sample: str) -> str:
    """The delimiter the header line says (see the module's docstring)."""
    line = _header_line(sample)
    best: tuple[bool, int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a quote in the wrong place for this delimiter, say
            continue
        found = any(cell.strip().lower() == "name" for cell in cells)
        if found and (best is None or len(cells) > best[1]):
            best = (found, len(cells), delimiter)
    if best is not None:
        return best[2]
    try:
        return csv.Sniffer().sniff(sample[:8192], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","


def check_delimiter(delimiter: str) -> str:
    """The delimiter a user gave (`;`, `tab` or `\\t` ...), or a UsageError."""
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}
    value = named.get(delimiter.lower(), delimiter)
    if len(value) != 1 or value in '"\r\n' or value.isalnum():
        raise UsageError(f"--delimiter must be one character such as , ; or tab, not {delimiter!r}")
    return value


def check_encoding(encoding: str) -> str:
    """The encoding a user gave, or a UsageError if Python knows no such encoding."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"--encoding {encoding!r} is not an encoding Python knows "
            "(try utf-8, cp1252, latin-1 or utf-16)"
        ) from None


def open_csv_text(
    raw: BinaryIO, encoding: str | None, delimiter: str | None
) -> tuple[TextIO, Dialect]:
    """The input as text for the CSV reader, with its dialect (detected or given)."""
    raw, head = _peek(raw)
    found = check_encoding(encoding) if encoding else _encoding_of(head)
    errors = "strict" if encoding else FALLBACK
    if encoding is None and found == "utf-8" and head.startswith(codecs.BOM_UTF8):
        found = "utf-8-sig"
    if delimiter is not None:
        chosen = check_delimiter(delimiter)
    else:
        chosen = _delimiter_of(head.decode(found, errors="replace"))
    said: list[str] = []
    if encoding is None and found not in ("utf-8", "utf-8-sig"):
        said.append(f"{found} text (not UTF-8)")
    if delimiter is None and chosen != ",":
        said.append(f"{_NAMES.get(chosen, repr(chosen))}-separated")
    note = None
    if said:
        note = (
            "read as "
            + ", ".join(said)
            + " (found from the file; --encoding and --delimiter say otherwise)"
        )
    text = io.TextIOWrapper(raw, encoding=found, errors=errors, newline="")
    return text, Dialect(found, chosen, note)
