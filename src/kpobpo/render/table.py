"""Terminal output: Rich tables for people reading in a terminal.

Everything that came from a file is wrapped in `Text` (never markup) after
`clean` has removed control characters. Tables with a column per model fall
back to a stacked layout when the terminal is too narrow for them, and the
symbols turn into ASCII on a terminal that is not UTF-8 (see `layout`).
"""

from __future__ import annotations

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kpobpo.model import Assessment, Confidence, Criteria
from kpobpo.render import wording
from kpobpo.render.layout import Fitted, Symbols
from kpobpo.render.text import number, one_line
from kpobpo.weights import weight_shares

_CONFIDENCE_STYLE = {
    Confidence.HIGH: "bold green",
    Confidence.MEDIUM: "bold yellow",
    Confidence.LOW: "bold red",
}
_BAR_WIDTH = 20
_MAX_WHAT_IF = 8


def _bar(value: float, style: str) -> Text:
    filled = round(value / 100 * _BAR_WIDTH)
    return Text.assemble(("█" * filled, style), ("·" * (_BAR_WIDTH - filled), "dim"))


def render_assessment(assessment: Assessment) -> RenderableType:
    """`assess --format table`."""
    criteria = assessment.criteria
    winner = criteria.model(assessment.recommendation)
    confidence = assessment.confidence
    verdict, name = wording.heading(assessment)
    headline = Text.assemble(
        (verdict, "bold"),
        (name, "bold cyan"),
        f" ({one_line(winner.name)})",
        "   confidence: ",
        (confidence.value, _CONFIDENCE_STYLE[confidence]),
        (" (borderline)" if assessment.borderline else "", "bold red"),
    )
    explanation = Text(f"{wording.lead(assessment)} {wording.confidence_reason(assessment)}")

    scores = Table(title="Scores (0-100)", title_justify="left", show_header=False, box=None)
    scores.add_column("model")
    scores.add_column("bar")
    scores.add_column("score", justify="right")
    for model_id in assessment.ranking:
        style = "cyan" if model_id == winner.id else "white"
        scores.add_row(
            Text(wording.label(criteria, model_id)),
            _bar(assessment.scores[model_id], style),
            number(assessment.scores[model_id]),
        )

    parts: list[RenderableType] = [headline, explanation]
    if criteria.priorities:
        parts.append(Text(wording.priorities(criteria), style="italic"))
    parts += [Text(""), scores, Text("")]
    parts.append(_why(assessment))
    if assessment.unanswered:
        parts.append(
            Text(
                "Not answered: "
                + ", ".join(wording.question_prompt(criteria, q) for q in assessment.unanswered),
                style="yellow",
            )
        )
    parts += [Text(""), _what_would_change(assessment), Text("")]
    parts.append(Text.assemble(("Cost: ", "bold"), wording.cost(assessment)))
    if assessment.cost is not None:
        parts.append(Text(wording.yearly_cost(assessment)))
    parts.append(Text(""))
    if assessment.advisories:
        parts += [_advice(assessment), Text("")]
    parts.append(_risk_table(assessment))
    return Symbols(Group(*parts))


def _why(assessment: Assessment) -> RenderableType:
    """Contributions per answer, with a bar showing which model each answer favours."""
    criteria = assessment.criteria
    runner_up = assessment.ranking[1]
    title = "Why: what each answer gave each model"
    why = Table(title=title, title_justify="left")
    stacked: list[RenderableType] = [Text(title, style="italic")]
    why.add_column("Question")
    why.add_column("Answer")
    for model in criteria.models:
        why.add_column(Text(one_line(model.label)), justify="right")
    why.add_column("Favours")
    widest = max(
        (
            abs(c.points[assessment.recommendation] - c.points[runner_up])
            for c in assessment.contributions
        ),
        default=0.0,
    )
    for c in assessment.contributions:
        lead = c.points[assessment.recommendation] - c.points[runner_up]
        favoured = assessment.recommendation if lead >= 0 else runner_up
        length = round(abs(lead) / widest * 12) if widest else 0
        favours = (
            Text.assemble(
                (f"{wording.label(criteria, favoured):<4} ", "bold"),
                ("█" * length, "cyan" if favoured == assessment.recommendation else "magenta"),
            )
            if length
            else Text("even", style="dim")
        )
        prompt = wording.question_prompt(criteria, c.question)
        answer = wording.answer_label(criteria, c.question, c.answer)
        why.add_row(
            Text(prompt), Text(answer), *(number(c.points[m.id]) for m in criteria.models), favours
        )
        leaning = f"favours {wording.label(criteria, favoured)}" if length else "even"
        points = [Text(f"{one_line(m.label)} {number(c.points[m.id])}") for m in criteria.models]
        stacked.append(Text.assemble((prompt, "bold"), " ", answer, f" ({leaning})"))
        stacked.append(Padding(Columns(points, padding=(0, 2)), (0, 0, 0, 2)))
    return Fitted(why, Group(*stacked))


def _what_would_change(assessment: Assessment) -> RenderableType:
    """What-if sentences, robustness and weight sensitivity."""
    lines = Text()
    lines.append("What would change it\n", style="bold")
    if assessment.what_if:
        shown = assessment.what_if[:_MAX_WHAT_IF]
        for change in shown:
            lines.append(f"• {wording.what_if(assessment, change)}\n")
        hidden = len(assessment.what_if) - len(shown)
        if hidden:
            lines.append(f"• … and {hidden} more (see --format json).\n", style="dim")
    else:
        lines.append(f"• {wording.no_what_if(assessment)}\n")
    lines.append(f"• {wording.robustness(assessment)}\n")
    for item in assessment.weight_sensitivity:
        lines.append(f"• Weight of {item.question}: {wording.weight(assessment, item)}.\n")
    lines.rstrip()
    return lines


