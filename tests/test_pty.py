"""The interactive session in a real pseudo-terminal, driven by pexpect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import terminal

pexpect = pytest.importorskip("pexpect")

PROMPT = r"Answer \[1-\d+, \?, s, b[^\]]*\]: "


def spawn(*args: str, cwd: Path, term: str = "dumb") -> pexpect.spawn:
    """kpobpo with the criteria it ships, in a terminal 100 columns wide."""
    return terminal(sys.executable, ["-m", "kpobpo", *args], cwd, term=term, shipped_criteria=True)


def test_full_session_with_a_step_back(tmp_path: Path) -> None:
    child = spawn("assess", cwd=tmp_path)
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(r"\[1/9\] What kind of process is it\?")
    child.expect(PROMPT)
    child.sendline("1")  # customer contact
    child.expect(r"\[2/9\] What must the people doing the work know\?")
    child.expect(PROMPT)
    child.sendline("b")  # go back and change the first answer
    child.expect(r"\[1/9\] What kind of process is it\?")
    child.expect(r"Enter keeps customer_contact\]: ")
    child.sendline("research_analytics")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendline("?")
    child.expect("defining differences")
    child.expect(PROMPT)
    child.sendline("3")
    for answer in ("complex", "3", "insight", "high", "s", "core", "none"):
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect("Review your answers")
    child.expect("Research and analytics")
    child.expect("or type a number to change it: ")
    child.sendline("7")  # change the skipped IP question in the review
    child.expect(r"\[7/9\]")
    child.expect(r"Answer \[1-3, \?, s, Enter keeps not sure\]: ")
    child.sendline("valuable")
    child.expect("or type a number to change it: ")
    child.sendline("")
    child.expect(r"Recommendation: (leans )?KPO")
    child.expect("Disputes over intellectual property: State in the contract")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    child = spawn("assess", "-o", "result.json", "-f", "json", cwd=tmp_path)
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("2")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (tmp_path / "result.json").exists()


def test_answers_given_at_a_terminal_do_not_prompt(tmp_path: Path) -> None:
    child = spawn("assess", "-a", "expertise=basic", "-a", "complexity=routine", cwd=tmp_path)
    child.expect(r"Recommendation: (leans )?BPO")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_with_save_keeps_the_answers_and_resume_goes_on(tmp_path: Path) -> None:
    child = spawn("assess", "--save", "partial.yaml", cwd=tmp_path)
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("research_analytics")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendline("specialist")
    child.expect(r"\[3/9\]")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("the answers to 2 of 9 questions are kept in partial.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = (tmp_path / "partial.yaml").read_text()
    assert "process_type: research_analytics" in saved
    assert "expertise: specialist" in saved
    assert "complexity" not in saved

    child = spawn(
        "assess", "--answers", "partial.yaml", "--interactive", "-f", "json", cwd=tmp_path
    )
    child.expect("Going on from question 3")
    child.expect(r"\[3/9\] How complex is a typical case\?")
    for answer in ("complex", "judgement", "insight", "s", "s", "s", "s"):
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect("or type a number to change it: ")
    child.sendline("")
    child.expect('"recommendation": "kpo"')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_large_portfolio_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    import random

    rng = random.Random(4)
    source = tmp_path / "large.csv"
    types = ["customer_contact", "research_analytics", "back_office", "legal_ip", ""]
    with source.open("w") as stream:
        stream.write("name,process_type,expertise,complexity,codification,objective,core\n")
        for i in range(40_000):
            stream.write(
                f"process number {i},{rng.choice(types)},"
                f"{rng.choice(['basic', 'trained', 'specialist'])},"
                f"{rng.choice(['routine', 'moderate', 'complex', ''])},"
                f"{rng.choice(['documented', 'partly', 'judgement', ''])},"
                f"{rng.choice(['cost', 'capacity', 'insight', ''])},"
                f"{rng.choice(['peripheral', 'supporting', 'core', ''])}\n"
            )
    assert source.stat().st_size > 1_000_000
    # A dumb terminal gets no live display; this one is a real terminal type.
    child = spawn(
        "portfolio", str(source), "-f", "csv", "-o", "out.csv", cwd=tmp_path, term="xterm"
    )
    child.expect(r"assessing .* rows")
    child.expect(pexpect.EOF, timeout=120)
    child.close()
    assert child.exitstatus == 0
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 40_001


def test_csv_portfolio_shows_its_summary_on_a_terminal_only(tmp_path: Path) -> None:
    """CSV has no place for the summary: a person at the terminal gets it on
    stderr; a script reading stderr through a pipe does not."""
    source = tmp_path / "p.csv"
    source.write_text(
        "name,expertise,complexity\nClaims,basic,routine\nResearch,specialist,complex\n"
        "Broken,guru,routine\n",
        encoding="utf-8",
    )
    child = spawn("portfolio", str(source), "-f", "csv", "-o", "out.csv", cwd=tmp_path)
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before.replace("\r\n", "\n")
    assert child.exitstatus == 1  # one bad row
    assert "process 3: expertise has no option 'guru'" in shown
    assert "Processes: 3 (2 assessed, 1 failed)." in shown
    assert "Recommended: BPO 1, KPO 1." in shown
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 4
    piped = subprocess.run(
        [sys.executable, "-m", "kpobpo", "portfolio", str(source), "-f", "csv", "-o", "o2.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 1 and "guru" in piped.stderr
    assert "Processes:" not in piped.stderr
