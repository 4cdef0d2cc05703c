"""The registry of portfolio formats: one place that gives the CLI its choices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import run
from kpobpo.formats import READERS, WRITERS, implementation, input_format_of, output_format_of


@pytest.mark.parametrize("name", list(READERS))
def test_every_reader_is_found_by_its_extensions_and_loads(name: str) -> None:
    spec = READERS[name]
    assert callable(implementation(spec.reader))
    for extension in spec.extensions:
        assert input_format_of(f"dir.d/inventory{extension.upper()}") is spec


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_writer_loads_and_is_a_cli_choice(runner: CliRunner, name: str) -> None:
    spec = WRITERS[name]
    assert callable(implementation(spec.writer))
    for extension in spec.extensions:
        assert output_format_of(f"out{extension}") is spec
    code, out, _ = run(runner, "portfolio", "--help")
    assert code == 0 and name in out


def test_the_cli_refuses_a_format_not_in_the_registry(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise\nA,basic\n")
    code, _, err = run(runner, "portfolio", str(path), "-f", "pdf")
    assert code == 2 and "pdf" in err
    code, _, err = run(runner, "portfolio", str(path), "--input-format", "ods")
    assert code == 2 and "ods" in err


def test_an_unknown_extension_names_the_registry_formats(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("name,expertise\nA,basic\n")
    code, _, err = run(runner, "portfolio", str(path))
    assert code == 2 and "|".join(READERS) in err


def test_output_format_follows_the_output_name(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise\nA,basic\n")
    target = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "portfolio", str(path), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith('{"name": "A"')
