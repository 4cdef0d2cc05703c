"""The commands, run through Typer's CliRunner as a user would run them."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import CLINICIANS, flags, run
from kpobpo.render.json_doc import ASSESSMENT_KEYS


def assess_json(runner: CliRunner, *args: str) -> dict[str, object]:
    code, out, err = run(runner, "assess", "--format", "json", *args)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


# -- assess, non-interactive ------------------------------------------------


def test_assess_table_says_the_recommendation_first(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", *CLINICIANS)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("Recommendation: leans KPO (Knowledge Process Outsourcing)")
    assert "confidence: medium" in first
    said = " ".join(out.split())
    assert "KPO leads BPO by 40.9 points" in said
    assert "KPO +36.4 Domain experts, usually with a professional degree" in said
    assert "Theft or leak of confidential data: Sign a data-processing agreement" in said
    assert "BPO would bill about" not in said
    assert err == ""


def test_the_default_table_fits_one_screen_and_details_has_the_rest(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", *CLINICIANS)
    assert code == 0
    assert len(out.splitlines()) <= 40
    assert "More with --details" in out
    for detail in ("Why: what each answer gave each model", "How robust it is", "Answers"):
        assert detail not in out
    code, details, _ = run(runner, "assess", "--details", *CLINICIANS)
    assert code == 0
    for detail in ("Why: what each answer gave each model", "How robust it is", "Answers"):
        assert detail in details
    assert "ELEVATED Theft or leak of confidential data" in " ".join(details.split())
    assert "data-processing agreement" in details and "bills about 2.0 times" in details
    assert "More with --details" not in details


def test_the_result_says_which_scored_and_risk_only_questions_are_open(
    runner: CliRunner,
) -> None:
    code, out, _ = run(runner, "assess", "--details", *CLINICIANS)
    assert code == 0
    said = " ".join(out.split())
    assert (
        '1 of 5 scored questions not answered ("How much of the work is written down as a '
        'procedure?"): the scores leave it out; 3 of 4 risk-only questions not answered '
        '("Will the provider create or see valuable intellectual property?", '
    ) in said
    assert said.index("Confidence medium") < said.index("1 of 5 scored questions not answered")
    everything = CLINICIANS + flags(
        codification="judgement", ip_value="none", core="core", licensing="none"
    )
    code, out, _ = run(runner, "assess", *everything)
    assert code == 0
    said = " ".join(out.split())
    assert "All 5 scored questions answered; all 4 risk-only questions answered." in said


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_prose_names_questions_and_answers_by_their_labels(runner: CliRunner, fmt: str) -> None:
    answers = [*CLINICIANS, "-a", "ip_value=valuable", "-a", "licensing=required"]
    code, out, _ = run(runner, "assess", "--details", "-f", fmt, *answers)
    assert code == 0
    for question_id in ("process_type", "data_sensitivity", "ip_value", "licensing="):
        assert question_id not in out, question_id
    if fmt != "table":  # in the table, the reason is split over the cells of the risk
        said = " ".join(html.unescape(out).split())
        assert 'because "How sensitive is the data the provider will handle?" is "High' in said


def test_assess_json_has_the_documented_keys(runner: CliRunner) -> None:
    data = assess_json(runner, *CLINICIANS)
    assert tuple(data) == ASSESSMENT_KEYS
    assert data["recommendation"] == "kpo"
    assert data["confidence"] == "medium"
    assert data["borderline"] is False
    assert data["scores"] == {"bpo": 30.45, "kpo": 71.36}
    assert data["margin"] == 40.91
    assert data["unanswered"] == ["codification", "ip_value", "core", "licensing"]
    assert data["answers"] == {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "complex",
        "objective": "cost",
        "data_sensitivity": "high",
    }
    contributions = data["contributions"]
    assert isinstance(contributions, list)
    assert [c["question"] for c in contributions] == [
        "process_type",
        "expertise",
        "complexity",
        "objective",
    ]
    assert set(contributions[0]) == {"question", "answer", "weight", "points"}
    risks = data["risks"]
    assert isinstance(risks, list)
    assert set(risks[0]) == {
        "id",
        "model",
        "applies_to",
        "title",
        "description",
        "mitigation",
        "elevated",
        "elevated_by",
    }
    theft = next(r for r in risks if r["id"] == "data_theft")
    assert theft["elevated"] is True
    assert theft["elevated_by"] == [{"question": "data_sensitivity", "answer": "high"}]
    criteria = data["criteria"]
    assert isinstance(criteria, dict)
    assert criteria["version"] == "1.0" and len(criteria["sha256"]) == 64


def test_assess_markdown_is_a_memo(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", "-f", "markdown", *CLINICIANS)
    assert code == 0
    assert out.startswith("# Outsourcing decision: leans KPO\n")
    for heading in ("## Scores", "## Why", "## Cost", "## Risks to plan for"):
        assert heading in out
    assert "| What must the people doing the work know? |" in out


def test_answers_file_and_flags_win_over_it(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("process_type: customer_contact\nexpertise: basic\ncomplexity: routine\n")
    assert assess_json(runner, "--answers", str(answers))["recommendation"] == "bpo"
    overridden = assess_json(
        runner, "--answers", str(answers), "-a", "expertise=specialist", "-a", "complexity=complex"
    )
    assert overridden["recommendation"] == "kpo"
    assert overridden["answers"] == {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "complex",
    }


def test_answers_file_in_json(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"expertise": "specialist", "objective": "insight"}, indent="\t"))
    data = assess_json(runner, "--answers", str(answers))
    assert data["answers"] == {"expertise": "specialist", "objective": "insight"}


def test_empty_answer_means_not_sure(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("expertise: specialist\nobjective: insight\n")
    data = assess_json(runner, "--answers", str(answers), "-a", "objective=")
    assert data["answers"] == {"expertise": "specialist"}
    assert "objective" in data["unanswered"]  # type: ignore[operator]


def test_bad_answers_file_names_file_line_and_field(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("expertise: specialist\ncomplexty: complex\nobjective: profit\n")
    code, out, err = run(runner, "assess", "--answers", str(answers))
    assert code == 1
    assert out == ""
    assert (
        f"{answers}:2:1: complexty: unknown question 'complexty' (did you mean 'complexity'?)"
        in err
    )
    assert f"{answers}:3:12: objective: objective has no option 'profit'" in err
    assert "Traceback" not in err


def test_unknown_question_or_option_on_the_command_line_is_usage(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", "-a", "expertize=basic")
    assert code == 2 and out == ""
    assert "unknown question 'expertize' (did you mean 'expertise'?)" in err
    code, _, err = run(runner, "assess", "-a", "expertise=guru")
    assert code == 2
    assert "expertise has no option 'guru'; options: basic, trained, specialist" in err
    code, _, err = run(runner, "assess", "-a", "expertise")
    assert code == 2
    assert "write it as QUESTION=OPTION" in err


def test_no_answers_and_no_terminal_exits_2_without_waiting(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess")
    assert code == 2
    assert out == ""
    assert "-a QUESTION=OPTION" in err and "--answers FILE" in err
    code, _, err = run(runner, "assess", "--no-input")
    assert code == 2


def test_only_unscored_answers_is_usage(runner: CliRunner) -> None:
    code, _, err = run(runner, "assess", "-a", "data_sensitivity=high")
    assert code == 2
    assert "answer at least one of these questions" in err


def test_interactive_and_no_input_conflict(runner: CliRunner) -> None:
    code, _, err = run(runner, "assess", "--interactive", "--no-input")
    assert code == 2
    assert "cannot be used together" in err


def test_output_file_is_written_whole(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    code, out, _ = run(runner, "assess", "-f", "json", "-o", str(target), *CLINICIANS)
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["recommendation"] == "kpo"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]
    table = tmp_path / "result.txt"
    run(runner, "assess", "-o", str(table), *CLINICIANS)
    text = table.read_text()
    assert text.startswith("Recommendation: leans KPO") and "\x1b[" not in text


def test_output_file_gets_ordinary_permissions(runner: CliRunner, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "result.json"
        run(runner, "assess", "-f", "json", "-o", str(target), *CLINICIANS)
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o600)
        run(runner, "assess", "-f", "json", "-o", str(target), *CLINICIANS)
        assert target.stat().st_mode & 0o777 == 0o600  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_failed_run_leaves_an_existing_output_alone(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("previous result\n")
    code, _, _ = run(runner, "assess", "-o", str(target), "-a", "expertise=guru")
    assert code == 2
    assert target.read_text() == "previous result\n"


def test_unwritable_output_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(
        runner, "assess", "-o", str(tmp_path / "no" / "such" / "x.json"), *CLINICIANS
    )
    assert code == 1
    assert "error: cannot write" in err and "Traceback" not in err


def test_format_is_validated_by_the_cli(runner: CliRunner) -> None:
    code, _, err = run(runner, "assess", "-f", "xml", *CLINICIANS)
    assert code == 2
    assert "xml" in err


# -- interactive through CliRunner (no terminal, --interactive) --------------


def test_interactive_reads_answers_from_input(runner: CliRunner) -> None:
    # Piped lines answer the questions one by one: no service search takes the first.
    typed = "\n".join(["research_analytics", "3", "3", "s", "3", "high", "1", "s", "s", ""])
    typed += "\n"
    code, out, err = run(runner, "assess", "--interactive", "-f", "json", input=typed)
    assert code == 0, err
    data = json.loads(out)
    assert data["recommendation"] == "kpo"
    assert data["answers"]["data_sensitivity"] == "high"
    assert "codification" in data["unanswered"]
    assert "[1/9] What kind of process is it?" in err
    assert "Review your answers" in err


def test_interactive_asks_again_after_bad_input(runner: CliRunner) -> None:
    typed = "\n".join(["42", "nonsense", "", "?", *["1"] * 9, ""]) + "\n"
    code, out, err = run(runner, "assess", "--interactive", "-f", "json", input=typed)
    assert code == 0, err
    assert "Choose a number from 1 to 9." in err
    assert "No option 'nonsense'." in err
    assert "Type a number or an option id" in err
    assert "strong first hint" in err  # the help text, shown on '?'
    assert json.loads(out)["recommendation"] == "bpo"


def test_interactive_end_of_input_exits_130_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    code, out, err = run(runner, "assess", "--interactive", "-o", str(target), input="1\n2\n")
    assert code == 130 and out == ""
    assert "interrupted" in err
    assert not target.exists()


def test_interactive_starts_from_given_answers(runner: CliRunner) -> None:
    # q1 skipped, then back from q4 to the given q3 (Enter keeps it), then the rest skipped.
    typed = "\n".join(["s", "b", "", *["s"] * 6, ""]) + "\n"
    code, out, err = run(
        runner,
        "assess",
        "-i",
        "-f",
        "json",
        "-a",
        "expertise=specialist",
        "-a",
        "complexity=complex",
        input=typed,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["answers"] == {"expertise": "specialist", "complexity": "complex"}
    assert "Enter keeps complex" in err
    assert "[2/9]" not in err  # the given expertise answer is not asked again


# -- compare ------------------------------------------------------------------


def test_compare_table_covers_every_dimension(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare")
    assert code == 0
    for row in (
        "Typical services",
        "Skills of the staff",
        "How the work is done",
        "Complexity",
        "Relative billing",
        "What the client gains",
        "Risks",
    ):
        assert row in out
    assert "2.0x" in out and "1.0x" in out


def test_compare_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"models", "dimensions", "risks", "weights", "criteria"}
    assert [m["id"] for m in data["models"]] == ["bpo", "kpo"]
    services = next(d for d in data["dimensions"] if d["id"] == "services")
    assert "Call centres" in services["values"]["bpo"]


def test_compare_markdown(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", "--format", "markdown")
    assert code == 0
    assert "| Relative billing | 1.0x | 2.0x |" in out


# -- criteria file selection and validation -----------------------------------


def test_criteria_option_and_environment_variable(runner: CliRunner, three_models: Path) -> None:
    code, out, _ = run(runner, "compare", "--criteria", str(three_models))
    assert code == 0 and "Captive" in out
    code, out, _ = run(runner, "compare", env={"KPOBPO_CRITERIA": str(three_models)})
    assert code == 0 and "Captive" in out
    data = assess_json(
        runner, "--criteria", str(three_models), "-a", "control=full", "-a", "scale=large"
    )
    assert data["recommendation"] == "captive"


def test_validate_good_and_bad(runner: CliRunner, tmp_path: Path, three_models: Path) -> None:
    code, out, _ = run(runner, "criteria", "validate")
    assert code == 0 and "ok" in out
    code, out, _ = run(runner, "criteria", "validate", str(three_models))
    assert code == 0 and "3 models" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(three_models.read_text().replace("weight: 2", "weight: 0"))
    code, out, err = run(runner, "criteria", "validate", str(bad))
    assert code == 1
    assert f"{bad}:14:13: questions[0].weight: must be > 0" in err


def test_bad_criteria_fails_every_command_with_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("models: 3\n")
    for args in (["compare"], ["assess", "-a", "expertise=basic"]):
        code, out, err = run(runner, *args, "--criteria", str(bad))
        assert code == 1 and out == "", args
        assert f"{bad}:1:9: models: must be a list of models" in err
        assert "Traceback" not in err


def test_criteria_path_prints_the_file_in_use(runner: CliRunner, three_models: Path) -> None:
    code, out, _ = run(runner, "criteria", "path")
    assert code == 0 and out.strip().endswith("criteria.yaml")
    assert Path(out.strip()).is_file()


# -- untrusted text -----------------------------------------------------------


def test_markup_and_control_characters_in_files_are_shown_literally(
    runner: CliRunner, tmp_path: Path, three_models: Path
) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        three_models.read_text()
        .replace("label: Captive,", 'label: "[red]Cap[/red]\\e[2J\\a",')
        .replace("title: High set-up cost", 'title: "[bold]Setup[/bold] \\e]0;pwned\\a cost"')
    )
    for fmt in ("table", "markdown"):
        code, out, err = run(
            runner,
            "assess",
            "--criteria",
            str(hostile),
            "-f",
            fmt,
            "-a",
            "control=full",
            "-a",
            "scale=small",
        )
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out
        assert "Cap" in out
    code, out, _ = run(
        runner, "assess", "--criteria", str(hostile), "-a", "control=full", "-a", "scale=small"
    )
    assert "[red]Cap[/red][2J" in out
    assert "[bold]Setup[/bold] ]0;pwned cost" in out
    code, out, _ = run(runner, "compare", "--criteria", str(hostile))
    assert "[red]Cap[/red]" in out


def test_version(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0
    assert out.startswith("kpobpo ")


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("kpobpo ")


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["compare", "-f", "json"], 0, '"models"'),
        (["criteria", "path"], 0, "criteria.yaml"),
        (["assess", "--help"], 0, "--service"),
        (["--help"], 0, "portfolio"),
        (["nosuch"], 2, "error: no such command 'nosuch'"),
    ],
)
def test_the_real_entry_point(tmp_path: Path, args: list[str], code: int, expected: str) -> None:
    """`main()` registers only the command asked for; the result must not change."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "KPOBPO_CRITERIA"}
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert expected in done.stdout + done.stderr


def test_control_characters_in_bad_input_never_reach_the_terminal(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = tmp_path / "evil.yaml"
    answers.write_text('expertise: "\\e[2Jboom\\a"\n')
    for args in (["--answers", str(answers)], ["-a", "expertise=\x1b[31mred\x07"]):
        code, _, err = run(runner, "assess", *args)
        assert code in (1, 2)
        assert "\x1b" not in err and "\x07" not in err
        assert "boom" in err or "red" in err
