"""An organisation's priorities on top of the criteria: weight factors per question.

`--weight QUESTION=FACTOR` (repeatable) and `--weights FILE` (a YAML or JSON
mapping of question id to factor) multiply the weights of scored questions.
They are applied once, by `reweigh`, which returns criteria whose questions
carry the multiplied weights and which remember the factors (`priorities`):
every score, explanation, what-if and confidence then follows from the
adjusted criteria, and every output can say which priorities were applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

from kpobpo.errors import InputFileError, Problem, UsageError
from kpobpo.limits import MAX_WEIGHT, WEIGHT_FACTOR
from kpobpo.model import Criteria, Question


class WeightsError(InputFileError):
    """A weights file is invalid (exit 1)."""

    kind = "weights file"


def factor_problem(criteria: Criteria, question_id: str, value: object) -> str | None:
    """Why `value` cannot be the factor of `question_id`, or None when it can."""
    question = criteria.question(question_id)
    scored = [q.id for q in criteria.questions if q.scored]
    if question is None:
        return f"unknown question {question_id!r}; scored questions: {', '.join(scored)}"
    if not question.scored:
        return (
            f"{question_id} is not scored (it only raises risks), so it has no weight; "
            f"scored questions: {', '.join(scored)}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"the factor of {question_id} must be a number, such as 1.5"
    low, high = WEIGHT_FACTOR
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f"from {low:g} to {high:g}"
        return f"the factor of {question_id} must be {bounds}, not {value:g}"
    if question.weight * value > MAX_WEIGHT:
        return f"{question_id}'s weight {question.weight:g} x {value:g} is over {MAX_WEIGHT:g}"
    return None


def parse_weight_flags(criteria: Criteria, flags: Iterable[str]) -> dict[str, float]:
    """Parse `QUESTION=FACTOR` strings; bad ones are a usage error (exit 2)."""
    factors: dict[str, float] = {}
    errors: list[str] = []
    for flag in flags:
        name, sep, text = flag.partition("=")
        try:
            value: object = float(text)
        except ValueError:
            value = text
        if not sep:
            errors.append(f"--weight {flag!r}: write it as QUESTION=FACTOR, e.g. expertise=1.5")
            continue
        question_id = _question_id(criteria, name)
        problem = factor_problem(criteria, question_id, value)
        if problem:
            errors.append(f"--weight {flag!r}: {problem}")
        else:
            factors[question_id] = float(value)  # type: ignore[arg-type]
    if errors:
        raise UsageError("\n".join(errors))
    return factors


def load_weights_file(criteria: Criteria, path: Path) -> dict[str, float]:
    """Read a YAML or JSON mapping of question id to factor; every problem at once (exit 1)."""
    from kpobpo.load import read_text
    from kpobpo.yamlio import YamlProblems, read_document

    source = str(path)
    text, _ = read_text(path, WeightsError)
    try:
        doc = read_document(text, source)
    except YamlProblems as exc:
        raise WeightsError(exc.problems) from None
    if doc is None or not isinstance(doc.value, dict):
        line = doc.line if doc else None
        raise WeightsError(
            [Problem(source, line, None, "", "must be a mapping of question id to factor")]
        )
    factors: dict[str, float] = {}
    problems: list[Problem] = []
    for name, node in doc.value.items():
        question_id = _question_id(criteria, name)
        problem = factor_problem(criteria, question_id, node.value)
        if problem:
            problems.append(Problem(source, node.line, node.column, name, problem))
        else:
            factors[question_id] = float(node.value)
    if problems:
        raise WeightsError(problems)
    return factors


def prioritise(criteria: Criteria, flags: Iterable[str], path: Path | None) -> Criteria:
    """`criteria` with the factors of `--weights FILE` and then `--weight` flags applied
    (a flag wins over the file for the same question)."""
    factors = load_weights_file(criteria, path) if path is not None else {}
    factors.update(parse_weight_flags(criteria, flags))
    return reweigh(criteria, factors)


def reweigh(criteria: Criteria, factors: Mapping[str, float]) -> Criteria:
    """`criteria` with each named question's weight multiplied by its factor.

    The factors must have passed `factor_problem`. The result remembers them
    (in file order) as `priorities`; no factors give `criteria` back unchanged.
    """
    if not factors:
        return criteria
    questions = tuple(
        q._replace(weight=q.weight * factors[q.id]) if q.id in factors else q
        for q in criteria.questions
    )
    priorities = tuple((q.id, float(factors[q.id])) for q in criteria.questions if q.id in factors)
    return criteria._replace(questions=questions, priorities=priorities)


def weight_shares(criteria: Criteria) -> list[tuple[Question, float]]:
    """Each scored question with its share of the total weight, in percent.

    Shown by `compare`, so a reader sees what decides before answering.
    """
    scored = [q for q in criteria.questions if q.scored]
    total = sum(q.weight for q in scored)
    return [(q, 100.0 * q.weight / total) for q in scored]


def _question_id(criteria: Criteria, name: str) -> str:
    """The question id `name` means (case and blanks aside), or `name` itself when none."""
    question = criteria.question_named(name)
    return question.id if question is not None else name.strip()
