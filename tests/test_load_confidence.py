"""Loading the criteria's `confidence` section and advisories conditioned on the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kpobpo.errors import CriteriaError
from kpobpo.load import load_criteria, parse_criteria
from kpobpo.model import ConfidenceRules

FIXTURE = Path(__file__).parent / "fixtures" / "confidence.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")
SECTION = "confidence:\n  defining: [expertise, complexity]\n"


def with_section(body: str) -> str:
    assert SECTION in TEXT
    return TEXT.replace(SECTION, "confidence:\n" + body, 1)


def errors_of(text: str) -> list[str]:
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    return [str(p) for p in caught.value.problems]


def test_the_section_is_optional_with_documented_defaults(three_models: Path) -> None:
    assert load_criteria(three_models).confidence == ConfidenceRules()
    assert ConfidenceRules().defining == ()
    assert ConfidenceRules().weight_range == (0.25, 4.0)


def test_every_key_is_read() -> None:
    text = with_section(
        "  defining: [complexity]\n  middle_share: 0.4\n  min_answered_share: 0.6\n"
        "  robust_win_rate: 0.95\n  fragile_win_rate: 0.6\n  max_flips: 1\n"
        "  max_fragile_answers: 2\n  weight_range: [0.5, 3]\n  shaken_weights: [0.8, 1.2]\n"
        "  nearby_share: 0.25\n"
    )
    rules = parse_criteria(text, "c.yaml").confidence
    assert rules == ConfidenceRules(
        ("complexity",), 0.4, 0.6, 0.95, 0.6, 1, 2, (0.5, 3.0), (0.8, 1.2), 0.25
    )


def test_the_shaken_range_reaches_the_wording() -> None:
    from kpobpo.render.wording import robustness, weight
    from kpobpo.score import score

    criteria = parse_criteria(
        with_section("  weight_range: [0.5, 3]\n  shaken_weights: [0.8, 1.2]\n"), "c.yaml"
    )
    result = score(criteria, {"kind": "ops", "expertise": "basic", "complexity": "routine"})
    assert "from 0.8 to 1.2" in robustness(result)
    assert weight(result, result.weight_sensitivity[0]) == (
        "no weight from 0.5x to 3x changes the winner"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  defining: [sensitivity]\n", "confidence.defining[0]: must name a scored question"),
        ("  defining: [nope]\n", "confidence.defining[0]: must name a scored question"),
        ("  defining: [kind, kind]\n", "confidence.defining[1]: 'kind' is listed twice"),
        ("  defining: kind\n", "confidence.defining: must be a list of question ids"),
        ("  middle_share: 2\n", "confidence.middle_share: must be >= 0 and <= 1"),
        ("  max_flips: -1\n", "confidence.max_flips: must be a whole number from 0 to 1000"),
        ("  max_flips: 1.5\n", "confidence.max_flips: must be a whole number"),
        ("  max_fragile_answers: yes\n", "confidence.max_fragile_answers: must be a whole"),
        ("  weight_range: 2\n", "confidence.weight_range: must be a list of two factors"),
        ("  weight_range: [2, 3]\n", "confidence.weight_range[0]: must be > 0 and <= 1"),
        ("  shaken_weights: [1, 1]\n", "confidence.shaken_weights: low must be below high"),
        ("  shaken_weights: [0.5, 20]\n", "confidence.shaken_weights[1]: must be >= 1 and <= 10"),
        (
            "  robust_win_rate: 0.6\n  fragile_win_rate: 0.8\n",
            "confidence.fragile_win_rate: must not be above confidence.robust_win_rate (0.6)",
        ),
        ("  sure: true\n", "confidence.sure: unknown key; expected one of: defining"),
    ],
)
def test_bad_confidence_rules_are_reported_with_their_place(body: str, expected: str) -> None:
    problems = errors_of(with_section(body))
    assert any(expected in p for p in problems), problems
    assert all(re.match(r"c\.yaml:\d+:\d+: ", p) for p in problems), problems


def test_an_advisory_can_name_result_states_only() -> None:
    text = TEXT.replace(
        "    when:\n      - {question: complexity, options: [moderate, complex]}\n", "", 1
    )
    (advisory,) = parse_criteria(text, "c.yaml").advisories
    assert advisory.when == () and advisory.result == ("in_between", "too_close")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "result: [in_between, too_close]",
            "result: [in_between, unsure]",
            "advisories[0].result[1]: unknown result state; known: clear, leans, too_close",
        ),
        ("result: [in_between, too_close]", "result: too_close", "must be a list of result"),
        (
            "    result: [in_between, too_close]\n    when:\n"
            "      - {question: complexity, options: [moderate, complex]}\n",
            "",
            "advisories[0].when: is missing (give `when`, `result` or both)",
        ),
    ],
)
def test_bad_advisory_results_are_reported(old: str, new: str, expected: str) -> None:
    assert old in TEXT
    problems = errors_of(TEXT.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_a_missing_scoring_number_is_reported_once() -> None:
    text = TEXT.replace(
        "{max_points: 10, borderline_margin: 6, high_margin: 20}", "{max_points: 10}"
    )
    problems = errors_of(text)
    assert any("scoring.borderline_margin: is missing" in p for p in problems), problems
    assert any("scoring.high_margin: is missing" in p for p in problems), problems
