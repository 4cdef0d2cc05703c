"""Scale benchmark: does the time to validate and score grow linearly with the questions?

Generates a criteria file with N scored questions (three options each, two
models) and an answers file answering every one, then times each stage at
every size, each in a fresh child process with a time limit:

- `load`: reading and validating the criteria file (`load_criteria`);
- `answers`: reading and checking the answers file (`load_answers_file`);
- `score`: scoring without explanations (`Settings(explain=False)`);
- `explain`: the full assessment, with what-if and weight sensitivity;
- `assess`: the whole command, `kpobpo assess --answers FILE -f json`.

It prints CPU seconds per stage and size and the ratio between the largest
and the smallest size: linear growth gives about the ratio of the sizes
(10 for 1,000 and 10,000 questions). A stage over the time limit shows as
`>LIMIT`, and its ratio as a lower bound. On a shared machine, and once the
data outgrows the processor's caches, seconds stray from linear by half
again; so for the stages run in-process it also counts the Python function
calls (under cProfile, in another run), whose ratio is exact.

Usage: python bench/scale.py [--sizes 1000,10000] [--timeout 120] [--draws 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("load", "answers", "score", "explain", "assess")


def write_inputs(folder: Path, questions: int) -> tuple[Path, Path]:
    """A criteria file with `questions` scored questions, and answers to all of them."""
    lines = [
        'version: "1"',
        "scoring: {max_points: 10, borderline_margin: 5, high_margin: 20}",
        "models:",
        "  - {id: bpo, label: BPO, name: B, summary: s, billing_index: 1}",
        "  - {id: kpo, label: KPO, name: K, summary: s, billing_index: 2}",
        "questions:",
    ]
    for index in range(questions):
        lines += [
            f"  - id: q{index}",
            f"    prompt: Question {index}?",
            "    help: Why it matters.",
            f"    weight: {1 + index % 3}",
            "    options:",
        ]
        for option, (bpo, kpo) in enumerate(((10, 0), (6, 4), (0, 10))):
            lines.append(f"      - {{id: o{option}, label: L, points: {{bpo: {bpo}, kpo: {kpo}}}}}")
    lines += [
        "risks:",
        "  - {id: r1, model: bpo, title: T, description: D, mitigation: M,",
        "     elevated_by: [{question: q0, options: [o0]}]}",
        "dimensions:",
        "  - {id: d1, label: L, values: {bpo: a, kpo: b}}",
    ]
    criteria = folder / f"criteria-{questions}.yaml"
    criteria.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = folder / f"answers-{questions}.yaml"
    answers.write_text(
        "".join(f"q{index}: o{(index * 7) % 3}\n" for index in range(questions)), encoding="utf-8"
    )
    return criteria, answers


def child(stage: str, criteria_path: str, answers_path: str, draws: int, calls: bool) -> None:
    """Run one stage in this process; print its CPU seconds, or its function calls."""
    import cProfile
    import pstats
    from collections.abc import Callable

    from kpobpo.answers import definite, load_answers_file
    from kpobpo.load import load_criteria
    from kpobpo.model import Settings
    from kpobpo.score import score

    def timed(run: Callable[[], object]) -> None:
        if calls:
            profile = cProfile.Profile()
            profile.runcall(run)
            print(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
        else:
            started = time.process_time()
            run()
            print(time.process_time() - started)

    if stage == "load":
        timed(lambda: load_criteria(criteria_path))
        return
    criteria = load_criteria(criteria_path)
    if stage == "answers":
        timed(lambda: load_answers_file(criteria, Path(answers_path)))
        return
    answers = definite(load_answers_file(criteria, Path(answers_path)))
    settings = Settings(draws=draws, explain=stage == "explain")
    timed(lambda: score(criteria, answers, settings))


def measure(
    stage: str, criteria: Path, answers: Path, draws: int, timeout: float, *, calls: bool = False
) -> float | None:
    """CPU seconds (with `calls`: Python function calls) of one stage in a fresh process.

    None when it ran out of time. The `assess` stage counts the whole
    command (start-up included); the others only their own stage, as the
    child reports it.
    """
    if stage == "assess":
        command = [sys.executable, "-m", "kpobpo", "assess", "--criteria", str(criteria)]
        command += ["--answers", str(answers), "--draws", str(draws), "-f", "json"]
    else:
        command = [sys.executable, __file__, "--child", stage, str(criteria), str(answers)]
        command += ["--draws", str(draws), *(["--calls"] if calls else [])]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                return None
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
        if stage == "assess":
            return usage.ru_utime + usage.ru_stime
        out.seek(0)
        return float(out.read().decode().split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--draws", type=int, default=100)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "CRITERIA", "ANSWERS"))
    parser.add_argument("--calls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.draws, args.calls)
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    stages = args.stages.split(",")
    seconds: dict[str, list[float | None]] = {stage: [] for stage in stages}
    calls: dict[str, list[float | None]] = {stage: [] for stage in stages if stage != "assess"}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            criteria, answers = write_inputs(Path(folder), size)
            for stage in stages:
                spent = measure(stage, criteria, answers, args.draws, args.timeout)
                seconds[stage].append(spent)
                line = f"  {stage:8} {size:>7,} questions: {_cell(spent, args.timeout)}"
                if stage in calls:
                    count = measure(stage, criteria, answers, args.draws, args.timeout, calls=True)
                    calls[stage].append(count)
                    line += f", {_cell(count, args.timeout, unit='calls')}"
                print(line, file=sys.stderr)
    header = " | ".join(f"{size:,} questions" for size in sizes)
    linear = f"{sizes[-1] / sizes[0]:g}"
    print(f"| stage | {header} | ratio of seconds | ratio of calls (linear: {linear}) |")
    print("|---|" + "---|" * len(sizes) + "---|---|")
    for stage, times in seconds.items():
        cells = " | ".join(_cell(t, args.timeout) for t in times)
        counted = calls.get(stage)
        by_calls = _ratio(counted, args.timeout, unit="calls") if counted else "-"
        print(f"| {stage} | {cells} | {_ratio(times, args.timeout)} | {by_calls} |")
    return 0


def _cell(value: float | None, timeout: float, unit: str = "s") -> str:
    if value is None:
        return f">{timeout:g} s"
    return f"{value:.2f} s" if unit == "s" else f"{value:,.0f} calls"


def _ratio(values: list[float | None], timeout: float, unit: str = "s") -> str:
    """Last over first; for seconds, a lower bound when the last ran out of time."""
    first, last = values[0], values[-1]
    if first is None or (last is None and unit != "s"):
        return "?"
    if last is None:
        return f">{timeout / first:.0f}"
    return f"{last / first:.1f}"


if __name__ == "__main__":
    sys.exit(main())
