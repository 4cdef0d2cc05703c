"""Derive the editor's JSON Schema and the reference page from `kpobpo.schema`.

Both files are generated, committed and shipped, and a test checks that they
equal what this module generates now, so neither can drift from the loader:

- data/criteria.schema.json, beside data/criteria.yaml (and in the wheel as
  kpobpo/data/criteria.schema.json), named by the criteria file's first line
  ``# yaml-language-server: $schema=criteria.schema.json`` so that a YAML
  editor completes and checks the file as it is typed;
- docs/criteria.md, the reference of every section and key.

Regenerate both after changing the schema:

    python -m kpobpo.schema_export            # writes them
    python -m kpobpo.schema_export --check    # exits 1 when either is stale
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from kpobpo.schema import (
    COLOUR_PATTERN,
    CRITERIA,
    ID_PATTERN,
    RESULT_STATES,
    SECTIONS,
    Field,
    Section,
)

#: The JSON Schema's name beside the criteria file, as its `$schema` line gives it.
SCHEMA_NAME = "criteria.schema.json"
#: The line that names the schema, first in the shipped criteria file.
SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# -- JSON Schema -----------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a criteria file (draft 2020-12), derived from the schema."""
    document: dict[str, Any] = {
        "$schema": _DIALECT,
        "title": "kpobpo criteria file",
        **_object(CRITERIA),
        "$defs": {s.name: _object(s) for s in SECTIONS if s is not CRITERIA},
    }
    return document


def json_schema_text() -> str:
    """The JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(section: Section) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": section.help,
        "properties": {f.name: _value(f) for f in section.fields},
    }
    if section.required:
        schema["required"] = list(section.required)
    schema["additionalProperties"] = False
    decided = [_decided_by(f) for f in section.fields if f.only_when]
    if decided:
        schema["allOf"] = decided
    return schema


def _decided_by(field: Field) -> dict[str, Any]:
    """A field required when its flag is true (the default) and refused when it is false."""
    flag = field.only_when
    return {
        "if": {"properties": {flag: {"const": False}}, "required": [flag]},
        "then": {"not": {"required": [field.name]}},
        "else": {"required": [field.name]},
    }


def _value(field: Field) -> dict[str, Any]:
    schema = {"description": _help(field), **_kind(field)}
    if field.default and field.kind != "list":
        schema["default"] = json.loads(field.default) if field.kind != "text" else field.default
    return schema


def _help(field: Field) -> str:
    if field.bound:
        return f"{field.help} At most {field.bound}."
    return field.help


def _kind(field: Field) -> dict[str, Any]:
    kind = field.kind
    if kind == "text":
        return {"type": "string", "pattern": "\\S"}
    if kind == "id":
        return {"type": "string", "pattern": ID_PATTERN}
    if kind == "version":
        return {"type": ["string", "number"]}
    if kind == "flag":
        return {"type": "boolean"}
    if kind == "colour":
        return {"type": "string", "pattern": f"^{COLOUR_PATTERN}$"}
    if kind == "number":
        return _number(field)
    if kind == "whole":
        return {"type": "integer", "minimum": int(field.low), "maximum": int(field.high)}
    if kind == "pair":
        return {
            "type": "array",
            "prefixItems": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                {"type": "number", "minimum": 1, "maximum": _plain(field.high)},
            ],
            "minItems": 2,
            "maxItems": 2,
        }
    if kind == "section":
        return {"$ref": f"#/$defs/{_section(field).name}"}
    if kind == "list":
        return {"type": "array", "items": _items(field), "minItems": field.min_items}
    if kind == "per_model":
        value = _number(field) if field.item == "number" else {"type": "string", "pattern": "\\S"}
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": value,
            "minProperties": 1,
        }
    assert kind == "answers", kind
    return {
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"type": "string", "pattern": ID_PATTERN},
    }


def _number(field: Field) -> dict[str, Any]:
    low = "exclusiveMinimum" if field.above else "minimum"
    schema: dict[str, Any] = {"type": "number", low: _plain(field.low)}
    if not field.bound:  # a bound set by another field is checked by kpobpo only
        schema["maximum"] = _plain(field.high)
    return schema


def _items(field: Field) -> dict[str, Any]:
    if isinstance(field.item, Section):
        return {"$ref": f"#/$defs/{field.item.name}"}
    if field.item == "state":
        return {"enum": list(RESULT_STATES)}
    return {"type": "string", "pattern": ID_PATTERN}


def _section(field: Field) -> Section:
    assert isinstance(field.item, Section)
    return field.item


def _plain(number: float) -> float | int:
    """A bound as JSON writes it: 1000 rather than 1000.0."""
    return int(number) if number == int(number) else number


# -- the reference page -------------------------------------------------------------


_INTRO = """\
# The criteria file

<!-- Generated from src/kpobpo/schema.py by `python -m kpobpo.schema_export`;
     edit the schema and regenerate, not this page (a test checks it). -->

Everything kpobpo knows about the models it compares lives in one YAML file:
the shipped [`data/criteria.yaml`](../data/criteria.yaml), or your own copy
(`kpobpo criteria init`, then `--criteria FILE` or `KPOBPO_CRITERIA`).
This page lists every section and key; `kpobpo criteria validate FILE`
checks a file against the same declaration and reports every problem at once,
with its file, line, column and field path.

