"""The help a new user reads: -h everywhere, commands in the order people use
them with whole summaries, examples that work, one metavar style, the criteria
variable named once, and the framework's usage errors in kpobpo's own words."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from helpers import run
from kpobpo import CRITERIA_ENV
from kpobpo.catalogue import match_service
from kpobpo.cli import app
from kpobpo.helptext import COMMAND_ORDER
from kpobpo.load import load_criteria, shipped_criteria_path


def _commands() -> list[tuple[list[str], Any]]:
    """([command words], command) for every command below the app."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, words: list[str]) -> None:
        found.append((words, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()
IDS = [" ".join(words) or "kpobpo" for words, _ in COMMANDS]


def kpobpo(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    """The real entry point, as a user runs it."""
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "kpobpo", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=IDS)
def test_dash_h_shows_help_ending_with_examples(
    runner: CliRunner, words: list[str], command: Any
) -> None:
    code, out, err = run(runner, *words, "-h")
    assert code == 0 and err == ""
    assert out.startswith(f"Usage: {' '.join(['kpobpo', *words])}")
    tail = out.rstrip().split("Examples:")[-1].strip().splitlines()
    assert 2 <= len(tail) <= 4, out
    assert all(len(line) <= 80 for line in out.splitlines()), out  # COLUMNS is 100 here
    assert all(" ".join(["kpobpo", *words]) in line or "kpobpo" in line for line in tail)


def test_bare_kpobpo_prints_help_on_stdout_and_exits_0() -> None:
    done = kpobpo()
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("Usage: kpobpo") and "Commands:" in done.stdout


def test_commands_are_listed_in_the_order_people_use_them_with_whole_summaries() -> None:
    for columns in (50, 80, 120):
        done = kpobpo("--help", columns=columns)
        listing = done.stdout.split("Commands:")[1].split("Examples:")[0]
        names = re.findall(r"^  (\S+)", listing, re.M)
        assert names == [n for n in COMMAND_ORDER if n in names]
        assert names[0] == "assess"
        assert "..." not in listing
        flat = " ".join(listing.split())
        for name, command in typer.main.get_command(app).commands.items():
            summary = " ".join((command.help or "").split("\n\n")[0].split())
            assert f"{name} {summary}" in flat


def test_the_criteria_variable_is_named_once_in_the_top_help(runner: CliRunner) -> None:
    for words, _ in COMMANDS:
        _, out, _ = run(runner, *words, "--help")
        assert out.count(CRITERIA_ENV) == (1 if not words else 0), words


@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=IDS)
def test_one_metavar_style(runner: CliRunner, words: list[str], command: Any) -> None:
    _, out, _ = run(runner, *words, "--help")
    assert "<" not in out.split("Options:")[-1].split("Examples:")[0]
    assert not re.search(r"[{}]", out.splitlines()[0]), out.splitlines()[0]
    for param in command.params:
        if param.param_type_name == "option" and not param.is_flag:
            root = typer.main.get_command(app)
            record = param.get_help_record(root.make_context("kpobpo", [], resilient_parsing=True))
            metavar = record[0].split(" ", maxsplit=len(param.opts))[-1]
            assert re.fullmatch(r"[A-Z]+(=[A-Z]+)?", metavar), (param.opts, metavar)


def _examples() -> list[tuple[list[str], list[str]]]:
    """(command words, arguments) of every example line in every command's help."""
    found = []
    for words, command in COMMANDS:
        for line in (command.epilog or "").splitlines():
            line = line.strip()
            if not line.startswith("kpobpo"):
                continue
            tokens = shlex.split(line)[1:]
            for stop in ("|", ">", "<"):
                if stop in tokens:
                    tokens = tokens[: tokens.index(stop)]
            found.append((words, tokens))
    return found


@pytest.mark.parametrize(("words", "tokens"), _examples(), ids=lambda v: " ".join(v))
def test_every_example_parses_and_names_what_the_shipped_criteria_have(
    words: list[str], tokens: list[str]
) -> None:
    shipped = load_criteria(shipped_criteria_path())
    command: Any = typer.main.get_command(app)
    ctx = command.make_context("kpobpo", list(tokens), resilient_parsing=False)
    rest = list(tokens)
    while rest and rest[0] in getattr(command, "commands", {}):
        command = command.commands[rest.pop(0)]
        ctx = command.make_context(command.name, list(rest), parent=ctx)
    for flag, value in itertools.pairwise(tokens):
        if flag in ("-a", "--answer", "-w", "--weight"):
            question, _, option = value.partition("=")
            found = shipped.question(question)
            assert found is not None, value
            if flag in ("-a", "--answer"):
                assert found.option(option) is not None, value
            else:
                assert found.scored, value
        if flag in ("-s", "--service"):
            match_service(shipped, value)


@pytest.mark.parametrize(
    ("args", "wrong", "see"),
    [
        (["assess", "--bogus"], "error: no such option: --bogus", "kpobpo assess --help"),
        (["compare", "-f", "xml"], "error: invalid value for", "kpobpo compare --help"),
        (["assess", "-a"], "error: option '-a' requires an argument", "kpobpo assess --help"),
        (["criteria", "diff", "a.yaml"], "error: missing argument", "kpobpo criteria diff"),
        (["nosuch"], "error: no such command 'nosuch'", "kpobpo --help"),
    ],
)
def test_framework_usage_errors_read_like_kpobpo_s_own(
    args: list[str], wrong: str, see: str
) -> None:
    done = kpobpo(*args)
    assert done.returncode == 2 and done.stdout == ""
    first, second = done.stderr.splitlines()
    assert first.startswith(wrong), done.stderr
    assert second.startswith("  see: ") and see in second
    assert "Usage:" not in done.stderr and "Traceback" not in done.stderr


def test_portfolio_usage_names_its_file_plainly(tmp_path: Path) -> None:
    done = kpobpo("portfolio", "-h")
    assert done.stdout.startswith("Usage: kpobpo portfolio [OPTIONS] FILE\n")
