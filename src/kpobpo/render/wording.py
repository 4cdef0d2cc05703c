"""Plain-language sentences shared by the table and Markdown renderers.

They return clean text from file labels; each renderer escapes or styles it.
"""

from __future__ import annotations

from kpobpo.model import (
    IN_BETWEEN,
    Advisory,
    Assessment,
    ConfidenceReason,
    Criteria,
    RiskNote,
    Verdict,
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


def quoted_question(criteria: Criteria, question_id: str) -> str:
    """A question as prose names it: its prompt in quotes ('"How complex is a typical case?"')."""
    return f'"{question_prompt(criteria, question_id)}"'


def quoted_answer(criteria: Criteria, question_id: str, option_id: str) -> str:
    """An answer as prose names it: its label in quotes."""
    return f'"{answer_label(criteria, question_id, option_id)}"'


def answered(criteria: Criteria, question_id: str, option_id: str) -> str:
    """'"How complex is a typical case?" is "Routine; most cases look alike"'."""
    return (
        f"{quoted_question(criteria, question_id)} is "
        f"{quoted_answer(criteria, question_id, option_id)}"
    )


def answered_summary(assessment: Assessment, *, names: bool = True) -> str:
    """Which scored and which risk-only questions were answered, in words.

    'All 5 scored questions answered; 3 of 4 risk-only questions not answered
    ("A?", "B?" and "C?"): they never move a score, but can raise risks and advice.'
    """
    criteria = assessment.criteria
    scored = [q.id for q in criteria.questions if q.scored]
    risk_only = [q.id for q in criteria.questions if not q.scored]
    open_ids = set(assessment.unanswered)
    left_out = ("the scores leave it out", "the scores leave them out")
    parts = [_open_part(criteria, scored, open_ids, "scored", left_out)]
    if risk_only:
        meaning = (
            "it never moves a score, but can raise risks and advice",
            "they never move a score, but can raise risks and advice",
        )
        parts.append(_open_part(criteria, risk_only, open_ids, "risk-only", meaning, names))
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _open_part(
    criteria: Criteria,
    ids: list[str],
    open_ids: set[str],
    kind: str,
    meanings: tuple[str, str],
    names: bool = True,
) -> str:
    """'all 5 scored questions answered', or '2 of 5 scored questions not answered (...)'.

    `meanings` says what it means for one question left open, and for several.
    """
    left = [q for q in ids if q in open_ids]
    meaning = meanings[0] if len(left) == 1 else meanings[1]
    noun = f"{kind} question{'' if len(ids) == 1 else 's'}"
    if not left:
        return f"the {noun} answered" if len(ids) == 1 else f"all {len(ids)} {noun} answered"
    if len(ids) == 1:
        head = f"the {noun} not answered"
    elif len(left) == len(ids):
        head = f"none of the {len(ids)} {noun} answered"
    else:
        head = f"{len(left)} of {len(ids)} {noun} not answered"
    return f"{head} ({_questions(criteria, left)}): {meaning}" if names else f"{head}: {meaning}"


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


def heading(assessment: Assessment) -> tuple[str, str]:
    """The headline before the model's label, and the label: the verdict in words.

    ('Recommendation: ', 'KPO') for a clear result, ('Recommendation: leans ',
    'KPO') for a lean, ('Too close to call; leans ', 'KPO') when too close; with
    the process's name, 'Recommendation for Payroll: ' and so on.
    """
    name = label(assessment.criteria, assessment.recommendation)
    process = _for(assessment)
    if assessment.verdict is Verdict.TOO_CLOSE:
        return f"Too close to call{process}; leans ", name
    if assessment.verdict is Verdict.LEANS:
        return f"Recommendation{process}: leans ", name
    return f"Recommendation{process}: ", name


def _for(assessment: Assessment) -> str:
    """' for Payroll' when the assessment has the process's name, else ''."""
    name = one_line(assessment.name or "")
    return f" for {name}" if name else ""


def title(assessment: Assessment) -> str:
    """The title of a memo or page: 'Outsourcing decision: leans KPO', or with the
    process's name 'Outsourcing decision for Payroll: leans KPO'."""
    verdict = {
        Verdict.TOO_CLOSE: "Too close to call; leans ",
        Verdict.LEANS: "leans ",
        Verdict.CLEAR: "",
    }[assessment.verdict]
    name = label(assessment.criteria, assessment.recommendation)
    return f"Outsourcing decision{_for(assessment)}: {verdict}{name}"


def confidence_reason(assessment: Assessment) -> str:
    """Why the confidence is what it is: each reason the core gave, in words."""
    reasons = assessment.confidence_reasons
    pros = [_reason(assessment, r) for r in reasons if r.id in _IN_FAVOUR]
    cons = [_reason(assessment, r) for r in reasons if r.id not in _IN_FAVOUR]
    pros, cons = [p for p in pros if p], [c for c in cons if c]
    sentence = "; ".join(pros)
    if cons:
        sentence += ("; but " if pros else "") + "; ".join(cons)
    return f"Confidence {assessment.confidence.value}: {sentence}." if sentence else ""


#: The confidence reasons that speak for the result; the others speak against it.
_IN_FAVOUR = frozenset({"clear_margin", "steady"})


def _names(ids: object) -> str:
    """'expertise', 'expertise and complexity', 'a, b and c'."""
    items = [str(i) for i in ids] if isinstance(ids, list | tuple) else [str(ids)]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _questions(criteria: Criteria, ids: object) -> str:
    """Questions by their quoted prompts: '"A?" and "B?"'."""
    items = [str(i) for i in ids] if isinstance(ids, list | tuple) else [str(ids)]
    return _names([quoted_question(criteria, i) for i in items])


def _count(items: object, noun: str) -> str:
    """'1 changed answer', '2 changed answers'."""
    n = len(items) if isinstance(items, list | tuple) else 0
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _reason(assessment: Assessment, reason: ConfidenceReason) -> str:
    """One confidence reason in words (an unknown id is left out)."""
    f = reason.facts
    name = label(assessment.criteria, assessment.recommendation)
    if reason.id == "borderline":
        return (
            f"the margin is under {number(_float(f['borderline_margin']))} points, "
            "so it could go either way"
        )
    if reason.id == "clear_margin":
        return (
            f"the lead of {number(_float(f['margin']))} points is at least "
            f"{number(_float(f['high_margin']))}"
        )
    if reason.id == "narrow_margin":
        return f"the margin is under {number(_float(f['high_margin']))} points"
    if reason.id == "little_answered":
        return (
            f"only {_float(f['answered_share']):.0%} of the weight was answered "
            f"(less than {_float(f['min_answered_share']):.0%})"
        )
    if reason.id == "unanswered":
        questions = f["questions"]
        verb = "was" if isinstance(questions, list) and len(questions) == 1 else "were"
        return f"{_questions(assessment.criteria, questions)} {verb} left unanswered"
    if reason.id in ("fragile_weights", "shaky_weights"):
        return (
            f"{name} wins only {_float(f['win_rate']):.0%} of the trials with every weight "
            f"shaken by {_float(f['low']):g}x to {_float(f['high']):g}x"
        )
    if reason.id == "steady":
        return (
            f"{name} wins {_float(f['win_rate']):.0%} of the trials with shaken weights "
            "and no nearby changed answer overturns it"
        )
    if reason.id == "fragile_answers":
        flips, closer = f["flips"], f["borderline"]
        text = f"{_count(flips, 'nearby changed answer')} would overturn it"
        if closer:
            text += f" and {_count(closer, 'other')} would make it borderline"
        return text
    if reason.id == IN_BETWEEN:
        parts = []
        if f["middle"]:
            middle = _questions(assessment.criteria, f["middle"])
            parts.append(f"{middle} sit in the middle of their options")
        if f["split"]:
            parts.append(f"{_questions(assessment.criteria, f['split'])} point to different models")
        return "the work sits between the models: " + " and ".join(parts)
    return ""


def _float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def risk_models(criteria: Criteria, note: RiskNote) -> str:
    """'KPO', or 'applies to BPO and KPO' for a risk raised whatever the model."""
    models = note.models or (note.risk.model,)
    if len(models) == 1:
        return label(criteria, models[0])
    return "applies to " + _names([label(criteria, m) for m in models])


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
    """'"How sensitive is the data ...?" is "High; ..."' for the answers that elevated a risk."""
    criteria = assessment.criteria
    return ", ".join(
        answered(criteria, t.question, assessment.answers[t.question]) for t in note.because
    )


def billing(criteria: Criteria, model_id: str) -> str:
    """'2.0x': a model's billing rate relative to the cheapest model."""
    base = min(m.billing_index for m in criteria.models)
    return f"{criteria.model(model_id).billing_index / base:.1f}x"


def what_if(assessment: Assessment, change: WhatIf, *, short: bool = False) -> str:
    """'If "How complex is a typical case?" were "Routine; ...", BPO would win by 6.0 points.'

    `short` names only the answer: 'With "Routine; ...", BPO would win by 6.0 points.'
    """
    criteria = assessment.criteria
    answer = quoted_answer(criteria, change.question, change.answer)
    unanswered = change.question not in assessment.answers
    if short:
        head = f"With {answer}{' (now unanswered)' if unanswered else ''}"
    else:
        question = quoted_question(criteria, change.question)
        head = f"If {question}{', now unanswered,' if unanswered else ''} were {answer}"
    head += f", {label(criteria, change.recommendation)}"
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
        low, high = assessment.criteria.confidence.weight_range
        return f"no weight from {low:g}x to {high:g}x changes the winner"
    return (
        f"at {item.factor:.2f}x its weight, "
        f"{label(assessment.criteria, item.recommendation)} would win"
    )


def robustness(assessment: Assessment) -> str:
    """'KPO still wins in 97% of 1000 trials ...'"""
    r = assessment.robustness
    name = label(assessment.criteria, assessment.recommendation)
    low, high = assessment.criteria.confidence.shaken_weights
    return (
        f"{name} still wins in {r.win_rate:.0%} of {r.draws} trials in which every weight "
        f"was multiplied by a random factor from {low:g} to {high:g} (seed {r.seed})."
    )


#: Result states as the advice's "because" says them.
_STATES = {IN_BETWEEN: "the work is in between", Verdict.TOO_CLOSE.value: "it is too close to call"}


def advisory_because(assessment: Assessment, advisory: Advisory) -> str:
    """The answers ('"How close ...?" is "Core; ..."') and the result state that made it apply."""
    held = {assessment.verdict.value} | ({IN_BETWEEN} if assessment.in_between else set())
    criteria = assessment.criteria
    parts = [answered(criteria, q, a) for q, a in assessment.advisory_because(advisory)]
    parts += [_STATES.get(state, state) for state in advisory.result if state in held]
    return ", ".join(parts)


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
        f"{quoted_question(criteria, question_id)} x{factor:g} "
        f"(weight now {_weight(criteria, question_id):g})"
        for question_id, factor in criteria.priorities
    )
    return f"Your priorities on top of the criteria file: {factors}."


def _weight(criteria: Criteria, question_id: str) -> float:
    question = criteria.question(question_id)
    return question.weight if question is not None else 0.0
