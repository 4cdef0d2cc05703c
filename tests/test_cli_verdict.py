"""The verdict reaches the user: a too-close result is headed as such in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import run

FIXTURE = Path(__file__).parent / "fixtures" / "confidence.yaml"
#: A borderline result on the fixture: KPO only just ahead.
TOO_CLOSE = ["-a", "kind=other", "-a", "expertise=trained", "-a", "complexity=complex"]
TOO_CLOSE += ["-a", "goal=cost", "--criteria", str(FIXTURE)]
CLEAR = ["-a", "kind=ops", "-a", "expertise=basic", "-a", "complexity=routine", "-a", "goal=cost"]
CLEAR += ["-a", "sensitivity=high", "--criteria", str(FIXTURE)]


def test_too_close_in_the_table(runner: CliRunner) -> None:
    code, out, err = run(runner, "assess", *TOO_CLOSE)
    assert code == 0, err
    assert out.splitlines()[0].startswith("Too close to call; leans KPO")
    assert "Recommendation" not in out
    assert "Confidence low: the margin is under 6.0 points" in " ".join(out.split())
    assert "More with --details: 1 piece of advice" in out
    code, out, _ = run(runner, "assess", "--details", *TOO_CLOSE)
    assert "Split the routine part from the judgement part." in out


def test_too_close_in_markdown(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", "-f", "markdown", *TOO_CLOSE)
    assert code == 0
    assert out.startswith("# Outsourcing decision: Too close to call; leans KPO\n")
    assert "**Too close to call; leans** KPO" in out
    assert "Recommendation" not in out


def test_too_close_in_html(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", "-f", "html", *TOO_CLOSE)
    assert code == 0
    assert "<title>Outsourcing decision: Too close to call; leans KPO</title>" in out
    assert "<strong>Too close to call; leans KPO</strong>" in out
    assert "Recommendation" not in out


def test_too_close_in_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", "-f", "json", *TOO_CLOSE)
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "too_close" and data["recommendation"] == "kpo"
    ids = [r["id"] for r in data["confidence_reasons"]]
    assert ids[0] == "borderline" and "fragile_weights" in ids
    assert data["confidence_reasons"][0]["facts"]["borderline_margin"] == 6
    assert [a["id"] for a in data["advisories"]] == ["split_tiers"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_clear_result_is_a_plain_recommendation(runner: CliRunner, fmt: str) -> None:
    code, out, _ = run(runner, "assess", "-f", fmt, *CLEAR)
    assert code == 0
    assert "Recommendation" in out and "leans" not in out and "Too close" not in out


def test_a_risk_raised_whatever_the_model_names_both_models(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", "--details", *CLEAR)
    assert code == 0
    assert "Data theft (applies to BPO and KPO)" in " ".join(out.split())
    assert "(KPO)" not in out
    _, markdown, _ = run(runner, "assess", "-f", "markdown", *CLEAR)
    assert "**Data theft** (applies to BPO and KPO)" in markdown
    data = json.loads(run(runner, "assess", "-f", "json", *CLEAR)[1])
    theft = next(r for r in data["risks"] if r["id"] == "data_theft")
    assert theft["applies_to"] == ["bpo", "kpo"] and theft["model"] == "kpo"


def test_the_portfolio_carries_the_verdict(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "name,kind,expertise,complexity,goal\n"
        "Close one,other,trained,complex,cost\n"
        "Plain ops,ops,basic,routine,cost\n",
        encoding="utf-8",
    )
    common = ["--criteria", str(FIXTURE)]
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "csv", *common)
    assert code == 0
    rows = [line.split(",") for line in out.splitlines()]
    verdict = rows[0].index("verdict")
    assert [r[verdict] for r in rows[1:]] == ["too_close", "clear"]
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "json", *common)
    document = json.loads(out)
    assert [p["verdict"] for p in document["processes"]] == ["too_close", "clear"]
    assert document["summary"]["by_verdict"] == {"clear": 1, "leans": 0, "too_close": 1}
    _, table, _ = run(runner, "portfolio", str(sheet), *common)
    assert "too close;" in table and "leans KPO" in table  # the cell wraps
    assert "Verdict: clear 1, leans 0, too close to call 1." in table
    _, markdown, _ = run(runner, "portfolio", str(sheet), "-f", "markdown", *common)
    assert "| too close; leans KPO |" in markdown
