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
`>LIMIT`, and its ratio as a lower bound.

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


def child(stage: str, criteria_path: str, answers_path: str, draws: int) -> None:
    """Run one stage in this process and print its CPU seconds."""
    from kpobpo.answers import definite, load_answers_file
    from kpobpo.load import load_criteria
    from kpobpo.model import Settings
    from kpobpo.score import score

    started = time.process_time()
    criteria = load_criteria(criteria_path)
    if stage == "load":
        print(time.process_time() - started)
        return
    started = time.process_time()
    given = load_answers_file(criteria, Path(answers_path))
    if stage == "answers":
        print(time.process_time() - started)
        return
    answers = definite(given)
    settings = Settings(draws=draws, explain=stage == "explain")
    started = time.process_time()
    score(criteria, answers, settings)
    print(time.process_time() - started)


def measure(stage: str, criteria: Path, answers: Path, draws: int, timeout: float) -> float | None:
    """CPU seconds of one stage in a fresh process; None when it ran out of time.

    The `assess` stage counts the whole command (start-up included); the
    others count only their own stage, as the child reports it.
    """
    if stage == "assess":
        command = [sys.executable, "-m", "kpobpo", "assess", "--criteria", str(criteria)]
        command += ["--answers", str(answers), "--draws", str(draws), "-f", "json"]
    else:
        command = [sys.executable, __file__, "--child", stage, str(criteria), str(answers)]
        command += ["--draws", str(draws)]
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
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.draws)
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    stages = args.stages.split(",")
    results: dict[str, list[float | None]] = {stage: [] for stage in stages}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            criteria, answers = write_inputs(Path(folder), size)
            for stage in stages:
                seconds = measure(stage, criteria, answers, args.draws, args.timeout)
                results[stage].append(seconds)
                shown = f"{seconds:.2f} s" if seconds is not None else f">{args.timeout:g} s"
                print(f"  {stage:8} {size:>7,} questions: {shown}", file=sys.stderr)
    header = " | ".join(f"{size:,} questions" for size in sizes)
    print(f"| stage | {header} | ratio (linear: {sizes[-1] / sizes[0]:g}) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for stage, times in results.items():
        cells = [f"{t:.2f} s" if t is not None else f">{args.timeout:g} s" for t in times]
        first, last = times[0], times[-1]
        if first is None:
            ratio = "?"
        elif last is None:
            ratio = f">{args.timeout / first:.0f}"
        else:
            ratio = f"{last / first:.1f}"
        print(f"| {stage} | {' | '.join(cells)} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
