"""Terminal output: Rich tables for people reading in a terminal.

Everything that came from a file is wrapped in `Text` (never markup) after
`clean` has removed control characters.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kpobpo.model import Assessment, Confidence, Criteria
from kpobpo.render import wording
from kpobpo.render.text import number, one_line

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

    parts: list[RenderableType] = [headline, explanation, Text(""), scores, Text("")]
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
    return Group(*parts)


def _why(assessment: Assessment) -> RenderableType:
    """Contributions per answer, with a bar showing which model each answer favours."""
    criteria = assessment.criteria
    runner_up = assessment.ranking[1]
    why = Table(title="Why: what each answer gave each model", title_justify="left")
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
        why.add_row(
            Text(wording.question_prompt(criteria, c.question)),
            Text(wording.answer_label(criteria, c.question, c.answer)),
            *(number(c.points[m.id]) for m in criteria.models),
            favours,
        )
    return why


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
    """`compare --format table`."""
    table = Table(title=Text(one_line(criteria.title)), show_lines=True)
    table.add_column("", style="bold")
    for model in criteria.models:
        table.add_column(Text(f"{one_line(model.label)}\n{one_line(model.name)}"))
    table.add_row("What it is", *(Text(one_line(m.summary)) for m in criteria.models))
    for dimension in criteria.dimensions:
        table.add_row(
            Text(one_line(dimension.label)),
            *(Text(one_line(dimension.values.get(m.id, ""))) for m in criteria.models),
        )
    table.add_row("Relative billing", *(wording.billing(criteria, m.id) for m in criteria.models))
    table.add_row(
        "Risks",
        *(
            Text("\n".join("• " + one_line(r.title) for r in criteria.risks if r.model == m.id))
            for m in criteria.models
        ),
    )
    return table


def render_services(criteria: Criteria) -> RenderableType:
    """`services`: name, usual model and typical answers of each known service."""
    if not criteria.services:
        return Text("The criteria file lists no services.")
    table = Table(title="Known services (kpobpo assess --service NAME)", title_justify="left")
    table.add_column("Service")
    table.add_column("Model")
    table.add_column("Typical answers")
    for service in criteria.services:
        table.add_row(
            Text(one_line(service.name)),
            Text(wording.label(criteria, service.model)),
            Text(", ".join(f"{q}={a}" for q, a in service.answers.items())),
        )
    return table
