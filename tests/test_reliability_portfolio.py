"""Portfolio reliability: no row is lost in silence, whatever is wrong with the others.

Each case runs the real command line (`python -m kpobpo portfolio ...`) the way
a user or a script meets it, and asserts what they would notice: every good
row is in the output (by name), stderr names the file, the line and the
process and the field, the exit code, and no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import CRITERIA
from kpobpo.errors import KpobpoError, Problem
from kpobpo.model import Settings
from kpobpo.portfolio import CELL_LIMIT, LINE_LIMIT, Reader, assess_rows

HEADER = "name,expertise,complexity\n"
FAST = Settings(draws=20)


def portfolio(*args: str | Path, cwd: Path) -> tuple[int, str, str]:
    """Run `kpobpo portfolio ARGS` in a fresh interpreter: (exit code, stdout, stderr)."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("KPOBPO_CRITERIA", None)
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "portfolio", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    out, err = done.stdout.decode(), done.stderr.decode()  # as written: \r stays \r
    assert "Traceback" not in err, err
    return done.returncode, out, err


def csv_names(out: str) -> list[str]:
    """The `name` column of a CSV output."""
    csv.field_size_limit(CELL_LIMIT)
    return [row["name"] for row in csv.DictReader(io.StringIO(out))]


def jsonl_names(out: str) -> list[str]:
    """The names of the assessed processes in a JSON Lines output."""
    return [json.loads(line)["name"] for line in out.splitlines()]


def json_data(out: str) -> dict[str, object]:
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


# -- CSV: stray quotes, ragged rows, huge cells, duplicate columns ---------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_unclosed_quote_costs_one_row_not_the_rest(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "p.csv"
    lines = [f"Good {i},basic,routine\n" for i in range(1, 40)]
    lines.insert(3, 'Broken,"specialist,complex\n')  # line 5: the quote is never closed
    path.write_text(HEADER + "".join(lines))
    code, out, err = portfolio(path, "-f", fmt, cwd=tmp_path)
    assert code == 1
    names = csv_names(out) if fmt == "csv" else jsonl_names(out)
    assert [n for n in names if n.startswith("Good")] == [f"Good {i}" for i in range(1, 40)]
    assert f"{path}:5: process 4: a stray or unclosed quote" in err
    assert "runs on to line 41" in err and "lines 6-41 are read again" in err
    assert err.count(str(path)) == 1  # one bad row, one message


def test_a_quote_in_the_last_column_swallowing_rows_is_found(tmp_path: Path) -> None:
    # The swallowed cell is the last one, so the record even has the right cell count.
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + 'First,basic,"routine\n'
        + "Second,trained,moderate\n"
        + "Third,specialist,complex\n"
        + 'Fourth,basic,routine"\n'
        + "Fifth,basic,routine\n"
    )
    code, out, err = portfolio(path, "-f", "csv", cwd=tmp_path)
    assert code == 1
    names = csv_names(out)
    assert {"Second", "Third", "Fifth"} <= set(names)
    assert names[0] == "First"  # the bad row is kept in the output, with its error
    assert f"{path}:2: process 1: a stray or unclosed quote" in err
    summary = csv.DictReader(io.StringIO(out))
    errors = {row["name"]: row["error"] for row in summary}
    assert "stray or unclosed quote" in errors["First"] and errors["Second"] == ""


def test_the_csv_copy_of_a_bad_row_stays_a_valid_table(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + 'A,"basic,routine\nB,basic,routine\nC,"trained"x,routine\n')
    code, out, _ = portfolio(path, "-f", "csv", cwd=tmp_path)
    assert code == 1
    rows = list(csv.reader(io.StringIO(out)))
    assert len({len(row) for row in rows}) == 1  # every record has the header's width
    assert [row[0] for row in rows[1:]] == ["A", "B", "C"]


