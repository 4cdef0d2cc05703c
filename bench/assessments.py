"""Assessment benchmark: the CPU time of assessing each distinct set of scored answers once.

`kpobpo portfolio FILE.csv -f csv` assesses every distinct set of scored
answers once (`Scorer.headline`: scores, robustness trials, confidence and
verdict) and reuses the result for every row that shares it. With every
answer drawn at random (bench/portfolio.py's "random" rows) that is every
combination of the scored questions' options and blanks, with expertise
always set: 1,920 sets for the shipped criteria, which took about a third
of the CPU time of bench/portfolio.py's 100,000 random rows when this
script was written.
They are taken in a shuffled (seeded) order, as random rows bring them: the
robustness trials share partial sums between sets met one after another.

This script times exactly that: a fresh `Scorer` with the settings the CSV
path uses (`explain=False`) calling `headline` once on each set. Each run is
a fresh process, so the module-level caches (kernel, random weight factors,
counts of wins) start empty every time, as they do in a real run; loading
the criteria is not timed. Beside it, in the same runs, the floor: the
scores alone (`Kernel.standing`) for the same sets, the least any
assessment must do.

Times are CPU seconds (time.process_time in the child), medians of the runs.
On a shared machine they swing by half from run to run: for a before/after,
`--against DIR` also times the kpobpo package under DIR (an older checkout's
src/, say from `git archive REV src data | tar -x -C DIR/..`), interleaved
with this one, run for run.

Usage: python bench/assessments.py [--runs K] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

CHILD = """
import itertools, random, sys, time
import kpobpo
from kpobpo.kernel import kernel_of
from kpobpo.load import load_criteria, shipped_criteria_path
from kpobpo.model import Settings
from kpobpo.score import Scorer

criteria = load_criteria(shipped_criteria_path())
scored = [q for q in criteria.questions if q.scored]
choices = [
    [o.id for o in q.options] + ([] if q.id == "expertise" else [None]) for q in scored
]
sets = list(itertools.product(*choices))
random.Random(1).shuffle(sets)  # in no useful order, as random rows come
started = time.process_time()
if sys.argv[1] == "floor":
    kernel = kernel_of(criteria)
    names = [q.id for q in scored]
    for answers in sets:
        kernel.standing({q: o for q, o in zip(names, answers) if o is not None})
else:
    scorer = Scorer(criteria, Settings()._replace(explain=False))
    for answers in sets:
        scorer.headline(answers)
print(len(sets), time.process_time() - started, kpobpo.__file__)
"""


def measure(what: str, src: str | None = None) -> tuple[int, float, str]:
    """Run the child once in a fresh process, with kpobpo from `src` if given:
    (number of sets, CPU seconds, where kpobpo was imported from)."""
    env = dict(os.environ, PYTHONPATH=src) if src else None
    out = subprocess.run(
        [sys.executable, "-c", CHILD, what], check=True, capture_output=True, text=True, env=env
    ).stdout.split()
    return int(out[0]), float(out[1]), out[2]


def report(name: str, times: list[float]) -> float:
    """Print one line of medians and runs; return the median."""
    median = statistics.median(times)
    print(f"  {name:38s} {median:.3f}  ({' '.join(f'{t:.3f}' for t in times)})")
    return median


def main() -> None:
    """Time the assessments and the floor in turn, and print their medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="DIR", help="also time the kpobpo under DIR")
    options = parser.parse_args()
    assess: list[float] = []
    floor: list[float] = []
    against: list[float] = []
    for _ in range(options.runs):
        sets, seconds, here = measure("assess")
        assess.append(seconds)
        floor.append(measure("floor")[1])
        if options.against:
            _, seconds, there = measure("assess", options.against)
            against.append(seconds)
    print(f"{sets} distinct scored answer sets, {options.runs} runs (CPU seconds, median)")
    a = report(f"assessments ({here})", assess)
    f = report("floor (scores alone)", floor)
    print(f"  ratio: {a / f:.1f}x the floor")
    if options.against:
        b = report(f"assessments ({there})", against)
        print(f"  ratio: {b / f:.1f}x the floor; this one takes {a / b:.0%} of its time")


if __name__ == "__main__":
    main()
