"""Simulator benchmarks: the 100,000-children study, and engine against reference.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_simulator.py``). Prints a
Markdown block for benchmarks/RESULTS.md. Timings on shared machines are noisy: the engine is
timed three times and the median quoted; the ratio is measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.model.reference import simulate_cohort
from watched import run_watched


def study(children: int, months: float, workers: int) -> dict[str, float]:
    """``beside simulate`` as a user runs it; peak memory summed over the process tree."""
    out = Path(tempfile.mkdtemp(prefix="beside-bench-"))
    cmd = [
        sys.executable,
        "-c",
        "from beside.cli import main; main()",
        "simulate",
        "--children",
        str(children),
        "--months",
        str(months),
        "--workers",
        str(workers),
        "--seed",
        "1",
        "--out",
        str(out),
    ]
    seconds, peak_mb, _ = run_watched(cmd)
    nights = children * StudyDesign(children=1, months=months).days
    size_mb = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    shutil.rmtree(out)
    return {
        "seconds": seconds,
        "peak_mb": peak_mb,
        "child_nights": nights,
        "child_nights_per_s": nights / seconds,
        "output_mb": size_mb,
    }


def engine_vs_reference(children: int, months: float, repeats: int) -> dict[str, float]:
    design = StudyDesign(children=children, months=months, seed=5)
    params = default_params()
    engine = []
    for _ in range(repeats):
        t = time.perf_counter()
        simulate_chunk(params, design, first_id=0, size=children)
        engine.append(time.perf_counter() - t)
    t = time.perf_counter()
    simulate_cohort(params, design)
    reference = time.perf_counter() - t
    median = statistics.median(engine)
    return {
        "engine_s": median,
        "engine_runs": repeats,
        "reference_s": reference,
        "ratio": reference / median,
    }


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--children", type=int, default=100_000)
    ap.add_argument("--months", type=float, default=12.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ratio-children", type=int, default=1000)
    ap.add_argument("--ratio-months", type=float, default=6.0)
    ap.add_argument("--study-repeats", type=int, default=3)
    args = ap.parse_args()
    runs = [study(args.children, args.months, args.workers) for _ in range(args.study_repeats)]
    s = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]  # the median run
    r = engine_vs_reference(args.ratio_children, args.ratio_months, repeats=3)
    print(f"machine: {machine()}")
    each = ", ".join(f"{run['seconds']:.1f}" for run in runs)
    print(
        f"study: {args.children:,} children x {args.months:g} months, {args.workers} workers: "
        f"runs {each} s; median "
        f"{s['seconds']:.1f} s wall, peak {max(run['peak_mb'] for run in runs):,.0f} MB "
        "(process tree), "
        f"{s['child_nights_per_s']:,.0f} child-nights/s, output {s['output_mb']:,.0f} MB"
    )
    print(
        f"engine vs reference, {args.ratio_children:,} children x {args.ratio_months:g} "
        f"months: engine {r['engine_s']:.2f} s (median of {r['engine_runs']:.0f}), reference "
        f"{r['reference_s']:.1f} s, ratio {r['ratio']:.0f}x"
    )


if __name__ == "__main__":
    main()