def test_ragged_rows_are_bad_rows_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "Long,basic,routine,extra\n"
        + "Short,basic\n"
        + "Fine,basic,routine\n"
        + '"Two\nlines",basic,routine,extra\n'
        + "Last,trained,moderate\n"
    )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["Fine", "Last"]
    assert f"{path}:2: process 1: has 4 cells, the header 3" in err
    assert f"{path}:3: process 2: has 2 cells, the header 3" in err
    assert f"{path}:5: process 4: has 4 cells, the header 3 (it runs over lines 5-6" in err


def test_a_cell_over_the_limit_fails_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    huge = "x" * (CELL_LIMIT + 10)
    path.write_text(
        HEADER + "Before,basic,routine\n" + f"Huge,{huge},routine\n" + "After,trained,moderate\n"
    )
    target = tmp_path / "out.jsonl"
    code, out, err = portfolio(path, "-f", "jsonl", "-o", target, cwd=tmp_path)
    assert code == 1 and out == ""
    assert jsonl_names(target.read_text()) == ["Before", "After"]
    assert f"{path}:3: process 2: not valid CSV: a cell longer than {CELL_LIMIT:,}" in err


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_an_endless_line_fails_its_row_only(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    endless = "y" * (LINE_LIMIT * 2 + 7)
    if suffix == ".csv":
        path.write_text(HEADER + "Before,basic,routine\n" + endless + "\nAfter,trained,moderate\n")
    else:
        path.write_text(
            '{"name": "Before", "expertise": "basic"}\n'
            + endless
            + '\n{"name": "After", "expertise": "trained"}\n'
        )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["Before", "After"]
    line = 3 if suffix == ".csv" else 2
    assert f"{path}:{line}: process 2:" in err and f"longer than {LINE_LIMIT:,} characters" in err


def test_a_long_cell_under_the_limit_is_fine(tmp_path: Path) -> None:
    # Python's csv module stops at 128 KiB by default; free text can be longer.
    path = tmp_path / "p.csv"
    note = "n" * 200_000
    path.write_text("name,expertise,note\n" + f'Long,basic,"{note}"\nShort,trained,\n')
    code, out, err = portfolio(path, "-f", "csv", cwd=tmp_path)
    assert "process 1" not in err and "process 2" not in err  # no bad row
    assert csv_names(out) == ["Long", "Short"]
    assert code == 0 and err == ""  # 'note' is an inventory column, carried through


def test_duplicate_columns_are_reported_and_conflicting_rows_fail(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "name,expertise,complexity,Expertise\n"
        "Agree,basic,routine,basic\n"
        "One given,,routine,trained\n"
        "Disagree,basic,routine,specialist\n"
    )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert f"{path}:1: 'expertise' (column 2) and 'Expertise' (column 4) both give expertise" in err
    rows = {row["name"]: row for row in map(json.loads, out.splitlines())}
    assert set(rows) == {"Agree", "One given"}
    assert rows["One given"]["answers"]["expertise"] == "trained"  # the given one, not blank
    assert f"{path}:4: process 3: expertise is given twice: 'basic'" in err
    assert "'specialist' ('Expertise', column 4)" in err


def test_a_carriage_return_in_a_name_stays_inside_its_csv_cell(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps({"name": "Two\rparts", "expertise": "basic"})
        + "\n"
        + json.dumps({"name": "Next", "expertise": "trained"})
        + "\n"
    )
    code, out, err = portfolio(path, "-f", "csv", cwd=tmp_path)
    assert code == 0, err
    assert csv_names(out) == ["Two\rparts", "Next"]


# -- JSON, JSON Lines and YAML lists ---------------------------------------------


def test_a_duplicate_key_or_a_tag_in_yaml_fails_that_row_only(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "- name: Alpha\n  expertise: basic\n"
        "- name: Twice\n  expertise: basic\n  expertise: trained\n"
        "- name: Tagged\n  expertise: !!python/object:os.system x\n"
        "- name: Omega\n  answers:\n    complexity: complex\n"
    )
    target = tmp_path / "out.csv"
    code, _, err = portfolio(path, "-f", "csv", "-o", target, cwd=tmp_path)
    assert code == 1
    assert csv_names(target.read_text()) == ["Alpha", "Twice", "Tagged", "Omega"]
    errors = {r["name"]: r["error"] for r in csv.DictReader(io.StringIO(target.read_text()))}
    assert errors["Alpha"] == "" and errors["Omega"] == ""
    assert f"{path}:3: process 2: expertise: appears twice in this mapping (line 5" in err
    assert f"{path}:6: process 3: expertise: the tag" in err and "(line 7" in err


def test_compact_json_names_each_bad_row_by_its_number(tmp_path: Path) -> None:
    items = [
        {"name": "A", "expertise": "basic"},
        {"name": "B", "expertise": "guru"},
        {"name": "C", "expertise": ["trained"]},
        {"name": "D", "complexity": "complex"},
    ]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(items))  # all on line 1
    code, out, err = portfolio(path, "-f", "json", cwd=tmp_path)
    assert code == 1
    data = json_data(out)
    assert [p["name"] for p in data["processes"]] == ["A", "D"]  # type: ignore[index]
    assert f"{path}:1: process 2: expertise has no option 'guru'" in err
    assert f"{path}:1: process 3: expertise: must be an option id, not a list" in err
    assert data["summary"]["failed"] == 2  # type: ignore[index]


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".yaml"])
@pytest.mark.parametrize("value", [["trained"], {"level": "trained"}])
def test_a_list_or_mapping_where_an_answer_belongs_is_a_row_error(
    tmp_path: Path, suffix: str, value: object
) -> None:
    items = [
        {"name": "Before", "expertise": "basic"},
        {"name": "Odd", "answers": {"expertise": value}},
        {"name": "After", "expertise": "specialist"},
    ]
    path = tmp_path / f"p{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(item) + "\n" for item in items))
    else:
        path.write_text(json.dumps(items, indent=2))
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["Before", "After"]
    kind = "a list" if isinstance(value, list) else "a mapping"
    assert f"process 2: answers.expertise: must be an option id, not {kind}" in err
    assert str(path) in err


