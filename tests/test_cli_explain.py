"""Presets, cost, saved answers and reports through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import BROWSER, CRITERIA_PATH, browser, flags, run


def test_service_preset_and_flags_override_it(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", "--service", "EQUITY research", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["recommendation"] == "kpo"
    assert data["answers"]["process_type"] == "research_analytics"
    code, out, _ = run(
        runner,
        "assess",
        "-s",
        "equity research",
        "-a",
        "expertise=basic",
        "-a",
        "complexity=routine",
        "-a",
        "codification=documented",
        "-a",
        "objective=cost",
        "-f",
        "json",
    )
    assert json.loads(out)["answers"]["expertise"] == "basic"
    assert json.loads(out)["recommendation"] == "bpo"


def test_unknown_service_suggests_the_closest(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", "--service", "equity reserch")
    assert code == 2 and out == ""
    assert "unknown service 'equity reserch'; closest: Equity research" in err
    assert "kpobpo services" in err


def test_services_lists_the_catalogue(runner: CliRunner) -> None:
    code, out, _ = run(runner, "services")
    assert code == 0
    assert "Call centre" in out and "Equity research" in out
    code, out, _ = run(runner, "services", "--format", "json")
    data = json.loads(out)
    call_centre = next(s for s in data if s["name"] == "Call centre")
    assert call_centre["model"] == "bpo"
    assert call_centre["answers"]["expertise"] == "basic"


def test_table_explains_what_would_change_it(runner: CliRunner) -> None:
    answers = flags(
        process_type="customer_contact",
        expertise="specialist",
        complexity="moderate",
        objective="cost",
        licensing="required",
    )
    code, out, _ = run(runner, "assess", "--details", *answers)
    assert code == 0
    assert "What would change it" in out
    said = " ".join(out.split())
    assert (
        'If "How complex is a typical case?" were "Routine; most cases look alike", '
        "BPO would win by 22.7 points." in said
    )
    assert "KPO still wins in 76% of 1000 trials" in said
    assert (
        'Weight of "What must the people doing the work know?": at 0.75x its weight, '
        "BPO would win." in said
    )
    assert "Advice" in out and "licensed professionals" in out
    assert "Favours" in out and "█" in out


def test_json_explanations(runner: CliRunner) -> None:
    code, out, err = run(
        runner,
        "assess",
        "-a",
        "expertise=specialist",
        "-a",
        "complexity=moderate",
        "-f",
        "json",
        "--seed",
        "5",
        "--draws",
        "300",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["robustness"] == {"draws": 300, "seed": 5, "win_rate": 1.0}
    assert {"question", "answer", "recommendation", "margin", "borderline"} == set(
        data["what_if"][0]
    )
    assert {w["question"] for w in data["weight_sensitivity"]} == {"expertise", "complexity"}
    assert "cost" not in data


def test_cost_estimate(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "assess", "-a", "expertise=basic", "--hours", "2000", "--rate", "25", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["cost"] == {"bpo": 50000.0, "kpo": 100000.0}
    code, out, _ = run(runner, "assess", "-a", "expertise=basic", "--hours", "2000", "--rate", "25")
    assert "Estimated yearly cost for 2,000 hours at 25 per hour: BPO 50,000; KPO 100,000." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours", "-5", "--rate", "20"], "--hours must be a number of 0 or more"),
        (["--hours", "100"], "--hours and --rate go together"),
        (["--hours", "nan", "--rate", "3"], "--hours must be a number of 0 or more"),
        (["--hours", "lots", "--rate", "3"], "lots"),
        (["--draws", "0"], "--draws must be a whole number from 1 to 100000"),
    ],
)
def test_bad_numbers_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, "assess", "-a", "expertise=basic", *args)
    assert code == 2 and out == ""
    assert message in err


def test_save_then_rerun_reproduces_the_json(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    code, first, err = run(
        runner,
        "assess",
        "-s",
        "clinical contact centre",
        "-a",
        "core=core",
        "--seed",
        "9",
        "--hours",
        "100",
        "--rate",
        "10",
        "--save",
        str(saved),
        "-f",
        "json",
    )
    assert code == 0, err
    text = saved.read_text()
    assert "process_type: customer_contact" in text
    assert "process_type: preset" in text and "core: flag" in text
    code, again, err = run(runner, "assess", "--answers", str(saved), "-f", "json")
    assert code == 0 and err == ""
    assert again == first
    as_json = tmp_path / "answers.json"
    run(runner, "assess", "--answers", str(saved), "--save", str(as_json), "-f", "json")
    assert json.loads(as_json.read_text())["sources"]["core"] == "file"


def test_changed_criteria_warns_and_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    run(runner, "assess", "-a", "expertise=specialist", "--save", str(saved), "-f", "json")
    changed = tmp_path / "criteria.yaml"
    changed.write_text(CRITERIA_PATH.read_text().replace("weight: 3.5", "weight: 3.4"))
    code, out, err = run(
        runner, "assess", "--answers", str(saved), "--criteria", str(changed), "-f", "json"
    )
    assert code == 0
    assert "was saved with different criteria" in err
    assert json.loads(out)["recommendation"] == "kpo"


def test_interactive_can_start_from_a_service(runner: CliRunner) -> None:
    # Piped input: --service starts from the preset; three questions are left open.
    typed = "\n".join(["s", "s", "s", ""]) + "\n"
    code, out, err = run(runner, "assess", "-s", "equity research", "-i", "-f", "json", input=typed)
    assert code == 0, err
    assert "Going on from question 6" in err
    assert "[service]" in err  # the review marks the preset's answers
    data = json.loads(out)
    assert data["answers"]["process_type"] == "research_analytics"
    assert data["recommendation"] == "kpo"


def test_interactive_resumes_at_the_first_unanswered(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "partial.yaml"
    saved.write_text("answers:\n  process_type: research_analytics\n  expertise: null\n")
    typed = "\n".join(["complex", "judgement", "insight", "s", "s", "s", "s", ""]) + "\n"
    code, out, err = run(runner, "assess", "--answers", str(saved), "-i", "-f", "json", input=typed)
    assert code == 0, err
    assert "Going on from question 3" in err
    assert "[1/9]" not in err and "[2/9]" not in err
    data = json.loads(out)
    assert data["answers"]["complexity"] == "complex"
    assert "expertise" in data["unanswered"]


def test_interrupted_session_saves_answers_so_far(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "partial.yaml"
    code, out, err = run(runner, "assess", "-i", "--save", str(saved), input="5\nspecialist\n")
    assert code == 130 and out == ""
    assert f"the answers to 2 of 9 questions are kept in {saved}" in err
    text = saved.read_text()
    assert "process_type: research_analytics" in text and "expertise: specialist" in text
    assert "complexity" not in text


def test_html_report_is_self_contained(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, _, _ = run(
        runner, "assess", "-s", "clinical contact centre", "-f", "html", "-o", str(target)
    )
    assert code == 0
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<script" not in page
    for section in (
        "Why: what each answer gave each model",
        "What would change it",
        "How robust it is",
        "Advice",
        "Risks to plan for",
        "Answers",
        "Criteria version 1.0",
    ):
        assert section in page


def test_html_escapes_text_from_files(
    runner: CliRunner, tmp_path: Path, three_models: Path
) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        three_models.read_text().replace("label: Captive,", 'label: "<script>alert(1)</script>",')
    )
    code, out, _ = run(
        runner,
        "assess",
        "--criteria",
        str(hostile),
        "-f",
        "html",
        "-a",
        "control=full",
        "-a",
        "scale=large",
    )
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.skipif(
    BROWSER is None, reason="no headless browser installed (apt-get install chromium)"
)
def test_html_report_renders_in_a_real_browser(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    run(runner, "assess", "-s", "equity research", "-f", "html", "-o", str(report))
    done = browser(tmp_path, "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Recommendation: KPO" in done.stdout
    pdf = tmp_path / "report.pdf"
    browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
