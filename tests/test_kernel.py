"""The scoring kernel: one table per criteria file, and every view agreeing with re-scoring."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kpobpo.kernel import kernel_of
from kpobpo.load import load_criteria
from kpobpo.model import Criteria
from kpobpo.standing import standing


def test_a_changed_weight_gets_a_new_table(criteria: Criteria) -> None:
    questions = tuple(
        q._replace(weight=q.weight * 10) if q.id == "objective" else q for q in criteria.questions
    )
    heavier = criteria._replace(questions=questions)
    answers = {"expertise": "specialist", "objective": "cost"}
    assert standing(criteria, answers).winner == "kpo"
    assert standing(heavier, answers).winner == "bpo"


def test_contributions_add_up_to_the_scores_with_three_models(three_models: Path) -> None:
    criteria = load_criteria(three_models)
    kernel = kernel_of(criteria)
    answers = {"control": "full", "scale": "small", "knowledge": "yes"}
    rows = kernel.rows(answers)
    base = kernel.standing(answers)
    for model in kernel.models:
        total = sum(c.points[model] for c in kernel.contributions(rows))
        assert total == pytest.approx(base.scores[model])


def test_every_change_matches_rescoring_with_three_models(three_models: Path) -> None:
    criteria = load_criteria(three_models)
    kernel = kernel_of(criteria)
    questions = [q for q in criteria.questions if q.scored]
    for picks in itertools.product(*([None, *q.options] for q in questions)):
        answers = {q.id: o.id for q, o in zip(questions, picks, strict=True) if o is not None}
        if not answers:
            continue
        changes = kernel.changes(answers, kernel.rows(answers))
        expected = [(q.id, o.id) for q in questions for o in q.options if answers.get(q.id) != o.id]
        assert [(c[0], c[1]) for c in changes] == expected
        for question_id, option_id, changed in changes:
            rescored = standing(criteria, {**answers, question_id: option_id})
            assert changed.ranking == rescored.ranking
            assert changed.scores == pytest.approx(rescored.scores)
            assert changed.borderline == rescored.borderline


def test_a_crossing_is_where_two_models_tie(criteria: Criteria) -> None:
    kernel = kernel_of(criteria)
    answers = {"expertise": "specialist", "objective": "cost", "process_type": "customer_contact"}
    rows = kernel.rows(answers)
    winner = kernel.standing(answers).winner
    (crossing,) = kernel.crossings(rows, "expertise", winner, 0.25, 4.0)
    tied = kernel.standing(answers, {"expertise": crossing})
    assert tied.margin == pytest.approx(0.0, abs=1e-9)


def test_fragility_is_what_if_read_for_the_answered_questions(criteria: Criteria) -> None:
    kernel = kernel_of(criteria)
    answers = {
        "process_type": "finance_accounting",
        "expertise": "trained",
        "complexity": "moderate",
        "codification": "partly",
        "objective": "cost",
    }
    rows = kernel.rows(answers)
    base = kernel.standing(answers)
    flips, closer = kernel.fragility(rows, base)
    changes = kernel.what_if(answers, rows, base)
    assert flips == [f"{w.question}={w.answer}" for w in changes if w.recommendation != base.winner]
    assert closer == [
        f"{w.question}={w.answer}" for w in changes if w.recommendation == base.winner
    ]
    assert flips and closer


def test_a_scorer_that_remembers_little_assesses_like_a_fresh_score(criteria: Criteria) -> None:
    """A portfolio's scorer forgets old answer sets to keep memory flat; what it
    gives back must never depend on what it still remembers."""
    from kpobpo.model import Settings
    from kpobpo.score import Scorer, score

    close = {"process_type": "customer_contact", "expertise": "specialist", "objective": "cost"}
    sets = [close, {**close, "complexity": "complex"}, close, {**close, "core": "core"}, close]
    settings = Settings(draws=50)
    forgetful, roomy = Scorer(criteria, settings, kept=1), Scorer(criteria, settings)
    for answers in sets:
        fresh = score(criteria, answers, settings)
        assert forgetful(answers) == fresh
        assert roomy(answers) == fresh
    assert 0 < fresh.robustness.win_rate < 1  # the trials really ran


def test_fragility_counts_only_nearby_answers(criteria: Criteria) -> None:
    """Swapping an answer for its opposite overturns any result; being one step off
    is the mistake that counts."""
    kernel = kernel_of(criteria)
    answers = {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "complex",
        "objective": "cost",
    }
    rows = kernel.rows(answers)
    base = kernel.standing(answers)
    every_flip, _ = kernel.fragility(rows, base)
    near_flips, near_closer = kernel.fragility(rows, base, 0.5)
    assert "expertise=basic" in every_flip and "expertise=basic" not in near_flips
    assert set(near_flips) < set(every_flip)
    assert "expertise=trained" in near_flips + near_closer
