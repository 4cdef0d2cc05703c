"""Safe YAML reading that keeps where each value came from.

All YAML in kpobpo goes through `parse_document` (or `read_document`): it uses
PyYAML's safe parser (the C version when present) and builds the values from
its events with an explicit stack, never by recursion, so no document can
exhaust Python's stack. It refuses tags that would build Python objects,
reports duplicate keys that PyYAML would silently drop, and stops at the
limits of `kpobpo.limits`: nesting deeper than `MAX_DEPTH`, an alias inside
the value it names, and aliases that repeat more than `MAX_ALIAS_EXPANSION`
(counted by size, so one long text repeated many times counts in full).
Each value comes back wrapped in a `Located` that knows its line and column,
so validation messages can point at the exact place.
"""

from __future__ import annotations

import gc
import re
from typing import Any, NamedTuple

import yaml

from kpobpo.errors import Problem
from kpobpo.limits import MAX_ALIAS_EXPANSION, MAX_ALIAS_EXPANSION_MB, MAX_DEPTH, too_deep

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only without libyaml
    _Loader = yaml.SafeLoader
#: libyaml reports a bad character's place in UTF-8 bytes, PyYAML in characters.
_POSITIONS_IN_BYTES = _Loader is not yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_EXPONENT = re.compile(r"([-+]?)(\d*)(?:\.(\d*))?([eE])([-+]?)(\d+)")


class Located(NamedTuple):
    """A value read from YAML and the place it was read from (1-based)."""

    value: Any
    line: int
    column: int
    #: For a mapping: where each key stands, as (line, column).
    keys: dict[str, tuple[int, int]] | None = None

    def key_at(self, key: str) -> Located:
        """A `Located` pointing at `key` itself in this mapping (or at the mapping)."""
        line, column = (self.keys or {}).get(key, (self.line, self.column))
        return Located(key, line, column)


class Document(NamedTuple):
    """A document read as far as it could be, and the problems found in it.

    The problems did not stop the reading (duplicate keys, refused tags and
    values): the value stands without the offending part, so a validator
    can go on and report its own problems with these.
    """

    root: Located | None
    problems: list[Problem]


class YamlProblems(Exception):
    """The problems that stopped a document from being read."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def read_document(text: str, source: str) -> Located | None:
    """Parse one YAML document; None for an empty one.

    Raises `YamlProblems` for any problem, including those `parse_document`
    would let through.
    """
    document = parse_document(text, source)
    if document.problems:
        raise YamlProblems(document.problems)
    return document.root


def parse_document(text: str, source: str) -> Document:
    """Parse one YAML document, keeping the problems that do not stop the reading.

    Raises `YamlProblems` when the text cannot be read at all: a syntax
    error, a character YAML does not allow, or a limit passed.
    """
    builder = _Builder(source)
    loader = _Loader(text)
    collecting = gc.isenabled()
    # The values built here hold no reference cycles: pausing the cycle
    # collector while building them halves the time a large document takes.
    gc.disable()
    try:
        root = builder.run(loader)
    except _Stop as stop:
        raise YamlProblems([*builder.problems, stop.problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        # libyaml's scanner has a nesting limit of its own, which it can meet
        # before the parser hands over the events that would meet ours.
        message = too_deep() if "maximum nesting depth" in what else f"not valid YAML: {what}"
        problem = Problem(source, line, column, "", message)
        raise YamlProblems([*builder.problems, problem]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _place(text, exc.position)
        problem = Problem(
            source,
            line,
            column,
            "",
            f"the character U+{exc.character:04X} is not allowed in YAML "
            "(a control character?); remove it",
        )
        raise YamlProblems([*builder.problems, problem]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every error PyYAML raises has a place
        raise YamlProblems([Problem(source, None, None, "", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return Document(root, builder.problems)


def number_hint(value: object) -> str:
    """How to write `value`, text where a number was expected, so that YAML reads a number.

    YAML 1.1 reads `1e308` (no dot, no sign) as text; empty when `value`
    does not look like a number at all.
    """
    if not isinstance(value, str):
        return ""
    text = value.strip()
    match = _EXPONENT.fullmatch(text)
    if match:
        sign, whole, fraction, letter, exponent_sign, exponent = match.groups()
        written = f"{sign}{whole or '0'}.{fraction or '0'}{letter}{exponent_sign or '+'}{exponent}"
        return f"{text} is read as text in YAML; write {written}"
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", text):
        return f"{text!r} is text here; write it without quotes"
    return ""


def _place(text: str, position: int) -> tuple[int, int]:
    """The line and column of `position` in `text`, as a YAML reader error gives it."""
    if _POSITIONS_IN_BYTES:
        before = text.encode("utf-8", "replace")[:position].decode("utf-8", "replace")
    else:  # pragma: no cover - only without libyaml
        before = text[:position]
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1


class _Stop(Exception):
    """A problem after which the document is not read on."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Frame:
    """A list or mapping being built: its place, what it holds so far, its size."""

    __slots__ = (
        "anchor",
        "column",
        "expect_value",
        "items",
        "key",
        "keys",
        "line",
        "path",
        "refused",
        "size",
        "skip",
    )

    def __init__(self, path: str, line: int, column: int, anchor: str | None, *, is_map: bool):
        self.path = path
        self.line = line
        self.column = column
        self.anchor = anchor
        self.items: dict[str, Located] | list[Located] = {} if is_map else []
        self.keys: dict[str, tuple[int, int]] | None = {} if is_map else None
        self.key = ""
        self.expect_value = False
        self.skip = False
        self.refused = False
        self.size = 1


