"""Check the promises a criteria file makes about itself.

A criteria file can be valid field by field and still break what it says:
a question marked `ordered: true` whose options no longer run from one model
to the other, or a service in the catalogue whose typical answers no longer
get the model the file says it usually gets. `kpobpo criteria validate` runs
these checks after loading, so a consultant who reweights a question learns
at once which service changed verdict, by how much, and from which answers.

The checks use only the public scoring API, `kpobpo.score.score`, so they
judge the file by what users see, whatever the scoring does inside.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpobpo.errors import Problem
from kpobpo.model import Assessment, Criteria, Question, Service, Settings
from kpobpo.score import score

#: Enough to get the scores and the winner; the verdict needs no explanations.
_VERDICT_ONLY = Settings(draws=1, explain=False)


def audit(criteria: Criteria, shipped: Criteria | None = None) -> list[Problem]:
    """Every broken promise of `criteria`, as problems naming the file and field.

    `shipped` (the criteria kpobpo comes with) is where the "old" scores of a
    service that changed verdict come from; without it, or when `criteria` is
    the shipped file, only the new scores are given.
    """
    problems: list[Problem] = []
    for index, question in enumerate(criteria.questions):
        if question.ordered and question.scored:
            problems.extend(_order_problems(criteria, index, question))
    for index, service in enumerate(criteria.services):
        problem = _service_problem(criteria, index, service, shipped)
        if problem is not None:
            problems.append(problem)
    return problems


def _order_problems(criteria: Criteria, index: int, question: Question) -> list[Problem]:
    """An ordered question's options must lean ever further toward one model.

    Scores are weighted shares, so with every other answer held fixed the lead
    of one model over another moves with this question's option alone: scoring
    each option on its own decides the order for every combination of answers.
    """
    path = f"questions[{index}].options"
    scores = [score(criteria, {question.id: o.id}, _VERDICT_ONLY).scores for o in question.options]
    start, end = _favourite(criteria, scores[0]), _favourite(criteria, scores[-1])
    if start == end:
        return [
            _problem(
                criteria,
                path,
                f"{question.id} is marked ordered, but its first and last options both lean "
                f"to {_label(criteria, start)}; order the options from one model to the other, "
                "or remove `ordered: true`",
            )
        ]
    problems = []
    leads = [s[end] - s[start] for s in scores]
    for after in range(1, len(leads)):
        before = after - 1
        if leads[after] < leads[before]:
            earlier, later = question.options[before], question.options[after]
            problems.append(
                _problem(
                    criteria,
                    path,
                    f"{question.id} is marked ordered from {_label(criteria, start)} to "
                    f"{_label(criteria, end)}, but {later.id!r} leans less toward "
                    f"{_label(criteria, end)} than {earlier.id!r} before it "
                    f"({_lead(leads[after])} against {_lead(leads[before])} points of lead "
                    "when answered alone); swap them or change their points",
                )
            )
    return problems


def _service_problem(
    criteria: Criteria, index: int, service: Service, shipped: Criteria | None
) -> Problem | None:
    """A catalogue service whose answers no longer get the model it names."""
    if not _scored_answers(criteria, service.answers):
        return _problem(
            criteria,
            f"services[{index}].answers",
            f"{service.name}: answers no scored question, so it gets no model at all",
        )
    now = score(criteria, service.answers, _VERDICT_ONLY)
    if now.recommendation == service.model:
        return None
    before = ""
    if shipped is not None and shipped.sha256 != criteria.sha256:
        known = known_answers(shipped, service.answers)
        if _scored_answers(shipped, known):
            then = score(shipped, known, _VERDICT_ONLY)
            before = f"; with the shipped criteria: {scores_text(then)}"
    answers = ", ".join(f"{q}={o}" for q, o in service.answers.items())
    return _problem(
        criteria,
        f"services[{index}]",
        f"{service.name} usually gets {_label(criteria, service.model)}, but its answers now "
        f"give {_label(criteria, now.recommendation)} ({scores_text(now)}{before}); "
        f"answers: {answers}",
    )


def known_answers(criteria: Criteria, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers `criteria` has a question and an option for (others are dropped)."""
    known = {}
    for question_id, option_id in answers.items():
        question = criteria.question(question_id)
        if question is not None and question.option(option_id) is not None:
            known[question_id] = option_id
    return known


def scores_text(assessment: Assessment) -> str:
    """Scores from the highest down, for a message: `KPO 55.0, BPO 45.0`."""
    criteria = assessment.criteria
    return ", ".join(
        f"{_label(criteria, m)} {assessment.scores[m]:.1f}" for m in assessment.ranking
    )


def _scored_answers(criteria: Criteria, answers: Mapping[str, str]) -> bool:
    return any(q.scored and q.id in answers for q in criteria.questions)


def _favourite(criteria: Criteria, scores: Mapping[str, float]) -> str:
    """The model an option favours most (the first in file order on a tie)."""
    return max((m.id for m in criteria.models), key=lambda m: scores[m])


def _label(criteria: Criteria, model_id: str) -> str:
    return criteria.model(model_id).label


def _lead(value: float) -> str:
    return f"{value:.1f}"


def _problem(criteria: Criteria, path: str, message: str) -> Problem:
    return Problem(criteria.source, None, None, path, message)
