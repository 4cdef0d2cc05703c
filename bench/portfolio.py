"""Portfolio benchmark: `kpobpo portfolio --format csv` against plain CSV copying.

Generates a CSV of processes, then times, in the same run and interleaved:

- the floor: a Python script that reads the same CSV with the csv module and
  writes every row back out, and nothing else;
- `kpobpo portfolio FILE --format csv -o OUT`.

Times are CPU seconds (user + system, the operating system's accounting of
each finished process), as medians, and each ratio is the median of the
ratios of runs taken in turn (floor, kpobpo, floor, kpobpo, ...): on a
shared machine wall time mostly measures the neighbours. Wall seconds are
printed beside them. Targets: random rows within 3 times the floor,
catalogue-like rows within 2.

It also records the peak memory (max RSS) of kpobpo at 10,000 and 100,000
rows: streaming means the second should be within 10% of the first.

Rows are generated two ways, both reported:
- "catalogue": each row starts from one of the criteria file's service
  presets, with one or two answers changed at random (a realistic portfolio);
- "random": every answer drawn at random, blanks included (the worst case:
  almost every row is a different combination).

The .xlsx figures sit beside them: the same catalogue-like rows as a
workbook read in (`portfolio FILE.xlsx -f csv`), written out
(`portfolio FILE.csv -o OUT.xlsx`) and both, with their peak memory at
10,000 and 100,000 rows (streaming: the two should be close), against an
openpyxl floor that only reads the workbook (read-only) and only writes one
(write-only).

Usage: python bench/portfolio.py [--rows N] [--runs K] [--xlsx-rows N] [--no-xlsx | --xlsx-only]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    writer = csv.writer(dst, lineterminator="\\n")
    for row in csv.reader(src):
        writer.writerow(row)
"""


def _criteria() -> object:
    from kpobpo.load import load_criteria, shipped_criteria_path

    return load_criteria(shipped_criteria_path())


def generate(path: Path, rows: int, mode: str, seed: int = 1) -> None:
    """Write `rows` processes to `path`."""
    criteria = _criteria()
    rng = random.Random(seed)
    questions = list(criteria.questions)  # type: ignore[attr-defined]
    services = list(criteria.services)  # type: ignore[attr-defined]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["name", *(q.id for q in questions)])
        for index in range(rows):
            if mode == "catalogue":
                answers = dict(rng.choice(services).answers)
                for question in rng.sample(questions, rng.randint(1, 2)):
                    answers[question.id] = rng.choice(question.options).id
            else:
                answers = {}
                for question in questions:
                    choice = rng.choice([None, *question.options])
                    if choice is not None:
                        answers[question.id] = choice.id
                answers.setdefault("expertise", rng.choice(["basic", "specialist"]))
            writer.writerow([f"process {index}", *(answers.get(q.id, "") for q in questions)])


class Run(NamedTuple):
    """One finished run: wall and CPU seconds, peak RSS in KiB."""

    wall: float
    cpu: float
    peak: int


def run(command: list[str]) -> Run:
    """Run `command` once, its output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{command} failed ({code}): {process.stderr.read().decode()[-500:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def paired(floor: list[str] | None, ours: list[str], runs: int) -> str:
    """Run floor and ours in turn `runs` times; their figures as one line of the table."""
    floors: list[Run] = []
    mine: list[Run] = []
    for _ in range(runs):
        if floor is not None:
            floors.append(run(floor))
        mine.append(run(ours))
    cpu = statistics.median(r.cpu for r in mine)
    wall = statistics.median(r.wall for r in mine)
    peak = max(r.peak for r in mine) / 1024
    if not floors:
        return f"{'':>8} {cpu:8.3f} {'':>6} {wall:7.2f} {'':>7} {peak:9.1f}"
    floor_cpu = statistics.median(r.cpu for r in floors)
    ratio = statistics.median(m.cpu / f.cpu for m, f in zip(mine, floors, strict=True))
    wall_ratio = statistics.median(m.wall / f.wall for m, f in zip(mine, floors, strict=True))
    return f"{floor_cpu:8.3f} {cpu:8.3f} {ratio:6.2f} {wall:7.2f} {wall_ratio:7.2f} {peak:9.1f}"


HEADER = (
    f"{'case':10} {'floor s':>8} {'ours s':>8} {'ratio':>6} {'wall s':>7} {'wall x':>7} "
    f"{'peak MiB':>9}"
)


XLSX_READ_FLOOR = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
for row in book.worksheets[0].iter_rows(values_only=True):
    pass
"""

XLSX_WRITE_FLOOR = """
import csv, sys
from openpyxl import Workbook
book = Workbook(write_only=True)
sheet = book.create_sheet("Processes")
with open(sys.argv[1], newline="", encoding="utf-8") as src:
    for row in csv.reader(src):
        sheet.append(row)
book.save(sys.argv[2])
"""


