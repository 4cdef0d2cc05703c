"""Safe YAML reading that keeps where each value came from.

All YAML in kpobpo goes through `read_document`: it uses PyYAML's safe loader
(the C version when present), refuses tags that would build Python objects,
reports duplicate keys that PyYAML would silently drop, and refuses documents
whose anchors and aliases expand into a huge structure. Each value comes back
wrapped in a `Located` that knows its line and column, so validation messages
can point at the exact place.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from kpobpo.errors import Problem

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only without libyaml
    _Loader = yaml.SafeLoader

#: Most values that aliases may add to a document (each use of an alias counts
#: every value under its anchor again). Plain documents of any size are fine.
MAX_VALUES = 100_000

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


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


class _TooLarge(Exception):
    pass


class YamlProblems(Exception):
    """Raised by `read_document` with the problems that stopped it.

    `document` is what could be read despite them (duplicate keys and refused
    tags left out), when the document could be read at all: a portfolio uses
    it to fail only the rows the problems are in.
    """

    def __init__(self, problems: list[Problem], document: Located | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.document = document


def read_document(text: str, source: str) -> Located | None:
    """Parse one YAML document; None for an empty one.

    Raises `YamlProblems` for syntax errors, refused tags, duplicate keys and
    documents that expand too far.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlProblems([Problem(source, line, column, "", f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise YamlProblems([Problem(source, None, None, "", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    problems: list[Problem] = []
    converter = _Converter(loader, source, problems)
    try:
        result = converter.convert(node, "")
    except _TooLarge:
        raise YamlProblems(
            [
                Problem(
                    source,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "",
                    f"anchors and aliases expand this document by more than {MAX_VALUES:,} "
                    "values; refusing to read it",
                )
            ]
        ) from None
    if problems:
        raise YamlProblems(problems, result)
    return result


class _Converter:
    """Turns a composed YAML node graph into `Located` values, within a budget."""

    def __init__(self, loader: Any, source: str, problems: list[Problem]) -> None:
        self.loader = loader
        self.source = source
        self.problems = problems
        self.count = 0
        self.seen: set[int] = set()

    def _problem(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.source, mark.line + 1, mark.column + 1, path, message))

    def convert(self, node: yaml.Node, path: str) -> Located:
        if id(node) in self.seen:
            self.count += 1
            if self.count > MAX_VALUES:
                raise _TooLarge
        else:
            self.seen.add(id(node))
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag not in _ALLOWED_TAGS:
            self._problem(node, path, f"the tag {node.tag!r} is not allowed here")
            return Located(None, line, column)
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, tuple[int, int]] = {}
            return Located(self._mapping(node, path, keys), line, column, keys)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
            return Located(items, line, column)
        if node.tag == _STR:  # most values: skip the constructor machinery
            return Located(node.value, line, column)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # PyYAML's constructors raise plain ValueErrors too (`!!int abc`).
            self._problem(node, path, f"cannot read this value: {exc}")
            value = None
        return Located(value, line, column)

    def _mapping(
        self, node: yaml.MappingNode, path: str, keys: dict[str, tuple[int, int]]
    ) -> dict[str, Located]:
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    key_node, path, "merge keys (<<) are not supported; write the keys out"
                )
                continue
            key = self.convert(key_node, path)
            if not isinstance(key.value, str | int | float | bool):
                self._problem(key_node, path, "a key must be a plain word")
                continue
            name = str(key.value)
            child = f"{path}.{name}" if path else name
            if name in result:
                self._problem(key_node, child, "appears twice in this mapping")
                continue
            keys[name] = (key.line, key.column)
            result[name] = self.convert(value_node, child)
        return result
