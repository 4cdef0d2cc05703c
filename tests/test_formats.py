"""The registry of portfolio formats: one place that gives the CLI its choices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import run
from kpobpo.formats import READERS, WRITERS, implementation, input_format_of, output_format_of
from kpobpo.model import Criteria


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


@pytest.mark.parametrize("name", [n for n, spec in WRITERS.items() if not spec.explains])
def test_a_format_that_leaves_out_explanations_prints_nothing_of_them(
    name: str, criteria: Criteria
) -> None:
    """Formats marked as not printing what-ifs and weight sensitivity get
    them left out; their output must not change for it."""
    import io

    from kpobpo.model import Settings
    from kpobpo.portfolio import RowInput, Summary, assess_rows
    from kpobpo.render.portfolio import WriteOptions

    rows = [
        RowInput(2, "Claims", None, {"expertise": "basic", "complexity": "routine"}),
        RowInput(3, "Research", None, {"expertise": "specialist", "data_sensitivity": "high"}),
        RowInput(4, "Close", None, {"process_type": "customer_contact", "expertise": "trained"}),
    ]

    def output(explain: bool) -> bytes | str:
        spec = WRITERS[name]
        stream: io.BytesIO | io.StringIO = io.BytesIO() if spec.binary else io.StringIO()
        writer = implementation(spec.writer)(criteria, stream, [], WriteOptions())
        summary = Summary(criteria)
        for result in assess_rows(criteria, rows, Settings(draws=50, explain=explain)):
            assert result.assessment is not None
            assert bool(result.assessment.what_if or result.assessment.weight_sensitivity) is (
                explain
            )
            summary.add(result)
            writer.row(result)
        writer.finish(summary)
        return stream.getvalue()

    if WRITERS[name].binary:  # a workbook: compare its cells, not its zip's timestamps
        from openpyxl import load_workbook

        def cells(data: bytes | str) -> list[list[object]]:
            assert isinstance(data, bytes)
            book = load_workbook(io.BytesIO(data), read_only=True)
            sheets = book.worksheets
            return [list(row) for sheet in sheets for row in sheet.iter_rows(values_only=True)]

        assert cells(output(True)) == cells(output(False))
    else:
        assert output(True) == output(False)
