"""When `assess` asks, and how an interrupted session goes on, in a real terminal (pexpect)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
import yaml

from helpers import finish, terminal

pexpect = pytest.importorskip("pexpect")

PROMPT = r"Answer \[1-\d+, \?, s, b[^\]]*\]: "
KPOBPO = f"{shlex.quote(sys.executable)} -m kpobpo"


def spawn_shell(command: str, cwd: Path) -> pexpect.spawn:
    """Run `command` through the shell in a pseudo-terminal (for redirections)."""
    return terminal("/bin/sh", ["-c", command], cwd, shipped_criteria=True)


def test_a_result_redirected_to_a_file_still_asks_at_the_terminal(tmp_path: Path) -> None:
    child = spawn_shell(f"{KPOBPO} assess -f json > decision.json", tmp_path)
    child.expect("Start from a known service")
    child.sendline("")
    for answer in ("research_analytics", "specialist", "complex", *"ssssss"):
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect("Press Enter to see the result")
    child.sendline("")
    assert finish(child) == 0
    # The prompts went to the terminal, the result alone to the file.
    decision = json.loads((tmp_path / "decision.json").read_text())
    assert decision["recommendation"] == "kpo"
    assert decision["answers"]["expertise"] == "specialist"


def test_ctrl_d_keeps_the_answers_and_the_saved_file_goes_on_at_a_terminal(
    tmp_path: Path,
) -> None:
    child = spawn_shell(f"{KPOBPO} assess --save s1.yaml", tmp_path)
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("research_analytics")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendline("specialist")
    child.expect(r"\[3/9\]")
    child.expect(PROMPT)
    child.sendeof()
    child.expect("the answers to 2 of 9 questions are kept in s1.yaml, marked unfinished")
    child.expect("go on at a terminal with: kpobpo assess --answers s1.yaml --save s1.yaml")
    assert finish(child) == 130
    text = (tmp_path / "s1.yaml").read_text()
    assert "# Go on at a terminal with: kpobpo assess --answers s1.yaml --save s1.yaml" in text
    assert yaml.safe_load(text)["unfinished"] is True

    # The command the message gives, without -i: the questionnaire goes on.
    child = spawn_shell(f"{KPOBPO} assess --answers s1.yaml --save s1.yaml", tmp_path)
    child.expect("Going on from question 3")
    child.expect(r"\[3/9\] How complex is a typical case\?")
    for answer in ("complex", "judgement", "insight", "s", "s", "s", "s"):
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect("or type a number to change it: ")
    child.sendline("")
    child.expect(r"Recommendation: (leans )?KPO")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "s1.yaml").read_text())
    assert "unfinished" not in saved
    assert saved["answers"]["objective"] == "insight"


def test_sigterm_in_a_session_keeps_the_answers_too(tmp_path: Path) -> None:
    import signal

    command = [sys.executable, "-m", "kpobpo", "assess", "--save", "s1.yaml"]
    child = terminal(command[0], command[1:], tmp_path, shipped_criteria=True)
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("back_office")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.kill(signal.SIGTERM)
    child.expect("the answers to 1 of 9 questions are kept in s1.yaml")
    child.expect("stopped by SIGTERM")
    assert finish(child) == 143
    saved = yaml.safe_load((tmp_path / "s1.yaml").read_text())
    assert saved["unfinished"] is True and saved["answers"] == {"process_type": "back_office"}
