"""Plain-language sentences shared by the table and Markdown renderers.

They return clean text from file labels; each renderer escapes or styles it.
"""

from __future__ import annotations

from kpobpo.model import Assessment, Confidence, Criteria
from kpobpo.render.text import number, one_line


def label(criteria: Criteria, model_id: str) -> str:
    """A model's short label."""
    return one_line(criteria.model(model_id).label)


def question_prompt(criteria: Criteria, question_id: str) -> str:
    """A question's prompt, or its id if it is unknown."""
    question = criteria.question(question_id)
    return one_line(question.prompt) if question else question_id


def answer_label(criteria: Criteria, question_id: str, option_id: str) -> str:
    """The label of an answer."""
    question = criteria.question(question_id)
    option = question.option(option_id) if question else None
    return one_line(option.label) if option else option_id


def lead(assessment: Assessment) -> str:
    """'KPO leads BPO by 42.0 points.'"""
    criteria = assessment.criteria
    first, second = assessment.ranking[:2]
    if assessment.margin == 0:
        return f"{label(criteria, first)} and {label(criteria, second)} are tied."
    return (
        f"{label(criteria, first)} leads {label(criteria, second)} "
        f"by {number(assessment.margin)} points out of 100."
    )


def confidence_reason(assessment: Assessment) -> str:
    """Why the confidence is what it is."""
    from kpobpo.score import MIN_ANSWERED_SHARE

    criteria = assessment.criteria
    scored_unanswered = [
        q for q in assessment.unanswered if (question := criteria.question(q)) and question.scored
    ]
    reasons: list[str] = []
    if assessment.borderline:
        reasons.append(
            f"the margin is under {number(criteria.scoring.borderline_margin)} points, "
            "so this is borderline and could go either way"
        )
    elif assessment.confidence is Confidence.HIGH:
        reasons.append("a clear margin and every question answered")
    elif assessment.margin < criteria.scoring.high_margin:
        reasons.append(f"the margin is under {number(criteria.scoring.high_margin)} points")
    if assessment.answered_share < MIN_ANSWERED_SHARE:
        reasons.append("less than half of the weight was answered")
    if scored_unanswered:
        noun = "question was" if len(scored_unanswered) == 1 else "questions were"
        reasons.append(f"{len(scored_unanswered)} {noun} left unanswered")
    return "; ".join(reasons).capitalize() + "."


def cost(assessment: Assessment) -> str:
    """How the recommended model bills relative to each other model."""
    criteria = assessment.criteria
    winner = criteria.model(assessment.recommendation)
    name = one_line(winner.label)
    parts: list[str] = []
    for other in criteria.models:
        if other.id == winner.id:
            continue
        ratio = other.billing_index / winner.billing_index
        other_name = one_line(other.label)
        if ratio > 1:
            parts.append(f"{other_name} would bill about {ratio:.1f} times the {name} rate")
        elif ratio < 1:
            parts.append(f"{name} bills about {1 / ratio:.1f} times the {other_name} rate")
        else:
            parts.append(f"{name} and {other_name} bill about the same")
    return "Cost: " + "; ".join(parts) + "."


def elevated_because(assessment: Assessment, index: int) -> str:
    """'data_sensitivity = high' for the answers that elevated a risk."""
    note = assessment.risks[index]
    return ", ".join(f"{t.question} = {assessment.answers[t.question]}" for t in note.because)


def billing(criteria: Criteria, model_id: str) -> str:
    """'2.0x': a model's billing rate relative to the cheapest model."""
    base = min(m.billing_index for m in criteria.models)
    return f"{criteria.model(model_id).billing_index / base:.1f}x"
