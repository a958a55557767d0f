"""The insights as plain text for a terminal: one line a measure, its interval, its count,
and the norm beside it in words, with the source."""

from __future__ import annotations

import math

from beside.insights.estimates import Estimate
from beside.insights.measures import Report
from beside.insights.summary import ChildInsights
from beside.insights.threshold import Threshold


def _number(x: float, unit: str) -> str:
    if "share" in unit:
        return f"{100 * x:.0f} %"
    return f"{x:.1f}" if abs(x) < 100 else f"{x:.0f}"


def estimate_text(e: Estimate | None, unit: str) -> str:
    if e is None:
        return "not recorded"
    shown = _number(e.value, unit)
    suffix = "" if "share" in unit else f" {unit}"
    interval = (
        f" (95 % interval {_number(e.low, unit)} to {_number(e.high, unit)})"
        if math.isfinite(e.low) and math.isfinite(e.high)
        else ""
    )
    return f"{shown}{suffix}{interval}, from {e.n:,} records"


def _report_lines(r: Report) -> list[str]:
    lines = []
    for m in r.measures:
        lines.append(f"{m.definition.label}: {estimate_text(m.estimate, m.definition.unit)}")
    lines.append(threshold_text(r.threshold))
    return lines


def threshold_text(t: Threshold) -> str:
    """The self-soothing threshold (C13) in a sentence, with its interval and its tries."""
    if t.value is not None:
        span = (
            f" (95 % interval {t.low:.1f} to {t.high:.1f})"
            if t.low is not None and t.high is not None
            else ""
        )
        return (
            f"Self-soothing works up to a distress of about {t.value:.1f} of 10{span}, "
            f"from {t.tries:,} tries"
        )
    return f"Self-soothing threshold: {t.note} ({t.tries} tries)"


def child_text(c: ChildInsights) -> str:
    lo, hi = c.report.age_days
    lines = [f"{c.name}, {c.age_words} (records from day {lo} to day {hi - 1} of life)", ""]
    lines += _report_lines(c.report)
    if c.norms:
        lines += ["", "Beside the usual range for this age:"]
        for n in c.norms:
            lines.append(f"  {n.measure_id.replace('_', ' ')}: {n.words} (source: {n.source})")
    return "\n".join(lines)


def simulation_text(r: Report) -> str:
    lo, hi = r.age_days
    lines = [f"A simulated cohort of {r.children} children, ages {lo} to {hi - 1} days", ""]
    return "\n".join(lines + _report_lines(r))
