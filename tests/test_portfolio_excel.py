"""Excel in and out: an inventory workbook through the real command line.

Workbooks are built with openpyxl in tmp_path. openpyxl writes a formula with
no cached value (it does not calculate), so a formula *with* a cached value,
as Excel saves it, is made by writing the value into the sheet's XML.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers import import_probe

openpyxl = pytest.importorskip("openpyxl")


def kpobpo(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kpobpo", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def workbook(path: Path, sheets: dict[str, list[list[Any]]], merge: str | None = None) -> Path:
    """Write `sheets` (title -> rows) to `path`; `merge` merges a range of the first sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge and title == next(iter(sheets)):
            sheet.merge_cells(merge)
    book.save(path)
    return path


def cache_formula_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the cached text value Excel would have saved with them."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    for cell, value in values.items():
        xml, count = re.subn(
            rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/>',
            rf'<c r="{cell}" t="str"><f>\2</f><v>{value}</v>',
            xml,
        )
        assert count == 1, cell
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as new:
        for part, data in parts.items():
            new.writestr(part, data)


HEADER = ["name", "expertise", "complexity", "Owner", "Since", "Budget"]


def inventory(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "inv.xlsx",
        {
            "Processes": [
                [],
                [None, None],
                [*HEADER, None, None],  # trailing empty columns
                ["Payroll", "basic", "routine", "Ann", datetime.date(2024, 1, 5), 1200.5],
                [],
                ["Pricing", "specialist", "complex", "Bob", datetime.date(2023, 3, 1), 3],
            ]
        },
    )


def test_a_workbook_is_read_with_dates_numbers_and_empty_rows(tmp_path: Path) -> None:
    path = inventory(tmp_path)
    done = kpobpo("portfolio", str(path), "-f", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(i["name"], i["row"], i["recommendation"]) for i in items] == [
        ("Payroll", 4, "bpo"),
        ("Pricing", 6, "kpo"),
    ]
    assert items[0]["inventory"] == {
        "Owner": "Ann",
        "Since": "2024-01-05T00:00:00",
        "Budget": 1200.5,
    }
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert [(r["Since"], r["Budget"]) for r in rows] == [
        ("2024-01-05", "1200.5"),
        ("2023-03-01", "3"),
    ]


def test_a_formula_gives_its_cached_value(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx",
        {"P": [["name", "expertise", "complexity"], ["Model", '=IF(1,"specialist")', "complex"]]},
    )
    cache_formula_values(path, {"B2": "specialist"})
    done = kpobpo("portfolio", str(path), "-f", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answers"]["expertise"] == "specialist"


def test_a_formula_without_a_cached_value_is_a_bad_row_that_says_so(tmp_path: Path) -> None:
    # openpyxl saves formulas without their value, as any program that does not calculate.
    path = workbook(
        tmp_path / "f.xlsx",
        {"P": [["name", "expertise"], ["Good", "basic"], ["Calc", "=B2"], ["After", "basic"]]},
    )
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert (
        "f.xlsx: sheet 'P' row 3: process 2: cell B3 holds the formula =B2 with no saved value"
        in err
    )
    assert [r["name"] for r in csv.DictReader(io.StringIO(done.stdout.decode()))] == [
        "Good",
        "Calc",
        "After",
    ]


def test_a_merged_header_cell_is_an_error_naming_sheet_and_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "m.xlsx",
        {"Processes": [["name", "Expertise", None, "owner"], ["A", "basic", "x", "Ann"]]},
        merge="B1:C1",
    )
    done = kpobpo("portfolio", str(path), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err
    assert (
        "m.xlsx: sheet 'Processes' cell C1: the header cell is part of the merged cells B1:C1"
        in err
    )


def test_a_missing_header_cell_is_an_error_naming_sheet_and_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "h.xlsx", {"S": [[], ["name", None, "expertise"], ["A", 1, "basic"]]}
    )
    done = kpobpo("portfolio", str(path), cwd=tmp_path)
    assert done.returncode == 1
    assert "h.xlsx: sheet 'S' cell B2: the header cell is empty" in done.stderr.decode()