class _Builder:
    """Builds `Located` values from parser events, within the limits."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Located | None = None
        #: Anchors of finished values: (value, size, line).
        self.anchors: dict[str, tuple[Located, int, int]] = {}
        #: Anchors of lists and mappings still open, with their line.
        self.open: dict[str, int] = {}
        self.expanded = 0
        self.tags: dict[tuple[str, Any], str] = {}
        self.loader: Any = None

    def run(self, loader: Any) -> Located | None:
        self.loader = loader
        documents = 0
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, is_map=kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end()
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.stop(event, "not valid YAML: expected one document, found another")
            elif kind is yaml.StreamEndEvent:
                return self.root

    # -- places and problems ------------------------------------------------------

    def child_path(self) -> str:
        """The field path of the value that comes next."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.items, list):
            return f"{top.path}[{len(top.items)}]"
        if top.expect_value and not top.skip:
            return f"{top.path}.{top.key}" if top.path else top.key
        return top.path

    def problem(self, line: int, column: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, line, column, path, message))

    def stop(self, event: Any, message: str, path: str = "") -> _Stop:
        mark = event.start_mark
        return _Stop(Problem(self.source, mark.line + 1, mark.column + 1, path, message))

    def awaiting_key(self) -> bool:
        if not self.stack:
            return False
        top = self.stack[-1]
        return top.keys is not None and not top.expect_value

    # -- events ---------------------------------------------------------------------

    def scalar(self, event: Any) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        tag = event.tag
        if tag is None or tag == "!":
            cached = (event.value, event.implicit)
            tag = self.tags.get(cached)
            if tag is None:
                tag = self.tags[cached] = self.loader.resolve(
                    yaml.ScalarNode, event.value, event.implicit
                )
        if tag == _MERGE and self.awaiting_key():
            top = self.stack[-1]
            self.problem(
                line, column, top.path, "merge keys (<<) are not supported; write the keys out"
            )
            top.expect_value = top.skip = True
            return
        value: Any = None
        if tag == _STR:  # most values: skip the constructor machinery
            value = event.value
        elif tag not in _ALLOWED_TAGS:
            self.problem(line, column, self.child_path(), f"the tag {tag!r} is not allowed here")
        else:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = self.loader.yaml_constructors[tag](self.loader, node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError) as exc:
                # PyYAML's constructors raise plain errors too (`!!int abc`), and
                # an AttributeError for a timestamp that does not match at all.
                why = f"not a {tag.rsplit(':', 1)[-1]}" if isinstance(exc, AttributeError) else exc
                self.problem(line, column, self.child_path(), f"cannot read this value: {why}")
        located = Located(value, line, column)
        size = 1 + len(event.value)
        if event.anchor is not None:
            self.check_anchor(event)
            self.anchors[event.anchor] = (located, size, line)
        self.deliver(located, size)

    def start(self, event: Any, *, is_map: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.stop(event, too_deep())
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        frame = _Frame(self.child_path(), line, column, event.anchor, is_map=is_map)
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            self.problem(line, column, frame.path, f"the tag {tag!r} is not allowed here")
            frame.refused = True
        if event.anchor is not None:
            self.check_anchor(event)
            self.open[event.anchor] = line
        self.stack.append(frame)

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.refused:
            located = Located(None, frame.line, frame.column)
        else:
            located = Located(frame.items, frame.line, frame.column, frame.keys)
        if frame.anchor is not None:
            del self.open[frame.anchor]
            self.anchors[frame.anchor] = (located, frame.size, frame.line)
        self.deliver(located, frame.size)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open:
            raise self.stop(
                event,
                f"an alias refers to itself: *{name} stands inside the value &{name} names",
                self.child_path(),
            )
        found = self.anchors.get(name)
        if found is None:
            raise self.stop(event, f"not valid YAML: found undefined alias {name!r}")
        located, size, _ = found
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise self.stop(
                event,
                f"anchors and aliases expand this document by more than "
                f"{MAX_ALIAS_EXPANSION_MB} MB; refusing to read it (write the repeated "
                "parts out, or use fewer aliases)",
            )
        self.deliver(located, size)

    def check_anchor(self, event: Any) -> None:
        name = event.anchor
        first = self.open.get(name) or (self.anchors[name][2] if name in self.anchors else None)
        if first is not None:
            raise self.stop(
                event,
                f"not valid YAML: the anchor &{name} is defined twice (first on line {first})",
            )

    def deliver(self, value: Located, size: int) -> None:
        """Put a finished value where it belongs: the root, a list, a key or a value."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        items = top.items
        if isinstance(items, list):
            items.append(value)
            return
        if top.expect_value:
            if not top.skip:
                items[top.key] = value
            top.expect_value = top.skip = False
            return
        top.expect_value = True
        if not isinstance(value.value, str | int | float | bool):
            self.problem(value.line, value.column, top.path, "a key must be a plain word")
            top.skip = True
            return
        name = str(value.value)
        assert top.keys is not None
        if name in top.keys:
            child = f"{top.path}.{name}" if top.path else name
            self.problem(value.line, value.column, child, "appears twice in this mapping")
            top.skip = True
            return
        top.key = name
        top.keys[name] = (value.line, value.column)
