"""Explanations: exact what-ifs, weight sensitivity, robustness, presets, advisories."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from helpers import answer_sets
from kpobpo.load import load_criteria
from kpobpo.model import Criteria, Settings
from kpobpo.score import score
from kpobpo.standing import standing

#: The tests' own criteria file (see conftest.py).
FIXTURE_PATH = Path(__file__).parent / "fixtures" / "criteria.yaml"
CRITERIA = load_criteria(FIXTURE_PATH)
FAST = Settings(draws=50)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_what_if_is_exact_and_complete(answers: dict[str, str]) -> None:
    result = score(CRITERIA, answers, FAST)
    listed = {(w.question, w.answer): w for w in result.what_if}
    for question in CRITERIA.questions:
        if not question.scored:
            continue
        for option in question.options:
            if answers.get(question.id) == option.id:
                continue
            rerun = score(CRITERIA, {**answers, question.id: option.id}, FAST)
            changes = (
                rerun.recommendation != result.recommendation
                or rerun.borderline != result.borderline
            )
            entry = listed.get((question.id, option.id))
            if changes:
                assert entry is not None, (question.id, option.id)
                assert entry.recommendation == rerun.recommendation
                assert entry.margin == rerun.margin
                assert entry.borderline == rerun.borderline
            else:
                assert entry is None, (question.id, option.id)


GRID = [h / 100 for h in range(25, 401)]


@settings(max_examples=60, deadline=None)
@given(answer_sets())
def test_weight_sensitivity_is_the_nearest_factor_that_changes_the_winner(
    answers: dict[str, str],
) -> None:
    import math

    result = score(CRITERIA, answers, FAST)
    for item in result.weight_sensitivity:
        distance = math.inf if item.factor is None else abs(math.log(item.factor))
        for factor in GRID:
            if abs(math.log(factor)) < distance - 1e-9:
                changed = standing(CRITERIA, answers, {item.question: factor})
                assert changed.winner == result.recommendation, (item, factor)
        if item.factor is not None:
            assert 0.25 <= item.factor <= 4.0
            changed = standing(CRITERIA, answers, {item.question: item.factor})
            assert changed.winner == item.recommendation != result.recommendation


def test_what_if_sentences_in_plain_words(criteria: Criteria) -> None:
    answers = {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "moderate",
        "objective": "cost",
    }
    result = score(criteria, answers)
    from kpobpo.render import wording

    sentences = [wording.what_if(result, w) for w in result.what_if]
    assert (
        'If "How complex is a typical case?" were "Routine; most cases look alike", '
        "BPO would win by 22.7 points." in sentences
    )
    assert any(
        s.startswith(
            'If "How much of the work is written down as a procedure?", now unanswered, '
            'were "Fully documented'
        )
        for s in sentences
    )
    assert not any("complexity" in s or "codification" in s for s in sentences)


def test_robustness_is_deterministic_for_a_seed(criteria: Criteria) -> None:
    answers = {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "moderate",
        "objective": "cost",
    }
    first = score(criteria, answers, Settings(seed=7))
    again = score(criteria, answers, Settings(seed=7))
    other = score(criteria, answers, Settings(seed=8))
    assert first.robustness == again.robustness
    assert first.robustness.draws == 1000
    assert 0.5 < first.robustness.win_rate < 1.0
    assert other.robustness.win_rate != first.robustness.win_rate


def test_robustness_matches_rescoring_with_the_same_draws(criteria: Criteria) -> None:
    import random

    answers = {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "complex",
        "objective": "cost",
        "codification": "partly",
    }
    result = score(criteria, answers, Settings(seed=3, draws=200))
    rng = random.Random(3)
    scored = [q for q in criteria.questions if q.scored]
    wins = 0
    for _ in range(200):
        factors = {q.id: rng.uniform(0.5, 1.5) for q in scored}
        wins += standing(criteria, answers, factors).winner == result.recommendation
    assert result.robustness.win_rate == wins / 200


@settings(max_examples=60, deadline=None)
@given(answer_sets())
def test_robustness_is_what_rescoring_each_trial_gives(answers: dict[str, str]) -> None:
    """Checks both ways of computing it: all trials, and the shortcut for clear leads."""
    import random

    result = score(CRITERIA, answers, Settings(seed=11, draws=60))
    rng = random.Random(11)
    scored = [q for q in CRITERIA.questions if q.scored]
    wins = 0
    for _ in range(60):
        factors = {q.id: rng.uniform(0.5, 1.5) for q in scored}
        wins += standing(CRITERIA, answers, factors).winner == result.recommendation
    assert result.robustness.win_rate == wins / 60


def test_robustness_is_the_same_when_kept_sums_run_out(
    criteria: Criteria, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answer sets sharing their first answers share those questions' sums over
    the trials; with room for only a few, the tree starts again, and every
    win rate is still what rescoring each trial gives."""
    import itertools
    import random

    from kpobpo import explain

    monkeypatch.setattr(explain._PartialSums, "KEPT", 3)
    explain._count_wins.cache_clear()
    explain._partial_sums.cache_clear()
    scored = [q for q in criteria.questions if q.scored]
    checked = set()
    for expertise, complexity, objective in itertools.product(
        ("basic", "specialist"), ("routine", "moderate", "complex"), ("cost", "insight")
    ):
        answers = {
            "process_type": "customer_contact",
            "expertise": expertise,
            "complexity": complexity,
            "objective": objective,
        }
        result = score(criteria, answers, Settings(seed=5, draws=80))
        rng = random.Random(5)
        wins = 0
        for _ in range(80):
            factors = {q.id: rng.uniform(0.5, 1.5) for q in scored}
            wins += standing(criteria, answers, factors).winner == result.recommendation
        assert result.robustness.win_rate == wins / 80
        checked.add(result.robustness.win_rate)
    explain._count_wins.cache_clear()
    explain._partial_sums.cache_clear()
    assert len(checked) > 3  # not every set a sure win: the trials were summed