## Editor completion

The shipped file names its JSON Schema in its first line:

    # yaml-language-server: $schema=criteria.schema.json

Editors that use the YAML language server (VS Code with the YAML extension,
Neovim, Emacs, Helix and others) read that line, then complete keys, show
each key's help and mark wrong types and values as you type. The path is
relative to the criteria file: the schema sits beside it, in `data/` of a
checkout and in `kpobpo/data/` of an installed package.
`kpobpo criteria init` keeps the line working in the copy it writes: it
points it at the absolute path of the schema beside the file it copied. If
you share your copy, or kpobpo moves (a new virtual environment), write the
path of a `criteria.schema.json` your team can reach, for example one kept
beside the file.

The editor checks the shape; `kpobpo criteria validate` checks it too, and
also what a schema cannot say:

- ids are unique in their list (models, questions, options, risks,
  dimensions, advisories), service names are unique (case aside), and a
  YAML key appears once in its mapping;
- a risk's or a service's `model` names a model; a condition's `question`
  names a question and its `options` name options of that question; a
  service's `answers` name questions and their options; `confidence.defining`
  names scored questions;
- a scored question has a `weight` and points for every model on every
  option (from 0 to `scoring.max_points`); an unscored one has neither;
- at least two models and one scored question; `high_margin` is not below
  `borderline_margin`, `fragile_win_rate` not above `robust_win_rate`;
- the promises the file makes: options of an `ordered` question lean ever
  further toward one model, and every service still gets the model it names.
"""


def reference_page() -> str:
    """docs/criteria.md: the intro, then a table of keys for every section."""
    parts = [_INTRO]
    for section in SECTIONS:
        parts.append(f"\n## `{section.name}`\n\n{section.help}\n\n")
        parts.append("| key | kind | required | allowed | meaning |\n")
        parts.append("|---|---|---|---|---|\n")
        for field in section.fields:
            required = "yes" if field.required else "no"
            if field.only_when:
                required = f"if {field.only_when}"
            cells = (f"`{field.name}`", _kind_name(field), required, _allowed(field), field.help)
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    return "".join(parts)


def _kind_name(field: Field) -> str:
    item = field.item
    if isinstance(item, Section):
        link = f"[`{item.name}`](#{item.name})"
        return f"list of {link}" if field.kind == "list" else link
    names = {
        "per_model": f"{item} per model id",
        "answers": "option id per question id",
        "pair": "[low, high]",
        "list": f"list of {'result states' if item == 'state' else 'ids'}",
        "whole": "whole number",
        "flag": "true or false",
        "colour": '"#rrggbb"',
        "version": "text or number",
    }
    return names.get(field.kind, field.kind)


def _allowed(field: Field) -> str:
    kind = field.kind
    default = f"; default {field.default}" if field.default else ""
    if kind in ("number", "per_model") and field.item != "text":
        low = ">" if field.above else ">="
        high = field.bound or f"{field.high:g}"
        return f"{low} {field.low:g}, <= {high}{default}"
    if kind == "whole":
        return f"{field.low:g} to {field.high:g}{default}"
    if kind == "pair":
        return f"0 < low <= 1 <= high <= {field.high:g}{default}"
    if kind == "id":
        return "letters, digits, _ or -; a letter first"
    if kind == "list" and field.item == "state":
        return ", ".join(RESULT_STATES)
    if kind == "list":
        at_least = f"at least {field.min_items}" if field.min_items else "may be empty"
        return at_least + default
    return default.removeprefix("; ")


# -- the $schema line -----------------------------------------------------------------


def copy_with_schema_line(text: str, source: Path) -> str:
    """The text of a copy of the criteria file at `source`, to be written elsewhere.

    A relative path in its first line's `$schema=` is made absolute (against
    `source`'s folder), so that an editor opening the copy finds the same
    schema; a URL, an absolute path or a file without the line is kept as is.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    first, newline, rest = text.removeprefix(bom).partition("\n")
    if not first.startswith(SCHEMA_LINE_PREFIX):
        return text
    target = first.removeprefix(SCHEMA_LINE_PREFIX).strip()
    if not target or "://" in target or Path(target).is_absolute():
        return text
    absolute = Path(os.path.abspath(source)).parent / target
    return f"{bom}{SCHEMA_LINE_PREFIX}{absolute}{newline}{rest}"


# -- writing and checking -----------------------------------------------------------


def generated(root: Path) -> dict[Path, str]:
    """Every generated file under the checkout `root`, with its content."""
    return {
        root / "data" / SCHEMA_NAME: json_schema_text(),
        root / "docs" / "criteria.md": reference_page(),
    }


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Write the generated files (or, with --check, say which are stale: exit 1).

    `root` is the checkout (by default the one this module is in).
    """
    args = sys.argv[1:] if argv is None else argv
    root = root or Path(__file__).resolve().parent.parent.parent
    stale = []
    for path, text in generated(root).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if "--check" not in args:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'stale' if '--check' in args else 'written'}")
    return 1 if stale and "--check" in args else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
