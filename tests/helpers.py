"""Helpers shared by the test modules."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from typer.testing import CliRunner

from kpobpo.cli import app
from kpobpo.load import load_criteria
from kpobpo.model import Criteria

#: The tests' criteria file (see conftest.py), and it loaded once.
CRITERIA_PATH = Path(__file__).parent / "fixtures" / "criteria.yaml"
CRITERIA = load_criteria(CRITERIA_PATH)


def flags(**answers: str) -> list[str]:
    """`-a QUESTION=OPTION` flags for `answers`."""
    return [word for q, o in answers.items() for word in ("-a", f"{q}={o}")]


#: A contact centre staffed by clinicians, run to save money, with sensitive data.
CLINICIANS = flags(
    process_type="customer_contact",
    expertise="specialist",
    complexity="complex",
    objective="cost",
    data_sensitivity="high",
)


def run(
    runner: CliRunner, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run kpobpo with `args`: (exit code, stdout, stderr)."""
    result = runner.invoke(app, list(args), input=input, env=env)
    return result.exit_code, result.stdout, result.stderr


@st.composite
def answer_sets(draw: st.DrawFn, criteria: Criteria = CRITERIA) -> dict[str, str]:
    """Random answers: each question answered with a random option or left open,
    with at least one scored question answered."""
    answers: dict[str, str] = {}
    for question in criteria.questions:
        choice = draw(st.sampled_from([None, *(o.id for o in question.options)]))
        if choice is not None:
            answers[question.id] = choice
    scored = [q for q in criteria.questions if q.scored]
    if not any(q.id in answers for q in scored):
        first = draw(st.sampled_from(scored))
        answers[first.id] = draw(st.sampled_from([o.id for o in first.options]))
    return answers


def import_probe(shown: str) -> str:
    """Python code that runs kpobpo with its own arguments (`python -c CODE ARGS...`)
    and then prints `shown`, an expression over `sys.modules`, as stderr's last line:
    which modules a command imported."""
    return (
        "import sys, runpy\n"
        "sys.argv = ['kpobpo', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('kpobpo', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print({shown}, file=sys.stderr)\n"
    )


#: A headless browser for the HTML pages' tests (None: those tests are skipped).
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
_BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the headless browser with `args`, its profile in `tmp_path`."""
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, *_BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def terminal(
    program: str,
    args: Sequence[str],
    cwd: Path,
    *,
    columns: int = 100,
    term: str = "dumb",
    shipped_criteria: bool = False,
) -> Any:
    """`program` with `args` in a pseudo-terminal `columns` wide and 40 high (a
    pexpect child; callers skip where pexpect is missing).

    A dumb terminal is told its size (Rich takes 80 columns otherwise); any
    other terminal type finds it out from the pseudo-terminal, as in real use.
    With `shipped_criteria`, kpobpo reads the criteria it ships, not the tests' own.
    """
    import pexpect

    env = {**os.environ, "NO_COLOR": "1", "TERM": term, "COLUMNS": str(columns), "LINES": "40"}
    if term != "dumb":
        del env["COLUMNS"], env["LINES"]
    if shipped_criteria:
        env.pop("KPOBPO_CRITERIA", None)
    return pexpect.spawn(
        program,
        list(args),
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, columns),
    )


def finish(child: Any) -> int:
    """Wait for a `terminal` child to end; its exit status."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    status: int = child.exitstatus
    return status
