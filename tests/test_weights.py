"""Weight factors on top of the criteria (`--weight`, `--weights`), on the fixture file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import run
from kpobpo.errors import UsageError
from kpobpo.load import parse_criteria
from kpobpo.model import Criteria
from kpobpo.weights import WeightsError, load_weights_file, parse_weight_flags, reweigh

FIXTURE_TEXT = (Path(__file__).parent / "fixtures" / "criteria.yaml").read_text(encoding="utf-8")
ANSWERS = ["-a", "expertise=trained", "-a", "complexity=moderate", "-a", "objective=cost"]


def assess_json(runner: CliRunner, *args: str) -> dict[str, object]:
    code, out, err = run(runner, "assess", *ANSWERS, "--draws", "50", "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_factor_scores_like_a_file_with_that_weight(runner: CliRunner, tmp_path: Path) -> None:
    heavier = tmp_path / "heavier.yaml"
    heavier.write_text(
        FIXTURE_TEXT.replace(
            "    weight: 1.5\n    ordered: true\n    options:\n      - id: cost",
            "    weight: 4.5\n    ordered: true\n    options:\n      - id: cost",
            1,
        )
    )
    weighted = assess_json(runner, "-w", "objective=3")
    edited = assess_json(runner, "--criteria", str(heavier))
    for key in ("recommendation", "confidence", "scores", "margin", "contributions", "what_if"):
        assert weighted[key] == edited[key], key
    assert weighted["criteria"]["priorities"] == {"objective": 3.0}  # type: ignore[index]
    assert edited["criteria"]["priorities"] == {}  # type: ignore[index]


def test_the_table_says_which_priorities_were_applied(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", *ANSWERS, "--weight", "OBJECTIVE=3", "--draws", "50")
    assert code == 0
    assert (
        'Your priorities on top of the criteria file: "What is the main goal of outsourcing it?" '
        "x3 (weight now 4.5)." in " ".join(out.split())
    )
    code, out, _ = run(runner, "assess", *ANSWERS, "--draws", "50")
    assert "priorities" not in out


def test_a_flag_wins_over_the_file(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "priorities.yaml"
    file.write_text("expertise: 2\nobjective: 0.5\n")
    data = assess_json(runner, "--weights", str(file), "-w", "objective=3")
    assert data["criteria"]["priorities"] == {"expertise": 2.0, "objective": 3.0}  # type: ignore[index]
    weights = {c["question"]: c["weight"] for c in data["contributions"]}  # type: ignore[union-attr]
    assert weights == {"expertise": 8.0, "complexity": 3.5, "objective": 4.5}


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("expertise", "write it as QUESTION=FACTOR"),
        ("expertize=2", "unknown question 'expertize'; scored questions: process_type,"),
        ("data_sensitivity=2", "data_sensitivity is not scored"),
        ("expertise=much", "the factor of expertise must be a number"),
        ("expertise=0", "the factor of expertise must be from 0.01 to 100, not 0"),
        ("expertise=nan", "the factor of expertise must be from 0.01 to 100, not nan"),
        ("expertise=1000", "the factor of expertise must be from 0.01 to 100, not 1000"),
    ],
)
def test_a_bad_flag_is_a_usage_error(runner: CliRunner, flag: str, expected: str) -> None:
    code, out, err = run(runner, "assess", *ANSWERS, "--weight", flag)
    assert code == 2 and out == ""
    assert f"--weight {flag!r}: {expected}" in err


def test_a_weight_over_the_loaders_bound_is_refused(criteria: Criteria) -> None:
    heavy = parse_criteria(
        FIXTURE_TEXT.replace("    weight: 4\n", "    weight: 900\n", 1), "h.yaml"
    )
    with pytest.raises(UsageError, match=r"expertise's weight 900 x 2 is over 1000"):
        parse_weight_flags(heavy, ["expertise=2"])


def test_a_bad_weights_file_names_every_line(criteria: Criteria, tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text("expertise: 2\ncomplexity: yes\nfoo: 1\n")
    with pytest.raises(WeightsError) as caught:
        load_weights_file(criteria, file)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:2:13: complexity: the factor of complexity must be a number, such as 1.5",
        f"{file}:3:6: foo: unknown question 'foo'; scored questions: process_type, expertise, "
        "complexity, codification, objective",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- expertise\n", "must be a mapping of question id to factor"),
        ("expertise: [\n", "not valid YAML"),
        ("", "must be a mapping of question id to factor"),
    ],
)
def test_a_weights_file_that_is_not_a_mapping(
    runner: CliRunner, tmp_path: Path, content: str, expected: str
) -> None:
    file = tmp_path / "w.yaml"
    file.write_text(content)
    code, out, err = run(runner, "assess", *ANSWERS, "--weights", str(file))
    assert code == 1 and out == ""
    assert str(file) in err and expected in err and "Traceback" not in err


def test_a_missing_weights_file(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "assess", *ANSWERS, "--weights", str(tmp_path / "none.yaml"))
    assert code != 0 and "none.yaml" in err and "Traceback" not in err


def test_no_factors_leave_the_criteria_as_they_are(criteria: Criteria) -> None:
    assert reweigh(criteria, {}) == criteria
    doubled = reweigh(criteria, {"expertise": 2})
    question = doubled.question("expertise")
    assert question is not None and question.weight == 8
    assert doubled.priorities == (("expertise", 2.0),)


def test_saved_answers_record_the_priorities(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    code, _, err = run(runner, "assess", *ANSWERS, "-w", "objective=3", "--save", str(saved))
    assert code == 0, err
    assert yaml.safe_load(saved.read_text())["criteria"]["priorities"] == {"objective": 3.0}


def test_portfolio_applies_and_shows_the_priorities(runner: CliRunner, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("name,expertise,complexity,objective\nClaims,trained,moderate,cost\n")
    code, out, err = run(runner, "portfolio", str(rows), "-f", "json", "-w", "objective=3")
    assert code == 0, err
    data = json.loads(out)
    assert data["criteria"]["priorities"] == {"objective": 3.0}
    (process,) = data["processes"]
    assert process["scores"] == assess_json(runner, "-w", "objective=3")["scores"]
    code, out, _ = run(runner, "portfolio", str(rows), "-w", "objective=3")
    assert '"What is the main goal of outsourcing it?" x3' in " ".join(out.split())


def test_compare_shows_each_scored_questions_share(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", "-f", "json")
    shares = json.loads(out)["weights"]
    assert [s["question"] for s in shares] == [
        "process_type",
        "expertise",
        "complexity",
        "codification",
        "objective",
    ]
    assert sum(s["share"] for s in shares) == pytest.approx(100, abs=0.05)
    assert shares[1]["share"] == pytest.approx(100 * 4 / 12.5, abs=0.01)
    for fmt in ("table", "markdown", "html"):
        code, out, _ = run(runner, "compare", "-f", fmt)
        assert code == 0 and "32%" in out, fmt


def test_a_saved_run_is_repeated_with_its_priorities(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    first = assess_json(runner, "-w", "objective=3", "--save", str(saved))
    code, out, err = run(runner, "assess", "--answers", str(saved), "-f", "json")
    assert code == 0, err
    assert json.loads(out) == first
    again = assess_json(runner, "--answers", str(saved), "-w", "expertise=2")
    assert again["criteria"]["priorities"] == {"expertise": 2.0}  # type: ignore[index]


def test_a_bad_saved_priority_names_its_place(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    saved.write_text(
        "answers: {expertise: basic}\ncriteria:\n  priorities:\n    expertise: 0\n    core: 2\n"
    )
    code, out, err = run(runner, "assess", "--answers", str(saved))
    assert code == 1 and out == ""
    assert f"{saved}:4:16: criteria.priorities.expertise: the factor of expertise must be" in err
    assert f"{saved}:5:11: criteria.priorities.core: core is not scored" in err
    saved.write_text("answers: {expertise: basic}\ncriteria: {priorities: [1]}\n")
    code, _, err = run(runner, "assess", "--answers", str(saved))
    assert code == 1 and "criteria.priorities: must map question ids to weight factors" in err