def test_a_key_written_twice_in_json_fails_its_row(tmp_path: Path) -> None:
    # A leading tab makes YAML refuse the file; it is read as JSON, and the duplicate still counts.
    path = tmp_path / "p.json"
    path.write_text(
        '\t[\n{"name": "A", "expertise": "basic"},\n'
        '{"name": "B", "expertise": "basic", "expertise": "trained"},\n'
        '{"name": "C", "complexity": "complex"}\n]\n'
    )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["A", "C"]
    assert "process 2: expertise: appears twice in this object" in err and str(path) in err


def test_answers_repeating_a_top_level_field_differently_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"name": "Same", "expertise": "basic", "answers": {"expertise": "Basic"}}\n'
        '{"name": "Differ", "expertise": "basic", "answers": {"expertise": "trained"}}\n'
        '{"name": "Case", "Expertise": "basic", "expertise": "trained"}\n'
    )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["Same"]
    assert (
        f"{path}:2: process 2: expertise is given twice, as 'basic' (expertise) "
        "and as 'trained' (answers.expertise)" in err
    )
    assert f"{path}:3: process 3: expertise is given twice" in err


def test_a_json_lines_row_nested_thousands_deep_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    deep = '{"name": "Deep", "expertise": ' + "[" * 5000 + "]" * 5000 + "}"
    path.write_text(
        json.dumps({"name": "Shallow", "expertise": "basic"})
        + "\n"
        + deep
        + "\n"
        + json.dumps({"name": "Also", "expertise": "trained"})
        + "\n"
    )
    code, out, err = portfolio(path, "-f", "jsonl", cwd=tmp_path)
    assert code == 1
    assert jsonl_names(out) == ["Shallow", "Also"]
    assert f"{path}:2: process 2: not valid JSON: nested more than" in err
    assert len(err) < 2000


# -- --strict and the summary ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table"])
def test_strict_writes_nothing_to_stdout_when_a_later_row_is_bad(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + "".join(f"Good {i},basic,routine\n" for i in range(50)) + "Bad,guru,routine\n"
    )
    code, out, err = portfolio(path, "-f", fmt, "--strict", cwd=tmp_path)
    assert code == 1
    assert out == ""
    assert f"{path}:52: process 51: expertise has no option 'guru'" in err


