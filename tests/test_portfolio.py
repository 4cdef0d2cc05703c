"""kpobpo portfolio: every input and output format, bad rows, summary, streaming."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import CLINICIANS, flags, run
from kpobpo.model import Criteria, Settings
from kpobpo.portfolio import RowInput, assess_rows

HEADER = "name,service,process_type,expertise,complexity,objective,data_sensitivity\n"
GOOD = [
    "Claims line,,transaction_processing,trained,moderate,cost,high\n",
    "Equity desk,Equity Research,,,,,\n",
    "Clinic phones,,customer_contact,specialist,complex,cost,high\n",
]
BAD = [
    "Broken,,customer_contact,guru,complex,cost,\n",
    "Ghost,equity reserch,,,,,\n",
]


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "processes.csv"
    path.write_text(HEADER + "".join(GOOD[:2] + BAD[:1] + GOOD[2:] + BAD[1:]))
    return path


def test_csv_in_csv_out_keeps_every_row(runner: CliRunner, sheet: Path) -> None:
    code, out, err = run(runner, "portfolio", str(sheet), "-f", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == [
        "Claims line",
        "Equity desk",
        "Broken",
        "Clinic phones",
        "Ghost",
    ]
    # A wide margin, but in between and two single answers from the other model.
    assert rows[0]["recommendation"] == "bpo" and rows[0]["confidence"] == "low"
    assert rows[0]["verdict"] == "leans"
    assert rows[0]["elevated_risks"].split(";")[:2] == ["data_theft", "regulatory_gaps"]
    assert float(rows[0]["score_bpo"]) > float(rows[0]["score_kpo"])
    assert rows[1]["recommendation"] == "kpo"
    assert rows[2]["recommendation"] == "" and "no option 'guru'" in rows[2]["error"]
    assert rows[2]["expertise"] == "guru"  # the input is kept as it was
    assert f"{sheet}:4: process 3: expertise has no option 'guru'" in err
    assert (
        f"{sheet}:6: process 5: service: unknown service 'equity reserch'; "
        "closest: Equity research" in err
    )


def test_csv_output_from_another_input_has_one_column_per_question(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "p.jsonl"
    source.write_text(json.dumps({"name": "A", "expertise": "basic"}) + "\n")
    code, out, _ = run(runner, "portfolio", str(source), "-f", "csv")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[:3] == ["name", "service", "process_type"]
    assert "score_kpo" in header and "elevated_risks" in header


def test_each_row_is_exactly_what_assess_gives(runner: CliRunner, sheet: Path) -> None:
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in rows] == ["Claims line", "Equity desk", "Clinic phones"]
    assert [r["row"] for r in rows] == [2, 3, 5]
    answers = {
        "Claims line": flags(
            process_type="transaction_processing",
            expertise="trained",
            complexity="moderate",
            objective="cost",
            data_sensitivity="high",
        ),
        "Equity desk": ["--service", "equity research"],
        "Clinic phones": CLINICIANS,
    }
    for row in rows:
        named = ["--name", row["name"], *answers[row["name"]]]
        code, alone, _ = run(runner, "assess", "-f", "json", *named)
        assert code == 0
        expected = json.loads(alone)
        assert {k: v for k, v in row.items() if k != "row"} == expected


def test_csv_results_match_jsonl_results(runner: CliRunner, sheet: Path) -> None:
    _, as_csv, _ = run(runner, "portfolio", str(sheet), "-f", "csv")
    _, as_jsonl, _ = run(runner, "portfolio", str(sheet), "-f", "jsonl")
    by_name = {r["name"]: r for r in map(json.loads, as_jsonl.splitlines())}
    for row in csv.DictReader(io.StringIO(as_csv)):
        if row["name"] in by_name:
            full = by_name[row["name"]]
            assert row["recommendation"] == full["recommendation"]
            assert row["confidence"] == full["confidence"]
            assert float(row["margin"]) == full["margin"]


def _csv_says_what_jsonl_says(runner: CliRunner, path: Path, rows: int) -> list[dict[str, str]]:
    """Portfolio `path` as CSV and as JSON Lines: both say the same of every row
    (CSV's result columns take shorter ways than the full assessment behind
    JSON Lines and `assess`). The CSV rows, for more checks."""
    _, as_csv, _ = run(runner, "portfolio", str(path), "-f", "csv")
    _, as_jsonl, _ = run(runner, "portfolio", str(path), "-f", "jsonl")
    by_name = {r["name"]: r for r in map(json.loads, as_jsonl.splitlines())}
    found = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(found) == rows
    bad = [row["name"] for row in found if row["error"]]
    assert len(by_name) == rows - len(bad)
    for row in found:
        if row["error"]:
            assert row["name"] not in by_name
            continue
        full = by_name[row["name"]]
        assert row["recommendation"] == full["recommendation"]
        assert row["verdict"] == full["verdict"]
        assert row["confidence"] == full["confidence"]
        assert float(row["margin"]) == pytest.approx(full["margin"], abs=0.005)
        for model, value in full["scores"].items():
            assert float(row[f"score_{model}"]) == pytest.approx(value, abs=0.005)
        elevated = [r["id"] for r in full["risks"] if r["elevated"]]
        assert row["elevated_risks"] == ";".join(elevated)
    assert {r["elevated_risks"] for r in found} != {""}  # risks were really raised
    return found


@pytest.mark.parametrize(
    ("ending", "block", "kept"),
    [("\n", None, None), ("\r\n", 7, 4), ("\n", 64, 4), ("\r\n", 1 << 17, None)],
    ids=["as-is", "crlf-tiny-blocks", "small-blocks", "crlf"],
)
def test_csv_of_random_rows_says_what_jsonl_says_of_each(
    runner: CliRunner,
    tmp_path: Path,
    criteria: Criteria,
    monkeypatch: pytest.MonkeyPatch,
    ending: str,
    block: int | None,
    kept: int | None,
) -> None:
    """On rows with every answer drawn at random, blanks, bad rows and repeated
    rows among them, CSV says what JSON Lines says of each: also when the
    input is read in blocks so small that lines are cut at every place (a
    "\r\n" too), and when the memos are so small that they fill, start
    again and give up on lines that are seldom seen twice."""
    import random

    import kpobpo.portfolio

    if block is not None:
        monkeypatch.setattr(kpobpo.portfolio, "BLOCK", block)
    if kept is not None:
        monkeypatch.setattr(kpobpo.portfolio, "CACHE_SIZE", kept)
    rng = random.Random(7)
    path = tmp_path / "random.csv"
    questions = list(criteria.questions)
    with path.open("w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream, lineterminator=ending)
        out.writerow(["name", *(q.id for q in questions)])
        for number in range(150):
            cells = [rng.choice(["", *(o.id for o in q.options)]) for q in questions]
            cells[1] = cells[1] or "basic"  # expertise: every row has a result
            column = rng.randrange(len(cells))
            if number % 7 == 1:  # as people type them: the long way, the same results
                cells[column] = f" {cells[column].upper()} "
            elif number % 29 == 3:  # no option of its question: a bad row
                cells[column] = "guru"
            out.writerow([f"p{number}", *cells])
            if number % 10 == 0:
                out.writerow([f"p{number}-again", *cells])
    rows = _csv_says_what_jsonl_says(runner, path, 165)
    assert all("guru" in row["error"] for row in rows if row["error"])


@pytest.mark.parametrize(
    ("block", "kept", "longest"),
    [(None, None, None), (256, None, None), (256, 4, None), (256, None, 8)],
)
def test_csv_of_rows_seen_many_times_says_what_jsonl_says(
    runner: CliRunner,
    tmp_path: Path,
    criteria: Criteria,
    monkeypatch: pytest.MonkeyPatch,
    block: int | None,
    kept: int | None,
    longest: int | None,
) -> None:
    """A real portfolio repeats a few kinds of process: lines seen before get
    their result again by their text, also when that memo fills and starts
    again; a repeated bad row is reported every time, with its line."""
    import random
    import re

    import kpobpo.portfolio

    if block is not None:
        monkeypatch.setattr(kpobpo.portfolio, "BLOCK", block)
    if kept is not None:
        monkeypatch.setattr(kpobpo.portfolio, "CACHE_SIZE", kept)
    if longest is not None:  # lines too long to keep are worked out each time
        monkeypatch.setattr(kpobpo.portfolio, "SEEN_CHARS", longest)
    rng = random.Random(11)
    questions = list(criteria.questions)
    kinds = [[rng.choice(["", *(o.id for o in q.options)]) for q in questions] for _ in range(6)]
    for kind in kinds:
        kind[1] = kind[1] or "specialist"
    kinds[5][2] = "guru"  # a bad row, seen again and again
    path = tmp_path / "repeats.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(["name", *(q.id for q in questions)])
        for number in range(240):
            out.writerow([f"p{number}", *rng.choice(kinds)])
    code, _, err = run(runner, "portfolio", str(path), "-f", "csv")
    rows = _csv_says_what_jsonl_says(runner, path, 240)
    bad = [row["name"] for row in rows if row["error"]]
    said = re.findall(r"repeats\.csv:(\d+): process (\d+): \w+ has no option 'guru'", err)
    assert code == 1 and bad and len(said) == len(bad)
    # One line a row after the header: process N is on line N + 1, and is pN-1.
    assert [(int(line), f"p{int(number) - 1}") for line, number in said] == [
        (int(name[1:]) + 2, name) for name in bad
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_json_and_yaml_lists(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    items = [
        {"name": "Flat", "expertise": "specialist", "complexity": "complex"},
        {"name": "Nested", "answers": {"expertise": "basic", "complexity": "routine"}},
        {"name": "Preset", "service": "call centre", "answers": {"objective": "insight"}},
    ]
    path = tmp_path / f"p{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(items))
    else:
        import yaml

        path.write_text(yaml.safe_dump(items))
    code, out, err = run(runner, "portfolio", str(path), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["recommendation"] for p in data["processes"]] == ["kpo", "bpo", "bpo"]
    assert data["processes"][2]["answers"]["objective"] == "insight"
    assert data["summary"]["by_model"] == {"bpo": 2, "kpo": 1}
    assert data["errors"] == []


def test_stdin_needs_and_uses_input_format(runner: CliRunner) -> None:
    text = HEADER + GOOD[0]
    code, _, err = run(runner, "portfolio", "-", input=text)
    assert code == 2 and "--input-format" in err
    code, out, _ = run(runner, "portfolio", "-", "--input-format", "csv", "-f", "jsonl", input=text)
    assert code == 0
    assert json.loads(out)["name"] == "Claims line"


def test_summary_counts(runner: CliRunner, sheet: Path) -> None:
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "json")
    assert code == 1  # two rows failed
    summary = json.loads(out)["summary"]
    assert summary["rows"] == 5 and summary["assessed"] == 3 and summary["failed"] == 2
    assert summary["by_model"] == {"bpo": 1, "kpo": 2}
    assert summary["by_confidence"] == {"high": 1, "medium": 1, "low": 1}
    assert summary["by_verdict"] == {"clear": 1, "leans": 2, "too_close": 0}
    risks = {r["id"]: r["count"] for r in summary["recurring_risks"]}
    assert risks["data_theft"] == 2 and risks["skills_shortage"] == 2
    assert summary["recurring_risks"][0]["count"] >= summary["recurring_risks"][-1]["count"]


def test_csv_summary_matches_json_summary(runner: CliRunner, sheet: Path, tmp_path: Path) -> None:
    # CSV goes through the fast path; the table's summary must agree with JSON's.
    _, table, _ = run(runner, "portfolio", str(sheet))
    assert "Processes: 5 (3 assessed, 2 failed)." in table
    assert "Recommended: BPO 1, KPO 2." in table


def test_table_and_markdown(runner: CliRunner, sheet: Path) -> None:
    code, out, _ = run(runner, "portfolio", str(sheet))
    assert "Clinic phones" in out and "expertise=specialist" in out
    assert "│ failed" in out
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "markdown")
    assert code == 1
    assert out.startswith("# Outsourcing portfolio")
    assert "| 5 | Clinic phones | leans KPO | medium |" in out


def test_long_input_table_shows_borderline_rows_and_says_how_to_see_all(
    runner: CliRunner, tmp_path: Path
) -> None:
    lines = [HEADER]
    for i in range(40):
        lines.append(f"Clear {i},,research_analytics,specialist,complex,insight,low\n")
    lines.append("Close call,,customer_contact,trained,complex,cost,low\n")
    lines.append("Close call 2,,customer_contact,specialist,routine,insight,low\n")
    path = tmp_path / "long.csv"
    path.write_text("".join(lines))
    code, out, _ = run(runner, "portfolio", str(path))
    assert code == 0
    assert "Borderline processes (2 of 42)" in out
    assert "Close call 2" in out
    assert "Clear 3" not in out
    assert "--all" in out and "--format csv" in out
    code, out, _ = run(runner, "portfolio", str(path), "--all")
    assert "Clear 39" in out


def test_inventory_columns_are_carried_through_silently(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise,owner,Cost centre\nA,basic,Ann,4711\nB,specialist,Bob,\n")
    code, out, err = run(runner, "portfolio", str(path), "-f", "csv")
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["owner"], r["Cost centre"]) for r in rows] == [("Ann", "4711"), ("Bob", "")]
    code, out, err = run(runner, "portfolio", str(path), "-f", "jsonl")
    assert code == 0 and err == ""
    items = [json.loads(line) for line in out.splitlines()]
    assert [i["inventory"] for i in items] == [
        {"owner": "Ann", "Cost centre": "4711"},
        {"owner": "Bob", "Cost centre": ""},
    ]


def test_a_misspelt_question_column_is_reported_once_naming_the_question(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,expertise,complexty,owner\nA,basic,routine,Ann\nB,specialist,,Bob\n")
    code, out, err = run(runner, "portfolio", str(path), "-f", "csv")
    assert code == 1
    assert err.count("'complexty' looks like the question 'complexity' misspelt") == 1
    assert f"{path}:1:" in err and "owner" not in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["complexty"] for r in rows] == ["routine", ""]  # carried, not lost


def test_strict_stops_at_the_first_bad_row_and_writes_nothing(
    runner: CliRunner, sheet: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    code, _, err = run(runner, "portfolio", str(sheet), "-f", "csv", "-o", str(target), "--strict")
    assert code == 1
    assert "no option 'guru'" in err and "equity reserch" not in err
    assert not target.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_output_file_is_written_whole(runner: CliRunner, sheet: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run(runner, "portfolio", str(sheet), "-f", "jsonl", "-o", str(target))
    assert code == 1 and out == ""
    assert len(target.read_text().splitlines()) == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.csv", b"\x00\x01\x02binary", "is a binary file"),
        ("p.jsonl", b'{"name": "\xff\xfe"}\n', "is not UTF-8 text"),
        ("p.json", b"42", "must be a list of processes"),
        ("p.csv", b"", "is empty"),
        ("p.csv", b"expertise\nbasic\n", "the header has no 'name' column"),
        ("p.yaml", b"a: [1, 2\n", "not valid YAML"),
    ],
)
def test_files_that_are_not_tables(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(runner, "portfolio", str(path), "-f", "csv")
    assert code == 1
    assert "recommendation" not in out  # no result rows for a file that is not a table
    assert message in err and str(path) in err
    assert "Traceback" not in err


def test_bad_json_lines_are_bad_rows(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"name": "A", "expertise": "basic"}\nnot json\n[1]\n'
        '{"name": "B", "expertise": 3}\n{"name": "C", "expertise": "specialist"}\n'
    )
    code, out, err = run(runner, "portfolio", str(path), "-f", "jsonl")
    assert code == 1
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["A", "C"]
    assert f"{path}:2: process 2: not valid JSON" in err
    assert f"{path}:3: process 3: must be an object with a name" in err
    assert f"{path}:4: process 4: expertise has no option '3'" in err


def test_rows_are_read_lazily(criteria: Criteria) -> None:
    pulled = 0

    def rows() -> Iterator[RowInput]:
        nonlocal pulled
        for number in range(1, 1_000_000):
            pulled += 1
            yield RowInput(number, f"p{number}", None, {"expertise": "basic"})

    results = assess_rows(criteria, rows(), Settings(draws=10))
    first = next(results)
    assert first.assessment is not None and first.assessment.recommendation == "bpo"
    for _ in range(9):
        next(results)
    assert pulled == 10


def test_ctrl_c_leaves_no_half_written_output(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    with source.open("w") as stream:
        stream.write("name,process_type,expertise,complexity,codification,objective\n")
        types = ["customer_contact", "research_analytics", "back_office", "legal_ip"]
        levels = ["basic", "trained", "specialist"]
        for i in range(400_000):
            stream.write(f"p{i},{types[i % 4]},{levels[i % 3]},routine,partly,cost\n")
    target = tmp_path / "out.csv"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kpobpo", "portfolio", str(source), "-f", "csv", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".out.csv.*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(tmp_path.glob(".out.csv.*")), "the output was never started"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert not target.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_csv_records_are_copied_as_they_were(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(
        "name,expertise,complexity\r\n"
        '"Claims, north",basic,routine\r\n'
        "\r\n"
        ",,\r\n"
        '"Research\nteam ""A""",specialist,complex\r\n'
    )
    code, out, err = run(runner, "portfolio", str(path), "-f", "csv")
    assert code == 0, err
    lines = out.split("\n")
    assert lines[0].startswith("name,expertise,complexity,recommendation,")
    assert lines[1].startswith('"Claims, north",basic,routine,bpo,')
    assert lines[2].startswith('"Research')
    assert lines[3].startswith('team ""A""",specialist,complex,kpo,')
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["Claims, north", 'Research\nteam "A"']
