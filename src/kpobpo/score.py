"""Score answers against criteria: answers in, `Assessment` out, no I/O.

Each scored question that was answered adds, for every model, its weight times
the points its chosen option gives that model. A model's score is that sum as a
share of the most it could have earned on the answered questions, on a 0..100
scale, so the contributions of the answered questions add up to the score.
Unanswered questions are left out together with their weight.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
import functools
import math
from collections.abc import Callable, Mapping
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
    Risk,
    RiskNote,
    Robustness,
    Settings,
    Trigger,
    Verdict,
    WeightSensitivity,
    WhatIf,
)


class NothingToScore(UsageError):
    """No scored question was answered, so there is nothing to recommend."""


class _Core(NamedTuple):
    """The part of an assessment that depends only on the scored answers."""

    base: Standing
    share: float
    confidence: Confidence
    verdict: Verdict
    reasons: tuple[ConfidenceReason, ...]
    #: The result states advisories can name: the verdict, and in_between.
    states: frozenset[str]
    what_if: tuple[WhatIf, ...]
    weight_sensitivity: tuple[WeightSensitivity, ...]
    robustness: Robustness


class Outcome(NamedTuple):
    """The headline of an assessment: what a portfolio's CSV prints and its summary counts."""

    recommendation: str
    confidence: str
    borderline: bool
    #: The ids of the elevated risks, in file order.
    elevated: tuple[str, ...]
    verdict: str
    margin: float
    scores: dict[str, float]


def outcome_of(assessment: Assessment) -> Outcome:
    """The headline of a whole assessment (`Scorer.outcome` gives it without one)."""
    return Outcome(
        assessment.recommendation,
        assessment.confidence.value,
        assessment.borderline,
        tuple(note.risk.id for note in assessment.risks if note.elevated),
        assessment.verdict.value,
        assessment.margin,
        assessment.scores,
    )


#: Most distinct sets of scored answers whose assessments a `Scorer` keeps.
CORES_KEPT = 4096


def score(
    criteria: Criteria, answers: Mapping[str, str], settings: Settings | None = None
) -> Assessment:
    """Assess `answers` (question id -> option id, already validated)."""
    return Scorer(criteria, settings, kept=0)(answers)


