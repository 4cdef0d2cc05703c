"""The confidence model: every reason can be triggered, and each does what it says.

Run on a small fixture file (tests/fixtures/confidence.yaml) whose weights do
not move when the shipped ones are tuned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpobpo.load import load_criteria
from kpobpo.model import Confidence, Criteria, Settings, Verdict
from kpobpo.score import score

FIXTURE = load_criteria(Path(__file__).parent / "fixtures" / "confidence.yaml")
#: Rules that let fragile answers pass, to see the other rules alone.
LENIENT = FIXTURE._replace(
    confidence=FIXTURE.confidence._replace(max_flips=10, max_fragile_answers=10)
)
CLEAR = {"kind": "ops", "expertise": "basic", "complexity": "routine", "goal": "cost"}


def reasons(criteria: Criteria, answers: dict[str, str]) -> dict[str, dict[str, object]]:
    return {r.id: r.facts for r in score(criteria, answers).confidence_reasons}


def test_a_clear_steady_result_is_high_and_clear() -> None:
    result = score(FIXTURE, CLEAR)
    assert result.confidence is Confidence.HIGH and result.verdict is Verdict.CLEAR
    assert [r.id for r in result.confidence_reasons] == ["clear_margin", "steady"]
    assert result.confidence_reasons[1].facts["win_rate"] == 1.0


def test_a_borderline_margin_is_too_close_to_call() -> None:
    result = score(FIXTURE, {"kind": "other"})
    facts = reasons(FIXTURE, {"kind": "other"})
    assert result.verdict is Verdict.TOO_CLOSE and result.confidence is Confidence.LOW
    assert facts["borderline"] == {"margin": 0.0, "borderline_margin": 6.0}


def test_a_narrow_margin_starts_at_medium() -> None:
    demanding = FIXTURE._replace(scoring=FIXTURE.scoring._replace(high_margin=95))
    result = score(demanding, CLEAR)
    assert result.margin < 95
    assert reasons(demanding, CLEAR)["narrow_margin"] == {
        "margin": round(result.margin, 2),
        "high_margin": 95,
    }
    assert result.confidence is Confidence.MEDIUM and result.verdict is Verdict.LEANS


def test_an_open_scored_question_lowers_a_step() -> None:
    answers = {"expertise": "basic", "complexity": "routine", "goal": "cost"}
    result = score(FIXTURE, answers)
    assert reasons(FIXTURE, answers)["unanswered"] == {"questions": ["kind"]}
    assert result.confidence is Confidence.MEDIUM


def test_little_weight_answered_is_low() -> None:
    facts = reasons(FIXTURE, {"goal": "cost"})["little_answered"]
    assert facts == {"answered_share": 0.19, "min_answered_share": 0.5}
    assert score(FIXTURE, {"goal": "cost"}).confidence is Confidence.LOW


def test_a_winner_that_few_shaken_weights_keep_is_too_close() -> None:
    answers = {"kind": "other", "expertise": "trained", "complexity": "complex", "goal": "cost"}
    result = score(FIXTURE, answers)
    facts = reasons(FIXTURE, answers)["fragile_weights"]
    assert facts["win_rate"] == result.robustness.win_rate < 0.7
    assert (facts["low"], facts["high"]) == (0.5, 1.5)
    assert result.verdict is Verdict.TOO_CLOSE


def test_a_shaky_winner_loses_a_step() -> None:
    answers = {"kind": "ops", "expertise": "trained", "complexity": "complex", "goal": "insight"}
    result = score(LENIENT, answers)
    assert 0.7 <= reasons(LENIENT, answers)["shaky_weights"]["win_rate"] < 0.9  # type: ignore[operator]
    assert result.confidence is Confidence.LOW  # narrow margin, then one step


def test_single_answers_that_overturn_it_lower_a_step() -> None:
    answers = {"kind": "ops", "expertise": "basic", "complexity": "moderate", "goal": "insight"}
    result = score(FIXTURE, answers)
    facts = reasons(FIXTURE, answers)["fragile_answers"]
    assert facts["flips"] and all(
        score(FIXTURE, {**answers, **dict([flip.split("=")])}).recommendation  # type: ignore[union-attr]
        != result.recommendation
        for flip in facts["flips"]  # type: ignore[attr-defined]
    )
    assert result.confidence is Confidence.MEDIUM  # a clear margin, one step down
    assert score(LENIENT, answers).confidence is Confidence.HIGH


def test_defining_answers_in_their_middle_keep_it_from_high() -> None:
    answers = {"kind": "ops", "expertise": "trained", "complexity": "moderate", "goal": "cost"}
    result = score(LENIENT, answers)
    assert result.margin >= 20
    assert reasons(LENIENT, answers)["in_between"] == {
        "middle": ["expertise", "complexity"],
        "split": [],
    }
    assert result.confidence is Confidence.MEDIUM and result.in_between


def test_defining_answers_pointing_apart_keep_it_from_high() -> None:
    answers = {"kind": "ops", "expertise": "basic", "complexity": "complex", "goal": "cost"}
    result = score(LENIENT, answers)
    assert result.margin >= 20
    assert reasons(LENIENT, answers)["in_between"] == {
        "middle": [],
        "split": ["expertise", "complexity"],
    }
    assert result.confidence is Confidence.MEDIUM


def test_one_middle_answer_beside_a_clear_one_is_not_in_between() -> None:
    answers = {"kind": "ops", "expertise": "trained", "complexity": "routine", "goal": "cost"}
    assert "in_between" not in reasons(FIXTURE, answers)


def test_without_defining_questions_nothing_is_in_between() -> None:
    plain = FIXTURE._replace(confidence=FIXTURE.confidence._replace(defining=()))
    answers = {"kind": "ops", "expertise": "trained", "complexity": "moderate", "goal": "cost"}
    assert "in_between" not in reasons(plain, answers)


def test_the_split_advice_needs_an_in_between_or_too_close_result() -> None:
    between = {"kind": "ops", "expertise": "trained", "complexity": "moderate", "goal": "cost"}
    assert [a.id for a in score(FIXTURE, between).advisories] == ["split_tiers"]
    clear = {"kind": "research", "expertise": "specialist", "complexity": "complex"}
    assert score(FIXTURE, clear).advisories == ()


@pytest.mark.parametrize("draws", [0, 50])
def test_the_confidence_does_not_depend_on_what_is_shown(draws: int) -> None:
    answers = {"kind": "ops", "expertise": "basic", "complexity": "moderate", "goal": "insight"}
    shown = score(FIXTURE, answers, Settings(draws=draws))
    hidden = score(FIXTURE, answers, Settings(draws=draws, explain=False))
    assert hidden.what_if == () and shown.what_if
    assert hidden.confidence_reasons == shown.confidence_reasons


def test_a_risk_raised_whatever_the_model_applies_to_both() -> None:
    result = score(FIXTURE, {**CLEAR, "sensitivity": "high"})
    assert result.recommendation == "bpo"
    theft = next(n for n in result.risks if n.risk.id == "data_theft")
    assert theft.models == ("bpo", "kpo")
    turnover = next(n for n in result.risks if n.risk.id == "attrition")
    assert turnover.models == ("bpo",)
