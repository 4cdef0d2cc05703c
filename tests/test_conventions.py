"""Command-line conventions a new user expects, through the real command.

`-o -` is standard output; an -o file's extension picks the format; `--answers -`
reads standard input; $KPOBPO_CRITERIA is named when it misleads; `--criteria`
goes before or after the command; `--name` names the process; an interrupted
session says what it kept and goes on where it stopped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import CLINICIANS, flags, run

EQUITY = ["-s", "equity research"]
#: A session stopped (end of input) after two answers, research and specialists.
TWO_ANSWERS = "\n5\nspecialist\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so a file written by mistake is seen."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- -o - and the format from the extension -----------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["assess", *EQUITY, "-f", "json"],
        ["compare", "-f", "json"],
        ["services", "-f", "json"],
    ],
)
def test_dash_output_is_standard_output(runner: CliRunner, here: Path, args: list[str]) -> None:
    extra = ["-o", "-"] if args[0] != "services" else []
    code, out, err = run(runner, *args, *extra)
    assert code == 0, err
    json.loads(out)
    assert list(here.iterdir()) == []


def test_dash_output_of_a_portfolio_and_a_diff(
    runner: CliRunner, here: Path, three_models: Path
) -> None:
    sheet = here / "in.csv"
    sheet.write_text("name,expertise\nOne,basic\n")
    code, out, err = run(runner, "portfolio", str(sheet), "-f", "csv", "-o", "-")
    assert code == 0, err
    assert out.startswith("name,expertise,recommendation")
    code, out, err = run(
        runner, "criteria", "diff", str(three_models), str(three_models), "-f", "json", "-o", "-"
    )
    assert code == 0, err
    json.loads(out)
    assert sorted(p.name for p in here.iterdir()) == ["in.csv"]


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("report.html", "<!DOCTYPE html>"),
        ("memo.md", "# "),
        ("result.json", "{"),
    ],
)
def test_the_output_format_follows_the_extension(
    runner: CliRunner, here: Path, name: str, starts: str
) -> None:
    code, out, err = run(runner, "assess", *EQUITY, "-o", name)
    assert code == 0, err
    assert out == ""
    assert (here / name).read_text().startswith(starts)


def test_compare_and_diff_follow_the_extension_too(
    runner: CliRunner, here: Path, three_models: Path
) -> None:
    code, _, err = run(runner, "compare", "-o", "models.json")
    assert code == 0, err
    assert "models" in json.loads((here / "models.json").read_text())
    code, _, err = run(
        runner, "criteria", "diff", str(three_models), str(three_models), "-o", "d.json"
    )
    assert code == 0, err
    json.loads((here / "d.json").read_text())


@pytest.mark.parametrize(
    "args",
    [
        ["assess", *EQUITY, "-f", "json", "-o", "report.html"],
        ["assess", *EQUITY, "-f", "table", "-o", "memo.md"],
        ["compare", "-f", "markdown", "-o", "models.json"],
    ],
)
def test_a_format_against_the_extension_exits_2_and_writes_nothing(
    runner: CliRunner, here: Path, args: list[str]
) -> None:
    kept = here / args[-1]
    kept.write_text("mine\n")
    code, out, err = run(runner, *args)
    assert code == 2 and out == ""
    assert "does not match -o" in err and "Traceback" not in err
    assert kept.read_text() == "mine\n"


def test_a_portfolio_format_against_the_extension_exits_2(runner: CliRunner, here: Path) -> None:
    sheet = here / "in.csv"
    sheet.write_text("name,expertise\nOne,basic\n")
    code, _, err = run(runner, "portfolio", str(sheet), "-f", "json", "-o", "out.csv")
    assert code == 2
    assert "--format json does not match -o out.csv: a .csv file gets csv" in err
    assert not (here / "out.csv").exists()
    code, _, err = run(runner, "portfolio", str(sheet), "-o", "out.jsonl")
    assert code == 0, err
    assert json.loads((here / "out.jsonl").read_text().splitlines()[0])["name"] == "One"


# -- --answers - ---------------------------------------------------------------


def test_answers_from_standard_input_yaml_and_json(runner: CliRunner) -> None:
    typed = "expertise: specialist\ncomplexity: complex\n"
    code, out, err = run(runner, "assess", "--answers", "-", "-f", "json", input=typed)
    assert code == 0, err
    assert json.loads(out)["answers"] == {"expertise": "specialist", "complexity": "complex"}
    as_json = json.dumps({"expertise": "basic", "objective": "cost"})
    code, out, err = run(runner, "assess", "--answers", "-", "-f", "json", input=as_json)
    assert code == 0, err
    assert json.loads(out)["recommendation"] == "bpo"


def test_bad_answers_from_standard_input_name_stdin_line_and_field(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", "--answers", "-", input="expertise: basic\nspeed: 3\n")
    assert code == 1 and out == ""
    assert "<stdin>:2:1: answers." not in err  # a plain mapping has no answers. prefix
    assert "<stdin>:2:1: speed: unknown question 'speed'" in err


def test_answers_from_standard_input_cannot_be_asked_there_too(runner: CliRunner) -> None:
    code, _, err = run(runner, "assess", "--answers", "-", "-i", input="expertise: basic\n")
    assert code == 2
    assert "--answers - reads the answers from standard input" in err


# -- the criteria file: the variable named, --criteria before the command -------------


def test_a_missing_criteria_file_from_the_variable_names_the_variable(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.yaml")
    code, out, err = run(runner, "compare", env={"KPOBPO_CRITERIA": missing})
    assert code == 1 and out == ""
    assert f"error: {missing} (from KPOBPO_CRITERIA): no such file" in err
    code, _, err = run(runner, "assess", *EQUITY, env={"KPOBPO_CRITERIA": str(tmp_path)})
    assert code == 1
    assert f"{tmp_path} (from KPOBPO_CRITERIA): is a folder" in err
    code, _, err = run(runner, "compare", "--criteria", missing)
    assert code == 1
    assert f"error: {missing}: no such file" in err and "KPOBPO_CRITERIA" not in err


def test_criteria_before_the_command_and_the_command_level_wins(
    runner: CliRunner, three_models: Path
) -> None:
    from helpers import CRITERIA_PATH

    code, out, err = run(runner, "--criteria", str(three_models), "compare", "-f", "json")
    assert code == 0, err
    assert [m["id"] for m in json.loads(out)["models"]] == ["bpo", "kpo", "captive"]
    code, out, err = run(
        runner,
        "--criteria",
        str(three_models),
        "compare",
        "-f",
        "json",
        "--criteria",
        str(CRITERIA_PATH),
    )
    assert code == 0, err
    assert [m["id"] for m in json.loads(out)["models"]] == ["bpo", "kpo"]
    code, out, _ = run(runner, "--criteria", str(three_models), "criteria", "path")
    assert out.strip() == str(three_models)


def test_criteria_before_the_command_through_the_real_entry_point(
    tmp_path: Path, three_models: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KPOBPO_CRITERIA"}
    for before in (["--criteria", str(three_models)], [f"--criteria={three_models}"]):
        done = subprocess.run(
            [sys.executable, "-m", "kpobpo", *before, "compare", "-f", "json"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "captive" in [m["id"] for m in json.loads(done.stdout)["models"]]


# -- --name --------------------------------------------------------------------


def test_name_goes_to_json_and_the_saved_file_and_comes_back(runner: CliRunner, here: Path) -> None:
    code, out, err = run(
        runner, "assess", *CLINICIANS, "--name", "Clinic phones", "-f", "json", "--save", "s.yaml"
    )
    assert code == 0, err
    assert json.loads(out)["name"] == "Clinic phones"
    assert yaml.safe_load((here / "s.yaml").read_text())["name"] == "Clinic phones"
    code, again, err = run(runner, "assess", "--answers", "s.yaml", "-f", "json")
    assert code == 0, err
    assert again == out  # reproducible: no date, the same name
    code, renamed, _ = run(
        runner,
        "assess",
        "--answers",
        "s.yaml",
        "--name",
        "Triage",
        "-f",
        "json",
        "--save",
        "t.yaml",
    )
    assert json.loads(renamed)["name"] == "Triage"
    assert yaml.safe_load((here / "t.yaml").read_text())["name"] == "Triage"


def test_a_blank_name_is_usage_and_a_bad_saved_name_is_named(runner: CliRunner, here: Path) -> None:
    code, _, err = run(runner, "assess", *CLINICIANS, "--name", " ")
    assert code == 2 and "--name needs the process's name" in err
    (here / "s.yaml").write_text("name: [1, 2]\nunfinished: maybe\nanswers:\n  expertise: basic\n")
    code, _, err = run(runner, "assess", "--answers", "s.yaml")
    assert code == 1
    assert "s.yaml:1:7: name: must be a text" in err
    assert "s.yaml:2:13: unfinished: must be true or false" in err


# -- an interrupted session ------------------------------------------------------


def test_an_interrupted_session_says_what_it_kept_and_how_to_go_on(
    runner: CliRunner, here: Path
) -> None:
    code, out, err = run(runner, "assess", "-i", "--save", "s.yaml", input=TWO_ANSWERS)
    assert code == 130 and out == ""
    go_on = "kpobpo assess --answers s.yaml --save s.yaml"
    assert "the answers to 2 of 9 questions are kept in s.yaml, marked unfinished" in err
    assert f"go on at a terminal with: {go_on}" in err
    assert "nothing was written" not in err  # the answers were
    text = (here / "s.yaml").read_text()
    assert f"# Go on at a terminal with: {go_on}\n" in text
    saved = yaml.safe_load(text)
    assert saved["unfinished"] is True
    assert saved["answers"] == {"process_type": "research_analytics", "expertise": "specialist"}


def test_going_on_writes_the_result_where_and_as_the_first_run_asked(
    runner: CliRunner, here: Path
) -> None:
    args = ("-o", "decision.txt", "-f", "markdown", "--details")
    code, _, err = run(runner, "assess", "-i", "--save", "s.yaml", *args, input=TWO_ANSWERS)
    assert code == 130 and not (here / "decision.txt").exists()
    go_on = "kpobpo assess --answers s.yaml --save s.yaml -o decision.txt -f markdown --details"
    assert f"go on at a terminal with: {go_on}" in err
    assert f"# Go on at a terminal with: {go_on}\n" in (here / "s.yaml").read_text()
    # A finished session's file says how to re-run it, to the same file.
    code, _, err = run(runner, "assess", *CLINICIANS, "--save", "done.yaml", "-o", "d.md")
    assert code == 0, err
    assert (
        "# Answers saved by kpobpo. Re-run with: kpobpo assess --answers done.yaml -o d.md\n"
        in (here / "done.yaml").read_text()
    )


def test_an_interrupted_session_without_save_says_how_to_keep_answers(runner: CliRunner) -> None:
    code, _, err = run(runner, "assess", "-i", input=TWO_ANSWERS)
    assert code == 130
    assert "nothing was written (with --save FILE, an interrupted session keeps its answers)" in err


def test_an_unfinished_session_without_a_terminal_is_scored_with_a_warning(
    runner: CliRunner, here: Path
) -> None:
    run(runner, "assess", "-i", "--save", "s.yaml", input=TWO_ANSWERS)
    code, out, err = run(runner, "assess", "--answers", "s.yaml", "-f", "json")
    assert code == 0, err
    assert "warning: s.yaml is an unfinished session (7 of 9 questions not asked yet)" in err
    assert "kpobpo assess --answers s.yaml --save s.yaml" in err
    assert json.loads(out)["answers"]["expertise"] == "specialist"


def test_going_on_saves_over_the_session_and_finishes_it(runner: CliRunner, here: Path) -> None:
    run(runner, "assess", "-i", "--save", "s.yaml", input=TWO_ANSWERS)
    rest = "\n".join(["complex", "judgement", "insight", "s", "s", "s", "s", ""]) + "\n"
    code, out, err = run(
        runner, "assess", "--answers", "s.yaml", "--save", "s.yaml", "-i", "-f", "json", input=rest
    )
    assert code == 0, err
    assert "Going on from question 3" in err
    text = (here / "s.yaml").read_text()
    assert text.startswith(
        "# Answers saved by kpobpo. Re-run with: kpobpo assess --answers s.yaml -f json\n"
    )
    saved = yaml.safe_load(text)
    assert "unfinished" not in saved and saved["answers"]["complexity"] == "complex"
    assert json.loads(out)["answers"]["complexity"] == "complex"


def test_saving_over_an_answers_file_kpobpo_did_not_write_is_refused(
    runner: CliRunner, here: Path
) -> None:
    mine = here / "mine.yaml"
    mine.write_text("# my notes\nexpertise: basic\n")
    code, _, err = run(runner, "assess", "--answers", "mine.yaml", "--save", "mine.yaml")
    assert code == 2
    assert "--save mine.yaml is the answers file, and kpobpo did not write it" in err
    assert mine.read_text() == "# my notes\nexpertise: basic\n"
    code, _, err = run(runner, "assess", "--answers", "mine.yaml", "-o", "mine.yaml")
    assert code == 2 and mine.read_text() == "# my notes\nexpertise: basic\n"


def test_the_saved_header_names_the_criteria_and_survives_odd_file_names(
    runner: CliRunner, here: Path, three_models: Path
) -> None:
    odd = "odd\nname.yaml"
    code, _, err = run(
        runner, "assess", *flags(scale="large"), "--criteria", str(three_models), "--save", odd
    )
    assert code == 0, err
    text = (here / odd).read_text()
    assert f"--criteria {three_models}" in text.splitlines()[0]
    assert yaml.safe_load(text)["answers"] == {"scale": "large"}


def test_stopping_before_any_answer_leaves_the_save_file_alone(
    runner: CliRunner, here: Path
) -> None:
    run(runner, "assess", *CLINICIANS, "--save", "s.yaml")
    before = (here / "s.yaml").read_text()
    code, _, err = run(runner, "assess", "-i", "--save", "s.yaml", input="")
    assert code == 130
    assert "stopped before any answer was given; nothing was written" in err
    assert (here / "s.yaml").read_text() == before
