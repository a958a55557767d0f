"""Insights: all measures for one child with five years of records, and for a simulated
cohort's folder, as ``beside insights --simulation`` runs it (issue 9's speed figures).

The child's records go through the journal's own path (records -> tables -> tallies ->
measures), timed in process after a first call (numba compiles once per machine, cached).
The cohort is simulated first (not timed), then measured as a user runs it; peak memory is
summed over the process tree.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

from bench_simulator import machine
from beside.insights import summary
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.records import from_tables
from beside.reports import weekly
from watched import run_watched

BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


def one_child(months: float, repeats: int) -> dict[str, float]:
    tables = simulate_chunk(
        default_params(), StudyDesign(children=1, months=months), first_id=0, size=1
    )
    log = from_tables.child_logs(tables, tz=UTC)[0]
    summary.of_child(log)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        summary.of_child(log)
        times.append(time.perf_counter() - started)
    return {
        "median_ms": 1000 * statistics.median(times),
        "episodes": len(log.episodes),
        "nights": len(log.nights),
        "wakings": sum(len(n.wakings) for n in log.nights),
    }


def weekly_pdf(repeats: int) -> dict[str, float]:
    """A week of a 14-month-old's records (the whole history for the patterns) to PDF."""
    design = StudyDesign(children=1, months=14, seed=4)
    log = from_tables.child_logs(
        simulate_chunk(default_params(), design, first_id=0, size=1), tz=UTC
    )[0]
    last = max(n.bedtime for n in log.nights).date()
    year, week, _ = (last - timedelta(days=7)).isocalendar()
    label = f"{year}-W{week:02d}"
    first, end = weekly.parse_week(label)
    week_log = replace(
        log,
        episodes=tuple(e for e in log.episodes if first <= e.start.date() <= end),
        nights=tuple(n for n in log.nights if first <= n.bedtime.date() <= end),
    )
    weekly.to_pdf(weekly.build(label, week_log, log, []))
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        weekly.to_pdf(weekly.build(label, week_log, log, []))
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times)}


def cohort(children: int, months: float, workers: int) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="beside-bench-insights-"))
    try:
        run_watched(
            [*BESIDE, "simulate", "--children", str(children), "--months", str(months),
             "--workers", str(workers), "--seed", "1", "--out", str(out / "run")]
        )  # fmt: skip
        seconds, peak_mb, _ = run_watched(
            [*BESIDE, "insights", "--simulation", str(out / "run"), "--format", "json"]
        )
        return {"seconds": seconds, "peak_mb": peak_mb}
    finally:
        shutil.rmtree(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--children", type=int, default=100_000, help="0: no cohort")
    ap.add_argument("--months", type=float, default=12.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--child-months", type=float, default=60.0)
    ap.add_argument("--repeats", type=int, default=9)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    c = one_child(args.child_months, args.repeats)
    print(
        f"one child, {args.child_months:g} months ({c['episodes']:,} episodes, "
        f"{c['nights']:,} nights, {c['wakings']:,} wakings): all measures "
        f"{c['median_ms']:.0f} ms (median of {args.repeats})"
    )
    w = weekly_pdf(max(args.repeats // 3, 3))
    print(f"weekly report, one week to PDF (build + WeasyPrint): {w['median_s']:.2f} s (median)")
    if args.children == 0:
        return
    k = cohort(args.children, args.months, args.workers)
    print(
        f"cohort, {args.children:,} children x {args.months:g} months: beside insights "
        f"--simulation {k['seconds']:.1f} s wall, peak {k['peak_mb']:,.0f} MB (process tree)"
    )


if __name__ == "__main__":
    main()