def test_strict_writes_everything_when_every_row_is_good(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "".join(f"Good {i},basic,routine\n" for i in range(50)))
    code, out, err = portfolio(path, "-f", "csv", "--strict", cwd=tmp_path)
    assert code == 0, err
    assert csv_names(out) == [f"Good {i}" for i in range(50)]


def test_strict_with_output_file_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("- name: A\n  expertise: basic\n- name: B\n  expertise: [x]\n")
    target = tmp_path / "out.json"
    code, out, err = portfolio(path, "-f", "json", "-o", target, "--strict", cwd=tmp_path)
    assert code == 1 and out == ""
    assert not target.exists()
    assert list(tmp_path.glob(".out.json*")) == []
    assert f"{path}:3: process 2: expertise: must be an option id, not a list" in err


def test_the_summary_counts_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "A,basic,routine\n"
        + 'B,"basic,routine\n'  # stray quote
        + "C,basic,routine,x\n"  # ragged
        + "D,trained,moderate\n"
    )
    code, out, _ = portfolio(path, "-f", "json", cwd=tmp_path)
    assert code == 1
    summary = json_data(out)["summary"]
    assert summary == {**summary, "rows": 4, "assessed": 2, "failed": 2}  # type: ignore[dict-item]


# -- property tests: any input, every good row out, every record accounted for ---


def _reader(text: str, fmt: str, problems: list[Problem]) -> Reader:
    # newline="" as the command opens its input: \r, \n and \r\n all end lines.
    return Reader(CRITERIA, io.StringIO(text, newline=""), f"p.{fmt}", fmt, problems.append)


LEVELS = st.sampled_from(["basic", "trained", "specialist", "Basic", ""])
junk_lines = st.text(alphabet='ab ,"\r', max_size=16)


