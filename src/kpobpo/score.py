"""Score answers against criteria: answers in, `Assessment` out, no I/O.

Each scored question that was answered adds, for every model, its weight times
the points its chosen option gives that model. A model's score is that sum as a
share of the most it could have earned on the answered questions, on a 0..100
scale, so the contributions of the answered questions add up to the score.
Unanswered questions are left out together with their weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from kpobpo import explain
from kpobpo.errors import UsageError
from kpobpo.kernel import Standing, kernel_of
from kpobpo.model import (
    Advisory,
    Assessment,
    Confidence,
    Contribution,
    Criteria,
    RiskNote,
    Robustness,
    Settings,
    Trigger,
    WeightSensitivity,
    WhatIf,
)

#: Below this share of the total weight answered, confidence is always low.
MIN_ANSWERED_SHARE = 0.5
#: A winner that survives fewer weight perturbations than this loses a step.
ROBUST_WIN_RATE = 0.9
#: Below this share of surviving perturbations, confidence is always low.
FRAGILE_WIN_RATE = 0.7

_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


class NothingToScore(UsageError):
    """No scored question was answered, so there is nothing to recommend."""


class _Core(NamedTuple):
    """The part of an assessment that depends only on the scored answers."""

    base: Standing
    contributions: tuple[Contribution, ...]
    share: float
    confidence: Confidence
    what_if: tuple[WhatIf, ...]
    weight_sensitivity: tuple[WeightSensitivity, ...]
    robustness: Robustness


#: A cache of the expensive part of scoring, for callers that score many
#: answer sets against the same criteria and settings (portfolios).
CoreCache = dict[tuple[tuple[str, str], ...], _Core]


def score(
    criteria: Criteria,
    answers: Mapping[str, str],
    settings: Settings | None = None,
    cache: CoreCache | None = None,
) -> Assessment:
    """Assess `answers` (question id -> option id, already validated).

    `cache`, if given, must only ever be used with these criteria and
    settings; it keeps what depends on the scored answers alone.
    """
    settings = settings or Settings()
    answers = {q.id: answers[q.id] for q in criteria.questions if q.id in answers}
    key = tuple((q.id, answers[q.id]) for q in criteria.questions if q.scored and q.id in answers)
    core = cache.get(key) if cache is not None else None
    if core is None:
        core = _core(criteria, dict(key), settings)
        if cache is not None:
            cache[key] = core
    winner = core.base.winner
    return Assessment(
        criteria=criteria,
        recommendation=winner,
        scores=core.base.scores,
        margin=core.base.margin,
        confidence=core.confidence,
        borderline=core.base.borderline,
        answers=answers,
        unanswered=tuple(q.id for q in criteria.questions if q.id not in answers),
        answered_share=core.share,
        contributions=core.contributions,
        risks=_risks(criteria, answers, winner),
        advisories=matching_advisories(criteria, answers),
        what_if=core.what_if,
        weight_sensitivity=core.weight_sensitivity,
        robustness=core.robustness,
        cost=yearly_cost(criteria, settings.hours, settings.rate),
        settings=settings,
    )


def _core(criteria: Criteria, answers: dict[str, str], settings: Settings) -> _Core:
    """Scores, contributions, explanations and confidence for the scored answers."""
    kernel = kernel_of(criteria)
    rows = kernel.rows(answers)
    if not rows:
        names = ", ".join(kernel.scored)
        raise NothingToScore(f"answer at least one of these questions to get a result: {names}")
    base = kernel.standing_of(*kernel.totals(rows))
    share = sum(row.weight for row in rows) / kernel.total_weight
    robustness = explain.robustness(criteria, answers, base.winner, settings.draws, settings.seed)
    confidence = _confidence(
        base.margin,
        share,
        borderline=base.borderline,
        high_margin=criteria.scoring.high_margin,
        any_unanswered=len(rows) < len(kernel.scored),
        win_rate=robustness.win_rate,
    )
    return _Core(
        base,
        kernel.contributions(rows),
        share,
        confidence,
        kernel.what_if(answers, rows, base) if settings.explain else (),
        explain.weight_sensitivity(criteria, answers, base) if settings.explain else (),
        robustness,
    )


def yearly_cost(
    criteria: Criteria, hours: float | None, rate: float | None
) -> dict[str, float] | None:
    """Yearly cost per model: hours x the baseline hourly rate x the model's billing index."""
    if hours is None or rate is None:
        return None
    return {m.id: hours * rate * m.billing_index for m in criteria.models}


def _confidence(
    margin: float,
    share: float,
    *,
    borderline: bool,
    high_margin: float,
    any_unanswered: bool,
    win_rate: float,
) -> Confidence:
    """High/medium/low from the margin, lowered by open questions and fragility."""
    if borderline or share < MIN_ANSWERED_SHARE or win_rate < FRAGILE_WIN_RATE:
        return Confidence.LOW
    level = 2 if margin >= high_margin else 1
    if any_unanswered:
        level -= 1
    if win_rate < ROBUST_WIN_RATE:
        level -= 1
    return _LEVELS[max(level, 0)]


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


def matching_advisories(criteria: Criteria, answers: Mapping[str, str]) -> tuple[Advisory, ...]:
    """The advisories whose every condition holds for `answers`."""
    return tuple(a for a in criteria.advisories if all(_matches(t, answers) for t in a.when))