def test_sheet_picks_the_worksheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "two.xlsx",
        {"Cover": [["Inventory 2026"]], "Processes": [["name", "expertise"], ["A", "basic"]]},
    )
    done = kpobpo("portfolio", str(path), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1 and "sheet 'Cover' row 1: the header has no 'name' column" in err
    assert "'Processes'" in err
    done = kpobpo("portfolio", str(path), "--sheet", "Processes", "-f", "jsonl", cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["name"] == "A"
    done = kpobpo("portfolio", str(path), "--sheet", "Nope", cwd=tmp_path)
    assert done.returncode == 1
    assert "has no sheet 'Nope' (its sheets: 'Cover', 'Processes')" in done.stderr.decode()


def test_bad_rows_name_sheet_and_spreadsheet_row(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "b.xlsx",
        {
            "Inv": [
                ["name", "expertise", "complexty"],
                [],
                ["A", "guru", "x"],
                ["B", "basic", None, None, "stray"],
            ]
        },
    )
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert (
        "b.xlsx: sheet 'Inv' row 1: column 'complexty' looks like the question 'complexity'" in err
    )
    assert "b.xlsx: sheet 'Inv' row 3: process 1: " in err and "guru" in err
    assert (
        "b.xlsx: sheet 'Inv' row 4: process 2: cell E4 has a value but its column has no header"
        in err
    )


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_text("name,expertise\nA,basic\n")
    done = kpobpo("portfolio", str(path), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1 and "p.xlsx: is not an Excel workbook" in err
    assert "Traceback" not in err


def test_a_workbook_from_standard_input(tmp_path: Path) -> None:
    path = inventory(tmp_path)
    done = kpobpo(
        "portfolio",
        "-",
        "--input-format",
        "xlsx",
        "-f",
        "jsonl",
        cwd=tmp_path,
        stdin=path.read_bytes(),
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert b"<stdin>" not in done.stderr


def test_openpyxl_is_imported_only_on_the_workbook_path(tmp_path: Path) -> None:
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("name,expertise\nA,basic\n")
    probe = import_probe("'openpyxl' in sys.modules")
    for args, imported in (
        (["compare"], False),
        (["portfolio", str(csv_file), "-f", "csv"], False),
        (["portfolio", str(inventory(tmp_path)), "-f", "csv"], True),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
        )
        assert done.stderr.strip().splitlines()[-1] == str(imported), (args, done.stderr)


# -- .xlsx output -----------------------------------------------------------


def read_back(path: Path) -> Any:
    assert zipfile.is_zipfile(path)
    return openpyxl.load_workbook(path)


def test_results_workbook_from_a_csv_inventory(tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text(
        "name,expertise,complexity,owner,notes\n"
        'Payroll,basic,routine,Ann,=HYPERLINK("http://x")\n'
        "Pricing,specialist,complex,Bob,+1 555\n"
        "Billing,basic,routine,@Cid,-minus\n"
        "Broken,guru,routine,Dee,\x07bell\n"
    )
    target = tmp_path / "results.xlsx"
    done = kpobpo("portfolio", str(source), "-o", str(target), cwd=tmp_path)
    assert done.returncode == 1  # the 'guru' row, reported and kept
    book = read_back(target)
    assert book.sheetnames == ["Processes", "Summary"]
    sheet = book["Processes"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["name", "expertise", "complexity", "owner", "notes"]
    assert "recommendation" in header and "error" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}5"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= len("Payroll")
    # Text from the input stays text: never a formula.
    notes = [sheet.cell(r, 5) for r in range(2, 6)]
    assert [c.value for c in notes] == ['=HYPERLINK("http://x")', "+1 555", "-minus", "bell"]
    assert all(c.data_type == "s" for c in notes)
    assert sheet.cell(4, 4).value == "@Cid" and sheet.cell(4, 4).data_type == "s"
    # Scores are numbers; the recommendation is coloured by model.
    at = header.index("recommendation") + 1
    margin = sheet.cell(2, header.index("margin") + 1).value
    assert isinstance(margin, float | int)
    colours = {sheet.cell(r, at).value: sheet.cell(r, at).fill.fgColor.rgb for r in (2, 3, 4)}
    assert colours["bpo"] != colours["kpo"]
    assert sheet.cell(4, at).fill.fgColor.rgb == colours["bpo"]
    assert "guru" in sheet.cell(5, header.index("error") + 1).value
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Processes"] == 4 and summary["Failed"] == 1
    assert summary["Recommended: BPO"] == 2 and summary["Recommended: KPO"] == 1


def test_workbook_in_workbook_out_keeps_types(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    done = kpobpo(
        "portfolio", str(inventory(tmp_path)), "-f", "xlsx", "-o", str(target), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    sheet = read_back(target)["Processes"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == tuple(HEADER)
    assert rows[1][:6] == (
        "Payroll",
        "basic",
        "routine",
        "Ann",
        datetime.datetime(2024, 1, 5),
        1200.5,
    )
    assert len(rows) == 3
    assert sheet.cell(2, 5).is_date and sheet.cell(2, 5).number_format == "yyyy-mm-dd"


def test_workbook_to_a_pipe_and_refused_for_nothing_else(tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text("name,expertise\nA,basic\n")
    done = kpobpo("portfolio", str(source), "-f", "xlsx", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(b"PK")
    (tmp_path / "piped.xlsx").write_bytes(done.stdout)
    assert read_back(tmp_path / "piped.xlsx")["Processes"]["A2"].value == "A"


def test_strict_leaves_an_existing_workbook_untouched(tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text("name,expertise\nA,basic\nB,guru\n")
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"not ours to lose")
    done = kpobpo("portfolio", str(source), "-o", str(target), "--strict", cwd=tmp_path)
    assert done.returncode == 1 and target.read_bytes() == b"not ours to lose"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "results.xlsx"]


def test_a_workbook_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    source = tmp_path / "p.csv"
    source.write_text("name,expertise\nA,basic\n")
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kpobpo", "portfolio", str(source), "-f", "xlsx"],
            stdout=slave,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 2 and b"give -o FILE.xlsx" in done.stderr


@pytest.mark.parametrize(
    ("name", "option"),
    [("p.csv", "--sheet"), ("p.xlsx", "--delimiter"), ("p.xlsx", "--encoding")],
)
def test_options_for_another_format_are_usage_errors(
    tmp_path: Path, name: str, option: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    done = kpobpo(
        "portfolio", str(path), option, "x" if option != "--encoding" else "utf-8", cwd=tmp_path
    )
    assert done.returncode == 2 and option.encode() in done.stderr


def test_a_models_colour_in_the_criteria_tints_its_cells(tmp_path: Path) -> None:
    """The criteria file's `colour` for a model, made pale enough to read black text on."""
    fixture = (Path(__file__).parent / "fixtures" / "criteria.yaml").read_text(encoding="utf-8")
    coloured = tmp_path / "c.yaml"  # the second model, kpo, in black
    coloured.write_text(
        fixture.replace(
            "    billing_index: 2.0\n", '    billing_index: 2.0\n    colour: "#000"\n', 1
        )
    )
    source = tmp_path / "p.csv"
    source.write_text("name,expertise,complexity\nPricing,specialist,complex\n")
    target = tmp_path / "out.xlsx"
    done = kpobpo(
        "portfolio", str(source), "-o", str(target), "--criteria", str(coloured), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    sheet = read_back(target)["Processes"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("recommendation") + 1)
    assert cell.value == "kpo"
    assert cell.fill.fgColor.rgb.endswith("BFBFBF")  # black, a quarter strength: a light grey
