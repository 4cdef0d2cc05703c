"""Where the models stand for a set of answers: scores, ranking and margin.

A thin entry point to the scoring kernel (`kpobpo.kernel`), for callers that
want one standing, such as tests that re-score a changed answer or weight to
check an explanation.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpobpo.kernel import Standing, kernel_of
from kpobpo.model import Criteria

__all__ = ["Standing", "standing"]


def standing(
    criteria: Criteria,
    answers: Mapping[str, str],
    factors: Mapping[str, float] | None = None,
) -> Standing:
    """Score `answers`; `factors` multiplies the weights of some questions.

    The answers must name known options, and at least one scored question
    must be answered (callers check both).
    """
    return kernel_of(criteria).standing(answers, factors)