def _advice(assessment: Assessment) -> RenderableType:
    text = Text()
    text.append("Advice\n", style="bold")
    for advisory in assessment.advisories:
        text.append("• " + one_line(advisory.advice))
        text.append(f" (because {wording.advisory_because(assessment, advisory)})\n", style="dim")
    text.rstrip()
    return text


def _risk_table(assessment: Assessment) -> RenderableType:
    criteria = assessment.criteria
    if not assessment.risks:
        return Text("No risks listed for this model.")
    risks = Table(title="Risks to plan for", title_justify="left", show_lines=True)
    risks.add_column("Risk", ratio=2)
    risks.add_column("Mitigation", ratio=3)
    for note in assessment.risks:
        risk = note.risk
        cell = Text()
        if note.elevated:
            cell.append("▲ ELEVATED ", style="bold red")
        cell.append(one_line(risk.title), style="bold")
        cell.append(f" ({wording.risk_models(criteria, note)})", style="dim")
        if note.elevated:
            cell.append(f"\nbecause {wording.elevated_because(assessment, note)}", style="red")
        cell.append("\n" + one_line(risk.description))
        risks.add_row(cell, Text(one_line(risk.mitigation)))
    return risks


def render_comparison(criteria: Criteria) -> RenderableType:
    """`compare --format table`: models side by side, or one under the other if they do not fit."""
    models = criteria.models
    rows: list[tuple[str, list[Text]]] = [
        ("What it is", [Text(one_line(m.summary)) for m in models])
    ]
    rows += [
        (d.label, [Text(one_line(d.values.get(m.id, ""))) for m in models])
        for d in criteria.dimensions
    ]
    rows.append(("Relative billing", [Text(wording.billing(criteria, m.id)) for m in models]))
    rows.append(
        (
            "Risks",
            [
                Text("\n".join("• " + one_line(r.title) for r in criteria.risks if r.model == m.id))
                for m in models
            ],
        )
    )
    title = Text(one_line(criteria.title))
    table = Table(title=title, show_lines=True)
    table.add_column("", style="bold")
    for model in models:
        table.add_column(Text(f"{one_line(model.label)}\n{one_line(model.name)}"))
    for label, cells in rows:
        table.add_row(Text(one_line(label)), *cells)

    names = [Text(one_line(m.label)) for m in models]
    stacked: list[RenderableType] = [
        Text(title.plain, style="bold"),
        Text(""),
        _grid("Models", list(zip(names, (Text(one_line(m.name)) for m in models), strict=True))),
    ]
    stacked += [
        _grid(one_line(label), list(zip(names, cells, strict=True))) for label, cells in rows
    ]
    return Symbols(Group(Fitted(table, Group(*stacked)), Text(""), _weight_shares(criteria)))


def _weight_shares(criteria: Criteria) -> RenderableType:
    """Each scored question's share of the total weight: what decides the result.

    Plain lines rather than a table: it is shown on every `compare`, and a
    Rich table costs start-up time.
    """
    lines = Text("What decides: each scored question's share of the total weight\n", "italic")
    for question, share in weight_shares(criteria):
        lines.append(f"{share:4.0f}% ")
        lines.append_text(_bar(share, "cyan"))
        lines.append(f" {one_line(question.prompt)} (weight {question.weight:g})\n")
    lines.rstrip()
    return lines


def _grid(heading: str, pairs: list[tuple[Text, Text]]) -> RenderableType:
    """A heading, then one indented line per model: its label, then its cell."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(overflow="fold")
    grid.add_column(overflow="fold")
    for name, cell in pairs:
        grid.add_row(Text.assemble("  ", name), cell)
    return Group(Text(heading, style="bold"), grid, Text(""))


#: The services table's name column wraps at this width, so the answers fit 80 columns.
_SERVICE_WIDTH = 24


def render_services(criteria: Criteria) -> RenderableType:
    """`services`: name, usual model and typical answers of each known service.

    A table whose answers column keeps each `question=option` pair whole (one
    per line), so it fits 80 columns; one service under the other when the
    terminal is too narrow for that.
    """
    if not criteria.services:
        return Text("The criteria file lists no services.")
    from kpobpo.catalogue import service_id

    title = "Known services (kpobpo assess --service ID, or any unambiguous part of a name)"
    table = Table(title=title, title_justify="left")
    table.add_column("Service and id", max_width=_SERVICE_WIDTH)
    table.add_column("Model")
    table.add_column("Typical answers")
    stacked: list[RenderableType] = [Text(title, style="bold")]
    for service in criteria.services:
        name = Text(one_line(service.name))
        ident = service_id(service)
        model = Text(wording.label(criteria, service.model))
        pairs = [f"{one_line(q)}={one_line(a)}" for q, a in service.answers.items()]
        table.add_row(
            Text.assemble(name.plain, ("\n" + ident, "dim")), model, Text("\n".join(pairs))
        )
        stacked.append(
            Text.assemble(
                "\n", (name.plain, "bold"), "  ", (ident, "dim"), "  ", (model.plain, "dim")
            )
        )
        stacked.append(Padding(Text(", ".join(pairs), overflow="fold"), (0, 0, 0, 2)))
    return Symbols(Fitted(table, Group(*stacked)))