class Scorer:
    """Assesses many sets of answers against one criteria file and one set of settings.

    Everything that depends only on the scored answers (scores, confidence
    with its robustness trials, explanations) is one pure function of them,
    memoised here: each distinct set is assessed once, and at most `kept`
    sets are remembered (the least recently used go first), so memory stays
    flat however many rows a portfolio has. Risks and advisories, which
    depend on every answer, are read from tables built once per scorer.
    """

    def __init__(
        self, criteria: Criteria, settings: Settings | None = None, kept: int = CORES_KEPT
    ) -> None:
        self.criteria = criteria
        self.settings = settings or Settings()
        self.questions = tuple(q.id for q in criteria.questions)
        self.scored = kernel_of(criteria).scored
        self.models = tuple(m.id for m in criteria.models)
        self.risk_table = _risk_table(criteria)
        # The same table as bits, for headlines: per winner, per question and
        # option, the risks it elevates (bit i: the file's i-th risk).
        self.risk_ids = tuple(r.id for r in criteria.risks)
        place = {risk.id: index for index, risk in enumerate(criteria.risks)}
        self.risk_bits: dict[str, dict[str, dict[str, int]]] = {}
        for winner, entries in self.risk_table.items():
            by_question: dict[str, dict[str, int]] = {}
            for risk, _, triggers in entries:
                for trigger in triggers:
                    by_option = by_question.setdefault(trigger.question, {})
                    for option in trigger.options:
                        by_option[option] = by_option.get(option, 0) | 1 << place[risk.id]
            self.risk_bits[winner] = by_question
        self.core: Callable[[tuple[str | None, ...]], _Core] = (
            functools.lru_cache(maxsize=kept)(self._core) if kept else self._core
        )
        # Kept apart from the core: a headline (CSV) does not show them.
        self.contributions: Callable[[tuple[str | None, ...]], tuple[Contribution, ...]] = (
            functools.lru_cache(maxsize=kept)(self._contributions) if kept else self._contributions
        )

    def __call__(self, answers: Mapping[str, str]) -> Assessment:
        """Assess `answers` (question id -> option id, already validated)."""
        criteria, settings = self.criteria, self.settings
        answers = {q: answers[q] for q in self.questions if q in answers}
        scored = tuple(answers.get(q) for q in self.scored)
        core = self.core(scored)
        winner = core.base.winner
        return Assessment(
            criteria=criteria,
            recommendation=winner,
            scores=core.base.scores,
            margin=core.base.margin,
            confidence=core.confidence,
            borderline=core.base.borderline,
            answers=answers,
            unanswered=tuple(q for q in self.questions if q not in answers),
            answered_share=core.share,
            contributions=self.contributions(scored),
            risks=_risks(self.risk_table[winner], answers, self.models),
            advisories=matching_advisories(criteria, answers, core.states),
            what_if=core.what_if,
            weight_sensitivity=core.weight_sensitivity,
            robustness=core.robustness,
            cost=yearly_cost(criteria, settings.hours, settings.rate),
            settings=settings,
            verdict=core.verdict,
            confidence_reasons=core.reasons,
        )

    def outcome(self, answers: Mapping[str, str]) -> Outcome:
        """The headline of the assessment of `answers`, without the rest of it.

        Equal to `outcome_of(self(answers))`, for a fraction of the work:
        outputs that print only the headline (a portfolio's CSV) need no
        risk notes, advisories or explanations per row.
        """
        headline = self.headline(tuple(answers.get(q) for q in self.scored))
        bits = 0
        for question, by_option in self.risk_bits[headline.recommendation].items():
            bits |= by_option.get(answers.get(question), 0)  # type: ignore[arg-type]
        return headline._replace(elevated=self.elevated(bits))

    def headline(self, scored: tuple[str | None, ...]) -> Outcome:
        """The headline of the scored answers (as `core` takes them), before risks:
        `elevated` is left empty, for the caller to fill from `risk_bits`."""
        core = self.core(scored)
        base = core.base
        return Outcome(
            base.winner,
            core.confidence.value,
            base.borderline,
            (),
            core.verdict.value,
            base.margin,
            base.scores,
        )

    def elevated(self, bits: int) -> tuple[str, ...]:
        """The ids of the risks whose bits are set (see `risk_bits`), in file order."""
        return tuple(risk for place, risk in enumerate(self.risk_ids) if bits >> place & 1)

    def _contributions(self, scored: tuple[str | None, ...]) -> tuple[Contribution, ...]:
        """What each answered question adds to each model's score (as `core` takes them)."""
        kernel = kernel_of(self.criteria)
        return kernel.contributions(
            kernel.rows({q: o for q, o in zip(self.scored, scored, strict=True) if o is not None})
        )

    def _core(self, scored: tuple[str | None, ...]) -> _Core:
        """Scores, explanations and confidence for the scored answers
        (one option id or None per scored question, in the criteria's order)."""
        answers = {q: o for q, o in zip(self.scored, scored, strict=True) if o is not None}
        return _core(self.criteria, answers, self.settings)


def _core(criteria: Criteria, answers: dict[str, str], settings: Settings) -> _Core:
    """Scores, explanations and confidence for the scored answers."""
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


#: Per recommended model, the risks that can be listed with it: each with
#: whether it is that model's own, and the triggers that can elevate it then.
_RiskTable = dict[str, tuple[tuple[Risk, bool, tuple[Trigger, ...]], ...]]


def _risk_table(criteria: Criteria) -> _RiskTable:
    """Which risks each winner can list, and which of their triggers count (see `_risks`)."""
    table: _RiskTable = {}
    for model in criteria.models:
        entries = []
        for risk in criteria.risks:
            own = risk.model == model.id
            triggers = tuple(t for t in risk.elevated_by if own or t.whatever_model)
            if own or triggers:
                entries.append((risk, own, triggers))
        table[model.id] = tuple(entries)
    return table


def _risks(
    table: tuple[tuple[Risk, bool, tuple[Trigger, ...]], ...],
    answers: Mapping[str, str],
    every_model: tuple[str, ...],
) -> tuple[RiskNote, ...]:
    """The winner's risks, and other models' risks raised whatever the model.

    `table` is the winner's entry of `_risk_table`. A risk raised by an
    answer whatever the model applies to every model, so its note names them
    all (`every_model`) rather than the model it is filed under. Elevated ones come first,
    each group in file order.
    """
    elevated: list[RiskNote] = []
    plain: list[RiskNote] = []
    for risk, own, triggers in table:
        because = tuple(t for t in triggers if answers.get(t.question) in t.options)
        if because:
            whatever = any(t.whatever_model for t in because)
            models = every_model if whatever else (risk.model,)
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