@st.composite
def csv_portfolios(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A CSV whose good rows are named good-N, mixed with lines of random quotes and commas."""
    lines, good = [], []
    for index in range(draw(st.integers(0, 10))):
        if draw(st.booleans()):
            good.append(f"good-{index}")
            lines.append(f"good-{index},{draw(LEVELS)},{draw(st.sampled_from(['routine', '']))}")
        else:
            lines.append(draw(junk_lines))
    end = draw(st.sampled_from(["", "\n", "\r\n"]))
    return "name,expertise,complexity\n" + "\n".join(lines) + end, good


def _records(text: str, block: int) -> tuple[list[tuple[int, int, list[str], str | None]], str]:
    """The records of a CSV read in blocks of `block` characters, and the problems said."""
    import kpobpo.portfolio

    problems: list[Problem] = []
    saved = kpobpo.portfolio.BLOCK
    kpobpo.portfolio.BLOCK = block
    try:
        reader = _reader(text, "csv", problems)
        reader.csv_layout()
        found = [(r.start, r.end, r.values, r.error) for r in reader.csv_records()]
    finally:
        kpobpo.portfolio.BLOCK = saved
    return found, "\n".join(map(str, problems))


line_endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def mixed_csv(draw: st.DrawFn) -> str:
    """CSV with usual lines among blank, ragged, quoted and broken ones, any line endings."""
    usual = st.builds(
        "{},{},{}".format, st.sampled_from(["a", "b c", ""]), LEVELS, st.sampled_from(["x", ""])
    )
    text = "name,expertise,complexity" + draw(line_endings)
    for _ in range(draw(st.integers(0, 14))):
        text += draw(st.one_of(usual, usual, junk_lines)) + draw(line_endings)
    return text[: len(text) - draw(st.integers(0, 2))]


@settings(max_examples=150, deadline=None)
@given(mixed_csv(), st.sampled_from([1, 2, 3, 5, 8, 13, 64]))
@example("name,expertise,complexity\n\r\r\na\n", 1)  # a block ending in "\r" twice
def test_reading_in_blocks_changes_nothing(text: str, block: int) -> None:
    # Blocks cut lines, and "\r\n", at every place; a block of usual lines is
    # split at once, any other read a line at a time: the records and the
    # problems must be those of a block holding the whole input.
    assert _records(text, block) == _records(text, 1 << 20)


def test_no_line_of_a_block_can_be_longer_than_a_cell() -> None:
    # A block of usual lines is split without the parser's cell limit: its
    # lines (with a partial line carried over) must stay within it.
    from kpobpo.portfolio import BLOCK

    assert 2 * BLOCK + 1 <= CELL_LIMIT


def test_a_run_of_carriage_returns_is_read_a_block_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Blank lines of old Mac files: the reader must not read the whole run
    # ahead (one "\r" at a time, in time the square of its length) to know
    # whether a block's last "\r" starts a "\r\n".
    import kpobpo.portfolio

    monkeypatch.setattr(kpobpo.portfolio, "BLOCK", 64)
    text = "name,expertise,complexity\ra,basic,routine\r" + "\r" * 5000 + "\nb,basic,\r\n"
    stream = io.StringIO(text, newline="")
    problems: list[Problem] = []
    reader = Reader(CRITERIA, stream, "p.csv", "csv", problems.append)
    reader.csv_layout()
    records = reader.csv_records()
    first = next(records)
    assert (first.start, first.values) == (2, ["a", "basic", "routine"])
    assert stream.tell() < 1000  # a block and a line ahead, not the run
    second = next(records)
    assert (second.start, second.values) == (5003, ["b", "basic", ""])  # "\r\n" one ending
    assert next(records, None) is None
    assert problems == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        # No line break in a cell: a quoted one whose next line looks like a
        # row is taken for a stray quote on purpose (see the test above).
        st.lists(st.text(alphabet='ab ,";', max_size=6), min_size=3, max_size=3),
        max_size=12,
    ),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from([2, 7, 64, 1 << 17]),
)
def test_well_formed_csv_reads_as_the_csv_module_reads_it(
    rows: list[list[str]], ending: str, block: int
) -> None:
    stream = io.StringIO(newline="")
    out = csv.writer(stream, lineterminator=ending)
    out.writerow(["name", "expertise", "complexity"])
    out.writerows(rows)
    text = stream.getvalue()
    expected = []
    parsed = csv.reader(io.StringIO(text, newline=""))
    next(parsed)
    start = 2
    for values in parsed:
        if any(values):
            expected.append((start, parsed.line_num, values, None))
        start = parsed.line_num + 1
    assert _records(text, block) == (expected, "")


@settings(max_examples=150, deadline=None)
@given(csv_portfolios())
def test_any_csv_keeps_every_good_row_and_accounts_for_every_line(
    portfolio_text: tuple[str, list[str]],
) -> None:
    text, good = portfolio_text
    problems: list[Problem] = []
    reader = _reader(text, "csv", problems)
    layout = reader.csv_layout()
    records = list(reader.csv_records())
    # Records follow each other without overlapping; a line in none is a blank record.
    lines = io.StringIO(text, newline="").readlines()
    covered: set[int] = set()
    last = 1
    for record in records:
        assert last < record.start <= record.end
        covered.update(range(record.start, record.end + 1))
        last = record.end
    for number, line in enumerate(lines[1:], start=2):
        assert number in covered or set(line) <= set(',"\r\n'), (number, line)
    # Every good row is a record of its own and is assessed.
    rows = [reader.row_from_csv(layout, record) for record in records]
    results = list(assess_rows(CRITERIA, rows, FAST))
    assessed = [r.name for r in results if r.assessment is not None]
    for name in good:
        assert name in assessed or any(r.name == name and r.error for r in results)
        assert [r.name for r in results].count(name) == 1
    for result in results:
        assert (result.assessment is None) != (result.error is None)
        if result.name.startswith("good-") and result.error is not None:
            assert "no scored question is answered" in result.error  # only for want of answers


@settings(max_examples=100, deadline=None)
@given(csv_portfolios())
def test_any_csv_copy_is_a_table_with_one_row_per_record(
    portfolio_text: tuple[str, list[str]],
) -> None:
    from kpobpo.portfolio import Assessor, Summary, copy_csv
    from kpobpo.render.portfolio import CsvWriter

    text, good = portfolio_text
    problems: list[Problem] = []
    reported: list[int] = []
    out = io.StringIO()
    writer = CsvWriter(CRITERIA, io.StringIO(), ["-"], header=False)
    summary = Summary(CRITERIA)
    copy_csv(
        _reader(text, "csv", problems),
        Assessor(CRITERIA, FAST),
        summary,
        writer,
        out,
        lambda number, line, error: reported.append(number),
    )
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline=""), strict=True))
    assert len(rows) == 1 + summary.rows
    assert summary.failed == len(reported)
    assert reported == sorted(set(reported))
    names = [row[0] for row in rows[1:]]
    assert all(names.count(name) == 1 for name in good)


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet="ab -", max_size=6),
    st.sampled_from(["basic", "specialist", "routine", "equity research"]),
)
json_junk = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["name", "expertise", "answers", "service", "complexity", "x"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=8,
)
RAW_JUNK = [
    '{"name": "dup", "expertise": "basic", "expertise": "trained"}',
    '{"name": "tag", "expertise": !!binary aGk=}',
    '{"name": "deep", "expertise": ' + "[" * 300 + "]" * 300 + "}",
]


@st.composite
def document_portfolios(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Items as JSON text: good ones named good-N, and random or hostile junk."""
    items, good = [], []
    for index in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["good", "junk", "raw"]))
        if kind == "good":
            good.append(f"good-{index}")
            answers = {"expertise": draw(st.sampled_from(["basic", "Specialist"]))}
            if draw(st.booleans()):
                items.append(json.dumps({"name": f"good-{index}", **answers}))
            else:
                items.append(json.dumps({"name": f"good-{index}", "answers": answers}))
        elif kind == "junk":
            items.append(json.dumps(draw(json_junk)))
        else:
            items.append(draw(st.sampled_from(RAW_JUNK)))
    return items, good


