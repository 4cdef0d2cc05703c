"""`kpobpo questions`: every question, its options and its share of the weight,
in every format, at every width, with the priorities of --weight applied."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CRITERIA_FIXTURE
from helpers import run
from kpobpo.cli import QuestionsFormat
from kpobpo.model import Criteria
from kpobpo.render.questions import OPTION_KEYS, QUESTION_KEYS, render_questions
from kpobpo.weights import reweigh, weight_shares


@pytest.mark.parametrize("fmt", list(QuestionsFormat))
def test_every_format_names_every_question_and_option(
    criteria: Criteria, fmt: QuestionsFormat, runner: CliRunner
) -> None:
    code, out, err = run(runner, "questions", "-f", fmt.value)
    assert code == 0 and err == ""
    for question in criteria.questions:
        assert question.id in out
        for option in question.options:
            assert option.id in out
    assert render_questions(criteria, fmt.value)  # the factory knows every format


def test_json_keys_and_shares_are_those_of_compare(runner: CliRunner, criteria: Criteria) -> None:
    code, out, _ = run(runner, "questions", "-f", "json")
    assert code == 0
    listed = json.loads(out)["questions"]
    assert [q["id"] for q in listed] == [q.id for q in criteria.questions]
    for entry in listed:
        assert tuple(entry) == QUESTION_KEYS
        assert all(tuple(option) == OPTION_KEYS for option in entry["options"])
    shares = {q.id: round(share, 2) for q, share in weight_shares(criteria)}
    assert {q["id"]: q["share"] for q in listed if q["scored"]} == shares
    risk_only = [q for q in listed if not q["scored"]]
    assert risk_only and all(q["share"] is None and q["weight"] is None for q in risk_only)
    assert any(q["raises"] for q in risk_only)
    _, compared, _ = run(runner, "compare", "-f", "json")
    assert {w["question"]: w["share"] for w in json.loads(compared)["weights"]} == shares


def test_weight_flags_change_the_shares_and_are_named(
    runner: CliRunner, criteria: Criteria
) -> None:
    code, out, _ = run(runner, "questions", "-f", "json", "-w", "objective=3")
    assert code == 0
    data = json.loads(out)
    assert data["criteria"]["priorities"] == {"objective": 3.0}
    expected = weight_shares(reweigh(criteria, {"objective": 3.0}))
    shares = {q["id"]: q["share"] for q in data["questions"] if q["scored"]}
    assert shares == {q.id: round(s, 2) for q, s in expected}
    assert shares != {q.id: round(s, 2) for q, s in weight_shares(criteria)}
    code, out, _ = run(runner, "questions", "-w", "objective=3")
    prompt = next(q.prompt for q in criteria.questions if q.id == "objective")
    assert code == 0 and f'"{prompt}" x3' in " ".join(out.split())


def test_table_shows_each_share_and_the_risk_only_questions(
    runner: CliRunner, criteria: Criteria
) -> None:
    code, out, _ = run(runner, "questions")
    assert code == 0
    for question, share in weight_shares(criteria):
        assert f"{question.id}  " in out
        assert f"scored: {share:.0f}% of the total weight" in out
    unscored = sum(1 for q in criteria.questions if not q.scored)
    assert out.count("risk-only") == unscored


@pytest.mark.parametrize("width", [80, 60, 40])
def test_no_word_is_cut_at_narrow_widths(runner: CliRunner, criteria: Criteria, width: int) -> None:
    code, out, _ = run(runner, "questions", env={"COLUMNS": str(width)})
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= width
    shown = set(re.findall(r"[\w()&;,.-]+", out))
    for question in criteria.questions:
        for option in question.options:
            assert set(option.label.split()) <= shown, option.label


def test_a_bad_weight_is_a_usage_error(runner: CliRunner) -> None:
    code, out, err = run(runner, "questions", "-w", "data_sensitivity=2")
    assert code == 2 and out == ""
    assert "data_sensitivity is not scored" in err


def test_output_goes_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "questions.md"
    code, out, _ = run(runner, "questions", "-f", "markdown", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Questions")


def test_labels_from_the_file_are_shown_literally(runner: CliRunner, tmp_path: Path) -> None:
    text = CRITERIA_FIXTURE.read_text(encoding="utf-8")
    old = "label: Customer contact (call centre, help desk, telemarketing)"
    assert old in text
    hostile = tmp_path / "criteria.yaml"
    hostile.write_text(text.replace(old, 'label: "[bold]Calls[/bold] \\e[2Jnow"'), "utf-8")
    for fmt in QuestionsFormat:
        code, out, _ = run(runner, "questions", "--criteria", str(hostile), "-f", fmt.value)
        assert code == 0
        assert "\x1b" not in out
        assert "Calls" in out and "bold" in out  # the markup is text, not styling
