"""Start-up benchmark: how much slower is kpobpo than importing its libraries?

Runs each command many times, interleaved so that machine noise hits all of
them alike, and compares medians against floors measured in the same run.
Two clocks: CPU time (user + system of the child process), the steadier one
on a shared machine and the one the targets are checked on, and wall time.
The floors:

- `python -c "import typer, rich.table, yaml"` for `compare` and `assess`;
- `python -c "import typer"` for `--version`.

`compare` and `assess` find the shipped criteria in the criteria cache, as
every start but the first does: a cache folder of the benchmark's own (the
warm-up run fills it), so that no other kpobpo run on the machine can replace
the entry meanwhile; `compare, no cache` reads and validates the YAML every
time (its cache folder cannot be made), as the first start does. It has no
target.

Usage: python bench/startup.py [--runs N]. Prints a table and exits 1 when a
ratio is over its target, so CI can run it as a check if wanted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"compare": 1.25, "assess": 1.25, "--version": 1.1}


def _kpobpo() -> list[str]:
    script = Path(sys.executable).with_name("kpobpo")
    if script.exists():
        return [str(script)]
    found = shutil.which("kpobpo")
    if found:
        return [found]
    sys.exit("kpobpo is not installed in this environment (pip install .)")


def _time(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.pop("KPOBPO_CRITERIA", None)
    kpobpo = _kpobpo()
    # A file where the cache folder would go: the cache can be neither read nor written.
    blocker = tempfile.NamedTemporaryFile(prefix="kpobpo-no-cache-")  # noqa: SIM115
    no_cache = {**os.environ, "XDG_CACHE_HOME": blocker.name}
    cache = tempfile.TemporaryDirectory(prefix="kpobpo-bench-cache-")
    cached = {**os.environ, "XDG_CACHE_HOME": cache.name}
    environments = {"compare": cached, "assess": cached, "compare, no cache": no_cache}
    commands = {
        "floor: import typer, rich.table, yaml": [
            sys.executable,
            "-c",
            "import typer, rich.table, yaml",
        ],
        "floor: import typer": [sys.executable, "-c", "import typer"],
        "compare": [*kpobpo, "compare"],
        "compare, no cache": [*kpobpo, "compare"],
        "assess": [
            *kpobpo,
            "assess",
            "-a",
            "expertise=specialist",
            "-a",
            "complexity=complex",
            "-f",
            "json",
        ],
        "--version": [*kpobpo, "--version"],
    }
    for name, command in commands.items():  # warm the file cache and .pyc files
        _time(command, environments.get(name))
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            cpu_time, wall_time = _time(command, environments.get(name))
            cpu[name].append(cpu_time)
            wall[name].append(wall_time)
    cpu_median = {name: statistics.median(times) for name, times in cpu.items()}
    wall_median = {name: statistics.median(times) for name, times in wall.items()}
    floor_of = {
        "compare": "floor: import typer, rich.table, yaml",
        "assess": "floor: import typer, rich.table, yaml",
        "--version": "floor: import typer",
    }
    print(f"median of {args.runs} runs each, python {sys.version.split()[0]}")
    print(f"{'command':40} {'cpu ms':>7} {'ratio':>6} {'wall ms':>8} {'ratio':>6} {'target':>7}")
    failed = False
    for name in commands:
        line = f"{name:40} {cpu_median[name] * 1000:7.1f} {'':>6} {wall_median[name] * 1000:8.1f}"
        if name in TARGETS:
            floor = floor_of[name]
            cpu_ratio = cpu_median[name] / cpu_median[floor]
            wall_ratio = wall_median[name] / wall_median[floor]
            ok = cpu_ratio <= TARGETS[name]
            failed |= not ok
            line = (
                f"{name:40} {cpu_median[name] * 1000:7.1f} {cpu_ratio:6.2f} "
                f"{wall_median[name] * 1000:8.1f} {wall_ratio:6.2f} {TARGETS[name]:7.2f}"
                + ("" if ok else "  OVER")
            )
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
