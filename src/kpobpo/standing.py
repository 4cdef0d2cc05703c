"""Where the models stand for a set of answers: the lean core of scoring.

`standing` is what everything else is built on: `score` for the full
assessment, and the explanations, which re-run it many times with one answer
or weight changed. It computes only scores, ranking and margin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from kpobpo.model import Criteria


class Standing(NamedTuple):
    """Scores (0..100), models from best to worst, margin, borderline."""

    scores: dict[str, float]
    ranking: tuple[str, ...]
    margin: float
    borderline: bool

    @property
    def winner(self) -> str:
        """The recommended model."""
        return self.ranking[0]


def rank(criteria: Criteria, scores: Mapping[str, float]) -> tuple[str, ...]:
    """Model ids from the highest score to the lowest; ties go to the earlier model."""
    order = {m.id: i for i, m in enumerate(criteria.models)}
    return tuple(sorted(scores, key=lambda m: (-scores[m], order[m])))


def standing(
    criteria: Criteria,
    answers: Mapping[str, str],
    factors: Mapping[str, float] | None = None,
) -> Standing:
    """Score `answers`; `factors` multiplies the weights of some questions.

    The answers must name known options, and at least one scored question
    must be answered (callers check both).
    """
    numerators = {m.id: 0.0 for m in criteria.models}
    answered_weight = 0.0
    for question in criteria.questions:
        chosen = answers.get(question.id)
        if not question.scored or chosen is None:
            continue
        option = question.option(chosen)
        if option is None:
            raise ValueError(f"{question.id}: unknown option {chosen!r}")
        weight = question.weight * (factors.get(question.id, 1.0) if factors else 1.0)
        answered_weight += weight
        for model_id in numerators:
            numerators[model_id] += weight * option.points[model_id]
    scale = 100.0 / (criteria.scoring.max_points * answered_weight)
    scores = {m: min(100.0, max(0.0, n * scale)) for m, n in numerators.items()}
    ranking = rank(criteria, scores)
    margin = scores[ranking[0]] - scores[ranking[1]]
    return Standing(scores, ranking, margin, margin < criteria.scoring.borderline_margin)
