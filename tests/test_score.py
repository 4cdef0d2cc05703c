"""The scoring core: pure, and behaving like the domain says it should."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kpobpo.load import load_criteria
from kpobpo.model import Confidence, Criteria
from kpobpo.score import NothingToScore, score
from kpobpo.standing import standing

FULL = {
    "process_type": "research_analytics",
    "expertise": "specialist",
    "complexity": "complex",
    "codification": "judgement",
    "objective": "insight",
    "data_sensitivity": "low",
    "ip_value": "none",
    "core": "supporting",
    "licensing": "none",
}


def test_data_sensitivity_and_ip_never_move_a_score(criteria: Criteria) -> None:
    unscored = ("data_sensitivity", "ip_value", "core", "licensing")
    base = {k: v for k, v in FULL.items() if k not in unscored}
    reference = score(criteria, base)
    for sensitivity, ip in itertools.product(
        ("low", "medium", "high"), ("none", "some", "valuable")
    ):
        result = score(criteria, {**base, "data_sensitivity": sensitivity, "ip_value": ip})
        assert result.scores == reference.scores
        assert result.confidence == reference.confidence


@pytest.mark.parametrize(
    "winner_answers",
    [
        {"expertise": "basic", "complexity": "routine", "process_type": "customer_contact"},
        {"expertise": "specialist", "complexity": "complex", "process_type": "research_analytics"},
    ],
)
def test_high_data_sensitivity_elevates_data_theft_whatever_model_wins(
    criteria: Criteria, winner_answers: dict[str, str]
) -> None:
    result = score(criteria, {**winner_answers, "data_sensitivity": "high"})
    notes = {n.risk.id: n for n in result.risks}
    assert notes["data_theft"].elevated
    low = score(criteria, {**winner_answers, "data_sensitivity": "low"})
    assert not any(n.risk.id == "data_theft" and n.elevated for n in low.risks)


def test_risks_of_the_winner_are_listed_with_elevated_first(criteria: Criteria) -> None:
    result = score(criteria, {"expertise": "basic", "objective": "cost", "complexity": "routine"})
    assert result.recommendation == "bpo"
    ids = [n.risk.id for n in result.risks]
    assert set(ids) == {"attrition", "wage_inflation", "process_dependence"}
    flags = [n.elevated for n in result.risks]
    assert flags == sorted(flags, reverse=True)
    assert {n.risk.id for n in result.risks if n.elevated} == {"attrition", "wage_inflation"}


def test_other_models_risks_need_a_whatever_model_trigger(criteria: Criteria) -> None:
    # complexity=complex elevates process_dependence only when BPO is chosen.
    result = score(criteria, FULL)
    assert "process_dependence" not in {n.risk.id for n in result.risks}


def test_unanswered_questions_are_left_out_with_their_weight(criteria: Criteria) -> None:
    partial = {"process_type": "research_analytics", "expertise": "specialist"}
    result = score(criteria, partial)
    weights = {q.id: q.weight for q in criteria.questions if q.scored}
    answered = weights["process_type"] + weights["expertise"]
    assert result.scores["kpo"] == pytest.approx(
        100 * (weights["process_type"] * 10 + weights["expertise"] * 10) / (answered * 10)
    )
    assert "complexity" in result.unanswered
    assert result.answered_share == pytest.approx(answered / sum(weights.values()))


def test_unanswered_questions_lower_the_confidence(criteria: Criteria) -> None:
    full = score(criteria, FULL)
    without = {k: v for k, v in FULL.items() if k != "codification"}
    assert full.confidence is Confidence.HIGH
    assert score(criteria, without).confidence is Confidence.MEDIUM


def test_a_small_margin_is_borderline_and_low(criteria: Criteria) -> None:
    answers = {
        "process_type": "other",
        "expertise": "trained",
        "complexity": "moderate",
        "codification": "judgement",
        "objective": "cost",
    }
    result = score(criteria, answers)
    assert result.margin < criteria.scoring.borderline_margin
    assert result.borderline
    assert result.confidence is Confidence.LOW


def test_less_than_half_the_weight_answered_is_low(criteria: Criteria) -> None:
    result = score(criteria, {"expertise": "specialist"})
    assert result.margin == 100
    assert result.confidence is Confidence.LOW


def test_nothing_scored_answered_is_refused(criteria: Criteria) -> None:
    with pytest.raises(NothingToScore, match="answer at least one"):
        score(criteria, {"data_sensitivity": "high"})


def test_three_models_work_without_code_changes(three_models: Path) -> None:
    loaded = load_criteria(three_models)
    result = score(loaded, {"control": "full", "scale": "large", "knowledge": "no"})
    assert result.recommendation == "captive"
    assert set(result.scores) == {"bpo", "kpo", "captive"}
    assert [n.risk.id for n in result.risks] == ["setup_cost"]
    small = score(loaded, {"control": "little", "scale": "small", "knowledge": "no"})
    assert small.recommendation == "bpo"
    assert [(n.risk.id, n.elevated) for n in small.risks] == [("attrition", False)]


def test_an_unknown_option_is_a_programming_error(criteria: Criteria) -> None:
    with pytest.raises(ValueError, match="expertise: unknown option 'guru'"):
        standing(criteria, {"expertise": "guru"})
