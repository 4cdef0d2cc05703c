"""Plain-language sentences shared by the table and Markdown renderers.

They return clean text from file labels; each renderer escapes or styles it.
"""

from __future__ import annotations

from kpobpo.model import (
    Advisory,
    Assessment,
    Confidence,
    Criteria,
    RiskNote,
    WeightSensitivity,
    WhatIf,
)
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
    from kpobpo.score import MIN_ANSWERED_SHARE, ROBUST_WIN_RATE

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
    rate = assessment.robustness.win_rate
    if rate < ROBUST_WIN_RATE:
        reasons.append(f"it survives only {rate:.0%} of the trials with shaken weights")
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
    return "; ".join(parts) + "."


def elevated_because(assessment: Assessment, note: RiskNote) -> str:
    """'data_sensitivity = high' for the answers that elevated a risk."""
    return ", ".join(f"{t.question} = {assessment.answers[t.question]}" for t in note.because)


def billing(criteria: Criteria, model_id: str) -> str:
    """'2.0x': a model's billing rate relative to the cheapest model."""
    base = min(m.billing_index for m in criteria.models)
    return f"{criteria.model(model_id).billing_index / base:.1f}x"


def what_if(assessment: Assessment, change: WhatIf) -> str:
    """'If complexity were routine, BPO would win by 6.0 points.'"""
    criteria = assessment.criteria
    question = change.question
    if question not in assessment.answers:
        question += ", now unanswered,"
    head = f"If {question} were {change.answer}, {label(criteria, change.recommendation)}"
    points = f"{number(change.margin)} points"
    if change.recommendation != assessment.recommendation:
        tail = " (borderline)" if change.borderline else ""
        return f"{head} would win by {points}{tail}."
    if change.borderline:
        return f"{head} would still win, but by only {points} (borderline)."
    return f"{head} would win clearly, by {points}."


def no_what_if(assessment: Assessment) -> str:
    """What to say when no single answer changes anything."""
    return "No single changed answer would change the recommendation" + (
        " or its borderline state." if assessment.borderline else " or make it borderline."
    )


def weight(assessment: Assessment, item: WeightSensitivity) -> str:
    """'at 0.45x its weight, BPO would win' or 'no weight from 0.25x to 4x changes it'."""
    if item.factor is None or item.recommendation is None:
        return "no weight from 0.25x to 4x changes the winner"
    return (
        f"at {item.factor:.2f}x its weight, "
        f"{label(assessment.criteria, item.recommendation)} would win"
    )


def robustness(assessment: Assessment) -> str:
    """'KPO still wins in 97% of 1000 trials ...'"""
    r = assessment.robustness
    name = label(assessment.criteria, assessment.recommendation)
    return (
        f"{name} still wins in {r.win_rate:.0%} of {r.draws} trials in which every weight "
        f"was multiplied by a random factor from 0.5 to 1.5 (seed {r.seed})."
    )


def advisory_because(assessment: Assessment, advisory: Advisory) -> str:
    """'core = core, data_sensitivity = high'."""
    return ", ".join(f"{q} = {a}" for q, a in assessment.advisory_because(advisory))


def yearly_cost(assessment: Assessment) -> str:
    """'Estimated yearly cost for 2,000 hours at 25 per hour: BPO 50,000; KPO 100,000.'"""
    cost = assessment.cost or {}
    hours, rate = assessment.settings.hours or 0, assessment.settings.rate or 0
    parts = "; ".join(
        f"{label(assessment.criteria, m)} {amount:,.0f}" for m, amount in cost.items()
    )
    return f"Estimated yearly cost for {hours:,g} hours at {rate:,g} per hour: {parts}."


def priorities(criteria: Criteria) -> str:
    """The weight factors applied on top of the criteria file, or "" when none."""
    if not criteria.priorities:
        return ""
    factors = ", ".join(
        f"{one_line(question_id)} x{factor:g} (weight now {_weight(criteria, question_id):g})"
        for question_id, factor in criteria.priorities
    )
    return f"Your priorities on top of the criteria file: {factors}."


def _weight(criteria: Criteria, question_id: str) -> float:
    question = criteria.question(question_id)
    return question.weight if question is not None else 0.0
