"""`kpobpo criteria diff`: what changed between two criteria files, as a table or JSON.

Labels and values come from the files, so the table shows them as `Text`
after `one_line` has removed control characters, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kpobpo.criteria_diff import Change, CriteriaDiff, Verdict
    from kpobpo.model import Criteria


def render_diff(diff: CriteriaDiff, fmt: str) -> str | RenderableType:
    """The diff in `fmt`: `table` or `json`."""
    if fmt == "json":
        from kpobpo.render.json_doc import dumps

        return dumps(diff_data(diff))
    return _table(diff)


def diff_data(diff: CriteriaDiff) -> dict[str, Any]:
    """The JSON document: both files, the changes, and the services that moved."""
    return {
        "a": _file(diff.old),
        "b": _file(diff.new),
        "changes": [
            {
                "kind": c.kind,
                "change": c.change,
                "question": c.question,
                "option": c.option,
                "label": c.label,
                "field": c.field,
                "old": c.old,
                "new": c.new,
            }
            for c in diff.changes
        ],
        "services": [
            {
                "name": s.name,
                "model": s.model,
                "answers": dict(s.answers),
                "a": _verdict(s.before),
                "b": _verdict(s.after),
            }
            for s in diff.services
        ],
    }


def _file(criteria: Criteria) -> dict[str, str]:
    return {"file": criteria.source, "version": criteria.version, "sha256": criteria.sha256}


def _verdict(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "recommendation": verdict.recommendation,
        "confidence": verdict.confidence,
        "scores": {m: round(v, 2) for m, v in verdict.scores.items()},
    }


def _table(diff: CriteriaDiff) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kpobpo.render.layout import Symbols
    from kpobpo.render.text import one_line

    parts: list[RenderableType] = [
        Text(f"A: {one_line(diff.old.source)}\nB: {one_line(diff.new.source)}")
    ]
    if diff.changes:
        changes = Table(title="What changed from A to B", title_justify="left")
        for column in ("Change", "Where", "Label", "A", "B"):
            changes.add_column(column, overflow="fold")
        for change in diff.changes:
            changes.add_row(
                Text(change.change),
                Text(one_line(_where(change))),
                Text(one_line(change.label)),
                Text(one_line(_value(change.old))),
                Text(one_line(_value(change.new))),
            )
        parts.append(Symbols(changes))
    else:
        parts.append(Text("No model, question, option, weight or threshold changed."))
    if diff.services:
        services = Table(
            title="Services whose model or confidence changes (services of B)",
            title_justify="left",
        )
        for column in ("Service", "Usually", "Under A", "Under B"):
            services.add_column(column, overflow="fold")
        for shift in diff.services:
            services.add_row(
                Text(one_line(shift.name)),
                Text(one_line(_label(diff.new, shift.model))),
                Text(_result(diff.old, shift.before)),
                Text(_result(diff.new, shift.after)),
            )
        parts.append(Symbols(services))
    else:
        parts.append(Text("No service of B changes model or confidence."))
    return Group(*parts)


def _where(change: Change) -> str:
    where = change.kind
    if change.question is not None:
        where = change.question if change.option is None else f"{change.question}.{change.option}"
    if not change.field:
        return where
    return change.field if change.field.startswith(f"{where}.") else f"{where} {change.field}"


def _value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _label(criteria: Criteria, model_id: str) -> str:
    return next((m.label for m in criteria.models if m.id == model_id), model_id)


def _result(criteria: Criteria, verdict: Verdict | None) -> str:
    from kpobpo.render.text import one_line

    if verdict is None:
        return "not scored (no answer it knows)"
    ranked = sorted(verdict.scores.items(), key=lambda item: -item[1])
    scores = ", ".join(f"{_label(criteria, m)} {v:.1f}" for m, v in ranked)
    return one_line(f"{_label(criteria, verdict.recommendation)}, {verdict.confidence} ({scores})")