@settings(max_examples=120, deadline=None)
@given(document_portfolios(), st.sampled_from(["json", "jsonl", "yaml"]))
def test_any_list_keeps_every_good_item_and_counts_every_item(
    portfolio_items: tuple[list[str], list[str]], fmt: str
) -> None:
    items, good = portfolio_items
    if fmt == "jsonl":
        text = "".join(item + "\n" for item in items)
    elif fmt == "json":
        text = "[" + ", ".join(items) + "]"
    else:  # YAML block list of flow items
        text = "".join(f"- {item}\n" for item in items) or "[]\n"
    problems: list[Problem] = []
    try:
        results = list(assess_rows(CRITERIA, _reader(text, fmt, problems).rows(), FAST))
    except KpobpoError as exc:
        # The whole file fails only when it is not a list at all, or when an item
        # nests deeper than the limit, which refuses the whole document at its place.
        too_deep = RAW_JUNK[2] in items and "nested more than" in str(exc)
        assert fmt != "jsonl" and (not good or too_deep), exc
        return
    assert len(results) == len(items)
    assessed = {r.name for r in results if r.assessment is not None}
    assert set(good) <= assessed
    for result in results:
        assert (result.assessment is None) != (result.error is None)


def test_a_huge_cell_or_column_name_is_quoted_short_in_its_message(tmp_path: Path) -> None:
    """A bad value of 100 KB is named by its start and its length, not printed whole."""
    huge = "x" * 100_000
    sheet = tmp_path / "rows.csv"
    sheet.write_text(
        f"name,expertise,{huge}\nA,trained,1\nB,{huge},1\nC,specialist,1\n", encoding="utf-8"
    )
    code, out, err = portfolio(sheet, "-f", "csv", cwd=tmp_path)
    assert code == 1
    assert "Traceback" not in err
    assert csv_names(out) == ["A", "B", "C"]
    assert "rows.csv:1:" not in err  # a column that is no question is carried, not reported
    assert "rows.csv:3: process 2: expertise has no option 'xxx" in err
    assert len(err) < 2000, "each message quotes the value short"
