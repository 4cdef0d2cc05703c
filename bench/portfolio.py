"""Portfolio benchmark: `kpobpo portfolio --format csv` against plain CSV copying.

Generates a CSV of processes, then times, in the same run and interleaved:

- the floor: a Python script that reads the same CSV with the csv module and
  writes every row back out, and nothing else;
- `kpobpo portfolio FILE --format csv -o OUT`.

It also records the peak memory (max RSS) of kpobpo at 10,000 and 100,000
rows: streaming means the second should be within 10% of the first.

Rows are generated two ways, both reported:
- "catalogue": each row starts from one of the criteria file's service
  presets, with one or two answers changed at random (a realistic portfolio);
- "random": every answer drawn at random, blanks included (the worst case:
  almost every row is a different combination).

Usage: python bench/portfolio.py [--rows N] [--runs K]
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


def run(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{command} failed ({code}): {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss


def kpobpo() -> list[str]:
    script = Path(sys.executable).with_name("kpobpo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpobpo"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kpobpo-bench-"))
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    print(f"{args.rows:,} rows, median of {args.runs} runs, python {sys.version.split()[0]}")
    print(f"{'rows':10} {'floor s':>8} {'kpobpo s':>9} {'ratio':>6} {'peak MiB':>9}")
    failed = False
    for mode in ("catalogue", "random"):
        data = work / f"{mode}.csv"
        generate(data, args.rows, mode)
        out = work / "out.csv"
        floor_times, our_times, peaks = [], [], []
        for _ in range(args.runs):
            floor_times.append(run([sys.executable, str(floor_script), str(data), str(out)])[0])
            elapsed, peak = run([*kpobpo(), "portfolio", str(data), "-f", "csv", "-o", str(out)])
            our_times.append(elapsed)
            peaks.append(peak)
        floor, ours = statistics.median(floor_times), statistics.median(our_times)
        ratio = ours / floor
        print(
            f"{mode:10} {floor:8.3f} {ours:9.3f} {ratio:6.2f} {max(peaks) / 1024:9.1f}"
            f"{'  (target 2.0)' if ratio <= 2 else '  OVER target 2.0'}"
        )
        failed |= mode == "catalogue" and ratio > 2
    # Memory: 10,000 against 100,000 rows, random answers (the cache is the most full).
    small, large = work / "small.csv", work / "large.csv"
    generate(small, 10_000, "random")
    generate(large, 100_000, "random")
    out = work / "out.csv"
    peak_small = max(
        run([*kpobpo(), "portfolio", str(small), "-f", "csv", "-o", str(out)])[1] for _ in range(2)
    )
    peak_large = max(
        run([*kpobpo(), "portfolio", str(large), "-f", "csv", "-o", str(out)])[1] for _ in range(2)
    )
    growth = peak_large / peak_small - 1
    print(
        f"peak memory: {peak_small / 1024:.1f} MiB at 10,000 rows, "
        f"{peak_large / 1024:.1f} MiB at 100,000 rows ({growth:+.1%}, target within 10%)"
    )
    failed |= growth > 0.10
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
