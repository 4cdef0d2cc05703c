"""Docs that cannot drift: the README and the reference pages in docs/ name every
command and option, and their JSON examples are what the current code prints."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from kpobpo.cli import app
from kpobpo.load import shipped_criteria_path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The README and the pages it sends readers to.
DOCS = README + "".join(
    page.read_text(encoding="utf-8") for page in sorted((ROOT / "docs").glob("*.md"))
)


def _commands() -> list[tuple[str, Any]]:
    """(path, command) for the app and every command below it.

    Typer vendors its own copy of Click, so commands are walked by duck typing.
    """
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(root, "")
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS if p], ids=str)
def test_every_command_is_in_the_readme(path: str) -> None:
    assert f"kpobpo {path}" in DOCS


@pytest.mark.parametrize(
    ("path", "option"),
    [
        (path, name)
        for path, command in COMMANDS
        for param in command.params
        if param.param_type_name == "option"
        for name in param.opts
        if name.startswith("--") and name != "--help"
    ],
    ids=str,
)
def test_every_option_is_in_the_readme(path: str, option: str) -> None:
    assert re.search(rf"`[^`]*{re.escape(option)}\b[^`]*`", DOCS), f"{path}: {option}"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: p or "kpobpo")
def test_every_command_has_help(path: str) -> None:
    command = dict(COMMANDS)[path]
    assert (command.help or "").strip(), path


EXAMPLE = re.compile(r"<!-- example: (?P<command>.+?) -->\s*```json\n(?P<json>.*?)```", re.S)


def test_readme_has_json_examples() -> None:
    assert len(EXAMPLE.findall(DOCS)) >= 2


@pytest.mark.parametrize(
    "match", list(EXAMPLE.finditer(DOCS)), ids=lambda m: m.group("command")[:50]
)
def test_readme_json_examples_are_what_the_code_prints(match: re.Match[str]) -> None:
    words = shlex.split(match.group("command"))
    assert words[0] == "kpobpo"
    # The README shows what the shipped criteria give, not the tests' fixture.
    shipped = {"KPOBPO_CRITERIA": str(shipped_criteria_path())}
    result = CliRunner().invoke(app, words[1:], env=shipped)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(match.group("json"))


def test_ci_runs_the_readmes_two_commands_on_a_fresh_machine() -> None:
    """The README's first screen gives the install and test commands, and CI runs the latter."""
    first_screen = "\n".join(README.splitlines()[:30])
    commands = re.findall(r"^python3 -m venv .*$", first_screen, flags=re.MULTILINE)
    assert len(commands) == 2, commands
    install, test = commands
    assert install.endswith("kpobpo assess")
    assert test.endswith("-m pytest")
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def _generator() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["cli.md", "json.md"])
def test_generated_pages_are_current(page: str) -> None:
    """docs/cli.md and docs/json.md are what docs/generate.py makes of the code now."""
    generated = _generator().PAGES[page]()
    current = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert current == generated, f"docs/{page} is stale: run python docs/generate.py"


def test_compare_json_has_exactly_the_documented_keys() -> None:
    from kpobpo.render.json_doc import COMPARISON_CONTRACT

    shipped = {"KPOBPO_CRITERIA": str(shipped_criteria_path())}
    result = CliRunner().invoke(app, ["compare", "-f", "json"], env=shipped)
    assert result.exit_code == 0, result.stderr
    assert list(json.loads(result.stdout)) == [key.name for key in COMPARISON_CONTRACT]
