"""Score answers against criteria: answers in, `Assessment` out, no I/O.

Each scored question that was answered adds, for every model, its weight times
the points its chosen option gives that model. A model's score is that sum as a
share of the most it could have earned on the answered questions, on a 0..100
scale, so the contributions of the answered questions add up to the score.
Unanswered questions are left out together with their weight.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpobpo.errors import UsageError
from kpobpo.model import (
    Assessment,
    Confidence,
    Contribution,
    Criteria,
    RiskNote,
    Trigger,
)

#: Below this share of the total weight answered, confidence is always low.
MIN_ANSWERED_SHARE = 0.5

_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


class NothingToScore(UsageError):
    """No scored question was answered, so there is nothing to recommend."""


def score(criteria: Criteria, answers: Mapping[str, str]) -> Assessment:
    """Assess `answers` (question id -> option id, already validated)."""
    scored = [q for q in criteria.questions if q.scored]
    total_weight = sum(q.weight for q in scored)
    answered = [q for q in scored if q.id in answers]
    answered_weight = sum(q.weight for q in answered)
    if not answered:
        names = ", ".join(q.id for q in scored)
        raise NothingToScore(f"answer at least one of these questions to get a result: {names}")

    scale = 100.0 / (criteria.scoring.max_points * answered_weight)
    contributions: list[Contribution] = []
    scores = {m.id: 0.0 for m in criteria.models}
    for question in answered:
        option = question.option(answers[question.id])
        if option is None:
            raise ValueError(f"{question.id}: unknown option {answers[question.id]!r}")
        points = {m: question.weight * option.points[m] * scale for m in scores}
        for model_id, value in points.items():
            scores[model_id] += value
        contributions.append(Contribution(question.id, option.id, question.weight, points))
    scores = {m: min(100.0, max(0.0, s)) for m, s in scores.items()}

    order = {m.id: i for i, m in enumerate(criteria.models)}
    ranking = sorted(scores, key=lambda m: (-scores[m], order[m]))
    winner = ranking[0]
    margin = scores[winner] - scores[ranking[1]]
    share = answered_weight / total_weight
    borderline = margin < criteria.scoring.borderline_margin
    unanswered = tuple(q.id for q in criteria.questions if q.id not in answers)
    confidence = _confidence(
        margin,
        share,
        borderline=borderline,
        high_margin=criteria.scoring.high_margin,
        any_unanswered=len(answered) < len(scored),
    )
    return Assessment(
        criteria=criteria,
        recommendation=winner,
        scores=scores,
        margin=margin,
        confidence=confidence,
        borderline=borderline,
        answers={q.id: answers[q.id] for q in criteria.questions if q.id in answers},
        unanswered=unanswered,
        answered_share=share,
        contributions=tuple(contributions),
        risks=_risks(criteria, answers, winner),
    )


def _confidence(
    margin: float,
    share: float,
    *,
    borderline: bool,
    high_margin: float,
    any_unanswered: bool,
) -> Confidence:
    """High/medium/low from the margin, lowered one step by unanswered questions."""
    if borderline or share < MIN_ANSWERED_SHARE:
        return Confidence.LOW
    level = 2 if margin >= high_margin else 1
    if any_unanswered:
        level -= 1
    return _LEVELS[level]


def _risks(criteria: Criteria, answers: Mapping[str, str], winner: str) -> tuple[RiskNote, ...]:
    """The winner's risks, and other models' risks raised whatever the model.

    Elevated ones come first, each group in file order.
    """
    notes: list[RiskNote] = []
    for risk in criteria.risks:
        own = risk.model == winner
        because = tuple(
            t for t in risk.elevated_by if (own or t.whatever_model) and _matches(t, answers)
        )
        if own or because:
            notes.append(RiskNote(risk=risk, elevated=bool(because), because=because))
    return tuple(sorted(notes, key=lambda n: not n.elevated))


def _matches(trigger: Trigger, answers: Mapping[str, str]) -> bool:
    return answers.get(trigger.question) in trigger.options
