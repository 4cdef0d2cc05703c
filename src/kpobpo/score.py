"""Score answers against criteria: answers in, `Assessment` out, no I/O.

Each scored question that was answered adds, for every model, its weight times
the points its chosen option gives that model. A model's score is that sum as a
share of the most it could have earned on the answered questions, on a 0..100
scale, so the contributions of the answered questions add up to the score.
Unanswered questions are left out together with their weight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

from kpobpo import explain
from kpobpo.confidence import judge
from kpobpo.errors import UsageError
from kpobpo.kernel import Standing, kernel_of
from kpobpo.model import (
    IN_BETWEEN,
    Advisory,
    Assessment,
    Confidence,
    ConfidenceReason,
    Contribution,
    Criteria,
    RiskNote,
    Robustness,
    Settings,
    Verdict,
    WeightSensitivity,
    WhatIf,
)


class NothingToScore(UsageError):
    """No scored question was answered, so there is nothing to recommend."""


class _Core(NamedTuple):
    """The part of an assessment that depends only on the scored answers."""

    base: Standing
    contributions: tuple[Contribution, ...]
    share: float
    confidence: Confidence
    verdict: Verdict
    reasons: tuple[ConfidenceReason, ...]
    #: The result states advisories can name: the verdict, and in_between.
    states: frozenset[str]
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
        advisories=matching_advisories(criteria, answers, core.states),
        what_if=core.what_if,
        weight_sensitivity=core.weight_sensitivity,
        robustness=core.robustness,
        cost=yearly_cost(criteria, settings.hours, settings.rate),
        settings=settings,
        verdict=core.verdict,
        confidence_reasons=core.reasons,
    )


def _core(criteria: Criteria, answers: dict[str, str], settings: Settings) -> _Core:
    """Scores, contributions, explanations and confidence for the scored answers."""
    kernel = kernel_of(criteria)
    rows = kernel.rows(answers)
    if not rows:
        names = ", ".join(kernel.scored)
        raise NothingToScore(f"answer at least one of these questions to get a result: {names}")
    base = kernel.standing_of(*kernel.totals(rows))
    share = kernel.answered_share(rows)
    shaken = criteria.confidence.shaken_weights
    robustness = explain.robustness(
        kernel, rows, base.winner, settings.draws, settings.seed, shaken
    )
    judgement = judge(criteria, kernel, answers, rows, base, robustness.win_rate, settings.draws)
    states = {judgement.verdict.value}
    if any(r.id == IN_BETWEEN for r in judgement.reasons):
        states.add(IN_BETWEEN)
    return _Core(
        base,
        kernel.contributions(rows),
        share,
        judgement.confidence,
        judgement.verdict,
        judgement.reasons,
        frozenset(states),
        kernel.what_if(answers, rows, base) if settings.explain else (),
        explain.weight_sensitivity(criteria, answers, base) if settings.explain else (),
        robustness,
    )


def yearly_cost(
    criteria: Criteria, hours: float | None, rate: float | None
) -> dict[str, float] | None:
    """Yearly cost per model: hours x the baseline hourly rate x the model's billing index.

    Hours and rate are each finite, but their product can still overflow to
    infinity, which is no cost and not JSON: that is refused as a usage error.
    """
    if hours is None or rate is None:
        return None
    cost = {m.id: hours * rate * m.billing_index for m in criteria.models}
    if any(math.isinf(amount) for amount in cost.values()):
        raise UsageError(
            f"--hours {hours:g} times --rate {rate:g} is too large to estimate a cost: "
            "give the yearly hours and the hourly rate"
        )
    return cost


def _risks(criteria: Criteria, answers: Mapping[str, str], winner: str) -> tuple[RiskNote, ...]:
    """The winner's risks, and other models' risks raised whatever the model.

    A risk raised by an answer whatever the model applies to every model, so
    its note names them all rather than the model it is filed under.
    Elevated ones come first, each group in file order.
    """
    elevated: list[RiskNote] = []
    plain: list[RiskNote] = []
    for risk in criteria.risks:
        own = risk.model == winner
        because = tuple(
            t
            for t in risk.elevated_by
            if (own or t.whatever_model) and answers.get(t.question) in t.options
        )
        if because:
            if any(t.whatever_model for t in because):
                models = tuple(m.id for m in criteria.models)
            else:
                models = (risk.model,)
            elevated.append(RiskNote(risk, True, because, models))
        elif own:
            plain.append(RiskNote(risk, False, because, (risk.model,)))
    return (*elevated, *plain)


def matching_advisories(
    criteria: Criteria, answers: Mapping[str, str], states: frozenset[str] = frozenset()
) -> tuple[Advisory, ...]:
    """The advisories whose every condition holds for `answers` and the result's `states`."""
    found: list[Advisory] = []
    for advisory in criteria.advisories:
        if advisory.result and states.isdisjoint(advisory.result):
            continue
        for trigger in advisory.when:
            if answers.get(trigger.question) not in trigger.options:
                break
        else:
            found.append(advisory)
    return tuple(found)