def to_workbook(source: Path, target: Path) -> None:
    """The CSV `source` as a workbook, as a user's inventory would be."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Processes")
    with source.open(newline="", encoding="utf-8") as stream:
        for row in csv.reader(stream):
            sheet.append(row)
    book.save(target)


def bench_xlsx(work: Path, rows: int, runs: int) -> None:
    """Time and peak memory of .xlsx in, out and both, beside their openpyxl floors."""
    data, book = work / "xlsx.csv", work / "xlsx.xlsx"
    generate(data, rows, "catalogue")
    to_workbook(data, book)
    read_floor, write_floor = work / "read_floor.py", work / "write_floor.py"
    read_floor.write_text(XLSX_READ_FLOOR)
    write_floor.write_text(XLSX_WRITE_FLOOR)
    out_csv, out_book = work / "out.csv", work / "out.xlsx"
    cases = {
        "xlsx in": (
            [sys.executable, str(read_floor), str(book)],
            [*kpobpo(), "portfolio", str(book), "-f", "csv", "-o", str(out_csv)],
        ),
        "xlsx out": (
            [sys.executable, str(write_floor), str(data), str(out_book)],
            [*kpobpo(), "portfolio", str(data), "-o", str(out_book)],
        ),
        "xlsx both": (
            None,
            [*kpobpo(), "portfolio", str(book), "-o", str(out_book)],
        ),
    }
    print(f"\n.xlsx, {rows:,} catalogue rows, median of {runs} runs (CPU seconds)")
    print(HEADER)
    for name, (floor_command, command) in cases.items():
        print(f"{name:10} {paired(floor_command, command, runs)}")
    small_csv, small_book = work / "small_x.csv", work / "small_x.xlsx"
    generate(small_csv, 10_000, "catalogue")
    to_workbook(small_csv, small_book)
    peak_small = run([*kpobpo(), "portfolio", str(small_book), "-o", str(out_book)]).peak
    peak_large = run([*kpobpo(), "portfolio", str(book), "-o", str(out_book)]).peak
    print(
        f"xlsx peak memory (in and out): {peak_small / 1024:.1f} MiB at 10,000 rows, "
        f"{peak_large / 1024:.1f} MiB at {rows:,} rows ({peak_large / peak_small - 1:+.1%})"
    )


def kpobpo() -> list[str]:
    script = Path(sys.executable).with_name("kpobpo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpobpo"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xlsx-rows", type=int, default=None, help="rows of the .xlsx cases")
    parser.add_argument("--no-xlsx", action="store_true", help="skip the .xlsx figures")
    parser.add_argument("--xlsx-only", action="store_true", help="only the .xlsx figures")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kpobpo-bench-"))
    xlsx_rows = args.xlsx_rows or args.rows
    if args.xlsx_only:
        bench_xlsx(work, xlsx_rows, args.runs)
        return 0
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    print(f"{args.rows:,} rows, median of {args.runs} runs, python {sys.version.split()[0]}")
    print("CPU seconds; ratio: kpobpo's over the floor's, run by run")
    print(HEADER)
    failed = False
    targets = {"catalogue": 2.0, "random": 3.0}
    for mode, target in targets.items():
        data = work / f"{mode}.csv"
        generate(data, args.rows, mode)
        out = work / "out.csv"
        line = paired(
            [sys.executable, str(floor_script), str(data), str(out)],
            [*kpobpo(), "portfolio", str(data), "-f", "csv", "-o", str(out)],
            args.runs,
        )
        ratio = float(line.split()[2])
        verdict = f"target {target}" if ratio <= target else f"OVER target {target}"
        print(f"{mode:10} {line}  ({verdict})")
        failed |= ratio > target
    # Memory: 10,000 against 100,000 rows, random answers (the most distinct results).
    small, large = work / "small.csv", work / "large.csv"
    generate(small, 10_000, "random")
    generate(large, 100_000, "random")
    out = work / "out.csv"
    peak_small = max(
        run([*kpobpo(), "portfolio", str(small), "-f", "csv", "-o", str(out)]).peak
        for _ in range(2)
    )
    peak_large = max(
        run([*kpobpo(), "portfolio", str(large), "-f", "csv", "-o", str(out)]).peak
        for _ in range(2)
    )
    growth = peak_large / peak_small - 1
    print(
        f"peak memory: {peak_small / 1024:.1f} MiB at 10,000 rows, "
        f"{peak_large / 1024:.1f} MiB at 100,000 rows ({growth:+.1%}, target within 10%)"
    )
    failed |= growth > 0.10
    if not args.no_xlsx:
        bench_xlsx(work, xlsx_rows, args.runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
