"""Shell completion: the scripts `kpobpo completion SHELL` prints, loaded into the
real shells, complete commands, options, `-a QUESTION=OPTION` pairs, weights and
services from the criteria in use, and an ordinary start pays nothing for it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CRITERIA_FIXTURE, FIXTURES
from kpobpo.catalogue import service_id
from kpobpo.helptext import COMMAND_ORDER
from kpobpo.model import Criteria


@pytest.fixture
def on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH finds a `kpobpo` that runs this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "kpobpo"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kpobpo "$@"\n', "utf-8")
    launcher.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def script(shell: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["kpobpo", "completion", shell], capture_output=True, text=True, env=env, check=True
    )
    assert done.stderr == ""
    return done.stdout


def bash_complete(line: str, env: dict[str, str]) -> list[str]:
    """COMPREPLY after bash's completion function ran on `line` (cursor at its end).

    COMP_WORDS is split as bash splits it: at blanks, and at `=` and `:`.
    """
    words = re.findall(r"[=:]|[^\s=:]+", line) + ([""] if line.endswith((" ", "=")) else [])
    program = (
        f"{script('bash', env)}\n"
        f"COMP_LINE={_quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        f"COMP_WORDS=({' '.join(_quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        '_kpobpo_completion kpobpo "${COMP_WORDS[COMP_CWORD]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stderr == ""
    return [w for w in done.stdout.splitlines() if w]


def _quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def test_bash_completes_commands_in_their_order(on_path: dict[str, str]) -> None:
    assert bash_complete("kpobpo ", on_path) == list(COMMAND_ORDER[:7])
    assert bash_complete("kpobpo qu", on_path) == ["questions"]
    assert "--answer" in bash_complete("kpobpo assess --ans", on_path)


def test_bash_completes_question_then_option(on_path: dict[str, str], criteria: Criteria) -> None:
    expertise = criteria.question("expertise")
    assert expertise is not None
    assert bash_complete("kpobpo assess -a exp", on_path) == ["expertise="]
    everything = bash_complete("kpobpo assess -a ", on_path)
    assert everything == [f"{q.id}=" for q in criteria.questions]
    # bash replaces only what follows the `=`: the answer is the option id alone.
    options = [o.id for o in expertise.options]
    assert bash_complete("kpobpo assess -a expertise=", on_path) == options
    wanted = [o for o in options if o.startswith("sp")]
    assert wanted and bash_complete("kpobpo assess -a expertise=sp", on_path) == wanted
    assert bash_complete("kpobpo assess --answer=expertise=sp", on_path) == wanted


def test_bash_completes_weights_services_and_choices(
    on_path: dict[str, str], criteria: Criteria
) -> None:
    scored = [f"{q.id}=" for q in criteria.questions if q.scored]
    assert bash_complete("kpobpo questions -w ", on_path) == scored
    ids = [service_id(s) for s in criteria.services]
    assert bash_complete("kpobpo assess -s ", on_path) == ids
    assert bash_complete("kpobpo assess -s cre", on_path) == [i for i in ids if i.startswith("cre")]
    assert bash_complete("kpobpo compare -f m", on_path) == ["markdown"]
    assert bash_complete("kpobpo completion ", on_path) == ["bash", "zsh", "fish"]


def test_the_criteria_on_the_line_are_the_ones_completed(on_path: dict[str, str]) -> None:
    other = FIXTURES / "three_models.yaml"
    found = bash_complete(f"kpobpo assess --criteria {other} -a con", on_path)
    assert found == ["control="]
    assert bash_complete("kpobpo assess --criteria /no/such/file -a ", on_path) == []
    unreadable = {**on_path, "KPOBPO_CRITERIA": "/no/such/file"}
    assert bash_complete("kpobpo assess -a ", unreadable) == []


def _interactive(shell: str, env: dict[str, str], home: Path) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of an interactive `shell` with kpobpo's
    completion loaded and `$ ` as its prompt."""
    loaded = home / f"kpobpo.{shell}"
    loaded.write_text(script(shell, env), "utf-8")
    if shell == "bash":
        rc = home / "bashrc"
        rc.write_text(f"source {loaded}\nPS1='$ '\n", "utf-8")
        return ["bash", "--noprofile", "--rcfile", str(rc), "-i"], env
    if shell == "zsh":
        (home / ".zshrc").write_text(
            f"autoload -Uz compinit && compinit -u\nsource {loaded}\nPS1='$ '\n", "utf-8"
        )
        return ["zsh", "-i"], {**env, "ZDOTDIR": str(home)}
    prompt = "function fish_prompt; echo '$ '; end"
    return ["fish", "--no-config", "-i", "-C", f"source {loaded}; {prompt}"], env


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_tab_completes_in_a_real_terminal(
    on_path: dict[str, str], tmp_path: Path, shell: str
) -> None:
    """Tab after a question id and `=` gives the option, in the shell itself."""
    pexpect = pytest.importorskip("pexpect")
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell} here")
    command, env = _interactive(shell, {**on_path, "TERM": "dumb", "HOME": str(tmp_path)}, tmp_path)
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=20)
    child.expect_exact("$ ")
    child.send("kpobpo ass\t")
    child.expect_exact("assess")
    child.send("-a expert\t")
    child.expect_exact("expertise=")
    child.send("specia\t")
    child.expect_exact("list")
    child.sendcontrol("a")  # run the line as `echo ...` to see what completion made of it
    child.sendline("echo ")
    child.expect_exact("\nkpobpo assess -a expertise=specialist\r")
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_zsh_and_fish_scripts_and_answers(on_path: dict[str, str]) -> None:
    zsh, fish = script("zsh", on_path), script("fish", on_path)
    assert "compdef _kpobpo_completion kpobpo" in zsh
    assert "complete --command kpobpo" in fish
    line = {"_TYPER_COMPLETE_ARGS": "kpobpo assess -a expertise="}
    answer = subprocess.run(
        ["kpobpo"],
        env={**on_path, **line, "_KPOBPO_COMPLETE": "complete_zsh"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"expertise=specialist"' in answer
    answer = subprocess.run(
        ["kpobpo"],
        env={
            **on_path,
            **line,
            "_KPOBPO_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "expertise=specialist\t" in answer
    for shell, check in (("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])):
        if shutil.which(shell) is None:
            continue
        done = subprocess.run(
            [*check], input=script(shell, on_path), capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr


def test_an_ordinary_start_loads_neither_the_criteria_nor_the_shell_side() -> None:
    probe = (
        "import sys, typer, kpobpo.cli as cli; typer.main.get_command(cli.app); "
        "print(sorted(m for m in sys.modules if m in "
        "('kpobpo.load', 'kpobpo.shells', 'kpobpo.catalogue')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_completion_command_refuses_an_unknown_shell(on_path: dict[str, str]) -> None:
    done = subprocess.run(
        ["kpobpo", "completion", "tcsh"], capture_output=True, text=True, env=on_path, check=False
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: invalid value for 'SHELL'")
    assert CRITERIA_FIXTURE.exists()
