"""Markdown output: a short decision memo to paste into a document."""

from __future__ import annotations

from kpobpo.model import Assessment, Criteria
from kpobpo.render import wording
from kpobpo.render.text import markdown as md
from kpobpo.render.text import number, one_line
from kpobpo.weights import weight_shares


def render_assessment(assessment: Assessment) -> str:
    """`assess --format markdown`."""
    criteria = assessment.criteria
    winner = criteria.model(assessment.recommendation)
    models = list(criteria.models)
    verdict, name = wording.heading(assessment)
    lines = [
        f"# Outsourcing decision: {md(verdict.removeprefix('Recommendation: ') + name)}",
        "",
        f"**{md(verdict.strip())}** {md(name)} ({md(winner.name)}), "
        f"confidence **{assessment.confidence.value}**"
        + (" (borderline)" if assessment.borderline else "")
        + ".",
        "",
        md(wording.lead(assessment)) + " " + md(wording.confidence_reason(assessment)),
        "",
        "## Scores",
        "",
        "| Model | Score (0-100) |",
        "|---|---:|",
        *(
            f"| {md(criteria.model(m).label)} | {number(assessment.scores[m])} |"
            for m in assessment.ranking
        ),
        "",
        "## Why",
        "",
        "| Question | Answer | " + " | ".join(md(m.label) for m in models) + " |",
        "|---|---|" + "---:|" * len(models),
    ]
    for c in assessment.contributions:
        cells = " | ".join(number(c.points[m.id]) for m in models)
        lines.append(
            f"| {md(wording.question_prompt(criteria, c.question))} "
            f"| {md(wording.answer_label(criteria, c.question, c.answer))} | {cells} |"
        )
    lines.append("")
    if assessment.unanswered:
        lines += [
            "Not answered: "
            + ", ".join(md(wording.question_prompt(criteria, q)) for q in assessment.unanswered),
            "",
        ]
    lines += ["## What would change it", ""]
    if assessment.what_if:
        lines += [f"- {md(wording.what_if(assessment, w))}" for w in assessment.what_if]
    else:
        lines.append(f"- {md(wording.no_what_if(assessment))}")
    lines += [
        "",
        "## How robust it is",
        "",
        md(wording.robustness(assessment)),
        "",
        "| Question | Weight that would change the winner |",
        "|---|---|",
        *(
            f"| {md(w.question)} | {md(wording.weight(assessment, w))} |"
            for w in assessment.weight_sensitivity
        ),
        "",
        "## Cost",
        "",
        md(wording.cost(assessment)),
    ]
    if assessment.cost is not None:
        lines += ["", md(wording.yearly_cost(assessment))]
    lines.append("")
    if assessment.advisories:
        lines += ["## Advice", ""]
        lines += [
            f"- {md(a.advice)} (because {md(wording.advisory_because(assessment, a))})"
            for a in assessment.advisories
        ]
        lines.append("")
    lines += ["## Risks to plan for", ""]
    for note in assessment.risks:
        risk = note.risk
        flag = (
            f" **Elevated** by {md(wording.elevated_because(assessment, note))}."
            if note.elevated
            else ""
        )
        lines.append(
            f"- **{md(risk.title)}** ({md(wording.risk_models(criteria, note))}).{flag} "
            f"{md(risk.description)} *Mitigation:* {md(risk.mitigation)}"
        )
    if not assessment.risks:
        lines.append("No risks listed for this model.")
    lines += ["", "## Answers", "", "| Question | Answer |", "|---|---|"]
    for question in criteria.questions:
        chosen = assessment.answers.get(question.id)
        shown = wording.answer_label(criteria, question.id, chosen) if chosen else "not sure"
        lines.append(f"| {md(one_line(question.prompt))} | {md(shown)} |")
    lines += [
        "",
        f"*Criteria version {md(criteria.version)}, sha256 {criteria.sha256[:12]}.*",
        *([f"*{md(wording.priorities(criteria))}*"] if criteria.priorities else []),
        "",
    ]
    return "\n".join(lines)


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