def test_fragile_results_lose_confidence(criteria: Criteria) -> None:
    clear = score(
        criteria,
        {
            "process_type": "research_analytics",
            "expertise": "specialist",
            "complexity": "complex",
            "codification": "judgement",
            "objective": "insight",
        },
    )
    assert clear.robustness.win_rate == 1.0 and clear.confidence.value == "high"
    fragile = score(
        criteria,
        {
            "process_type": "customer_contact",
            "expertise": "specialist",
            "complexity": "moderate",
            "codification": "partly",
            "objective": "cost",
        },
    )
    assert fragile.robustness.win_rate < 0.9
    assert fragile.confidence.value == "low"


def test_advisories_apply_only_when_every_condition_holds(criteria: Criteria) -> None:
    base = {"process_type": "engineering_rd", "expertise": "specialist", "complexity": "complex"}
    full = {**base, "core": "core", "data_sensitivity": "high", "ip_value": "valuable"}
    assert "captive_centre" in {a.id for a in score(criteria, full, FAST).advisories}
    partial = {**full, "ip_value": "some"}
    assert "captive_centre" not in {a.id for a in score(criteria, partial, FAST).advisories}
    licensed = score(criteria, {**base, "licensing": "required"}, FAST)
    assert [a.id for a in licensed.advisories] == ["licences"]


def test_advisory_with_unknown_option_is_a_load_error(tmp_path: Path) -> None:
    from kpobpo.errors import CriteriaError

    text = FIXTURE_PATH.read_text().replace(
        "      - {question: licensing, options: [required]}",
        "      - {question: licensing, options: [mandatory]}",
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(CriteriaError) as caught:
        load_criteria(path)
    assert "advisories[1].when[0].options[0]: licensing has no option 'mandatory'" in str(
        caught.value
    )


def test_preset_with_unknown_answer_is_a_load_error(tmp_path: Path) -> None:
    from kpobpo.errors import CriteriaError

    text = FIXTURE_PATH.read_text().replace(
        "- name: Telemarketing\n    model: bpo\n    answers: {process_type: customer_contact,",
        "- name: Telemarketing\n    model: bpo\n    answers: {process_kind: customer_contact,",
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(CriteriaError, match=r"services\[1\]\.answers\.process_kind: unknown"):
        load_criteria(path)


def test_cost_per_model(criteria: Criteria) -> None:
    result = score(criteria, {"expertise": "basic"}, Settings(hours=2000, rate=25))
    assert result.cost == {"bpo": 50_000, "kpo": 100_000}
    assert score(criteria, {"expertise": "basic"}).cost is None
