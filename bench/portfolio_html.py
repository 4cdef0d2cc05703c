"""HTML portfolio benchmark: memory stays flat however long the portfolio.

Generates catalogue-like and random portfolios (the generator of
bench/portfolio.py) at 10,000 and 100,000 rows and runs
`kpobpo portfolio FILE --format html -o OUT` on each, beside
`--format markdown` (the other whole-portfolio report) for scale. Reports
wall time, peak memory (max RSS) and the page's size. The map and the counts
are aggregated as rows arrive and the table waits in a temporary file, so
the peak memory at 100,000 rows should be within a few MB of that at 10,000.

Usage: python bench/portfolio_html.py [--rows N ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from portfolio import generate, kpobpo, run  # bench/portfolio.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print("| rows | input | format | seconds | peak MB | page MB |")
    print("|---:|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        for mode in ("catalogue", "random"):
            for rows in args.rows:
                source = Path(work) / f"{mode}-{rows}.csv"
                generate(source, rows, mode)
                for fmt in ("html", "markdown"):
                    target = Path(work) / f"out-{mode}-{rows}.{fmt}"
                    seconds, peak = run(
                        [*kpobpo(), "portfolio", str(source), "-f", fmt, "-o", str(target)]
                    )
                    size = target.stat().st_size / 1e6
                    print(
                        f"| {rows:,} | {mode} | {fmt} | {seconds:.1f} | {peak / 1024:.0f} "
                        f"| {size:.1f} |",
                        flush=True,
                    )
                    target.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
