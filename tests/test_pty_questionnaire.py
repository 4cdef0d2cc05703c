"""The questionnaire as a person meets it: a real pseudo-terminal, driven by pexpect.

Each test types what a person would and checks what they would see: the
prompt moving on, the suggestion, the exit code, the layout at 60 columns.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from helpers import finish, terminal

pexpect = pytest.importorskip("pexpect")

PROMPT = r"Answer \[1-\d+, \?, s[^\]]*\]: "
SEARCH = r"Type part of its name, or Enter\s+to skip: "


def spawn(
    *args: str, cwd: Path, columns: int = 100, term: str = "dumb"
) -> tuple[pexpect.spawn, io.StringIO]:
    """kpobpo in a terminal `columns` wide, and the transcript of what it showed."""
    child = terminal(sys.executable, ["-m", "kpobpo", *args], cwd, columns=columns, term=term)
    child.logfile_read = transcript = io.StringIO()
    return child, transcript


def test_a_prefix_answers_and_a_typo_gets_a_suggestion(tmp_path: Path) -> None:
    child, _ = spawn("assess", "-f", "json", cwd=tmp_path)
    child.expect(SEARCH)
    child.sendline("")
    child.expect(r"\[1/9\]")
    child.expect(PROMPT)
    child.sendline("customer")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendline("specailist")
    child.expect(r"Did you mean 3\. specialist\?")
    child.expect(PROMPT)
    child.sendline("spec")
    child.expect(r"\[3/9\]")
    for _ in range(7):
        child.expect(PROMPT)
        child.sendline("s")
    child.expect("to change it: ")
    child.sendline("")
    child.expect('"process_type": "customer_contact"')
    child.expect('"expertise": "specialist"')
    assert finish(child) == 0


def test_q_quits_like_ctrl_d_and_writes_nothing(tmp_path: Path) -> None:
    child, _ = spawn("assess", "-o", "result.json", "-f", "json", cwd=tmp_path)
    child.expect(SEARCH)
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("2")
    child.expect(r"\[2/9\]")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("interrupted")
    assert finish(child) == 130
    assert not (tmp_path / "result.json").exists()


def test_the_search_explains_itself_and_takes_a_single_hit_with_enter(tmp_path: Path) -> None:
    child, _ = spawn("assess", "-f", "json", cwd=tmp_path)
    child.expect(SEARCH)
    child.sendline("?")
    child.expect("fills in its typical answers")
    child.expect(SEARCH)
    child.sendline("equity")
    child.expect("1. Equity research")
    child.expect("Enter takes it")
    child.sendline("")
    child.expect("Starting from Equity research")
    child.expect("Going on from question 6")
    for _ in range(3):
        child.expect(PROMPT)
        child.sendline("s")
    child.expect("Review your answers")
    child.expect(r"\[service\]")
    child.expect("to change it: ")
    child.sendline("")
    child.expect('"process_type": "research_analytics"')
    assert finish(child) == 0


def test_at_60_columns_wrapped_labels_keep_their_indent_and_no_word_is_cut(
    tmp_path: Path,
) -> None:
    child, transcript = spawn("assess", cwd=tmp_path, columns=60, term="xterm")
    child.expect(SEARCH)
    child.sendline("")
    child.expect(PROMPT)
    child.sendline("1")
    child.expect(PROMPT)  # question 2, whose labels are longer than the line
    child.sendline("q")
    assert finish(child) == 130
    seen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", transcript.getvalue())  # bold and such
    lines = seen.replace("\r\n", "\n").split("\n")
    # The questionnaire fits; the closing message is one line on purpose, for grep.
    asked = [line for line in lines if not line.startswith("interrupted:")]
    assert max(len(line) for line in asked) <= 60, [line for line in asked if len(line) > 60]
    assert "…" not in seen
    block = lines[next(i for i, line in enumerate(lines) if line.startswith("[2/9]")) :]
    second = next(i for i, line in enumerate(block) if line.startswith("  2. Solid training"))
    assert block[second + 1].startswith("     ") and block[second + 1].strip()  # under the label
    flowing = " ".join(" ".join(block).split())
    for label in (
        "Basic skills; everything else is learnt in a few weeks of training",
        "Solid training or certification in one field, but no degree needed",
        "Domain experts, usually with a professional degree",
    ):
        assert label in flowing
