"""Markdown output: a short decision memo to paste into a document."""

from __future__ import annotations

from kpobpo.model import Assessment, Criteria
from kpobpo.render import report, wording
from kpobpo.render.report import Amount, Bars, Cell, Fact, Items, Lean, Line, Paragraph, Tone
from kpobpo.render.text import markdown as md
from kpobpo.render.text import number
from kpobpo.weights import weight_shares


def render_assessment(assessment: Assessment) -> str:
    """`assess --format markdown`: the whole report, as a memo dated today (JSON, which
    must come out the same for the same answers, carries no date)."""
    from datetime import date  # off the start-up path: only the memo is dated

    lines = [f"# {md(wording.title(assessment))}", "", f"Date: {date.today().isoformat()}", ""]
    for section in report.build(assessment):
        if section.title:
            lines += [f"## {md(section.title)}", ""]
        for fact in section.facts:
            lines += [*_fact(fact), ""]
    return "\n".join(lines)


#: Markdown's marks for each tone; the others are plain text.
_MARKS = {
    Tone.STRONG: "**",
    Tone.CONFIDENCE: "**",
    Tone.ALERT: "**",
    Tone.EM: "*",
}


def _text(spans: Line) -> str:
    """A report line in Markdown: escaped, on one line, with each tone's marks around the
    words only (a mark next to a space does not count); neighbours in one tone share them."""
    runs: list[tuple[Tone, str]] = []
    for span in spans:
        if runs and runs[-1][0] is span.tone:
            runs[-1] = (span.tone, runs[-1][1] + span.text)
        else:
            runs.append((span.tone, span.text))
    out = ""
    for tone, text in runs:
        mark = _MARKS.get(tone, "")
        words = md(text)
        if words:
            before = " " if text[:1].isspace() else ""
            after = " " if text[-1:].isspace() else ""
            out += f"{before}{mark}{words}{mark}{after}"
    return " ".join(out.split())


def _fact(fact: Fact) -> list[str]:
    if isinstance(fact, Paragraph):
        return [_text(fact.text)]
    if isinstance(fact, Items):
        return [f"- {_text(item)}" for item in fact.items]
    if isinstance(fact, Bars):
        return [
            "| Model | Score |",
            "|---|---:|",
            *(f"| {md(bar.label)} | {number(bar.value)} |" for bar in fact.bars),
        ]
    if fact.ruled:
        # Long cells read better as a list than as a table in the memo's source.
        return [
            "- "
            + _cell(row[0])
            + "".join(
                f" *{md(column.title)}:* {_cell(cell)}"
                for column, cell in zip(fact.columns[1:], row[1:], strict=True)
            )
            for row in fact.rows
        ]
    return [
        "| " + " | ".join(md(c.title) for c in fact.columns) + " |",
        "|" + "".join("---:|" if c.amounts else "---|" for c in fact.columns),
        *("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in fact.rows),
    ]


def _cell(cell: Cell) -> str:
    if isinstance(cell, Amount):
        return number(cell.value)
    if isinstance(cell, Lean):
        return md(cell.label) if cell.label else "even"
    return _text(cell)


def render_comparison(criteria: Criteria) -> str:
    """`compare --format markdown`."""
    models = list(criteria.models)
    lines = [
        f"# {md(criteria.title)}",
        "",
        "| | " + " | ".join(f"{md(m.label)} ({md(m.name)})" for m in models) + " |",
        "|---|" + "---|" * len(models),
        "| What it is | " + " | ".join(md(m.summary) for m in models) + " |",
    ]
    for dimension in criteria.dimensions:
        values = " | ".join(md(dimension.values.get(m.id, "")) for m in models)
        lines.append(f"| {md(dimension.label)} | {values} |")
    lines.append(
        "| Relative billing | " + " | ".join(wording.billing(criteria, m.id) for m in models) + " |"
    )
    lines.append(
        "| Risks | "
        + " | ".join(
            "; ".join(md(r.title) for r in criteria.risks if r.model == m.id) for m in models
        )
        + " |"
    )
    lines += ["", "## What decides: each scored question's share of the total weight", ""]
    lines += ["| Question | Weight | Share |", "|---|---:|---:|"]
    lines += [
        f"| {md(q.prompt)} ({md(q.id)}) | {q.weight:g} | {share:.0f}% |"
        for q, share in weight_shares(criteria)
    ]
    lines.append("")
    return "\n".join(lines)
