"""CSV as Excel writes it: semicolons, tabs, cp1252 and UTF-16, read without flags.

Through the real command line, as a user runs it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest


def kpobpo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpobpo", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


EUROPEAN = (
    "name;expertise;complexity;Kostenstelle\r\n"
    "Café Ü;specialist;complex;4711\r\n"
    "Lohn;basic;routine;0815\r\n"
)


def test_semicolon_cp1252_as_european_excel_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "inventar.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cp1252" in done.stderr and "semicolon-separated" in done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout), delimiter=";"))  # the delimiter kept
    assert [r["name"] for r in rows] == ["Café Ü", "Lohn"]
    assert [r["Kostenstelle"] for r in rows] == ["4711", "0815"]
    assert all(r["recommendation"] for r in rows)


def test_the_note_is_in_the_summary_of_the_table(tmp_path: Path) -> None:
    path = tmp_path / "inventar.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    done = kpobpo("portfolio", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Café Ü" in done.stdout and "semicolon-separated" in done.stdout


def test_tab_separated_keeps_tabs(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_text("name\texpertise\towner\nA\tbasic\tAnn, Bob\n", encoding="utf-8")
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "tab-separated" in done.stderr
    header, row = done.stdout.splitlines()
    assert header.startswith("name\texpertise\towner\trecommendation\t")
    assert row.startswith("A\tbasic\tAnn, Bob\t")


def test_excel_unicode_text_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("name\texpertise\r\nNaïve\tspecialist\r\n".encode("utf-16"))
    done = kpobpo("portfolio", str(path), "-f", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"name": "Naïve"' in done.stdout and "utf-16" in done.stderr


def test_plain_utf8_with_commas_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise\nÜber,basic\n", encoding="utf-8")
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines()[1].startswith("Über,basic,")


def test_a_stray_cp1252_byte_deep_in_utf8_costs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    rows = "".join(f"Prozess {i} ü,basic\n" for i in range(5000))  # well past the sample
    path.write_bytes(("name,expertise\n" + rows).encode() + b"M\xfcller,basic\n")
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("Müller,basic,")


def test_flags_override_what_is_found(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    done = kpobpo("portfolio", str(path), "--delimiter", ",", cwd=tmp_path)
    assert done.returncode == 1 and "no 'name' column" in done.stderr
    done = kpobpo("portfolio", str(path), "--encoding", "utf-8", cwd=tmp_path)
    assert done.returncode == 1 and "is not UTF-8 text" in done.stderr
    assert str(path) in done.stderr and "Traceback" not in done.stderr
    done = kpobpo(
        "portfolio",
        str(path),
        "--encoding",
        "latin-1",
        "--delimiter",
        "semicolon",
        "-f",
        "csv",
        cwd=tmp_path,
    )
    assert done.returncode == 0 and done.stderr == ""  # given, so not announced
    assert "Café Ü;" in done.stdout


@pytest.mark.parametrize(
    ("option", "value"), [("--encoding", "klingon"), ("--delimiter", "ab"), ("--delimiter", '"')]
)
def test_bad_flags_are_usage_errors(tmp_path: Path, option: str, value: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise\nA,basic\n")
    done = kpobpo("portfolio", str(path), option, value, cwd=tmp_path)
    assert done.returncode == 2 and option in done.stderr and "Traceback" not in done.stderr


def test_the_note_is_in_the_json_summary(tmp_path: Path) -> None:
    path = tmp_path / "inventar.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    done = kpobpo("portfolio", str(path), "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "semicolon-separated" in json.loads(done.stdout)["summary"]["input"]
    plain = tmp_path / "plain.csv"
    plain.write_text("name,expertise\nA,basic\n")
    done = kpobpo("portfolio", str(plain), "-f", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["summary"]["input"] is None


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_lines_ending_in_a_lone_carriage_return(tmp_path: Path, delimiter: str) -> None:
    # Old Mac exports end lines with "\r" alone; finding the delimiter read the
    # whole file as its header line and failed with a traceback.
    path = tmp_path / "mac.csv"
    rows = ["name", "expertise", "complexity"], ["A", "basic", "routine"], ["B", "specialist", ""]
    path.write_bytes("".join(delimiter.join(row) + "\r" for row in rows).encode("utf-8"))
    done = kpobpo("portfolio", str(path), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = list(csv.DictReader(io.StringIO(done.stdout), delimiter=delimiter))
    assert [r["name"] for r in out] == ["A", "B"]
    assert all(r["recommendation"] for r in out)
